"""Checks that quantities promised in the goal are carried by an indicator."""
from perflint.rule import Rule, options, words

from ._common import promised_goal
from ._promises import annual_of_target, count_indicator_for, default_units, quantities, same_amount

DEFAULT_UNITS = default_units()


def carried(q, indicators, funds=()):
    """Whether a target carries the quantity: the same base value in the same dimension, or for a
    frequency (每半个月1次) the same amount in a year.

    An amount of money equal to one of the form's fund lines restates the budget, which the header
    already carries.
    """
    t = q.target
    if not t.is_quantitative or t.base_value is None:
        return True  # what the value grammar cannot read cannot be compared: do not report it
    if t.dimension == "money" and any(abs(t.base_value - f) < 0.5 for f in funds):
        return True
    for ind in indicators:
        target = ind.target
        if target is None or not target.is_quantitative:
            continue
        if not (target.dimension == t.dimension or target.dimension is None):
            continue
        values = (target.base_value, target.base_value_max, target.value, target.value_max)
        if any(v is not None and same_amount(v, t.base_value) for v in values):
            return True
        yearly = annual_of_target(target, ind.name)
        if q.per_year is not None and yearly is not None and same_amount(yearly, q.annual):
            return True
    return False


class GoalWithoutIndicator(Rule):
    """A quantity promised in the goal (``不少于100家次``, ``达到85%以上``, ``600名``) that no indicator carries.

    **Why**: the indicators are how the goal is checked; a number the goal promises but no target
    states will not be evaluated. Quantities are a number followed by a unit of ``units`` (so years,
    months, days and list numbering such as ``1.`` ``2、`` are never taken; ordinals after 第 are
    skipped); each is read with the value grammar and is carried when a quantitative target has the
    same base value in the same dimension (100万元 matches 1,000,000元; the operator is not compared),
    or, for a frequency (``每半个月1次``, ``每日一次``), the same number of times a year; an amount equal to
    a fund line of the header restates the budget and is not reported. Not promises of the year: totals
    over several years (``三年合计8份``), how the work is organised (``分3个包``) and nouns that begin with
    a unit character (``5部门``). A count promise whose indicator can be told by its words (the
    indicator says another number) is ``goal-indicator-mismatch``'s. The annual goal is read (the total
    goal when there is no annual one); one finding per form lists up to ``max_listed`` of them.

    **Source**: 财预〔2015〕88号 on relevance (heuristic)

    **Options**: ``units`` — the unit words that make a number a promise; ``max_listed`` (5).

    **Bad**::

        年度总体目标  培训企业人员不少于600名
        数量指标      举办培训班次数  ≥4(次)

    **Good**::

        年度总体目标  培训企业人员不少于600名
        数量指标      培训企业人员数  ≥600(人)
    """

    code = "PF404"
    name = "goal-without-indicator"
    title_zh = "目标中的数量没有对应指标"
    title_en = "Goal quantity without an indicator"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：目标中承诺的数量（``不少于100家次``、``达到85%以上``、``600名``）没有任何指标体现。

    **为什么**：指标是检验目标的手段；目标承诺了但没有目标值体现的数字，就不会被评价。数量是数字后跟
    ``units`` 中的单位（因此年、月、日和 ``1.``、``2、`` 等列表编号不会被当作数量；“第”之后的序数跳过）；
    每个数量都用指标值语法解析，若某个定量目标在同一量纲下基准值相同即视为已体现（100万元 与 1,000,000元
    相符；不比较比较符号），频次（``每半个月1次``、``每日一次``）则比较一年的次数；等于表头某项资金的金额
    是在重述预算，不报告。以下不是本年度的承诺：几年的合计（``三年合计8份``）、工作的组织方式（``分3个包``）
    和以单位字开头的名词（``5部门``）。能从字面找到对应指标（但指标写了另一个数）的计数承诺，由
    ``goal-indicator-mismatch`` 报告。读取年度总体目标（没有年度目标时读取总目标）；每张表一条问题，最多
    列出 ``max_listed`` 个。

    **依据**：财预〔2015〕88号 关于相关性（经验规则）

    **选项**：``units`` — 使数字成为承诺的单位词；``max_listed``（5）。
    """
    severity = "warning"
    group = "goals"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        units=words(DEFAULT_UNITS),
        max_listed={"type": "integer", "minimum": 1, "default": 5},
    )

    def check(self, form):
        key, text = promised_goal(form)
        if not text or not form.indicators:
            return
        funds = [v for v in form.funds.values() if v]
        missing, seen = [], set()
        for q in quantities(text, self.options["units"]):
            if q.multi_year or (q.number, q.unit, q.per_year) in seen:
                continue
            seen.add((q.number, q.unit, q.per_year))
            if count_indicator_for(q, form.indicators) is None and not carried(q, form.indicators, funds):
                missing.append(q.phrase)
        if missing:
            listed = missing[: self.options["max_listed"]]
            more = len(missing) - len(listed)
            yield self.problem(form.loc(f"goals.{key}"), suggest=True, count=len(missing),
                               numbers="、".join(f"“{p}”" for p in listed) + (f" 等{len(missing)}处" if more else ""))
