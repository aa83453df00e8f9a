"""A PDF's compressed streams checked before pdfminer decodes them (it inflates a stream whole, unbounded).

* Before the file is parsed, every Flate stream in its bytes (images aside: they are never decoded) is
  inflated once in chunks, output discarded, against ``unpacked-mb`` in all: a 5 KB file that inflates to
  gigabytes is refused before pdfminer builds its objects (its repair pass decodes object streams itself).
* Before a page is interpreted, its content streams are decoded (decrypted first, as pdfminer does, so
  encrypted files are covered too) against ``pdf-page-content-mb``: what the interpreter would parse.
"""
from __future__ import annotations

import io
import re
import zlib

from ..errors import LimitError
from .limits import MB, Limits, key

_STREAM = re.compile(rb"stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_ZLIB_HEADERS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")
_CHUNK = 1 << 20


class TooLarge(Exception):
    """A stream decodes to more than it may."""


def check_streams(data: bytes, path: str, limits: Limits) -> None:
    """Refuse a file whose Flate streams inflate to more than ``unpacked-mb`` together."""
    budget = limits.bytes("unpacked_mb")
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        if data[start:start + 2] not in _ZLIB_HEADERS:
            continue
        head = data[max(0, m.start() - 600):m.start()]
        if _IMAGE.search(head[head.rfind(b"obj") + 1:] if b"obj" in head else head):
            continue
        try:
            total += inflated_size(data, start, budget - total)
        except TooLarge:
            raise LimitError(path, "input.pdf-streams", key("unpacked_mb"), params={"mb": budget // MB}) from None


def inflated_size(data: bytes, start: int, budget: int) -> int:
    """Bytes the zlib stream at ``data[start:]`` inflates to; TooLarge past ``budget``. A damaged stream
    counts what inflated before the damage (pdfminer recovers no more)."""
    d = zlib.decompressobj()
    size = 0
    view = memoryview(data)[start:]
    try:
        for pos in range(0, len(view), _CHUNK):
            pending = view[pos:pos + _CHUNK]
            while pending and not d.eof:
                size += len(d.decompress(pending, _CHUNK))
                if size > budget:
                    raise TooLarge
                pending = d.unconsumed_tail
            if d.eof:
                break
    except zlib.error:
        pass
    return size


def check_page_content(page_obj, path: str, number: int, limits: Limits) -> None:
    """Refuse a page whose content streams decode to more than ``pdf-page-content-mb``."""
    from pdfminer.pdftypes import resolve1
    budget = limits.bytes("pdf_page_content_mb")
    total = 0
    for stream in page_obj.contents:
        stream = resolve1(stream)
        raw = getattr(stream, "rawdata", None)
        if raw is None:           # decoded already, or not a stream
            total += len(getattr(stream, "data", None) or b"")
            continue
        try:
            total += _decoded_size(stream, raw, budget - total)
        except TooLarge:
            total = budget + 1
        if total > budget:
            raise LimitError(path, "input.pdf-page-content", key("pdf_page_content_mb"),
                             params={"page": number, "mb": budget // MB})


def _decoded_size(stream, raw: bytes, budget: int) -> int:
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, LITERALS_LZW_DECODE, LITERALS_RUNLENGTH_DECODE
    if stream.decipher:
        raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
    filters = [f for f, _ in stream.get_filters()]
    if not filters:
        return len(raw)
    first = filters[0]
    if first in LITERALS_FLATE_DECODE:
        return inflated_size(raw, 0, budget)
    if first in LITERALS_LZW_DECODE:
        from pdfminer.lzw import LZWDecoder
        size = 0
        for chunk in LZWDecoder(io.BytesIO(raw)).run():
            size += len(chunk)
            if size > budget:
                raise TooLarge
        return size
    # other filters shrink their input (ASCIIHex, ASCII85) or are images; run-length grows it 128 times at most
    return len(raw) * (128 if first in LITERALS_RUNLENGTH_DECODE else 1)
