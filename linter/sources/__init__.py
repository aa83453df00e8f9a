"""Bytes into text: every file perflint reads becomes a :class:`Source` here, and nowhere else.

``load(path, limits)`` reads a regular file with a capped read, tells from its bytes what it really is, and
turns it into text: a text file is decoded (``perflint.decode``), a document is read into a *virtual text*
(one tab line per table row, one line per paragraph or text line) with a :class:`SourceMap` back to the
document. The reader then reads that text like any ``.txt`` file, so the model and the rules are the same.
Every problem is a per-file error on the Source, never an exception.

Formats (:data:`SUFFIXES`): ``.txt``; ``.pdf`` (pdfplumber, extra ``pdf``); ``.xlsx`` and ``.xls`` (openpyxl and
xlrd, extra ``office``); ``.docx`` (no library); ``.doc``, ``.wps``, ``.rtf``, ``.odt`` (into .docx) and
``.et``, ``.ods`` (into .xlsx) through LibreOffice when ``soffice`` is on PATH. This package imports nothing
of the reader or of any later stage.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator

from ..errors import FileError, InputError, Text
from .limits import DEFAULT, Limits
from .sniff import ZIPPED, Kind
from .textmap import Builder, Loc, SourceMap, cell_text, render

__all__ = ["Source", "load", "SUFFIXES", "Limits", "SourceMap", "Builder", "Loc", "cell_text", "render", "Kind"]


@dataclass(frozen=True)
class Format:
    """A suffix perflint reads: the kinds of bytes it accepts under that name, and what to do when damaged."""

    suffix: str
    kinds: frozenset[Kind]
    name: Text      # what a file of this suffix should be, in messages
    hint: Text      # what to do when it is damaged


def _fmt(suffix: str, kinds: tuple[Kind, ...], name: str, hint: str) -> Format:
    return Format(suffix, frozenset(kinds), Text("input.format." + name), Text("input.hint." + hint))


FORMATS = {f.suffix: f for f in (
    _fmt(".txt", (Kind.TEXT, Kind.HTML, Kind.XML), "txt", "save-text-utf8"),
    _fmt(".pdf", (Kind.PDF,), "pdf", "pdf-opens"),
    _fmt(".xlsx", (Kind.XLSX,), "xlsx", "save-xlsx"),
    _fmt(".xlsm", (Kind.XLSM, Kind.XLSX), "xlsx", "save-xlsx"),
    _fmt(".docx", (Kind.DOCX,), "docx", "save-docx"),
    _fmt(".xls", (Kind.XLS,), "xls", "save-xlsx"),
    _fmt(".et", (Kind.XLS, Kind.OLE), "et", "save-xlsx"),
    _fmt(".doc", (Kind.DOC, Kind.RTF, Kind.OLE), "doc", "save-docx"),
    _fmt(".wps", (Kind.DOC, Kind.OLE), "wps", "save-docx"),
    _fmt(".rtf", (Kind.RTF,), "rtf", "save-docx"),
    _fmt(".odt", (Kind.ODT,), "odt", "save-docx"),
    _fmt(".ods", (Kind.ODS,), "ods", "save-xlsx"),
)}
# every suffix perflint reads: a folder is searched for these (files of other suffixes are left alone)
SUFFIXES = tuple(FORMATS)
# kinds of bytes perflint reads, whatever the file is called, and the suffix they go by
_READABLE = {Kind.TEXT: ".txt", Kind.PDF: ".pdf", Kind.XLSX: ".xlsx", Kind.XLSM: ".xlsm", Kind.DOCX: ".docx",
             Kind.XLS: ".xls", Kind.DOC: ".doc", Kind.RTF: ".rtf", Kind.ODT: ".odt", Kind.ODS: ".ods"}
_IMAGES = {Kind.PNG, Kind.JPEG, Kind.GIF, Kind.BMP, Kind.TIFF, Kind.WEBP}
# a word-processing or spreadsheet OLE file of unknown kind is converted as its suffix says
_OLE_AS = {".et": Kind.XLS, ".doc": Kind.DOC, ".wps": Kind.DOC}


@dataclass
class Source:
    """A file as text: the text (None when it could not be read), its encoding (text files), the map back to
    the document (documents), the per-file errors, and where its parts (Excel sheets) start."""

    path: str
    kind: Kind | None = None
    text: str | None = None
    encoding: str | None = None
    map: SourceMap | None = None
    errors: list[FileError] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)

    def parts(self) -> Iterator[str]:
        """The text of each part, its lines at their own line numbers (the lines before it left blank):
        a form never runs on from one sheet into the next."""
        if self.text is None:
            return
        if not self.starts:
            yield self.text
            return
        lines = self.text.split("\n")
        bounds = [1, *self.starts, len(lines) + 1]
        for first, end in zip(bounds, bounds[1:]):
            if any(line.strip() for line in lines[first - 1:end - 1]):
                yield "\n" * (first - 1) + "\n".join(lines[first - 1:end - 1])

    def locate(self, errors: list[dict], lang: str = "zh") -> list[dict]:
        """The reader's errors (lines of the virtual text) with where they are in the document, in ``lang``."""
        if self.map is None:
            return errors
        for err in errors:
            loc = self.map.locate(err["line"], 1, lang) if err.get("line") else None
            if loc:
                err["location"] = loc
                err["message"] = Text("input.at", {"where": loc, "what": err["message"]}).render(lang)
        return errors

    def error_dicts(self, lang: str = "zh") -> list[dict]:
        """The errors met reading the file, their words in ``lang``."""
        return [e.to_dict(lang) for e in self.errors]


def load(path: str, limits: Limits | None = None) -> Source:
    """Read the file at ``path`` into a Source; problems become its errors, never exceptions."""
    limits = limits or DEFAULT
    suffix = os.path.splitext(path)[1].lower()
    fmt = FORMATS.get(suffix)
    try:
        from .files import read_file
        data = read_file(path, limits.bytes("file_mb"))
        if not data.strip():
            raise InputError(path, "input.empty", hint="input.empty.hint-" + (
                "text" if fmt is None or suffix == ".txt" else "document"))
        kind = _kind(data, path, limits)
        route = _route(fmt, kind, path, suffix)
        return _read(route, data, path, limits, fmt)
    except InputError as exc:
        return Source(path, errors=[FileError.of(exc)])


def _kind(data: bytes, path: str, limits: Limits) -> Kind:
    from .sniff import sniff
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        from .archive import check_members
        check_members(data, path, limits)      # before the zip's directory is parsed to see what it holds
    return sniff(data)


def _route(fmt: Format | None, kind: Kind, path: str, suffix: str) -> Kind:
    """The kind to read the bytes as; a file whose bytes are not what its name says is an error."""
    if fmt is None:                               # an unknown suffix given by name: by its bytes
        return kind if kind in _READABLE else Kind.TEXT
    if kind in fmt.kinds:
        return _OLE_AS.get(suffix, kind) if kind is Kind.OLE else kind
    if kind is Kind.BROKEN_ZIP and fmt.kinds & ZIPPED:      # its reader says what is damaged
        return min(fmt.kinds & ZIPPED, key=lambda k: k.name)
    if kind is Kind.TEXT:
        raise InputError(path, "input.plain-text", params={"suffix": suffix, "format": fmt.name},
                         hint=Text("input.hint.rename", {"to": ".txt"}))
    readable = _READABLE.get(kind)
    hint = (Text("input.hint.rename", {"to": readable}) if readable else
            Text("input.hint.images") if kind in _IMAGES else fmt.hint)
    raise InputError(path, "input.wrong-format", hint=hint,
                     params={"suffix": suffix, "kind": kind.description, "format": fmt.name})


def _read(kind: Kind, data: bytes, path: str, limits: Limits, fmt: Format | None) -> Source:
    from . import readers
    return readers.read(kind, data, path, limits, fmt.hint if fmt else None)
