"""PF608: the self-evaluation's 全年预算数 is not the 年度资金申请总额 declared."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form, Relation
from perflint.rule import options

from ._common import fmt_money
from ._history import HistoryRule, latest


class BudgetDiffersFromDeclared(HistoryRule):
    """全年预算数 of the self-evaluation differs from the 年度资金申请总额 of the declared target form.

    **Why**: The budget can change during the year (追加 or 调减 by an approved adjustment), so this is
    information, not an error: the reviewer checks the adjustment behind it, and whether the targets were
    adjusted with the money.

    **Source**: review practice *(heuristic)*. Both amounts in 元 (a self-evaluation in 万元 and a target
    form in 元 compare); differences up to ``tolerance`` 元 (default 1, rounding) are not reported.

    **Options**: ``tolerance`` (1).

    **Bad** (declared 1,200,000 元)::

        年度资金总额:  120.00  96.00  95.00

    **Good**::

        年度资金总额:  120.00  120.00  114.00
    """

    code = "PF608"
    name = "budget-differs-from-declared"
    title_zh = "全年预算数与申报资金不一致"
    title_en = "Full-year budget differs from the declared amount"
    doc_zh = """**检查什么**：自评表的全年预算数与当年申报表的年度资金申请总额不同。

    **为什么**：年度中预算可以调整（经批准的追加或调减），因此这只是提示：审核人员核对调整依据，以及目标是否随资金
    一并调整。

    **依据**：审核实践 *（经验规则）*。两个金额都换算为元比较（万元的自评表与元的申报表可比较）；差额不超过
    ``tolerance`` 元（默认 1，舍入误差）的不报告。

    **选项**：``tolerance``（1）。

    **错误示例**（申报 1,200,000 元）::

        年度资金总额:  120.00  96.00  95.00

    **正确示例**::

        年度资金总额:  120.00  120.00  114.00
    """
    severity = "info"
    kinds = ("self_eval",)
    options_schema = options(
        tolerance={"type": "number", "minimum": 0, "default": 1},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        declared = latest(form, Relation.DECLARED)
        if declared is None or form.self_eval is None:
            return
        budget, asked = form.self_eval.budget_full_year, declared.form.funds.get("annual")
        if not budget or not asked or abs(budget - asked) <= self.options["tolerance"]:
            return
        yield self.problem(form.loc("self_eval.budget"), budget=fmt_money(budget), declared=fmt_money(asked),
                           difference=fmt_money(abs(budget - asked)), year=declared.form.year,
                           variant="lower" if budget < asked else "higher")
