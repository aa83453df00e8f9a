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

from ..errors import FileError, InputError
from .limits import DEFAULT, Limits
from .sniff import ZIPPED, Kind
from .textmap import Builder, Loc, SourceMap, cell_text, render

__all__ = ["Source", "load", "SUFFIXES", "Limits", "SourceMap", "Builder", "Loc", "cell_text", "render", "Kind"]


@dataclass(frozen=True)
class Format:
    """A suffix perflint reads: the kinds of bytes it accepts under that name, and what to do when damaged."""

    suffix: str
    kinds: frozenset[Kind]
    name: str
    hint: str


def _fmt(suffix: str, kinds: tuple[Kind, ...], name: str, hint: str) -> Format:
    return Format(suffix, frozenset(kinds), name, hint)


_WORD_HINT = "open it in Word or WPS and save it again as .docx"
_EXCEL_HINT = "open it in Excel or WPS and save it again as .xlsx"
FORMATS = {f.suffix: f for f in (
    _fmt(".txt", (Kind.TEXT, Kind.HTML, Kind.XML), "text", "save the form's text as UTF-8"),
    _fmt(".pdf", (Kind.PDF,), "a PDF document", "check that the PDF opens in a viewer and is not password-protected"),
    _fmt(".xlsx", (Kind.XLSX,), "an Excel workbook", _EXCEL_HINT),
    _fmt(".xlsm", (Kind.XLSM, Kind.XLSX), "an Excel workbook", _EXCEL_HINT),
    _fmt(".docx", (Kind.DOCX,), "a Word document", _WORD_HINT),
    _fmt(".xls", (Kind.XLS,), "an Excel 97-2003 workbook", _EXCEL_HINT),
    _fmt(".et", (Kind.XLS, Kind.OLE), "a WPS spreadsheet", _EXCEL_HINT),
    _fmt(".doc", (Kind.DOC, Kind.RTF, Kind.OLE), "a Word 97-2003 document", _WORD_HINT),
    _fmt(".wps", (Kind.DOC, Kind.OLE), "a WPS document", _WORD_HINT),
    _fmt(".rtf", (Kind.RTF,), "an RTF document", _WORD_HINT),
    _fmt(".odt", (Kind.ODT,), "an OpenDocument text", _WORD_HINT),
    _fmt(".ods", (Kind.ODS,), "an OpenDocument spreadsheet", _EXCEL_HINT),
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

    def locate(self, errors: list[dict]) -> list[dict]:
        """The reader's errors (lines of the virtual text) with where they are in the document."""
        if self.map is None:
            return errors
        for err in errors:
            loc = self.map.locate(err["line"]) if err.get("line") else None
            if loc:
                err["location"] = loc
                err["message"] = f"({loc}) {err['message']}"
        return errors

    def error_dicts(self) -> list[dict]:
        return [e.to_dict() for e in self.errors]


def load(path: str, limits: Limits | None = None) -> Source:
    """Read the file at ``path`` into a Source; problems become its errors, never exceptions."""
    limits = limits or DEFAULT
    suffix = os.path.splitext(path)[1].lower()
    fmt = FORMATS.get(suffix)
    try:
        from .files import read_file
        data = read_file(path, limits.bytes("file_mb"))
        if not data.strip():
            raise InputError(path, "empty file", hint="nothing to check: " + (
                "export the form's text again" if fmt is None or suffix == ".txt" else "save the document again"))
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
        raise InputError(path, f"this {suffix} file is not {fmt.name} but plain text", hint="rename it to .txt")
    readable = _READABLE.get(kind)
    hint = (f"rename it to {readable}" if readable else
            "perflint does not read images (no OCR): give the form's document or text" if kind in _IMAGES
            else fmt.hint)
    raise InputError(path, f"this {suffix} file is {kind.description}, not {fmt.name}", hint=hint)


def _read(kind: Kind, data: bytes, path: str, limits: Limits, fmt: Format | None) -> Source:
    from . import readers
    return readers.read(kind, data, path, limits, fmt.hint if fmt else "")
