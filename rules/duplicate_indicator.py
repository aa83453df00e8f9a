"""Checks for the same 三级 indicator listed twice in one form."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options

from ._common import squash


class DuplicateIndicator(Rule):
    """The same 三级指标 name appears twice in one form.

    **Why**: each 三级 measures one thing; listed twice it is scored twice in the self-evaluation
    (财预〔2020〕10号 weights) and one of the two is usually a copy left in the wrong group (seed 002
    企业经济服务: 补贴金额发放正确率 under 质量指标 and again under 成本指标). Names are compared
    without spaces. The finding is at each repeat, naming the first occurrence.

    **Source**: reviewers' practice (heuristic)

    **Bad**::

        产出指标  质量指标  补贴金额发放正确率  =100%
        成本指标            补贴金额发放正确率  =100%

    **Good**::

        产出指标  质量指标      补贴金额发放正确率  =100%
        成本指标  经济成本指标  预算偏差率          ≤5%
    """

    code = "PF106"
    name = "duplicate-indicator"
    title_zh = "三级指标重复"
    title_en = "Duplicate indicator"
    basis = ""
    doc_zh = """**检查什么**：同一张表中同一个三级指标名称出现两次。

    **为什么**：每个三级指标衡量一件事；列两次就会在自评中计分两次（财预〔2020〕10号的分值），而且其中
    一个通常是留在错误分组里的副本（样例 002 企业经济服务：补贴金额发放正确率既在质量指标下，又在成本
    指标下）。比较名称时忽略空格。每个重复处都报告，并指出第一次出现的位置。

    **依据**：审核实践（经验规则）
    """
    severity = "warning"
    group = "structure"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options()

    def check(self, form):
        first = {}
        for ind in form.indicators:
            key = squash(ind.name)
            if not key:
                continue
            if key in first:
                yield self.problem(indicator_span(ind), indicator=ind.name, name=ind.name, first=first[key])
            else:
                first[key] = ind.line
