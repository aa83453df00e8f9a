"""Flags values the reader could not match to any indicator."""
from ._uncertain import UncertaintyRule


class UnplacedValue(UncertaintyRule):
    """A value in the table could not be matched to an indicator.

    **Why**: a value without a name means a row was lost or scrambled in extraction; the form must be read
    by hand so that no target goes unchecked.
    **Source**: heuristic (extraction quality)
    **Bad**::

        满意度指标	服务对象满意度指标	=100%
        =90%

    **Good**::

        满意度指标	服务对象满意度指标	服务对象满意度	>=90%
    """
    code = "PF903"
    name = "unplaced-value"
    title_zh = "指标值无法对应到指标"
    title_en = "Value without an indicator"
    basis = ""
    doc_zh = """**检查什么**：表中的某个指标值无法对应到任何指标。

    **为什么**：没有名称的指标值说明提取时丢失或打乱了一行；必须人工阅读这张表，以免漏查目标。

    **依据**：经验规则（提取质量）
    """
    severity = "warning"
    uncertainty = "unplaced-value"
