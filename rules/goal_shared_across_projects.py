"""Checks for the same goal text used by two different projects of one run."""
import hashlib

from perflint.model import Span
from perflint.rule import CrossFormRule, options

from ._common import normalise_goal, short, squash


class GoalSharedAcrossProjects(CrossFormRule):
    """Two different projects of the batch state the same goal text.

    **Why**: a goal describes what one project's money buys; the same text under two projects means
    one was copied from the other (seed 002: 促进企业发展专项 and 企业经济服务), so at least one goal does
    not describe its project, and the two budgets may be paying for the same result. Goals are compared
    after normalisation (``<p>`` tags, LaTeX, numbering, punctuation and whitespace removed); each form
    keeps only a hash of each goal, its project name and the goal's line, so a run of any size streams.
    Goals shorter than ``min_length`` characters (``保障正常运转``) are not compared. Forms that share a
    goal, directly or through another, are one problem: it is reported once, on the latest form of
    the run, naming the earlier projects.

    **Source**: 财预〔2015〕88号 on relevance (heuristic)

    **Options**: ``min_length`` — the shortest normalised goal compared (default 20).

    **Bad**::

        项目名称  促进企业发展专项   年度总目标  1.提升松江综合保税区核心竞争力 …
        项目名称  企业经济服务       年度总目标  1.提升松江综合保税区核心竞争力 …

    **Good**::

        each project states what its own money achieves
    """

    code = "PF402"
    name = "goal-shared-across-projects"
    title_zh = "不同项目绩效目标雷同"
    title_en = "Same goal in two projects"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：同一批次中两个不同的项目写了相同的目标文字。

    **为什么**：目标描述的是一个项目的资金换来什么；两个项目写同一段文字，说明其中一个是照抄的（样例
    002：促进企业发展专项和企业经济服务），至少有一个目标没有描述本项目，两笔预算还可能在为同一个结果
    付钱。目标先规范化再比较（去掉 ``<p>`` 标签、LaTeX、编号、标点和空白）；每张表只保留每段目标的哈希、
    项目名称和目标所在行，因此任意规模的批次都可以流式处理。短于 ``min_length`` 个字的目标
    （``保障正常运转``）不比较。直接或经由另一张表共用一段目标的各表是同一个问题：只报告一次，报告在本次
    检查中最后一张表上，并列出较早的项目。

    **依据**：财预〔2015〕88号 关于相关性（经验规则）

    **选项**：``min_length`` — 参与比较的规范化目标的最短长度（默认 20）。

    **错误示例**::

        项目名称  促进企业发展专项   年度总目标  1.提升松江综合保税区核心竞争力 …
        项目名称  企业经济服务       年度总目标  1.提升松江综合保税区核心竞争力 …

    **正确示例**::

        每个项目写明本项目资金要实现的目标
    """
    severity = "warning"
    group = "goals"
    source = "heuristic"
    kinds = ("target",)
    options_schema = options(
        min_length={"type": "integer", "minimum": 1, "default": 20},
    )

    def digest(self, form):
        goals = []
        for key in ("total", "annual"):
            text = normalise_goal(form.goals.get(key))
            if len(text) >= self.options["min_length"]:
                digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
                goals.append((digest, form.loc(f"goals.{key}").line, short(form.goals.get(key), 24)))
        if not goals:
            return None
        return {"project": squash(form.project) or None, "goals": goals}

    def finish(self, digests):
        by_hash = {}
        for ref, d in digests:
            who = d["project"] or f"{ref['path']}#{ref['index']}"
            for digest, line, excerpt in d["goals"]:
                by_hash.setdefault(digest, []).append((ref, who, line, excerpt))
        groups = _Groups()
        first: dict[tuple, tuple] = {}
        for entries in by_hash.values():
            if len({who for _, who, _, _ in entries}) < 2:
                continue
            for ref, who, line, excerpt in entries:
                key = (ref["path"], ref["index"])
                first.setdefault(key, (ref, who, line, excerpt))
                groups.join(key, (entries[0][0]["path"], entries[0][0]["index"]))
        by_root: dict = {}
        for key in first:
            by_root.setdefault(groups.find(key), []).append(key)
        for key, (ref, who, line, excerpt) in first.items():
            members = by_root[groups.find(key)]
            others = sorted({first[m][1] for m in members} - {who})
            yield ref, self.problem(Span(line, 1), key=tuple(sorted(members)), others="、".join(others),
                                    excerpt=excerpt, project=ref.get("project") or "")


class _Groups:
    """Forms joined by a shared goal, directly or through another (union-find)."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a, b):
        self.parent[self.find(a)] = self.find(b)
