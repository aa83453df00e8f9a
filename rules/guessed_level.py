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
    title_zh = "指标层级系推断得出"
    title_en = "Indicator levels guessed"
    basis = ""
    doc_zh = """**检查什么**：部分指标的层级是根据名称和分组标签的顺序推断的。

    **为什么**：版式丢失了合并的一级/二级单元格时，关于分组的规则（缺少类别、分组归属错误、满意度）都建立在
    推断之上；请对照原件核对层级。

    **依据**：经验规则（提取质量）
    """
    severity = "info"
    uncertainty = "guessed-level"
