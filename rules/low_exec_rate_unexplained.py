"""PF515: an execution rate below the profile's minimum with no explanation."""
from __future__ import annotations

import re
from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, EPS, exec_rate, is_empty_reason, is_exec_rate_indicator, profile_of, round2

# words that show a text talks about the money not spent
_MONEY_TALK = re.compile(r"执行率|执行进度|支出进度|结余|结转|未支付|未执行|尚未支付|未拨付|资金使用")


class LowExecRateUnexplained(SelfEvalRule):
    """执行率 is below the profile's minimum (四川: 90 %) and nothing on the form explains it.

    **Why**: Provinces that require it want the unspent money accounted for: a late tender, savings, a
    cancelled item. Off in the national profile.

    **Source**: provincial self-evaluation rules (profile ``min_exec_rate``; 四川 90 %) *(heuristic)*. The
    self-evaluation table has no column for it, so an explanation counts when a 预算执行率 indicator has a
    偏差原因, or a 偏差原因 or 实际完成情况 talks about the money (执行率, 结余, 未支付 …).

    **Options**: ``min_rate`` (percent; default: the profile's), ``profile``.

    **Bad** (``profile = "sichuan"``; nothing on the form says where the 20 万元 went)::

        年度资金总额:  100.00  100.00  80.00  10.00  80.00  8.00

    **Good** (the same budget block, and)::

        预算执行率  ≥90(%)  80(%)  …  设备采购尾款20万元按合同于次年验收后支付
    """

    code = "PF515"
    name = "low-exec-rate-unexplained"
    title_zh = "执行率偏低未说明原因"
    title_en = "Low execution rate unexplained"
    basis = ""
    doc_zh = """**检查什么**：执行率低于评分配置的下限（四川：90%），而表中没有任何说明。

    **为什么**：有此要求的省份希望说清楚未花出去的钱：招标延迟、节约、取消的事项。全国配置中不启用。

    **依据**：省级自评规则（评分配置 ``min_exec_rate``；四川 90%）（经验规则）。自评表没有专门的栏目，因此
    预算执行率指标有偏差原因，或某个偏差原因或实际完成情况谈到资金（执行率、结余、未支付……）时，即算作有
    说明。

    **选项**：``min_rate``（百分比；默认取评分配置）、``profile``。

    **错误示例**（``profile = "sichuan"``；表中没有说明 20 万元的去向）::

        年度资金总额:  100.00  100.00  80.00  10.00  80.00  8.00

    **正确示例**（同样的预算数据，另有）::

        预算执行率  ≥90(%)  80(%)  …  设备采购尾款20万元按合同于次年验收后支付
    """
    severity = "warning"
    source = "heuristic"
    options_schema = self_eval_options(
        min_rate={"type": ["number", "null"], "minimum": 0, "maximum": 100, "default": None},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        se = form.self_eval
        if se is None:
            return
        profile = profile_of(self)
        minimum = self.options["min_rate"]
        if minimum is None:
            minimum = profile.min_exec_rate
        rate = exec_rate(se, profile.exec_rate_denominator)
        if minimum is None or rate is None or rate >= minimum - EPS or _explained(form):
            return
        yield self.problem(form.loc("self_eval.budget"), suggest=True, rate=round2(rate), minimum=minimum)


def _explained(form: Form) -> bool:
    for ind in form.indicators:
        if is_empty_reason(ind.deviation_reason):
            continue
        if is_exec_rate_indicator(ind) or _MONEY_TALK.search(ind.deviation_reason or ""):
            return True
    return bool(_MONEY_TALK.search(form.goals.get("actual") or ""))
