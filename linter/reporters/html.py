"""A self-contained HTML report for reviewers, rendered from Jinja2 templates with autoescape.

The page has an overview (counts, the chart of defects by rule, the 部门汇总, the reader notes), then the
forms. The forms are not written out as HTML: their data is embedded once as JSON and the page's script
builds a form's section from the ``<template>`` elements when it is shown (a page of forms at a time, more
on request, every form when printing). Ten thousand forms then open as fast as ten.

A bureau adapts the layout by editing the templates in ``templates/`` (``report.html.j2`` and the files it
includes, ``report.css``, ``report.js``); the data the script reads is described in docs/reports.md.
Everything from a form reaches the page through autoescape (server side) or ``textContent`` (script side),
with bidi and control characters shown as ``[U+202E]`` markers (:func:`safe.page`).
"""
from __future__ import annotations

import datetime
from collections import Counter
from typing import Any, Callable, Iterable, Iterator

from .. import __version__
from ..engine import FileReport
from ..errors import PerflintError
from ..finding import SEVERITIES, SEVERITY_RANK, Finding
from .across import COMPARISON_COLUMNS, by_form, comparison_cells, counterpart_label, resubmission_line
from .base import Reporter, Summary, rule_meta
from .quality import Department, FormEntry, band, departments, group_by_form, ordered
from .safe import json_text, page

# characters of a source line quoted under a finding
QUOTE_LIMIT = 180
# forms whose sections the page builds at first, and at each "show more"
PAGE_FORMS = 20
# data larger than this (bytes of JSON) is embedded deflated and base64-encoded: a tenth of the size, and
# the page's script inflates it in a few hundred milliseconds; smaller data stays readable JSON
COMPRESS_ABOVE = 1_000_000
CHART_COLOURS = {"error": "#b42318", "warning": "#d89a2b", "info": "#7ea6cf"}


class HtmlReporter(Reporter):
    needs_forms = True
    shows_comparison = True

    def start(self) -> None:
        try:
            import jinja2  # noqa: F401
        except ImportError:
            raise PerflintError("the HTML report needs Jinja2: python -m pip install 'perflint[reports]'") from None
        self.files: list[tuple[str, list[dict[str, Any]], int]] = []
        self.findings: list[Finding] = []
        self.errors: list[dict[str, Any]] = []

    def file(self, report: FileReport) -> None:
        pairings = by_form(report)
        forms = [keep(form, [f for f in report.findings if f.form == form.get("index")], pairings.get(form.get("index")))
                 for form in report.forms]
        self.files.append((report.path, forms, report.form_count))
        self.findings.extend(report.findings)
        self.errors.extend({**e, "path": e.get("path") or report.path, "text": self.error_text(e)}
                           for e in report.errors)

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        findings = sorted(self.findings + late_findings, key=Finding.sort_key)
        entries = ordered(group_by_form(self.files, findings), self.sort)
        depts = departments(entries)
        data = embed(PageData(self, entries, depts).chunks())
        self.out.write(self.environment().get_template("report.html.j2").render(
            self.context(summary, entries, depts, data)))

    def environment(self) -> Any:
        import jinja2
        env = jinja2.Environment(loader=jinja2.PackageLoader("perflint.reporters", "templates"), autoescape=True,
                                 trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.filters["visible"] = page
        env.filters["money"] = lambda v: "—" if v is None else f"{v:,.2f}"
        env.globals["t"] = self.t
        return env

    def context(self, summary: Summary, entries: list[FormEntry], depts: list[Department],
                data: dict[str, Any]) -> dict[str, Any]:
        forms = [e for e in entries if e.index is not None]
        return {
            "lang": "zh-CN" if self.lang == "zh" else "en", "version": __version__,
            "generated": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "summary": summary, "defects": sum(summary.defects.values()), "severities": SEVERITIES,
            "file_errors": self.errors, "chart": self.chart(entries), "rules": self.rule_options(entries),
            "departments": [self.department_row(d, n) for n, d in enumerate(depts)],
            "notes": self.note_rows(entries), "sort": self.sort, "forms": len(forms),
            "page_forms": PAGE_FORMS, "comparison_columns": [label for _, label in COMPARISON_COLUMNS], **data,
        }

    # --- the overview ------------------------------------------------------------------------------------
    def chart(self, entries: list[FormEntry]) -> dict[str, Any]:
        """Bars of defects per rule (reader notes have their own section), with the worst severity's colour."""
        counts: Counter = Counter()
        worst: dict[str, str] = {}
        for e in entries:
            for f in e.defects:
                counts[f.code] += 1
                if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[worst.get(f.code, "info")]:
                    worst[f.code] = f.severity
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        width, label_w, bar_h, gap = 1080, 330, 17, 6
        top = max(counts.values(), default=1)
        bars = []
        for i, (code, n) in enumerate(ranked):
            title = rule_meta(code).title(self.lang)
            w = max(2.0, (width - label_w - 60) * n / top)
            bars.append({"code": code, "title": title, "short": title if len(title) <= 18 else title[:17] + "…",
                         "n": n, "y": i * (bar_h + gap), "w": round(w, 1), "colour": CHART_COLOURS[worst[code]]})
        return {"bars": bars, "width": width, "label_w": label_w, "bar_h": bar_h, "track": width - label_w - 60,
                "height": len(ranked) * (bar_h + gap), "colours": CHART_COLOURS}

    def rule_options(self, entries: list[FormEntry]) -> list[dict[str, Any]]:
        counts: Counter = Counter(f.code for e in entries for f in e.findings)
        out = []
        for code in sorted(counts):
            meta = rule_meta(code)
            out.append({"code": code, "title": meta.title(self.lang), "n": counts[code], "note": meta.note})
        return out

    def department_row(self, d: Department, n: int) -> dict[str, Any]:
        # the filter names a department by its place in this list: no form text in an attribute
        return {"name": d.name or self.t("report.unknown-department"), "key": str(n), "forms": d.forms,
                "counts": d.counts, "average": round(d.average, 1), "band": band(round(d.average)),
                "worst": d.worst.project or self.t("report.unnamed"), "worst_score": d.worst.score,
                "worst_band": band(d.worst.score), "worst_id": form_id(d.worst), "annual": d.annual}

    def note_rows(self, entries: list[FormEntry]) -> list[dict[str, Any]]:
        counts: Counter = Counter()
        forms: dict[str, set] = {}
        for e in entries:
            for f in e.notes:
                counts[f.code] += 1
                forms.setdefault(f.code, set()).add((e.path, e.index))
        return [{"code": code, "title": rule_meta(code).title(self.lang), "n": n, "forms": len(forms[code])}
                for code, n in sorted(counts.items())]


def embed(chunks: Iterable[str]) -> dict[str, Any]:
    """The data as the page carries it, from its JSON text in pieces: JSON with <, > and & escaped (no text
    can close the script element), or, above ``COMPRESS_ABOVE`` bytes, that JSON deflated and base64-encoded
    as it comes, so that the whole text is never held at once."""
    import zlib
    from markupsafe import Markup
    plain: list[str] = []
    size, packer, packed = 0, None, []
    for chunk in chunks:
        if packer is None:
            plain.append(chunk)
            size += len(chunk.encode("utf-8"))
            if size > COMPRESS_ABOVE:
                packer = zlib.compressobj(6)
                packed.append(packer.compress("".join(plain).encode("utf-8")))
                plain = []
        else:
            packed.append(packer.compress(chunk.encode("utf-8")))
    if packer is None:
        text = "".join(plain)
        return {"data": Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")),
                "data_encoding": ""}
    import base64
    packed.append(packer.flush())
    return {"data": Markup(base64.b64encode(b"".join(packed)).decode("ascii")), "data_encoding": "deflate-base64"}


def form_id(e: FormEntry) -> str:
    """The anchor of a form's section: its number in file order, whatever order the page shows."""
    return f"form-{e.serial}"


class PageData:
    """The JSON the page's script renders the forms from (docs/reports.md describes its fields)."""

    def __init__(self, rep: HtmlReporter, entries: list[FormEntry], depts: list[Department]):
        self.rep, self.entries = rep, entries
        self.depts = depts
        self.dept_of = {id(e): n for n, d in enumerate(depts) for e in d.entries}
        self.paths: dict[str, int] = {}
        # findings are numbered across the page in the order of the forms (the page's F1, F2 …)
        self.count = 0
        self.codes: set[str] = set()
        self.defects = 0

    def chunks(self) -> Iterator[str]:
        """The page's data as JSON text in pieces, a form at a time."""
        yield '{"forms":['
        for n, e in enumerate(self.entries):
            yield ("," if n else "") + json_text(self.form(e))
        yield "]," + json_text(self.rest())[1:]

    def rest(self) -> dict[str, Any]:
        """What the page needs besides the forms: rules, labels, paths, departments, totals."""
        rep = self.rep
        rules = {}
        for code in sorted(self.codes):
            meta = rule_meta(code)
            rules[code] = {"title": meta.title(rep.lang), "basis": rep.t("report.basis", basis=rep.basis_text(meta)),
                           "binding": rep.binding_text(meta), "binds": meta.binding, "note": meta.note}
        labels = {"severity": {s: rep.severity_word(s) for s in SEVERITIES},
                  "kind": {k: rep.t(f"report.kind.{k}") for k in ("target", "self_eval")},
                  "yuan": rep.t("report.yuan"), "unnamed": rep.t("report.unnamed"),
                  "other": rep.t("report.other-findings"), "more": rep.t("report.more", count="{count}"),
                  "accepted": rep.t("report.accepted-reason", reason="{reason}"),
                  "status": {s: rep.t(f"report.status.{s}") for s in ("new", "open", "fixed")}}
        return {"sort": rep.sort, "page": PAGE_FORMS, "labels": labels, "paths": [page(p) for p in self.paths],
                "departments": [page(d.name or rep.t("report.unknown-department")) for d in self.depts],
                "pathsRaw": list(self.paths), "rules": rules, "defects": self.defects}

    def path(self, path: str) -> int:
        return self.paths.setdefault(path, len(self.paths))

    def form(self, e: FormEntry) -> dict[str, Any]:
        form = e.form
        first = self.count
        self.count += len(e.findings)
        self.codes.update(f.code for f in e.findings)
        self.defects += len(e.defects)
        by_id = {id(f): first + n for n, f in enumerate(e.findings)}
        out: dict[str, Any] = {
            "id": form_id(e), "n": e.serial, "path": self.path(e.path), "index": e.index,
            "project": page(e.project or ""),
            "dept": page(e.department or ""), "d": self.dept_of.get(id(e)), "score": e.score,
            "band": band(e.score), "counts": [e.counts[s] for s in SEVERITIES], "notes": len(e.notes),
            "fs": [self.finding(f) for f in e.findings],
        }
        across = self.across(e)
        if across:
            out.update(across)
        if form:
            out.update(form["page"])
            cells = form["cells"]
            marks = _match(form["match"], e.findings,
                           lambda i, f: cells[id(f)] if id(f) in cells else _cell(form["match"][i], f, f.source or ""))
            for i, hits in marks.items():
                row = out["rows"][i]
                row.extend([None] * (7 - len(row)))
                row += [",".join(sorted({c for _, c in hits if c})), [by_id[id(f)] for f, _ in hits]]
        return out

    def across(self, e: FormEntry) -> dict[str, Any]:
        """与上年对比 (``cmp``: the counterparts, and a row per indicator with the change's key last) and
        与上次提交相比 (``resub``: the tally, and the earlier version's findings now fixed) of a form."""
        pairing, t = e.pairing, self.rep.t
        if not pairing:
            return {}
        rows = [[page(v) if isinstance(v, str) else v for v in comparison_cells(t, r)] + [r.get("change")]
                for r in pairing.get("comparison") or ()]
        out: dict[str, Any] = {"cmp": {"against": [counterpart_label(t, cp, page) for cp in pairing["counterparts"]],
                                       "rows": rows}}
        line = resubmission_line(t, pairing)
        if line:
            self.codes.update(f.code for f in e.fixed)
            out["resub"] = {"line": line, "fixed": [[f.code, f.severity, page(f.message), self.path(f.path), f.line,
                                                     page(f.indicator or "")] for f in e.fixed]}
        return out

    def finding(self, f: Finding) -> dict[str, Any]:
        out: dict[str, Any] = {"code": f.code, "sev": f.severity, "msg": page(f.message), "path": self.path(f.path),
                               "line": f.line, "col": f.column}
        for key, value in (("sugg", f.suggestion), ("loc", f.location), ("ind", f.indicator), ("acc", f.accepted),
                           ("st", f.status)):
            if value:
                out[key] = page(value)
        quote = _quote(f)
        if quote:
            out["src"] = quote
        return out


def keep(form: dict[str, Any], findings: list[Finding], pairing: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the report keeps of a form once its file is read: the fields the page shows, ready to embed,
    which cell of which indicator row each of the form's findings points at, and its counterparts across
    time. The form's source lines and the rest of its model are dropped here, so a batch of any size holds
    little."""
    match = [(i.get("name") or "", i.get("line"), (i.get("target") or {}).get("raw"),
              (i.get("actual") or {}).get("raw")) for i in form.get("indicators") or []]
    lines = form.get("source_lines") or {}
    cells = {id(f): cell for hits in _match(match, findings, lambda i, f: _cell(
        match[i], f, lines.get(str(f.line)) or f.source or "")).values() for f, cell in hits}
    kept = {k: form.get(k) for k in ("index", "kind", "project", "department", "implementer", "confidence")}
    kept["funds"] = {"annual": (form.get("funds") or {}).get("annual")}
    kept.update({"page": {**facts(form), "rows": rows(form)}, "match": match, "cells": cells, "pairing": pairing})
    return kept


def facts(form: dict[str, Any]) -> dict[str, Any]:
    """The header facts, funds, goals and scores of a form as the page shows them."""
    funds = {k: v for k, v in (form.get("funds") or {}).items() if v is not None}
    se = form.get("self_eval") or {}
    goals = {k: page(v) for k, v in (form.get("goals") or {}).items() if v}
    out = {"impl": page(form.get("implementer") or ""), "kind": form.get("kind"), "year": form.get("year"),
           "template": form.get("template"), "layout": form.get("layout"),
           "conf": form.get("confidence"), "lines": [form.get("line"), form.get("end_line")]}
    if funds:
        out["funds"] = funds
    if goals:
        out["goals"] = goals
    scores = {k: se.get(k) for k in ("exec_rate", "total_score", "grade") if se.get(k) is not None}
    if scores:
        out["se"] = {k: page(v) if isinstance(v, str) else v for k, v in scores.items()}
    return out


def rows(form: dict[str, Any]) -> list[list[Any]]:
    """Indicator rows as lists: level 1 and 2 (empty when as on the row above, as merged cells read),
    name, target, and for self-evaluations actual, weight and score. The report appends to a row the
    cells its findings point at and the findings' numbers."""
    self_eval = form.get("kind") == "self_eval"
    out = []
    last = (None, None)
    for ind in form.get("indicators") or []:
        levels = (ind.get("level1"), ind.get("level2"))
        l1 = "" if levels[0] == last[0] else page(levels[0] or "")
        l2 = "" if levels == last else page(levels[1] or "")
        last = levels
        row: list[Any] = [l1, l2, page(ind.get("name") or ""), page((ind.get("target") or {}).get("raw") or "")]
        if self_eval:
            row += [page((ind.get("actual") or {}).get("raw") or ""), ind.get("weight"), ind.get("score")]
        out.append(row)
    return out


def _quote(f: Finding) -> list[Any] | None:
    """The source line around a finding: [text before, the marked span, text after, cut at the start,
    cut at the end]; a goal paragraph of a thousand characters is quoted around the finding."""
    if not f.source:
        return None
    text = f.source.rstrip("\r\n")
    start = max(0, f.column - 1)
    end = f.end_column - 1 if f.end_line == f.line and f.end_column > f.column else start
    if not start < end <= len(text):
        start = end = 0
    lo, hi = 0, len(text)
    if hi > QUOTE_LIMIT:
        lo = max(0, start - QUOTE_LIMIT // 3) if end > start else 0
        hi = min(len(text), max(end, lo + QUOTE_LIMIT))
    if end <= start:
        start = end = lo
    return [page(text[lo:start]), page(text[start:end]), page(text[end:hi]), int(lo > 0), int(hi < len(text))]


Row = tuple  # (name, line, target as written, actual as written) of an indicator row


def _match(indicators: list[Row], findings: list[Finding],
           cell_of: Callable[[int, Finding], str | None]) -> dict[int, list[tuple[Finding, str | None]]]:
    """Which indicator row each finding is about (by indicator name, else by line), and which cell of it."""
    by_name: dict[str, list[int]] = {}
    by_line: dict[int, int] = {}
    for i, (name, line, _, _) in enumerate(indicators):
        by_name.setdefault(name, []).append(i)
        by_line.setdefault(line, i)
    out: dict[int, list[tuple[Finding, str | None]]] = {}
    for f in findings:
        if f.indicator and f.indicator in by_name:
            candidates = by_name[f.indicator]
            row = next((i for i in candidates if indicators[i][1] == f.line), candidates[0])
        elif not f.indicator and f.line in by_line:
            row = by_line[f.line]
        else:
            continue
        out.setdefault(row, []).append((f, cell_of(row, f)))
    return out


def _cell(ind: Row, f: Finding, text: str) -> str | None:
    """The cell of the row a finding's column falls in: the name, the target or the actual value."""
    col = f.column - 1
    name, _, target, actual = ind
    for key, raw in (("name", name), ("target", target), ("actual", actual)):
        if not raw:
            continue
        pos = text.find(raw)
        while pos >= 0:
            if pos <= col < pos + len(raw):
                return key
            pos = text.find(raw, pos + 1)
    return None
