"""PF505: a 得分 above its 分值 or below zero."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, EPS


class ScoreExceedsWeight(SelfEvalRule):
    """An indicator (or the budget item) scored more than its 分值, or less than 0.

    **Why**: A row can earn at most its weight; anything else is a typing error that also inflates 总分.

    **Source**: 财预〔2020〕10号 附件: 各指标得分不超过该指标分值 (over-achievement does not earn extra points).

    **Options**: ``profile`` (unused: the limit is the same everywhere; declared like every PF5xx rule).

    **Bad**::

        项目及时完成率  ≥90.00(%)  99.00(%)  10.00  12.00

    **Good**::

        项目及时完成率  ≥90.00(%)  99.00(%)  10.00  10.00
    """

    code = "PF505"
    name = "score-exceeds-weight"
    title_zh = "得分超过分值"
    title_en = "Score above its weight"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：某个指标（或预算执行）的得分超过其分值，或小于 0。

    **为什么**：一行最多得到其分值；其他情况都是录入错误，还会虚增总分。

    **依据**：财预〔2020〕10号 附件：各指标得分不超过该指标分值（超额完成不加分）。

    **选项**：``profile``（不使用：各地上限相同；与所有 PF5xx 规则一样声明）。
    """
    severity = "error"
    source = "binding"
    options_schema = self_eval_options()

    def check(self, form: Form) -> Iterable[Problem]:
        se = form.self_eval
        if se is not None and se.budget_score is not None:
            if se.budget_weight is not None and se.budget_score > se.budget_weight + EPS:
                yield self.problem(form.loc("self_eval.budget"), "budget",
                                   score=se.budget_score, weight=se.budget_weight)
            elif se.budget_score < -EPS:
                yield self.problem(form.loc("self_eval.budget"), "negative", score=se.budget_score,
                                   weight=se.budget_weight, item="预算执行率")
        for ind in form.indicators:
            if ind.score is None:
                continue
            if ind.score < -EPS:
                yield self.problem(indicator_span(ind), "negative", indicator=ind.name,
                                   score=ind.score, weight=ind.weight, item=ind.name)
            elif ind.weight is not None and ind.score > ind.weight + EPS:
                yield self.problem(indicator_span(ind), indicator=ind.name, score=ind.score, weight=ind.weight)
