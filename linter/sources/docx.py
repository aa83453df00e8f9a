"""Word documents (.docx, python-docx): body paragraphs and tables in document order.

A paragraph is one line; a table row is one tab line with a cell per grid column. python-docx repeats a
horizontally merged cell once per grid column it spans (the same ``_tc``): its text is kept in the first
column only. A vertically merged cell keeps its text in its first row, except an indicator level
(一级/二级指标) merged down a column, which is filled into every row it spans. Locations: ``表2 第3行`` /
``table 2 row 3`` for table rows, ``第4段`` / ``paragraph 4`` for paragraphs.
"""
from __future__ import annotations

from . import Builder, require
from ..taxonomy import is_level_name

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract(path: str, builder: Builder) -> list[dict]:
    docx = require("docx", "python-docx", "office")
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(path)
    counts = {"p": 0, "tbl": 0}

    def walk(container) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                counts["p"] += 1
                text = Paragraph(child, doc).text
                if text.strip():
                    builder.row([text], ("paragraph", counts["p"]))
            elif tag == f"{_W}tbl":
                counts["tbl"] += 1
                _table(Table(child, doc), counts["tbl"], builder)
            elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):   # content controls
                walk(child)

    walk(doc.element.body)
    return []


def _table(table, number: int, builder: Builder) -> None:
    builder.blank()
    earlier: set = set()            # the <w:tc> of earlier rows: met again, a cell is a vertical merge
    for index, row in enumerate(table.rows, start=1):
        before = getattr(row._tr, "grid_before", 0) or 0
        texts = [""] * before
        mine: list = []
        previous = None
        for cell in row.cells:
            tc = cell._tc
            if tc is previous:                     # the same cell again: a horizontal merge
                texts.append("")
                continue
            previous = tc
            text = cell.text
            if tc in earlier:                      # continued from the row above: a vertical merge
                text = text if is_level_name(text) else ""
            else:
                mine.append(tc)
            texts.append(text)
        earlier.update(mine)
        if not any(t.strip() for t in texts):
            continue
        builder.row(texts, ("table", number, index))
