"""Helpers shared by the built-in rules: level names, operators, keyword tests and text cleaning."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from perflint import taxonomy
from perflint.cells import display
from perflint.data import load
from perflint.model import Form, Indicator, Target

# ---------------------------------------------------------------- levels

COST = "成本指标"
OUTPUT = "产出指标"
QUANTITY = "数量指标"
MANAGEMENT = "投入与管理"


def level1(ind: Indicator) -> str | None:
    """The canonical 一级 of a row (the reader already canonicalises; this also accepts raw names)."""
    name = ind.level1
    if not name:
        return None
    return name if name in taxonomy.LEVEL1 else (taxonomy.level1_of(name) or name)


def level2(ind: Indicator) -> str | None:
    """The canonical 二级 of a row."""
    name = ind.level2
    if not name:
        return None
    return name if name in taxonomy.LEVEL2 else (taxonomy.level2_of(name) or name)


def is_cost(ind: Indicator) -> bool:
    """A row of the cost group: 一级 成本指标, or a 成本 二级 (legacy and 上海 put it under 产出)."""
    l2 = level2(ind)
    return level1(ind) == COST or l2 == COST or (l2 is not None and COST in taxonomy.default_parents(l2))


def is_management(ind: Indicator) -> bool:
    """A row of the 上海 2020 投入与管理 block, which asks for budget-management items by design."""
    return level1(ind) == MANAGEMENT


def is_satisfaction_row(ind: Indicator) -> bool:
    return taxonomy.is_satisfaction(level1(ind), level2(ind), squash(ind.name))


def squash(text: str | None) -> str:
    """Text without the spaces PDF extraction puts inside words."""
    return taxonomy.squash(text or "")


# ---------------------------------------------------------------- operators

# the model's canonical operators as a reviewer writes them
_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}


def op(target: Target | None) -> str | None:
    """The operator of a target as one of ``≥ > ≤ < =`` (None when absent)."""
    return _SYMBOL.get(target.op) if target is not None and target.op else None


def is_lower_bound(o: str | None) -> bool:
    return o in ("≥", ">")


def is_upper_bound(o: str | None) -> bool:
    return o in ("≤", "<")


# ---------------------------------------------------------------- keyword tests

def has_any(text: str | None, words: Iterable[str]) -> bool:
    s = squash(text)
    return any(w and w in s for w in words)


def first_hit(text: str | None, words: Iterable[str]) -> str | None:
    s = squash(text)
    for w in words:
        if w and w in s:
            return w
    return None


# ---------------------------------------------------------------- text

def clean(text: str | None) -> str:
    """Text for display: extraction residue (``<p>`` tags, LaTeX) removed, spaces collapsed."""
    return display(text) if text else ""


# a dot is punctuation unless it sits inside a number (4.3372公顷)
_PUNCT = re.compile(r"[\s\u3000，。、；：,;:！!？?（）()【】\[\]《》<>“”\"'‘’—\-…·/|]+|(?<!\d)\.|\.(?!\d)")
_NUMBERING = re.compile(r"(?:^|(?<=[。；;，,\s>]))[（(]?\d{1,2}[)）.、．](?!\d)")


@lru_cache(maxsize=4096)
def normalise_goal(text: str | None) -> str:
    """A goal as compared across fields and forms: no tags, LaTeX, list numbering, punctuation or spaces."""
    s = clean(text)
    s = _NUMBERING.sub("", s)
    return _PUNCT.sub("", s)


def bigram_dice(a: str, b: str) -> float:
    """Similarity of two normalised texts: the Dice coefficient of their sets of character bigrams,
    2·|A∩B| / (|A|+|B|), 1.0 for the same text. Bigrams suit Chinese (no spaces between words) and a
    set measure is cheap on long goals; Dice rather than Jaccard so that a two-character edit in a
    50-character goal still scores about 0.94."""
    if a == b:
        return 1.0
    ga = {a[i:i + 2] for i in range(len(a) - 1)} or {a}
    gb = {b[i:i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def short(text: str | None, limit: int = 30) -> str:
    """A quotable excerpt of a long text."""
    s = clean(text)
    return s if len(s) <= limit else s[:limit] + "…"


# ---------------------------------------------------------------- dates

def parse_date(iso: str | None) -> tuple[int, int, int] | None:
    """(year, month, day) of one of the model's ISO dates."""
    if not iso:
        return None
    y, m, d = iso.split("-")
    return int(y), int(m), int(d)


def year_of(iso: str | None) -> int | None:
    return int(iso[:4]) if iso else None


# ---------------------------------------------------------------- money

def budget(form: Form) -> float | None:
    """The money the form asks for this year, in 元 (年度资金申请总额; the self-evaluation's 全年预算数)."""
    for value in (form.funds.get("annual"), form.funds.get("total")):
        if value:
            return value
    if form.self_eval is not None and form.self_eval.budget_full_year:
        return form.self_eval.budget_full_year
    return None


def money(target: Target | None) -> float | None:
    """A target's amount in 元 when it is a plain sum of money (not 元/人 or a rate)."""
    if target is None or not target.is_quantitative or target.dimension != "money":
        return None
    return target.base_value


def fmt_money(value: float) -> str:
    """An amount as the header writes it (元 with thousands separators), with 万元 alongside when large."""
    yuan = f"{value:,.2f}".rstrip("0").rstrip(".") + "元"
    if abs(value) < 100000:
        return yuan
    wan = f"{value / 10000:,.4f}".rstrip("0").rstrip(".")
    return f"{yuan}（{wan}万元）"


# ---------------------------------------------------------------- goals

GOAL_LABELS = {"total": "项目总目标", "annual": "年度总体目标"}


def promised_goal(form: Form) -> tuple[str, str | None]:
    """The goal whose promises the indicators carry: the annual one, else the total one (key, text)."""
    key = "annual" if (form.goals.get("annual") or "").strip() else "total"
    return key, form.goals.get(key)


# ---------------------------------------------------------------- lexicons and regions

def lexicon(section: str) -> dict:
    """A section of the rules' word lists (``perflint.data/lexicon.json``), the defaults of their options."""
    return load("lexicon.json")[section]


def region(form: Form, names: dict[str, list[str]] | None = None) -> str | None:
    """Where the form comes from (上海 …): the model's ``region`` when the reader knows it, else the region
    whose names its header (主管部门, 实施单位, 项目名称) holds; None when unknown or ambiguous."""
    if form.region:
        return form.region
    names = names if names is not None else {k: v for k, v in lexicon("regions").items() if not k.startswith("_")}
    header = squash((form.department or "") + (form.implementer or "") + (form.project or ""))
    found = {name for name, words in names.items() if any(w in header for w in words)}
    return found.pop() if len(found) == 1 else None


def bigrams(text: str) -> set[str]:
    """The character bigrams of a text (Chinese has no spaces between words), without numbers and punctuation."""
    s = _NOT_WORD.sub(" ", clean(text))
    return {s[i:i + 2] for i in range(len(s) - 1) if " " not in s[i:i + 2]}


_NOT_WORD = re.compile(r"[\d.,，。、；：;:！!？?（）()【】\[\]《》<>“”\"'‘’—\-…·/|%％\s]+")

