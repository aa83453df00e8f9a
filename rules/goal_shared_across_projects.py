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
    Goals shorter than ``min_length`` characters (``保障正常运转``) are not compared. Every form of a
    group is reported, naming the other projects.

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
        reported = {}
        for entries in by_hash.values():
            projects = {who for _, who, _, _ in entries}
            if len(projects) < 2:
                continue
            for ref, who, line, excerpt in entries:
                key = (ref["path"], ref["index"])
                others = sorted(p for p in projects if p != who)
                if key in reported:
                    reported[key][1].update(others)
                    continue
                reported[key] = ((ref, line, excerpt), set(others))
        for (ref, line, excerpt), others in reported.values():
            yield ref, self.problem(Span(line, 1), others="、".join(sorted(others)), excerpt=excerpt,
                                    project=ref.get("project") or "")
