"""Checks for 二级 groups that are named in the table but hold no 三级 indicator."""
from perflint.model import Span
from perflint.rule import Rule, options


class EmptyIndicatorGroup(Rule):
    """A 二级指标 is named in the table with no 三级指标 under it.

    **Why**: the value and, in a self-evaluation, the score sit on the 三级 row. A 二级 left empty is a
    part of the form that was not filled in (seed 001 工作专项: an empty 数量指标), so the project has
    no measure for that aspect.

    **Source**: 财预〔2021〕101号 (binding)

    **Bad**::

        产出指标  数量指标
                  质量指标  内容的合规性  合规

    **Good**::

        产出指标  数量指标  举办交流活动场次  ≥8(场)
                  质量指标  内容的合规性      合规
    """

    code = "PF104"
    name = "empty-indicator-group"
    title_zh = "二级指标下无三级指标"
    title_en = "Empty indicator group"
    basis = "财预〔2021〕101号"
    doc_zh = """**检查什么**：表中列出了某个二级指标，但其下没有三级指标。

    **为什么**：指标值以及自评中的得分都在三级指标这一行。空着的二级指标是没有填完的部分（样例 001
    工作专项：空的数量指标），项目在这一方面没有任何衡量标准。

    **依据**：财预〔2021〕101号（约束性）
    """
    severity = "error"
    group = "structure"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options()

    def check(self, form):
        for l1, l2, line in form.empty_groups:
            yield self.problem(Span(line, 1), level1=l1 or "", level2=l2)
