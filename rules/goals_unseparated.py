"""Flags goals whose two texts arrived interleaved."""
from ._uncertain import UncertaintyRule


class GoalsUnseparated(UncertaintyRule):
    """The 项目总目标 and 年度总目标 texts arrived interleaved and were split by a guess.

    **Why**: goal rules (copied goals, numbers without indicators) compare the two texts; when extraction
    mixes their lines the comparison rests on a guess.
    **Source**: heuristic (extraction quality)
    **Bad**::

        保障各服务大厅的正常运转，提升政府服务窗口工作效能
        1、保障服务窗口正常运转率达到100%；2、投诉处

    **Good**::

        项目总目标	保障各服务大厅的正常运转…	年度总目标	1、保障服务窗口正常运转率达到100%…
    """
    code = "PF906"
    name = "goals-unseparated"
    title_zh = "两段目标文字交错"
    title_en = "Goals interleaved"
    basis = ""
    doc_zh = """**检查什么**：项目总目标和年度总目标的文字交错出现，是按推断拆分的。

    **为什么**：目标类规则（照抄的目标、没有指标的数字）要比较这两段文字；提取把它们的行混在一起时，比较
    建立在推断之上。

    **依据**：经验规则（提取质量）
    """
    severity = "info"
    uncertainty = "goals-unseparated"
