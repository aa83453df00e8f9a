"""PF609: what a resubmitted form fixed, left open and brought new since its earlier version."""
from __future__ import annotations

from typing import Any, Iterable

from perflint.finding import Problem
from perflint.model import Form, Relation
from perflint.rule import ReviewRule

from ._history import latest


class ResubmissionSummary(ReviewRule):
    """A form sent back (退回修改) and submitted again: its findings against the earlier version's.

    **Why**: The reviewer of a resubmission wants to know first whether what was asked was done: how many
    problems are fixed, how many are still there, and what the edit brought new. Each finding of the form
    carries its status (新增 / 仍存在) in the reports, and the fixed ones are listed there (已修正).

    **Source**: review practice *(heuristic)*. The earlier version is the latest other version of the same
    project, kind and year (``--previous`` files or the store; a form identical to a stored one is the same
    version, not a resubmission). Findings are matched by rule and indicator, not by line (lines move when a
    form is edited); an indicator renamed between the versions is followed through the indicator pairs.

    **Bad**: (the report of a resubmission) 已修正 0 项，仍存在 4 项.

    **Good**: 已修正 4 项，仍存在 0 项，新增 0 项.
    """

    code = "PF609"
    name = "resubmission-summary"
    title_zh = "重新提交：与上次提交相比"
    title_en = "Resubmission compared with the earlier version"
    doc_zh = """**检查什么**：退回修改后重新提交的表：本次的问题与上次提交时的问题对照。

    **为什么**：审核重新提交的表，首先要看退回时提出的问题是否已改：改正了几项、还有几项、修改中又出现了什么。
    报告中每个问题都标有状态（新增 / 仍存在），已修正的问题单独列出。

    **依据**：审核实践 *（经验规则）*。上次提交指同一项目、同一类表、同一年度的最近另一版本（``--previous`` 文件或
    历史库；与已存版本完全相同的表视为同一版本，不算重新提交）。问题按规则和指标对应，不按行号（修改后行号会变）；
    两版之间改名的指标按指标配对跟踪。

    **错误示例**（重新提交后的报告）::

        已修正 0 项，仍存在 4 项

    **正确示例**::

        已修正 4 项，仍存在 0 项，新增 0 项
    """
    group = "history"
    source = "heuristic"
    severity = "info"

    def review(self, form: Form, findings: list[Any]) -> Iterable[Problem]:
        earlier = latest(form, Relation.EARLIER_VERSION)
        if earlier is None:
            return
        open_ = sum(1 for f in findings if f.status == "open")
        new = sum(1 for f in findings if f.status == "new")
        when = (earlier.recorded_at or "")[:16].replace("T", " ")
        variant = "all-fixed" if not open_ and not new and earlier.fixed else (
            "nothing-fixed" if not earlier.fixed and open_ else None)
        yield self.problem(form.loc("project"), variant=variant, path=earlier.path, when=when or "-",
                           fixed=len(earlier.fixed), open=open_, new=new,
                           codes="、".join(sorted({p.code for p in earlier.fixed})) or "-")
