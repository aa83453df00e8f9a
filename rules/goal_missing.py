"""Checks that the form states a goal at all."""
from perflint.rule import Rule, options

from ._common import normalise_goal


class GoalMissing(Rule):
    """The form states no goal: both 项目总目标 and 年度总体目标 (预期目标) are empty.

    **Why**: the indicators are there to measure the goal; a form without one cannot be judged for
    relevance (财预〔2015〕88号 相关性) and the self-evaluation has nothing to compare the outcome
    with. A form with only one of the two goals filled is not reported.

    **Source**: 财预〔2015〕88号 (binding)

    **Bad**::

        项目总目标            年度总体目标
        (both cells empty)

    **Good**::

        项目总目标            年度总体目标
                              全面完成年度招商引资工作目标，保质保量完成招商服务商务活动。
    """

    code = "PF403"
    name = "goal-missing"
    title_zh = "缺少绩效目标"
    title_en = "No goal stated"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：表中没有目标：项目总目标和年度总体目标（预期目标）都为空。

    **为什么**：指标是用来衡量目标的；没有目标的表无法判断相关性（财预〔2015〕88号 相关性），自评时也没有
    可以对照结果的东西。只填了两段目标之一的表不报告。

    **依据**：财预〔2015〕88号（约束性）

    **错误示例**::

        项目总目标            年度总体目标
        （两栏都为空）

    **正确示例**::

        项目总目标            年度总体目标
                              全面完成年度招商引资工作目标，保质保量完成招商服务商务活动。
    """
    severity = "error"
    group = "goals"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options()

    def check(self, form):
        if not normalise_goal(form.goals.get("total")) and not normalise_goal(form.goals.get("annual")):
            key = "goals.annual" if "goals.annual" in form.locations else "goals.total"
            yield self.problem(form.loc(key))
