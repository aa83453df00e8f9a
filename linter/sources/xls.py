"""Excel 97-2003 workbooks (.xls, and WPS .et in the same format): read with xlrd like an .xlsx (visible sheets
as parts, cells as displayed, merged ranges once, hidden rows and columns left out; formulas by the values the
file keeps). Without xlrd, or when xlrd cannot read the file, LibreOffice converts it into .xlsx when it is
installed; without either, a per-file error names both.
"""
from __future__ import annotations

from ..errors import FileError, InputError, LimitError
from .limits import Limits, key
from .readers import MissingExtra, require
from .sheet import Grid, check_format, column_letter, display_value, emit, sheet_ref
from .sniff import Kind
from .textmap import Builder


def extract(data: bytes, path: str, builder: Builder, limits: Limits) -> list[FileError]:
    from .convert import find_soffice
    try:
        xlrd = require("xlrd", "xlrd", "office")
    except MissingExtra:
        if find_soffice() is None:
            raise InputError(path, "input.needs-xlrd", hint="input.hint.pip", params={"extra": "office"}) from None
        return _through_libreoffice(data, path, builder, limits)
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True)
    except xlrd.XLRDError:
        if find_soffice() is None:
            raise
        return _through_libreoffice(data, path, builder, limits)
    try:
        cells = 0
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            cells += sum(sheet.row_len(r) for r in range(sheet.nrows)) + _merged_area(sheet)
            if cells > limits.sheet_cells:
                raise LimitError(path, "input.sheet-cells-over", key("sheet_cells"), params={"n": limits.sheet_cells})
            if sheet.visibility == 0:
                emit(_grid(xlrd, book, sheet, path, limits), builder)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return []


def _through_libreoffice(data: bytes, path: str, builder: Builder, limits: Limits) -> list[FileError]:
    from . import xlsx
    from .convert import convert
    return xlsx.extract(convert(data, path, Kind.XLS, Kind.XLSX, limits), path, builder, limits)


def _merged_area(sheet) -> int:
    return sum((r1 - r0) * (c1 - c0) for r0, r1, c0, c1 in sheet.merged_cells)


def _grid(xlrd, book, sheet, path: str, limits: Limits) -> Grid:
    grid = Grid(sheet.name)
    ref = sheet_ref(sheet.name)
    for r in range(sheet.nrows):
        for c in range(sheet.row_len(r)):
            text = _display(xlrd, book, sheet, r, c, path, f"{ref}!{column_letter(c + 1)}{r + 1}", limits)
            if text.strip():
                grid.cells[(r + 1, c + 1)] = text
    grid.merges = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
    grid.hidden_rows = {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden or info.height == 0}
    grid.hidden_cols = {c + 1 for c, info in sheet.colinfo_map.items() if info.hidden or info.width == 0}
    return grid


def _display(xlrd, book, sheet, r: int, c: int, path: str, ref: str, limits: Limits) -> str:
    kind = sheet.cell_type(r, c)
    value = sheet.cell_value(r, c)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    if kind == xlrd.XL_CELL_DATE:
        try:
            return display_value(xlrd.xldate_as_datetime(value, book.datemode))
        except (ValueError, OverflowError):
            return display_value(value)
    fmt = book.format_map.get(book.xf_list[sheet.cell_xf_index(r, c)].format_key)
    fmt_text = fmt.format_str if fmt is not None else "General"
    check_format(fmt_text, path, ref, limits)
    return display_value(value, fmt_text)
