"""PDF, Excel and Word forms: the same model and the same findings as the same forms given as text.

The documents are built at test time from the tab-table layout fixtures (the rows of
tests/fixtures/layouts/target_tab.txt and self_eval_tab.txt, with a few defects put in), with merged
cells for the indicator levels and the header, so that a document and its text must read alike.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest

from perflint.config import Config
from perflint.engine import Linter
from perflint.reader import read_path, read_text
from perflint.sources import SourceMap, cell_text
from perflint.sources.pdf import page_ranges

from documents import merge_plan

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ROOT / "tests/fixtures/layouts"

# defects put into both the documents and their text, so that the findings compared are not empty
DEFECTS = {
    "target": [("\t≥600(人)", "\t≥600"),                        # 服务老人人数: no unit
               ("服务对象满意度\t\t≥90(%)", "服务对象满意度\t\t≥80(%)")],   # satisfaction below 85
    "self_eval": [("\t≥90(%)\t93(%)", "\t≥80(%)\t93(%)")],            # satisfaction below 85
}


def form_text(kind: str) -> str:
    name = {"target": "target_tab.txt", "self_eval": "self_eval_tab.txt"}[kind]
    text = (LAYOUTS / name).read_text(encoding="utf-8")
    for old, new in DEFECTS[kind]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def form_rows(kind: str) -> list[list[str]]:
    """The form's rows as cells; a markdown heading marker is not part of a document's title."""
    rows = []
    for line in form_text(kind).splitlines():
        if not line.strip():
            continue
        cells = line.split("\t")
        cells[0] = re.sub(r"^#\s+", "", cells[0])
        rows.append(cells)
    return rows


def both_text() -> str:
    return form_text("target").rstrip("\n") + "\n\n" + form_text("self_eval")


# --- Excel -------------------------------------------------------------------------------------------------
def _xlsx_value(cell):
    text = cell.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.datetime.strptime(text, "%Y-%m-%d"), "yyyy-mm-dd"
    m = re.fullmatch(r"-?[\d,]+\.(\d+)", text)
    if m:
        return float(text.replace(",", "")), ("#,##0." if "," in text else "0.") + "0" * len(m.group(1))
    return cell, None


def _xlsx_form(ws, rows: list[list[str]], top: int) -> None:
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if not text.strip():
                continue
            value, fmt = _xlsx_value(text)
            cell = ws.cell(row=top + r, column=c + 1, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"             # text such as =100(%), not a formula
            if fmt:
                cell.number_format = fmt
    for r0, c0, r1, c1 in merge_plan(rows):
        ws.merge_cells(start_row=top + r0, start_column=c0 + 1, end_row=top + r1, end_column=c1 + 1)


def build_xlsx(path: Path, one_sheet: bool) -> Path:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl (perflint[office]) is not installed")
    wb = openpyxl.Workbook()
    if one_sheet:
        ws = wb.active
        ws.title = "Sheet1"
        target = form_rows("target")
        _xlsx_form(ws, target, 1)
        _xlsx_form(ws, form_rows("self_eval"), len(target) + 3)
    else:
        wb.active.title = "目标表"
        _xlsx_form(wb.active, form_rows("target"), 1)
        _xlsx_form(wb.create_sheet("自评表"), form_rows("self_eval"), 1)
        hidden = wb.create_sheet("lists")        # a hidden drop-down list is not a form
        for i, name in enumerate(("产出指标", "数量指标", "质量指标"), start=1):
            hidden.cell(row=i, column=1, value=name)
        hidden.sheet_state = "hidden"
    wb.save(path)
    return path


# --- Word ----------------------------------------------------------------------------------------------------
def build_docx(path: Path) -> Path:
    docx = pytest.importorskip("docx", reason="python-docx (perflint[office]) is not installed")
    from docx.enum.text import WD_BREAK
    doc = docx.Document()
    for n, kind in enumerate(("target", "self_eval")):
        rows = form_rows(kind)
        first = next(i for i, r in enumerate(rows) if sum(1 for c in r if c.strip()) >= 2)
        if n:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for r in rows[:first]:
            doc.add_paragraph(" ".join(c for c in r if c.strip()))
        body = rows[first:]
        width = max(len(r) for r in body)
        table = doc.add_table(rows=len(body), cols=width)
        table.style = "Table Grid"
        for r, cells in enumerate(body):
            for c, text in enumerate(cells):
                if text.strip():
                    table.cell(r, c).text = text
        for r0, c0, r1, c1 in merge_plan(body):
            table.cell(r0, c0).merge(table.cell(r1, c1))
    doc.save(path)
    return path


# --- PDF -------------------------------------------------------------------------------------------------------
def _pdf_font():
    pytest.importorskip("reportlab", reason="reportlab (perflint[dev]) is not installed to build PDF fixtures")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def build_pdf(path: Path, gap: float = 80) -> Path:
    """Both forms as ruled tables; ``gap`` makes the self-evaluation's indicator table go on over page 2."""
    font = _pdf_font()
    from xml.sax.saxutils import escape
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    title = ParagraphStyle("title", fontName=font, fontSize=14, leading=18, alignment=1)
    story = []
    for n, kind in enumerate(("target", "self_eval")):
        rows = form_rows(kind)
        first = next(i for i, r in enumerate(rows) if sum(1 for c in r if c.strip()) >= 2)
        if n:
            story.append(Spacer(1, gap))
        for r in rows[:first]:
            story.append(Paragraph(escape(" ".join(c for c in r if c.strip())), title))
        body = rows[first:]
        width = max(len(r) for r in body)
        data = [[Paragraph(escape(c), cell) if c.strip() else "" for c in r + [""] * (width - len(r))]
                for r in body]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in merge_plan(body)]
        table = Table(data, colWidths=[(A4[0] - 72) / width] * width, style=TableStyle(style))
        story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=36, rightMargin=36, topMargin=36,
                      bottomMargin=36).build(story)
    return path


def build_scanned_pdf(path: Path) -> Path:
    """One page that is only a picture of a form: no text layer."""
    pytest.importorskip("reportlab", reason="reportlab is not installed to build PDF fixtures")
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    image = Image.new("RGB", (200, 280), "white")
    for x in range(20, 180):
        image.putpixel((x, 40), (0, 0, 0))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(image), 50, 200, width=400, height=560)
    c.showPage()
    c.save()
    return path


def draw_plain_form(c, kind: str, font: str) -> None:
    """A form as positioned text with no ruling lines (a page of a canvas ``c``, landscape A4)."""
    from reportlab.lib.pagesizes import A4, landscape
    width, height = landscape(A4)
    rows = form_rows(kind)
    columns = max(len(r) for r in rows)
    step = (width - 60) / columns
    y = height - 40
    for r in rows:
        for i, text in enumerate(r):
            if text.strip():
                c.setFont(font, 7)
                c.drawString(30 + i * step, y, text)
        y -= 14
    c.showPage()


def build_plain_pdf(path: Path, scanned_first: bool = False) -> Path:
    font = _pdf_font()
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    if scanned_first:
        from PIL import Image
        from reportlab.lib.utils import ImageReader
        c.drawImage(ImageReader(Image.new("RGB", (120, 80), "white")), 50, 50, width=600, height=400)
        c.showPage()
    draw_plain_form(c, "target", font)
    c.save()
    return path


def needs(module: str, extra: str):
    return pytest.importorskip(module, reason=f"{module} is not installed (pip install \"perflint-cn[{extra}]\")")


# --- what "the same" means ---------------------------------------------------------------------------------
def essentials(form) -> dict:
    """The model without line numbers: what the rules see."""
    def target(t):
        return None if t is None else {k: getattr(t, k) for k in ("raw", "kind", "op", "value", "unit")}

    se = form.self_eval.to_dict() if form.self_eval else None
    if se:
        se["lines"] = [{k: v for k, v in line.items() if k != "line"} for line in se["lines"]]
    return {
        "kind": form.kind, "template": form.template, "year": form.year, "project": form.project,
        "department": form.department, "implementer": form.implementer, "project_type": form.project_type,
        "start_date": form.start_date, "end_date": form.end_date, "funds": dict(form.funds),
        "goals": dict(form.goals), "self_eval": se,
        "indicators": [{"level1": i.level1, "level2": i.level2, "name": i.name, "target": target(i.target),
                        "actual": target(i.actual), "weight": i.weight, "score": i.score,
                        "deviation_reason": i.deviation_reason} for i in form.indicators],
        "uncertainties": sorted(u.code for u in form.uncertainties),
    }


def findings_of(result) -> tuple[list, list]:
    linter = Linter(Config())
    report = linter.lint_result(result)
    late = linter.finish(report.digests)
    return report.findings + late, report.errors


def key(f) -> tuple:
    return (f.code, f.message, f.indicator or "")


@pytest.fixture(scope="module")
def text_result():
    return read_text(both_text(), "forms.txt")


@pytest.fixture(scope="module")
def text_findings(text_result):
    findings, errors = findings_of(text_result)
    assert not errors
    return findings


def test_the_text_forms_have_the_defects(text_result, text_findings):
    assert [f.kind for f in text_result.forms] == ["target", "self_eval"]
    codes = {f.code for f in text_findings}
    names = {f.name for f in text_findings}
    assert "missing-unit" in names and "satisfaction-below-minimum" in names, sorted(names)
    assert all(f.location is None for f in text_findings)      # text files have no document location
    assert len(codes) >= 2


DOCUMENTS = {
    "xlsx-one-sheet": lambda d: build_xlsx(d / "forms.xlsx", one_sheet=True),
    "xlsx-sheet-per-form": lambda d: build_xlsx(d / "forms_by_sheet.xlsx", one_sheet=False),
    "docx": lambda d: build_docx(d / "forms.docx"),
    "pdf": lambda d: build_pdf(d / "forms.pdf"),
}


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def document(request, tmp_path_factory):
    path = DOCUMENTS[request.param](tmp_path_factory.mktemp(request.param))
    return request.param, path, read_path(str(path))


def test_a_document_reads_to_the_same_model_as_its_text(document, text_result):
    name, path, result = document
    assert result.errors == [], result.errors
    assert result.source_map is not None and len(result.source_map) > 0
    assert [essentials(f) for f in result.forms] == [essentials(f) for f in text_result.forms]


def test_a_document_has_the_findings_of_its_text(document, text_findings):
    name, path, result = document
    findings, errors = findings_of(result)
    assert errors == []
    assert sorted(map(key, findings)) == sorted(map(key, text_findings))
    assert all(f.location for f in findings), [f for f in findings if not f.location]


def _finding(findings, rule: str, kind_index: int):
    return next(f for f in findings if f.name == rule and f.form == kind_index)


def test_xlsx_locations_are_cell_references(tmp_path):
    needs("openpyxl", "office")
    findings, _ = findings_of(read_path(str(build_xlsx(tmp_path / "forms.xlsx", one_sheet=True))))
    # 服务老人人数 is on the form's 14th row, its value ≥600 in column F (the 指标值 column)
    unit = _finding(findings, "missing-unit", 0)
    assert unit.indicator == "服务老人人数"
    assert unit.location == "Sheet1!F14"
    # the self-evaluation starts two rows below the target form on the same sheet
    sat = _finding(findings, "satisfaction-below-minimum", 1)
    assert re.fullmatch(r"Sheet1![A-H]\d+", sat.location)
    assert int(sat.location[8:]) > 30
    # a finding about a whole row (column 1) points at the row's first filled cell: the goal text in B
    goal = _finding(findings, "goal-without-indicator", 1)
    assert goal.location == "Sheet1!B33"
    by_sheet, _ = findings_of(read_path(str(build_xlsx(tmp_path / "by_sheet.xlsx", one_sheet=False))))
    assert _finding(by_sheet, "missing-unit", 0).location == "目标表!F14"
    assert _finding(by_sheet, "satisfaction-below-minimum", 1).location.startswith("自评表!")


def test_a_far_formatted_cell_does_not_make_the_sheet_slow(tmp_path):
    openpyxl = needs("openpyxl", "office")
    import time
    from openpyxl.styles import Font
    path = build_xlsx(tmp_path / "forms.xlsx", one_sheet=True)
    wb = openpyxl.load_workbook(path)
    wb.active.cell(row=300000, column=30).font = Font(bold=True)     # used range: 300000 rows x 30 columns
    wb.active.cell(row=200000, column=2, value="备注：无")
    wb.save(path)
    start = time.monotonic()
    result = read_path(str(path))
    assert time.monotonic() - start < 15          # the whole used range took minutes
    assert [len(f.indicators) for f in result.forms] == [8, 6]
    last = max(result.source_map.lines)
    assert result.source_map.locate(last, 1) == "Sheet1!B200000"


def test_docx_locations_are_table_rows(tmp_path):
    needs("docx", "office")
    result = read_path(str(build_docx(tmp_path / "forms.docx")))
    findings, _ = findings_of(result)
    # the table holds the form from 项目名称 on: 服务老人人数 is its 12th row
    assert _finding(findings, "missing-unit", 0).location == "表1 第12行"
    assert _finding(findings, "satisfaction-below-minimum", 1).location == "表2 第16行"
    en = Linter(Config(lang="en")).lint_result(result).findings
    assert next(f for f in en if f.name == "missing-unit").location == "table 1 row 12"


def test_pdf_locations_are_page_lines_and_a_table_goes_on_over_a_page(tmp_path):
    needs("pdfplumber", "pdf")
    result = read_path(str(build_pdf(tmp_path / "forms.pdf")))
    findings, _ = findings_of(result)
    # page 1: the two title lines, then the table: 服务老人人数 is the page's 14th line
    assert _finding(findings, "missing-unit", 0).location == "第1页 第14行"
    # the self-evaluation's indicator table starts on page 1 and goes on over page 2
    se = result.forms[1]
    first, last = se.indicators[0], se.indicators[-1]
    assert result.source_map.locate(first.line, first.column).startswith("第1页")
    assert result.source_map.locate(last.line, last.column).startswith("第2页")
    assert _finding(findings, "satisfaction-below-minimum", 1).location.startswith("第2页 第")


def test_scanned_pdf_is_a_file_error_naming_its_pages(tmp_path, capsys):
    needs("pdfplumber", "pdf")
    from perflint.cli import main
    path = build_scanned_pdf(tmp_path / "scan.pdf")
    result = read_path(str(path), lang="en")
    assert result.forms == []
    assert [e["message"] for e in result.errors] == [
        "scanned PDF without a text layer (page 1); OCR is not supported"]
    with pytest.raises(SystemExit) as exc:
        main(["check", "--no-config", str(path)])
    assert exc.value.code == 2
    assert "扫描版 PDF，没有文字层（第 1 页）" in capsys.readouterr().out     # the default language, Chinese


def test_pdf_without_ruling_lines_is_read_as_laid_out_text(tmp_path, text_result):
    needs("pdfplumber", "pdf")
    result = read_path(str(build_plain_pdf(tmp_path / "plain.pdf")))
    assert result.errors == []
    (form,) = result.forms
    want = essentials(text_result.forms[0])
    got = essentials(form)
    for field in ("kind", "project", "department", "funds", "start_date", "end_date", "indicators"):
        assert got[field] == want[field], field
    assert form.layout == "space"
    findings, _ = findings_of(result)
    assert _finding(findings, "missing-unit", 0).location == "第1页 第14行"


def test_a_scanned_page_among_text_pages_is_named_and_the_rest_read(tmp_path):
    needs("pdfplumber", "pdf")
    result = read_path(str(build_plain_pdf(tmp_path / "mixed.pdf", scanned_first=True)), lang="en")
    assert [f.project for f in result.forms] == ["社区居家养老服务补贴"]
    (err,) = result.errors
    assert err["message"] == "scanned PDF without a text layer (page 1); OCR is not supported"
    assert "other pages were read" in err["hint"]
    findings, _ = findings_of(result)
    assert _finding(findings, "missing-unit", 0).location == "第2页 第14行"


def test_cross_form_findings_are_located_too(tmp_path):
    openpyxl = needs("openpyxl", "office")
    wb = openpyxl.Workbook()
    rows = form_rows("target")
    other = [[c.replace("社区居家养老服务补贴", "老年助餐服务补贴") for c in r] for r in rows]
    _xlsx_form(wb.active, rows, 1)
    _xlsx_form(wb.create_sheet("Sheet2"), other, 1)
    wb.save(tmp_path / "two.xlsx")
    findings, _ = findings_of(read_path(str(tmp_path / "two.xlsx")))
    shared = [f for f in findings if f.name == "goal-shared-across-projects"]
    assert shared, sorted({f.name for f in findings})
    # reported once, on the later form: column B of the row under 项目总目标, on its own sheet
    assert sorted(f.location for f in shared) == ["Sheet2!B11"]


def test_reader_errors_say_where_they_are(tmp_path):
    openpyxl = needs("openpyxl", "office")
    wb = openpyxl.Workbook()
    rows = form_rows("target")
    _xlsx_form(wb.active, rows, 1)
    for col in range(7, 11):     # a row longer than any form's (Excel caps a cell at 32,767 characters)
        wb.active.cell(row=16, column=col, value="x" * 32_000)
    wb.save(tmp_path / "long.xlsx")
    result = read_path(str(tmp_path / "long.xlsx"), lang="en")
    (err,) = result.errors
    assert err["location"] == "Sheet!C16" and err["message"].startswith("(Sheet!C16) line of ")
    (err,) = read_path(str(tmp_path / "long.xlsx")).errors
    assert err["location"] == "Sheet!C16" and err["message"].startswith("（Sheet!C16）该行长达 ")


def test_unmapped_glyphs_and_blank_pages(tmp_path):
    needs("pdfplumber", "pdf")
    from hostile import _pdf
    from perflint.sources.pdf import _problems, unmapped_glyphs
    blank = tmp_path / "blank.pdf"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    blank.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>", page, page]))
    assert [e["message"] for e in read_path(str(blank), lang="en").errors] == [
        "scanned PDF without a text layer (pages 1-2); OCR is not supported"]
    assert unmapped_glyphs([{"text": "项"}, {"text": "(cid:31)"}]) and not unmapped_glyphs([{"text": "项"}])
    (err,) = _problems([], [2, 3], 3)
    assert err.message.render("en").startswith("characters the PDF gives no Unicode for (pages 2-3)")
    assert err.message.render("zh").startswith("PDF 中有字符没有对应的 Unicode（第 2-3 页）")


def _minimal(suffix: str, tmp_path: Path) -> Path:
    """A small document of the kind its suffix says."""
    import hostile
    path = tmp_path / f"form{suffix}"
    if suffix == ".pdf":
        path.write_bytes(hostile._one_page_pdf(b"BT /F1 12 Tf 72 720 Td (form) Tj ET"))
    elif suffix == ".xlsx":
        hostile._xlsx(path, b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                            b'spreadsheetml/2006/main"><sheetData/></worksheet>')
    return path


@pytest.mark.parametrize("suffix,module,extra", [(".pdf", "pdfplumber", "pdf"), (".xlsx", "openpyxl", "office")])
def test_a_missing_extra_says_which_to_install(tmp_path, monkeypatch, suffix, module, extra):
    path = _minimal(suffix, tmp_path)
    monkeypatch.setitem(sys.modules, module, None)        # import fails as if not installed
    result = read_path(str(path))
    assert result.forms == []
    (err,) = result.errors
    assert f'pip install "perflint-cn[{extra}]"' in err["hint"]     # the distribution's name, not `perflint`
    assert f"'{extra}'" in err["message"]


def test_word_documents_need_no_library(tmp_path, monkeypatch):
    path = build_docx(tmp_path / "forms.docx")
    monkeypatch.setitem(sys.modules, "docx", None)
    monkeypatch.setitem(sys.modules, "lxml", None)
    result = read_path(str(path))
    assert result.errors == [] and len(result.forms) == 2


@pytest.mark.parametrize("name,data,message", [
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "cannot read this .pdf file"),
    ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 40, "not a valid zip archive"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 40, "not a valid zip archive"),
])
def test_a_damaged_document_is_a_file_error(tmp_path, name, data, message):
    needs("pdfplumber", "pdf")
    needs("openpyxl", "office")
    path = tmp_path / name
    path.write_bytes(data)
    result = read_path(str(path), lang="en")
    assert result.forms == [] and len(result.errors) == 1
    assert result.errors[0]["message"].startswith(message), result.errors


# --- the CLI and the reports -------------------------------------------------------------------------------
def test_check_shows_locations_in_text_and_json(tmp_path, capsys):
    needs("openpyxl", "office")
    from perflint.cli import main
    path = build_xlsx(tmp_path / "forms.xlsx", one_sheet=True)
    with pytest.raises(SystemExit) as exc:
        main(["check", "--no-config", str(path)])
    assert exc.value.code == 1
    out = capsys.readouterr().out
    assert re.search(r"forms\.xlsx:\d+:\d+: \(Sheet1!F14\) PF\d+ \[\w+\] ", out), out
    with pytest.raises(SystemExit):
        main(["check", "--no-config", "--format", "json", str(path)])
    doc = json.loads(capsys.readouterr().out)
    import jsonschema
    jsonschema.validate(doc, json.loads((ROOT / "schemas/report.schema.json").read_text(encoding="utf-8")))
    assert {f["location"] for f in doc["findings"] if f["name"] == "missing-unit"} == {"Sheet1!F14"}
    assert doc["files"][0]["forms"] == 2


def test_folders_are_walked_for_documents(tmp_path):
    needs("openpyxl", "office")
    from perflint.discovery import discover
    build_xlsx(tmp_path / "forms.xlsx", one_sheet=True)
    (tmp_path / "~$forms.xlsx").write_bytes(b"lock")          # Excel's lock file is not a form
    (tmp_path / "notes.md").write_text("not a form", encoding="utf-8")
    found = discover([str(tmp_path)], Config())
    assert [Path(t.path).name for t in found.targets] == ["forms.xlsx"]


# --- the pieces ---------------------------------------------------------------------------------------------
def test_source_map_locates_by_column():
    m = SourceMap()
    m.add(3, 1, ("cell", "Sheet1!A3"))
    m.add(3, 6, ("cell", "Sheet1!B3"))
    m.add(4, 1, ("page", 2, 14))
    m.add(5, 1, ("table", 2, 3))
    assert m.locate(3, 1) == "Sheet1!A3" and m.locate(3, 5) == "Sheet1!A3"
    assert m.locate(3, 6) == "Sheet1!B3" and m.locate(3, 99) == "Sheet1!B3"
    assert m.locate(4, 7) == "第2页 第14行" and m.locate(4, 7, "en") == "page 2 line 14"
    assert m.locate(5) == "表2 第3行" and m.locate(5, 1, "en") == "table 2 row 3"
    assert m.locate(9) is None


def test_builder_maps_the_filled_cells_of_a_row():
    from perflint.sources import Builder
    b = Builder()
    b.row(["", "项目总目标", "", "x"], [("cell", f"S!{c}1") for c in "ABCD"])
    b.row(["财政项目支出绩效目标申报表"], ("paragraph", 1))
    assert b.lines == ["\t项目总目标\t\tx", "财政项目支出绩效目标申报表"]
    assert b.map.locate(1, 1) == "S!B1" and b.map.locate(1, 2) == "S!B1" and b.map.locate(1, 8) == "S!B1"
    assert b.map.locate(1, 9) == "S!D1"
    assert b.map.locate(2, 5) == "第1段"


def test_cell_text_joins_wrapped_lines():
    assert cell_text("服务对象满意度指\n标") == "服务对象满意度指标"
    assert cell_text("≥2000(元/\n人)") == "≥2000(元/人)"
    assert cell_text("60\n0名") == "600名"
    assert cell_text("project\nmanagement") == "project management"
    assert cell_text("a\tb") == "a b" and cell_text(None) == ""


def test_page_ranges():
    assert page_ranges([1, 2, 3]) == "1-3"
    assert page_ranges([1, 3, 4, 7]) == "1, 3-4, 7"


def test_excel_number_formats():
    from perflint.sources.xlsx import display_value
    assert display_value(1200000, "#,##0.00") == "1,200,000.00"
    assert display_value(120, "0.00") == "120.00"
    assert display_value(0.955, "0.0%") == "95.5%"
    assert display_value(12.5, '0.00"万元"') == "12.50万元"
    assert display_value(-3.2, "#,##0.00_);(#,##0.00)") == "(3.20)"
    assert display_value(0.1 + 0.2, "General") == "0.3"
    assert display_value(dt.datetime(2025, 1, 1), "yyyy-mm-dd") == "2025-01-01"
    assert display_value(dt.date(2025, 12, 31), "m/d/yy") == "2025-12-31"
    assert display_value(3.0, "0.00E+00") == "3"                 # not simple: shown as General
