"""Forms where users keep them: PDF, Excel and Word documents read as the tab text the reader understands.

Each source turns a document into a *virtual text*: one line per table row (its cells joined by tabs, as
PDF-extraction tools write tables) or per paragraph / text line, plus a :class:`SourceMap` from each
(virtual line, column) back to where it sits in the document: ``Sheet1!D14``, ``表2 第3行``, ``第2页 第14行``.
The reader then reads that text like any ``.txt`` file, so the model and the rules are the same.

The libraries are optional extras (``pip install "perflint-cn[pdf]"`` / ``"perflint-cn[office]"``); they are
imported only when such a file is given, and a missing one becomes a per-file error naming the extra to install.
"""
from __future__ import annotations

import bisect
import os
from typing import Any

from ..errors import InputError
from ..model import FileResult

# suffix -> (source module, extra that installs its library, the library's distribution name)
SOURCES = {
    ".pdf": ("pdf", "pdf", "pdfplumber"),
    ".xlsx": ("xlsx", "office", "openpyxl"),
    ".docx": ("docx", "office", "python-docx"),
}
SUFFIXES = tuple(SOURCES)

# a location: ("cell", "Sheet1!D14") | ("table", 2, 3) | ("paragraph", 4) | ("page", 2, 14)
Loc = tuple

_TEMPLATES = {
    "zh": {"table": "表{0} 第{1}行", "paragraph": "第{0}段", "page": "第{0}页 第{1}行"},
    "en": {"table": "table {0} row {1}", "paragraph": "paragraph {0}", "page": "page {0} line {1}"},
}


class MissingExtra(Exception):
    """The library a document format needs is not installed."""

    def __init__(self, library: str, extra: str):
        self.library, self.extra = library, extra
        super().__init__(f"{library} is not installed")


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

    def text(self) -> str:
        return "\n".join(self.lines)


def _error(message: str, hint: str = "") -> dict[str, Any]:
    return {"line": None, "message": message, "hint": hint or None}


def read_document(path: str) -> FileResult | None:
    """Read a PDF, .xlsx or .docx file into forms; None when the suffix is not one of those.

    Problems (missing file or library, a corrupt or scanned document) become the result's errors,
    never exceptions.
    """
    suffix = os.path.splitext(path)[1].lower()
    spec = SOURCES.get(suffix)
    if spec is None:
        return None
    module_name, extra, library = spec
    from ..decode import MAX_BYTES
    try:
        if os.path.isdir(path):
            raise InputError(path, "is a folder", hint="give files, or let perflint check walk the folder")
        size = os.path.getsize(path)
        if size == 0:
            raise InputError(path, "empty file", hint="nothing to check: save the document again")
        if size > MAX_BYTES:
            raise InputError(path, f"file too large ({size // (1024 * 1024)} MB)",
                             hint=f"split it into files under {MAX_BYTES // (1024 * 1024)} MB")
        with open(path, "rb"):
            pass
    except InputError as exc:
        return FileResult(path, None, [], [{"line": exc.line, "message": exc.message, "hint": exc.hint}])
    except OSError as exc:
        hint = "check the file's permissions" if isinstance(exc, PermissionError) else "check the path"
        return FileResult(path, None, [], [_error(f"cannot read: {exc.strerror or exc}", hint)])

    import importlib
    builder = Builder()
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
        errors = module.extract(path, builder) or []
    except MissingExtra as exc:
        return FileResult(path, None, [], [_error(
            f"reading {suffix} files needs the optional extra '{exc.extra}' ({exc.library} is not installed)",
            f'pip install "perflint-cn[{exc.extra}]"')])
    except InputError as exc:
        return FileResult(path, None, [], [{"line": exc.line, "message": exc.message, "hint": exc.hint}])
    except Exception as exc:  # a corrupt or unusual document must not stop the run
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return FileResult(path, None, [], [_error(f"cannot read this {suffix} file ({detail})", _HINTS[suffix])])

    from ..reader import read_text
    text = builder.text()
    if not text.strip():
        if errors:
            return FileResult(path, None, [], errors)
        return FileResult(path, None, [], [_error(f"no text in this {suffix} file", _HINTS[suffix])])
    result = read_text(text, path, None)
    for err in result.errors:   # the reader's errors count lines of the tab text: say where they are
        loc = builder.map.locate(err["line"]) if err.get("line") else None
        if loc:
            err["location"] = loc
            err["message"] = f"({loc}) {err['message']}"
    result.errors[:0] = errors
    result.source_map = builder.map
    return result


_HINTS = {
    ".pdf": "check that the PDF opens in a viewer and is not password-protected",
    ".xlsx": "save it again from Excel as .xlsx (.xls and .et files are not read)",
    ".docx": "save it again from Word as .docx (.doc and .wps files are not read)",
}


def require(module: str, library: str, extra: str):
    """Import a source's library, or raise MissingExtra naming the extra that installs it."""
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(library, extra) from None
