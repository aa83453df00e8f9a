"""Findings: what a rule reports, stamped by the engine with the rule's code, name and severity."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Indicator, Span

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(slots=True)
class Problem:
    """What a rule yields: a position, a message key with its parameters, an optional suggestion.

    The message text is not written by the rule: it comes from the catalogue of the chosen language,
    under the key ``<rule-name>`` or ``<rule-name>.<variant>`` (suggestion: ``….suggestion``).
    """

    span: Span
    variant: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    indicator: str | None = None
    suggest: bool = False
    # cross-form rules: problems of one rule with the same key are one problem (a pair or group of forms);
    # the engine reports it once, on the latest form of the run
    key: Any = None


@dataclass(slots=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    form: int | None = None
    project: str | None = None
    indicator: str | None = None
    suggestion: str | None = None
    # the source line quoted for reviewers (not part of the key)
    source: str | None = None
    # where in a PDF, Excel or Word document: "Sheet1!D14", "表1 第5行", "第1页 第7行"; None for text files
    location: str | None = None
    # a resubmitted form's finding against the earlier version: "new" (新增) or "open" (仍存在); None when the
    # form has no earlier version (perflint.history.compare.Status)
    status: str | None = None
    # the problem's key of a cross-form rule (Problem.key): what the engine reports once; not serialised
    key: Any = None
    # the reason a reviewer gave for accepting this finding (perflint-accepted.toml); an accepted finding
    # stays in every report, marked as such, and does not count toward the exit code
    accepted: str | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.indicator or "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "severity": self.severity, "message": self.message,
            "path": self.path, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "form": self.form, "project": self.project, "indicator": self.indicator,
            "suggestion": self.suggestion, "source": self.source, "location": self.location,
            **({"status": self.status} if self.status is not None else {}),
            "accepted": self.accepted,
        }


def indicator_span(ind: Indicator, value: bool = False) -> Span:
    """The span of an indicator's name, or of its value cell when ``value`` and known."""
    if value and ind.value_span is not None:
        return ind.value_span
    return ind.span
