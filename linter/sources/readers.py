"""Bytes of a known kind into a Source: text decoded, documents through their source module.

Each document module has ``extract(data, path, builder, limits) -> list[FileError]``: it writes the virtual
text into ``builder`` and returns the problems that did not stop it (a scanned page, formulas without saved
values). What stops it is raised: an InputError (a limit, a damaged part), MissingExtra (a library not
installed); any other exception from a library on a damaged file becomes a per-file error too.
"""
from __future__ import annotations

import importlib
import os

from ..errors import FileError, InputError, Text
from . import Source
from .limits import Limits
from .sniff import Kind
from .textmap import Builder

# kind -> (source module, what the file is called in messages)
_MODULES = {Kind.PDF: ("pdf", ".pdf"), Kind.XLSX: ("xlsx", ".xlsx"), Kind.XLSM: ("xlsx", ".xlsx"),
            Kind.DOCX: ("docx", ".docx"), Kind.XLS: ("xls", ".xls")}
# kinds LibreOffice converts, and into what
CONVERTED = {Kind.DOC: Kind.DOCX, Kind.RTF: Kind.DOCX, Kind.ODT: Kind.DOCX, Kind.ODS: Kind.XLSX}


class MissingExtra(Exception):
    """The library a document format needs is not installed."""

    def __init__(self, library: str, extra: str):
        self.library, self.extra = library, extra
        super().__init__(f"{library} is not installed")


def require(module: str, library: str, extra: str):
    """Import a source's library, or raise MissingExtra naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(library, extra) from None


def read(kind: Kind, data: bytes, path: str, limits: Limits, hint: Text | None) -> Source:
    if kind in (Kind.TEXT, Kind.HTML, Kind.XML):
        return _text(data, path, limits)
    if kind in CONVERTED:
        from .convert import convert
        data, kind = convert(data, path, kind, CONVERTED[kind], limits), CONVERTED[kind]
    module_name, suffix = _MODULES[kind]
    suffix = os.path.splitext(path)[1].lower() or suffix       # messages name the file as the user knows it
    builder = Builder()
    try:
        module = importlib.import_module(f"{__package__}.{module_name}")
        errors = module.extract(data, path, builder, limits) or []
    except MissingExtra as exc:
        raise InputError(path, "input.needs-extra", hint="input.hint.pip",
                         params={"suffix": suffix, "extra": exc.extra, "library": exc.library}) from None
    except InputError:
        raise
    except Exception as exc:  # a damaged or unusual document must not stop the run
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise InputError(path, "input.cannot-read-document", hint=hint or "",
                         params={"suffix": suffix, "detail": _short(detail)}) from None
    text = builder.text()
    if not text.strip():
        return Source(path, kind, errors=errors or [FileError.keyed("input.no-text", hint=hint or "", suffix=suffix)])
    return Source(path, kind, text, None, builder.map, errors, builder.starts)


def _text(data: bytes, path: str, limits: Limits) -> Source:
    from ..decode import decode
    text, encoding = decode(data, path, limits.bytes("file_mb"))
    return Source(path, Kind.TEXT, text, encoding)


def _short(detail: str) -> str:
    return detail if len(detail) <= 300 else detail[:300] + "…"
