"""Excel workbook for reviewers: a summary sheet with one row per form and a sheet with one row per finding.

The workbook is binary, so it needs ``-o FILE``: check.py opens that file as text and this reporter writes
to the text stream's underlying byte buffer.
"""
from __future__ import annotations

import sys
from typing import Any

from .. import messages
from ..engine import FileReport
from ..errors import PerflintError
from ..finding import Finding
from .base import Reporter, Summary
from .quality import group_by_form

FINDING_FIELDS = ("severity", "code", "name", "message", "suggestion", "path", "location", "line", "column",
                  "end_line", "end_column", "form", "project", "indicator", "source")
MONEY_FORMAT = "#,##0.00"
SEVERITY_FILL = {"error": "FDE2E1", "warning": "FCEFD6", "info": "E3EEFB"}


class XlsxReporter(Reporter):
    needs_forms = True

    def start(self) -> None:
        buffer = getattr(self.out, "buffer", None)
        if self.out is sys.stdout or self.out is sys.__stdout__ or buffer is None:
            raise PerflintError("xlsx needs -o FILE (a workbook is binary and cannot go to standard output)")
        self.files: list[tuple[str, list[dict[str, Any]], int]] = []
        self.findings: list[Finding] = []

    def file(self, report: FileReport) -> None:
        keep = ("index", "kind", "year", "project", "department", "funds", "confidence")
        self.files.append((report.path, [{k: f.get(k) for k in keep} for f in report.forms], report.form_count))
        self.findings.extend(report.findings)
        for err in report.errors:
            print(f"perflint: {err.get('path') or report.path}: {err['message']}", file=sys.stderr)

    def _t(self, key: str, **params: Any) -> str:
        return messages.render(key, self.lang, params) or key

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.utils import get_column_letter

        def clean(row: list[Any]) -> list[Any]:
            # control characters from PDF extraction would make openpyxl refuse the whole workbook
            return [ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in row]

        entries = group_by_form(self.files, self.findings + late_findings)
        wb = Workbook()
        head_font = Font(bold=True, color="FFFFFF")
        head_fill = PatternFill("solid", fgColor="36506B")

        def sheet(ws, headers: list[str], widths: list[int]) -> None:
            ws.append(headers)
            for i, width in enumerate(widths, 1):
                ws.column_dimensions[get_column_letter(i)].width = width
                cell = ws.cell(row=1, column=i)
                cell.font, cell.fill = head_font, head_fill
                cell.alignment = Alignment(vertical="center", wrap_text=True)
            ws.freeze_panes = "A2"

        ws = wb.active
        ws.title = self._t("report.sheet.summary")
        sev_labels = [self._t(f"report.severity.{s}") for s in ("error", "warning", "info")]
        sheet(ws, [self._t("report.file"), self._t("report.form-number"), self._t("report.department"),
                   self._t("report.project"), self._t("report.kind"), self._t("report.year"),
                   f"{self._t('report.funds.annual')}（{self._t('report.yuan')}）", *sev_labels,
                   self._t("report.score")],
              [40, 8, 30, 40, 16, 8, 18, 8, 8, 8, 8])
        for e in entries:
            form = e.form
            kind = form.get("kind")
            annual = (form.get("funds") or {}).get("annual")
            counts = e.counts
            ws.append(clean([e.path, e.index + 1 if e.index is not None else None, form.get("department"), e.project,
                       self._t(f"report.kind.{kind}") if kind else None, form.get("year"),
                       annual, counts["error"], counts["warning"], counts["info"], e.score]))
            ws.cell(row=ws.max_row, column=7).number_format = MONEY_FORMAT
        ws.auto_filter.ref = ws.dimensions

        wf = wb.create_sheet(self._t("report.sheet.findings"))
        widths = {"severity": 8, "code": 9, "name": 28, "message": 60, "suggestion": 50, "path": 40, "line": 7,
                  "column": 7, "end_line": 8, "end_column": 8, "form": 8, "project": 30, "indicator": 24,
                  "source": 60, "location": 16}
        sheet(wf, [self._t(f"report.field.{k}") for k in FINDING_FIELDS], [widths[k] for k in FINDING_FIELDS])
        wrap = Alignment(wrap_text=True, vertical="top")
        for f in sorted(self.findings + late_findings, key=Finding.sort_key):
            row = f.to_dict()
            row["severity"] = self._t(f"report.severity.{f.severity}")
            row["form"] = f.form + 1 if f.form is not None else None
            wf.append(clean([row[k] for k in FINDING_FIELDS]))
            r = wf.max_row
            wf.cell(row=r, column=1).fill = PatternFill("solid", fgColor=SEVERITY_FILL.get(f.severity, "FFFFFF"))
            for k in ("message", "suggestion", "source"):
                wf.cell(row=r, column=FINDING_FIELDS.index(k) + 1).alignment = wrap
        wf.auto_filter.ref = wf.dimensions

        self.out.flush()
        wb.save(self.out.buffer)
