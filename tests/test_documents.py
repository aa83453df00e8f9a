"""Forms as offices make them read exactly like the same forms written as tab text, with no finding.

The documents are built here from clean tab forms (three targets and three self-evaluations of different
sectors, tests/documents.py): Word tables with real vertical and horizontal merges, Excel sheets with merges,
hidden rows and columns, number formats, formulas and several sheets; then LibreOffice headless prints them
to PDF (tables going on over page breaks, level cells cut by the break) and saves them as .xls, .doc, .wps,
.et, .odt, .ods and .rtf — once per session. "The same" is ``Form.to_dict()`` without line numbers.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import documents as D
from perflint.config import Config
from perflint.engine import Linter
from perflint.reader import read_path, read_text

pytest.importorskip("openpyxl", reason="openpyxl (perflint[office]) is needed to build the workbooks")
pytest.importorskip("docx", reason="python-docx (perflint[dev]) is needed to build the Word documents")

T = [D.tab_form(p) for p in D.TARGETS]
S = [D.tab_form(p) for p in D.SELF_EVALS]

WORD = {
    "word_two_forms": ([T[0], S[0]], {}),
    "word_roads_narrow": ([T[1]], {"narrow_levels": True, "spacer": 6}),
    "word_title_in_table": ([T[2], S[1]], {"title_in_table": True}),
    "word_nested": ([S[2]], {"nested": True}),
    "word_plain": ([S[1], T[1]], {"furniture": False}),
}
EXCEL = {
    "excel_targets": ([T[0], T[1], T[2]], {}),
    "excel_self_evals": ([S[0], S[1], S[2]], {}),
}
# printed to PDF: the workbooks without 附件 lines (see test_an_annex_line_before_a_title), and the long road
# form with its page breaks moved by a cover note of 0 to 28 lines, so that level cells are cut
PRINTED_EXCEL = {"print_" + k: (forms, dict(opts, annex=False)) for k, (forms, opts) in EXCEL.items()}
SPACERS = {f"breaks_{n:02d}": ([T[1]], {"narrow_levels": True, "spacer": n}) for n in range(0, 30, 4)}
STRIP = {"line", "end_line", "column", "end_column", "lines"}


def model(result) -> list[dict]:
    """The forms without line numbers: what a document and its tab twin must share."""
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in STRIP}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return [strip(f.to_dict()) for f in result.forms]


def twin(forms: list[D.TabForm]):
    return read_text(D.twin_text(forms), "twin.txt")


def findings(result) -> list:
    linter = Linter(Config())
    report = linter.lint_result(result)
    return report.findings + linter.finish(report.digests)


def assert_reads_like_twin(path: Path, forms: list[D.TabForm]) -> None:
    result = read_path(str(path))
    assert result.errors == [], result.errors
    assert model(result) == model(twin(forms))
    assert findings(result) == [], [(f.code, f.message, f.location) for f in findings(result)]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, tuple[Path, list[D.TabForm]]]:
    folder = tmp_path_factory.mktemp("office")
    out = {}
    for name, (forms, opts) in {**WORD, **SPACERS}.items():
        out[name] = (D.word_document(forms, folder / f"{name}.docx", **opts), forms)
    for name, (forms, opts) in {**EXCEL, **PRINTED_EXCEL}.items():
        out[name] = (D.excel_workbook(forms, folder / f"{name}.xlsx", **opts), forms)
    out["excel_no_formulas"] = (D.excel_workbook(S, folder / "excel_no_formulas.xlsx", formulas=False), S)
    return out


@pytest.fixture(scope="session")
def converted(built, tmp_path_factory) -> dict[str, dict[str, tuple[Path, list[D.TabForm]]]]:
    """What LibreOffice makes of the documents, by target format: one LibreOffice run per format."""
    if D.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not on PATH: the printed and converted documents cannot be made "
                    "(CI installs libreoffice-writer-nogui and libreoffice-calc-nogui)")
    folder = tmp_path_factory.mktemp("converted")
    words = [n for n in {**WORD, **SPACERS}]
    plan = {
        "pdf": [*words, *PRINTED_EXCEL],
        "xlsx:Calc MS Excel 2007 XML": list(EXCEL),       # saved by an office program: formulas get values
        "xls": list(EXCEL),
        "doc": ["word_two_forms", "word_title_in_table"],
        "odt": ["word_nested"], "rtf": ["word_plain"], "ods": ["excel_targets"],
    }
    out: dict[str, dict] = {}
    for target, names in plan.items():
        made = D.convert_all([built[n][0] for n in names], target, folder / target.split(":")[0])
        out[target.split(":")[0]] = {n: (made[built[n][0]], built[n][1]) for n in names}
    # WPS Office's .wps and .et are Word and Excel 97-2003 files under other names
    out["wps"] = {n: (_copy(p, ".wps"), f) for n, (p, f) in list(out["doc"].items())[:1]}
    out["et"] = {n: (_copy(p, ".et"), f) for n, (p, f) in list(out["xls"].items())[:1]}
    return out


def _copy(path: Path, suffix: str) -> Path:
    target = path.with_name(path.stem + "_wps" + suffix)
    shutil.copyfile(path, target)
    return target


# --- Word and Excel as made ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [*WORD, *list(SPACERS)[:1]])
def test_a_word_document_reads_like_its_tab_twin(built, name):
    assert_reads_like_twin(*built[name])


def test_a_workbook_without_formulas_reads_like_its_tab_twin(built):
    assert_reads_like_twin(*built["excel_no_formulas"])


@pytest.mark.parametrize("name", list(EXCEL))
def test_a_workbook_written_by_a_program_says_its_formulas_have_no_values(built, name):
    path, forms = built[name]
    result = read_path(str(path), lang="en")
    formulas = [e for e in result.errors if "formula" in e["message"]]
    if all(f.kind == "target" for f in forms):       # the targets have no 总分: no formula, no error
        assert result.errors == [] and model(result) == model(twin(forms))
        return
    (err,) = formulas
    assert re.search(r"\d+ formula cells without a saved value \(附件1!\w+\d+, ", err["message"]), err
    assert "save it" in err["hint"] and err["location"].startswith("附件1!")
    (zh,) = [e for e in read_path(str(path)).errors if "公式" in e["message"]]
    assert re.search(r"^\d+ 个公式单元格没有保存的计算结果（附件1!\w+\d+, ", zh["message"]), zh
    # everything but the 总分 the formulas compute reads like the twin
    got, want = model(result), model(twin(forms))
    for form in got + want:
        form["self_eval"].update(total_score=None, total_weight=None)
    assert got == want


def test_hidden_rows_columns_and_sheets_are_left_out(built):
    from perflint.sources import load
    source = load(str(built["excel_targets"][0]))
    assert "示例" not in source.text and "ZB0" not in source.text and "下拉选项" not in source.text
    assert source.text.count("财政项目支出绩效目标申报表") == 3


def test_each_sheet_is_a_part_of_its_own(tmp_path):
    """A sheet's form ends with the sheet: a second form without a title does not run into the first, and
    a sheet's 附件 line before its title belongs to that sheet."""
    untitled = D.TabForm(T[1].path, [], T[1].rows)
    path = D.excel_workbook([T[0], untitled, S[0]], tmp_path / "parts.xlsx", formulas=False)
    result = read_path(str(path))
    assert result.errors == []
    assert [f.project for f in result.forms] == [f.rows[0][1] for f in (T[0], T[1])] + [S[0].rows[0][2]]
    assert [len(f.indicators) for f in result.forms] == [8, 15, 6]
    assert findings(result) == []
    assert [f.index for f in result.forms] == [0, 1, 2]


def test_cells_keep_their_displayed_meaning(tmp_path):
    import datetime as dt

    import openpyxl
    from perflint.sources import load
    wb = openpyxl.Workbook()
    ws = wb.active
    cells = [(0.9684, "0.00%", "96.84%"), (1200000, "#,##0.00", "1,200,000.00"), (12.5, '0.00"万元"', "12.50万元"),
             (dt.datetime(2025, 3, 1), 'yyyy"年"m"月"d"日"', "2025-03-01"), (-3.2, "#,##0.00_);(#,##0.00)", "(3.20)"),
             (0.5, "#.##", ".5"), (1234567, "#,##0,", "1,235"), (True, "General", "TRUE")]
    for row, (value, fmt, _) in enumerate(cells, start=1):
        ws.cell(row, 1, value).number_format = fmt
    wb.save(tmp_path / "formats.xlsx")
    lines = load(str(tmp_path / "formats.xlsx")).text.split("\n")
    assert [ln for ln in lines if ln] == [shown for _, _, shown in cells]


def test_a_rate_typed_as_a_percentage_reads_like_its_twin(tmp_path):
    path = D.excel_workbook(S, tmp_path / "percent.xlsx", formulas=False, percent=True)
    assert "95.00%" in __import__("perflint.sources", fromlist=["load"]).load(str(path)).text
    assert_reads_like_twin(path, S)


# --- Word's details ------------------------------------------------------------------------------------------
def _body(xml: str, tmp_path: Path, name: str = "form.docx") -> Path:
    """A .docx whose body is ``xml`` (WordprocessingML, namespace prefix w)."""
    import hostile
    return hostile._docx(tmp_path / name, (f'<?xml version="1.0"?><w:document {hostile._W_NS} '
                                           'xmlns:v="urn:schemas-microsoft-com:vml"><w:body>' + xml +
                                           "</w:body></w:document>").encode())


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_word_tracked_changes_read_as_shown(tmp_path):
    """An insertion is text, a deletion is not: a value typed in with track changes on is not missing."""
    from perflint.sources import load
    para = ("<w:p>" + _run("服务老人人数 ≥") + '<w:ins w:id="1" w:author="a">' + _run("600") + "</w:ins>"
            + '<w:del w:id="2" w:author="a"><w:r><w:delText>500</w:delText></w:r></w:del>' + _run("(人)")
            + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>'
            + '<w:moveFrom w:id="3" w:author="a">' + _run("移走的") + "</w:moveFrom>"
            + "</w:p>")
    assert load(str(_body(para, tmp_path))).text == "服务老人人数 ≥600(人)"


def test_word_merged_cells_nested_tables_and_paragraphs_in_order(tmp_path):
    from perflint.sources import load

    def cell(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{_run(text) if text else ''}</w:p></w:tc>"

    span, restart, cont = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    inner = "<w:tbl>" + "".join(f"<w:tr>{cell(a)}{cell(b)}</w:tr>" for a, b in (("内1", "内2"), ("内3", "内4"))) \
        + "</w:tbl><w:p/>"
    body = ("<w:p>" + _run("财政项目支出绩效目标申报表") + "</w:p>"
            "<w:tbl>"
            f"<w:tr>{cell('项目名称')}{cell('社区服务', span)}</w:tr>"
            f"<w:tr>{cell('产出指标', restart)}{cell('数量指标')}{cell('服务人数')}</w:tr>"
            f"<w:tr>{cell('', cont)}{cell('质量指标')}{cell('合格率')}</w:tr>"
            f"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{cell('备注', span)}</w:tr>"
            f"<w:tr><w:trPr><w:del w:id=\"9\" w:author=\"a\"/></w:trPr>{cell('删除的行')}</w:tr>"
            f"<w:tr><w:tc><w:p>{_run('说明')}</w:p>{inner}</w:tc></w:tr>"
            "</w:tbl>"
            "<w:p>" + _run("注：") + "<w:r><w:tab/></w:r>" + _run("金额单位 元") + "<w:r><w:br/></w:r>"
            + _run("填报人：张三") + "</w:p>"
            '<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p>' + _run("文本框")
            + "</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>")
    source = load(str(_body(body, tmp_path)))
    assert source.text.split("\n") == [
        "财政项目支出绩效目标申报表", "", "项目名称\t社区服务\t", "产出指标\t数量指标\t服务人数", "\t质量指标\t合格率",
        "\t备注\t", "说明", "内1\t内2", "内3\t内4", "注：\t金额单位 元", "填报人：张三"]
    where = [source.map.locate(n) for n in range(1, 12)]
    assert where[2] == "表1 第1行" and where[7] == "表1 第6行 内表1 第1行" and where[9] == "第2段"
    assert source.map.locate(8, 1, "en") == "table 1 row 6, inner table 1 row 1"


def test_an_annex_line_between_forms_in_a_word_document(tmp_path):
    """附件N before the second form's title (as offices write them) reads like the twin with the same line."""
    path = D.word_document([T[0], S[0]], tmp_path / "annex.docx", furniture=False)
    result = read_path(str(path))
    assert model(result) == model(twin([T[0], S[0]]))


def test_an_annex_line_before_a_title(tmp_path):
    text = D.twin_text([T[0]]).rstrip("\n") + "\n\n附件2\n" + S[0].text
    result = read_text(text, "annex.txt")
    assert findings(result) == [] and model(result) == model(twin([T[0], S[0]]))


# --- printed and converted by LibreOffice ---------------------------------------------------------------------
@pytest.mark.parametrize("name", [*WORD, *SPACERS, *PRINTED_EXCEL])
def test_a_printed_pdf_reads_like_its_tab_twin(converted, name):
    assert_reads_like_twin(*converted["pdf"][name])


def test_the_printed_tables_go_on_over_page_breaks_that_cut_level_cells(converted):
    """The PDFs above are worth their name: tables run over page breaks, a break cuts level cells with
    their rows on both pages, the level's text is (partly) on the next page in some (LibreOffice Writer
    lets it flow on), and Calc prints a cut block's text in the middle of the whole block — on the next
    page only, with rows of the block at the foot of the page before."""
    breaks = {name: D.level_breaks(converted["pdf"][name][0], T[1]) for name in SPACERS}
    cut = [b for bs in breaks.values() for b in bs if b.rows_before and b.rows_after]
    assert len(cut) >= 5, breaks
    assert any(b.text_after and b.rows_before >= 1 and b.rows_after >= 2 for b in cut), breaks
    assert any(b.one_and_one for b in cut), breaks                 # a two-row level cut in two
    calc = D.level_breaks(converted["pdf"]["print_excel_targets"][0], T[1])
    assert any(b.text_pages and min(b.text_pages) > b.page and b.rows_before for b in calc), calc


@pytest.mark.parametrize("target", ["xlsx", "xls", "et", "ods"])
def test_a_workbook_saved_by_libreoffice_reads_like_its_tab_twin(converted, target):
    """Saved by an office program, the formulas have their values; .xls and .et through xlrd."""
    for path, forms in converted[target].values():
        assert_reads_like_twin(path, forms)


@pytest.mark.parametrize("target", ["doc", "wps", "odt", "rtf"])
def test_a_word_document_saved_by_libreoffice_reads_like_its_tab_twin(converted, target):
    for path, forms in converted[target].values():
        assert_reads_like_twin(path, forms)


def test_without_libreoffice_a_doc_is_an_error_naming_it(converted, monkeypatch):
    import perflint.sources.convert as convert
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    path, _ = next(iter(converted["wps"].values()))
    (err,) = read_path(str(path), lang="en").errors
    assert err["message"] == "reading .wps files needs LibreOffice (soffice was not found on PATH)"
    assert "libreoffice-writer-nogui" in err["hint"]


def test_without_xlrd_an_xls_goes_through_libreoffice(converted, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "xlrd", None)
    path, forms = converted["xls"]["excel_targets"]
    assert_reads_like_twin(path, forms)


# --- printed as Word prints (no office program needed) ---------------------------------------------------
@pytest.mark.parametrize("path", D.TARGETS + D.SELF_EVALS, ids=lambda p: p.stem)
def test_a_table_cut_anywhere_keeps_its_levels_as_word_prints_it(path, tmp_path):
    """Every page break in the indicator table, one or two of them: a merged cell's text printed once in
    the middle of its whole block (as Word does) — on the next page when the middle falls there — still gives
    every row of its block its level. Not covered: a page holding a single row of a block cut twice (its box
    is a one-row box like any other; nothing tells the merged cell from three rows)."""
    pytest.importorskip("reportlab", reason="reportlab (perflint[dev]) draws the PDFs")
    pytest.importorskip("pdfplumber", reason="pdfplumber (perflint[pdf]) reads them")
    form = D.tab_form(path)
    want = model(twin([form]))
    header = next(i for i, r in enumerate(form.rows) if "一级指标" in r)
    cases = [[k] for k in range(header + 1, len(form.rows) - 1)]
    cases += [[k, k + 2] for k in range(header + 1, len(form.rows) - 3)]
    wrong, next_page = [], 0
    for breaks in cases:
        pdf = D.word_printed_pdf(form, tmp_path / "printed.pdf", breaks)
        result = read_path(str(pdf))
        if result.errors or model(result) != want or findings(result):
            wrong.append(breaks)
        if next_page < 2:
            next_page += any(b.text_after for b in D.level_breaks(pdf, form))
    assert wrong == []
    assert next_page >= 2          # the cases include level texts printed on the page after their block's start
