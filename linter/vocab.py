"""The form's own vocabulary: field labels, column headers and titles the reader recognises."""
from __future__ import annotations

import re

from .memo import cell_cache
from .data import load
from .taxonomy import squash

_V = load("vocabulary.json")


def _table(name: str) -> dict[str, str]:
    return {k: v for k, v in _V[name].items() if not k.startswith("_")}


# header label (squashed, without 其中 / colon / unit) -> model field
FIELD_LABELS = _table("fields")
# labels whose value is not read but which must not be taken for a value either
IGNORED_LABELS = frozenset(_V["ignored_labels"])
GOAL_LABELS = _table("goals")
# prose sections of some templates (上海 2020, 部门整体支出) that are neither goals nor fields
PROSE_LABELS = frozenset(_V["prose_labels"])
# table column headers -> role; "{year}" stands for any year (2021年实际实现值)
_COLUMNS = _table("columns")
COLUMN_HEADERS = {k: v for k, v in _COLUMNS.items() if "{year}" not in k}
_YEAR_COLUMNS = [(re.compile("^" + re.escape(k).replace(r"\{year\}", r"20\d\d") + "$"), v)
                 for k, v in _COLUMNS.items() if "{year}" in k]
BUDGET_HEADERS = _table("budget_columns")
# the basis a target is set on (a 绩效标准 column's value): never an indicator's name
STANDARDS = frozenset(_V["standards"]["words"])
# how the name of a department or unit ends (…局, …中心, …储备库): a header value told by its kind
ORGANISATION = re.compile(r"^[^\d；;，,。]{2,40}(?:" + "|".join(
    re.escape(w) for w in sorted(_V["organisation_endings"]["words"], key=len, reverse=True)) + ")$")
# the budget item of a self-evaluation, when a table lists it as a row of its own (河北: 预算执行率 | 预算执行率 | 10 …)
BUDGET_ITEMS = frozenset(_V["budget_items"])
# a page listing projects one a row (预算公开): its column headers
LISTING_COLUMNS = _table("listing_columns")
BUDGET_LINES = _table("budget_lines")
# cells that only label a block of the table (merged cells, sometimes split one character a line)
BLOCK_LABELS = frozenset(_V["block_labels"])
BLOCK_CHARS = frozenset(_V["block_chars"])
TOTAL_LABELS = frozenset(_V["total_labels"])
GRADE_LABELS = frozenset(_V["grade_labels"])
GRADES = frozenset(_V["grades"])
# lines under the table that end it: 填表说明, 填表人, 审核意见 …
TAIL_LABELS = frozenset(_V["tail_labels"])
MONEY_UNIT_LABELS = frozenset(_V["money_unit_labels"])
_NOISE = re.compile("|".join(_V["noise"]["anywhere"]) + "|^(?:" + "|".join(_V["noise"]["start"]) + ")"
                    + "|(?:" + "|".join(_V["noise"]["end"]) + ")|" + _V["noise"]["guid"], re.I)


def column_role(key: str) -> str | None:
    """The role of a column header cell (``target``, ``unit`` …), years in headers included."""
    role = COLUMN_HEADERS.get(key)
    if role is None and "20" in key:
        for pattern, value in _YEAR_COLUMNS:
            if pattern.match(key):
                return value
    return role


def is_noise(line: str) -> bool:
    """Whether a line is page boilerplate (site header, 扫一扫, ICP, download notes), never form content."""
    return bool(_NOISE.search(line.strip()))


_TITLE = re.compile(r"(绩效目标申报表|绩效目标表|绩效自评表|绩效自评报表|绩效目标自评表|绩效目标批复表|绩效目标审批表"
                    r"|绩效目标审核表|绩效目标申报审核表)")
_FILE_NAME = re.compile(r"\.(?:xlsx?|docx?|pdf|wps|et|txt)$", re.I)
_YEAR = re.compile(r"(20\d\d)\s*年度?")
# the project period written under the goal labels: (2023年 - 2023年), （2022年-2022年）
_PERIOD_TEXT = r"\s*20\d\d\s*年?\s*[-—~至]\s*20\d\d\s*年?\s*"
_PERIOD = re.compile(f"^[（(]?{_PERIOD_TEXT}[)）]?$")
# at the start of running text only in brackets: 2025年至2027年，… is the goal itself
_PERIOD_START = re.compile(f"^[（(]{_PERIOD_TEXT}[)）]")
_DATE = re.compile(r"(20\d\d|19\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_MONEY = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")


def title_kind(line: str) -> str | None:
    """'target' or 'self_eval' when the line is a form's title (not a batch summary title)."""
    s = squash(line.replace("#", ""))
    if len(s) > 40 or "汇总" in s or _FILE_NAME.search(s):
        return None
    m = _TITLE.search(s)
    if not m:
        return None
    return "self_eval" if "自评" in m.group(1) else "target"


def year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def is_period(text: str) -> bool:
    return bool(_PERIOD.match(text.replace(" ", "")))


def strip_period(text: str) -> str:
    """Text without the project period it may begin with."""
    return _PERIOD_START.sub("", text).strip()


def parse_date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_money(text: str) -> float | None:
    t = text.replace(" ", "").replace("元", "").replace("万", "")
    if t in ("-", "/", "—", ""):
        return None
    if not _MONEY.match(t):
        return None
    return float(t.replace(",", ""))


# a section's numbering before a label: 一、基本情况, （二）预算执行情况, 3.年度绩效指标
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、．])")
_NUMBERING_START = frozenset("一二三四五六七八九十（(0123456789")
# what a label may carry after it that is not part of its name: a money unit, (分), (盖章)
_LABEL_SUFFIX = re.compile(r"\((?:万?元|分|%|盖章|签章|公章|签字|万元/元|或[^()]{1,20}|含[^()]{1,20}|[A-Z](?:/[A-Z])?"
                           r"|\d+分\*[^()]{1,10})\)$")


@cell_cache()
def label_key(text: str) -> str:
    """A label cell as looked up: squashed, without 其中, colon and a trailing unit like (元)."""
    s = squash(text)
    if s[:1] in _NUMBERING_START:
        s = _NUMBERING.sub("", s)
    if s.startswith("其中"):
        s = s[2:].lstrip(":")
    if s.endswith(")"):
        s = _LABEL_SUFFIX.sub("", s)
    return s.rstrip(":")


def money_scale(text: str) -> float | None:
    """1e4 when a label says the money is in 万元, 1 when it says 元."""
    if "元" not in text:
        return None
    s = squash(text)
    if "(万元)" in s or s.endswith("万元"):
        return 1e4
    if "(元)" in s:
        return 1.0
    return None
