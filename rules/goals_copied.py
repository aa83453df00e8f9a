"""Checks that the annual goal is more than a copy of the project's total goal."""
from perflint.rule import Rule, options

from ._common import bigram_dice, normalise_goal, year_of

SAME_AS = ("同上", "同总目标", "同项目总目标", "同左", "见总目标")
# the largest difference in 元 between 项目资金总额 and 年度资金申请总额 still taken as one year's money
FUNDS_TOLERANCE = 1.0


def multi_year(form) -> bool:
    """Whether the form says the project runs longer than its year: start and end in different years, a
    项目期 of more than a year, or a 项目资金总额 other than the 年度资金申请总额."""
    if form.period_years is not None and form.period_years > 1:
        return True
    start, end = year_of(form.start_date), year_of(form.end_date)
    if start is not None and end is not None and start != end:
        return True
    total, annual = form.funds.get("total"), form.funds.get("annual")
    return bool(total and annual and abs(total - annual) > FUNDS_TOLERANCE)


class GoalsCopied(Rule):
    """项目总目标 and 年度总体目标 are the same text, or nearly so.

    **Why**: the total goal describes what the whole project achieves; the annual goal should be this
    year's stage of it, with this year's quantities. Copying one into the other (seed 002: six forms)
    gives the reviewer nothing to check the year's indicators against.

    **Similarity**: both texts are normalised (``<p>`` tags and LaTeX removed, list numbering such as
    ``1.`` ``2、`` removed, punctuation and whitespace removed); the similarity is the Dice coefficient
    of their sets of character bigrams (2 × shared bigrams / (bigrams of one + bigrams of the other),
    1.0 for identical texts; changing two characters of a 50-character goal gives about 0.94). Reported
    when it reaches ``threshold`` (default 0.9), or when the annual goal only says ``同上``; the message
    says ``相同`` when the normalised texts are equal. Texts shorter than ``min_length`` characters after
    normalisation are not compared. A one-year project is expected to have the same two goals: with
    ``skip_single_year`` (the default) a form is reported only when its funds or dates say the project
    runs longer than a year (项目资金总额 ≠ 年度资金申请总额, or start and end in different years); a form
    that says neither is not reported.

    **Source**: 财预〔2015〕88号 on goals (heuristic)

    **Options**: ``threshold`` (0.9), ``min_length`` (10), ``skip_single_year`` (true; false reports
    every copy).

    **Bad**::

        项目总目标    1.提升综合保税区核心竞争力 … 2.通过产业专项扶持 …
        年度总体目标  1.提升综合保税区核心竞争力 … 2.通过产业专项扶持 …

    **Good**::

        项目总目标    三年内建成区级企业服务平台，服务企业累计不少于3000家
        年度总体目标  2023年完成平台一期建设，服务企业不少于1000家
    """

    code = "PF401"
    name = "goals-copied"
    title_zh = "年度目标照抄总目标"
    title_en = "Annual goal copies the total goal"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：项目总目标与年度总体目标文字相同或几乎相同。

    **为什么**：总目标描述整个项目要实现什么；年度目标应是其中本年度的阶段，带有本年度的数量。把一个照抄
    到另一个（样例 002：六张表），审核人就没有可以对照本年度指标的东西。

    **相似度**：两段文字先规范化（去掉 ``<p>`` 标签和 LaTeX，去掉 ``1.``、``2、`` 等列表编号，去掉标点和
    空白）；相似度是两者字符二元组集合的 Dice 系数（2 × 共同二元组数 / (一方二元组数 + 另一方二元组数)，
    完全相同为 1.0；50 个字的目标改两个字约为 0.94）。达到 ``threshold``（默认 0.9），或年度目标只写
    ``同上`` 时报告；规范化后文字完全相同时提示中写“相同”。规范化后短于 ``min_length`` 个字的文字不比较。
    一年期的项目两段目标本应相同：设置 ``skip_single_year``（默认）时，只有资金或日期表明项目超过一年
    （项目资金总额 ≠ 年度资金申请总额，或开始与结束不在同一年）的表才报告；两者都看不出的表不报告。

    **依据**：财预〔2015〕88号 关于绩效目标（经验规则）

    **选项**：``threshold``（0.9）、``min_length``（10）、``skip_single_year``（true；false 时报告所有照抄）。
    """
    severity = "warning"
    group = "goals"
    source = "heuristic"
    kinds = ("target",)
    options_schema = options(
        threshold={"type": "number", "minimum": 0, "maximum": 1, "default": 0.9},
        min_length={"type": "integer", "minimum": 1, "default": 10},
        skip_single_year={"type": "boolean", "default": True},
    )

    def check(self, form):
        total, annual = normalise_goal(form.goals.get("total")), normalise_goal(form.goals.get("annual"))
        if not total or not annual:
            return
        if self.options["skip_single_year"] and not multi_year(form):
            return
        if annual in SAME_AS:
            yield self.problem(form.loc("goals.annual"), variant="same-as", suggest=True, raw=annual)
            return
        if min(len(total), len(annual)) < self.options["min_length"]:
            return
        if total == annual:
            yield self.problem(form.loc("goals.annual"), variant="same", suggest=True)
            return
        similarity = bigram_dice(total, annual)
        if similarity >= self.options["threshold"]:
            yield self.problem(form.loc("goals.annual"), suggest=True, similarity=min(99, round(similarity * 100)))
