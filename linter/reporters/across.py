"""What the reports show of a form across time (``check --previous`` / ``--history``): the pairing the
engine made for it, the earlier version's findings that are gone (已修正) and the cross-year comparison
rows, in the order and with the words a reviewer reads them. The text, HTML and xlsx reports share it."""
from __future__ import annotations

from typing import Any, Callable

from ..engine import FileReport
from ..finding import Finding

# the fields of a comparison row (perflint.history.compare) in the order the reports show them as columns,
# with the message key of each column's header
COMPARISON_COLUMNS = (
    ("level1", "report.col.level1"), ("indicator", "report.col.name"), ("line", "report.field.line"),
    ("target", "report.col.target"), ("actual", "report.col.actual"),
    ("counterpart_indicator", "report.col.counterpart-indicator"), ("previous_year", "report.col.previous-year"),
    ("previous_target", "report.col.previous-target"), ("previous_actual", "report.col.previous-actual"),
    ("declared_target", "report.col.declared-target"), ("change", "report.col.change"))
FIXED = "fixed"


def by_form(report: FileReport) -> dict[int, dict[str, Any]]:
    """The pairing entry of each form of a file that has counterparts, by form index."""
    return {entry["form"]: entry for entry in report.pairings}


def fixed_findings(pairing: dict[str, Any] | None) -> list[Finding]:
    """The earlier version's findings that the resubmitted form no longer has, as findings marked
    ``fixed`` that point at the earlier version's file and line (where they were)."""
    resub = (pairing or {}).get("resubmission") or {}
    out = []
    for p in resub.get("fixed") or ():
        line = p.get("line") or 1
        out.append(Finding(p["code"], p.get("name") or "", p["severity"], p["message"], resub.get("path") or "",
                           line, 1, line, 1, pairing.get("form"), pairing.get("project"), p.get("indicator"),
                           status=FIXED))
    return out


def counterpart_label(t: Callable[..., str], cp: dict[str, Any], clean: Callable[[str], str]) -> str:
    """``2025年申报表：last.txt 第 1 张表（名称相同，指标配对 7/7）``; ``clean`` makes the path safe for the
    report's medium (terminal, page)."""
    how = t(f"report.paired-by.{cp['paired_by']}", score=cp["score"])
    relation = t(f"report.relation.{cp['relation']}", year=cp["year"])
    if "indicators" in cp:
        paired, total = len(cp["indicators"]), len(cp["indicators"]) + len(cp["unpaired"])
    else:  # a counterpart without its pairs (Counterpart.to_dict(pairs=False)): their numbers
        paired, total = cp["paired"], cp["total"]
    return t("report.counterpart", relation=relation, path=clean(cp["path"] or ""), number=(cp["index"] or 0) + 1,
             how=how, paired=paired, total=total)


def resubmission_line(t: Callable[..., str], pairing: dict[str, Any] | None) -> str | None:
    """``与上次提交相比：已修正 2，仍存在 3，新增 1``, or None when the form is not a resubmission."""
    resub = (pairing or {}).get("resubmission")
    if not resub or not resub.get("counts"):
        return None
    return t("report.resubmission-line", **resub["counts"])


def comparison_cells(t: Callable[..., str], row: dict[str, Any]) -> list[Any]:
    """A comparison row's values in ``COMPARISON_COLUMNS`` order, its change in words."""
    return [t(f"report.change.{row['change']}") if key == "change" and row.get("change") else row.get(key)
            for key, _ in COMPARISON_COLUMNS]
