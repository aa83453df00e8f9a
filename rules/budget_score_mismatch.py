"""PF502: the budget item's 得分 against 执行率 × 分值."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, SCORE_TOLERANCE, computed_exec_rate, matches_any, profile_of, round2


class BudgetScoreMismatch(SelfEvalRule):
    """The 预算执行率 得分 is not 执行率 × 分值 (capped at 分值).

    **Why**: The budget item's score is pure arithmetic; a different number changes the total and the grade.

    **Source**: 财预〔2020〕10号 附件: 预算执行率得分 = 执行率 × 分值 (10 分), at most 分值. Either the stated or the
    recomputed rate is accepted, rounded to two or one decimal or truncated to two (9.327 → 9.33, 9.3, 9.32).

    **Options**: ``tolerance`` (points beyond that rounding, default 0.001), ``profile``.

    **Bad**::

        110.00  110.00  102.60  10.00  93.27  10.00

    **Good**::

        110.00  110.00  102.60  10.00  93.27  9.33
    """

    code = "PF502"
    name = "budget-score-mismatch"
    title_zh = "预算执行率得分有误"
    title_en = "Budget score miscomputed"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：预算执行率得分不等于 执行率 × 分值（不超过分值）。

    **为什么**：预算执行的得分纯粹是算术；数字不同就会改变总分和等级。

    **依据**：财预〔2020〕10号 附件：预算执行率得分 = 执行率 × 分值（10 分），不超过分值。填报的执行率和
    复算的执行率都接受，可以四舍五入到两位或一位小数，或截断到两位（9.327 → 9.33、9.3、9.32）。

    **选项**：``tolerance``（上述舍入之外允许的分差，默认 0.001）、``profile``。
    """
    severity = "error"
    source = "binding"
    options_schema = self_eval_options(
        tolerance={"type": "number", "minimum": 0, "default": SCORE_TOLERANCE},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        se = form.self_eval
        if se is None or se.budget_score is None:
            return
        profile = profile_of(self)
        weight = se.budget_weight if se.budget_weight is not None else profile.budget_weight
        rates = [r for r in (se.exec_rate, computed_exec_rate(se, profile.exec_rate_denominator)) if r is not None]
        if not rates or weight <= 0:
            return
        candidates = [min(weight, max(0.0, r) / 100 * weight) for r in rates]
        if matches_any(se.budget_score, candidates, self.options["tolerance"]):
            return
        yield self.problem(form.loc("self_eval.budget"), suggest=True, stated=se.budget_score,
                           computed=round2(candidates[0]), rate=round(rates[0], 2), weight=weight)
