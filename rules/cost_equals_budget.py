"""Checks for cost indicators that only restate the whole budget."""
from perflint.finding import indicator_span
from perflint.model import Span
from perflint.rule import Rule, options

from ._common import budget, clean, fmt_money, is_cost, money, op


class CostEqualsBudget(Rule):
    """A cost indicator, or the cost indicators together, only restate the year's budget.

    **Why**: a 成本指标 should say what a unit of output costs or how the money splits, so that a reviewer
    can judge value for money; ``≤64932.02(元)`` on a 64,932.02 元 project says only that the project
    will not overspend its budget. Reported (a warning) when one cost target in money equals the annual
    budget (年度资金申请总额, or 项目资金总额 when that is the only amount). Two or more cost targets in
    money that add up to it (seed 000 企业服务与发展: 24 + 4 + 6 + 6 万元 = 400,000 元) are 分项成本 as the
    上海市 2025 指引 defines them: only information (the ``sum`` variant, spanning the cost rows), asking
    for the basis of each item. Amounts are compared in 元 after unit conversion, within ``tolerance``.

    **Source**: 上海市 2025 指引 on 成本指标 (heuristic)

    **Options**: ``tolerance`` — the largest difference in 元 still taken as equal (default 1).

    **Bad**::

        年度资金申请总额:  64,932.02
        成本指标  经济成本指标  平台运维费用  ≤64932.02(元)

    **Good**::

        成本指标  经济成本指标  平台年运维单价  ≤5,400(元/月)
    """

    code = "PF204"
    name = "cost-equals-budget"
    title_zh = "成本指标重述预算总额"
    title_en = "Cost indicator restates the budget"
    basis = "上海市财政局 2025 指引"
    doc_zh = """**检查什么**：某个成本指标，或几个成本指标合计，只是重述了本年度的预算。

    **为什么**：成本指标应说明单位产出的成本或资金的分项构成，使审核人能判断资金效益；64,932.02 元的项目
    写 ``≤64932.02(元)``，只说明项目不会超支。一个以金额表示的成本指标等于年度预算（年度资金申请总额；
    只有项目资金总额时用它）时报告（警告）。两个及以上以金额表示的成本指标合计等于预算（样例 000 企业服务与
    发展：24 + 4 + 6 + 6 万元 = 400,000 元），是上海市 2025 指引所说的分项成本：只作提示（``sum`` 变体，
    覆盖这些成本行），请说明各分项的测算依据。金额换算单位后按元比较，差额在 ``tolerance`` 之内视为相等。

    **依据**：上海市财政局 2025 指引 关于成本指标（经验规则）

    **选项**：``tolerance`` — 仍视为相等的最大差额，单位元（默认 1）。
    """
    severity = "warning"
    variant_severity = {"sum": "info"}
    group = "funds"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        tolerance={"type": "number", "minimum": 0, "default": 1},
    )

    def check(self, form):
        amount = budget(form)
        if not amount:
            return
        tol = self.options["tolerance"]
        costs = [(ind, money(ind.target)) for ind in form.indicators if is_cost(ind)]
        costs = [(ind, v) for ind, v in costs if v is not None and op(ind.target) != "≥" and op(ind.target) != ">"]
        for ind, value in costs:
            if abs(value - amount) <= tol:
                yield self.problem(indicator_span(ind, value=True), variant="single", indicator=ind.name,
                                   suggest=True, name=ind.name, raw=clean(ind.target.raw), budget=fmt_money(amount))
                return
        if len(costs) >= 2 and abs(sum(v for _, v in costs) - amount) <= tol:
            first, last = costs[0][0], costs[-1][0]
            span = Span(first.line, first.column, last.line, last.span.end_column)
            yield self.problem(span, variant="sum", indicator=first.name, suggest=True, count=len(costs),
                               sum=fmt_money(sum(v for _, v in costs)), budget=fmt_money(amount))


