"""Lines into cells: normalise PDF-extraction residue for reading while keeping each cell's source column."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .memo import cell_cache
from .values import normalise
from .vocab import label_key

_TAG = re.compile(r"</?[a-zA-Z][^<>\n]{0,40}>")
# LaTeX operators as a reviewer reads them (the value grammar's own normalise() writes >= instead)
_LATEX = (("\\geqslant", "≥"), ("\\leqslant", "≤"), ("\\geq", "≥"), ("\\leq", "≤"), ("\\ge", "≥"),
          ("\\le", "≤"), ("\\%", "%"), ("\\times", "×"), ("\\sim", "~"), ("\\,", ""), ("$", ""))
_SPACES = re.compile(r"[ \t]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_INNER_SPACE = re.compile(r"\s")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}")


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them (CRLF, CR or LF), without the breaks."""
    return _LINE_BREAK.split(text)


@cell_cache()
def clean(text: str) -> str:
    """Text for reading: the value grammar's normalisation (half-width ASCII, no tags or LaTeX, single
    spaces), so a cell and the value read from it see the same characters."""
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
    idx: int       # position in the row: tab index, pipe index or token index
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
        return self.col + len(self.raw.strip())


@dataclass(slots=True)
class Row:
    line: int
    cells: list[Cell]      # non-empty cells only
    kind: str              # "tab" | "pipe" | "space" | "single"
    raw: str


def split_row(raw: str, lineno: int) -> Row | None:
    """The non-empty cells of a line, or None for a blank line or a markdown separator row."""
    if not raw.strip():
        return None
    stripped = raw.strip()
    if "\t" not in raw and not stripped.startswith("|") and not _INNER_SPACE.search(stripped):
        # one cell on the line (prose, a label, a value): the common case of many layouts
        text = clean(stripped)
        if not text:
            return None
        return Row(lineno, [Cell(text, stripped, lineno, len(raw) - len(raw.lstrip()) + 1, 0)], "single", raw)
    if "\t" in raw:
        kind, parts = "tab", _split_keep(raw, "\t")
    elif stripped.startswith("|") and stripped.count("|") >= 2:
        if _PIPE_SEP.match(stripped) and not stripped.strip("|-: "):
            return None
        kind, parts = "pipe", _split_keep(raw, "|")
        if parts and not parts[0][1].strip():
            parts = parts[1:]
        if parts and not parts[-1][1].strip():
            parts = parts[:-1]
    else:
        kind, parts = "space", [(m.start(), m.group()) for m in re.finditer(r"\S+", raw)]
    cells = []
    for idx, (start, piece) in enumerate(parts):
        if not piece or piece.isspace():  # the empty cells of a table row: most of a tab line
            continue
        text = clean(piece)
        if not text:
            continue
        lead = len(piece) - len(piece.lstrip())
        cells.append(Cell(text, piece.strip(), lineno, start + lead + 1, idx))
    if not cells:
        return None
    if kind in ("space", "pipe") and len(cells) == 1:
        kind = "single"
    return Row(lineno, cells, kind, raw)


def _split_keep(raw: str, sep: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for piece in raw.split(sep):
        out.append((start, piece))
        start += len(piece) + 1
    return out
