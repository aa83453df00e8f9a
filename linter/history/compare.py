"""Comparisons across time on the typed model: how a target changed, the rows a reviewer reads side by
side, and which findings of an earlier version a resubmission fixed."""
from __future__ import annotations

import math
from collections import Counter
from enum import Enum
from typing import Any, Iterable

from ..model import Counterpart, Form, Indicator, PriorFinding, Relation, Target


class Change(str, Enum):
    """How a target stands to its counterpart's."""

    SAME = "same"
    STRICTER = "stricter"     # asks for more: a higher ≥ bound, a lower ≤ bound
    LOOSER = "looser"
    CHANGED = "changed"       # another operator, unit dimension or word
    NEW = "new"               # no counterpart indicator (added)
    DROPPED = "dropped"       # only in the counterpart (left out)


class Status(str, Enum):
    """A finding of a resubmitted form against the version before it."""

    NEW = "new"          # 新增
    OPEN = "open"        # 仍存在
    FIXED = "fixed"      # 已修正 (found before, no longer)


LOWER = (">=", ">")
UPPER = ("<=", "<")


def latest(form: Form, relation: Relation) -> Counterpart | None:
    """The most recent counterpart of a relation (the pairing stage lists the most recent year first)."""
    for cp in form.previous:
        if cp.relation is relation:
            return cp
    return None


def every(form: Form, relation: Relation) -> list[Counterpart]:
    return [cp for cp in form.previous if cp.relation is relation]


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def comparable(a: Target | None, b: Target | None) -> bool:
    """Both quantitative, with a value in the same dimension (万元 and 元 compare, % and 人 do not)."""
    return (a is not None and b is not None and a.is_quantitative and b.is_quantitative
            and a.base_value is not None and b.base_value is not None and a.dimension == b.dimension)


def change(now: Target | None, before: Target | None) -> Change | None:
    """How ``now`` stands to ``before``; None when either is missing or unreadable (nothing to say)."""
    if now is None or before is None or now.is_invalid or before.is_invalid:
        return None
    if now.is_qualitative or before.is_qualitative:
        if now.is_qualitative and before.is_qualitative:
            same = (now.qualitative or now.raw) == (before.qualitative or before.raw)
            return Change.SAME if same else Change.CHANGED
        return Change.CHANGED
    if not comparable(now, before) or (now.op or "=") != (before.op or "="):
        return Change.CHANGED
    assert now.base_value is not None and before.base_value is not None
    if close(now.base_value, before.base_value) and _same_max(now, before):
        return Change.SAME
    if now.op in LOWER:
        return Change.STRICTER if now.base_value > before.base_value else Change.LOOSER
    if now.op in UPPER:
        return Change.STRICTER if now.base_value < before.base_value else Change.LOOSER
    return Change.CHANGED


def _same_max(a: Target, b: Target) -> bool:
    if a.base_value_max is None or b.base_value_max is None:
        return a.base_value_max is None and b.base_value_max is None
    return close(a.base_value_max, b.base_value_max)


def _raw(t: Target | None) -> str | None:
    return t.raw if t is not None else None


# ------------------------------------------------------------------ the rows side by side

def comparison_rows(form: Form) -> list[dict[str, Any]]:
    """One row per indicator with its counterparts' values beside it, then the counterparts' indicators
    left out of this form. For a target form: last year's target and last year's actual; for a
    self-evaluation: the target declared for the year. ``change`` compares this form's target with last
    year's target (target forms) or the declared one (self-evaluations)."""
    if form.kind == "self_eval":
        base, actuals = latest(form, Relation.DECLARED), None
    else:
        base, actuals = latest(form, Relation.PREVIOUS_TARGET), latest(form, Relation.PREVIOUS_SELF_EVAL)
    if base is None and actuals is None:
        return []
    rows = [_row(form, ind, base, actuals) for ind in form.indicators]
    for cp in (base, actuals):
        if cp is None:
            continue
        for ind in cp.unpaired_there:
            rows.append(_dropped(form, ind, cp))
        if base is not None:
            break  # indicators left out are told against the base counterpart only
    return rows


def _row(form: Form, ind: Indicator, base: Counterpart | None, actuals: Counterpart | None) -> dict[str, Any]:
    row = _empty(form)
    row.update(indicator=ind.name, line=ind.line, level1=ind.level1, target=_raw(ind.target), actual=_raw(ind.actual))
    if base is not None:
        pair = base.pair_of(ind)
        key = "declared_target" if base.relation is Relation.DECLARED else "previous_target"
        if pair is not None:
            row[key] = _raw(pair.there.target)
            row["counterpart_indicator"] = pair.there.name
            ch = change(ind.target, pair.there.target)
            row["change"] = ch.value if ch is not None else None
        else:
            row["change"] = Change.NEW.value
        if base.relation is Relation.PREVIOUS_TARGET:
            row["previous_year"] = base.form.year
    if actuals is not None:
        pair = actuals.pair_of(ind)
        row["previous_actual_year"] = actuals.form.year
        if pair is not None:
            row["previous_actual"] = _raw(pair.there.actual)
            row["counterpart_indicator"] = row["counterpart_indicator"] or pair.there.name
    return row


def _dropped(form: Form, ind: Indicator, cp: Counterpart) -> dict[str, Any]:
    row = _empty(form)
    row.update(level1=ind.level1, counterpart_indicator=ind.name, change=Change.DROPPED.value)
    if cp.relation is Relation.DECLARED:
        row["declared_target"] = _raw(ind.target)
    elif cp.relation is Relation.PREVIOUS_TARGET:
        row.update(previous_year=cp.form.year, previous_target=_raw(ind.target))
    else:
        row.update(previous_actual_year=cp.form.year, previous_actual=_raw(ind.actual))
    return row


def _empty(form: Form) -> dict[str, Any]:
    return {"indicator": None, "line": None, "level1": None, "target": None, "actual": None,
            "counterpart_indicator": None, "previous_year": None, "previous_target": None,
            "previous_actual_year": None, "previous_actual": None, "declared_target": None, "change": None}


# ------------------------------------------------------------------ resubmissions

def mark_resubmission(form: Form, findings: Iterable[Any], skip: frozenset[str] = frozenset()) -> None:
    """Give each finding of a resubmitted form its status against the earlier version's findings (matched
    by rule and indicator, not line: lines move when a form is edited; an indicator renamed between the
    versions is followed through the indicator pairs) and keep the earlier findings now gone as ``fixed``.
    Findings of the rules in ``skip`` (the resubmission summary itself) take no part."""
    earlier = latest(form, Relation.EARLIER_VERSION)
    if earlier is None:
        return
    renamed = {p.there.name: p.here.name for p in earlier.indicators}
    key = lambda code, indicator: (code, renamed.get(indicator, indicator) if indicator else None)  # noqa: E731
    prior = [p for p in earlier.findings if p.code not in skip]
    remaining = Counter(key(p.code, p.indicator) for p in prior)
    seen: Counter = Counter()
    for f in findings:
        if f.code in skip:
            continue
        k = key(f.code, f.indicator)
        if remaining[k] > 0:
            remaining[k] -= 1
            seen[k] += 1
            f.status = Status.OPEN.value
        else:
            f.status = Status.NEW.value
    fixed: list[PriorFinding] = []
    for p in prior:
        k = key(p.code, p.indicator)
        if seen[k] > 0:
            seen[k] -= 1
        else:
            fixed.append(p)
    earlier.fixed = fixed


def resubmission_counts(form: Form, findings: Iterable[Any]) -> dict[str, int] | None:
    """{new, open, fixed} for a resubmitted form, None when it has no earlier version."""
    earlier = latest(form, Relation.EARLIER_VERSION)
    if earlier is None:
        return None
    statuses = Counter(f.status for f in findings if getattr(f, "status", None))
    return {Status.NEW.value: statuses[Status.NEW.value], Status.OPEN.value: statuses[Status.OPEN.value],
            Status.FIXED.value: len(earlier.fixed)}
