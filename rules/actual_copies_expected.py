"""PF514: 实际完成情况 that repeats 预期目标."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form

from ._common import bigram_dice, normalise_goal

from ._scoring import SelfEvalRule, self_eval_options


class ActualCopiesExpected(SelfEvalRule):
    """年度总体目标's 实际完成情况 is the 预期目标 copied (similarity ≥ 90 %).

    **Why**: The 实际完成情况 should say what was done (numbers, dates, outcomes); a copy of the plan says
    nothing about the year and is a sign the form was filled in mechanically.

    **Source**: review practice *(heuristic)*; the same similarity as ``goals-copied`` (项目总目标 vs 年度目标):
    the Dice coefficient of character bigrams after tags, LaTeX, list numbers, spaces and punctuation are removed.

    **Options**: ``threshold`` (0..1, default 0.9), ``min_length`` (shorter texts are not compared, default 10),
    ``profile``.

    **Bad**::

        预期目标      举办人才招聘会不少于1场，举办人才活动不少于4场
        实际完成情况  举办人才招聘会不少于1场，举办人才活动不少于4场。

    **Good**::

        预期目标      举办人才招聘会不少于1场，举办人才活动不少于4场
        实际完成情况  全年举办人才招聘会4场、人才活动6场，服务企业200余家
    """

    code = "PF514"
    name = "actual-copies-expected"
    title_zh = "实际完成情况照抄预期目标"
    title_en = "Result copies the planned goal"
    basis = ""
    doc_zh = """**检查什么**：年度总体目标的实际完成情况照抄了预期目标（相似度 ≥ 90%）。

    **为什么**：实际完成情况应说明做了什么（数量、时间、成效）；照抄计划对这一年什么也没说明，说明表格是
    机械填写的。

    **依据**：审核实践（经验规则）；与 ``goals-copied``（项目总目标对年度目标）的相似度相同：去掉标签、LaTeX、
    列表编号、空格和标点后字符二元组的 Dice 系数。

    **选项**：``threshold``（0..1，默认 0.9）、``min_length``（更短的文字不比较，默认 10）、``profile``。
    """
    severity = "warning"
    source = "heuristic"
    options_schema = self_eval_options(
        threshold={"type": "number", "minimum": 0, "maximum": 1, "default": 0.9},
        min_length={"type": "integer", "minimum": 0, "default": 10},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        expected, actual = form.goals.get("annual"), form.goals.get("actual")
        expected, actual = normalise_goal(expected), normalise_goal(actual)
        if len(actual) < self.options["min_length"] or not expected:
            return
        score = bigram_dice(expected, actual)
        if score >= self.options["threshold"]:
            yield self.problem(form.loc("goals.actual"), "identical" if score >= 1.0 else None,
                               suggest=True, similarity=round(score * 100))
