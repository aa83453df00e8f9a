"""Quantities in goal texts (``不少于100家次``, ``每半个月1次``, ``三年合计8份``) and the pairing of a quantity with
the indicator or reported result that speaks of the same thing.

Shared by goal-without-indicator (PF404), goal-indicator-mismatch (PF405) and result-contradicts-claim (PF517):
one reading of what a goal promises, so that the three rules never disagree about it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, TypeVar

from perflint.model import Target

from ._common import bigrams, clean, lexicon, squash

# calendar words would turn dates (2023年, 6月, 30日) into promises, and Latin abbreviations (m, h) are too
# ambiguous in prose: the units of a promise are the other units of the units table
_CALENDAR = {"年", "月", "日", "天", "周", "季度", "个月", "秒"}
# a target's period (the value grammar's 一年四次 / 每月1次) in times a year
PERIODS_PER_YEAR = {"year": 1, "quarter": 4, "month": 12, "week": 52, "day": 365}
# a clause ends at these (、 too: 招聘会不少于3场、人才活动不少于5场 are two promises); list numbering
# (1、 2. (3)) starts a new one
_CLAUSE = re.compile(r"[，,；;。！!？?、\n]|(?:^|(?<=[\s>]))[（(]?\d{1,2}[)）.、．](?!\d)")
_CN_NUM = "零〇一二两三四五六七八九十百千"
_SENTENCE = re.compile(r"[。；;！!？?\n]")
# how far before a number a frequency word may stand (每半个月全面分析1次)
_FREQUENCY_REACH = 10


def default_units() -> list[str]:
    """Every unit of the units table that can quantify a promise, longest first, and ``%``."""
    from perflint import units
    names = {u.name for u in units.all_units() if u.dimension not in ("date", "money_rate")}
    names |= {alias for alias, canon in units.aliases().items() if canon in names}
    words = sorted((n for n in names if n not in _CALENDAR and not n.isascii()), key=lambda n: (-len(n), n))
    return words + ["%"]


@lru_cache(maxsize=1)
def _op_words() -> tuple[str, ...]:
    """The operator words of the value grammar (不少于, 不超过, ≥ …) that may open a promise."""
    from perflint.values import OPS
    return tuple(sorted((w for w in OPS if w not in ("=", "约", "大约")), key=len, reverse=True)) + ("达",)


@dataclass(frozen=True)
class Quantity:
    """One quantity of a goal or result text."""

    phrase: str              # as quoted to the reader: 不少于100家次
    number: float            # 100 (scale words applied: 1万人次 → 10000)
    unit: str                # 家次
    op: str | None           # the grammar's canonical operator (>=, <= …) or None
    op_word: str | None      # the word it was written with (不少于, 达到 …)
    per_year: float | None   # times a year when a frequency word governs it (每半个月 → 24)
    multi_year: bool         # part of a total over several years (三年合计8份)
    context: frozenset[str]  # bigrams of its clause, the quantities cut out
    target: Target           # the number and unit as the value grammar reads them
    sentence: int = 0        # which sentence of the text it stands in (cut at 。；！？)

    @property
    def annual(self) -> float | None:
        """The amount in a year: a frequency of events times its periods, else the plain amount."""
        base = self.target.base_value if self.target.base_value is not None else self.number
        return base * self.per_year if self.per_year is not None and self.unit in _event_units() else base


@lru_cache(maxsize=1)
def _data() -> dict:
    return lexicon("promises")


def _event_units() -> frozenset[str]:
    return frozenset(_data()["event_units"])


@lru_cache(maxsize=8)
def _pattern(units: tuple[str, ...]) -> re.Pattern:
    alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    ops = "|".join(re.escape(w) for w in _op_words())
    # a number not glued to a preceding digit, dot or 第 (ordinals), with an optional 万/亿 scale word; a
    # Chinese numeral only right after a frequency word (一年四次, 每日一次), never in running text (一次性)
    freq = "|".join(re.escape(w) for w in sorted(_data()["frequencies"], key=len, reverse=True))
    digits = r"(?<![\d.第])\d+(?:,\d{3})*(?:\.\d+)?"
    return re.compile(rf"(?P<freq>{freq})?(?P<op>{ops})?\s*(?P<num>(?(freq)(?:{digits}|[{_CN_NUM}]+)|{digits}))"
                      rf"\s*(?P<scale>万|亿)?\s*(?P<unit>{alt})(?P<suffix>及以上|以上)?")


def quantities(text: str | None, units: Iterable[str] | None = None) -> list[Quantity]:
    """The quantities a goal or result text names, in order, with what governs them."""
    text = clean(text)
    if not text:
        return []
    units = tuple(units) if units is not None else tuple(default_units())
    matches = [m for m in _pattern(units).finditer(text) if _is_quantity(text, m)]
    clauses = _clause_bounds(text)
    out = []
    for m in matches:
        lo, hi = next(((a, b) for a, b in clauses if a <= m.start() < b), (0, len(text)))
        q = _quantity(text, m, lo, hi, [x for x in matches if lo <= x.start() < hi])
        out.append(replace(q, sentence=len(_SENTENCE.findall(text, 0, m.start()))))
    return out


def _is_quantity(text: str, m: re.Match) -> bool:
    """Not a description of how the work is organised (分3个包), nor a noun that begins with a unit (5部门)."""
    data = _data()
    before = text[: m.start("num")].rstrip()
    if m.group("op") is None and any(before.endswith(w) for w in data["descriptive_before"]):
        return False
    rest = text[m.start("unit"):]
    return not any(rest.startswith(w) for w in data["unit_compounds"])


def _clause_bounds(text: str) -> list[tuple[int, int]]:
    cuts = {0, len(text)}
    for m in _CLAUSE.finditer(text):
        cuts.update((m.start(), m.end()))
    ordered = sorted(cuts)
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if b > a]


@lru_cache(maxsize=1)
def _multi_year() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _data()["multi_year"]))


def _quantity(text: str, m: re.Match, lo: int, hi: int, siblings: list[re.Match]) -> Quantity:
    from perflint.values import OPS, SUFFIX_OPS, cn_number, parse_value
    raw = m.group("num")
    number = float(raw.replace(",", "")) if raw[0].isdigit() else (cn_number(raw) or 0.0)
    scale = {"万": 1e4, "亿": 1e8}.get(m.group("scale") or "", 1.0)
    op_word = m.group("op")
    op = OPS.get(op_word) if op_word and op_word != "达" else None
    if m.group("suffix"):
        op = SUFFIX_OPS[m.group("suffix")]
    head = text[lo:m.start()]
    phrase = m.group(0).strip()
    per_year, at = _frequency(m.group("freq") or head[-_FREQUENCY_REACH:])
    if per_year is not None and not m.group("freq"):
        # quote the frequency with the number it governs: 每半个月全面分析1次
        phrase = head[-_FREQUENCY_REACH:][at:] + phrase
    multi = _multi_year().search(head) is not None
    # the clause with every quantity in it blanked out: what the quantity is about
    rest = list(text[lo:hi])
    for s in siblings:
        rest[s.start() - lo:s.end() - lo] = " " * (s.end() - s.start())
    rest = "".join(rest)
    target = parse_value(f"{number * scale:g}{m.group('unit')}")
    return Quantity(phrase, number * scale, m.group("unit"), op, op_word, per_year, multi,
                    frozenset(bigrams(rest)), target)


def _frequency(head: str) -> tuple[float | None, int]:
    """Times a year of the frequency word nearest the end of ``head`` (每月 → 12) and where it starts;
    (None, 0) when there is none."""
    found = [(head.rfind(w) + len(w), len(w), float(n), head.rfind(w))
             for w, n in _data()["frequencies"].items() if w in head]
    if not found:
        return None, 0
    _, _, per_year, at = max(found)  # the nearest to the number, the longest of those (每半个月 over 每月)
    return per_year, at


def frequency_in_name(name: str | None) -> float | None:
    """Times a year a name's frequency word says (每月上门服务次数 → 12), if any."""
    return _frequency(squash(name))[0]


def annual_of_target(target: Target | None, name: str | None = None) -> float | None:
    """A count target in a year: its period (一年四次, 每月1次), else its name's frequency word, else as is."""
    if target is None or not target.is_quantitative or target.base_value is None:
        return None
    per_year = PERIODS_PER_YEAR.get(target.period or "") or frequency_in_name(name) or 1.0
    return target.base_value * per_year if target.unit in _event_units() else target.base_value


T = TypeVar("T")


def pair(context: frozenset[str] | set[str], candidates: Iterable[tuple[str | frozenset[str], T]],
         min_shared: int | None = None) -> T | None:
    """The one candidate whose text (or set of bigrams) shares the most bigrams with ``context`` (at least
    ``min_shared``, the lexicon's ``pair_min_shared``); None when none does or when two share as many."""
    if min_shared is None:
        min_shared = int(_data()["pair_min_shared"])
    scored = [(len(context & (text if isinstance(text, frozenset) else bigrams(text))), item)
              for text, item in candidates]
    scored = [(n, item) for n, item in scored if n >= min_shared]
    if not scored:
        return None
    top = max(n for n, _ in scored)
    best = [item for n, item in scored if n == top]
    return best[0] if len(best) == 1 else None


def same_amount(a: float, b: float, tolerance: float = 1e-6) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def count_indicator_for(q: Quantity, indicators: Iterable) -> object | None:
    """The indicator a count promise speaks of, when one count indicator's name clearly shares its words.

    Only annual promises (not 三年合计) of a count (次, 家, 人 …) are paired, with rows whose target is a
    count: what goal-indicator-mismatch compares and goal-without-indicator then leaves to it."""
    if q.multi_year or q.target.dimension != "count":
        return None
    rows = [(ind.name, ind) for ind in indicators if ind.target is not None and ind.target.is_quantitative
            and ind.target.dimension == "count" and same_kind(q.unit, ind.target.unit)]
    return pair(q.context, rows)


def same_kind(a: str | None, b: str | None) -> bool:
    """Whether two count units count the same kind of thing (次 and 家次, 人 and 名; 家 and 份 do not)."""
    if not a or not b:
        return False
    return a == b or any(a in group and b in group for group in _data()["unit_groups"])


def results(text: str | None) -> list[Quantity]:
    """The quantities a 实际完成情况 text reports as results: not those it states as a bound (不少于30家目标
    restates the target) nor totals over several years."""
    return [q for q in quantities(text) if q.op not in (">=", ">", "<=", "<") and not q.multi_year]


def comparable_amounts(a: Quantity | Target, b: Quantity | Target) -> bool:
    """Whether two amounts measure the same thing: one dimension, and for counts the same kind of thing."""
    ta = a.target if isinstance(a, Quantity) else a
    tb = b.target if isinstance(b, Quantity) else b
    if ta.dimension is None or ta.dimension != tb.dimension:
        return False
    return ta.dimension != "count" or same_kind(ta.unit, tb.unit)


def falls_short(bound: float, op: str | None, reported: float) -> bool:
    """Whether a reported amount misses a bound: below a floor (≥, =, none), above a cap (≤, <)."""
    if op in ("<=", "<"):
        return reported > bound * (1 + 1e-9)
    return reported < bound * (1 - 1e-9)

