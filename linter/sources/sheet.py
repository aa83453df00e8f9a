"""A spreadsheet as perflint reads it, whatever the file format: cells as Excel displays them, merged ranges
read once (in their top-left cell), hidden rows and columns left out. ``.xlsx`` (openpyxl) and ``.xls``
(xlrd) each fill a :class:`Grid`; :func:`emit` writes its rows as tab lines, each cell mapped to its reference
(``Sheet1!D14``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import LimitError
from .limits import Limits, key
from .textmap import Builder


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
    columns = [c for c in range(min(c for _, c in cells), max(c for _, c in cells) + 1) if c not in grid.hidden_cols]
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
        raise LimitError(path, f"number format of {len(fmt):,} characters in {ref}", key("number_format_chars"),
                         hint="Excel allows 255 characters: the file was not made by an office program; "
                              "save it again from Excel, or raise limits.number-format-chars in "
                              "[tool.perflint.limits]")


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
