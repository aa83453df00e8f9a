"""PDF files (pdfplumber), page by page.

On a page with ruled tables, each table row becomes a tab line (``extract_tables``) and the page's other
text comes line by line (``extract_text_lines``, the lines of ``extract_text(layout=False)``), all in
reading order (top to bottom). A page without ruling lines is read as laid-out text
(``extract_text(layout=True)``), columns kept apart by spaces. A table that goes on over the next page is
just more rows. Location ``第2页 第14行`` / ``page 2 line 14``: the 14th line of page 2 as read here, a
table row counting as one line.

Pages with no characters but an image are scanned pages: perflint has no OCR, so they are reported as a
per-file error naming the pages.
"""
from __future__ import annotations

from . import Builder, require


def extract(path: str, builder: Builder) -> list[dict]:
    pdfplumber = require("pdfplumber", "pdfplumber", "pdf")
    scanned: list[int] = []
    blank: list[int] = []
    unmapped: list[int] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                if not page.chars:
                    (scanned if page.images else blank).append(number)
                    continue
                if any(ch["text"].startswith("(cid:") for ch in page.chars):
                    unmapped.append(number)
                lines = page_lines(page)
            finally:
                close = getattr(page, "close", None)   # frees the page's parsed objects (pdfplumber >= 0.11)
                if close is not None:
                    close()
            builder.blank()
            for n, cells in enumerate(lines, start=1):
                builder.row(cells, ("page", number, n))
        pages = len(pdf.pages)
    if not builder.lines and blank and not scanned:
        scanned = blank          # nothing on any page to read: treat them as scans too
    errors = []
    if scanned:
        errors.append({"line": None,
                       "message": f"scanned PDF without a text layer ({_pages(scanned)}); OCR is not supported",
                       "hint": "run OCR first (e.g. ocrmypdf) or give the form's text" if len(scanned) == pages
                       else "the other pages were read; run OCR on these pages or give their text"})
    if unmapped:
        errors.append({"line": None,
                       "message": f"characters the PDF gives no Unicode for ({_pages(unmapped)}); they read as "
                                  "(cid:NN), so values on these pages may be misread",
                       "hint": "export the PDF again with embedded Unicode fonts, or give the form's text"})
    return errors


def _pages(numbers: list[int]) -> str:
    return ("page " if len(numbers) == 1 else "pages ") + page_ranges(numbers)


def page_lines(page) -> list[list[str]]:
    """The page's lines top to bottom: a table row as its cells, a text line as a one-cell list."""
    tables = page.find_tables()
    if not tables:
        text = page.extract_text(layout=True) or ""
        lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
        indent = min((len(ln) - len(ln.lstrip(" ")) for ln in lines), default=0)
        return [[ln[indent:]] for ln in lines]
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, int, list[list[str]]]] = []
    for order, table in enumerate(tables):
        rows = [[c if c is not None else "" for c in row] for row in table.extract()]
        items.append((table.bbox[1], order, rows))

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside)
    for line in rest.extract_text_lines(layout=False, strip=True, return_chars=False):
        if line["text"].strip():
            items.append((line["top"], -1, [[line["text"]]]))
    items.sort(key=lambda it: (it[0], it[1]))
    out: list[list[str]] = []
    for _, _, rows in items:
        out.extend(row for row in rows if any(c.strip() for c in row))
    return out


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
