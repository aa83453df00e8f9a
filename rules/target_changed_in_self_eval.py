"""PF605: a self-evaluation's 年度指标值 is not the target declared for that year."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form, Relation

from ._history import Change, HistoryRule, change, latest


class TargetChangedInSelfEval(HistoryRule):
    """A self-evaluation's 年度指标值 differs from the target declared for the same indicator and year.

    **Why**: A self-evaluation scores the year against the targets set before it. A target lowered in
    the self-evaluation (``≥600人`` declared, ``≥500人`` evaluated) turns a miss into a full score; any
    change needs the approved adjustment (绩效目标调整) behind it.

    **Source**: 财预〔2020〕10号 (自评 against the 年初设定的绩效目标). Compared with the target form of the
    same project and year (``--previous`` or the store), indicator by paired indicator; ``万元`` and ``元``
    compare, so ``≤24万元`` and ``≤240000元`` are the same target. Values that cannot be read on either side
    are not compared.

    **Bad** (declared ``≥600(人)``)::

        服务老人人数  ≥500(人)  520(人)  15.00  15.00

    **Good**::

        服务老人人数  ≥600(人)  520(人)  15.00  13.00  部分失能老人入住养老机构，上门服务需求减少
    """

    code = "PF605"
    name = "target-changed-in-self-eval"
    title_zh = "自评表指标值与申报目标不一致"
    title_en = "Self-evaluation target differs from the declared one"
    doc_zh = """**检查什么**：自评表的年度指标值与同一指标当年申报的目标不同。

    **为什么**：自评是对照年初设定的绩效目标打分。在自评表中降低目标（申报 ≥600人，自评写 ≥500人）会把未完成
    变成满分；任何改动都需要有经批准的绩效目标调整。

    **依据**：财预〔2020〕10号（对照年初设定的绩效目标开展自评）。与同一项目同一年度的申报表（``--previous``
    或历史库）逐个配对指标比较；万元与元可比较，≤24万元 与 ≤240000元 视为同一目标。任一方无法读取的值不比较。

    **错误示例**（申报目标为 ``≥600(人)``）::

        服务老人人数  ≥500(人)  520(人)  15.00  15.00

    **正确示例**::

        服务老人人数  ≥600(人)  520(人)  15.00  13.00  部分失能老人入住养老机构，上门服务需求减少
    """
    basis = "财预〔2020〕10号"
    source = "binding"
    severity = "warning"
    kinds = ("self_eval",)

    def check(self, form: Form) -> Iterable[Problem]:
        declared = latest(form, Relation.DECLARED)
        if declared is None:
            return
        for pair in declared.indicators:
            ch = change(pair.here.target, pair.there.target)
            if ch is None or ch is Change.SAME:
                continue
            variant = "looser" if ch is Change.LOOSER else None
            yield self.problem(indicator_span(pair.here, value=True), variant=variant, indicator=pair.here.name,
                               suggest=True, target=pair.here.target.raw, declared=pair.there.target.raw,
                               year=declared.form.year)
