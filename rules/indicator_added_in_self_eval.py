"""PF607: a self-evaluation evaluates an indicator that was never declared."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form
from perflint.rule import options

from ._history import HistoryRule, declared_pairing


class IndicatorAddedInSelfEval(HistoryRule):
    """An indicator of the self-evaluation has no counterpart in the target form declared for the year.

    **Why**: An indicator added afterwards is one the project already knew it met; it scores points no
    declared target earned. The reviewer wants it removed, or the approved adjustment that added it.

    **Source**: 财预〔2020〕10号 (自评 against the 年初设定的绩效目标). As PF606, with the same pairing and the
    same ``min_paired`` guard against forms too different to compare.

    **Options**: ``min_paired`` (0.5).

    **Bad** (not declared)::

        宣传资料发放份数  ≥1000(份)  1500(份)  5.00  5.00

    **Good**: only the declared indicators, with their declared targets.
    """

    code = "PF607"
    name = "indicator-added-in-self-eval"
    title_zh = "自评表增加了未申报的指标"
    title_en = "Indicator added in the self-evaluation"
    doc_zh = """**检查什么**：自评表中的指标在当年申报表中没有对应指标。

    **为什么**：事后增加的指标往往是已知能完成的，得到的分数没有对应的申报目标。审核时要求删除，或提供经批准的
    目标调整。

    **依据**：财预〔2020〕10号（对照年初设定的绩效目标自评）。与 PF606 相同的配对方法和 ``min_paired`` 条件。

    **选项**：``min_paired``（0.5）。

    **错误示例**（申报时没有这个指标）::

        宣传资料发放份数  ≥1000(份)  1500(份)  5.00  5.00

    **正确示例**::

        （只填报申报过的指标及其申报的目标值）
    """
    basis = "财预〔2020〕10号"
    source = "binding"
    severity = "warning"
    kinds = ("self_eval",)
    options_schema = options(
        min_paired={"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        declared = declared_pairing(form, self.options["min_paired"])
        if declared is None:
            return
        for ind in declared.unpaired:
            yield self.problem(indicator_span(ind), indicator=ind.name, suggest=True, name=ind.name,
                               year=declared.form.year)
