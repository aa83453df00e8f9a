"""PF512: an 实际完成值 that cannot be compared with its 年度指标值."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, has_actual


class ActualUnitMismatch(SelfEvalRule):
    """实际完成值 is not in the terms of a quantitative 年度指标值 (another dimension, or a word for a number).

    **Why**: A result that does not measure the target cannot show whether the target was met, so its score
    cannot be checked: ``≥4份`` answered by ``达成指标`` hides how many were delivered.

    **Source**: 财预〔2020〕10号 附件 (定量指标按实际完成值与年度指标值之比评分). ``>90.00(百分比)`` and
    ``93.00(百分比)`` compare (same dimension, units converted: 万元 and 元 compare too); deadlines
    (``12月底前``) may be answered with a verdict word.

    **Options**: ``profile``.

    **Bad**::

        区域企业大数据报告  ≥4.00(份)  达成指标

    **Good**::

        区域企业大数据报告  ≥4.00(份)  5.00(份)
    """

    code = "PF512"
    name = "actual-unit-mismatch"
    title_zh = "实际完成值与指标值口径不一致"
    title_en = "Result not in the target's terms"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：实际完成值与定量的年度指标值口径不一致（量纲不同，或用文字回答了数字目标）。

    **为什么**：不衡量目标的结果无法说明目标是否达到，其得分也无法核查：``≥4份`` 用 ``达成指标`` 回答，
    看不出交付了多少。

    **依据**：财预〔2020〕10号 附件（定量指标按实际完成值与年度指标值之比评分）。``>90.00(百分比)`` 与
    ``93.00(百分比)`` 可以比较（同一量纲，单位换算：万元与元也可比较）；时限（``12月底前``）可以用完成情况
    的词回答。

    **选项**：``profile``。
    """
    severity = "warning"
    source = "heuristic"
    options_schema = self_eval_options()

    def check(self, form: Form) -> Iterable[Problem]:
        for ind in form.indicators:
            target, actual = ind.target, ind.actual
            if target is None or not target.is_quantitative or not has_actual(ind):
                continue
            if target.deadline or target.dimension == "date":
                continue
            span = ind.actual_span or indicator_span(ind)
            if not actual.is_quantitative:
                yield self.problem(span, "qualitative", indicator=ind.name, target=target.raw, actual=actual.raw)
            elif target.dimension and actual.dimension and target.dimension != actual.dimension:
                yield self.problem(span, indicator=ind.name, target=target.raw, actual=actual.raw)
