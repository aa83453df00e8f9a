"""Helpers of the PF6xx rules: they read the counterparts the pairing stage put on the form
(``Form.previous``), never a file or the store."""
from __future__ import annotations

import re

from perflint.history.compare import LOWER, UPPER, Change, change, comparable, every, latest  # noqa: F401
from perflint.history.names import similarity
from perflint.model import Counterpart, Form, IndicatorPair, Relation, Target
from perflint.rule import Rule

from ._common import clean, normalise_goal


class HistoryRule(Rule):
    """A rule of the history family: it looks only at forms that have counterparts."""

    group = "history"
    source = "heuristic"

    def applies(self, form: Form) -> bool:
        return form.kind in self.kinds and bool(form.previous)


def declared_pairing(form: Form, min_paired: float) -> Counterpart | None:
    """The targets declared for a self-evaluation's year, when enough of their indicators (``min_paired``)
    pair with the self-evaluation's to say which are missing or added; None otherwise (another template, or
    a pairing to check)."""
    declared = latest(form, Relation.DECLARED)
    if declared is None or len(declared.indicators) < min_paired * len(declared.form.indicators):
        return None
    return declared


def last_target(form: Form, pair: IndicatorPair, actuals: Counterpart) -> Target | None:
    """Last year's target of an indicator paired with last year's self-evaluation (``actuals``): the
    self-evaluation's 年度指标值, else the target declared that year for the same indicator."""
    if pair.there.target is not None:
        return pair.there.target
    targets = latest(form, Relation.PREVIOUS_TARGET)
    if targets is None or targets.form.year != actuals.form.year:
        return None
    other = targets.pair_of(pair.here)
    return other.there.target if other is not None else None


def relative_gap(now: Target, before: Target) -> float:
    """How far ``now`` lies from ``before``, as a share of ``before`` (0.25: a quarter lower or higher)."""
    assert now.base_value is not None and before.base_value is not None
    if before.base_value == 0:
        return 0.0 if now.base_value == 0 else float("inf")
    return abs(now.base_value - before.base_value) / abs(before.base_value)


def goal_similarity(a: str | None, b: str | None) -> float | None:
    """How alike two goal texts are once tags, numbering and punctuation are removed; None if one is empty."""
    na, nb = normalise_goal(a), normalise_goal(b)
    if not na or not nb:
        return None
    return similarity(na, nb)


# a year in running text: 2024年 (not 2024年至2026年 nor 2024-2026年, a period that may well still run)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*[至到\-—~～]\s*(?:19|20)\d{2})")
# any year before 年, periods included: a sentence's years are among the whole text's
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_SENTENCE = re.compile(r"[。；;！!\n]|(?<=[^\d])[，,](?=\s*\d[.、．])")


def sentences(text: str | None) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(clean(text)) if s.strip()]


def years_in(sentence: str) -> set[int]:
    """The years a sentence names as points in time (periods excluded)."""
    return {int(m.group(1)) for m in _YEAR.finditer(sentence)}


def stale_years(text: str | None, earlier: str | None, year: int, threshold: float) -> list[tuple[int, str]]:
    """(year, sentence) for each sentence of ``text`` that names a year before ``year`` and appears, nearly
    word for word and with that year, in ``earlier`` (last year's text): a sentence copied with its year."""
    if not any(int(y) < year for y in _ANY_YEAR.findall(clean(text))):
        return []  # no sentence can name an earlier year
    before: list[str] | None = None
    out = []
    for sentence in sentences(text):
        old = sorted(y for y in years_in(sentence) if y < year)
        if not old:
            continue
        key = normalise_goal(sentence)
        before = sentences(earlier) if before is None else before
        for y in old:
            if any(y in years_in(b) and similarity(key, normalise_goal(b)) >= threshold for b in before):
                out.append((y, sentence))
                break
    return out
