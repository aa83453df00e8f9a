"""JSON output, valid against schemas/report.schema.json."""
from __future__ import annotations

import json

from .. import __version__
from ..engine import FileReport
from ..finding import Finding
from .base import Reporter, Summary


class JsonReporter(Reporter):
    def start(self) -> None:
        self.findings: list[Finding] = []
        self.files: list[dict] = []

    def file(self, report: FileReport) -> None:
        self.findings.extend(report.findings)
        entry = {"path": report.path, "encoding": report.encoding, "forms": report.form_count, "errors": report.errors}
        if report.pairings:  # across time: each paired form's counterparts, comparison rows, resubmission
            entry["pairings"] = report.pairings
        self.files.append(entry)

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        findings = sorted(self.findings + late_findings, key=Finding.sort_key)
        doc = {"version": __version__, "findings": [f.to_dict() for f in findings],
               "files": self.files, "summary": summary.to_dict()}
        json.dump(doc, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
