"""PDF files (pdfplumber), page by page, tables by geometry.

On a page with ruled tables, each table is read as cells with their boxes (``pdfplumber`` finds them from the
ruling lines; a merged cell is one box spanning rows or columns) and the page's other text comes line by line,
all in reading order. Tables going on over a page break are joined (``pdftables``). A page without ruling
lines is read as laid-out text, columns kept apart by spaces. Location ``第2页 第14行`` / ``page 2 line 14``:
the 14th line of page 2 as read here, a table row counting as one line.

Bounded: the file's compressed streams and each page's content are checked before pdfminer decodes them
(``pdfguard``), the pages are counted before any is read (``pdf-pages``) and a page stops being read at
``pdf-page-chars`` characters. Pages with no characters but an image are scanned pages: perflint has no OCR,
so they are a per-file error naming the pages.
"""
from __future__ import annotations

import bisect
import io
from functools import lru_cache

from ..errors import FileError, LimitError, Text
from .limits import Limits, key
from .pdfguard import check_page_content, check_streams
from .pdftables import Cell, Fragment, Item, Line, write
from .readers import require
from .textmap import Builder


class _TooManyChars(Exception):
    pass


def extract(data: bytes, path: str, builder: Builder, limits: Limits) -> list[FileError]:
    pdfplumber = require("pdfplumber", "pdfplumber", "pdf")
    check_streams(data, path, limits)
    pdf = pdfplumber.open(io.BytesIO(data))    # not closed: closing walks every page of the file
    pages: list[list[Item]] = []
    scanned: list[int] = []
    blank: list[int] = []
    unmapped: list[int] = []
    for number, page in _pages(pdf, path, limits):
        try:
            check_page_content(page.page_obj, path, number, limits)
            try:
                chars = page.chars
            except _TooManyChars:
                raise LimitError(path, "input.pdf-page-chars", key("pdf_page_chars"),
                                 params={"page": number, "n": limits.pdf_page_chars}) from None
            if not chars:
                (scanned if page.images else blank).append(number)
                continue
            if unmapped_glyphs(chars):
                unmapped.append(number)
            _check_ruling(page, number, path, limits)
            pages.append(page_items(page, number))
        finally:
            page.close()
    write(pages, builder)
    seen = len(pages) + len(scanned) + len(blank)
    return _problems(scanned or (blank if not builder.lines else []), unmapped, seen)


def _pages(pdf, path: str, limits: Limits):
    """The pages one by one, refused past ``pdf-pages`` (the count the file declares is checked first)."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1
    try:
        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:     # no page tree to speak of: count while walking
        declared = None
    if isinstance(declared, int) and declared > limits.pdf_pages:
        raise LimitError(path, "input.pdf-pages", key("pdf_pages"), params={"n": declared})
    page_class = _bounded_page_class()
    for number, page_obj in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        if number > limits.pdf_pages:
            raise LimitError(path, "input.pdf-pages-over", key("pdf_pages"), params={"n": limits.pdf_pages})
        page = page_class(pdf, page_obj, page_number=number)
        page.char_limit = limits.pdf_page_chars
        yield number, page


@lru_cache(maxsize=1)
def _bounded_page_class():
    """pdfplumber's Page, laid out by a device that stops at the page's character limit."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent

    class CountingDevice(PDFPageAggregatorWithMarkedContent):
        left = 0

        def render_char(self, *args, **kwargs):  # type: ignore[override]
            self.left -= 1
            if self.left < 0:
                raise _TooManyChars
            return super().render_char(*args, **kwargs)

    class BoundedPage(Page):
        char_limit = 0

        @property
        def layout(self):
            if hasattr(self, "_layout"):
                return self._layout
            device = CountingDevice(self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams)
            device.left = self.char_limit
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            self._layout = device.get_result()
            return self._layout

    return BoundedPage


def _check_ruling(page, number: int, path: str, limits: Limits) -> None:
    """Refuse a page whose ruling lines could make more cells than ``pdf-page-cells``: finding the tables
    of a page ruled into 40,000 cells takes pdfplumber half a minute."""
    xs = {round(e["x0"]) for e in page.edges if e["orientation"] == "v"}
    ys = {round(e["top"]) for e in page.edges if e["orientation"] == "h"}
    if len(xs) * len(ys) > limits.pdf_page_cells:
        raise LimitError(path, "input.pdf-page-cells", key("pdf_page_cells"),
                         params={"page": number, "n": len(xs) * len(ys)})


def page_items(page, number: int) -> list[Item]:
    """The page's tables (as cells) and text lines, top to bottom. A page without tables is read as laid-out
    text: its lines keep the spaces between columns."""
    tables = page.find_tables()
    if tables and not all(_tiled(t) for t in tables):
        # a merged cell going on over the page break has no bottom border (Calc): close the tables
        edges = sorted({float(v) for t in tables for v in (t.bbox[1], t.bbox[3])})
        tables = page.find_tables({"explicit_horizontal_lines": edges})
    placed: set[int] = set()
    items: list[Item] = [_fragment(t, page.chars, number, placed) for t in tables]
    rest = page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) not in placed) if tables else page
    sizes = sorted(ch["bottom"] - ch["top"] for ch in page.chars)
    usual = float(sizes[len(sizes) // 2]) if sizes else 0.0
    lines = [ln for ln in rest.extract_text_lines(layout=not tables, strip=bool(tables), return_chars=True)
             if ln["text"].strip()]
    indent = 0 if tables else min((len(ln["text"]) - len(ln["text"].lstrip(" ")) for ln in lines), default=0)
    for ln in lines:
        chars = tuple((float(ch["x0"]), float(ch["x1"]), ch["text"]) for ch in ln["chars"])
        size = max((ch["bottom"] - ch["top"] for ch in ln["chars"]), default=0.0)
        items.append(Line(number, float(ln["top"]), ln["text"][indent:].rstrip(), float(page.height), float(size),
                          usual, chars))
    items.sort(key=lambda it: it.top)
    return items


def _tiled(table) -> bool:
    """Whether the table's cells cover its whole box (no cell left open)."""
    x0, top, x1, bottom = table.bbox
    area = sum((c[2] - c[0]) * (c[3] - c[1]) for c in table.cells)
    return area >= 0.995 * (x1 - x0) * (bottom - top)


def _fragment(table, chars: list[dict], number: int, placed: set[int]) -> Fragment:
    """A table's cells with the text inside each (a character belongs to the cell holding its centre);
    the characters placed in a cell are added to ``placed``."""
    from pdfplumber.utils import extract_text
    x0, top, x1, bottom = (float(v) for v in table.bbox)
    cells = [Cell(float(c[0]), float(c[1]), float(c[2]), float(c[3]), page=number) for c in table.cells]
    xs = sorted({c.x0 for c in cells})
    ys = sorted({c.top for c in cells})
    slots: dict[tuple[int, int], int] = {}
    for n, c in enumerate(cells):
        for i in range(bisect.bisect_left(xs, c.x0), bisect.bisect_left(xs, c.x1)):
            for j in range(bisect.bisect_left(ys, c.top), bisect.bisect_left(ys, c.bottom)):
                slots.setdefault((i, j), n)
    inside: dict[int, list[dict]] = {}
    for ch in chars:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= x <= x1 and top <= y <= bottom):
            continue
        n = slots.get((bisect.bisect_right(xs, x) - 1, bisect.bisect_right(ys, y) - 1))
        if n is not None and cells[n].x0 <= x <= cells[n].x1 and cells[n].top <= y <= cells[n].bottom:
            inside.setdefault(n, []).append(ch)
            placed.add(id(ch))
    for n, own in inside.items():
        c = cells[n]
        c.text = extract_text(own) or ""
        c.text_top = min(ch["top"] for ch in own)
        c.text_bottom = max(ch["bottom"] for ch in own)
        c.char_height = max(ch["bottom"] - ch["top"] for ch in own)
        c.text_right = max(ch["x1"] for ch in own if ch["bottom"] >= c.text_bottom - c.char_height / 2)
    return Fragment(number, x0, top, x1, bottom, cells)


def unmapped_glyphs(chars: list[dict]) -> bool:
    """Characters the PDF's fonts give no Unicode for: pdfminer writes them ``(cid:NN)``."""
    return any(ch["text"].startswith("(cid:") for ch in chars)


def _problems(scanned: list[int], unmapped: list[int], number_of_pages: int) -> list[FileError]:
    errors = []
    if scanned:
        every = len(scanned) == number_of_pages
        errors.append(FileError.keyed("input.pdf-scanned", pages=_pages_named(scanned),
                                      hint="input.pdf-scanned.hint-" + ("all" if every else "some")))
    if unmapped:
        errors.append(FileError.keyed("input.pdf-unmapped", pages=_pages_named(unmapped)))
    return errors


def _pages_named(numbers: list[int]) -> Text:
    return Text("input.pages." + ("one" if len(numbers) == 1 else "many"), {"pages": page_ranges(numbers)})


def page_ranges(pages: list[int]) -> str:
    """1, 2, 3, 5 -> '1-3, 5'."""
    out: list[str] = []
    start = prev = pages[0]
    for p in pages[1:] + [None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(f"{start}-{prev}" if prev > start else str(start))
        if p is not None:
            start = prev = p
    return ", ".join(out)
