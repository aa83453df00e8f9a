"""`perflint parse`: print the typed model of forms as JSON (the stable contract) or as text."""
from __future__ import annotations

import json
import sys

from . import messages
from .config import Config
from .discovery import discover


def run_parse(paths: list[str], fmt: str, stdin_filename: str | None = None, previous: list[str] | None = None,
              history: str | None = None, lang: str | None = None) -> int:
    from .reader import read_bytes, read_path
    lang = lang or Config().lang
    found = discover(paths, Config(), stdin_filename)
    files = [{"path": e.path, "encoding": None, "forms": [], "errors": [e.to_dict(lang)]} for e in found.errors]
    status = 2 if found.errors else 0
    pairing = _pairing(previous, history)
    for t in found.targets:
        result = read_bytes(_stdin(), t.display, lang) if t.path == "-" else read_path(t.path, lang=lang)
        if result.errors:
            status = 2
        if pairing is not None:
            pairing.stage.before(result)
        files.append(_with_counterparts(result))
    if pairing is not None:
        pairing.close()
    if fmt == "json":
        json.dump({"files": files}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for f in files:
            _print_text(f)
    for f in files:
        for e in f["errors"]:
            where = f"{f['path']}:{e['line']}" if e.get("line") else f["path"]
            print(f"perflint: {where}: {messages.error_line(e, lang)}", file=sys.stderr)
    return status


def _pairing(previous: list[str] | None, history: str | None):
    """The history stage when --previous or --history asks for pairing (with the configuration's pairing
    thresholds and override map; its store is read, never written)."""
    if not previous and not history:
        return None
    from . import config as config_mod
    from .history.stage import HistoryRun
    return HistoryRun.open(config_mod.load(), previous, history, record=False)


def _with_counterparts(result) -> dict:
    """The file as JSON, each paired form with its counterparts under ``previous``."""
    data = result.to_dict()
    for form, out in zip(result.forms, data["forms"]):
        if form.previous:
            out["previous"] = [cp.to_dict() for cp in form.previous]
    return data


def _stdin() -> bytes:
    from .sources.files import read_stream
    from .sources.limits import DEFAULT
    return read_stream(sys.stdin.buffer, DEFAULT.bytes("file_mb"))


def _print_text(f: dict) -> None:
    w = sys.stdout.write
    w(f"{f['path']}  [{f['encoding']}]  {len(f['forms'])} form(s)\n")
    for form in f["forms"]:
        w(f"\n  #{form['index']} line {form['line']}  {form['kind']}  {form['template']}  layout={form['layout']}"
          f"  confidence={form['confidence']}\n")
        w(f"  项目名称 {form['project']} | 主管部门 {form['department']} | 实施单位 {form['implementer']}\n")
        w(f"  年度 {form['year']} | {form['start_date']} → {form['end_date']} | 资金 {form['funds']}\n")
        if form["self_eval"]:
            w(f"  自评 {form['self_eval']}\n")
        q = form.get("quality") or {}
        if q:
            w(f"  读取质量 {q['score']}: {q['placed']}/{q['cells']} 个单元格归位, {q['rows']} 行指标, "
              f"{q['phantoms']} 行被剔除\n")
        for d in form.get("doubts", []):
            w(f"  ! L{d['first_line']}–{d['last_line']} {d['part']}: {d['reason']} (此部分的检查已暂停)\n")
        for ind in form["indicators"]:
            t = ind["target"]["raw"] if ind["target"] else "-"
            a = (" | 实际 " + ind["actual"]["raw"]) if ind["actual"] else ""
            extra = f" | 分值 {ind['weight']} 得分 {ind['score']}" if ind["weight"] is not None else ""
            w(f"    L{ind['line']:<4} {ind['level1'] or '?'} / {ind['level2'] or '?'} / {ind['name']} = {t}{a}{extra}\n")
            if ind.get("cells"):
                w(f"          {_provenance(ind['cells'])}\n")
        for u in form["uncertainties"]:
            w(f"    ? L{u['line']} {u['code']}: {u['detail']}\n")
        for cp in form.get("previous", []):
            w(f"  ↔ {cp['relation']}: {cp['year']} {cp['kind']} {cp['project']} ({cp['path']}#{cp['index'] + 1}, "
              f"{cp['paired_by']} {cp['score']})\n")
            for pair in cp["indicators"]:
                w(f"      L{pair['line']:<4} {pair['name']} = {pair['target']}  ↔  {pair['counterpart']} = "
                  f"{pair['counterpart_target']}" + (f" | 实际 {pair['counterpart_actual']}" if pair['counterpart_actual'] else "")
                  + (f"  ({pair['similarity']})" if pair["similarity"] < 1 else "") + "\n")
            for name in cp["unpaired"]:
                w(f"      + {name}\n")
            for name in cp["unpaired_counterpart"]:
                w(f"      - {name}\n")


def _provenance(cells: dict) -> str:
    """Which cells gave a row its name, value and levels: 名称 L12:5 | 指标值 L12:20 L12:24 | 一级 L10:1 …"""
    def at(spans: list) -> str:
        return " ".join(f"L{sp['line']}:{sp['column']}" for sp in spans) or "-"
    parts = [f"名称 {at(cells['name'])}", f"指标值 {at(cells['target'])}"]
    if cells.get("actual"):
        parts.append(f"实际 {at(cells['actual'])}")
    for key, label in (("level1", "一级"), ("level2", "二级")):
        parts.append(f"{label} {at([cells[key]]) if cells.get(key) else '(表中未写，按模板补足)'}")
    return "来源: " + " | ".join(parts)
