"""PF601: this year's target asks for less than was achieved last year."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form, Relation
from perflint.rule import options

from ._history import LOWER, UPPER, Change, HistoryRule, change, comparable, last_target, latest, relative_gap


class TargetBelowLastActual(HistoryRule):
    """A ``≥`` target below last year's actual for the same indicator (a ``≤`` target above it).

    **Why**: A target under what the project already achieved is set to be sure of a full score, not to
    steer the work; reviewers compare each target with the latest self-evaluated value (上年自评值, shown
    beside the target in the provincial systems) and send such targets back.

    **Source**: 财预〔2021〕101号 and provincial review practice on 绩效目标 (指标值 应参考历史水平) *(heuristic)*.
    The counterpart is the latest self-evaluation of the same project (``--previous`` or the store) and the
    indicator paired with this one (same name, or a near name of the same dimension); 万元 and 元 compare.
    Only a gap of at least ``min_gap`` of last year's actual is reported (default 0.1: rates such as
    ``≥95%`` against ``97%`` pass). A target kept unchanged from last year is left to PF602.

    **Options**: ``min_gap`` (0.1).

    **Bad** (last year 620 人 were served)::

        服务老人人数  ≥500(人)

    **Good**::

        服务老人人数  ≥620(人)
    """

    code = "PF601"
    name = "target-below-last-actual"
    title_zh = "目标值低于上年实际完成值"
    title_en = "Target below last year's actual"
    doc_zh = """**检查什么**：本年 ``≥`` 目标低于同一指标上年的实际完成值（``≤`` 目标则高于上年实际）。

    **为什么**：目标低于项目已经达到的水平，只为稳拿满分，起不到引导作用；审核时会把每个目标与最近一次
    自评的实际完成值（一体化系统中的“上年自评值”）对照，此类目标会被退回。

    **依据**：财预〔2021〕101号及各地审核实践（指标值应参考历史水平）*（经验规则）*。对照的是同一项目最近
    一年的自评表（``--previous`` 或历史库），以及与本指标配对的指标（同名，或同一量纲的近似名称）；万元与元
    可比较。只报告差距不小于上年实际 ``min_gap`` 的情形（默认 0.1）。与上年目标相同的，由 PF602 检查。

    **选项**：``min_gap``（0.1）。

    **错误示例**（上年服务 620 人）::

        服务老人人数  ≥500(人)

    **正确示例**::

        服务老人人数  ≥620(人)
    """
    basis = "财预〔2021〕101号"
    severity = "warning"
    kinds = ("target",)
    options_schema = options(
        min_gap={"type": "number", "minimum": 0, "maximum": 1, "default": 0.1,
                 "description": "Smallest gap, as a share of last year's actual, that is reported."},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        actuals = latest(form, Relation.PREVIOUS_SELF_EVAL)
        if actuals is None:
            return
        for pair in actuals.indicators:
            target, actual = pair.here.target, pair.there.actual
            if not comparable(target, actual) or target.value_max is not None:
                continue
            if change(target, last_target(form, pair, actuals)) is Change.SAME:
                continue  # unchanged from last year: PF602's case
            below = target.op in LOWER and target.base_value < actual.base_value
            above = target.op in UPPER and target.base_value > actual.base_value
            if (below or above) and relative_gap(target, actual) >= self.options["min_gap"] - 1e-9:
                yield self.problem(indicator_span(pair.here, value=True), variant="upper" if above else None,
                                   indicator=pair.here.name, suggest=True, target=target.raw, actual=actual.raw,
                                   year=actuals.form.year, counterpart=pair.there.name)

