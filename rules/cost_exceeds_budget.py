"""Checks for a single cost item larger than the whole budget."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options

from ._common import clean, fmt_money, is_cost, money


class CostExceedsBudget(Rule):
    """One cost indicator in money is larger than the project's whole budget.

    **Why**: one item of the project cannot cost more than all of it; the amount or its unit is wrong
    (``≤24(元)`` meant as 万元, or ``万元`` typed for 元). The budget is the larger of 年度资金申请总额 and
    项目资金总额 (the self-evaluation's 全年预算数), so a multi-year cost target is not reported against
    one year's money. Amounts are compared in 元 after unit conversion.

    **Source**: form arithmetic (binding)

    **Options**: ``tolerance`` — how many 元 above the budget are still taken as equal (default 1).

    **Bad**::

        年度资金申请总额:  400,000.00
        成本指标  经济成本指标  手册编印成本  ≤400(万元)

    **Good**::

        成本指标  经济成本指标  手册编印成本  ≤4(万元)
    """

    code = "PF205"
    name = "cost-exceeds-budget"
    title_zh = "单项成本超过预算"
    title_en = "Cost item larger than the budget"
    basis = "表内勾稽关系"
    doc_zh = """**检查什么**：一个以金额表示的成本指标大于项目的全部预算。

    **为什么**：项目的一个分项不可能比整个项目花钱更多；金额或单位写错了（``≤24(元)`` 本意是万元，或把
    元写成了 ``万元``）。预算取年度资金申请总额与项目资金总额（自评表为全年预算数）中较大者，因此跨年度
    的成本指标不会按一年的资金报告。金额换算单位后按元比较。

    **依据**：表内勾稽关系（约束性）

    **选项**：``tolerance`` — 超出预算多少元仍视为相等（默认 1）。
    """
    severity = "error"
    group = "funds"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options(
        tolerance={"type": "number", "minimum": 0, "default": 1},
    )

    def check(self, form):
        amounts = [v for v in (form.funds.get("annual"), form.funds.get("total")) if v]
        if form.self_eval is not None and form.self_eval.budget_full_year:
            amounts.append(form.self_eval.budget_full_year)
        if not amounts:
            return
        limit = max(amounts)
        for ind in form.indicators:
            value = money(ind.target) if is_cost(ind) else None
            if value is not None and value > limit + self.options["tolerance"]:
                yield self.problem(indicator_span(ind, value=True), indicator=ind.name, name=ind.name,
                                   raw=clean(ind.target.raw), budget=fmt_money(limit))
