"""Checks for two projects of one run that set nearly the same indicators."""
import hashlib

from perflint.model import Span
from perflint.rule import CrossFormRule, options

from ._common import squash


def row_key(ind) -> str | None:
    """A short hash of a row as compared across forms: its name and its target's meaning (≥85% = >=85%)."""
    t = ind.target
    name = squash(ind.name)
    if not name or t is None:
        return None
    if t.is_quantitative:
        value = f"{t.op or ''}{t.base_value if t.base_value is not None else t.value}{t.dimension or t.unit or ''}"
    else:
        value = squash(t.qualitative or t.raw).lstrip("=")
    return hashlib.sha1(f"{name}|{value}".encode("utf-8")).hexdigest()[:12]


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
    shares (``服务对象满意度 ≥85%``) do not make forms candidates by themselves. A pair is one problem,
    reported once, on the later form, naming the earlier project.

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
    doc_zh = """同一批次中两个不同项目设置的绩效指标几乎相同（多数三级指标的名称和指标值一致）。

**为什么**：绩效指标说明项目资金买到什么；两个项目逐行承诺相同的结果（样例 002：促进企业发展专项与企业经济服务
15 项指标中有 11 项相同），要么一张表是照抄另一张、不反映本项目，要么两笔预算为同一结果付费——可能重复安排资金，
审核人员需要问清。三级指标按名称（忽略空格）和指标值的含义比较（“≥85%”与“>=85.00%”相同）。两张表相同的指标
至少 ``min_shared`` 条、且至少占较小一张表指标数的 ``threshold`` 时报告；指标少于 ``min_shared`` 条的表不比较，
同一项目的两张表也不比较。每张表只保留各行的短哈希，任何规模的批次都可流式处理；批次中大部分表都有的指标
（“服务对象满意度 ≥85%”）本身不会使两张表成为候选。一对表是一个问题，只报告一次，标在后一张表上并写明前一个项目。

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
    # a row held by more than √(forms) of the run (and by more than COMMON_MIN forms) is common: it does not
    # make two forms candidates by itself, which keeps the pairs to compare few on a run of any size
    COMMON_MIN = 10

    def digest(self, form):
        rows = {k for k in map(row_key, form.indicators) if k}
        if len(rows) < self.options["min_shared"]:
            return None
        return {"project": squash(form.project) or None, "kind": form.kind, "rows": sorted(rows),
                "line": form.loc("indicators").line}

    def finish(self, digests):
        forms = [(ref, d, set(d["rows"])) for ref, d in digests]
        holders: dict[str, list[int]] = {}
        for n, (_, _, rows) in enumerate(forms):
            for k in rows:
                holders.setdefault(k, []).append(n)
        common = max(self.COMMON_MIN, len(forms) ** 0.5)
        candidates = set()
        for members in holders.values():
            if 1 < len(members) <= common:
                candidates.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
        for a, b in sorted(candidates):
            yield from self.compare(forms[a], forms[b])

    def compare(self, first, second):
        (ref_a, a, rows_a), (ref_b, b, rows_b) = first, second
        if a["kind"] != b["kind"] or (a["project"] and a["project"] == b["project"]):
            return
        shared = len(rows_a & rows_b)
        smaller = min(len(rows_a), len(rows_b))
        if shared < self.options["min_shared"] or shared < self.options["threshold"] * smaller:
            return
        key = ((ref_a["path"], ref_a["index"]), (ref_b["path"], ref_b["index"]))
        for ref, d, other in ((ref_a, a, ref_b), (ref_b, b, ref_a)):
            yield ref, self.problem(Span(d["line"], 1), key=key, suggest=True, other=other.get("project") or "", shared=shared,
                                    total=smaller, project=ref.get("project") or "")
