"""PF516: an indicator 预算执行率 whose 实际完成值 disagrees with the budget block's own numbers."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, close, computed_exec_rate, is_exec_rate_indicator, profile_of


class ExecRateIndicatorMismatch(SelfEvalRule):
    """An indicator 预算执行率 reports an 实际完成值 other than the rate of the 项目资金 block.

    **Why**: The same form states the execution rate twice: once computed from the amounts, once as an
    indicator. When they disagree one of them is wrong, and the indicator is usually typed by hand.
    (Listing 预算执行率 as an indicator at all double-counts it; that is a structure rule's finding.)

    **Source**: 财预〔2020〕10号 (预算执行率 = 全年执行数 / 全年预算数); our check *(heuristic)*. The default
    tolerance of 0.5 percentage point accepts an indicator rounded to a whole percent (93.27 → 93.00) and
    flags one that is not (96.84 → 96.00).

    **Options**: ``tolerance`` (percentage points, default 0.5), ``profile``.

    **Bad** (budget block 121.05 / 125.00 = 96.84%)::

        预算执行率  ≥90.00(%)  96.00(%)  10.00  10.00

    **Good** (or ``97.00(%)``)::

        预算执行率  ≥90.00(%)  96.84(%)  10.00  10.00
    """

    code = "PF516"
    name = "exec-rate-indicator-mismatch"
    title_zh = "预算执行率指标与资金执行率不符"
    title_en = "Execution-rate indicator disagrees with the budget block"
    basis = "财预〔2020〕10号"
    doc_zh = """**检查什么**：预算执行率指标填报的实际完成值与项目资金部分的执行率不同。

    **为什么**：同一张表把执行率写了两次：一次由金额计算，一次作为指标。两者不一致时必有一个错误，而指标
    通常是手工填写的。（把预算执行率列为指标本身就是重复计算，那是结构类规则的问题。）

    **依据**：财预〔2020〕10号（预算执行率 = 全年执行数 / 全年预算数）；本项检查为经验规则。默认容差 0.5 个
    百分点，接受取整到整数百分比的指标（93.27 → 93.00），报告不是取整的（96.84 → 96.00）。

    **选项**：``tolerance``（百分点，默认 0.5）、``profile``。

    **错误示例**（预算数据 121.05 / 125.00 = 96.84%）::

        预算执行率  ≥90.00(%)  96.00(%)  10.00  10.00

    **正确示例**（或 ``97.00(%)``）::

        预算执行率  ≥90.00(%)  96.84(%)  10.00  10.00
    """
    severity = "warning"
    source = "heuristic"
    options_schema = self_eval_options(
        tolerance={"type": "number", "minimum": 0, "default": 0.5},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        se = form.self_eval
        if se is None:
            return
        rate = computed_exec_rate(se, profile_of(self).exec_rate_denominator)
        if rate is None:
            rate = se.exec_rate
        if rate is None:
            return
        for ind in form.indicators:
            actual = ind.actual
            if not is_exec_rate_indicator(ind) or actual is None or not actual.is_quantitative:
                continue
            if actual.value is None or (actual.dimension not in (None, "percent")):
                continue
            if not close(actual.value, rate, self.options["tolerance"]):
                span = ind.actual_span or indicator_span(ind, value=True)
                yield self.problem(span, indicator=ind.name, suggest=True,
                                   stated=actual.value, computed=round(rate, 2))
