"""Flags indicators whose 一级/二级 levels the reader had to guess."""
from ._uncertain import UncertaintyRule


class GuessedLevel(UncertaintyRule):
    """The levels of some indicators were guessed from their names and the order of the group labels.

    **Why**: when a layout loses the merged 一级/二级 cells, rules about groups (missing categories,
    misplaced groups, satisfaction) rest on a guess; check the levels against the original.
    **Source**: heuristic (extraction quality)
    **Bad**::

        数量指标
        质量指标
        印章质量合格率
        快递准时送达率

    **Good**::

        产出指标	质量指标	印章质量合格率	=100%
    """
    code = "PF902"
    name = "guessed-level"
    severity = "info"
    uncertainty = "guessed-level"
