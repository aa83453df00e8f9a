"""A spreadsheet as perflint reads it, whatever the file format: cells as Excel displays them, merged ranges
read once (in their top-left cell), hidden rows and columns left out. ``.xlsx`` (openpyxl) and ``.xls``
(xlrd) each fill a :class:`Grid`; :func:`emit` writes its rows as tab lines, each cell mapped to its reference
(``Sheet1!D14``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import LimitError
from .limits import Limits, key
from .textmap import Builder


_WIDEST = 256      # columns of an .xls sheet; wider, a sheet's empty columns are left out


@dataclass
class Grid:
    """One visible sheet: displayed text by (row, column), 1-based; merged ranges; hidden rows and columns."""

    title: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)    # (row0, col0, row1, col1)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)


def emit(grid: Grid, builder: Builder) -> None:
    """The sheet's rows with a value, as tab lines over the columns from the first to the last with a value.

    A merged range shows its text once, in its first visible cell (as a form written as tab text does); the
    other cells of the range are empty whatever the file holds in them."""
    cells = dict(grid.cells)
    for r0, c0, r1, c1 in grid.merges:
        text = cells.get((r0, c0), "")
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                cells.pop((r, c), None)
        first = next(((r, c) for r in range(r0, r1 + 1) if r not in grid.hidden_rows
                      for c in range(c0, c1 + 1) if c not in grid.hidden_cols), None)
        if text and first:
            cells[first] = text
    cells = {rc: t for rc, t in cells.items()
             if t.strip() and rc[0] not in grid.hidden_rows and rc[1] not in grid.hidden_cols}
    if not cells:
        return
    used = {c for _, c in cells}
    columns = [c for c in range(min(used), max(used) + 1) if c not in grid.hidden_cols]
    if len(columns) > _WIDEST:      # a stray cell far to the right: no form is this wide, its empty columns go
        columns = sorted(used)
    ref = sheet_ref(grid.title)
    letters = [column_letter(c) for c in columns]
    builder.part()
    for r in sorted({r for r, _ in cells}):
        builder.row([cells.get((r, c), "") for c in columns], [("cell", f"{ref}!{x}{r}") for x in letters])


def sheet_ref(title: str) -> str:
    """The sheet part of a cell reference, quoted as Excel writes it when the name needs it."""
    if re.fullmatch(r"[^\W\d][\w.]*", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+|R\d*C\d*", title, re.I):
        return title
    return "'" + title.replace("'", "''") + "'"


def column_letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def check_format(fmt: str | None, path: str, ref: str, limits: Limits) -> None:
    """A number format longer than Excel allows is refused: formatting with it costs memory per digit."""
    if fmt and len(fmt) > limits.number_format_chars:
        raise LimitError(path, "input.number-format", key("number_format_chars"), params={"n": len(fmt), "ref": ref})


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
    if value < 0 and len(sections) >= 2 and sections[1].strip():
        section, value = sections[1], -value   # the negative section writes its own sign, if any
    plan = _plan(section)
    if plan is None:
        return _general(value)
    prefix, suffix, percent, grouping, scale, min_dec, max_dec, hashes = plan
    value = value * 100 if percent else value
    value = value / scale if scale != 1 else value
    text = f"{abs(value):{',' if grouping else ''}.{max_dec}f}"
    if max_dec > min_dec and "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0")
        frac = frac + "0" * max(0, min_dec - len(frac))
        text = whole + ("." + frac if frac else "")
    if hashes and text.startswith("0") and (len(text) == 1 or text[1] == "."):
        text = text[1:] or "0"                                # #.## shows .5, not 0.5
    sign = "-" if value < 0 and float(text.replace(",", "") or 0) != 0 else ""
    return prefix + sign + text + suffix


@lru_cache(maxsize=1024)
def _plan(section: str) -> tuple | None:
    """How a format section writes a number: (prefix, suffix, percent, grouping, scale, min and max
    decimals, integer part of # only); None for General and for formats that are not simple."""
    section = re.sub(r"\[[^\]]*\]", "", section)          # colours, conditions, locales
    section = re.sub(r"_.|\*.", "", section)              # padding and fill characters
    if section.strip().lower() in ("general", "", "@"):
        return None
    # literals: "text", \c; everything else outside the digit placeholders must be plain punctuation
    literal = _QUOTED.sub(lambda m: "\x00" * len(m.group(0)), section)
    literal = re.sub(r"\\.", "\x01\x01", literal)
    if re.search(r"[A-Za-z/]", literal.replace("\x00", "").replace("\x01", "")):
        return None   # scientific, fractions, date-like or other codes: not simple
    matches = list(_PLACEHOLDERS.finditer(literal))
    if len(matches) != 1:
        return None
    m = matches[0]
    int_part, _, dec_part = m.group(0).partition(".")
    digits = int_part.replace(",", "")
    scale = 1000 ** (len(int_part) - len(int_part.rstrip(","))) if int_part.rstrip(",") else 1
    return (_literal_text(section[: m.start()]), _literal_text(section[m.end():]), "%" in literal,
            "," in int_part.rstrip(","), scale, dec_part.count("0"), len(dec_part),
            bool(digits) and set(digits) <= {"#"})


@lru_cache(maxsize=1024)
def _split_sections(fmt: str) -> tuple[str, ...]:
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
    return tuple(out)


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
