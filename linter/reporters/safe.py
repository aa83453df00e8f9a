"""Form text made harmless for each kind of report.

A form is written by someone else: its project name, its values and its file name reach the reviewer's
terminal, browser and spreadsheet. Whatever they hold, a report shows it and never acts on it:

- bidirectional controls (U+202A–U+202E, U+2066–U+2069, the "Trojan Source" characters) are shown as
  ``[U+202E]`` in every report read by people, so a name cannot reorder what a reviewer reads;
- a terminal (text and GitHub formats) gets control characters, ANSI escapes and newlines as visible
  escapes (``\\x1b``, ``\\n``), so a form cannot colour, move the cursor or forge a summary or a
  ``::error::`` line;
- a spreadsheet gets no character XML cannot hold, and text that Excel would run as a formula is marked as
  text (see the CSV and xlsx reporters);
- JSON stays the exact data: the same characters, written as ``\\u`` escapes where an editor or a terminal
  showing the file would apply them.
"""
from __future__ import annotations

import json
import re
from typing import Any

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_RE = re.compile(f"[{BIDI}]")
# C0 controls, DEL, C1 controls, line and paragraph separators, bidi controls, lone surrogates (the bytes
# of an undecodable file name)
_TERMINAL_RE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI}\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# what a page shows as a marker: controls other than tab and newline, and the bidi controls
_PAGE_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}\ud800-\udfff]")
# characters XML 1.0 cannot hold at all, even escaped (openpyxl refuses the whole workbook for one)
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_JSON_RE = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI}\ud800-\udfff]")
# Excel runs a cell that starts with one of these as a formula (=, +, -, @), or after them (tab, CR)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def marker(ch: str) -> str:
    """How a report shows an invisible character it will not apply: ``[U+202E]``."""
    return f"[U+{ord(ch):04X}]"


def show_bidi(text: str) -> str:
    """``text`` with each bidirectional control shown as a marker."""
    return _BIDI_RE.sub(lambda m: marker(m.group()), text) if text else text


def _terminal_escape(m: re.Match) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    if ch in BIDI:
        return marker(ch)
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:   # a byte that did not decode, as Python keeps it in a file name
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: Any) -> str:
    """Text for one line of a terminal or a CI log: nothing in it can end the line or command the terminal."""
    if text is None:
        return ""
    text = str(text)
    return _TERMINAL_RE.sub(_terminal_escape, text)


def page(text: Any) -> str:
    """Text for a page or a document a person reads (HTML, xlsx, CSV, JUnit, SARIF messages): control and
    bidi characters shown as markers, tabs and newlines kept."""
    if text is None:
        return ""
    return _PAGE_RE.sub(lambda m: marker(m.group()), str(text))


def xml_text(text: str) -> str:
    """Text an XML document can hold: illegal characters removed, bidi controls shown."""
    return show_bidi(_XML_ILLEGAL_RE.sub("", text))


def formula_like(text: str) -> bool:
    """Whether Excel would take this text for a formula (also after leading blanks: `` =1+1``)."""
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START[:4])


def json_text(data: Any, indent: int | None = None) -> str:
    """``data`` as JSON with the characters as they are, except those a viewer would apply (bidi, C1,
    line separators) and lone surrogates, which are written as ``\\u`` escapes: the same JSON value."""
    text = json.dumps(data, ensure_ascii=False, indent=indent,
                      separators=None if indent is not None else (",", ":"))
    return _JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
