"""PF509: an indicator's 得分 against the 10号 formula for its result."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._scoring import (SelfEvalRule, self_eval_options, EPS, SCORE_TOLERANCE, band_of, close, comparable, direction, expected_scores,
                       in_band, is_scored, matches_any, profile_of, round2, verdict)

VERDICT_LABEL = {"met": "达成", "partial": "部分达成", "missed": "未达成"}


class IndicatorScoreMismatch(SelfEvalRule):
    """An indicator's 得分 does not follow from its result: the proportional formula, or the band of its verdict.

    **Why**: The score of each row must be reproducible from the row itself; otherwise the total is opinion.

    **Source**: 财预〔2020〕10号 附件. Quantitative, ``≥``: met → full, else 实际完成值 / 年度指标值 × 分值.
    ``≤``: met → full, else 年度指标值 / 实际完成值 × 分值 or the linear rule reaching 0 at twice the target
    (the profile says which are accepted; national: both). Qualitative: 达成 [80%, 100%], 部分达成
    [60%, 80%), 未达成 [0, 60%) of 分值 (the 60% is 50% in the ``band-0.5`` profile). A full score on a miss
    is ``full-score-on-missed-target``'s; a score above 分值 is ``score-exceeds-weight``'s.

    **Options**: ``tolerance`` (points beyond the forms' rounding to two or one decimal, default 0.001),
    ``bands`` (object verdict → [low, high] shares, default: the profile's), ``profile``.

    **Bad** (3/4 × 10 = 7.5)::

        商务区人才活动  ≥4.00(场)  3.00(场)  10.00  5.00

    **Good**::

        商务区人才活动  ≥4.00(场)  3.00(场)  10.00  7.50
    """

    code = "PF509"
    name = "indicator-score-mismatch"
    title_zh = "指标得分与完成情况不符"
    title_en = "Score does not follow from the result"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：指标得分与其完成结果不符：不符合按比例计分的公式，或不在其完成档次的分数范围内。

    **为什么**：每一行的得分都必须能由该行本身复算出来；否则总分只是主观判断。

    **依据**：财预〔2020〕10号 附件。定量、``≥``：完成 → 满分，否则 实际完成值 / 年度指标值 × 分值。
    ``≤``：完成 → 满分，否则 年度指标值 / 实际完成值 × 分值，或在目标两倍处降为 0 的线性规则（评分配置决定
    接受哪些；全国配置：两者都接受）。定性：达成 [80%, 100%]，部分达成 [60%, 80%)，未达成 [0, 60%) 的分值
    （在 ``band-0.5`` 配置中 60% 为 50%）。未完成却得满分由 ``full-score-on-missed-target`` 报告；得分超过
    分值由 ``score-exceeds-weight`` 报告。

    **选项**：``tolerance``（表上舍入到两位或一位小数之外允许的分差，默认 0.001）、``bands``（完成情况 →
    [下限, 上限] 比例的对象，默认取评分配置）、``profile``。

    **错误示例**（3/4 × 10 = 7.5）::

        商务区人才活动  ≥4.00(场)  3.00(场)  10.00  5.00

    **正确示例**::

        商务区人才活动  ≥4.00(场)  3.00(场)  10.00  7.50
    """
    severity = "warning"
    source = "binding"
    options_schema = self_eval_options(
        tolerance={"type": "number", "minimum": 0, "default": SCORE_TOLERANCE},
        bands={
                "type": ["object", "null"], "default": None,
                "properties": {k: {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 1},
                                   "minItems": 2, "maxItems": 2} for k in VERDICT_LABEL},
                "additionalProperties": False,
            },
    )

    def check(self, form: Form) -> Iterable[Problem]:
        profile = profile_of(self)
        tol = self.options["tolerance"]
        for ind in form.indicators:
            if not is_scored(ind) or ind.score < -EPS or ind.score > ind.weight + EPS:
                continue
            v = verdict(ind)
            if v is None:
                continue
            full = close(ind.score, ind.weight, tol)
            common = dict(indicator=ind.name, score=ind.score, weight=ind.weight,
                          target=ind.target.raw if ind.target else "", actual=ind.actual.raw)
            if comparable(ind.target, ind.actual):
                allowed = expected_scores(ind, profile)
                if not allowed or full:
                    continue
                if matches_any(ind.score, allowed.values(), tol):
                    continue
                if v == "met":
                    yield self.problem(indicator_span(ind), "met", suggest=True, **common)
                elif direction(ind.target) == "up":
                    yield self.problem(indicator_span(ind), "up", suggest=True,
                                       expected=round2(allowed["ratio"]), **common)
                else:
                    parts = [f"{round2(allowed[k]):.2f}" for k in ("ratio", "linear") if k in allowed]
                    yield self.problem(indicator_span(ind), "down", suggest=True,
                                       expected="或".join(parts), **common)
                continue
            if v != "met" and full:
                continue
            low, high = band_of(profile, v, self.options["bands"])
            if not in_band(ind.score, ind.weight, v, low, high, tol):
                yield self.problem(indicator_span(ind), "band", suggest=True, verdict=VERDICT_LABEL[v],
                                   low=round2(low * ind.weight), high=round2(high * ind.weight),
                                   low_pct=round(low * 100), high_pct=round(high * 100), **common)
