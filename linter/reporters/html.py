"""A self-contained HTML report for reviewers: a summary of the run, then each form with its findings,
the quoted source lines and its indicator table with the offending cells marked. Opens offline."""
from __future__ import annotations

import datetime
import html
import os
from collections import Counter
from typing import Any

from .. import __version__, messages
from ..engine import FileReport
from ..finding import SEVERITIES, SEVERITY_RANK, Finding
from .base import Reporter, Summary
from .quality import FormEntry, band, group_by_form

TOP = 8
# characters of a source line quoted under a finding
QUOTE_LIMIT = 180


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def money(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{value:,.2f} {unit}"


def number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


class HtmlReporter(Reporter):
    needs_forms = True

    def start(self) -> None:
        self.files: list[tuple[str, list[dict[str, Any]], int]] = []
        self.findings: list[Finding] = []
        self.errors: list[dict[str, Any]] = []

    def file(self, report: FileReport) -> None:
        wanted = {str(f.line) for f in report.findings}
        forms = []
        for form in report.forms:
            # keep only the source lines the report can point at: indicator rows and finding lines
            lines = form.get("source_lines", {})
            keep = wanted | {str(i["line"]) for i in form.get("indicators", [])}
            forms.append({**form, "source_lines": {k: v for k, v in lines.items() if k in keep}})
        self.files.append((report.path, forms, report.form_count))
        self.findings.extend(report.findings)
        self.errors.extend({**e, "path": e.get("path") or report.path} for e in report.errors)

    def t(self, key: str, **params: Any) -> str:
        return messages.render(key, self.lang, params) or key

    # --- page -------------------------------------------------------------------------------------------
    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        from .html_assets import CSS, JS

        findings = sorted(self.findings + late_findings, key=Finding.sort_key)
        self.ids = {id(f): f"F{n}" for n, f in enumerate(findings, 1)}
        entries = group_by_form(self.files, findings)
        self.anchors = {(e.path, e.index): f"form-{n}" for n, e in enumerate(entries, 1)}
        rule_names = {f.code: f.name for f in findings}
        lang = "zh-CN" if self.lang == "zh" else "en"
        now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        out = [
            f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="perflint {esc(__version__)}">\n'
            f"<title>{esc(self.t('report.title'))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f'<header class="top" id="top"><div class="wrap"><h1>{esc(self.t("report.title"))}</h1>'
            f'<p class="meta">{esc(self.t("report.generated", version=__version__, time=now))}</p></div></header>\n',
            self._filters(summary, rule_names),
            '<main class="wrap">\n',
            self._overview(summary, entries, findings),
        ]
        out.extend(self._form(e) for e in entries)
        out.append(f'</main>\n<footer>perflint {esc(__version__)} · '
                   f'<a href="#top">{esc(self.t("report.back-to-top"))}</a></footer>\n'
                   f"<script>{JS}</script>\n</body>\n</html>\n")
        self.out.write("".join(out))

    def _filters(self, summary: Summary, rule_names: dict[str, str]) -> str:
        sev = summary.by_severity
        boxes = "".join(
            f'<label class="sev"><input type="checkbox" name="sev" value="{s}" checked>'
            f'<span class="badge {s}">{esc(self.t("report.severity." + s))} {sev.get(s, 0)}</span></label>'
            for s in SEVERITIES)
        options = "".join(f'<option value="{esc(code)}">{esc(code)} {esc(name)} ({summary.by_rule[code]})</option>'
                          for code, name in sorted(rule_names.items()))
        template = self.t("report.showing", shown="{shown}", total="{total}")
        return (f'<nav class="filters" aria-label="{esc(self.t("report.filter"))}"><div class="wrap">'
                f'<div class="group"><span class="label">{esc(self.t("report.filter-severity"))}</span>{boxes}</div>'
                f'<div class="group"><span class="label">{esc(self.t("report.filter-rule"))}</span>'
                f'<select id="rule-filter"><option value="">{esc(self.t("report.filter-rule-all"))}</option>'
                f'{options}</select></div>'
                f'<label class="sev"><input type="checkbox" id="hide-clean">'
                f'{esc(self.t("report.filter-clean"))}</label>'
                f'<span class="showing" id="showing" data-template="{esc(template)}">'
                f'{esc(self.t("report.showing", shown=summary.findings, total=summary.findings))}</span>'
                f'<button type="button" id="print">{esc(self.t("report.print"))}</button>'
                f'</div></nav>\n')

    # --- summary ----------------------------------------------------------------------------------------
    def _overview(self, summary: Summary, entries: list[FormEntry], findings: list[Finding]) -> str:
        sev = summary.by_severity
        cards = [("files", summary.files, ""), ("forms", summary.forms, ""), ("findings", summary.findings, "")]
        cards += [(s, sev.get(s, 0), s) for s in SEVERITIES]
        label = {"files": "report.files", "forms": "report.forms", "findings": "report.findings"}
        card_html = "".join(
            f'<div class="card {cls}"><span class="n" data-summary="{key}">{n}</span>'
            f'<span class="k">{esc(self.t(label.get(key, "report.severity." + key)))}</span></div>'
            for key, n, cls in cards)
        parts = [f'<section id="overview"><h2>{esc(self.t("report.overview"))}</h2>'
                 f'<div class="cards">{card_html}</div>']
        if self.errors:
            items = "".join(f'<li><code>{esc(e["path"])}{":" + str(e["line"]) if e.get("line") else ""}</code> '
                            f'{esc(e["message"])}{" (" + esc(e["hint"]) + ")" if e.get("hint") else ""}</li>'
                            for e in self.errors)
            parts.append(f'<div class="panel errors" data-file-errors="{len(self.errors)}">'
                         f'<h3>{esc(self.t("report.file-errors"))}</h3><ul>{items}</ul></div>')
        parts.append(f'<div class="grid2">{self._top_departments(entries)}{self._top_projects(entries)}</div>')
        parts.append(self._chart(summary, findings))
        parts.append(self._quality(entries))
        parts.append("</section>\n")
        return "".join(parts)

    def _stack(self, counts: dict[str, int], scale: int) -> str:
        spans = "".join(f'<span class="{s}" style="width:{100 * counts.get(s, 0) / scale:.1f}%"></span>'
                        for s in SEVERITIES if counts.get(s))
        return f'<div class="stack">{spans}</div>'

    def _rank_table(self, title: str, rows: list[tuple[str, str, dict[str, int]]]) -> str:
        if not rows:
            return (f'<div class="panel"><h3>{esc(title)}</h3>'
                    f'<p class="empty">{esc(self.t("report.no-findings"))}</p></div>')
        scale = max(sum(c.values()) for _, _, c in rows) or 1
        body = "".join(
            f'<tr><td class="name" title="{esc(name)}">{link}</td>'
            f'<td class="num">{sum(c.values())}</td><td>{self._stack(c, scale)}</td></tr>'
            for name, link, c in rows)
        return (f'<div class="panel"><h3>{esc(title)}</h3><table class="rank"><tbody>{body}</tbody></table></div>')

    def _top_departments(self, entries: list[FormEntry]) -> str:
        totals: dict[str, Counter] = {}
        for e in entries:
            if e.findings:
                name = e.form.get("department") or self.t("report.unknown-department")
                totals.setdefault(name, Counter()).update(e.counts)
        ranked = sorted(totals.items(), key=lambda kv: (-sum(kv[1].values()), -kv[1]["error"], kv[0]))[:TOP]
        return self._rank_table(self.t("report.top-departments"), [(n, esc(n), dict(c)) for n, c in ranked])

    def _top_projects(self, entries: list[FormEntry]) -> str:
        ranked = sorted((e for e in entries if e.findings),
                        key=lambda e: (-len(e.findings), -e.counts["error"], e.path, e.index or 0))[:TOP]
        rows = [(e.project or self.t("report.unnamed"),
                 f'<a href="#{self._anchor(e)}">{esc(e.project or self.t("report.unnamed"))}</a>', e.counts)
                for e in ranked]
        return self._rank_table(self.t("report.top-projects"), rows)

    def _chart(self, summary: Summary, findings: list[Finding]) -> str:
        counts = Counter(f.code for f in findings)
        worst: dict[str, str] = {}
        names: dict[str, str] = {}
        for f in findings:
            names[f.code] = f.name
            if SEVERITY_RANK[f.severity] > SEVERITY_RANK.get(worst.get(f.code, "info"), 0) or f.code not in worst:
                worst[f.code] = f.severity
        title = f'<h3>{esc(self.t("report.by-rule"))}</h3>'
        if not counts:
            return f'<div class="panel chart">{title}<p class="empty">{esc(self.t("report.no-findings"))}</p></div>'
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        width, label_w, bar_h, gap = 1080, 300, 17, 6
        top = max(counts.values())
        colour = {"error": "#b42318", "warning": "#d89a2b", "info": "#7ea6cf"}
        bars = []
        for i, (code, n) in enumerate(ranked):
            y = i * (bar_h + gap)
            w = max(2.0, (width - label_w - 60) * n / top)
            name = names[code] if len(names[code]) <= 34 else names[code][:33] + "…"
            bars.append(
                f'<g class="bar" data-rule="{esc(code)}" transform="translate(0,{y})">'
                f'<title>{esc(code)} {esc(names[code])}: {n}</title>'
                f'<text class="code" x="0" y="{bar_h - 4}">{esc(code)}</text>'
                f'<text x="58" y="{bar_h - 4}">{esc(name)}</text>'
                f'<rect x="{label_w}" y="0" width="{width - label_w - 60}" height="{bar_h}" rx="3" fill="#f1f3f6"/>'
                f'<rect class="fill" x="{label_w}" y="0" width="{w:.1f}" height="{bar_h}" rx="3" '
                f'fill="{colour[worst[code]]}"/>'
                f'<text class="count" x="{label_w + w + 8:.1f}" y="{bar_h - 4}">{n}</text></g>')
        height = len(ranked) * (bar_h + gap)
        svg = (f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{esc(self.t("report.by-rule"))}" '
               f'xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>')
        legend = "".join(f'<span class="key"><i style="background:{colour[s]}"></i>'
                         f'{esc(self.t("report.severity." + s))}</span>' for s in SEVERITIES)
        return (f'<div class="panel chart"><div class="chart-head">{title}<div class="legend">{legend}</div></div>'
                f'{svg}</div>')

    def _quality(self, entries: list[FormEntry]) -> str:
        rows = []
        for e in sorted(entries, key=lambda e: (e.score, e.path, e.index if e.index is not None else -1)):
            if e.index is None:
                continue
            s = e.score
            c = e.counts
            rows.append(
                f'<tr data-score="{s}"><td><span class="score {band(s)}">{s}</span>'
                f'<span class="meter"><span class="{band(s)}" style="width:{s}%"></span></span></td>'
                f'<td><a href="#{self._anchor(e)}">{esc(e.project or self.t("report.unnamed"))}</a></td>'
                f'<td>{esc(os.path.basename(e.path))} · {e.index + 1}</td>'
                + "".join(f'<td class="num">{c[sev]}</td>' for sev in SEVERITIES) + "</tr>")
        head = (f'<thead><tr><th>{esc(self.t("report.score"))}</th><th>{esc(self.t("report.project"))}</th>'
                f'<th>{esc(self.t("report.file"))} · {esc(self.t("report.form"))}</th>'
                + "".join(f'<th class="num">{esc(self.t("report.severity." + s))}</th>' for s in SEVERITIES)
                + "</tr></thead>")
        return (f'<div class="panel"><h3>{esc(self.t("report.quality"))}</h3><div class="quality">'
                f'<table>{head}<tbody>{"".join(rows)}</tbody></table></div>'
                f'<p class="formula">{esc(self.t("report.quality-formula"))}</p></div>')

    # --- one form ---------------------------------------------------------------------------------------
    def _anchor(self, e: FormEntry) -> str:
        return self.anchors[(e.path, e.index)]

    def _form(self, e: FormEntry) -> str:
        form = e.form
        counts = e.counts
        s = e.score
        if e.index is None:
            title = esc(self.t("report.other-findings"))
            number_html = ""
        else:
            title = esc(e.project or self.t("report.unnamed"))
            number_html = f'<span class="no">{e.index + 1}</span>'
        lines = f" · {self.t('report.lines')} {form['line']}–{form['end_line']}" if form.get("line") else ""
        badges = "".join(f'<span class="badge {k}">{esc(self.t("report.severity." + k))} {n}</span>'
                         for k, n in counts.items() if n)
        side = "" if e.index is None else (
            f'<div class="side"><span class="score {band(s)}" title="{esc(self.t("report.score"))}">{s}</span>'
            f'<div class="counts">{badges}</div></div>')
        parts = [f'<section class="form" id="{self._anchor(e)}" data-path="{esc(e.path)}" '
                 f'data-form="{"" if e.index is None else e.index}" data-score="{s}" data-findings="{len(e.findings)}">'
                 f'<header><div><h2>{number_html}{title}</h2>'
                 f'<div class="where">{esc(e.path)}{esc(lines)}</div></div>{side}</header>']
        if form:
            parts.append(self._facts(form))
            parts.append(self._goals(form))
        if e.findings:
            parts.append('<ol class="findings">' + "".join(self._finding(f) for f in e.findings) + "</ol>")
        else:
            parts.append(f'<p class="empty">✓ {esc(self.t("report.no-findings"))}</p>')
        if form:
            parts.append(self._indicators(form, e.findings))
        parts.append("</section>\n")
        return "".join(parts)

    def _facts(self, form: dict[str, Any]) -> str:
        yuan = self.t("report.yuan")
        kind = form.get("kind")
        conf = float(form.get("confidence") or 0)
        facts: list[tuple[str, str, str]] = [
            ("report.department", esc(form.get("department") or "—"), ""),
            ("report.implementer", esc(form.get("implementer") or "—"), ""),
            ("report.kind", esc(self.t(f"report.kind.{kind}") if kind else "—"), ""),
            ("report.year", esc(form.get("year") or "—"), ""),
        ]
        funds = form.get("funds") or {}
        for key in ("total", "annual", "appropriation", "carried_over"):
            if funds.get(key) is not None or key in ("total", "annual"):
                facts.append((f"report.funds.{key}", esc(money(funds.get(key), yuan)), "money"))
        se = form.get("self_eval")
        if se:
            if se.get("exec_rate") is not None:
                facts.append(("report.exec-rate", esc(number(se["exec_rate"]) + "%"), "money"))
            if se.get("total_score") is not None:
                facts.append(("report.total-score", esc(number(se["total_score"])), "money"))
            if se.get("grade"):
                facts.append(("report.grade", esc(se["grade"]), ""))
        facts.append(("report.template", esc(form.get("template") or "—"), ""))
        facts.append(("report.layout", esc(form.get("layout") or "—"), ""))
        facts.append(("report.confidence", f"{conf:.0%}", "low" if conf < 1 else ""))
        body = "".join(f'<div><dt>{esc(self.t(k))}</dt><dd class="{cls}">{v}</dd></div>' for k, v, cls in facts)
        return f'<dl class="facts">{body}</dl>'

    def _goals(self, form: dict[str, Any]) -> str:
        goals = form.get("goals") or {}
        items = "".join(f'<p><b>{esc(self.t("report.goal." + k))}</b>{esc(goals[k])}</p>'
                        for k in ("total", "annual", "actual") if goals.get(k))
        if not items:
            return ""
        return f'<details class="goals"><summary>{esc(self.t("report.goals"))}</summary>{items}</details>'

    def _finding(self, f: Finding) -> str:
        fid = self.ids[id(f)]
        sugg = (f'<p class="sugg"><b>{esc(self.t("report.suggestion"))}</b>{esc(f.suggestion)}</p>'
                if f.suggestion else "")
        return (f'<li class="finding {f.severity}" id="{fid}" data-id="{fid}" data-severity="{f.severity}" '
                f'data-rule="{esc(f.code)}" data-path="{esc(f.path)}" data-line="{f.line}" data-column="{f.column}">'
                f'<div class="fhead"><span class="badge {f.severity}">'
                f'{esc(self.t("report.severity." + f.severity))}</span>'
                f'<span class="rule">{esc(f.code)}</span><span class="rname">{esc(f.name)}</span>'
                f'<span class="loc" title="{esc(f.path)}">'
                f'{esc(os.path.basename(f.path))}:{f.line}:{f.column}'
                f'{" · " + esc(f.location) if f.location else ""}</span></div>'
                f'<p class="msg">{esc(f.message)}</p>{self._source(f)}{sugg}</li>')

    @staticmethod
    def _source(f: Finding) -> str:
        if not f.source:
            return ""
        text = f.source.rstrip("\r\n")
        start = max(0, f.column - 1)
        end = f.end_column - 1 if f.end_line == f.line and f.end_column > f.column else start
        if not start < end <= len(text):
            start = end = 0
        # a goal paragraph can be one line of a thousand characters: quote the part around the finding
        lo, hi = 0, len(text)
        if hi > QUOTE_LIMIT:
            lo = max(0, start - QUOTE_LIMIT // 3) if end > start else 0
            hi = min(len(text), max(end, lo + QUOTE_LIMIT))
        segments = [(text[lo:start], False), (text[start:end], True), (text[end:hi], False)] if end > start \
            else [(text[lo:hi], False)]

        def render(chunk: str) -> str:
            # tabs are the cell borders of extracted tables: show them as light rules
            return '<span class="sep">│</span>'.join(esc(part) for part in chunk.split("\t"))

        body = "".join(f"<mark>{render(c)}</mark>" if hit else render(c) for c, hit in segments if c)
        body = ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
        return f'<pre class="src"><span class="ln">{f.line}</span>{body}</pre>'

    def _indicators(self, form: dict[str, Any], findings: list[Finding]) -> str:
        indicators = form.get("indicators") or []
        if not indicators:
            return f'<p class="empty" style="color:var(--muted)">{esc(self.t("report.no-indicators"))}</p>'
        self_eval = form.get("kind") == "self_eval"
        marks = _match(indicators, findings, form.get("source_lines") or {})
        cols = ["level1", "level2", "name", "target"] + (["actual", "weight", "score"] if self_eval else [])
        head = "".join(f'<th class="{"num" if c in ("weight", "score") else ""}">{esc(self.t("report.col." + c))}</th>'
                       for c in cols) + f'<th>{esc(self.t("report.col.findings"))}</th>'
        rows = []
        for i, ind in enumerate(indicators):
            hits = marks.get(i, [])
            worst = max((f.severity for f, _ in hits), key=SEVERITY_RANK.get, default=None)
            cells_hit = {cell for _, cell in hits if cell}
            values = {"level1": ind.get("level1"), "level2": ind.get("level2"), "name": ind.get("name"),
                      "target": (ind.get("target") or {}).get("raw"), "actual": (ind.get("actual") or {}).get("raw"),
                      "weight": number(ind.get("weight")), "score": number(ind.get("score"))}
            tds = []
            for c in cols:
                cls = {"level1": "lv", "level2": "lv", "target": "val", "actual": "val", "weight": "num",
                       "score": "num"}.get(c, "")
                if c in cells_hit:
                    cls += " hit"
                tds.append(f'<td class="{cls.strip()}">{esc(values[c])}</td>')
            chips = "".join(f'<a class="chip {f.severity}" href="#{self.ids[id(f)]}" data-severity="{f.severity}" '
                            f'data-rule="{esc(f.code)}" title="{esc(f.message)}">{esc(f.code)}</a>' for f, _ in hits)
            tds.append(f'<td class="chips">{chips}</td>')
            cls = f' class="flag {worst}"' if worst else ""
            rows.append(f'<tr{cls} data-line="{ind.get("line")}">{"".join(tds)}</tr>')
        has = any(marks.values())
        return (f'<details class="indicators"{" open" if has or len(indicators) <= 20 else ""}>'
                f'<summary>{esc(self.t("report.indicators"))} ({len(indicators)})</summary>'
                f'<table class="ind"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></details>')


def _match(indicators: list[dict[str, Any]], findings: list[Finding],
           source_lines: dict[str, str]) -> dict[int, list[tuple[Finding, str | None]]]:
    """Which indicator row each finding is about (by indicator name, else by line), and which cell of it."""
    by_name: dict[str, list[int]] = {}
    by_line: dict[int, int] = {}
    for i, ind in enumerate(indicators):
        by_name.setdefault(ind.get("name") or "", []).append(i)
        by_line.setdefault(ind.get("line"), i)
    out: dict[int, list[tuple[Finding, str | None]]] = {}
    for f in findings:
        if f.indicator and f.indicator in by_name:
            candidates = by_name[f.indicator]
            row = next((i for i in candidates if indicators[i].get("line") == f.line), candidates[0])
        elif not f.indicator and f.line in by_line:
            row = by_line[f.line]
        else:
            continue
        out.setdefault(row, []).append((f, _cell(indicators[row], f, source_lines.get(str(f.line)) or f.source or "")))
    return out


def _cell(ind: dict[str, Any], f: Finding, text: str) -> str | None:
    """The cell of the row a finding's column falls in: the name, the target or the actual value."""
    col = f.column - 1
    for key, raw in (("name", ind.get("name")), ("target", (ind.get("target") or {}).get("raw")),
                     ("actual", (ind.get("actual") or {}).get("raw"))):
        if not raw:
            continue
        pos = text.find(raw)
        while pos >= 0:
            if pos <= col < pos + len(raw):
                return key
            pos = text.find(raw, pos + 1)
    return None
