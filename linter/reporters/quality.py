"""The per-form quality score the HTML and Excel reports show, the grouping of findings by form and the
summary by department.

The score is a reviewer's first glance, not a verdict: 100, minus 15 per error, 5 per warning and 1 per
info finding, minus up to 20 when the reader was unsure how to read the form (``confidence`` < 1), floored
at 0. Reader notes (the extraction family: "read this form by hand") are not defects and do not count; the
confidence already says how sure the reading was. docs/reports.md documents the same formula; change both
together.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable

from ..finding import Finding
from .across import fixed_findings
from .base import is_note

WEIGHTS = {"error": 15, "warning": 5, "info": 1}
# at confidence 0 the reading itself costs this many points; scaled linearly above it
CONFIDENCE_PENALTY = 20
# score bands, lowest score of each: good, needs revision, poor
BANDS = ((90, "good"), (60, "fair"), (0, "poor"))


def score(counts: dict[str, int], confidence: float = 1.0) -> int:
    """The 0–100 quality score of a form with ``counts`` findings by severity."""
    points = 100 - sum(WEIGHTS[sev] * counts.get(sev, 0) for sev in WEIGHTS)
    if confidence < 1:
        points -= round(CONFIDENCE_PENALTY * (1 - max(0.0, confidence)))
    return max(0, points)


def band(points: int) -> str:
    """``good``, ``fair`` or ``poor``: the colour a report gives a score."""
    return next(name for lowest, name in BANDS if points >= lowest)


@dataclass
class FormEntry:
    """One form of the run as the reports show it: its summary, its findings in order, its score."""

    path: str
    index: int | None
    form: dict[str, Any] = field(default_factory=dict)
    # every finding of the form, in order (defects and reader notes); fixed once grouped
    findings: list[Finding] = field(default_factory=list)
    # 1-based position in file order, whatever order a report shows the forms in
    serial: int = 0

    @cached_property
    def defects(self) -> list[Finding]:
        return [f for f in self.findings if not is_note(f)]

    @cached_property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if is_note(f)]

    @cached_property
    def counts(self) -> dict[str, int]:
        """Defects by severity (reader notes apart)."""
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.defects:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    @property
    def confidence(self) -> float:
        return float(self.form.get("confidence", 1.0) or 0.0) if self.form else 1.0

    @cached_property
    def score(self) -> int:
        return score(self.counts, self.confidence)

    @property
    def project(self) -> str | None:
        if self.form.get("project"):
            return self.form["project"]
        return next((f.project for f in self.findings if f.project), None)

    @property
    def pairing(self) -> dict[str, Any] | None:
        """The form's counterparts across time (the engine's pairing entry), when it has any."""
        return self.form.get("pairing") if self.form else None

    @cached_property
    def fixed(self) -> list[Finding]:
        """The earlier version's findings this resubmission no longer has (已修正)."""
        return fixed_findings(self.pairing)

    @property
    def department(self) -> str | None:
        """主管部门, else the unit that files the form (申报单位 / 实施单位: the 上海 2020 template has only
        申报单位, which the reader keeps as the implementer)."""
        return self.form.get("department") or self.form.get("implementer") or None

    @property
    def annual(self) -> float | None:
        """年度资金 in 元, when read."""
        return (self.form.get("funds") or {}).get("annual")


def worst_first(entries: list[FormEntry]) -> list[FormEntry]:
    """Forms by quality score, lowest first; ties by errors, then file order. Findings that name no form
    come last."""
    return sorted(entries, key=lambda e: (e.index is None, e.score, -e.counts["error"], -len(e.defects)))


def ordered(entries: list[FormEntry], sort: str) -> list[FormEntry]:
    return worst_first(entries) if sort == "worst" else list(entries)


@dataclass
class Department:
    """One row of the 部门汇总: a department's forms, defects, average score, worst form and money."""

    name: str | None
    entries: list[FormEntry] = field(default_factory=list)

    @property
    def forms(self) -> int:
        return len(self.entries)

    @cached_property
    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for e in self.entries:
            for sev, n in e.counts.items():
                out[sev] += n
        return out

    @cached_property
    def average(self) -> float:
        return sum(e.score for e in self.entries) / len(self.entries)

    @cached_property
    def worst(self) -> FormEntry:
        return worst_first(self.entries)[0]

    @cached_property
    def annual(self) -> float | None:
        amounts = [e.annual for e in self.entries if e.annual is not None]
        return sum(amounts) if amounts else None


def departments(entries: Iterable[FormEntry]) -> list[Department]:
    """The departments of the run, the lowest average score first (then most errors, then name): a
    department is ranked by how good its forms are, not by how many it filed."""
    by_name: dict[str | None, Department] = {}
    for e in entries:
        if e.index is None:
            continue
        by_name.setdefault(e.department, Department(e.department)).entries.append(e)
    return sorted(by_name.values(), key=lambda d: (round(d.average, 6), -d.counts["error"], d.name is None,
                                                   d.name or ""))


def group_by_form(files: Iterable[tuple[str, list[dict[str, Any]], int]],
                  findings: Iterable[Finding]) -> list[FormEntry]:
    """Pair each form with its findings, in file order then form order.

    ``files`` holds (path, form summaries, form count) per file; a file read without summaries still gets
    one entry per form. Findings that name no form (``form`` is None) get an entry of their own per file.
    """
    entries: dict[tuple[str, int | None], FormEntry] = {}
    order: list[tuple[str, int | None]] = []
    file_pos: dict[str, int] = {}
    for path, forms, count in files:
        file_pos.setdefault(path, len(file_pos))
        by_index = {f.get("index", i): f for i, f in enumerate(forms)}
        for i in range(max(count, len(forms))):
            key = (path, i)
            if key not in entries:
                entries[key] = FormEntry(path, i, by_index.get(i, {}))
                order.append(key)
    for f in findings:
        key = (f.path, f.form)
        if key not in entries:
            entries[key] = FormEntry(f.path, f.form)
            order.append(key)
        entries[key].findings.append(f)
    for e in entries.values():
        e.findings.sort(key=Finding.sort_key)
    order.sort(key=lambda k: (file_pos.get(k[0], len(file_pos)), k[0], k[1] is None, k[1] or 0))
    for n, k in enumerate(order, 1):
        entries[k].serial = n
    return [entries[k] for k in order]
