"""`perflint history list|show|export|forget`: look inside the store, take it out as JSON, remove a project."""
from __future__ import annotations

import json
import os
import sys
from typing import IO, Any

from ..errors import ConfigError
from .stage import resolve


def open_store(target: str | None) -> Any:
    """The store named on the command line, else the configuration's; one that does not exist is an error
    (looking inside never creates a store)."""
    from .. import config as config_mod
    if not target:
        cfg = config_mod.load()
        if not cfg.history:
            raise ConfigError("no store: give --history PATH (or a postgresql:// URL) or set history in the "
                              "configuration", key="history")
        target = resolve(cfg, cfg.history)
    if "://" not in target and not os.path.isfile(target):
        raise ConfigError(f"{target}: no store there (perflint check --history {target} FORMS creates it)",
                          key="history")
    from .store import Store
    return Store.open(target)


def _meta(row: Any) -> dict[str, Any]:
    return {"id": row.id, "recorded_at": row.recorded_at, "kind": row.kind, "year": row.year,
            "project": row.project, "department": row.department, "implementer": row.implementer,
            "source_file": row.source_file, "form_index": row.form_index, "content_hash": row.content_hash,
            "findings": getattr(row, "finding_count", None)}


def list_forms(target: str | None, fmt: str = "text", **filters: Any) -> int:
    store = open_store(target)
    with store.errors("cannot list the store"):
        rows = store.forms(**filters)
    if fmt == "json":
        _dump({"forms": [_meta(r) for r in rows]}, sys.stdout)
        return 0
    w = sys.stdout.write
    for r in rows:
        kind = "目标" if r.kind == "target" else "自评"
        w(f"{r.id:>7}  {r.year or '-':>4}  {kind}  {r.project or '-'}  {r.department or '-'}  "
          f"{r.recorded_at[:19].replace('T', ' ')}  {r.finding_count:>3} 问题  {r.source_file}#{r.form_index + 1}\n")
    print(f"perflint: {len(rows)} stored form(s)", file=sys.stderr)
    return 0


def show(target: str | None, form_id: int, fmt: str = "text") -> int:
    store = open_store(target)
    with store.errors("cannot read the store"):
        got = store.get(form_id)
    if got is None:
        raise ConfigError(f"no stored form with id {form_id} (perflint history list shows them)", key="id")
    row, model, found = got
    doc = {**_meta(row), "findings": [_finding(f) for f in found], "model": model}
    if fmt == "json":
        _dump(doc, sys.stdout)
        return 0
    w = sys.stdout.write
    w(f"#{row.id}  {row.year} {row.kind}  {row.project}  ({row.department} / {row.implementer})\n")
    w(f"  {row.source_file}#{row.form_index + 1}  recorded {row.recorded_at}  sha256 {row.content_hash[:12]}\n")
    for ind in model.get("indicators", []):
        target_raw = (ind.get("target") or {}).get("raw", "-")
        actual = (ind.get("actual") or {}).get("raw")
        w(f"    {ind.get('level1') or '?'} / {ind['name']} = {target_raw}" + (f" | 实际 {actual}" if actual else "") + "\n")
    for f in found:
        w(f"  L{f.line}: {f.code} [{f.severity}] {f.message}\n")
    return 0


def _finding(f: Any) -> dict[str, Any]:
    return {"code": f.code, "name": f.name, "severity": f.severity, "message": f.message, "line": f.line,
            "column": f.col, "indicator": f.indicator}


def export(target: str | None, output: str | None, **filters: Any) -> int:
    """Every stored form (or those the filters pick) with its model and findings, as one JSON document,
    written form by form."""
    store = open_store(target)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        with store.errors("cannot export the store"):
            rows = store.forms(**filters)
            out.write('{"forms": [\n')
            for n, r in enumerate(rows):
                got = store.get(r.id)
                if got is None:  # forgotten meanwhile by another reviewer
                    continue
                _row, model, found = got
                doc = {**_meta(r), "findings": [_finding(f) for f in found], "model": model}
                out.write((",\n" if n else "") + json.dumps(doc, ensure_ascii=False))
            out.write("\n]}\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"perflint: {len(rows)} form(s) exported", file=sys.stderr)
    return 0


def forget(target: str | None, project: str, department: str | None, year: int | None, yes: bool) -> int:
    """Remove a project's stored forms (every version and year, or those of one department or year)."""
    import click
    store = open_store(target)
    with store.errors("cannot read the store"):
        rows = store.forms(project=project, department=department, year=year)
    if not rows:
        print(f"perflint: nothing stored for {project!r}", file=sys.stderr)
        return 0
    for r in rows:
        print(f"  #{r.id} {r.year} {r.kind} {r.project} ({r.department}) {r.source_file} {r.recorded_at}",
              file=sys.stderr)
    if not yes and not (sys.stdin.isatty() and click.confirm(f"forget these {len(rows)} form(s)?", err=True)):
        print("perflint: nothing removed (give --yes to remove without asking)", file=sys.stderr)
        return 1
    with store.errors("cannot remove from the store"):
        n = store.forget(r.id for r in rows)
    print(f"perflint: {n} form(s) forgotten", file=sys.stderr)
    return 0


def _dump(doc: Any, out: IO[str]) -> None:
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")
