"""CSV output: one row per finding with every field, UTF-8 with a byte-order mark so that Excel opens the
Chinese text correctly when the file is double-clicked."""
from __future__ import annotations

import sys

from ..engine import FileReport
from ..finding import Finding
from .base import Reporter, Summary, finding_record
from .safe import formula_like, page, terminal

FIELDS = ("code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column",
          "form", "project", "indicator", "suggestion", "source", "location", "accepted", "title", "group",
          "basis", "binding")


def cell(value: object) -> object:
    """The value as written: None as empty, booleans as true/false, bidi and control characters shown,
    text Excel would evaluate (``=1+1``, ``@SUM(…)``, a leading tab) quoted with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        value = page(value)
        return "'" + value if formula_like(value) else value
    return value


class CsvReporter(Reporter):
    def start(self) -> None:
        self.findings: list[Finding] = []

    def file(self, report: FileReport) -> None:
        self.findings.extend(report.findings)
        # a CSV row is a finding; files that could not be read are told on stderr (the exit code is 2)
        for err in report.errors:
            print(f"perflint: {terminal(err.get('path') or report.path)}: {terminal(err['message'])}",
                  file=sys.stderr)

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        import csv
        self.out.write("\ufeff")
        writer = csv.writer(self.out, lineterminator="\r\n")
        writer.writerow(FIELDS)
        for f in sorted(self.findings + late_findings, key=Finding.sort_key):
            row = finding_record(f, self.lang)
            writer.writerow([cell(row[k]) for k in FIELDS])
