"""Arithmetic shared by the self-evaluation rules (PF5xx): verdicts, expected scores, the execution rate."""
from __future__ import annotations

from typing import Any, Iterable

from perflint import scoring
from perflint.model import Indicator, SelfEval, Target
from perflint.rule import Rule, options
from perflint.scoring import ScoringProfile, profile_option

from ._common import squash

# a written score must equal a computed one as the forms round it (see ``matches_any``); this only
# absorbs float noise
SCORE_TOLERANCE = 0.001
EPS = 1e-9

def profile_of(rule: Any) -> ScoringProfile:
    """The scoring profile a rule was configured with (its ``profile`` option)."""
    return scoring.profile(rule.options.get("profile") or scoring.DEFAULT_PROFILE)


def close(a: float, b: float, tolerance: float = SCORE_TOLERANCE) -> bool:
    return abs(a - b) <= tolerance + EPS


def round2(x: float) -> float:
    """Round half up to two decimals, as the forms do (9.675 → 9.68), not banker's rounding."""
    return float(f"{x + (1e-9 if x >= 0 else -1e-9):.2f}")


def roundings(x: float) -> tuple[float, ...]:
    """The ways a form writes a computed score: exact, rounded to two or one decimal, truncated to two."""
    return (x, round2(x), float(f"{x + 1e-9:.1f}"), int(x * 100 + 1e-6) / 100)


def is_empty_reason(text: str | None) -> bool:
    """Whether a 偏差原因 cell explains nothing (empty, 无, /, 无偏差 …)."""
    return squash(text).strip("。.，,") in scoring.vocabulary()["empty_reasons"]


def is_scored(ind: Indicator) -> bool:
    return ind.weight is not None and ind.score is not None


def is_exec_rate_indicator(ind: Indicator) -> bool:
    """An indicator that restates the budget execution rate (预算执行率, 资金执行率 …)."""
    name = squash(ind.name)
    return name in scoring.vocabulary()["exec_rate_names"] or (
        "执行率" in name and ("预算" in name or "资金" in name))


# --- the budget block ------------------------------------------------------------------------------

DENOMINATOR_LABEL = {"full_year": "全年预算数", "initial": "年初预算数"}


def denominator(se: SelfEval, which: str) -> float | None:
    return se.budget_full_year if which == "full_year" else se.budget_initial


def computed_exec_rate(se: SelfEval, which: str = "full_year") -> float | None:
    """执行数 / 预算数 × 100 against the chosen denominator, or None when it cannot be computed."""
    budget = denominator(se, which)
    if se.executed is None or budget is None or budget <= 0:
        return None
    return se.executed / budget * 100


def exec_rate(se: SelfEval, which: str = "full_year") -> float | None:
    """The rate the form states, else the one its numbers give."""
    return se.exec_rate if se.exec_rate is not None else computed_exec_rate(se, which)


# --- verdicts: was a target met? --------------------------------------------------------------------

def direction(target: Target) -> str:
    """``up`` when more is better (≥, >, =, no operator), ``down`` for ≤ and < (and for ``=0``)."""
    op = target.op  # canonical already: the value grammar writes >=, <=, >, <, = or None
    if op in ("<=", "<"):
        return "down"
    if op in ("=", None) and (target.base_value or 0) == 0 and target.value_max is None:
        return "down"
    return "up"


def _base(t: Target) -> float | None:
    return t.base_value if t.base_value is not None else t.value


def comparable(target: Target | None, actual: Target | None) -> bool:
    """Whether a quantitative target and a quantitative actual measure the same thing (same dimension).

    An actual written without a unit is read in the target's unit (``≥4份`` vs ``5``).
    """
    if target is None or actual is None or not (target.is_quantitative and actual.is_quantitative):
        return False
    if _base(target) is None or actual.value is None:
        return False
    if target.dimension and actual.dimension:
        return target.dimension == actual.dimension
    return True


def actual_in_target_base(target: Target, actual: Target) -> float | None:
    """The actual value in the target's base unit (an actual with no unit takes the target's unit)."""
    if actual.dimension or actual.unit:
        return _base(actual)
    if actual.value is None:
        return None
    if target.value and target.base_value is not None:
        return actual.value * (target.base_value / target.value)
    return actual.value


def progress(target: Target, actual: Target) -> float | None:
    """How far the actual got, as a share of the target in the target's direction (1.0 = exactly met).

    ``up``: actual / target; ``down``: target / actual. None when it cannot be computed (target 0).
    A range (90%-95%) is met anywhere inside it.
    """
    t, a = _base(target), actual_in_target_base(target, actual)
    if t is None or a is None:
        return None
    t_max = target.base_value_max if target.base_value_max is not None else None
    if t_max is not None and t - EPS <= a <= t_max + EPS:
        return 1.0
    if direction(target) == "up":
        if t_max is not None and a > t_max:
            return t_max / a if a > 0 else None
        return a / t if t > 0 else (1.0 if a >= t else None)
    if t <= 0:
        return 1.0 if a <= t + EPS else None
    return t / a if a > 0 else 1.0 + (t - a) / t


def quantitative_met(target: Target, actual: Target) -> bool | None:
    """Whether a quantitative target was met.

    Strict operators are read as their non-strict forms: written values are rounded, and 10号's
    proportional formula gives the full score at equality anyway. ``=`` and no operator count as
    met when reached or exceeded (``=4场`` with 5 held is met); ``=0`` is a ceiling.
    """
    if not comparable(target, actual):
        return None
    t, a = _base(target), actual_in_target_base(target, actual)
    if t is None or a is None:
        return None
    t_max = target.base_value_max
    if t_max is not None:
        return t - EPS <= a <= t_max + EPS
    if direction(target) == "up":
        return a >= t - EPS * max(1.0, abs(t))
    return a <= t + EPS * max(1.0, abs(t))


def word_verdict(text: str | None) -> str | None:
    """met / partial / missed from a verdict word of 实际完成值 (达成指标, 部分达成, 未完成 …)."""
    s = squash(text).strip("。.，,")
    if not s:
        return None
    words = scoring.vocabulary()["verdicts"]
    for verdict in ("missed", "partial", "met"):
        for word in sorted(words[verdict], key=len, reverse=True):
            if s == word or (len(word) > 1 and s.startswith(word)):
                return verdict
    return None


def verdict(ind: Indicator) -> str | None:
    """met / partial / missed for a row, or None when the form does not say.

    A comparable quantitative actual decides by the numbers; otherwise the actual's verdict word
    decides, and an actual that repeats a qualitative target (合规 → 合规) counts as met.
    """
    target, actual = ind.target, ind.actual
    if actual is None or not has_actual(ind):
        return None
    if target is not None and comparable(target, actual):
        met = quantitative_met(target, actual)
        return None if met is None else ("met" if met else "missed")
    if actual.is_quantitative:
        return None
    found = word_verdict(actual.qualitative or actual.raw)
    if found is not None:
        return found
    if target is not None and target.is_qualitative and actual.is_qualitative \
            and squash(target.qualitative) == squash(actual.qualitative):
        return "met"
    return None


def has_actual(ind: Indicator) -> bool:
    """Whether the row states a result (a dash or slash in 实际完成值 is no result)."""
    return ind.actual is not None and squash(ind.actual.raw) not in scoring.vocabulary()["empty_actuals"]


def has_target(ind: Indicator) -> bool:
    return ind.target is not None and bool(squash(ind.target.raw))


# --- expected scores ---------------------------------------------------------------------------------

def expected_scores(ind: Indicator, profile: ScoringProfile) -> dict[str, float] | None:
    """The scores 10号 allows a quantitative row, by formula name, or None when no formula applies.

    ``≥``: actual / target × 分值 (capped at 分值). ``≤``: target / actual × 分值 (``ratio``) or the
    linear rule reaching 0 at twice the target (``linear``), as the profile accepts.
    """
    target, actual, weight = ind.target, ind.actual, ind.weight
    if target is None or actual is None or weight is None or not comparable(target, actual):
        return None
    t, a = _base(target), actual_in_target_base(target, actual)
    if t is None or a is None:
        return None
    if quantitative_met(target, actual):
        return {"full": weight}
    t_max = target.base_value_max
    if direction(target) == "up" and not (t_max is not None and a > t_max):
        if t <= 0:
            return None
        return {"ratio": weight * max(0.0, min(1.0, a / t))}
    ceiling = t_max if t_max is not None else t
    if ceiling <= 0 or a <= 0:
        return None
    out: dict[str, float] = {}
    if "ratio" in profile.le_formulas:
        out["ratio"] = weight * min(1.0, ceiling / a)
    if "linear" in profile.le_formulas:
        out["linear"] = weight * max(0.0, min(1.0, 2 - a / ceiling))
    return out or None


def matches_any(score: float, candidates: Iterable[float], tolerance: float = SCORE_TOLERANCE) -> bool:
    """Whether a written score equals one of the computed ones as forms round them (``roundings``)."""
    return any(close(score, r, tolerance) for c in candidates for r in roundings(c))


def band_of(profile: ScoringProfile, which: str,
            override: dict[str, list[float]] | None = None) -> tuple[float, float]:
    if override and which in override:
        lo, hi = override[which]
        return float(lo), float(hi)
    return profile.qualitative_bands[which]


def in_band(score: float, weight: float, which: str, low: float, high: float,
            tolerance: float = SCORE_TOLERANCE) -> bool:
    """Whether a score falls in a verdict's band of 分值; a band's top belongs to the band above
    (10号: 100-80%(含), 80-60%(含), 60-0%), except for 达成 whose top is the full score."""
    lo, hi = low * weight, high * weight
    if score < lo - tolerance - EPS:
        return False
    if which == "met":
        return score <= hi + tolerance + EPS
    return score < hi - EPS



class SelfEvalRule(Rule):
    """Base of the self-evaluation rules: they look at 绩效自评表 only and take the run's scoring profile."""

    group = "self-eval"
    kinds = ("self_eval",)


def self_eval_options(**properties: Any) -> dict[str, Any]:
    """The options schema of a self-evaluation rule: its own properties plus the scoring ``profile``."""
    return options(**properties, profile=profile_option())
