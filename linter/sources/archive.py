"""Zip documents (.xlsx, .docx) checked before a library unpacks them.

A zip bomb is small on disk and huge unpacked, so the 16 MB file limit says nothing about it. Before openpyxl
or the Word reader sees a file:

* the number of members is taken from the end-of-archive record, before the directory is parsed;
* the sizes the directory declares are summed (Python's zipfile never unpacks a member beyond its declared
  size, and a member that lies fails its CRC), each XML part against ``xml-part-mb``, all against
  ``unpacked-mb``;
* every XML part is then streamed once in chunks, output discarded: a DTD or entity declaration (an entity
  bomb, or XXE; Office never writes one) is refused, its elements are counted against ``xml-elements``, and
  a sheet's cells and rows, the area of its merged ranges (openpyxl makes an object for every merged cell)
  and its formulas are counted, so that a sheet of a million cells is refused before it is built.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from ..errors import InputError, LimitError
from .limits import MB, Limits, key

_EOCD = b"PK\x05\x06"
_CHUNK = 1 << 20
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_XML = (".xml", ".rels", ".vml")


@dataclass
class Census:
    """What the XML parts of a zip document hold, counted while streaming them."""

    cells: int = 0         # cells and rows of the sheets
    merged: int = 0        # cells covered by the sheets' merged ranges
    formulas: int = 0      # formula cells of the sheets


def open_zip(data: bytes, path: str, limits: Limits) -> tuple[zipfile.ZipFile, Census]:
    """The checked archive and the census of its XML parts."""
    check_members(data, path, limits)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(path, "input.not-zip", params={"reason": str(exc)}) from None
    try:
        infos = zf.infolist()
        _check_sizes(infos, path, limits)
        census = Census()
        for info in infos:
            if info.filename.lower().endswith(_XML):
                _scan(zf, info, path, limits, census)
    except BaseException:
        zf.close()
        raise
    return zf, census


def check_members(data: bytes, path: str, limits: Limits) -> None:
    """Refuse an archive whose end record announces more members than ``archive-members``."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or len(data) < at + 22:
        return
    total = int.from_bytes(data[at + 10:at + 12], "little")
    if total == 0xFFFF:             # zip64: the count is in the zip64 end record
        z64 = data.rfind(b"PK\x06\x06", max(0, at - 20 - 56), at)
        if z64 >= 0:
            total = int.from_bytes(data[z64 + 32:z64 + 40], "little")
    if total > limits.archive_members:
        raise LimitError(path, "input.archive-members", key("archive_members"), params={"n": total})


def _check_sizes(infos: list[zipfile.ZipInfo], path: str, limits: Limits) -> None:
    if len(infos) > limits.archive_members:
        raise LimitError(path, "input.archive-members", key("archive_members"), params={"n": len(infos)})
    part_limit, total_limit = limits.bytes("xml_part_mb"), limits.bytes("unpacked_mb")
    total = 0
    for info in infos:
        total += info.file_size
        if info.filename.lower().endswith(_XML) and info.file_size > part_limit:
            raise LimitError(path, "input.part-unpacks", key("xml_part_mb"),
                             params={"part": info.filename, "mb": info.file_size // MB})
    if total > total_limit:
        raise LimitError(path, "input.file-unpacks", key("unpacked_mb"), params={"mb": total // MB})


_ELEMENT = re.compile(rb"<[A-Za-z_]")
_CELL_OR_ROW = re.compile(rb"<(?:\w+:)?(?:c|row)[\s>/]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, limits: Limits, census: Census) -> None:
    """Stream one XML part: refuse a DTD, count tags. A chunk is cut at its last '<' so no tag is split."""
    sheet = info.filename.startswith("xl/worksheets/")
    elements = 0
    carry = b""
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                block = carry + chunk
                if chunk:
                    cut = block.rfind(b"<")
                    cut = cut if cut > 0 else len(block)
                    block, carry = block[:cut], block[cut:]
                    if len(carry) > _CHUNK:       # one tag longer than a chunk: nothing to count in it
                        block, carry = block + carry, b""
                if _DTD.search(block):
                    raise InputError(path, "input.dtd", params={"part": info.filename})
                elements += len(_ELEMENT.findall(block))
                if elements > limits.xml_elements:
                    raise LimitError(path, "input.xml-elements", key("xml_elements"),
                                     params={"part": info.filename, "n": limits.xml_elements})
                if sheet:
                    census.cells += len(_CELL_OR_ROW.findall(block))
                    census.merged += sum(_area(m) for m in _MERGE.finditer(block))
                    census.formulas += len(_FORMULA.findall(block))
                if not chunk:
                    break
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:
        raise InputError(path, "input.damaged-part", hint="input.hint.save-again",
                         params={"part": info.filename, "reason": str(exc)}) from None
    except NotImplementedError as exc:   # a compression method zipfile does not know
        raise InputError(path, "input.part-unpackable", hint="input.hint.save-again",
                         params={"part": info.filename, "reason": str(exc)}) from None


def _area(m: re.Match) -> int:
    c0, r0, c1, r1 = m.group(1), m.group(2), m.group(3) or m.group(1), m.group(4) or m.group(2)
    rows = abs(int(r1) - int(r0)) + 1
    cols = abs(_column(c1) - _column(c0)) + 1
    return rows * cols


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n
