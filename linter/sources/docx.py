"""Word documents (.docx): the body's paragraphs and tables in document order, read from the XML itself.

The archive is checked first (``archive.open_zip``), then the main part is streamed (``iterparse``), each
child of the body read and dropped, so memory stays that of one table. What a reader sees is what is read:

* a paragraph is one line (a tab in it separates cells, a line break starts a new line); tracked insertions
  (``w:ins``, ``w:moveTo``) are text, tracked deletions (``w:del``, ``w:moveFrom``) and hidden text
  (``w:vanish``) are not, nor are text boxes, drawings, field codes, headers and footers;
* a table row is one tab line with a cell per grid column: a cell spanning columns (``gridSpan``) keeps its
  text in its first column, a cell continuing a vertical merge (``vMerge``) is empty, as the form written as
  tab text has it (the reader fills levels down); a row deleted with tracked changes is left out;
* a table inside a table cell is read in place, its rows after the row that holds it.

Locations: ``第4段`` / ``paragraph 4``, ``表2 第3行`` / ``table 2 row 3``, ``表2 第3行 内表1 第2行``.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterator

from ..errors import FileError, InputError
from .archive import open_zip
from .limits import Limits
from .textmap import Builder

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
P, TBL, TR, TC, R = W + "p", W + "tbl", W + "tr", W + "tc", W + "r"
VAL = W + "val"
_COLUMNS = 63             # Word's most columns in a table: a span or offset beyond it is capped
# containers whose content is read as if it stood in their place
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}
# inside a paragraph: elements whose runs are visible text
_INLINE = _WRAPPERS | {W + "ins", W + "moveTo", W + "hyperlink", W + "fldSimple", W + "bdo", W + "dir"}
_RUN_TEXT = {W + "t": None, W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n",
             W + "noBreakHyphen": "-"}


def extract(data: bytes, path: str, builder: Builder, limits: Limits) -> list[FileError]:
    zf, _ = open_zip(data, path, limits)
    with zf:
        name = _main_part(zf)
        if name not in zf.namelist():
            raise InputError(path, "input.no-body", params={"part": name})
        with zf.open(name) as fh:
            _Body(builder).read(fh)
    return []


def _main_part(zf) -> str:
    """The main document part as the package's relationships name it (word/document.xml by convention)."""
    try:
        rels = ET.fromstring(zf.read("_rels/.rels"))
    except (KeyError, ET.ParseError):
        return "word/document.xml"
    for rel in rels.iter(_REL + "Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


class _Body:
    def __init__(self, builder: Builder):
        self.builder = builder
        self.paragraphs = 0
        self.tables = 0

    def read(self, fh) -> None:
        """Stream the part: each child of the body is read once it is complete, then dropped."""
        depth, body = 0, None
        for event, elem in ET.iterparse(fh, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 2 and elem.tag == W + "body":
                    body = elem
                continue
            depth -= 1
            if depth == 2 and body is not None:
                self.block(elem)
                body.clear()

    def block(self, el: ET.Element) -> None:
        if el.tag == P:
            self.paragraphs += 1
            for line in paragraph_text(el).split("\n"):
                if line.strip():
                    self.builder.row(line.split("\t"), ("paragraph", self.paragraphs))
        elif el.tag == TBL:
            self.tables += 1
            self.builder.blank()
            self.table(el, lambda row: ("table", self.tables, row))
        elif el.tag in _WRAPPERS:
            for child in el:
                self.block(child)

    def table(self, tbl: ET.Element, where) -> None:
        for index, tr in enumerate(_children(tbl, TR), start=1):
            if _prop(tr, "trPr", "del") is not None:          # a row deleted with tracked changes
                continue
            texts, inner = _row(tr)
            if any(t.strip() for t in texts):
                self.builder.row(texts, where(index))
            _, table, row = where(index)[:3]        # a table nested deeper still names the body's table
            for k, nested in enumerate(inner, start=1):
                self.table(nested, lambda r, t=table, o=row, k=k: ("nested", t, o, k, r))


def _row(tr: ET.Element) -> tuple[list[str], list[ET.Element]]:
    """The row's text per grid column, and the tables nested in its cells."""
    texts = [""] * min(_int(_prop(tr, "trPr", "gridBefore"), 0), _COLUMNS)
    inner: list[ET.Element] = []
    for tc in _children(tr, TC):
        span = min(max(1, _int(_prop(tc, "tcPr", "gridSpan"), 1)), _COLUMNS)
        vmerge = _prop(tc, "tcPr", "vMerge")
        hmerge = _prop(tc, "tcPr", "hMerge")
        continued = (vmerge is not None and vmerge.get(VAL) != "restart") or \
                    (hmerge is not None and hmerge.get(VAL) != "restart")
        lines = []
        for child in _children(tc, P, TBL):
            if child.tag == TBL:
                inner.append(child)
            elif not continued:
                lines.append(paragraph_text(child))
        texts.append("\n".join(lines))
        texts.extend([""] * (span - 1))
    return texts, inner


def paragraph_text(p: ET.Element) -> str:
    out: list[str] = []
    _runs(p, out)
    return "".join(out)


def _runs(el: ET.Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == R:
            if _vanished(child):
                continue
            for part in child:
                text = _RUN_TEXT.get(part.tag, "")
                out.append(part.text or "" if text is None else text)
        elif tag in _INLINE:
            _runs(child, out)
        # w:del, w:moveFrom, w:pPr, mc:AlternateContent (text boxes, drawings), bookmarks, comments: not text


def _vanished(run: ET.Element) -> bool:
    vanish = _prop(run, "rPr", "vanish")
    return vanish is not None and vanish.get(VAL, "true") not in ("0", "false", "off")


def _children(el: ET.Element, *tags: str) -> Iterator[ET.Element]:
    """Children with one of ``tags``, looking through content controls and custom XML around them."""
    for child in el:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, *tags)


def _prop(el: ET.Element, props: str, name: str) -> ET.Element | None:
    holder = el.find(W + props)
    return holder.find(W + name) if holder is not None else None


def _int(el: ET.Element | None, default: int) -> int:
    try:
        return int(el.get(VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default
