"""Flags forms in which no indicator row could be read."""
from ._uncertain import UncertaintyRule


class NoIndicators(UncertaintyRule):
    """No indicator row could be read in this form.

    **Why**: a form without indicators cannot be reviewed at all; either the table is missing (a binding
    requirement of 财预〔2021〕101号) or extraction lost it.
    **Source**: 财预〔2021〕101号 (binding)
    **Bad**::

        财政项目支出绩效目标申报表
        项目名称	商务接待
        (no 一级指标/二级指标/三级指标 table)

    **Good**::

        一级指标	二级指标	三级指标	指标值
        产出指标	数量指标	接待批次	>=40(批次)
    """
    code = "PF907"
    name = "no-indicators"
    title_zh = "未读取到绩效指标"
    title_en = "No indicators read"
    basis = "财预〔2021〕101号"
    doc_zh = """**检查什么**：这张表中没有读取到任何指标行。

    **为什么**：没有指标的表根本无法审核；要么缺少指标表（财预〔2021〕101号的约束性要求），要么提取时丢失了。

    **依据**：财预〔2021〕101号（约束性）

    **错误示例**::

        财政项目支出绩效目标申报表
        项目名称    商务接待
        （没有 一级指标/二级指标/三级指标 表）

    **正确示例**::

        一级指标    二级指标    三级指标    指标值
        产出指标    数量指标    接待批次    >=40(批次)
    """
    severity = "error"
    uncertainty = "no-indicators"
    source = "binding"
