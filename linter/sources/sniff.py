"""What a file's bytes say it is, whatever its name: the first bytes of each format, the parts of a zip
(OOXML, OpenDocument) and the streams of an OLE compound file (Word and Excel 97-2003, WPS)."""
from __future__ import annotations

import enum
import io
import re

from ..errors import Text


class Kind(enum.Enum):
    """A file format as its bytes show it: (its name, ``input.kind.<name>`` in the catalogues; its suffix)."""

    TEXT = ("text", ".txt")
    PDF = ("pdf", ".pdf")
    XLSX = ("xlsx", ".xlsx")
    XLSM = ("xlsm", ".xlsm")
    DOCX = ("docx", ".docx")
    PPTX = ("pptx", ".pptx")
    ODT = ("odt", ".odt")
    ODS = ("ods", ".ods")
    ODF = ("odf", ".odp")
    OFD = ("ofd", ".ofd")
    ZIP = ("zip", ".zip")
    BROKEN_ZIP = ("broken_zip", ".zip")
    XLS = ("xls", ".xls")
    DOC = ("doc", ".doc")
    PPT = ("ppt", ".ppt")
    OLE = ("ole", ".doc")
    RTF = ("rtf", ".rtf")
    HTML = ("html", ".html")
    XML = ("xml", ".xml")
    PNG = ("png", ".png")
    JPEG = ("jpeg", ".jpg")
    GIF = ("gif", ".gif")
    BMP = ("bmp", ".bmp")
    TIFF = ("tiff", ".tif")
    WEBP = ("webp", ".webp")
    GZIP = ("gzip", ".gz")
    SEVEN_ZIP = ("seven_zip", ".7z")
    RAR = ("rar", ".rar")
    EXE = ("exe", ".exe")

    @property
    def description(self) -> Text:
        """What to call it in messages."""
        return Text("input.kind." + self.value[0])

    @property
    def suffix(self) -> str:
        return self.value[1]


_MAGIC = (
    (b"%PDF-", Kind.PDF), (b"\x89PNG\r\n\x1a\n", Kind.PNG), (b"\xff\xd8\xff", Kind.JPEG), (b"GIF8", Kind.GIF),
    (b"II*\x00", Kind.TIFF), (b"MM\x00*", Kind.TIFF), (b"{\\rtf", Kind.RTF), (b"\x1f\x8b", Kind.GZIP),
    (b"7z\xbc\xaf\x27\x1c", Kind.SEVEN_ZIP), (b"Rar!\x1a\x07", Kind.RAR), (b"MZ", Kind.EXE),
    (b"\x7fELF", Kind.EXE),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta)\b",
                   re.I | re.S)
# the stream of each OLE format (names of the compound file's directory entries)
_OLE_STREAMS = (("WordDocument", Kind.DOC), ("Workbook", Kind.XLS), ("Book", Kind.XLS),
                ("PowerPoint Document", Kind.PPT))


# what is a zip inside: a damaged zip named as one of these is read as it, to say what is damaged in it
ZIPPED = frozenset({Kind.XLSX, Kind.XLSM, Kind.DOCX, Kind.ODT, Kind.ODS})


def sniff(data: bytes) -> Kind:
    """The format of ``data``; TEXT when no binary format matches (decoding decides whether it really is)."""
    head = data[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return Kind.WEBP
    if head.startswith(b"BM") and len(data) > 26 and data[6:10] == b"\x00\x00\x00\x00":
        return Kind.BMP
    if head.startswith(_OLE):
        return _ole_kind(data)
    if head.startswith(_ZIP):
        return zip_kind(data)
    start = data[:2048].lstrip(b"\xef\xbb\xbf")
    if _HTML.match(start):
        return Kind.HTML
    if start.lstrip().startswith(b"<?xml"):
        return Kind.XML
    return Kind.TEXT


def zip_kind(data: bytes) -> Kind:
    """OOXML by its main part, OpenDocument by its mimetype; any other zip is a zip."""
    import zipfile
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist()[:10_000])
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                mime = zf.open(info).read(100) if info.file_size <= 100 else b""
                return {b"application/vnd.oasis.opendocument.text": Kind.ODT,
                        b"application/vnd.oasis.opendocument.spreadsheet": Kind.ODS,
                        b"application/ofd": Kind.OFD}.get(mime.strip(), Kind.ODF
                                                          if mime.startswith(b"application/vnd.oasis") else Kind.ZIP)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, RuntimeError, ValueError):
        return Kind.BROKEN_ZIP
    if "word/document.xml" in names:
        return Kind.DOCX
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return Kind.XLSM if "xl/vbaProject.bin" in names else Kind.XLSX
    if "ppt/presentation.xml" in names:
        return Kind.PPTX
    if "OFD.xml" in names:
        return Kind.OFD
    return Kind.ZIP


def _ole_kind(data: bytes) -> Kind:
    """The kind of an OLE compound file by the name of its main stream.

    A directory entry is 128 bytes at a 128-byte boundary: its name in UTF-16 (64 bytes), then the name's
    length in bytes with its terminator. Requiring that structure keeps a document whose text merely
    mentions "Workbook" from passing for a workbook."""
    for name, kind in _OLE_STREAMS:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        size = len(encoded).to_bytes(2, "little")
        at = data.find(encoded)
        while at >= 0:
            if at % 128 == 0 and data[at + 64:at + 66] == size:
                return kind
            at = data.find(encoded, at + 2)
    return Kind.OLE
