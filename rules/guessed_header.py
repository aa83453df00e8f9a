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
    severity = "info"
    uncertainty = "guessed-header"
