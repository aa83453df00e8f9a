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


