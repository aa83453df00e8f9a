"""PF501: the 执行率 a self-evaluation states against 全年执行数 / 全年预算数."""
from __future__ import annotations

from typing import Iterable

import re

from perflint.finding import Problem
from perflint.model import Form, SelfEval, Span
from perflint.scoring import DENOMINATORS

from ._scoring import SelfEvalRule, self_eval_options, DENOMINATOR_LABEL, close, computed_exec_rate, profile_of


_LABEL_PREFIX = re.compile(r"^\s*其中\s*[:：]\s*")


class ExecRateMismatch(SelfEvalRule):
    """The stated 执行率 differs from 全年执行数 / 全年预算数 × 100 by more than 0.1 percentage point.

    **Why**: The budget item earns 执行率 × 10 points, so a wrong rate moves the score; a rate that does not
    follow from the amounts on the same row is the first thing a reviewer recomputes.

    **Source**: 财预〔2020〕10号 附件: 预算执行率 = 全年执行数 / 全年预算数. Some provinces divide by 年初预算数
    (profile ``exec_rate_denominator``, or the option ``denominator``). When the stated rate matches the other
    denominator, the message says so. The funding lines (当年财政拨款, 上年结转资金, 其他资金) are checked the
    same way; a line with no budget is skipped.

    **Options**: ``tolerance`` (percentage points, default 0.1), ``denominator`` (``full_year`` / ``initial``;
    default: the profile's), ``profile``.

    **Bad** (102.60 / 110 = 93.27%)::

        年度资金总额: 110.00  110.00  102.60  10.00  95.00  9.50

    **Good**::

        年度资金总额: 110.00  110.00  102.60  10.00  93.27  9.33
    """

    code = "PF501"
    name = "exec-rate-mismatch"
    title_zh = "执行率计算有误"
    title_en = "Execution rate miscomputed"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：填报的执行率与 全年执行数 / 全年预算数 × 100 相差超过 0.1 个百分点。

    **为什么**：预算执行得分为 执行率 × 10 分，执行率错了得分就错了；与同一行金额对不上的执行率，是审核人
    首先要复算的。

    **依据**：财预〔2020〕10号 附件：预算执行率 = 全年执行数 / 全年预算数。有的省份以年初预算数为分母（评分
    配置 ``exec_rate_denominator``，或选项 ``denominator``）。填报的执行率与另一种分母相符时，提示中会说明。
    资金分项（当年财政拨款、上年结转资金、其他资金）按同样方法检查；没有预算数的分项跳过。

    **选项**：``tolerance``（百分点，默认 0.1）、``denominator``（``full_year`` / ``initial``；默认取评分
    配置）、``profile``。

    **错误示例**（102.60 / 110 = 93.27%）::

        年度资金总额: 110.00  110.00  102.60  10.00  95.00  9.50

    **正确示例**::

        年度资金总额: 110.00  110.00  102.60  10.00  93.27  9.33
    """
    severity = "error"
    source = "binding"
    options_schema = self_eval_options(
        tolerance={"type": "number", "minimum": 0, "default": 0.1},
        denominator={"enum": [*DENOMINATORS, None], "default": None},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        se = form.self_eval
        if se is None:
            return
        which = self.options["denominator"] or profile_of(self).exec_rate_denominator
        problem = self._compare(se, which, form.loc("self_eval.budget"))
        if problem is not None:
            yield problem
        for line in se.lines:
            part = SelfEval(budget_initial=line.get("initial"), budget_full_year=line.get("full_year"),
                            executed=line.get("executed"), exec_rate=line.get("exec_rate"))
            span = form.locations.get(f"funds.{line.get('name')}") or Span(line.get("line") or form.line, 1)
            label = _LABEL_PREFIX.sub("", line.get("label") or "")
            problem = self._compare(part, which, span, label)
            if problem is not None:
                yield problem

    def _compare(self, se: SelfEval, which: str, span: Span, line: str | None = None) -> Problem | None:
        tolerance = self.options["tolerance"]
        computed = computed_exec_rate(se, which)
        if se.exec_rate is None or computed is None or close(se.exec_rate, computed, tolerance):
            return None
        other = next(d for d in DENOMINATORS if d != which)
        alt = computed_exec_rate(se, other)
        variant = "other-denominator" if alt is not None and close(se.exec_rate, alt, tolerance) else None
        if line:
            variant = "line"
        return self.problem(span, variant, suggest=True, stated=se.exec_rate, computed=round(computed, 2),
                            denominator=DENOMINATOR_LABEL[which], other=DENOMINATOR_LABEL[other], line=line)
