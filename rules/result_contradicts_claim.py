"""PF517: a self-evaluation whose scores claim what its own 实际完成情况 text denies."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._common import bigrams, clean
from ._promises import comparable_amounts, falls_short, pair, quantities, results
from ._scoring import (SelfEvalRule, close, is_empty_reason, is_scored, profile_of, self_eval_options,
                       word_verdict)


class ResultContradictsClaim(SelfEvalRule):
    """The self-evaluation claims success that its own 实际完成情况 text denies.

    **Why**: the 实际完成情况 of the 年度总体目标 is written by the unit itself; when it admits numbers below
    what the 预期目标 promised (``收集企业诉求14次`` against ``收集企业诉求不少于500家次``) while 总分 is 90 or
    more (优), or while a row that measures the same thing says ``达成指标`` or has its full 分值, the scores
    were set without reading the results. Two cases: the form (the base message) — 总分 ≥ ``min_total``
    (or the profile's top grade) and 实际完成情况 reports, for a promise of 预期目标, a result that misses it
    while no row that measures it lost points or explains the shortfall and the results of that sentence
    about the same thing (two character pairs shared with the promise) do not add up to it (``惠及困难残疾人3920人、重度残疾人4810人`` against ``8600人``) (one finding on
    实际完成情况, listing up to ``max_listed``); ``row`` — a row with a quantitative 年度指标值 whose 实际完成值 is a
    verdict word (``达成指标``) or that has its full 分值 with no comparable number, while 实际完成情况
    reports a result for it that misses the target (the finding is on the row's result, and replaces
    ``actual-unit-mismatch``'s and ``actual-missing``'s there). A promise or a row is paired with a
    reported result only when exactly one result's clause shares at least three character pairs with it
    and measures the same thing (次 and 家次; 家 and 份 are not compared); a result written as a bound
    (``不少于30家目标``) restates the target and is not a result; totals over several years are not
    compared. A number below the target with its own full score is ``full-score-on-missed-target``'s.

    **Source**: 财预〔2020〕10号 附件 (自评应如实反映绩效目标完成情况) (heuristic)

    **Options**: ``min_total`` (90), ``max_listed`` (3), ``profile``.

    **Bad**::

        预期目标      收集企业诉求不少于500家次
        实际完成情况  通过活动问卷的形式收集企业诉求14次
        总分  100.00   评分等级  优

    **Good**::

        实际完成情况  收集企业诉求14次（问卷回收不足，已改为上门走访）
        总分  86.50    评分等级  良      (the shortfall cost points)
    """

    code = "PF517"
    name = "result-contradicts-claim"
    title_zh = "自评结论与实际完成情况矛盾"
    title_en = "Self-evaluation claims against its own results"
    doc_zh = """**检查什么**：自评表宣称的完成情况与其自己填写的实际完成情况相矛盾。

**为什么**：年度总体目标的实际完成情况由单位自己填写；其中承认的数字低于预期目标的承诺（“收集企业诉求14次”对
“收集企业诉求不少于500家次”），总分却在 90 分以上（优），或衡量同一事项的指标写着“达成指标”、得满分，说明评分
没有对照结果。两种情况：整表（基本消息）—— 总分 ≥ ``min_total``（或达到评分办法的最高等级），而实际完成情况对预期
目标的某项承诺报告了未达到的结果，且衡量该承诺的指标既未扣分也未说明偏差、同一句中的各项结果相加也未达到（“惠及困难残疾人3920人、重度残疾人4810人”对“8600人”）（标在实际完成情况上，每张表
一条，最多列出 ``max_listed`` 项）；``row`` —— 年度指标值为定量、实际完成值只写判断词（“达成指标”）或无可比数字却得满分的
指标，实际完成情况报告的对应结果未达到指标值（标在该行的实际完成值上，并代替 ``actual-unit-mismatch``、
``actual-missing`` 在该处的报告）。只有恰好一个结果所在分句与承诺或指标至少共有三个相邻字对、且计量对象相同（次与
家次可比；家与份不可比）时才配对；写成界限的结果（“不少于30家目标”）是重复目标，不算结果；多年合计不比较。数字
低于指标值却得满分的情况由 ``full-score-on-missed-target`` 报告。

**依据**：财预〔2020〕10号 附件（自评应如实反映绩效目标完成情况）（经验规则）

**选项**：``min_total``（90）、``max_listed``（3）、``profile``。

**错误示例**::

    预期目标      收集企业诉求不少于500家次
    实际完成情况  通过活动问卷的形式收集企业诉求14次
    总分  100.00   评分等级  优

**正确示例**::

    实际完成情况  收集企业诉求14次（问卷回收不足，已改为上门走访）
    总分  86.50    评分等级  良      （未完成部分已扣分）
"""
    basis = "财预〔2020〕10号"
    severity = "warning"
    # a row that says 达成指标 against its own text: this finding, not also that the result is no number
    supersedes = ("actual-unit-mismatch", "actual-missing")
    source = "heuristic"
    options_schema = self_eval_options(
        min_total={"type": "number", "minimum": 0, "default": 90},
        max_listed={"type": "integer", "minimum": 1, "default": 3},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        reported = results(form.goals.get("actual"))
        if form.self_eval is None or not reported:
            return
        flagged = list(self.rows(form, reported))
        for _, problem in flagged:
            yield problem
        if not self.claims_top(form):
            return
        done = {id(ind) for ind, _ in flagged}
        misses = []
        for promise in quantities(form.goals.get("annual")):
            if promise.multi_year:
                continue
            same = [r for r in reported if comparable_amounts(promise, r)]
            result = pair(promise.context, [(r.context, r) for r in same])
            if result is None or not falls_short(promise.annual, promise.op, result.annual):
                continue
            # 惠及困难残疾人3920人、重度残疾人4810人 against 8600人: the parts of one sentence about the same
            # thing (sharing two character pairs with the promise) add up
            parts = sum(r.annual for r in same
                        if r.sentence == result.sentence and len(r.context & promise.context) >= 2)
            if falls_short(promise.annual, promise.op, parts) and not accounted(promise, form.indicators, done):
                misses.append(f"“{promise.phrase}”→“{result.phrase}”")
        if misses:
            se = form.self_eval
            most = self.options["max_listed"]
            listed = "；".join(misses[:most]) + ("…" if len(misses) > most else "")
            yield self.problem(form.loc("goals.actual"), suggest=True, total=se.total_score or 0,
                               grade=se.grade or "", count=len(misses), misses=listed)

    def claims_top(self, form: Form) -> bool:
        se = form.self_eval
        top = profile_of(self).grades[0][0]
        return (se.total_score is not None and se.total_score >= self.options["min_total"]) or \
            (se.grade is not None and se.grade in (top, top + "秀"))

    def rows(self, form: Form, reported) -> Iterable[tuple]:
        """(row, problem) for each row that claims what the results deny."""
        for ind in form.indicators:
            t = ind.target
            if t is None or not t.is_quantitative or t.base_value is None or not self.claims_met(ind):
                continue
            result = pair(frozenset(bigrams(ind.name)), [(r.context, r) for r in reported
                                                               if comparable_amounts(t, r)])
            if result is not None and falls_short(t.base_value, t.op, result.annual):
                yield ind, self.problem(ind.actual_span or indicator_span(ind, value=True), "row", indicator=ind.name,
                                        suggest=True, name=ind.name, target=clean(t.raw),
                                        actual=clean(ind.actual.raw) if ind.actual else "", result=result.phrase)

    @staticmethod
    def claims_met(ind) -> bool:
        """达成指标 in 实际完成值, or the full 分值 with no number to judge it by."""
        actual = ind.actual
        if actual is not None and not actual.is_quantitative \
                and word_verdict(actual.qualitative or actual.raw) == "met":
            return True
        no_number = actual is None or not actual.is_quantitative
        return no_number and is_scored(ind) and close(ind.score, ind.weight)


def accounted(promise, indicators, flagged=frozenset()) -> bool:
    """Whether the row that measures the promise already shows the shortfall (it lost points or explains
    it) or is reported for it on its own (``flagged``: ids of rows of the ``row`` case)."""
    rows = [(ind.name, ind) for ind in indicators if is_scored(ind)]
    ind = pair(promise.context, rows)
    return ind is not None and (id(ind) in flagged or ind.score < ind.weight - 1e-9
                                or not is_empty_reason(ind.deviation_reason))
