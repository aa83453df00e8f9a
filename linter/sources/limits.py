"""How much perflint will read of one file: each limit bounds the time and memory one hostile or broken file
can cost, and is set in ``[tool.perflint.limits]`` (keys as in :data:`KEYS`).

The defaults hold every real form with room to spare (a province's batch PDF of 300 pages, a workbook of a few
hundred forms) while a file made to exhaust the machine — a zip bomb disguised as .xlsx or .docx, a PDF page
of millions of characters, a number format of 200,000 digits — is refused within a second or two and well
under 500 MB (``benchmarks/bombs.py`` prints the figures).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    file_mb: float = 16               # bytes of any one file read (text, document); read(limit + 1), never read()
    unpacked_mb: float = 200          # a zip document's parts, or a PDF's streams, once decompressed
    xml_part_mb: float = 40           # one XML part of an .xlsx / .docx (the sheet, the document body)
    xml_elements: int = 2_000_000     # elements of one XML part (what parsing it costs)
    archive_members: int = 5_000      # files inside an .xlsx / .docx
    sheet_cells: int = 200_000        # cells and rows of a workbook, merged areas included (a form: ~300)
    pdf_pages: int = 1_000            # pages of a PDF
    pdf_page_chars: int = 30_000      # characters on one PDF page (a dense A4 form page has about 2,000)
    pdf_page_content_mb: float = 1    # a PDF page's drawing instructions, decompressed (a form page: ~15 KB)
    pdf_page_cells: int = 5_000       # cells a PDF page's ruling lines could make (a form page: ~200)
    number_format_chars: int = 255    # an Excel number format (Excel itself allows 255)
    convert_seconds: float = 120      # one LibreOffice conversion (.doc, .wps, .et, .rtf, .odt, .ods)

    @classmethod
    def from_table(cls, table: Mapping[str, Any] | None) -> "Limits":
        """Limits from a ``[tool.perflint.limits]`` table (kebab-case keys); missing keys keep the default."""
        if not table:
            return DEFAULT
        values = {}
        for key, value in table.items():
            name = KEYS.get(key)
            if name is None:
                raise ValueError(f"unknown limit {key!r} (known: {', '.join(KEYS)})")
            values[name] = value
        return cls(**values)

    def bytes(self, name: str) -> int:
        """A limit given in MB, in bytes."""
        return int(getattr(self, name) * MB)


KEYS = {f.name.replace("_", "-"): f.name for f in fields(Limits)}
DEFAULT = Limits()


def key(name: str) -> str:
    """The configuration key of a limit: ``pdf_pages`` -> ``limits.pdf-pages``."""
    return "limits." + name.replace("_", "-")
