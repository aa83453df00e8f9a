"""JSON output, valid against schemas/report.schema.json: the exact text of every finding, with bidi
controls and other characters a viewer would apply written as ``\\u`` escapes (:func:`safe.json_text`)."""
from __future__ import annotations

from .. import __version__
from ..engine import FileReport
from ..finding import Finding
from .base import Reporter, Summary, finding_record
from .safe import json_text


class JsonReporter(Reporter):
    shows_comparison = True

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
        doc = {"version": __version__, "findings": [finding_record(f, self.lang) for f in findings],
               "files": self.files, "summary": summary.to_dict()}
        self.out.write(json_text(doc, indent=2))
        self.out.write("\n")
