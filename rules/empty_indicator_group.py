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
    severity = "error"
    group = "structure"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options()

    def check(self, form):
        for l1, l2, line in form.empty_groups:
            yield self.problem(Span(line, 1), level1=l1 or "", level2=l2)
