"""Checks that the cost group holds at least one indicator that measures a cost."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import clean, has_any, is_cost, level2, lexicon

# 二级 groups whose costs may be counted in other units than money (拆迁户数, 碳排放量)
NON_MONEY_COSTS = ("社会成本指标", "生态环境成本指标")


class NoRealCostIndicator(Rule):
    """The cost group holds no cost: only rates (预算偏差率, 成本增长率), counts of accidents or words (``有效``).

    **Why**: a 成本指标 says what the output costs — an amount of money (``≤600(元/人)``, ``≤24(万元)``,
    ``≤5(万元/公里)``) or a cost rate against a standard (``成本节约率 ≥5%``) — so that a reviewer can judge
    value for money. 预算偏差率, 预算执行率 or 成本增长率 describe how the budget is kept, an accident count
    is an effect, and ``项目资金投入的有效性 有效`` is no measure at all; a cost group of only such rows
    leaves the form without a real cost indicator. Reported once per form, on the first cost row, when
    the group has rows and none is a cost: a target in money or money per unit, a rate named by
    ``cost_rates`` (成本节约率, 节支率 …), or any quantitative target under 社会成本指标 or 生态环境成本指标
    (costs to society or the environment need not be money). A form with no cost group is
    ``missing-indicator-category``'s; a cost group with a row whose levels the reader guessed, or whose
    value is missing or no target (``**``), is not judged. When the first
    cost row is a budget item (预算偏差率), this finding replaces ``budget-item-as-indicator``'s on it.

    **Source**: 财预〔2021〕101号 (成本指标: 经济成本, 社会成本, 生态环境成本); 上海市 2025 指引 (heuristic)

    **Options**: ``cost_rates`` — names of rates that do measure a cost.

    **Bad**::

        产出指标  成本指标  预算偏差率  ≤5%

    **Good**::

        成本指标  经济成本指标  单位养护成本  ≤12(元/㎡)
    """

    code = "PF206"
    name = "no-real-cost-indicator"
    title_zh = "成本指标没有反映成本"
    title_en = "Cost indicators that are not costs"
    doc_zh = """**检查什么**：成本指标下没有真正的成本：只有比率（预算偏差率、成本增长率）、事故次数或定性表述（“有效”）。

**为什么**：成本指标说明产出花费多少——金额（“≤600(元/人)”“≤24(万元)”“≤5(万元/公里)”）或对照标准的成本率
（“成本节约率 ≥5%”），审核人员据此判断资金使用效益。预算偏差率、预算执行率、成本增长率反映的是预算管理，
事故次数是效果，“项目资金投入的有效性 有效”根本不是计量；成本指标下只有这类指标，表中就没有真正的成本指标。
每张表一条，标在第一条成本指标上：成本指标下有三级指标、但没有一项是成本时报告。成本指：以金额或单位金额表示的
指标值、``cost_rates`` 中的成本率（成本节约率、节支率……），或社会成本指标、生态环境成本指标下的任何定量指标值
（对社会、环境的成本不一定以货币计量）。没有成本指标类别的表由 ``missing-indicator-category`` 报告；成本指标中有级次系推断、
指标值缺失或不是目标（“**”）的，不判断。第一条成本指标本身是预算管理事项（预算偏差率）时，以本条代替 ``budget-item-as-indicator`` 在该行的报告。

**依据**：财预〔2021〕101号（成本指标：经济成本、社会成本、生态环境成本）；上海市 2025 指引（经验规则）

**选项**：``cost_rates`` —— 确实反映成本的比率名称。
"""
    basis = "财预〔2021〕101号"
    severity = "warning"
    # a cost group whose first row is 预算偏差率: one finding, this one, not a second from the budget-item rule
    supersedes = ("budget-item-as-indicator",)
    group = "funds"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        cost_rates=words(lexicon("cost_rates")["words"]),
    )

    def check(self, form):
        rows = [ind for ind in form.indicators if is_cost(ind)]
        # a guessed row or a value that is no target (**, empty) could be the cost: not judged
        unsure = any(ind.guessed or ind.target is None or ind.target.is_invalid for ind in rows)
        if not rows or unsure or any(self.is_cost_measure(ind) for ind in rows):
            return
        first = rows[0]
        listed = "、".join(f"“{ind.name} {clean(ind.target.raw)}”" for ind in rows[:3]) + ("…" if len(rows) > 3 else "")
        yield self.problem(indicator_span(first), indicator=first.name, suggest=True, count=len(rows), rows=listed)

    def is_cost_measure(self, ind) -> bool:
        t = ind.target
        if t is None or not t.is_quantitative:
            return False
        if t.dimension in ("money", "money_rate"):
            return True
        if t.dimension == "percent" and has_any(ind.name, self.options["cost_rates"]):
            return True
        return level2(ind) in NON_MONEY_COSTS
