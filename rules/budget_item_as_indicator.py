"""Checks for budget-management items (预算执行率 …) listed as performance indicators."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import first_hit, is_management


class BudgetItemAsIndicator(Rule):
    """A budget-management item (预算执行率, 资金到位率, 结余率, 资金使用合规性 …) is listed as an indicator.

    **Why**: 财预〔2020〕10号 scores budget execution separately (执行率 × 10 points), so listing 预算执行率
    as a 三级 counts it twice, and compliance of spending is a management requirement, not a result
    of the project. The 上海 2020 template asks for such items in its 投入与管理 block, so rows there
    are not reported. The list is the ``items`` option (matched inside the name, spaces ignored).

    **Source**: 财预〔2020〕10号 (heuristic)

    **Options**: ``items`` — name fragments that mark a budget-management item.

    **Bad**::

        成本指标  经济成本指标  预算执行率  >90.00(百分比)

    **Good**::

        成本指标  经济成本指标  单场活动成本  ≤2(万元/场)
    """

    code = "PF109"
    name = "budget-item-as-indicator"
    severity = "warning"
    group = "structure"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        items=words(["预算执行率", "资金执行率", "资金到位率", "结余率", "资金使用率",
                                  "资金使用合规性", "资金使用规范性", "资金使用合规", "资金使用规范"]),
    )

    def check(self, form):
        for ind in form.indicators:
            if is_management(ind):
                continue
            hit = first_hit(ind.name, self.options["items"])
            if hit:
                yield self.problem(indicator_span(ind), indicator=ind.name, suggest=True, name=ind.name, item=hit)
