"""The text perflint makes of a document, and the map from each place in it back to the document.

A document becomes a *virtual text*: one line per table row (its cells joined by tabs, as PDF-extraction
tools write tables) or per paragraph / text line, plus a :class:`SourceMap` from each (virtual line, column)
to where it sits in the document: ``Sheet1!D14``, ``表2 第3行``, ``第2页 第14行``.
"""
from __future__ import annotations

import bisect
from typing import Any

# a location: ("cell", "Sheet1!D14") | ("table", 2, 3) | ("paragraph", 4) | ("page", 2, 14)
#             | ("nested", 2, 3, 1, 4): row 4 of the first table inside row 3 of table 2
Loc = tuple

_TEMPLATES = {
    "zh": {"table": "表{0} 第{1}行", "paragraph": "第{0}段", "page": "第{0}页 第{1}行",
           "nested": "表{0} 第{1}行 内表{2} 第{3}行"},
    "en": {"table": "table {0} row {1}", "paragraph": "paragraph {0}", "page": "page {0} line {1}",
           "nested": "table {0} row {1}, inner table {2} row {3}"},
}


def render(loc: Loc, lang: str = "zh") -> str:
    """A location as a reviewer reads it, in the run's language."""
    kind, *args = loc
    if kind == "cell":
        return str(args[0])
    table = _TEMPLATES.get(lang) or _TEMPLATES["zh"]
    return table[kind].format(*args)


class SourceMap:
    """Virtual line -> list of (start column, location), columns 1-based and increasing along the line."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: dict[int, tuple[list[int], list[Loc]]] = {}

    def add(self, line: int, column: int, loc: Loc) -> None:
        cols, locs = self.lines.setdefault(line, ([], []))
        if cols and column <= cols[-1]:
            raise ValueError("columns of a line must be added in increasing order")
        cols.append(column)
        locs.append(loc)

    def where(self, line: int, column: int = 1) -> Loc | None:
        """The location of the cell or line that holds (line, column), or None for a line not mapped."""
        entry = self.lines.get(line)
        if entry is None:
            return None
        cols, locs = entry
        i = bisect.bisect_right(cols, max(column, 1)) - 1
        return locs[max(i, 0)]

    def locate(self, line: int, column: int = 1, lang: str = "zh") -> str | None:
        loc = self.where(line, column)
        return render(loc, lang) if loc is not None else None

    def __len__(self) -> int:
        return len(self.lines)

    def __getstate__(self) -> dict[int, Any]:
        return self.lines

    def __setstate__(self, state: dict[int, Any]) -> None:
        self.lines = state


_BREAKS = str.maketrans({"\r": "\n", "\v": "\n", "\f": "\n", "\u2028": "\n", "\u2029": "\n", "\t": " ",
                         "\x07": None})


def cell_text(value: Any) -> str:
    """A cell's text on one line: tabs become spaces; a line break inside a cell (a wrapped line or a
    paragraph in the cell) joins without a space, as Chinese text does, except between two Latin letters."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").translate(_BREAKS)
    if "\n" not in text:
        return text.strip()
    out = ""
    for part in text.split("\n"):
        part = part.strip()
        if not part:
            continue
        if out and _latin(out[-1]) and _latin(part[0]):
            out += " "
        out += part
    return out


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


class Builder:
    """Accumulates the virtual text and its map."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.map = SourceMap()
        self.starts: list[int] = []     # first lines (1-based) of the parts after the first

    def row(self, cells: list[str], locs: list[Loc] | Loc) -> None:
        """One line: ``cells`` joined by tabs; ``locs`` one location per cell, or one for the whole line."""
        cells = [cell_text(c) for c in cells]
        line = len(self.lines) + 1
        if isinstance(locs, tuple):
            self.map.add(line, 1, locs)
        else:
            # only cells with text are mapped: a column before the first of them (a finding about the
            # whole row, column 1) lands on the row's first filled cell, not on an empty margin cell
            col = 1
            for text, loc in zip(cells, locs):
                if text:
                    self.map.add(line, col, loc)
                col += len(text) + 1
            if line not in self.map.lines and locs:
                self.map.add(line, 1, locs[0])
        self.lines.append("\t".join(cells))

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def part(self) -> None:
        """Start a new part (an Excel sheet): no form runs on from one part into the next."""
        self.blank()
        if self.lines:
            self.starts.append(len(self.lines) + 1)

    def text(self) -> str:
        return "\n".join(self.lines)
