"""Excel workbooks (.xlsx, openpyxl): every visible sheet, each its own part, rows as tab lines of the cells
as Excel displays them.

The archive is checked first (``archive.open_zip``: sizes, entities, the number of cells and the area of
merged ranges against ``sheet-cells``), then openpyxl loads it with the values Excel saved for formulas.
Hidden sheets, rows and columns are left out (a template row hidden rather than deleted is not an
indicator). Numbers are written with their number format (``0.00%``, ``#,##0.00``, ``0"万元"``), dates as ISO
dates. A formula whose value was never saved (a workbook written by a program and never opened in Excel)
reads as empty, and the file gets an error saying so.
"""
from __future__ import annotations

import io

from ..errors import FileError, LimitError, Text
from .archive import open_zip
from .limits import Limits, key
from .readers import require
from .sheet import Grid, check_format, column_letter, display_value, emit, sheet_ref
from .textmap import Builder


def extract(data: bytes, path: str, builder: Builder, limits: Limits) -> list[FileError]:
    openpyxl = require("openpyxl", "openpyxl", "office")
    zf, census = open_zip(data, path, limits)
    zf.close()
    cells = census.cells + census.merged
    if cells > limits.sheet_cells:
        raise LimitError(path, "input.sheet-cells", key("sheet_cells"), params={"n": cells})
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    try:
        sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]   # hidden: drop-down lists
        for ws in sheets:
            emit(_grid(ws, path, limits), builder)
        return _unsaved_formulas(openpyxl, data, sheets) if census.formulas else []
    finally:
        wb.close()


def _grid(ws, path: str, limits: Limits) -> Grid:
    grid = Grid(ws.title)
    ref = sheet_ref(ws.title)
    for (r, c), cell in _cells(ws):
        fmt = cell.number_format
        if isinstance(cell.value, (int, float)):
            check_format(fmt, path, f"{ref}!{column_letter(c)}{r}", limits)
        text = display_value(cell.value, fmt)
        if text.strip():
            grid.cells[(r, c)] = text
    grid.merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    grid.hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden or dim.height == 0}
    for dim in ws.column_dimensions.values():
        if (dim.hidden or dim.width == 0) and dim.min and dim.max:
            grid.hidden_cols.update(range(dim.min, min(dim.max, 16_384) + 1))
    return grid


def _cells(ws):
    """The cells holding a value. Only those are visited: a sheet whose used range runs to row 1,048,576
    because of one formatted cell costs no more than its content."""
    cells = getattr(ws, "_cells", None)
    if isinstance(cells, dict):
        return [(rc, cell) for rc, cell in cells.items() if cell.value is not None]
    return [((cell.row, cell.column), cell) for row in ws.iter_rows() for cell in row   # without the dictionary
            if getattr(cell, "value", None) is not None]


def _unsaved_formulas(openpyxl, data: bytes, sheets: list) -> list[FileError]:
    """Formulas of the visible sheets with no saved value (``sheets`` loaded with the saved values), named
    in one error."""
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    missing: list[str] = []
    try:
        for ws in sheets:
            saved = getattr(ws, "_cells", {})
            for row in formulas[ws.title].iter_rows():
                for cell in row:
                    if cell.data_type == "f" and getattr(saved.get((cell.row, cell.column)), "value", None) is None:
                        missing.append(f"{sheet_ref(ws.title)}!{cell.coordinate}")
    finally:
        formulas.close()
    if not missing:
        return []
    shown: str | Text = ", ".join(missing[:5])
    if len(missing) > 5:
        shown = Text("input.and-more", {"shown": shown, "n": len(missing) - 5})
    key = "input.formulas-unsaved" if len(missing) > 1 else "input.formula-unsaved"
    error = FileError.keyed(key, hint="input.formulas-unsaved.hint", n=len(missing), cells=shown)
    error.location = missing[0]
    return [error]
