"""Checks that a count the goal promises and the indicator that measures it say the same amount."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options

from ._common import GOAL_LABELS, clean, promised_goal
from ._promises import annual_of_target, count_indicator_for, quantities


def _amount(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


class GoalIndicatorMismatch(Rule):
    """The goal promises one amount (``每半个月1次``, ``不少于100家次``) and the indicator that measures it another (``≥18次``).

    **Why**: the indicator is how the goal's promise is checked; when the goal says ``至少每半个月全面分析1次``
    (about 24 times a year) and the indicator ``分析次数 ≥18次``, either the goal promises more than the
    project will be held to or the indicator was set without reading the goal. Both are compared in one
    unit, times a year: a frequency word (``每天`` 365, ``每周`` 52, ``每半个月`` 24, ``每月`` 12, ``每季度`` 4,
    ``一年``/``全年``/``年内`` 1) before a count of events (次, 场, 期 …) multiplies it, in the goal or in the
    indicator (``一年四次``, ``每月上门服务次数 ≥4次``). Reported in either direction, when the two differ by
    more than ``tolerance`` of the larger. A promise is paired with an indicator only when exactly one
    count indicator's name shares at least three character pairs with the promise's clause and counts
    the same kind of thing (次 and 家次, 人 and 名, not 家 and 份). Not promises of the year: totals over
    several years (``三年合计8份``), how the work is organised (``分3个包``), nouns that begin with a unit
    character (``5部门``). The annual goal is read (the total goal when there is no annual one); the
    finding is on the indicator's value, once per indicator.

    **Source**: 财预〔2015〕88号 on relevance: indicators carry the goal (heuristic)

    **Options**: ``tolerance`` (0.1).

    **Bad**::

        年度总体目标  至少每半个月全面分析1次办事指南维护情况
        数量指标      办事指南及网办能力质检分析次数  >=18次

    **Good**::

        年度总体目标  至少每半个月全面分析1次办事指南维护情况
        数量指标      办事指南及网办能力质检分析次数  >=24次
    """

    code = "PF405"
    name = "goal-indicator-mismatch"
    title_zh = "目标承诺与对应指标不一致"
    title_en = "Goal promise and its indicator disagree"
    doc_zh = """**检查什么**：绩效目标承诺的数量（“每半个月1次”“不少于100家次”）与衡量它的指标值（“≥18次”）不一致。

**为什么**：指标是检验目标承诺的手段。目标写“至少每半个月全面分析1次”（约每年24次），指标却是“分析次数 ≥18次”，
要么目标承诺多于项目实际考核的，要么指标设置时没有对照目标。两者统一换算为每年次数比较：事件计数（次、场、期……）
前的频率词（每天 365、每周 52、每半个月 24、每月 12、每季度 4、一年/全年/年内 1）乘以相应倍数，目标和指标两侧都换算
（“一年四次”“每月上门服务次数 ≥4次”）。两者相差超过较大者的 ``tolerance`` 即报告，不论哪一方更大。只有恰好一个数量
指标的名称与承诺所在分句至少共有三个相邻字对、且计数对象同类（次与家次、人与名可比，家与份不可比）时才配对。
不属于年度承诺的：多年合计（“三年合计8份”）、工作组织方式（“分3个包”）、以单位字开头的名词（“5部门”）。读取年度目标
（没有年度目标时读取总目标）；问题标在指标值上，每个指标一条。

**依据**：财预〔2015〕88号 关于相关性：指标应承载目标（经验规则）

**选项**：``tolerance``（0.1）。
"""
    basis = "财预〔2015〕88号"
    severity = "warning"
    group = "goals"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        tolerance={"type": "number", "minimum": 0, "maximum": 1, "default": 0.1},
    )

    def check(self, form):
        key, text = promised_goal(form)
        if not text or not form.indicators:
            return
        seen = set()
        for q in quantities(text):
            ind = count_indicator_for(q, form.indicators)
            if ind is None or ind.line in seen:
                continue
            promised, measured = q.annual, annual_of_target(ind.target, ind.name)
            if promised is None or measured is None:
                continue
            seen.add(ind.line)
            if abs(promised - measured) <= self.options["tolerance"] * max(promised, measured):
                continue
            yearly = q.per_year is not None or measured != ind.target.base_value
            yield self.problem(indicator_span(ind, value=True), "frequency" if yearly else None, indicator=ind.name,
                               suggest=True, name=ind.name, raw=clean(ind.target.raw), promise=q.phrase,
                               goal=GOAL_LABELS[key], promised=_amount(promised), measured=_amount(measured),
                               unit=ind.target.unit or "")
