"""The reporter interface and the run summary every format shares."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any

from ..engine import FileReport
from ..finding import Finding


@dataclass
class Summary:
    files: int = 0
    forms: int = 0
    findings: int = 0
    by_severity: Counter = field(default_factory=lambda: Counter({"error": 0, "warning": 0, "info": 0}))
    by_rule: Counter = field(default_factory=Counter)
    file_errors: int = 0
    exit_code: int = 0

    def add(self, findings: list[Finding]) -> None:
        for f in findings:
            self.findings += 1
            self.by_severity[f.severity] += 1
            self.by_rule[f.code] += 1

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "forms": self.forms, "findings": self.findings,
                "by_severity": {k: self.by_severity.get(k, 0) for k in ("error", "warning", "info")},
                "by_rule": dict(sorted(self.by_rule.items())), "file_errors": self.file_errors,
                "exit_code": self.exit_code}


class Reporter:
    """Receives each file's report in order, then the cross-form findings and the summary."""

    # reporters that show form contents (HTML, xlsx) ask the engine to keep form summaries
    needs_forms = False

    def __init__(self, out: IO[str], lang: str = "zh", color: bool = False, statistics: bool = False,
                 quiet: bool = False):
        self.out, self.lang, self.color, self.statistics, self.quiet = out, lang, color, statistics, quiet

    def start(self) -> None:
        pass

    def file(self, report: FileReport) -> None:
        raise NotImplementedError

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        raise NotImplementedError
