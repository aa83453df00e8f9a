"""Cells into tokens: each cell classified once from the form's vocabulary.

A token says what a cell *is* in the form's own terms — a header label, a column header, an indicator level
(maybe with its points), an operator, a number, a unit, a target value, or free text — and, where extraction
glued several cells into one (``=3台网络安全设备维护数量``, ``项目名称：XX``, ``【产出指标-数量指标】``,
``指标1:机柜数量(≥77台)``), splits it. Classification depends only on a cell's text, so it is cached.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from . import taxonomy, units
from .cells import Cell
from .memo import cell_cache
from .values import OPS, QUALITATIVE_WORDS, parse_value
from .vocab import (BLOCK_CHARS, BLOCK_LABELS, BUDGET_HEADERS, BUDGET_LINES, FIELD_LABELS, GOAL_LABELS,
                    GRADE_LABELS, GRADES, IGNORED_LABELS, MONEY_UNIT_LABELS, PROSE_LABELS, TAIL_LABELS,
                    STANDARDS, TOTAL_LABELS, column_role, label_key, title_kind)


class Kind(Enum):
    """The primary reading of a cell."""

    TEXT = "text"        # free text: an indicator name, a project name, prose, a reason
    VALUE = "value"      # a target value: ≥85%, =3台, 及时, 达成指标
    NUMBER = "number"    # a bare number: a score, a weight, a target number in a split column
    OP = "op"            # a bare operator in a 计算符号 column: ≥, ＝, 不低于, 定性
    UNIT = "unit"        # a bare unit in a 度量单位 column: 人, 万元, %
    LEVEL = "level"      # an indicator level: 产出指标, 数量指标, 效益值, 产出指标(50分)
    LABEL = "label"      # a label of the form's vocabulary (header field, goal, column header, block …)
    TITLE = "title"      # the form's title


class Mark:
    """Further readings a label may have (bits); the parser chooses by context. Plain ints, not an enum.Flag:
    they are tested for every cell, and Flag arithmetic costs a microsecond a test."""

    NONE = 0
    BLOCK = 1            # labels a block of the table (绩效指标, 项目资金)
    TOTAL = 2            # 总分 / 合计
    GRADE_LABEL = 4
    GRADE = 8            # 优 / 良 …
    TAIL = 16            # 填表人, 审核意见 …: a line under the table
    PROSE = 32           # 项目概况, 立项依据 …
    IGNORED = 64         # a header label whose value is not read
    MONEY_UNIT = 128     # 金额单位


# the labels that may carry their value after a colon in one cell
_COLON_MARKS = Mark.IGNORED | Mark.PROSE | Mark.MONEY_UNIT | Mark.TAIL | Mark.TOTAL | Mark.GRADE_LABEL


@dataclass(frozen=True, slots=True)
class Lexeme:
    """What a cell's text is in the vocabulary (shared by every cell of the same text)."""

    kind: Kind
    key: str
    level1: str | None = None
    level2: str | None = None
    points: float | None = None
    field: str | None = None
    goal: str | None = None
    column: str | None = None
    budget: str | None = None
    budget_line: str | None = None
    mark: int = Mark.NONE
    title: str | None = None
    op: str | None = None
    # a unit or operator written in an indicator's name: 在职职工人数(人), 苗木成活率(≥**%)
    hint_unit: str | None = None
    hint_op: str | None = None

    @property
    def is_level(self) -> bool:
        return self.kind is Kind.LEVEL

    @property
    def is_value(self) -> bool:
        return self.kind in (Kind.VALUE, Kind.NUMBER)


@dataclass(slots=True)
class Token:
    lex: Lexeme
    cell: Cell

    @property
    def kind(self) -> Kind:
        return self.lex.kind

    @property
    def text(self) -> str:
        return self.cell.text

    @property
    def line(self) -> int:
        return self.cell.line

    def __repr__(self) -> str:
        return f"<{self.lex.kind.value}:{self.cell.text}@{self.cell.line}:{self.cell.col}>"


_PLAIN_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_SENTENCE = re.compile(r"[。；;！？!?]|[,，].*[,，]")
_YEAR_OR_DATE = re.compile(r"^[（(]?\s*20\d\d\s*年度?\s*[)）]?$|^\d{4}-\d{1,2}-\d{1,2}$")
_POINTS = re.compile(r"^(.+?)[(（]?(\d+(?:\.\d+)?)分[)）]?$")
# a fund label read as a line of the self-evaluation budget block
_BUDGET_LINE_OF_FIELD = {"funds.annual": "annual", "funds.total": "annual", "funds.appropriation": "appropriation",
                         "funds.carried_over": "carried_over", "funds.other": "other", "funds.fiscal": "fiscal"}
_OP_WORDS = {k: v for k, v in OPS.items()} | {"定性": None, "定量": None, "定性指标": None, "定量指标": None}
# a unit (and operator) written in the name, the number left to the value cell: 在职职工人数(人), 苗木成活率(≥**%)
_NAME_HINT = re.compile(r"^(.{2,}?)[(（](>=|<=|[≥≤><=])?(?:[*xX×]{1,4})?([^\d()（）*xX×]{1,6})[)）]$")
_QUAL_PREFIX = "(?:持续|进一步|逐步|不断|稳步|明显|显著|全面|大幅|有效|基本)?"


def is_number(text: str) -> bool:
    return bool(_PLAIN_NUMBER.match(text.replace(",", "")))


def to_number(text: str | None) -> float | None:
    if text is None:
        return None
    t = text.replace(",", "").strip()
    if t.endswith("%"):
        t = t[:-1]
    return float(t) if _PLAIN_NUMBER.match(t) else None


@lru_cache(maxsize=1)
def _qual_combo() -> re.Pattern:
    """Compiled on first use: the alternation of every qualitative word costs milliseconds to build."""
    words = "|".join(sorted((w for w in QUALITATIVE_WORDS if len(w) >= 2), key=len, reverse=True))
    return re.compile(f"{_QUAL_PREFIX}(?:{words})(?:(?:且|和|并|及|、)?(?:执行)?(?:{words}))*")


@cell_cache()
def value_like(text: str) -> bool:
    """Whether a lone cell reads as a target value rather than an indicator name."""
    if len(text) > 40 or _SENTENCE.search(text):   # prose: a goal, a reason, a note
        return False
    t = parse_value(text)
    if t.kind == "quantitative":
        return True
    if t.kind == "invalid":
        return t.reason in ("placeholder", "not-a-target", "unparsable") and len(text) <= 6
    word = (t.qualitative or text).strip("=")
    return word in QUALITATIVE_WORDS or (len(word) <= 8 and bool(_qual_combo().fullmatch(word)))


def _points(key: str) -> tuple[str, float | None]:
    """A label without the points it carries: 产出指标(50分) → (产出指标, 50), 绩效指标(90分)."""
    if "分" not in key or len(key) > 30:
        return key, None
    m = _POINTS.match(key)
    return (m.group(1), float(m.group(2))) if m else (key, None)


def _level(key: str) -> tuple[str | None, str | None]:
    if len(key) > 30:   # no level name is this long
        return None, None
    return taxonomy.level1_of(key), taxonomy.level2_of(key)


def _label_marks(key: str) -> int:
    mark = Mark.NONE
    for names, flag in ((BLOCK_LABELS, Mark.BLOCK), (TOTAL_LABELS, Mark.TOTAL), (GRADE_LABELS, Mark.GRADE_LABEL),
                        (TAIL_LABELS, Mark.TAIL), (PROSE_LABELS, Mark.PROSE), (IGNORED_LABELS, Mark.IGNORED),
                        (MONEY_UNIT_LABELS, Mark.MONEY_UNIT)):
        if key in names:
            mark |= flag
    if len(key) == 1 and key in BLOCK_CHARS:
        mark |= Mark.BLOCK
    return mark


@cell_cache()
def lexeme(text: str) -> Lexeme:
    """The reading of one cell's (cleaned) text."""
    key = label_key(text)
    kind = title_kind(text)
    if kind:
        return Lexeme(Kind.TITLE, key, title=kind)
    base, points = _points(key)
    if points is not None:
        base = label_key(base)      # 预算执行情况(万元)(20分): the unit under the points
    l1, l2 = _level(base)
    if l1 or l2:
        return Lexeme(Kind.LEVEL, key, level1=l1, level2=l2, points=points,
                      column=column_role(key), goal=GOAL_LABELS.get(key))
    field, goal, column = FIELD_LABELS.get(base), GOAL_LABELS.get(base), column_role(base)
    budget, mark = BUDGET_HEADERS.get(base), _label_marks(base)
    budget_line = BUDGET_LINES.get(base) or _BUDGET_LINE_OF_FIELD.get(field or "")
    if text in GRADES:
        return Lexeme(Kind.VALUE, key, mark=Mark.GRADE)
    if key in STANDARDS:
        return Lexeme(Kind.VALUE, key)      # 计划标准: the basis of a target, a note beside it
    if field or goal or column or budget or budget_line or mark:
        return Lexeme(Kind.LABEL, key, field=field, goal=goal, column=column, budget=budget,
                      budget_line=budget_line, mark=mark, points=points)
    return _value_lexeme(text, key)


def _value_lexeme(text: str, key: str) -> Lexeme:
    if is_number(text):
        return Lexeme(Kind.NUMBER, key)
    if _YEAR_OR_DATE.match(text):   # (2025年度), 2025-01-01: a head's year and dates, never a target alone
        return Lexeme(Kind.TEXT, key)
    compact = text.replace(" ", "")
    if compact in _OP_WORDS:
        return Lexeme(Kind.OP, key, op=_OP_WORDS[compact])
    if len(compact) <= 6 and units.lookup(compact.strip("()（）")) is not None:
        return Lexeme(Kind.UNIT, key)
    if value_like(text):
        return Lexeme(Kind.VALUE, key)
    m = _NAME_HINT.match(compact)
    if m and units.lookup(m.group(3)) is not None:
        return Lexeme(Kind.TEXT, key, hint_unit=m.group(3), hint_op=OPS[m.group(2)] if m.group(2) else None)
    return Lexeme(Kind.TEXT, key)


# --- cells that extraction glued together ------------------------------------------------------------

# a value glued in front of the next cell: "=3台网络安全设备维护数量", "=2人产出指标"
_GLUED_VALUE = re.compile(r"^((?:[<>]=?|=|≥|≤|≧|≦)\s*\d[\d,]*(?:\.\d+)?\s*(?:%|[^\s\d%,.()（）]{1,3}?))"
                          r"(?=[\u4e00-\u9fff“\"(（]{2})")
_GLUED_DATE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(\D.*)$")
_BRACKET_LEVELS = re.compile(r"^[【\[]([^】\]]{2,30})[】\]](.*)$")
_NUMBERED_NAME = re.compile(r"^(?:指标\s*\d{1,3}|\d{1,3}[.、．])\s*[:：]?\s*")
# name(value): 机柜数量(≥77台), 宣传覆盖率（≥90%）
_NAME_VALUE = re.compile(r"^(.{2,}?)[(（]([^()（）]{1,20})[)）]$")


# a cell's plan: where its tokens lie in its cleaned text and what each is — (start, end, lexeme)
Piece = tuple[int, int, Lexeme]


def tokens_of(cell: Cell) -> list[Token]:
    """The tokens of one cell: usually one, several where extraction glued cells together."""
    pieces = plan(cell.text)
    if len(pieces) == 1 and pieces[0][0] == 0 and pieces[0][1] == len(cell.text):
        return [Token(pieces[0][2], cell)]
    return [Token(lex, cell.part(a, b)) for a, b, lex in pieces]


@cell_cache(longest=64)
def plan(text: str) -> tuple[Piece, ...]:
    """How a cell's text splits into tokens; depends on the text alone, so it is cached."""
    return tuple(_pieces(text, 0))


def _pieces(text: str, offset: int) -> list[Piece]:
    lex = lexeme(text)
    whole = [(offset, offset + len(text), lex)]
    if lex.kind is Kind.VALUE and parse_value(text).reason == "trailing-text":
        m = _GLUED_VALUE.match(text)
        if m:
            return _cut(text, offset, len(m.group(1)))
    if lex.kind is not Kind.TEXT or len(text) < 3:
        return whole
    m = _BRACKET_LEVELS.match(text)
    if m:
        return _bracket(text, offset, m) or whole
    m = _NUMBERED_NAME.match(text)
    if m and m.end() < len(text) and text.startswith("指标"):
        return _sub(text, offset, m.end(), len(text))
    if is_item_list(text):
        items = _prose_items(text, offset)
        if items:
            return items
    if ":" in text and len(text) < 200:
        split = _label_colon(text, offset)
        if split:
            return split
    if len(text) <= 40:
        glued = _glued_labels(text, offset)
        if glued:
            return glued
    m = _GLUED_DATE.match(text)
    if m:
        return _cut(text, offset, len(m.group(1)))
    m = _NAME_VALUE.match(text)
    if m and not lex.hint_unit:
        inner = parse_value(m.group(2))
        if inner.kind == "quantitative" and inner.value is not None and inner.unit:
            start = len(m.group(1))
            return [(offset, offset + start, lexeme(m.group(1))),
                    (offset + start + 1, offset + len(text) - 1, lexeme(m.group(2)))]
    return whole


# a value template in a name, the value after it: 成活率(≥**%)>=85, 补助成本(≤**元/株)≤28.40/株
_TEMPLATE = re.compile(r"[(（]\s*(?:[<>]=?|=|≥|≤|≧|≦)?\s*[*＊]{1,3}[^()（）]{0,8}[)）]")
# where an item of a published list ends: 种植数量(≥**株)>=17600株；种植作物成活率…
_ITEM_END = re.compile(r"[；;。]")
# a level that opens a run of items: 数量指标：, 社会效益目标:
_LEVEL_COLON = re.compile(r"([^:：，,；;。]{2,12})[:：，,]")
_COMMA = re.compile(r"[，,]")


def is_item_list(text: str) -> bool:
    """Whether running text is a published list of templated indicator items (its cells are cut here, by
    :func:`_prose_items`, not as run-on text)."""
    return bool(_TEMPLATE.search(text) and _ITEM_END.search(text))


def _prose_items(text: str, offset: int) -> list[Piece] | None:
    """A published list of indicators in running text (预算公开 notices): ``数量指标:name(≥**株)>=17600株;
    name(≥**%)>=85;时效指标:…`` — each item its name (with its template) and its value, each level its own
    token. None when the text is not such a list (no item holds a template with a value after it)."""
    out: list[Piece] = []
    pos = 0
    for m in _ITEM_END.finditer(text + "。"):
        out += _prose_item(text, pos, m.start(), offset)
        pos = m.end()
    if not any(lex.kind in (Kind.VALUE, Kind.NUMBER) for _, _, lex in out):
        return None
    return out


def _prose_item(text: str, start: int, end: int, offset: int) -> list[Piece]:
    """One item of a published list, ``text[start:end]``: its level (``数量指标:``), its name up to the end of
    its template, its value; a value followed by ``,`` and another templated name is two items."""
    out: list[Piece] = []
    while start < end:
        while start < end and text[start] in " :：，,":
            start += 1
        head = _LEVEL_COLON.match(text, start, end)
        if head and lexeme(head.group(1)).is_level:
            out.append((offset + start, offset + head.end(1), lexeme(head.group(1))))
            start = head.end()
            continue
        t = _TEMPLATE.search(text, start, end)
        if t is None or t.end() >= end:
            if start < end:
                out.append((offset + start, offset + end, lexeme(text[start:end].strip())))
            break
        out.append((offset + start, offset + t.end(), lexeme(text[start:t.end()])))
        comma = _COMMA.search(text, t.end(), end)
        stop = comma.start() if comma and _TEMPLATE.search(text, comma.end(), end) else end
        out.append((offset + t.end(), offset + stop, lexeme(text[t.end():stop].strip())))
        start = stop
    return out


def _sub(text: str, offset: int, start: int, end: int) -> list[Piece]:
    """The pieces of ``text[start:end]`` (stripped), at their place in the cell."""
    piece = text[start:end]
    body = piece.strip()
    if not body:
        return []
    lead = len(piece) - len(piece.lstrip())
    return _pieces(body, offset + start + lead)


def _cut(text: str, offset: int, at: int) -> list[Piece]:
    """A token of the first ``at`` characters, then the pieces of the rest."""
    return [(offset, offset + at, lexeme(text[:at].strip()))] + _sub(text, offset, at, len(text))


def _bracket(text: str, offset: int, m: re.Match) -> list[Piece] | None:
    """【产出指标-数量指标】, 【效益指标—社会效益指标】 and what follows on the same cell."""
    parts = [p for p in re.split(r"[-—–/、\s]+", m.group(1)) if p]
    levels = [lexeme(p) for p in parts]
    if not levels or not all(x.is_level for x in levels):
        return None
    out, pos = [], 1
    for p, lex in zip(parts, levels):
        start = text.index(p, pos)
        out.append((offset + start, offset + start + len(p), lex))
        pos = start + len(p)
    return out + _sub(text, offset, m.end(1) + 1, len(text))


def _label_colon(text: str, offset: int) -> list[Piece] | None:
    """项目名称：XX, 金额单位：万元 — a label and its value in one cell."""
    head, _, tail = text.partition(":")
    if head.strip() == "其中" and ":" in tail:      # 其中：财政拨款：236.00
        more, _, tail = tail.partition(":")
        head = text[: len(head) + 1 + len(more)]
    lex = lexeme(head)
    if not tail.strip() or lex.kind is not Kind.LABEL or lex.key == "":
        return None
    if not (lex.field or lex.goal or lex.mark & _COLON_MARKS):
        return None
    end = len(head) + 1
    return [(offset, offset + end, lexeme(text[:end]))] + _sub(text, offset, end, len(text))


@lru_cache(maxsize=1)
def _labels_pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(lb) for lb in sorted(FIELD_LABELS, key=len, reverse=True)))


def _glued_labels(text: str, offset: int) -> list[Piece] | None:
    """Labels glued together with no value between them (项目类别项目名称): a token each."""
    pos, cuts, labels = 0, [], _labels_pattern()
    while pos < len(text):
        if text[pos] in ": ":
            pos += 1
            continue
        m = labels.match(text, pos)
        if m is None:
            return None
        cuts.append((pos, m.end()))
        pos = m.end()
    if len(cuts) < 2:
        return None
    return [(offset + a, offset + b, lexeme(text[a:b])) for a, b in cuts]


def tokenize(cells: list[Cell]) -> list[Token]:
    out: list[Token] = []
    for c in cells:
        if out and out[-1].lex.key == "" and out[-1].cell.text.startswith("其中") and out[-1].cell.line == c.line:
            prev = out.pop()   # "其中:" split from its label by a space
            c = Cell(prev.cell.text + c.text, prev.cell.raw + " " + c.raw, c.line, prev.cell.col, prev.cell.idx)
        out.extend(tokens_of(c))
    return out
