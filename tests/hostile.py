"""Files made to exhaust a reader, built from scratch (no fixture files): each small on disk and huge once
read. Used by tests/test_bombs.py (which asserts the outcome) and benchmarks/bombs.py (which prints the time
and peak memory of each).

Each builder writes its file into a folder and returns its path; ``BOMBS`` maps a case's name to its builder
and to the limit the refusal must name.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Callable

MB = 1024 * 1024


# --- PDF -----------------------------------------------------------------------------------------------
def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1-based: object 1 is the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page_pdf(content: bytes) -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                 b"/Resources << /Font << /F1 5 0 R >> >> >>",
                 _stream(content), _FONT])


def pdf_many_chars(folder: Path, chars: int = 2_000_000) -> Path:
    """One page drawing two million characters (a 5 KB file; 69 s and 4.5 GB before the limits)."""
    content = b"BT /F1 1 Tf 10 10 Td (" + b"A" * chars + b") Tj ET"
    path = folder / f"chars_{chars}.pdf"
    path.write_bytes(_one_page_pdf(content))
    return path


def pdf_inflate_bomb(folder: Path, size: int = 300 * MB) -> Path:
    """A content stream of 300 KB that inflates to 300 MB."""
    d = zlib.compressobj(9)
    chunk = b" " * MB
    packed = b"".join(d.compress(chunk) for _ in range(size // MB)) + d.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    path = folder / "inflate_bomb.pdf"
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", stream]))
    return path


def pdf_many_pages(folder: Path, pages: int = 20_000, declared: int | None = None) -> Path:
    """Twenty thousand pages sharing one content stream; ``declared`` the page count the file claims."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % (declared or pages),
               _stream(b"BT /F1 12 Tf 72 720 Td (page) Tj ET")]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (first_page + pages))
    objects += [page] * pages + [_FONT]
    path = folder / ("lying_pages.pdf" if declared else "many_pages.pdf")
    path.write_bytes(_pdf(objects))
    return path


def pdf_operators(folder: Path, size: int = 3 * MB) -> Path:
    """A page of ``size`` bytes of drawing operators and no text at all."""
    path = folder / f"operators_{size}.pdf"
    path.write_bytes(_one_page_pdf(b"q Q " * (size // 4)))
    return path


def pdf_huge_content(folder: Path, size: int = 64 * MB) -> Path:
    """A page whose drawing instructions inflate to 64 MB (within the file's unpack limit)."""
    path = folder / "huge_content.pdf"
    path.write_bytes(_one_page_pdf(b"q Q " * (size // 4)))
    return path


# --- zip documents ---------------------------------------------------------------------------------------
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
       '+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')
_XLSX_PARTS = ('<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
               'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
               'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
_SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _styles(xfs: str, formats: str = "") -> str:
    return (f'<?xml version="1.0"?><styleSheet {_SHEET_NS}>{formats}<fonts count="1"><font/></fonts><fills count="1">'
            '<fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
            f'<cellStyleXfs count="1"><xf/></cellStyleXfs>{xfs}<cellStyles count="1"><cellStyle name="Normal" '
            'xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _xlsx(path: Path, sheet: bytes | Callable, styles: str = "", members: dict[str, bytes] | None = None) -> Path:
    """A minimal workbook of one sheet; ``sheet`` bytes, or a writer called with the open member."""
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = (f'<?xml version="1.0"?><workbook {_SHEET_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
          '2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
               '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
               'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
               'Target="styles.xml"/></Relationships>')
    styles = styles or _styles('<cellXfs count="1"><xf/></cellXfs>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CT.replace("</Types>", _XLSX_PARTS + "</Types>"))
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", wb)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        zf.writestr("xl/styles.xml", styles)
        if callable(sheet):
            with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
                sheet(fh)
        else:
            zf.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (members or {}).items():
            zf.writestr(name, data)
    return path


def _rows(fh, rows: int, cols: int) -> None:
    fh.write(f'<?xml version="1.0"?><worksheet {_SHEET_NS}><sheetData>'.encode())
    cells = "".join(f'<c t="n"><v>{c}</v></c>' for c in range(cols)).encode()
    for _ in range(rows):
        fh.write(b"<row>" + cells + b"</row>")
    fh.write(b"</sheetData></worksheet>")


def xlsx_zip_bomb(folder: Path) -> Path:
    """A small workbook whose sheet unpacks to about 60 MB."""
    return _xlsx(folder / "zip_bomb.xlsx", lambda fh: _rows(fh, 100_000, 30))


def xlsx_many_cells(folder: Path, rows: int = 30_000) -> Path:
    """A workbook of 20 cells a row in a sheet of 13 MB (a 645 KB file took 79 s and 2.7 GB)."""
    return _xlsx(folder / f"cells_{rows}.xlsx", lambda fh: _rows(fh, rows, 20))


def xlsx_merged_area(folder: Path) -> Path:
    """One merged range over a whole sheet: openpyxl would make an object for each of its 17 billion cells."""
    sheet = (f'<?xml version="1.0"?><worksheet {_SHEET_NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
             '项目名称</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
             '</mergeCells></worksheet>').encode()
    return _xlsx(folder / "merged_area.xlsx", sheet)


def xlsx_number_format(folder: Path, digits: int = 200_000, cells: int = 2_000) -> Path:
    """Numbers under a 200,000-digit format (a 17 KB file took 2 GB)."""
    styles = _styles('<cellXfs count="2"><xf/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>',
                     f'<numFmts count="1"><numFmt numFmtId="164" formatCode="0.{"0" * digits}"/></numFmts>')
    sheet = (f'<?xml version="1.0"?><worksheet {_SHEET_NS}><sheetData>'
             + "".join(f'<row r="{r}"><c r="A{r}" s="1"><v>{r}.5</v></c></row>' for r in range(1, cells + 1))
             + "</sheetData></worksheet>").encode()
    return _xlsx(folder / "number_format.xlsx", sheet, styles)


def xlsx_entities(folder: Path) -> Path:
    """A sheet with an external entity (XXE) and a billion-laughs expansion."""
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
    sheet = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "ha">{laughs}'
             '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
             f'<worksheet {_SHEET_NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;&xxe;</t></is></c>'
             '</row></sheetData></worksheet>').encode()
    return _xlsx(folder / "entities.xlsx", sheet)


def zip_many_members(folder: Path, members: int = 60_000) -> Path:
    path = folder / "many_members.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for n in range(members):
            zf.writestr(f"x/{n}", b"")
    return path


def _docx(path: Path, body: bytes | Callable) -> Path:
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", rels)
        if callable(body):
            with zf.open("word/document.xml", "w", force_zip64=True) as fh:
                body(fh)
        else:
            zf.writestr("word/document.xml", body)
    return path


def _paragraphs(count: int, text: str = ""):
    def write(fh) -> None:
        fh.write(f'<?xml version="1.0"?><w:document {_W_NS}><w:body>'.encode())
        para = (f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" if text else "<w:p/>").encode()
        for _ in range(count // 1000):
            fh.write(para * 1000)
        fh.write(b"</w:body></w:document>")
    return write


def docx_zip_bomb(folder: Path) -> Path:
    """A 200 KB document whose body unpacks to about 60 MB (a 332 KB file took 104 s and 2.9 GB)."""
    return _docx(folder / "zip_bomb.docx", _paragraphs(1_500_000, "项目名称"))


def docx_many_elements(folder: Path, count: int = 5_000_000) -> Path:
    """A body of ``count`` empty paragraphs (5 million: 30 MB, under the part limit, over the element limit)."""
    return _docx(folder / f"elements_{count}.docx", _paragraphs(count))


def docx_big_table(folder: Path, cells: int = 380_000) -> Path:
    """One table of ``cells`` cells (five elements each): the largest single block the element limit allows."""
    def write(fh) -> None:
        fh.write(f'<?xml version="1.0"?><w:document {_W_NS}><w:body><w:tbl>'.encode())
        row = b"<w:tr>" + b"<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>" * 10 + b"</w:tr>"
        for _ in range(cells // 10):
            fh.write(row)
        fh.write(b"</w:tbl></w:body></w:document>")
    return _docx(folder / "big_table.docx", write)


def docx_entities(folder: Path) -> Path:
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">{laughs}]>'
            f'<w:document {_W_NS}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>').encode()
    return _docx(folder / "entities.docx", body)


def pdf_tiny_cells(folder: Path, side: int = 200) -> Path:
    """A page ruled into ``side`` x ``side`` tiny cells (40,000): what the table finder and the grid cost."""
    step = 800 / side
    lines = b"".join(b"%.2f 20 m %.2f 820 l " % (20 + i * step, 20 + i * step) for i in range(side + 1))
    lines += b"".join(b"20 %.2f m 570 %.2f l " % (20 + i * step, 20 + i * step) for i in range(side + 1))
    path = folder / "tiny_cells.pdf"
    path.write_bytes(_one_page_pdf(lines + b"S BT /F1 1 Tf 30 30 Td (x) Tj ET"))
    return path


def docx_wide_span(folder: Path) -> Path:
    """A table cell spanning 100 million grid columns."""
    body = (f'<?xml version="1.0"?><w:document {_W_NS}><w:body><w:tbl><w:tr><w:trPr><w:gridBefore w:val="99999999"/>'
            '</w:trPr><w:tc><w:tcPr><w:gridSpan w:val="100000000"/></w:tcPr><w:p><w:r><w:t>项目名称</w:t></w:r></w:p>'
            '</w:tc></w:tr></w:tbl></w:body></w:document>').encode()
    return _docx(folder / "wide_span.docx", body)


def xlsx_far_cell(folder: Path) -> Path:
    """Five thousand rows in column A and one cell at XFD1: 82 million cells if every column were kept."""
    def write(fh) -> None:
        fh.write(f'<?xml version="1.0"?><worksheet {_SHEET_NS}><sheetData>'.encode())
        fh.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="XFD1" t="inlineStr"><is><t>far'
                 b'</t></is></c></row>')
        for r in range(2, 5001):
            fh.write(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r))
        fh.write(b"</sheetData></worksheet>")
    return _xlsx(folder / "far_cell.xlsx", write)


# name -> (builder, the limit or message the refusal must name; None: read, in bounded time and memory)
BOMBS: dict[str, tuple[Callable[[Path], Path], str | None]] = {
    "pdf: 2 M characters on a page": (pdf_many_chars, "limits.pdf-page-content-mb"),
    "pdf: 200,000 characters on a page": (lambda d: pdf_many_chars(d, 200_000), "limits.pdf-page-chars"),
    "pdf: stream inflating to 300 MB": (pdf_inflate_bomb, "limits.unpacked-mb"),
    "pdf: 20,000 pages": (pdf_many_pages, "limits.pdf-pages"),
    "pdf: 20,000 pages, 1 declared": (lambda d: pdf_many_pages(d, declared=1), "limits.pdf-pages"),
    "pdf: 64 MB of drawing on a page": (pdf_huge_content, "limits.pdf-page-content-mb"),
    "pdf: 3 MB of operators, no text": (pdf_operators, "limits.pdf-page-content-mb"),
    "pdf: 0.95 MB of operators (allowed)": (lambda d: pdf_operators(d, 1_000_000), "without a text layer"),
    "xlsx: zip bomb (60 MB sheet)": (xlsx_zip_bomb, "limits.xml-part-mb"),
    "xlsx: 600,000 cells": (xlsx_many_cells, "limits.sheet-cells"),
    "xlsx: 180,000 cells (allowed)": (lambda d: xlsx_many_cells(d, 9_000), "no performance form"),
    "xlsx: merged range over the sheet": (xlsx_merged_area, "limits.sheet-cells"),
    "xlsx: 200,000-digit number format": (xlsx_number_format, "limits.number-format-chars"),
    "xlsx: entity bomb and XXE": (xlsx_entities, "declares a DTD"),
    "xlsx: 60,000 members": (zip_many_members, "limits.archive-members"),
    "docx: zip bomb (60 MB body)": (docx_zip_bomb, "limits.xml-part-mb"),
    "docx: 5 M elements": (docx_many_elements, "limits.xml-elements"),
    "docx: 1.9 M elements (allowed)": (lambda d: docx_many_elements(d, 1_900_000), "no text"),
    "docx: one table of 1.9 M elements (allowed)": (docx_big_table, "no performance form"),
    "docx: entity bomb": (docx_entities, "declares a DTD"),
    "docx: a cell spanning 100 M columns (allowed)": (docx_wide_span, None),
    "xlsx: a cell at XFD1 below 5,000 rows (allowed)": (xlsx_far_cell, None),
    "pdf: a page ruled into 40,000 cells": (pdf_tiny_cells, "limits.pdf-page-cells"),
}


def ole_file(stream: str) -> bytes:
    """The head of an OLE compound file whose first stream is ``stream`` (WordDocument: a .doc, Workbook:
    an .xls): enough for perflint to tell what it is, not a readable document."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * (512 - 8)
    root = "Root Entry".encode("utf-16-le").ljust(64, b"\x00") + (22).to_bytes(2, "little") + b"\x05"
    name = stream.encode("utf-16-le") + b"\x00\x00"
    entry = name.ljust(64, b"\x00") + len(name).to_bytes(2, "little") + b"\x02"
    return header + root.ljust(128, b"\x00") + entry.ljust(128, b"\x00") + b"\x00" * 256
