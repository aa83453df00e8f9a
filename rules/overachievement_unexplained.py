"""PF511: a result far above its target with no explanation."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, comparable, direction, is_empty_reason, progress


class OverachievementUnexplained(SelfEvalRule):
    """实际完成值 reaches 130 % or more of a ``≥`` target and 偏差原因 is empty.

    **Why**: A target beaten by a third or more was most likely set too low to steer anything; the reviewer
    wants either the reason (an unplanned extra round of work) or a higher target next year.

    **Source**: provincial review practice *(heuristic)*: 偏差较大（超额完成）的也应分析原因. Only targets where
    more is better (``≥``, ``>``, ``=``, none) are checked; a ceiling (``≤``) undershot is a saving.

    **Options**: ``ratio`` (default 1.3), ``profile``.

    **Bad** (400 %, no reason)::

        商务区人才招聘会  ≥1.00(场)  4.00(场)  10.00  10.00

    **Good**::

        商务区人才招聘会  ≥1.00(场)  4.00(场)  10.00  10.00  根据企业需求加办3场专场招聘，下年度指标调整为≥4场
    """

    code = "PF511"
    name = "overachievement-unexplained"
    title_zh = "大幅超额完成未说明原因"
    title_en = "Over-achievement unexplained"
    basis = ""
    doc_zh = """**检查什么**：实际完成值达到 ``≥`` 目标的 130% 及以上，而偏差原因为空。

    **为什么**：超额三分之一以上完成的目标，很可能定得太低，起不到引导作用；审核人需要原因（计划外增加的
    工作），或下一年更高的目标。

    **依据**：省级审核实践（经验规则）：偏差较大（超额完成）的也应分析原因。只检查越多越好的目标（``≥``、
    ``>``、``=``、无符号）；上限（``≤``）未用满是节约。

    **选项**：``ratio``（默认 1.3）、``profile``。

    **错误示例**（400%，没有原因）::

        商务区人才招聘会  ≥1.00(场)  4.00(场)  10.00  10.00

    **正确示例**::

        商务区人才招聘会  ≥1.00(场)  4.00(场)  10.00  10.00  根据企业需求加办3场专场招聘，下年度指标调整为≥4场
    """
    severity = "warning"
    source = "heuristic"
    options_schema = self_eval_options(
        ratio={"type": "number", "exclusiveMinimum": 1, "default": 1.3},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        for ind in form.indicators:
            target, actual = ind.target, ind.actual
            if not comparable(target, actual) or direction(target) != "up" or target.value_max is not None:
                continue
            if not (target.base_value or target.value or 0) > 0 or not is_empty_reason(ind.deviation_reason):
                continue
            share = progress(target, actual)
            if share is not None and share >= self.options["ratio"] - 1e-9:
                yield self.problem(indicator_span(ind), indicator=ind.name, suggest=True,
                                   target=target.raw, actual=actual.raw, percent=round(share * 100))
