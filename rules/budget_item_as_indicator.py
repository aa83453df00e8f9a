"""Checks for budget-management items (预算执行率 …) listed as performance indicators."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import first_hit, is_management, lexicon

# the kinds of budget-management item, in the order they are tried (the message says why each is no indicator)
KINDS = ("management", "compliance", "execution")


def _items(kind: str) -> list[str]:
    return list(lexicon("budget_items")[kind])


class BudgetItemAsIndicator(Rule):
    """A budget-management item (预算执行率, 预算偏差率, 资金到位率, 资金使用合规性 …) is listed as an indicator.

    **Why**: such items are no result of the project, and each kind for its own reason, which the
    message gives: budget execution and accuracy (``execution``: 预算执行率, 资金到位率, 结余率, 预算偏差率,
    预算准确性, 拨款金额满足项目需要) are scored separately by 财预〔2020〕10号 (执行率 × 10 points), so
    listing them counts them twice; compliance of spending (``compliance``: 资金使用合规性, 业务法律合规性)
    is a rule every project must follow, checked by financial management and audit, not an effect of
    this project; the budget-performance work itself (``management``: 预算绩效管理结果应用率) is the
    department's management, not this project's output. The 上海 2020 template asks for such items in
    its 投入与管理 block, so rows there are not reported. The lists are options (matched inside the name,
    spaces ignored).

    **Source**: 财预〔2020〕10号 (heuristic)

    **Options**: ``execution``, ``compliance``, ``management`` — name fragments of each kind; ``items`` —
    when set, the only fragments looked for (each reported with the reason of the kind that lists it,
    else as budget execution).

    **Bad**::

        成本指标  经济成本指标  预算执行率  >90.00(百分比)

    **Good**::

        成本指标  经济成本指标  单场活动成本  ≤2(万元/场)
    """

    code = "PF109"
    name = "budget-item-as-indicator"
    title_zh = "预算管理事项列为绩效指标"
    title_en = "Budget-management item listed as an indicator"
    basis = "财预〔2020〕10号"
    doc_zh = """**检查什么**：预算管理事项（预算执行率、预算偏差率、资金到位率、资金使用合规性……）被列为绩效指标。

    **为什么**：这类事项都不是项目的成果，各有其原因，提示中会说明：预算执行与准确性（``execution``：
    预算执行率、资金到位率、结余率、预算偏差率、预算准确性、拨款金额满足项目需要）由财预〔2020〕10号单独
    计分（执行率 × 10 分），列为指标就重复计算了；资金使用合规（``compliance``：资金使用合规性、业务法律
    合规性）是每个项目都必须遵守的规定，由财务管理和审计检查，不是本项目的效果；预算绩效工作本身
    （``management``：预算绩效管理结果应用率）是部门的管理工作，不是本项目的产出。上海 2020 模板要求在
    “投入与管理”部分填写这类事项，因此该部分的行不报告。清单为选项（在名称中匹配，忽略空格）。

    **依据**：财预〔2020〕10号（经验规则）

    **选项**：``execution``、``compliance``、``management`` — 各类事项的名称片段；``items`` — 设置时只查找
    这些片段（每个按列出它的那一类说明原因，否则按预算执行说明）。
    """
    severity = "warning"
    group = "structure"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        execution=words(_items("execution")),
        compliance=words(_items("compliance")),
        management=words(_items("management")),
        items={"type": ["array", "null"], "items": {"type": "string", "minLength": 1}, "default": None,
               "description": "the complete list of fragments, replacing the three lists"},
    )

    def check(self, form):
        for ind in form.indicators:
            if is_management(ind):
                continue
            kind, hit = self.kind_of(ind.name)
            if hit:
                yield self.problem(indicator_span(ind), kind, indicator=ind.name, suggest=True, name=ind.name, item=hit)

    def kind_of(self, name: str) -> tuple[str | None, str | None]:
        """The message variant (None for budget execution, the base case) and the fragment found; with
        ``items`` only its fragments count, each with the reason of the list that holds it."""
        only = self.options["items"]
        for kind in KINDS:
            fragments = self.options[kind] if only is None else [w for w in only if w in self.options[kind]]
            hit = first_hit(name, fragments)
            if hit:
                return (None if kind == "execution" else kind), hit
        return None, first_hit(name, only or [])
