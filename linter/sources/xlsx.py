"""Excel workbooks (.xlsx, openpyxl): every visible sheet, every row as a tab line of the cells as displayed.

Numbers are written with their number format when it is a simple one (``#,##0.00``, ``0.0%``, ``0"万元"``),
dates as ISO dates. Merged cells keep their value in the top-left cell only, except an indicator level
(一级/二级指标 such as 产出指标, 数量指标) merged down a column, which is filled into every row it spans.
Each tab cell maps to its cell reference, ``Sheet1!D14``.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from . import Builder, require
from ..taxonomy import is_level_name


def extract(path: str, builder: Builder) -> list[dict]:
    openpyxl = require("openpyxl", "openpyxl", "office")
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":   # hidden sheets hold drop-down lists, not forms
                continue
            _sheet(ws, builder, get_column_letter)
    finally:
        wb.close()
    return []


def sheet_ref(title: str) -> str:
    """The sheet part of a cell reference, quoted as Excel writes it when the name needs it."""
    if re.fullmatch(r"[^\W\d][\w.]*", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+|R\d*C\d*", title, re.I):
        return title
    return "'" + title.replace("'", "''") + "'"


def _sheet(ws, builder: Builder, letter) -> None:
    # level names merged down a column are filled into every row they span
    fill: dict[tuple[int, int], str] = {}
    for rng in ws.merged_cells.ranges:
        if rng.max_row <= rng.min_row:
            continue
        top = ws.cell(rng.min_row, rng.min_col)
        text = display_value(top.value, top.number_format)
        if text and is_level_name(text):
            for r in range(rng.min_row + 1, rng.max_row + 1):
                fill[(r, rng.min_col)] = text
    ref = sheet_ref(ws.title)
    rows, first, last = _rows(ws, fill)
    cols = range(first, last + 1)
    builder.blank()
    for r, row in rows:
        texts = [fill.get((r, c)) or (display_value(row[c].value, row[c].number_format) if c in row else "")
                 for c in cols]
        if any(t.strip() for t in texts):
            builder.row(texts, [("cell", f"{ref}!{letter(c)}{r}") for c in cols])


def _rows(ws, fill: dict[tuple[int, int], str]) -> tuple[list[tuple[int, dict]], int, int]:
    """The rows holding a value, in order, as (row number, {column: cell}), and the first and last column
    holding one. Only cells with a value are visited: a sheet whose used range runs to row 1,048,576
    because of one formatted cell costs no more than its content."""
    by_row: dict[int, dict[int, object]] = {}
    cells = getattr(ws, "_cells", None)
    if isinstance(cells, dict):
        items = iter(cells.items())
    else:  # an openpyxl without the cell dictionary: walk the used range
        items = (((cell.row, cell.column), cell) for row in ws.iter_rows() for cell in row
                 if hasattr(cell, "column"))
    for (r, c), cell in items:
        if cell.value is not None and not (isinstance(cell.value, str) and not cell.value.strip()):
            by_row.setdefault(r, {})[c] = cell
    for r, _ in fill:
        by_row.setdefault(r, {})
    columns = [c for row in by_row.values() for c in row] + [c for _, c in fill]
    if not columns:
        return [], 1, 0
    return sorted(by_row.items()), min(columns), max(columns)


# --- values as Excel displays them --------------------------------------------------------------------------
def display_value(value: Any, number_format: str | None = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(value, number_format or "General")
    return str(value)


_QUOTED = re.compile(r'"([^"]*)"')
_PLACEHOLDERS = re.compile(r"[#0?][#0?,]*(?:\.[#0?]*)?|\.[#0?]+")


def format_number(value: float, fmt: str) -> str:
    """``value`` under a simple Excel number format; anything not simple is shown as General would."""
    sections = _split_sections(fmt)
    section = sections[0]
    negative = value < 0
    if negative and len(sections) >= 2 and sections[1].strip():
        section, value = sections[1], -value   # the negative section writes its own sign, if any
        negative = False
    section = re.sub(r"\[[^\]]*\]", "", section)          # colours, conditions, locales
    section = re.sub(r"_.|\*.", "", section)              # padding and fill characters
    if section.strip().lower() in ("general", "", "@"):
        return _general(-value if negative and value > 0 else value)
    # literals: "text", \c; everything else outside the digit placeholders must be plain punctuation
    literal = _QUOTED.sub(lambda m: "\x00" * len(m.group(0)), section)
    literal = re.sub(r"\\.", "\x01\x01", literal)
    if re.search(r"[A-Za-z/]", literal.replace("\x00", "").replace("\x01", "")):
        return _general(value)   # scientific, fractions, date-like or other codes: not simple
    matches = list(_PLACEHOLDERS.finditer(literal))
    if len(matches) != 1:
        return _general(value)
    m = matches[0]
    pattern = m.group(0)
    prefix, suffix = _literal_text(section[: m.start()]), _literal_text(section[m.end():])
    if "%" in literal:
        value *= 100
    int_part, _, dec_part = pattern.partition(".")
    grouping = "," in int_part.rstrip(",")
    if int_part.endswith(",") and int_part.rstrip(","):   # trailing commas scale by 1000 each
        value /= 1000 ** (len(int_part) - len(int_part.rstrip(",")))
    min_dec = dec_part.count("0")
    max_dec = len(dec_part)
    text = f"{abs(value):{',' if grouping else ''}.{max_dec}f}"
    if max_dec > min_dec and "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0")
        frac = frac + "0" * max(0, min_dec - len(frac))
        text = whole + ("." + frac if frac else "")
    if int_part.replace(",", "") and set(int_part.replace(",", "")) <= {"#"} and text.startswith("0") \
            and (len(text) == 1 or text[1] == "."):
        text = text[1:] or "0"                                # #.## shows .5, not 0.5
    sign = "-" if value < 0 and float(text.replace(",", "") or 0) != 0 else ""
    return prefix + sign + text + suffix


def _split_sections(fmt: str) -> list[str]:
    out, cur, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _literal_text(part: str) -> str:
    part = _QUOTED.sub(lambda m: m.group(1), part)
    return re.sub(r"\\(.)", r"\1", part)


def _general(value: float) -> str:
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    text = format(value, ".15g")
    if "e" in text:
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text
