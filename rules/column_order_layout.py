"""Flags forms read from column-order extraction, whose pairing of names and values is a guess."""
from ._uncertain import UncertaintyRule


class ColumnOrderLayout(UncertaintyRule):
    """The form arrived in column-order extraction: names and values were paired in order.

    **Why**: some PDF tools emit a table column by column, so the 三级指标 names and their 指标值 come in
    separate runs. perflint pairs them in order, which is right for most forms but not guaranteed; a reviewer
    should read such a form against the original.
    **Source**: heuristic (extraction quality)
    **Bad**::

        三级指标 指标目标值
        寄送快递数
        印章质量合格率
        =30000家
        >=19900件

    **Good**::

        产出指标	数量指标	寄送快递数	>=19900件
    """
    code = "PF901"
    name = "column-order-layout"
    title_zh = "按列提取的版式，需人工核对"
    title_en = "Column-order layout: check by hand"
    basis = ""
    doc_zh = """**检查什么**：表格是按列提取的：指标名称和指标值是按出现顺序配对的。

    **为什么**：有的 PDF 工具按列输出表格，三级指标名称和指标值分成两段出现。perflint 按顺序配对，多数表
    是对的，但不能保证；审核人应对照原件阅读这样的表。

    **依据**：经验规则（提取质量）
    """
    severity = "warning"
    uncertainty = "column-order"
