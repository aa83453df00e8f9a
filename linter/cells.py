"""Lines into cells, whatever separated them: tabs, pipes (with or without a leading one), runs of spaces, or
nothing (one cell on the line). Each cell keeps its source column; a line of pipes only is a row break."""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .memo import cell_cache
from .values import normalise
from .vocab import label_key

_TAG = re.compile(r"</?[a-zA-Z][^<>\n]{0,40}>")
# LaTeX operators as a reviewer reads them (the value grammar's own normalise() writes >= instead)
_LATEX = (("\\geqslant", "≥"), ("\\leqslant", "≤"), ("\\geq", "≥"), ("\\leq", "≤"), ("\\ge", "≥"),
          ("\\le", "≤"), ("\\%", "%"), ("\\times", "×"), ("\\sim", "~"), ("\\,", ""), ("$", ""))
_SPACES = re.compile(r"[ \t]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"\S+")
_MARKDOWN_RULE = re.compile(r"^[\s|:\-—=+]*$")
_HEADING = re.compile(r"^\s*#{1,6}\s+")


class Sep(Enum):
    """What separated the cells of a line."""

    ONE = "one"          # a single cell: prose, a label, a value, one cell of a table per line
    TAB = "tab"
    PIPE = "pipe"
    SPACE = "space"      # single or multiple spaces (a Word table turned into text, a space-aligned table)


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them (CRLF, CR or LF), without the breaks."""
    return _LINE_BREAK.split(text)


@cell_cache()
def clean(text: str) -> str:
    """Text for reading: the value grammar's normalisation (half-width ASCII, no tags or LaTeX, single
    spaces), so a cell and the value read from it see the same characters; markdown bold unwrapped."""
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2]
    return normalise(text)


def display(text: str) -> str:
    """Text for showing a reviewer: tags and LaTeX markers gone, spaces collapsed, punctuation kept."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "\\" in text or "$" in text:
        for src, dst in _LATEX:
            text = text.replace(src, dst)
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u3000", " ")).strip()


@dataclass(slots=True)
class Cell:
    text: str      # cleaned for reading
    raw: str       # as in the source
    line: int      # 1-based
    col: int       # 1-based character column of the cell's first non-space character
    idx: int       # position in the row, empty cells counted: tab index, pipe index or word index
    _key: str | None = None

    @property
    def key(self) -> str:
        """The cell as a label is looked up (vocab.label_key), computed once per cell."""
        key = self._key
        if key is None:
            key = self._key = label_key(self.text)
        return key

    @property
    def end_col(self) -> int:
        return self.col + len(self.raw)

    def part(self, start: int, end: int | None = None) -> "Cell":
        """The characters [start, end) of this cell's cleaned text as a cell of their own (a cell that
        extraction glued together, split); its column is exact when cleaning changed no character."""
        piece = self.text[start:end]
        text = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        # cleaning folds characters one for one (full-width to half-width): then the source slices alike
        raw = self.raw[start:end].strip() if len(self.raw) == len(self.text) else text
        return Cell(text, raw, self.line, self.col + start + lead, self.idx)


@dataclass(slots=True)
class Line:
    number: int
    cells: list[Cell]      # non-empty cells only
    sep: Sep
    raw: str
    # a line of pipes only (a flattened HTML table's row end)
    is_break: bool = False
    # a lone pipe: an empty cell of a table flattened one cell a line
    empty: bool = False


def split_line(raw: str, lineno: int, spaces: bool = True) -> Line | None:
    """The non-empty cells of a line, a row break for a line of pipes, or None for a blank line. With
    ``spaces`` False (cells one a paragraph) a space does not separate cells: a line is one cell."""
    stripped = raw.strip()
    if not stripped:
        return None
    if stripped[0] == "#":
        m = _HEADING.match(raw)
        if m:   # a markdown heading: its marks are not a cell
            raw = " " * m.end() + raw[m.end():]
            stripped = raw.strip()
    if "\t" not in raw and "|" not in raw and " " not in stripped and "\u3000" not in stripped:
        # one cell on the line (prose, a label, a value): the common case of many layouts
        text = clean(stripped)
        if not text:
            return None
        return Line(lineno, [Cell(text, stripped, lineno, len(raw) - len(raw.lstrip()) + 1, 0)], Sep.ONE, raw)
    if "\t" in raw:
        sep, parts = Sep.TAB, _split_keep(raw, "\t")
    elif "|" in raw:
        if stripped == "|":
            return Line(lineno, [], Sep.PIPE, raw, empty=True)    # a flattened table's empty cell
        if _MARKDOWN_RULE.match(stripped):
            return Line(lineno, [], Sep.PIPE, raw, is_break=True)
        sep, parts = Sep.PIPE, _split_keep(raw, "|")
        if raw[0] == "|":
            # a markdown row opens with its pipe; a row of pipes *between* cells that starts with a space
            # (" | 人员成本 | ≤20万元") starts with an empty cell, which keeps the columns in place
            parts = parts[1:]
    elif not spaces:
        sep, parts = Sep.ONE, [(0, raw)]
    else:
        sep, parts = Sep.SPACE, [(m.start(), m.group()) for m in _WORD.finditer(raw)]
    cells = []
    for idx, (start, piece) in enumerate(parts):
        if not piece or piece.isspace():  # the empty cells of a table row: most of a tab line
            continue
        text = clean(piece)
        if not text:
            continue
        body = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        cells.append(Cell(text, body, lineno, start + lead + 1, idx))
    if not cells:
        return None
    if len(cells) == 1 and sep is not Sep.TAB and cells[0].idx == 0:
        sep = Sep.ONE       # one cell on the line (a row with empty cells before its cell keeps its columns)
    return Line(lineno, cells, sep, raw)


def _split_keep(raw: str, sep: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for piece in raw.split(sep):
        out.append((start, piece))
        start += len(piece) + 1
    return out
