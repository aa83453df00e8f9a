"""PF510: a missed target or a deducted score with no 偏差原因分析及改进措施."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, EPS, SCORE_TOLERANCE, is_empty_reason, is_scored, verdict


class MissingDeviationReason(SelfEvalRule):
    """A row that missed its target or lost points has an empty 偏差原因 (or only ``无``, ``/``).

    **Why**: The deviation analysis is what the self-evaluation is for: the reviewer needs to know why the
    target was missed and what will change next year.

    **Source**: 财预〔2020〕10号 附件 (偏差原因分析及改进措施 栏: 未完成的须说明原因及改进措施). Placeholders that
    explain nothing (``无``, ``/``, ``-``, ``无偏差`` …) are listed in ``scoring.json`` (``empty_reasons``).

    **Options**: ``tolerance`` (a score this close to 分值 is not a deduction, default 0.001), ``profile``.

    **Bad**::

        商务区人才活动  ≥4.00(场)  3.00(场)  10.00  7.50  无

    **Good**::

        商务区人才活动  ≥4.00(场)  3.00(场)  10.00  7.50  受场地改造影响一场活动取消，下年度提前锁定场地
    """

    code = "PF510"
    name = "missing-deviation-reason"
    title_zh = "缺少偏差原因分析"
    title_en = "Missing deviation reason"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：未完成目标或被扣分的行，偏差原因为空（或只写了 ``无``、``/``）。

    **为什么**：偏差分析正是自评的目的：审核人需要知道目标为什么没有完成、下一年要改变什么。

    **依据**：财预〔2020〕10号 附件（偏差原因分析及改进措施 栏：未完成的须说明原因及改进措施）。说明不了任何
    问题的填写（``无``、``/``、``-``、``无偏差``……）列在 ``scoring.json``（``empty_reasons``）中。

    **选项**：``tolerance``（与分值相差在此范围内的得分不算扣分，默认 0.001）、``profile``。
    """
    severity = "warning"
    source = "binding"
    options_schema = self_eval_options(
        tolerance={"type": "number", "minimum": 0, "default": SCORE_TOLERANCE},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        for ind in form.indicators:
            if not is_empty_reason(ind.deviation_reason):
                continue
            v = verdict(ind)
            deducted = is_scored(ind) and ind.score < ind.weight - self.options["tolerance"] - EPS
            if v in ("missed", "partial"):
                yield self.problem(indicator_span(ind), "missed", indicator=ind.name,
                                   target=ind.target.raw if ind.target else "", actual=ind.actual.raw)
            elif deducted:
                yield self.problem(indicator_span(ind), "deducted", indicator=ind.name,
                                   score=ind.score, weight=ind.weight)
