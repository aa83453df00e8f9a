"""Text with no separators at all (document previews) into cells.

A preview gives a form as one run of characters — ``数量指标安装护栏长度10≥266米270米10质量指标…`` — sometimes
cut into numbered chunks (``1、…`` ``2、…``) that split words. The form's vocabulary (labels, column headers,
level names) and the shapes of values (operator, number, unit; dates) are the only boundaries; what lies
between is text. Numbers glued together are split where the forms' own formats allow it: money with two
decimals, a weight and its score (``1515`` → 15 | 15), a weight and a rate (``1097.00%`` → 10 | 97.00%).
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import taxonomy, units
from .cells import Cell, clean
from .vocab import (BLOCK_LABELS, BUDGET_HEADERS, IGNORED_LABELS, PROSE_LABELS, COLUMN_HEADERS, FIELD_LABELS, GOAL_LABELS, GRADE_LABELS, TAIL_LABELS,
                    TOTAL_LABELS)

# a run-on line is long and holds several of the form's strong words
MIN_LENGTH = 60
MIN_HITS = 3
_SHORT_WORDS = frozenset({"分值", "得分", "权重", "总分"})
_CHUNK = re.compile(r"^\s*(\d{1,3})[、.．]\s*")
_TITLES = tuple(prefix + title for prefix in ("", "项目", "项目支出", "财政项目支出", "部门整体支出", "部门")
                for title in ("绩效目标申报表", "绩效目标自评表", "绩效自评表", "绩效目标表", "绩效自评报表",
                              "绩效目标批复表", "绩效目标审批表", "绩效目标审核表"))
_PROSE = re.compile(r"[，,。；;]")
_SENTENCE_END = re.compile(r"(?<=[。；;])")
_OPS = r"(?:>=|<=|≥|≤|≧|≦|>|<|=|不低于|不少于|不高于|不超过|不大于|不小于|大于|小于|等于|达到|超过|低于)"
_DATE = r"\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:底)?(?:前|之前|以前)?|\d{1,2}月(?:底|末)(?:前|之前)?"


@lru_cache(maxsize=1)
def _words() -> re.Pattern:
    """The vocabulary a run-on text is cut at, longest first."""
    levels = [name for name in taxonomy.level_names() if name.endswith(("指标", "目标"))]
    words = set(levels) | set(FIELD_LABELS) | set(GOAL_LABELS) | set(COLUMN_HEADERS) | set(BUDGET_HEADERS) \
        | set(TOTAL_LABELS) | set(GRADE_LABELS) | set(TAIL_LABELS) | set(_TITLES)
    words = {w for w in words if len(w) >= 3 or w in _SHORT_WORDS} \
        | {w for w in BLOCK_LABELS | IGNORED_LABELS | PROSE_LABELS if len(w) >= 4}
    # a compound of two words (执行率得分) is cut as its two words, as a run of column headers is
    words = {w for w in words if not any(w[:i] in words and w[i:] in words for i in range(2, len(w) - 1))}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    points = r"(?:[(（]\d+(?:\.\d+)?分[)）])?"
    return re.compile(f"(?:{alternation}){points}")


@lru_cache(maxsize=1)
def _values() -> re.Pattern:
    names = sorted({u.name for u in units.all_units()} | set(units.aliases()), key=len, reverse=True)
    unit = "(?:[万千亿百]?(?:" + "|".join(re.escape(n) for n in names if not n.isascii()) + ")|%)"
    number = r"\d+(?:\.\d{1,2})?"
    return re.compile(f"{_DATE}|(?:{_OPS}\\s*)?{number}\\s*(?:{unit})?")


def hits(text: str) -> int:
    """How many distinct strong words of the vocabulary a text holds."""
    return len({m.group(0) for m in _words().finditer(text) if len(m.group(0)) >= 4})


def is_run_on(text: str) -> bool:
    """Long, with no separators (no tabs, pipes, hardly a space), and several of the form's words."""
    if len(text) < MIN_LENGTH or "\t" in text or "|" in text:
        return False
    spaces = text.count(" ") + text.count("\u3000")
    return spaces * 50 < len(text) and hits(text) >= MIN_HITS


def chunk_text(raw: str) -> str:
    """A preview chunk without its number (``2、指标送戏下乡…``)."""
    return _CHUNK.sub("", raw, count=1)


def cells(pieces: list[tuple[int, int, str]]) -> list[Cell]:
    """The cells of run-on text given as (line, first column, text) pieces read in order."""
    text, where = "", []
    for line, col, piece in pieces:
        where.append((len(text), line, col))
        text += piece
    out: list[Cell] = []
    for start, end in _spans(text):
        body = text[start:end].strip()
        if not body:
            continue
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        line, col = _locate(where, start + lead)
        after_total = bool(out) and out[-1].text in TOTAL_LABELS
        for part in _split_glued_numbers(body, after_total):
            out.append(Cell(clean(part), part, line, col, len(out)))
            col += len(part)
    return out


def _locate(where: list[tuple[int, int, int]], offset: int) -> tuple[int, int]:
    line, col = where[0][1], where[0][2]
    for start, ln, c in where:
        if start > offset:
            break
        line, col = ln, c + offset - start
    return line, col


def _spans(text: str) -> list[tuple[int, int]]:
    """Boundaries: vocabulary words are cells; between two words, values and the text around them are
    cells — unless the stretch is prose (a goal), which is cut only at its sentences' ends."""
    words = [(m.start(), m.end()) for m in _word_marks(text)]
    out: list[tuple[int, int]] = []
    last = 0
    for a, b in words + [(len(text), len(text))]:
        if a > last:
            out.extend(_gap(text, last, a))
        if b > a:
            out.append((a, b))
        last = b
    return out


def _word_marks(text: str) -> list[re.Match]:
    out, pos, words = [], 0, _words()
    while pos < len(text):
        m = words.search(text, pos)
        if m is None:
            break
        out.append(m)
        pos = m.end()
    return out


def _gap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    piece = text[start:end]
    if _PROSE.search(piece):
        cuts = [start] + [start + m.start() for m in _SENTENCE_END.finditer(piece) if 0 < m.start() < len(piece)]
        return list(zip(cuts, cuts[1:] + [end]))
    out, pos, last, values = [], start, start, _values()
    while pos < end:
        m = _value_at(values, text, pos, end)
        if m is None:
            pos += 1
            continue
        if m.start() > last:
            out.append((last, m.start()))
        out.append((m.start(), m.end()))
        pos = last = m.end()
    if last < end:
        out.append((last, end))
    return out


def _value_at(values: re.Pattern, text: str, pos: int, end: int) -> re.Match | None:
    """A value starting at ``pos``, but not a digit inside a word (2023年度, G60, 5G)."""
    m = values.match(text, pos, end)
    if m is None or not m.group(0).strip():
        return None
    before = text[pos - 1] if pos else ""
    if before.isascii() and before.isalpha():
        return None
    after = text[m.end()] if m.end() < end else ""
    if (after.isascii() and after.isalpha()) or (after == "度" and m.group(0).endswith("年")):
        return None     # G60, 5G, 2023年度: a number inside a word
    return m


_PLAIN = re.compile(r"^(\d+)(?:\.(\d{1,2}))?(%?)$")


def _split_glued_numbers(text: str, after_total: bool = False) -> list[str]:
    """A weight glued to its score (1515 → 15 | 15) or to a rate (1097.00% → 10 | 97.00%): two numbers.
    Money (418.00) is never split: only whole numbers and rates over what a weight or a rate can be, and
    a total's weight and score (总分 10099.70 → 100 | 99.70)."""
    m = _PLAIN.match(text)
    if m is None:
        return [text]
    whole, decimals, pct = m.groups()
    half = len(whole) // 2
    if not decimals and not pct and len(whole) % 2 == 0 and whole[:half] == whole[half:] and whole[0] != "0":
        return [whole[:half], whole[half:]]       # 55, 1010: a weight and its full score
    value = float(text.rstrip("%"))
    if value <= 100 or (decimals and not pct and not after_total):
        return [text]
    for cut in range(1, len(whole)):
        a, b = whole[:cut], text[cut:]
        if b.startswith("0") and not b.startswith("0."):
            continue
        if 0 < int(a) <= 100 and float(b.rstrip("%")) <= (100 if pct else int(a)):
            return [a, b]
    return [text]
