"""Flags header fields matched by their kind because labels and values arrived apart."""
from ._uncertain import UncertaintyRule


class GuessedHeader(UncertaintyRule):
    """Header fields (项目名称, 主管部门, funds) were matched by their kind, not by their labels.

    **Why**: in column-order extraction the header labels and their values come in separate runs; the
    project name and funds perflint shows are its best reading and should be confirmed.
    **Source**: heuristic (extraction quality)
    **Bad**::

        项目名称
        主管部门
        窗口业务管理 项目类别

    **Good**::

        项目名称	窗口业务管理	项目类别	经常性项目
    """
    code = "PF905"
    name = "guessed-header"
    title_zh = "表头信息系推断得出"
    title_en = "Header fields guessed"
    basis = ""
    doc_zh = """**检查什么**：表头信息（项目名称、主管部门、资金）是按内容类型而不是按标签对应的。

    **为什么**：按列提取时，表头的标签和内容分成两段出现；perflint 显示的项目名称和资金是它的最佳推断，
    需要确认。

    **依据**：经验规则（提取质量）
    """
    severity = "info"
    uncertainty = "guessed-header"
