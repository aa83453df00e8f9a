"""PF603: this year's form is last year's, with little more than the year changed."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form, Relation
from perflint.rule import options

from ._history import Change, HistoryRule, change, goal_similarity, latest


class CopiedFromLastYear(HistoryRule):
    """Most indicators, their targets and the annual goal are the same as in last year's form.

    **Why**: An annual target form describes this year's stage of the project. One that repeats last
    year's indicators, values and goal word for word shows the targets were not set anew; reviewers send
    it back (with PF604 when the text still names last year).

    **Source**: 财预〔2015〕88号 (绩效目标应与年度任务相符) and review practice *(heuristic)*. Compared with the
    latest earlier target form of the same project: the share of indicators that have the same name and the
    same target (万元 and 元 compare) among the larger of the two indicator lists must reach
    ``indicator_share`` (0.9), and the annual goals, once tags, numbering and punctuation are removed, a
    similarity of ``goal_similarity`` (0.9). Forms with fewer than ``min_indicators`` (3) indicators are not
    compared; a form without an annual goal is not reported.

    **Options**: ``indicator_share`` (0.9), ``goal_similarity`` (0.9), ``min_indicators`` (3).

    **Bad**::

        2026年 年度总体目标  为600名失能老人提供每月不少于4次的上门照护服务 …（与2025年相同）
        服务老人人数 ≥600(人) · 服务记录完整率 ≥95(%) · …（8 个指标与2025年完全相同）

    **Good**::

        2026年 年度总体目标  在2025年服务620人的基础上，为650名失能老人提供上门照护服务 …
    """

    code = "PF603"
    name = "copied-from-last-year"
    title_zh = "申报表照搬上年"
    title_en = "Form copied from last year"
    doc_zh = """**检查什么**：本年申报表的大部分指标、指标值和年度总体目标与上年申报表相同。

    **为什么**：年度绩效目标表应反映项目本年度的阶段任务。与上年的指标、数值和目标文字逐字相同，说明目标没有
    重新设定，会被退回（文字中仍写着上年年份的，另见 PF604）。

    **依据**：财预〔2015〕88号（绩效目标应与年度任务相符）及审核实践 *（经验规则）*。与同一项目最近一年的申报表
    比较：名称与指标值均相同的指标（万元与元可比较）占两表中较多一方指标数的比例达到 ``indicator_share``（0.9），
    且去除标签、编号和标点后的年度总体目标相似度达到 ``goal_similarity``（0.9）。指标少于 ``min_indicators``（3）
    个的表不比较；没有年度总体目标的表不报告。

    **选项**：``indicator_share``（0.9）、``goal_similarity``（0.9）、``min_indicators``（3）。
    """
    basis = "财预〔2015〕88号"
    severity = "warning"
    kinds = ("target",)
    options_schema = options(
        indicator_share={"type": "number", "minimum": 0, "maximum": 1, "default": 0.9},
        goal_similarity={"type": "number", "minimum": 0, "maximum": 1, "default": 0.9},
        min_indicators={"type": "integer", "minimum": 1, "default": 3},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        last = latest(form, Relation.PREVIOUS_TARGET)
        if last is None:
            return
        largest = max(len(form.indicators), len(last.form.indicators))
        if min(len(form.indicators), len(last.form.indicators)) < self.options["min_indicators"]:
            return
        same = sum(1 for p in last.indicators
                   if p.similarity == 1.0 and change(p.here.target, p.there.target) is Change.SAME)
        if same / largest < self.options["indicator_share"]:
            return
        goals = goal_similarity(form.goals.get("annual"), last.form.goals.get("annual"))
        if goals is None or goals < self.options["goal_similarity"]:
            return
        yield self.problem(form.loc("goals.annual"), suggest=True, year=last.form.year, same=same, total=largest,
                           similarity=round(goals * 100))
