"""Documents built the way offices make them, from forms written as tab text (the tests' twins).

* Word (python-docx): the title as centred paragraphs (or as the table's first row, merged across all columns
  and repeated on every page), then one table per form: labels and values merged right over the empty cells
  after them, 一级 and 二级 cells and the 绩效指标 label merged down over the indicator rows (real ``vMerge`` and
  ``gridSpan``), merged cells centred vertically; a page header and a footer ``第 N 页 共 M 页``; a text box.
* Excel (openpyxl): a sheet per form (a ``附件N`` line above its title), the title merged across the columns,
  the same merges, amounts as numbers formatted ``#,##0.00``, dates as dates, a hidden template row and a
  hidden column, 总分 as a formula, borders, the column-header row repeated on each printed page, a footer.
* LibreOffice headless prints them to PDF and saves them as .xls / .doc / .odt / .ods / .rtf (see
  ``convert_all``: one LibreOffice run per target format for all the documents of a session).

Each must read to the same model as its twin: the forms' tab text one after the other.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
TARGETS = [FIXTURES / "layouts/target_tab.txt", FIXTURES / "documents/target_roads.txt",
           FIXTURES / "documents/target_training.txt"]
SELF_EVALS = [FIXTURES / "layouts/self_eval_tab.txt", FIXTURES / "self_eval/clean-talent.txt",
              FIXTURES / "self_eval/clean-deductions.txt"]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class TabForm:
    """A form written as tab text: its title lines and the rows of its table."""

    path: Path
    titles: list[str]
    rows: list[list[str]]

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)

    @property
    def kind(self) -> str:
        return "self_eval" if "自评" in "".join(self.titles) else "target"


def tab_form(path: Path) -> TabForm:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            cells = line.rstrip("\n").split("\t")
            cells[0] = re.sub(r"^#+\s+", "", cells[0])          # a markdown heading marker is not the title's
            rows.append(cells)
    first = next(i for i, r in enumerate(rows) if sum(1 for c in r if c.strip()) >= 2)
    return TabForm(path, [" ".join(c for c in r if c.strip()) for r in rows[:first]], rows[first:])


def twin_text(forms: list[TabForm]) -> str:
    """The forms as tab text, one after the other: what every document made of them must read like."""
    return "\n\n".join(f.text.strip("\n") for f in forms) + "\n"


def merge_plan(rows: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """Rectangles (row0, col0, row1, col1), 0-based inclusive, as a form's author would merge them:
    above the indicator table a label or value runs right over the empty cells after it (and a label in
    the first column down over rows that are empty beneath it); in the table, every column left of
    三级指标 (the 一级/二级 levels, a 绩效指标 label) runs down over the indicator rows left empty."""
    header_at = next(i for i, r in enumerate(rows) if "一级指标" in r)
    name_col = rows[header_at].index("三级指标")
    plan: list[tuple[int, int, int, int]] = []
    covered: set[tuple[int, int]] = set()

    def blank(r: int, c: int) -> bool:
        return c >= len(rows[r]) or not rows[r][c].strip()

    for r in range(header_at):
        for c, text in enumerate(rows[r]):
            if not text.strip() or (r, c) in covered:
                continue
            c1 = c
            while c1 + 1 < len(rows[r]) and blank(r, c1 + 1) and (r, c1 + 1) not in covered:
                c1 += 1
            r1 = r
            if c == 0:
                while r1 + 1 < header_at and all(blank(r1 + 1, k) for k in range(c, c1 + 1)) \
                        and any(x.strip() for x in rows[r1 + 1]):
                    r1 += 1
            if (r1, c1) != (r, c):
                plan.append((r, c, r1, c1))
                covered.update((a, b) for a in range(r, r1 + 1) for b in range(c, c1 + 1))

    def indicator(r: int) -> bool:
        return r < len(rows) and not blank(r, name_col)

    for c in range(name_col):
        for r in range(header_at + 1, len(rows)):
            if blank(r, c) or not indicator(r):
                continue
            r1 = r
            while indicator(r1 + 1) and blank(r1 + 1, c):
                r1 += 1
            if r1 > r:
                plan.append((r, c, r1, c))
    return plan


def level_column(form: TabForm) -> int:
    """The 一级指标 column of the form's indicator table."""
    header = next(r for r in form.rows if "一级指标" in r)
    return header.index("一级指标")


# --- Word ------------------------------------------------------------------------------------------------
def word_document(forms: list[TabForm], path: Path, *, title_in_table: bool = False, nested: bool = False,
                  spacer: int = 0, narrow_levels: bool = False, furniture: bool = True) -> Path:
    """A .docx of ``forms``, one table each, a page break between them.

    ``title_in_table``: the title rows are the table's first rows, merged across all its columns and
    repeated on every page; ``nested``: each form's table sits inside the single cell of a layout table;
    ``spacer``: paragraphs of a cover note before the first form (to move page breaks); ``narrow_levels``:
    the level columns so narrow that 产出指标 wraps over several lines."""
    import docx
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(10)
    if furniture or spacer:
        doc.add_paragraph("关于报送项目绩效目标的说明" if spacer else "")
    for n in range(spacer):
        doc.add_paragraph(f"说明{n + 1}：本年度项目绩效目标按要求填报，请审核。")
    for n, form in enumerate(forms):
        if n:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if not title_in_table:
            for i, title in enumerate(form.titles):
                para = doc.add_paragraph()
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = para.add_run(title)
                run.bold, run.font.size = not i, Pt(16 if not i else 11)
        rows = ([[t] + [""] * (form.width - 1) for t in form.titles] if title_in_table else []) + form.rows
        host = doc
        if nested:
            outer = doc.add_table(rows=1, cols=1)
            host = outer.cell(0, 0)
        table = host.add_table(rows=len(rows), cols=form.width)
        table.style = "Table Grid"
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                if text.strip():
                    table.cell(r, c).text = text
        heads = len(form.titles) if title_in_table else 0
        for r in range(heads):
            table.cell(r, 0).merge(table.cell(r, form.width - 1))
            _repeat_as_header(table.rows[r])
        for r0, c0, r1, c1 in merge_plan(form.rows):
            merged = table.cell(heads + r0, c0).merge(table.cell(heads + r1, c1))
            merged.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        if narrow_levels:
            _narrow(table, level_column(form), Cm)
        if nested:
            host.paragraphs[0].text = ""          # the layout cell's own paragraph stays empty
    if furniture:
        _furniture(doc, forms)
    doc.save(path)
    return path


def _repeat_as_header(row) -> None:
    from docx.oxml import OxmlElement
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _narrow(table, level_col: int, Cm) -> None:
    """Level columns of 0.8 cm: a level name wraps one or two characters to a line."""
    table.autofit = False
    widths = [Cm(0.8) if c in (level_col, level_col + 1) else Cm(2.8) for c in range(len(table.columns))]
    for c, width in enumerate(widths):
        table.columns[c].width = width
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]


def _furniture(doc, forms: list[TabForm]) -> None:
    """A page header, a footer with 第 N 页 共 M 页 and a text box: none of them is part of the form."""
    from lxml import etree
    section = doc.sections[0]
    section.header.paragraphs[0].text = "某市财政局 预算绩效管理"
    footer = section.footer.paragraphs[0]
    footer._p.append(etree.fromstring(
        f'<w:r xmlns:w="{W_NS}"><w:t xml:space="preserve">第 </w:t></w:r>'))
    for field, after in (("PAGE", " 页 共 "), ("NUMPAGES", " 页")):
        footer._p.append(etree.fromstring(
            f'<w:fldSimple xmlns:w="{W_NS}" w:instr="{field}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        footer._p.append(etree.fromstring(
            f'<w:r xmlns:w="{W_NS}"><w:t xml:space="preserve">{after}</w:t></w:r>'))
    first = doc.paragraphs[0]._p           # on the first page, before the first form
    first.append(etree.fromstring(
        f'<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="position:absolute;'
        'margin-left:380pt;margin-top:0;width:80pt;height:24pt"><v:textbox><w:txbxContent><w:p><w:r>'
        '<w:t>内部资料 请勿外传</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))


# --- Excel -----------------------------------------------------------------------------------------------
def excel_workbook(forms: list[TabForm], path: Path, *, formulas: bool = True, hidden: bool = True,
                   print_setup: bool = True, annex: bool = True, percent: bool = False) -> Path:
    """An .xlsx with a sheet per form, each with an 附件N line above its merged title (``annex``);
    ``percent``: 执行率 typed as a fraction formatted ``0.00%`` rather than as the number of percent."""
    import openpyxl
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for n, form in enumerate(forms, start=1):
        ws = wb.create_sheet(f"附件{n}")
        _sheet(ws, form, n if annex else 0, formulas=formulas, hidden=hidden, print_setup=print_setup,
               percent=percent)
    lists = wb.create_sheet("下拉选项")      # a hidden sheet of drop-down lists is not a form
    for i, name in enumerate(("产出指标", "效益指标", "满意度指标", "数量指标"), start=1):
        lists.cell(row=i, column=1, value=name)
    lists.sheet_state = "hidden"
    wb.save(path)
    return path


def _sheet(ws, form: TabForm, number: int, *, formulas: bool, hidden: bool, print_setup: bool,
           percent: bool) -> None:
    from openpyxl.styles import Alignment, Border, Side
    width = form.width
    if number:
        ws.cell(row=1, column=1, value=f"附件{number}")
    top = 2 if number else 1
    for i, title in enumerate(form.titles):
        ws.cell(row=top + i, column=1, value=title).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=top + i, start_column=1, end_row=top + i, end_column=width)
    first = top + len(form.titles)
    header_at = next(i for i, r in enumerate(form.rows) if "一级指标" in r)
    # a hidden template row inside the indicator block and a hidden column after 三级指标
    hidden_row = header_at + 3 if hidden else None
    hidden_col = form.rows[header_at].index("三级指标") + 1 if hidden else None

    def at(r: int, c: int) -> tuple[int, int]:
        row = first + r + (1 if hidden_row is not None and r >= hidden_row else 0)
        col = 1 + c + (1 if hidden_col is not None and c >= hidden_col else 0)
        return row, col

    budget = next((r for r, cells in enumerate(form.rows) if any(c.startswith("执行率") for c in cells)), None)
    rate_col = form.rows[budget].index(next(c for c in form.rows[budget] if c.startswith("执行率"))) \
        if budget is not None else None
    for r, cells in enumerate(form.rows):
        in_budget = budget is not None and budget < r <= budget + 4
        for c, text in enumerate(cells):
            if text.strip():
                _put(ws.cell(*at(r, c)), text, percent and in_budget and c == rate_col)
    for r0, c0, r1, c1 in merge_plan(form.rows):
        (a, b), (e, f) = at(r0, c0), at(r1, c1)
        ws.merge_cells(start_row=a, start_column=b, end_row=e, end_column=f)
    if hidden_row is not None:
        row = first + hidden_row
        ws.cell(row, at(0, form.rows[header_at].index("三级指标"))[1], value="（示例）某某指标")
        ws.row_dimensions[row].hidden = True
    if hidden_col is not None:
        for r in range(header_at + 1, len(form.rows)):
            ws.cell(at(r, 0)[0], 1 + hidden_col, value=f"ZB{r:03d}")
        ws.column_dimensions[_letter(1 + hidden_col)].hidden = True
    if formulas:
        _total_formula(ws, form, at)
    last_row, last_col = at(len(form.rows) - 1, width - 1)
    for row in ws.iter_rows(min_row=first, max_row=last_row, min_col=1, max_col=last_col):
        for cell in row:
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    width_of = 72 / (last_col - (1 if hidden_col is not None else 0))     # an A4 page's width in all
    for c in range(1, last_col + 1):
        ws.column_dimensions[_letter(c)].width = width_of
    _row_heights(ws, form, at, width_of)
    if print_setup:
        thin = Side(style="thin")
        for row in ws.iter_rows(min_row=first, max_row=last_row, min_col=1, max_col=last_col):
            for cell in row:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        header_row = at(header_at, 0)[0]
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.sheet_properties.pageSetUpPr.fitToPage = True     # all columns on one page's width
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def _row_heights(ws, form: TabForm, at, width: float) -> None:
    """Each row as high as its wrapped text needs, as Excel stores it once the author has typed the form (a
    file written by a program has no heights, and LibreOffice would print every row one line high)."""
    spans = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merge_plan(form.rows)}
    for r, cells in enumerate(form.rows):
        lines = 1
        for c, text in enumerate(cells):
            r1, c1 = spans.get((r, c), (r, c))
            if not text.strip() or r1 > r:
                continue
            room = int(width * (c1 - c + 1)) - 1
            need = sum(2 if ord(ch) > 0x2e80 else 1 for ch in text)
            lines = max(lines, -(-need // max(room, 1)))
        ws.row_dimensions[at(r, 0)[0]].height = 15 * lines + 6


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(n)


def _put(cell, text: str, percent: bool = False) -> None:
    """A cell as an office user types it: amounts and scores as formatted numbers, dates as dates."""
    value = text.strip()
    if percent and re.fullmatch(r"\d+\.\d\d", value):
        cell.value, cell.number_format = float(value) / 100, "0.00%"
        return
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        cell.value = dt.datetime.strptime(value, "%Y-%m-%d")
        cell.number_format = 'yyyy"年"m"月"d"日"' if value.endswith("01") else "yyyy-mm-dd"
        return
    m = re.fullmatch(r"-?[\d,]+\.(\d+)", value)
    if m:
        cell.value = float(value.replace(",", ""))
        cell.number_format = ("#,##0." if "," in value else "0.") + "0" * len(m.group(1))
        return
    cell.value = text
    if text.startswith("="):
        cell.data_type = "s"        # a target such as =100(%) is text, not a formula


def _total_formula(ws, form: TabForm, at) -> None:
    """总分's 分值 and 得分 as formulas (indicator rows plus the budget row), where they add up to what the form
    shows: a workbook keeps formulas and, once saved by an office program, their values."""
    rows = form.rows
    total = next((r for r, cells in enumerate(rows) if cells[0].strip() == "总分"), None)
    budget_head = next((r for r, cells in enumerate(rows) if any("执行率" in c for c in cells)), None)
    if total is None or budget_head is None:
        return
    header_at = next(i for i, r in enumerate(rows) if "一级指标" in r)
    budget = budget_head + 1
    for label, names in (("分值", ("分值", "分数")), ("得分", ("得分",))):
        col = rows[header_at].index(label)
        bcol = next(i for i, c in enumerate(rows[budget_head]) if c.strip() in names)
        cells = [(r, col) for r in range(header_at + 1, total) if _number(rows[r], col) is not None]
        cells.append((budget, bcol))
        if f"{sum(_number(rows[r], c) for r, c in cells):.2f}" != rows[total][col].strip():
            continue
        refs = ",".join(f"{_letter(at(r, c)[1])}{at(r, c)[0]}" for r, c in cells)
        ws.cell(*at(total, col)).value = f"=SUM({refs})"


def _number(cells: list[str], col: int) -> float | None:
    text = cells[col].strip() if col < len(cells) else ""
    return float(text.replace(",", "")) if re.fullmatch(r"[\d,]+\.\d+", text) else None


# --- LibreOffice -----------------------------------------------------------------------------------------
def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_all(sources: list[Path], target: str, outdir: Path, timeout: float = 300) -> dict[Path, Path]:
    """Convert every file in ``sources`` into ``target`` (pdf, xls, doc, odt, ods, rtf, xlsx) in one
    LibreOffice run with a profile of its own; the converted file of each source."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--nologo", "--nolockcheck", "--convert-to", target, "--outdir", str(outdir),
                        *map(str, sources)], check=True, capture_output=True, timeout=timeout,
                       start_new_session=True, env=dict(os.environ, SAL_USE_VCLPLUGIN="svp"))
    out = {s: outdir / (s.stem + "." + target.split(":")[0]) for s in sources}
    missing = [str(s) for s, o in out.items() if not o.is_file()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return out


# --- where a PDF's page breaks cut the level blocks --------------------------------------------------------
@dataclass
class Break:
    """A level block (一级 or 二级) that a page break cuts: its rows on the page before and after the break,
    and the pages its text is printed on."""

    level: str
    page: int               # the page of the block's first rows
    rows_before: int
    rows_after: int
    text_pages: list[int]

    @property
    def text_after(self) -> bool:
        """(Part of) the level's text is printed on the page after the block's first rows."""
        return any(p > self.page for p in self.text_pages)

    @property
    def one_and_one(self) -> bool:
        """A two-row block cut in the middle, its text run on from one row to the other: perflint cannot
        tell it from two one-row blocks (see perflint.sources.pdftables)."""
        return self.rows_before == 1 and self.rows_after == 1 and len(self.text_pages) == 2


def level_breaks(pdf_path: Path, form: TabForm) -> list[Break]:
    """The level blocks of ``form`` (printed alone in ``pdf_path``) cut by a page break, found with
    pdfplumber's table cells: the indicator names give the block's rows, the cells of the level columns
    holding (part of) the level name give where its text is printed."""
    import pdfplumber
    from perflint.reader import read_text

    def squash(text: str | None) -> str:
        return re.sub(r"\s+", "", text or "")

    def inside(ch: dict, box) -> bool:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        return box[0] <= x <= box[2] and box[1] <= y <= box[3]

    cells = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                for box in table.cells:
                    text = "".join(ch["text"] for ch in page.chars if inside(ch, box))
                    cells.append((page.page_number, box, squash(text)))
    heads = {text: box for _, box, text in cells if text in ("一级指标", "二级指标")}
    (model,) = read_text(form.text, "twin.txt").forms
    blocks: dict[tuple[str, str], list[str]] = {}
    for ind in model.indicators:
        blocks.setdefault(("一级指标", ind.level1), []).append(squash(ind.name))
        blocks.setdefault(("二级指标", ind.level2), []).append(squash(ind.name))
    out = []
    for (column, level), names in blocks.items():
        pages = [page for page, _, text in cells if text in names]
        if not pages or min(pages) == max(pages) or column not in heads:
            continue
        x0, x1 = heads[column][0], heads[column][2]
        printed = sorted({page for page, box, text in cells if text and text in squash(level)
                          and box[0] >= x0 - 1 and box[2] <= x1 + 1 and min(pages) <= page <= max(pages)})
        out.append(Break(level, min(pages), pages.count(min(pages)), pages.count(max(pages)), printed))
    return out


# --- a PDF drawn as Word prints it --------------------------------------------------------------------------
def word_printed_pdf(form: TabForm, path: Path, breaks: list[int]) -> Path:
    """``form`` drawn as Word prints a table (reportlab, no office program needed): ruled cells; a merged
    cell one box on each page it reaches and its text once, centred on the *whole* block, so that a block
    cut by a page break can have its text on the next page only; the column-header row repeated at the top
    of each later page; a footer 第 N 页 共 M 页. ``breaks``: the body rows after which a page ends."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = landscape(A4)
    size, col = 7.0, (width - 80) / form.width
    rows, header = form.rows, next(i for i, r in enumerate(form.rows) if "一级指标" in r)
    spans = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merge_plan(rows)}
    cells = {(r, c): spans.get((r, c), (r, c)) for r, cells_ in enumerate(rows) for c in range(form.width)
             if not any(r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0)
                        for (r0, c0), (r1, c1) in spans.items())}

    def lines(text: str, cols: int) -> list[str]:
        per = max(1, int(col * cols / size) - 1)
        return [text[i:i + per] for i in range(0, len(text), per)] or [""]

    row_h = [max([len(lines(rows[r][c], c1 - c + 1)) for (rr, c), (r1, c1) in cells.items() if rr == r == r1]
                 + [1]) * (size + 2) + 6 for r in range(len(rows))]
    bounds = [0, *[b + 1 for b in breaks], len(rows)]
    pages = [([header] if n and start > header else []) + list(range(start, end))
             for n, (start, end) in enumerate(zip(bounds, bounds[1:]))]
    tops: dict[tuple[int, int], float] = {}          # (page, row) -> top
    for n, page_rows in enumerate(pages):
        y = 70.0 + (20 * len(form.titles) if n == 0 else 0)
        for r in page_rows:
            tops[(n, r)], y = y, y + row_h[r]
    c = canvas.Canvas(str(path), pagesize=(width, height))
    for n, page_rows in enumerate(pages):
        c.setFont("STSong-Light", size)
        for i, title in enumerate(form.titles if n == 0 else []):
            c.drawCentredString(width / 2, height - 40 - 20 * i, title)
        for (r0, c0), (r1, c1) in cells.items():
            here = [r for r in page_rows if r0 <= r <= r1 and not (r == header and r0 != header and n)]
            if r0 == header and n and header not in page_rows or not here:
                continue
            top, bottom = tops[(n, here[0])], tops[(n, here[-1])] + row_h[here[-1]]
            c.rect(40 + c0 * col, height - bottom, col * (c1 - c0 + 1), bottom - top)
            if r1 == r0 or r0 == header:
                for k, text in enumerate(lines(rows[r0][c0], c1 - c0 + 1)):
                    c.drawString(42 + c0 * col, height - top - 3 - (k + 1) * (size + 2), text)
            else:                     # merged down: once, at the middle of the whole block
                block = [(m, r) for m, p in enumerate(pages) for r in p if r0 <= r <= r1 and (m, r) in tops
                         and not (r == header and m)]
                total = sum(row_h[r] for _, r in block)
                at, k = total / 2, 0
                while at > row_h[block[k][1]]:
                    at, k = at - row_h[block[k][1]], k + 1
                if block[k][0] == n:
                    c.drawString(42 + c0 * col, height - tops[(n, block[k][1])] - at - size / 2, rows[r0][c0])
        c.drawCentredString(width / 2, 24, f"第 {n + 1} 页 共 {len(pages)} 页")
        c.showPage()
    c.save()
    return path
