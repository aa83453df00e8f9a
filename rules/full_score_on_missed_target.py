"""PF508: the full 分值 given to a row whose target was not met."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form


from ._scoring import SelfEvalRule, self_eval_options, EPS, close, comparable, expected_scores, is_scored, matches_any, profile_of, verdict


class FullScoreOnMissedTarget(SelfEvalRule):
    """A row whose 实际完成值 misses its 年度指标值 (or says 未达成 / 部分达成) still gets the full 分值.

    **Why**: Self-scoring is only credible when a missed target costs points; a full score on a miss is the
    clearest sign the scores were filled in without looking at the results.

    **Source**: 财预〔2020〕10号 附件: 未完成的按比例 / 按档次扣分. A miss so small that the formula still rounds
    to the full score (89.99% of ≥90%) is not reported. Scores for hits and partial scores are
    ``indicator-score-mismatch``'s.

    **Options**: ``profile`` (which ``≤`` formulas count).

    **Bad**::

        区域企业大数据报告  ≥4.00(份)  3.00(份)  25.00  25.00

    **Good**::

        区域企业大数据报告  ≥4.00(份)  3.00(份)  25.00  18.75  一季度报告因数据源调整延期…
    """

    code = "PF508"
    name = "full-score-on-missed-target"
    title_zh = "未完成指标却得满分"
    title_en = "Full score on a missed target"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：实际完成值未达到年度指标值（或写明未达成 / 部分达成）的行仍得满分。

    **为什么**：只有未完成目标要扣分，自评才可信；未完成却得满分，最清楚地说明分数是没看结果就填的。

    **依据**：财预〔2020〕10号 附件：未完成的按比例 / 按档次扣分。差距小到按公式计算仍四舍五入为满分的
    （≥90% 完成 89.99%）不报告。完成时的得分和部分得分由 ``indicator-score-mismatch`` 判断。

    **选项**：``profile``（哪些 ``≤`` 计分公式有效）。
    """
    severity = "error"
    source = "binding"
    options_schema = self_eval_options()

    def check(self, form: Form) -> Iterable[Problem]:
        for ind in form.indicators:
            v = verdict(ind)
            if v not in ("missed", "partial") or not is_scored(ind):
                continue
            if ind.score > ind.weight + EPS or not close(ind.score, ind.weight):
                continue
            if comparable(ind.target, ind.actual):
                allowed = expected_scores(ind, profile_of(self))
                if allowed and matches_any(ind.score, allowed.values()):
                    continue
                variant = None
            else:
                variant = "partial" if v == "partial" else "qualitative"
            yield self.problem(indicator_span(ind), variant, indicator=ind.name,
                               target=ind.target.raw if ind.target else "", actual=ind.actual.raw,
                               weight=ind.weight)
