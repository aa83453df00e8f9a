"""Excel workbook for reviewers: 汇总 (one row per form), 部门汇总 (one row per department), 问题清单 (one
row per defect) and 识别提示 (the reader's notes, apart from the defects). Across time (``--previous`` or
``--history``) the finding sheets get a 状态 column (新增 / 仍存在 / 已修正, the earlier version's findings
now gone listed after the form's own) and a 上年对比 sheet holds the cross-year comparison rows.

The workbook is written in openpyxl's write-only mode, row after row, so ten thousand forms take seconds.
Every cell made from form text is a text cell: text that Excel would take for a formula (``=HYPERLINK(…)``,
``+1``, ``@SUM``, a leading tab) is stored as a string with Excel's quote prefix, characters XML cannot hold
are dropped and bidi controls are shown as ``[U+202E]``.

The workbook is binary, so it needs ``-o FILE``: check.py opens that file as text and this reporter writes
to the text stream's underlying byte buffer.
"""
from __future__ import annotations

import sys
from typing import Any

from ..engine import FileReport
from ..errors import PerflintError
from ..finding import Finding
from .across import COMPARISON_COLUMNS, by_form, comparison_cells, counterpart_label
from .base import Reporter, Summary, is_note, rule_meta
from .quality import Department, FormEntry, departments, group_by_form, ordered
from .safe import formula_like, terminal, xml_text

MONEY_FORMAT = "#,##0.00"
SCORE_FORMAT = "0.0"
SEVERITY_FILL = {"error": "FDE2E1", "warning": "FCEFD6", "info": "E3EEFB"}
BAND_FILL = ((90, 100, "E3F4EA", "1E7A4C"), (60, 89.9999, "FDF3DC", "A15C07"), (0, 59.9999, "FDECEA", "B42318"))
HEAD_FILL, HEAD_FONT = "36506B", "FFFFFF"
FINDING_COLUMNS = (("severity", 8), ("code", 9), ("title", 28), ("message", 60), ("suggestion", 50),
                   ("basis", 22), ("binding", 9), ("accepted", 30), ("path", 36), ("location", 14), ("line", 7), ("column", 7),
                   ("end_line", 8), ("end_column", 8), ("form", 8), ("department", 26), ("project", 30),
                   ("indicator", 24), ("source", 60))
STATUS_COLUMN = ("status", 9)
COMPARISON_WIDTHS = (36, 8, 30, 44, 14, 26, 7, 16, 16, 26, 9, 16, 16, 16, 9)
WRAPPED = {"message", "suggestion", "source"}
# Excel shows these strings as error values unless they are stored as text
_ERROR_WORDS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}
# a quoted source line: its non-empty table cells, separated by a light rule instead of raw tabs
CELL_RULE = " │ "


class XlsxReporter(Reporter):
    needs_forms = True
    shows_comparison = True

    def start(self) -> None:
        buffer = getattr(self.out, "buffer", None)
        if self.out is sys.stdout or self.out is sys.__stdout__ or buffer is None:
            raise PerflintError("xlsx needs -o FILE (a workbook is binary and cannot go to standard output)")
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise PerflintError("the xlsx report needs openpyxl: python -m pip install 'perflint[reports]'") from None
        self.files: list[tuple[str, list[dict[str, Any]], int]] = []
        self.findings: list[Finding] = []

    def file(self, report: FileReport) -> None:
        keep = ("index", "kind", "year", "project", "department", "implementer", "confidence")
        pairings = by_form(report)
        slim = [{**{k: f.get(k) for k in keep}, "funds": {"annual": (f.get("funds") or {}).get("annual")},
                 "pairing": pairings.get(f.get("index"))} for f in report.forms]
        self.files.append((report.path, slim, report.form_count))
        self.findings.extend(report.findings)
        for err in report.errors:
            print(f"perflint: {terminal(err.get('path') or report.path)}: {terminal(err['message'])}",
                  file=sys.stderr)

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        entries = ordered(group_by_form(self.files, self.findings + late_findings), self.sort)
        self.out.flush()
        _Book(self, entries).save(self.out.buffer)


class _Book:
    """The four sheets of one workbook, written row after row."""

    def __init__(self, rep: XlsxReporter, entries: list[FormEntry]):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.rep, self.t, self.entries = rep, rep.t, entries
        self.wb = Workbook(write_only=True)
        paired = [e for e in entries if e.pairing]
        self.columns = FINDING_COLUMNS
        if any(e.pairing.get("resubmission") for e in paired):   # a 状态 column, after the severity
            self.columns = FINDING_COLUMNS[:1] + (STATUS_COLUMN,) + FINDING_COLUMNS[1:]
        self.compared = [e for e in paired if e.pairing.get("comparison")]
        keys = ("summary", "departments", "findings", "notes") + (("comparison",) if self.compared else ())
        self.names = {key: rep.t(f"report.sheet.{key}") for key in keys}
        self.sheets = {key: self.wb.create_sheet(name) for key, name in self.names.items()}
        self.head_font, self.head_fill = Font(bold=True, color=HEAD_FONT), PatternFill("solid", fgColor=HEAD_FILL)
        self.wrap, self.link_font = Alignment(wrap_text=True, vertical="top"), Font(color="2F5D8A", underline="single")
        # the row of each form in 汇总 and of its first defect and note in the finding sheets
        self.summary_row = {id(e): n for n, e in enumerate((e for e in entries if e.index is not None), 2)}
        self.first_row: dict[tuple[str, int], int] = {}
        for key in ("findings", "notes"):
            row = 2
            for e in entries:
                if self.picked(key, e):
                    self.first_row[(key, id(e))] = row
                    row += len(self.picked(key, e))

    @staticmethod
    def picked(key: str, e: FormEntry) -> list[Finding]:
        """The rows of sheet ``key`` for a form: its defects (or reader notes), then the earlier version's
        that are fixed."""
        notes = key == "notes"
        return (e.notes if notes else e.defects) + [f for f in e.fixed if is_note(f) == notes]

    def save(self, stream: Any) -> None:
        self.summary()
        self.departments()
        self.finding_sheet("findings")
        self.finding_sheet("notes")
        if self.compared:
            self.comparison()
        self.wb.save(stream)

    # --- cells -------------------------------------------------------------------------------------------
    def text(self, ws: Any, value: Any, wrap: bool = False, cell: bool = False) -> Any:
        """A cell of form text: always a string, never a formula or an error value. A plain string when
        that is safe (the cheap case), else (or with ``cell``) a cell typed as text."""
        if value is None or value == "":
            return None
        s = xml_text(str(value))
        if not (wrap or cell or formula_like(s) or s in _ERROR_WORDS):
            return s
        from openpyxl.cell import WriteOnlyCell
        cell = WriteOnlyCell(ws, value=s)
        cell.data_type = "s"           # not "f": "=1+1" stays the four characters a form wrote
        if formula_like(s):
            cell.quotePrefix = True    # Excel's own mark of text typed with a leading apostrophe
        if wrap:
            cell.alignment = self.wrap
        return cell

    def number(self, ws: Any, value: float | None, fmt: str) -> Any:
        if value is None:
            return None
        from openpyxl.cell import WriteOnlyCell
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = fmt
        return cell

    def link(self, ws: Any, label: str, sheet: str, row: int) -> Any:
        """A text cell that links to row ``row`` of another sheet of the workbook."""
        from openpyxl.worksheet.hyperlink import Hyperlink
        cell = self.text(ws, label, cell=True)
        cell.hyperlink = Hyperlink(ref="", location=f"'{self.names[sheet]}'!A{row}", display=cell.value)
        cell.font = self.link_font
        return cell

    def layout(self, key: str, headers: list[str], widths: list[int], rows: int) -> Any:
        """Widths, frozen header, filter and print setup of a sheet, then its header row."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment
        from openpyxl.utils import get_column_letter
        ws = self.sheets[key]
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        last = get_column_letter(len(headers))
        ref = f"A1:{last}{max(rows + 1, 2)}"
        ws.auto_filter.ref = ref
        # a write-only sheet does not know its size when its head is written, so it writes no <dimension>;
        # the rows are counted beforehand here, and readers that trust the dimension (openpyxl's read-only
        # mode) see the sheet's true size
        ws.calculate_dimension = lambda: f"A1:{last}{rows + 1}"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        head = []
        for label in headers:
            cell = WriteOnlyCell(ws, value=label)
            cell.font, cell.fill = self.head_font, self.head_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            head.append(cell)
        ws.append(head)
        return ws

    def score_colours(self, ws: Any, column: str, rows: int) -> None:
        """Green, amber and red by the score bands of the HTML report (conditional formatting)."""
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import Font, PatternFill
        for low, high, fill, font in BAND_FILL:
            ws.conditional_formatting.add(f"{column}2:{column}{max(rows + 1, 2)}", CellIsRule(
                operator="between", formula=[str(low), str(high)], fill=PatternFill("solid", bgColor=fill),
                font=Font(color=font, bold=True)))

    # --- sheets ------------------------------------------------------------------------------------------
    def summary(self) -> None:
        forms = [e for e in self.entries if e.index is not None]
        sev = [self.t(f"report.severity.{s}") for s in ("error", "warning", "info")]
        headers = [self.t("report.file"), self.t("report.form-number"), self.t("report.department-any"),
                   self.t("report.project"), self.t("report.kind"), self.t("report.year"),
                   f"{self.t('report.funds.annual')}（{self.t('report.yuan')}）", *sev, self.t("report.score"),
                   self.t("report.notes"), self.t("report.sheet.findings")]
        ws = self.layout("summary", headers, [36, 8, 28, 36, 14, 8, 18, 8, 8, 8, 8, 10, 16], len(forms))
        self.score_colours(ws, "K", len(forms))
        for e in forms:
            kind = e.form.get("kind")
            c = e.counts
            first = self.first_row.get(("findings", id(e)))
            label = self.t("report.view-findings", count=len(e.defects))
            go = self.link(ws, label, "findings", first) if first else None
            ws.append([self.text(ws, e.path), e.index + 1, self.text(ws, e.department), self.text(ws, e.project),
                       self.t(f"report.kind.{kind}") if kind else None, e.form.get("year"),
                       self.number(ws, e.annual, MONEY_FORMAT), c["error"], c["warning"], c["info"], e.score,
                       len(e.notes), go])

    def departments(self) -> None:
        rows = departments(self.entries)
        sev = [self.t(f"report.severity.{s}") for s in ("error", "warning", "info")]
        headers = [self.t("report.department-any"), self.t("report.form-count"), *sev, self.t("report.average-score"),
                   self.t("report.worst-form"), self.t("report.worst-score"),
                   f"{self.t('report.funds.annual-sum')}（{self.t('report.yuan')}）"]
        ws = self.layout("departments", headers, [32, 8, 8, 8, 8, 12, 36, 10, 20], len(rows))
        self.score_colours(ws, "F", len(rows))
        self.score_colours(ws, "H", len(rows))
        for d in rows:
            ws.append(self.department_row(ws, d))

    def department_row(self, ws: Any, d: Department) -> list[Any]:
        worst = d.worst
        label = worst.project or self.t("report.unnamed")
        c = d.counts
        return [self.text(ws, d.name or self.t("report.unknown-department")), d.forms, c["error"], c["warning"],
                c["info"], self.number(ws, round(d.average, 1), SCORE_FORMAT),
                self.link(ws, label, "summary", self.summary_row[id(worst)]), worst.score,
                self.number(ws, d.annual, MONEY_FORMAT)]

    def finding_sheet(self, key: str) -> None:
        pairs = [(e, f) for e in self.entries for f in self.picked(key, e)]
        headers = [self.t(f"report.field.{k}") for k, _ in self.columns]
        ws = self.layout(key, headers, [w for _, w in self.columns], len(pairs))
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import PatternFill
        for sev, fill in SEVERITY_FILL.items():
            ws.conditional_formatting.add(f"A2:A{max(len(pairs) + 1, 2)}", CellIsRule(
                operator="equal", formula=[f'"{self.t("report.severity." + sev)}"'],
                fill=PatternFill("solid", bgColor=fill)))
        for e, f in pairs:
            ws.append(self.finding_row(ws, e, f))

    def finding_row(self, ws: Any, e: FormEntry, f: Finding) -> list[Any]:
        meta = rule_meta(f.code, f.name)
        source = CELL_RULE.join(c.strip() for c in f.source.split("\t") if c.strip()) if f.source else None
        values = {"severity": self.t(f"report.severity.{f.severity}"), "code": f.code,
                  "title": meta.title(self.rep.lang),
                  "basis": self.rep.basis_text(meta), "binding": self.rep.binding_text(meta),
                  "department": e.department, "message": f.message, "suggestion": f.suggestion, "path": f.path,
                  "location": f.location, "accepted": f.accepted,
                  "project": f.project, "indicator": f.indicator, "source": source,
                  "status": self.t(f"report.status.{f.status}") if f.status else None}
        numbers = {"line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
                   "form": f.form + 1 if f.form is not None else None}
        return [numbers[k] if k in numbers else self.text(ws, values[k], wrap=k in WRAPPED)
                for k, _ in self.columns]

    def comparison(self) -> None:
        """上年对比: each compared form's indicators beside their counterparts', a row per indicator."""
        rows = [(e, r) for e in self.compared for r in e.pairing["comparison"]]
        headers = [self.t("report.file"), self.t("report.form-number"), self.t("report.project"),
                   self.t("report.field.pairing"), *(self.t(key) for _, key in COMPARISON_COLUMNS)]
        ws = self.layout("comparison", headers, list(COMPARISON_WIDTHS), len(rows))
        sep = "；" if self.rep.lang == "zh" else "; "
        for e in self.compared:
            against = sep.join(counterpart_label(self.t, cp, str) for cp in e.pairing["counterparts"])
            for r in e.pairing["comparison"]:
                cells = comparison_cells(self.t, r)
                ws.append([self.text(ws, e.path), e.index + 1, self.text(ws, e.project),
                           self.text(ws, against, wrap=True),
                           *(v if isinstance(v, (int, float)) else self.text(ws, v) for v in cells)])
