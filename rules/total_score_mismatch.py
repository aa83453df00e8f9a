"""PF503: 总分 against the sum of the scores above it, and 总分 above the maximum."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, EPS, close, profile_of, round2


class TotalScoreMismatch(SelfEvalRule):
    """总分 is not Σ 指标得分 + 预算执行率得分, or is above 100.

    **Why**: 总分 decides the grade and is what the department reports upward; a sum that does not add up
    means a row was changed without updating the total (or the other way round).

    **Source**: 财预〔2020〕10号 附件: 总分 = 各指标得分之和 (100 分制). The sum is skipped when a row has 分值 but
    no 得分 (a cell the reader could not place).

    **Options**: ``tolerance`` (points, default 0.01), ``profile``.

    **Bad** (indicator scores 15 + 20 + 20 + 20 + 15 = 90, budget 9.33)::

        总分  100.00  99.00

    **Good**::

        总分 100.00  99.33
    """

    code = "PF503"
    name = "total-score-mismatch"
    title_zh = "总分合计有误"
    title_en = "Total score does not add up"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：总分不等于 Σ 指标得分 + 预算执行率得分，或超过 100 分。

    **为什么**：总分决定等级，也是部门向上报告的数字；合计对不上，说明改了某一行却没有更新总分（或者
    反过来）。

    **依据**：财预〔2020〕10号 附件：总分 = 各指标得分之和（100 分制）。某一行有分值但没有得分（读取时无法
    定位的单元格）时，不作合计检查。

    **选项**：``tolerance``（分，默认 0.01）、``profile``。

    **错误示例**（指标得分 15 + 20 + 20 + 20 + 15 = 90，预算执行 9.33）::

        总分  100.00  99.00

    **正确示例**::

        总分 100.00  99.33
    """
    severity = "error"
    source = "binding"
    options_schema = self_eval_options(
        tolerance={"type": "number", "minimum": 0, "default": 0.01},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        se = form.self_eval
        if se is None or se.total_score is None:
            return
        span = form.loc("self_eval.total")
        maximum = profile_of(self).total_weight
        if se.total_score > maximum + EPS:
            yield self.problem(span, "over", stated=se.total_score, maximum=maximum)
            return
        rows = form.indicators
        if se.budget_score is None or any(i.weight is not None and i.score is None for i in rows):
            return
        scores = [i.score for i in rows if i.score is not None]
        if not scores:
            return
        computed = round2(sum(scores) + se.budget_score)
        if not close(se.total_score, computed, self.options["tolerance"]):
            yield self.problem(span, suggest=True, stated=se.total_score, computed=computed,
                               indicators=round2(sum(scores)), budget=se.budget_score)
