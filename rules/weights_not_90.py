"""PF506: indicator 分值 that do not add up to 90 (100 with the budget item)."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, close, profile_of, round2


class WeightsNot90(SelfEvalRule):
    """Σ indicator 分值 + the budget item's 分值 is not 100 (indicators 90 when the budget item carries 10).

    **Why**: Scores are shares of a 100-point total; weights that add up to more or less make 总分 and the
    grade meaningless.

    **Source**: 财预〔2020〕10号 附件: 总分 100, 预算执行率 10 分, 其余指标 90 分. The total is the form's own
    总分 分值 when stated, else the profile's.

    **Options**: ``tolerance`` (points, default 0.01), ``profile``.

    **Bad** (indicators 15 + 20 + 20 + 20 + 20 = 95, budget 10)::

        总分  105.00  …

    **Good** (indicators 15 + 20 + 20 + 20 + 15 = 90, budget 10)::

        总分  100.00  99.33
    """

    code = "PF506"
    name = "weights-not-90"
    title_zh = "分值合计不为 100"
    title_en = "Weights do not add up to 100"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：Σ 指标分值 + 预算执行分值 不等于 100（预算执行占 10 分时指标合计应为 90）。

    **为什么**：得分是 100 分总分中的份额；分值合计多了或少了，总分和等级就没有意义。

    **依据**：财预〔2020〕10号 附件：总分 100，预算执行率 10 分，其余指标 90 分。总分以表上填写的总分分值为准，
    没有填写时取评分配置。

    **选项**：``tolerance``（分，默认 0.01）、``profile``。

    **错误示例**（指标 15 + 20 + 20 + 20 + 20 = 95，预算执行 10）::

        总分  105.00  …

    **正确示例**（指标 15 + 20 + 20 + 20 + 15 = 90，预算执行 10）::

        总分  100.00  99.33
    """
    severity = "error"
    source = "binding"
    options_schema = self_eval_options(
        tolerance={"type": "number", "minimum": 0, "default": 0.01},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        se = form.self_eval
        if se is None:
            return
        weights = [i.weight for i in form.indicators if i.weight is not None]
        if not weights or any(i.weight is None and i.score is not None for i in form.indicators):
            return
        profile = profile_of(self)
        budget = se.budget_weight if se.budget_weight is not None else profile.budget_weight
        total = se.total_weight if se.total_weight is not None else profile.total_weight
        indicators = round2(sum(weights))
        if not close(indicators + budget, total, self.options["tolerance"]):
            yield self.problem(form.loc("self_eval.total"), suggest=True, indicators=indicators, budget=budget,
                               sum=round2(indicators + budget), total=total, expected=round2(total - budget))
