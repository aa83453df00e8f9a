"""Checks for two projects of one run that set nearly the same indicators."""
import hashlib
from collections import Counter

from perflint.model import Span
from perflint.rule import CrossFormRule, options

from ._common import is_management, squash


def row_key(ind) -> int | None:
    """A short hash of a row as compared across forms (48 bits, an int: a run keeps one per row of every
    form): its name and its target's meaning (≥85% = >=85%)."""
    t = ind.target
    name = squash(ind.name)
    if not name or t is None:
        return None
    if t.is_quantitative:
        value = f"{t.op or ''}{t.base_value if t.base_value is not None else t.value}{t.dimension or t.unit or ''}"
    else:
        value = squash(t.qualitative or t.raw).lstrip("=")
    return int.from_bytes(hashlib.sha1(f"{name}|{value}".encode("utf-8")).digest()[:6], "big")


class IndicatorsSharedAcrossProjects(CrossFormRule):
    """Two different projects of the batch set nearly the same indicators (same names and values for most rows).

    **Why**: indicators say what a project's money buys; when two projects promise the same results
    row for row (seed 002: 促进企业发展专项 and 企业经济服务 share 11 of 15 indicators), either one form was
    copied from the other and does not describe its project, or the two budgets pay for the same
    result: possible double funding, which a reviewer must ask about. Rows are compared by name
    (spaces ignored) and target meaning (``≥85%`` and ``>=85.00%`` are the same). Reported when at least
    ``min_shared`` rows are shared and they are at least ``threshold`` of the smaller form's rows; forms
    with fewer than ``min_shared`` rows are not compared, nor two forms of one project. Each form keeps
    only short hashes of its rows, so a run of any size streams; rows that a large part of the run
    shares (``服务对象满意度 ≥85%``; more than √forms, and more than 10, of them) and the 上海 2020
    投入与管理 block (the same by template) are left out of the comparison. A form is reported once, on
    itself, naming the earlier projects it shares most of its rows with: the earlier form of a pair is
    not reported again.

    **Source**: 财预〔2015〕88号 on relevance; 预算评审 on duplicated funding (heuristic)

    **Options**: ``threshold`` (0.6), ``min_shared`` (5).

    **Bad**::

        项目名称  促进企业发展专项  补贴资格审核完成率 =100%, 扶持项目计划完成率 =100%, …
        项目名称  企业经济服务      补贴资格审核完成率 =100%, 扶持项目计划完成率 =100%, …

    **Good**::

        each project states the results its own money buys
    """

    code = "PF406"
    name = "indicators-shared-across-projects"
    title_zh = "两个项目的绩效指标几乎相同"
    title_en = "Two projects with near-identical indicators"
    doc_zh = """**检查什么**：同一批次中两个不同项目设置的绩效指标几乎相同（多数三级指标的名称和指标值一致）。

**为什么**：绩效指标说明项目资金买到什么；两个项目逐行承诺相同的结果（样例 002：促进企业发展专项与企业经济服务
15 项指标中有 11 项相同），要么一张表是照抄另一张、不反映本项目，要么两笔预算为同一结果付费——可能重复安排资金，
审核人员需要问清。三级指标按名称（忽略空格）和指标值的含义比较（“≥85%”与“>=85.00%”相同）。两张表相同的指标
至少 ``min_shared`` 条、且至少占较小一张表指标数的 ``threshold`` 时报告；指标少于 ``min_shared`` 条的表不比较，
同一项目的两张表也不比较。每张表只保留各行的短哈希，任何规模的批次都可流式处理；批次中大部分表都有的指标
（“服务对象满意度 ≥85%”；超过表数平方根且超过 10 张表都有）和上海 2020 模板的投入与管理指标（模板固定相同）不参与
比较。每张表只报告一次，标在后一张表上，写明与之大部分指标相同的前面的项目；一对表中前一张表不再重复报告。

**依据**：财预〔2015〕88号 关于相关性；预算评审关于重复安排资金（经验规则）

**选项**：``threshold``（0.6）、``min_shared``（5）。

**错误示例**::

    项目名称  促进企业发展专项  补贴资格审核完成率 =100%，扶持项目计划完成率 =100%，……
    项目名称  企业经济服务      补贴资格审核完成率 =100%，扶持项目计划完成率 =100%，……

**正确示例**::

    每个项目写明本项目资金买到的结果
"""
    basis = "财预〔2015〕88号"
    severity = "warning"
    group = "goals"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        threshold={"type": "number", "minimum": 0, "maximum": 1, "default": 0.6},
        min_shared={"type": "integer", "minimum": 1, "default": 5},
    )
    # a row held by more than √(forms) of the run (and by more than COMMON_MIN forms) is common to the batch
    # (服务对象满意度 ≥85%): it is left out of every comparison, which also keeps the pairs to compare few
    COMMON_MIN = 10
    MAX_LISTED = 3

    def digest(self, form):
        rows = {k for k in (row_key(ind) for ind in form.indicators if not is_management(ind)) if k is not None}
        if len(rows) < self.options["min_shared"]:
            return None
        return {"project": squash(form.project) or None, "kind": form.kind, "rows": tuple(sorted(rows)),
                "line": form.loc("indicators").line}

    def finish(self, digests):
        holders: dict[int, list[int]] = {}
        for n, (_, d) in enumerate(digests):
            for k in d["rows"]:
                holders.setdefault(k, []).append(n)
        common = max(self.COMMON_MIN, len(digests) ** 0.5)
        # each form's rows that tell projects apart, and the earlier forms holding each such row
        sizes = [sum(1 for k in d["rows"] if len(holders[k]) <= common) for _, d in digests]
        telling = {k: members for k, members in holders.items() if 1 < len(members) <= common}
        del holders
        for b, (_, d) in enumerate(digests):
            shared: Counter = Counter()
            for k in d["rows"]:
                for a in telling.get(k, ()):
                    if a >= b:        # holders are in run order: the rest are later forms
                        break
                    shared[a] += 1
            matches = [(n, a) for a, n in sorted(shared.items()) if self.enough(digests, sizes, a, b, n)]
            if matches:
                yield self.report(digests, sizes, b, matches)

    def enough(self, digests, sizes, a: int, b: int, shared: int) -> bool:
        """Whether forms a and b, sharing ``shared`` telling rows, are reported: two projects of one kind,
        enough rows, and enough of the smaller form's rows."""
        (_, da), (_, db) = digests[a], digests[b]
        if da["kind"] != db["kind"] or (da["project"] and da["project"] == db["project"]):
            return False
        return shared >= self.options["min_shared"] and shared >= self.options["threshold"] * min(sizes[a], sizes[b])

    def report(self, digests, sizes, b: int, matches):
        """One finding on the later form b, naming the earlier projects it shares most of its rows with."""
        ref, d = digests[b]
        matches.sort(key=lambda m: (-m[0], m[1]))
        shared, best = matches[0]
        names = [digests[a][0].get("project") or "" for _, a in matches[: self.MAX_LISTED]]
        others = "、".join(names) + ("等" if len(matches) > self.MAX_LISTED else "")
        return ref, self.problem(Span(d["line"], 1), suggest=True, other=others, shared=shared,
                                 total=min(sizes[b], sizes[best]), project=ref.get("project") or "")
