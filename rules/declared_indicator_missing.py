"""PF606: an indicator declared for the year is missing from its self-evaluation."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem
from perflint.model import Form
from perflint.rule import options

from ._history import HistoryRule, declared_pairing


class DeclaredIndicatorMissing(HistoryRule):
    """An indicator of the declared target form has no counterpart in the self-evaluation.

    **Why**: Leaving a declared indicator out of the self-evaluation drops a target the project may have
    missed, and raises the score of the rest; every declared indicator is to be evaluated.

    **Source**: 财预〔2020〕10号 (自评 covers the 年初设定的绩效目标). Compared with the target form of the same
    project and year, indicators paired by name or near name of the same dimension. When fewer than
    ``min_paired`` (half) of the declared indicators pair at all, the two forms are too different to say
    what is missing (another template, or a pairing to check) and nothing is reported.

    **Options**: ``min_paired`` (0.5).

    **Bad** (declared: 服务老人人数, 每月上门服务次数, 服务记录完整率 …)::

        服务老人人数  ≥600(人)  620(人)
        服务记录完整率  ≥95(%)  97(%)

    **Good**::

        服务老人人数  ≥600(人)  620(人)
        每月上门服务次数  ≥4(次)  4(次)
        服务记录完整率  ≥95(%)  97(%)
    """

    code = "PF606"
    name = "declared-indicator-missing"
    title_zh = "申报的指标未在自评表中出现"
    title_en = "Declared indicator missing from the self-evaluation"
    doc_zh = """**检查什么**：当年申报表中的指标在自评表中没有对应指标。

    **为什么**：自评时漏掉申报的指标，等于删去了可能未完成的目标，并抬高其余指标的得分；申报的每个指标都应自评。

    **依据**：财预〔2020〕10号（自评覆盖年初设定的绩效目标）。与同一项目同一年度的申报表比较，按名称或同一量纲的
    近似名称配对。申报指标中能配对的不足 ``min_paired``（一半）时，两表差别过大，无法判断缺了什么，不报告。

    **选项**：``min_paired``（0.5）。

    **错误示例**（申报的指标：服务老人人数、每月上门服务次数、服务记录完整率 …）::

        服务老人人数  ≥600(人)  620(人)
        服务记录完整率  ≥95(%)  97(%)

    **正确示例**::

        服务老人人数  ≥600(人)  620(人)
        每月上门服务次数  ≥4(次)  4(次)
        服务记录完整率  ≥95(%)  97(%)
    """
    basis = "财预〔2020〕10号"
    source = "binding"
    severity = "warning"
    kinds = ("self_eval",)
    options_schema = options(
        min_paired={"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        declared = declared_pairing(form, self.options["min_paired"])
        if declared is None:
            return
        span = form.loc("indicators")
        for ind in declared.unpaired_there:
            yield self.problem(span, indicator=ind.name, suggest=True, name=ind.name, year=declared.form.year,
                               target=ind.target.raw if ind.target is not None else "-")
