"""CSV output: one row per finding with every field, UTF-8 with a byte-order mark so that Excel opens the
Chinese text correctly when the file is double-clicked."""
from __future__ import annotations

import sys

from ..engine import FileReport
from ..finding import Finding
from .base import Reporter, Summary

# Excel runs a cell that starts with one of these as a formula ("=100%" becomes 1, "=30000家" an error)
FORMULA_START = ("=", "+", "-", "@")
FIELDS = ("code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column",
          "form", "project", "indicator", "suggestion", "source", "location", "accepted")


def cell(value: object) -> object:
    """The value as written: None as empty, text Excel would evaluate quoted with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.lstrip().startswith(FORMULA_START):
        return "'" + value
    return value


class CsvReporter(Reporter):
    def start(self) -> None:
        self.findings: list[Finding] = []

    def file(self, report: FileReport) -> None:
        self.findings.extend(report.findings)
        # a CSV row is a finding; files that could not be read are told on stderr (the exit code is 2)
        for err in report.errors:
            print(f"perflint: {err.get('path') or report.path}: {err['message']}", file=sys.stderr)

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        import csv
        self.out.write("\ufeff")
        writer = csv.writer(self.out, lineterminator="\r\n")
        writer.writerow(FIELDS)
        for f in sorted(self.findings + late_findings, key=Finding.sort_key):
            row = f.to_dict()
            writer.writerow([cell(row[k]) for k in FIELDS])
