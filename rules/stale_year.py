"""PF604: a sentence copied from last year's form still names last year."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form, Relation
from perflint.rule import options

from ._common import short
from ._history import HistoryRule, latest, stale_years

# the goal fields each kind of form states this year's work in (the total goal spans the project's years)
FIELDS = {"target": ("annual",), "self_eval": ("annual", "actual")}


class StaleYear(HistoryRule):
    """A goal sentence copied from last year's form still names last year (``2025年`` in a 2026 form).

    **Why**: A form copied from last year with only the heading's year changed keeps last year's dates in
    its text: the goal then promises work for a year that is over. A reviewer reads it as a copy and sends
    the form back.

    **Source**: review practice *(heuristic)*. Looked at: the 年度总体目标 (and in a self-evaluation the
    实际完成情况), sentence by sentence; a sentence is reported when it names a year before the form's and
    last year's form of the same kind has a sentence as alike as ``threshold`` (0.9) naming that same year.
    A period (``2024年至2026年``, ``2024-2026年``) is not a stale year; neither is an earlier year in a
    sentence written anew (``在2025年基础上``).

    **Options**: ``threshold`` (0.9).

    **Bad** (a 2026 form)::

        年度总体目标  2025年为600名失能老人提供上门照护服务 …

    **Good**::

        年度总体目标  2026年为650名失能老人提供上门照护服务 …
    """

    code = "PF604"
    name = "stale-year"
    title_zh = "沿用上年文字中的年份"
    title_en = "Stale year copied from last year"
    doc_zh = """**检查什么**：目标中的句子写着较早的年份（2026 年的表中写“2025年”），且该句连同年份出现在同一项目上年的表中。

    **为什么**：照搬上年表格、只改了表头年份的，正文里会留下上年的日期，目标承诺的是已经过去的一年。审核时会
    视为照搬而退回。

    **依据**：审核实践 *（经验规则）*。检查年度总体目标（自评表另查实际完成情况），逐句比较：句中年份早于本表
    年度、且上年同类表中有相似度达到 ``threshold``（0.9）并写着同一年份的句子时报告。时间段（2024年至2026年、
    2024-2026年）不算；重新撰写的句子中出现较早年份（在2025年基础上）也不算。

    **选项**：``threshold``（0.9）。

    **错误示例**（2026 年的表）::

        年度总体目标  2025年为600名失能老人提供上门照护服务 …

    **正确示例**::

        年度总体目标  2026年为650名失能老人提供上门照护服务 …
    """
    severity = "warning"
    options_schema = options(
        threshold={"type": "number", "minimum": 0, "maximum": 1, "default": 0.9},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        relation = Relation.PREVIOUS_TARGET if form.kind == "target" else Relation.PREVIOUS_SELF_EVAL
        last = latest(form, relation)
        if last is None or form.year is None:
            return
        for field in FIELDS[form.kind]:
            found = stale_years(form.goals.get(field), last.form.goals.get(field), form.year,
                                self.options["threshold"])
            if found:
                years = "、".join(f"{y}年" for y in sorted({y for y, _ in found}))
                yield self.problem(form.loc(f"goals.{field}"), suggest=True, years=years, year=form.year,
                                   last_year=last.form.year, excerpt=short(found[0][1], 40))
