"""PF513: an indicator with a 年度指标值 and no 实际完成值."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, has_actual, has_target


class ActualMissing(SelfEvalRule):
    """A row of the self-evaluation has a 年度指标值 but its 实际完成值 is empty.

    **Why**: Without the result the row cannot be scored or checked, whatever 得分 it shows.

    **Source**: 财预〔2020〕10号 附件 (绩效自评表: 实际完成值 必填). When no row of the form has a result the
    column itself is missing (or was lost in extraction): one finding for the form, not one per row.

    **Options**: ``profile``.

    **Bad**::

        商务区人才招聘会  ≥1.00(场)      10.00  10.00

    **Good**::

        商务区人才招聘会  ≥1.00(场)  4.00(场)  10.00  10.00
    """

    code = "PF513"
    name = "actual-missing"
    title_zh = "缺少实际完成值"
    title_en = "Missing actual value"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：自评表中某行有年度指标值，但实际完成值为空。

    **为什么**：没有结果，这一行就无法打分或核查，不管它写了多少得分。

    **依据**：财预〔2020〕10号 附件（绩效自评表：实际完成值 必填）。表中所有行都没有结果时，是整列缺失
    （或在提取中丢失）：整张表报告一条，而不是每行一条。

    **选项**：``profile``。
    """
    severity = "warning"
    source = "binding"
    options_schema = self_eval_options()

    def check(self, form: Form) -> Iterable[Problem]:
        rows = [i for i in form.indicators if has_target(i)]
        missing = [i for i in rows if not has_actual(i)]
        if not missing:
            return
        if len(missing) == len(rows) and len(rows) > 1:
            yield self.problem(indicator_span(missing[0]), "all", count=len(rows))
            return
        for ind in missing:
            yield self.problem(indicator_span(ind), indicator=ind.name, target=ind.target.raw)
