"""PF602: the same target as last year although last year's actual beat it by far."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form, Relation
from perflint.rule import options

from ._history import (LOWER, UPPER, Change, HistoryRule, change, comparable, every, last_target, latest,
                       relative_gap)


class TargetUnchangedDespiteOverachievement(HistoryRule):
    """A target kept as it was last year while last year's actual beat it by ``margin`` (30 %) or more.

    **Why**: A target that is met by a wide margin year after year measures nothing; reviewers ask for it
    to be raised to what the project now achieves. The finding says for how many years in a row the target
    has stood still (from the earlier target forms paired with this one).

    **Source**: provincial review practice (目标值多年不变、实际完成值远超目标) *(heuristic)*. Last year's
    target is the 年度指标值 of the latest self-evaluation (else that year's target form), its actual the
    实际完成值; ``≥`` targets count as beaten when the actual is at least (1 + ``margin``) × target, ``≤``
    targets when it is at most (1 − ``margin``) × target.

    **Options**: ``margin`` (0.3).

    **Bad** (target ≥600 人 in 2025 and 2026; 2025 actual 820 人)::

        服务老人人数  ≥600(人)

    **Good**::

        服务老人人数  ≥800(人)
    """

    code = "PF602"
    name = "target-unchanged-despite-overachievement"
    title_zh = "目标值未随实际完成情况调整"
    title_en = "Target unchanged though last year's actual beat it"
    doc_zh = """**检查什么**：目标值与上年相同，而上年实际完成值超出目标 ``margin``（30%）以上。

    **为什么**：年年大幅超额完成的目标已不能衡量绩效；审核时会要求按项目现有水平提高目标。提示中给出目标
    连续未变的年数（依据与本表配对的往年申报表）。

    **依据**：各地审核实践（目标值多年不变、实际完成值远超目标）*（经验规则）*。上年目标取最近一年自评表的
    年度指标值（没有则取该年申报表），上年实际取实际完成值；``≥`` 目标在实际不低于（1 + ``margin``）× 目标时
    视为远超，``≤`` 目标在实际不高于（1 − ``margin``）× 目标时视为远超。

    **选项**：``margin``（0.3）。

    **错误示例**（2025 与 2026 年目标均为 ≥600 人；2025 年实际 820 人）::

        服务老人人数  ≥600(人)

    **正确示例**::

        服务老人人数  ≥800(人)
    """
    severity = "warning"
    kinds = ("target",)
    options_schema = options(
        margin={"type": "number", "exclusiveMinimum": 0, "maximum": 10, "default": 0.3,
                "description": "By how much (a share of the target) last year's actual must beat it."},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        actuals = latest(form, Relation.PREVIOUS_SELF_EVAL)
        if actuals is None:
            return
        margin = self.options["margin"]
        for pair in actuals.indicators:
            target, last, actual = pair.here.target, last_target(form, pair, actuals), pair.there.actual
            if change(target, last) is not Change.SAME or not comparable(last, actual) or last.value_max is not None:
                continue
            beaten = ((last.op in LOWER and actual.base_value >= last.base_value * (1 + margin) - 1e-9)
                      or (last.op in UPPER and actual.base_value <= last.base_value * (1 - margin) + 1e-9))
            if beaten and last.base_value:
                yield self.problem(indicator_span(pair.here, value=True), indicator=pair.here.name, suggest=True,
                                   target=target.raw, actual=actual.raw, year=actuals.form.year,
                                   years=_years_unchanged(form, pair.here, actuals.form.year), percent=round(relative_gap(actual, last) * 100))


def _years_unchanged(form: Form, ind, last_year: int | None) -> int:
    """For how many years in a row, this one included, the target has been the same: this year, the
    self-evaluated year and each earlier target form whose paired target is the same."""
    same = {form.year, last_year}
    for cp in every(form, Relation.PREVIOUS_TARGET):
        pair = cp.pair_of(ind)
        if pair is not None and change(ind.target, pair.there.target) is Change.SAME:
            same.add(cp.form.year)
    years = 0
    while form.year is not None and form.year - years in same:
        years += 1
    return max(years, 1)
