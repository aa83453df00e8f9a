"""Checks that quantities promised in the goal are carried by an indicator."""
import re

from perflint.rule import Rule, options, words

from ._common import clean

# every unit of the units table that can quantify a promise; calendar words would turn dates
# (2023年, 6月, 30日) into promises, so they are left out, and Latin abbreviations (m, h) are too ambiguous in prose
_CALENDAR = {"年", "月", "日", "天", "周", "季度", "个月", "秒"}


def _default_units():
    from perflint import units
    names = {u.name for u in units.all_units() if u.dimension not in ("date", "money_rate")}
    names |= {alias for alias, canon in units.aliases().items() if canon in names}
    return sorted((n for n in names if n not in _CALENDAR and not n.isascii()), key=lambda n: (-len(n), n))


DEFAULT_UNITS = _default_units() + ["%"]
def _promise_words() -> str:
    """The operator words of the value grammar (不少于, 不超过, ≥ …) that may open a promise, quoted with it."""
    from perflint.values import OPS
    words = sorted((w for w in OPS if w not in ("=", "约", "大约")), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in words) + "|达)?"


_PROMISE = _promise_words()


def _pattern(units):
    alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    # a number not glued to a preceding digit, dot or 第 (ordinals), with an optional 万/亿 scale word
    return re.compile(rf"({_PROMISE})(?<![\d.第])(\d+(?:,\d{{3}})*(?:\.\d+)?)\s*(万|亿)?\s*({alt})")


def promises(text, pattern):
    """(quoted phrase, number+unit) for each quantity the goal text names."""
    out = []
    for m in pattern.finditer(clean(text)):
        if m.group(4) == "%" and m.group(3):
            continue
        quantity = m.group(2).replace(",", "") + (m.group(3) or "") + m.group(4)
        out.append((m.group(0), quantity))
    return out


def carried(quantity, targets, funds=()):
    """Whether a target carries the quantity: the same base value in the same dimension.

    An amount of money equal to one of the form's fund lines restates the budget, which the header
    already carries.
    """
    from perflint.values import parse_value
    q = parse_value(quantity)
    if not q.is_quantitative or q.base_value is None:
        return True  # what the value grammar cannot read cannot be compared: do not report it
    if q.dimension == "money" and any(abs(q.base_value - f) < 0.5 for f in funds):
        return True
    for t in targets:
        same_dim = t.dimension == q.dimension or t.dimension is None
        values = [v for v in (t.base_value, t.base_value_max, t.value, t.value_max) if v is not None]
        if same_dim and any(abs(v - q.base_value) <= 1e-6 * max(1.0, abs(v)) for v in values):
            return True
    return False


class GoalWithoutIndicator(Rule):
    """A quantity promised in the goal (``不少于100家次``, ``达到85%以上``, ``600名``) that no indicator carries.

    **Why**: the indicators are how the goal is checked; a number the goal promises but no target
    states will not be evaluated (seed 001: the goal promises 融资服务不少于100家次, the indicator says
    ``≥4次``). Quantities are a number followed by a unit of ``units`` (so years, months, days and list
    numbering such as ``1.`` ``2、`` are never taken; ordinals after 第 are skipped); each is read with
    the value grammar and is carried when a quantitative target has the same base value in the same
    dimension (100万元 matches 1,000,000元; the operator is not compared); an amount equal to a fund
    line of the header restates the budget and is not reported. The annual goal is read (the
    total goal when there is no annual one); one finding per form lists up to ``max_listed`` of them.

    **Source**: 财预〔2015〕88号 on relevance (heuristic)

    **Options**: ``units`` — the unit words that make a number a promise; ``max_listed`` (5).

    **Bad**::

        年度总体目标  融资服务次数不少于100家次
        数量指标      融资接洽次数  ≥4(次)

    **Good**::

        年度总体目标  融资服务次数不少于100家次
        数量指标      融资服务次数  ≥100(家次)
    """

    code = "PF404"
    name = "goal-without-indicator"
    severity = "warning"
    group = "goals"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        units=words(DEFAULT_UNITS),
        max_listed={"type": "integer", "minimum": 1, "default": 5},
    )

    def __init__(self, options=None):
        super().__init__(options)
        self._pattern = _pattern(self.options["units"])

    def check(self, form):
        key = "annual" if (form.goals.get("annual") or "").strip() else "total"
        text = form.goals.get(key)
        if not text or not form.indicators:
            return
        targets = [i.target for i in form.indicators if i.target is not None and i.target.is_quantitative]
        funds = [v for v in form.funds.values() if v]
        missing, seen = [], set()
        for phrase, quantity in promises(text, self._pattern):
            if quantity in seen:
                continue
            seen.add(quantity)
            if not carried(quantity, targets, funds):
                missing.append(phrase)
        if missing:
            listed = missing[: self.options["max_listed"]]
            more = len(missing) - len(listed)
            yield self.problem(form.loc(f"goals.{key}"), suggest=True, count=len(missing),
                               numbers="、".join(f"“{p}”" for p in listed) + (f" 等{len(missing)}处" if more else ""))
