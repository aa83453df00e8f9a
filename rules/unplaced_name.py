"""Flags indicator names whose value never arrived in a column-order table."""
from ._uncertain import UncertaintyRule


class UnplacedName(UncertaintyRule):
    """An indicator name in a column-order table has no value.

    **Why**: in column-order extraction a name left over at the end means names and values do not pair up:
    the pairing of the whole table is suspect.
    **Source**: heuristic (extraction quality)
    **Bad**::

        寄送快递数
        印章质量合格率
        =30000家

    **Good**::

        寄送快递数	>=19900件
        印章质量合格率	=100%
    """
    code = "PF904"
    name = "unplaced-name"
    title_zh = "指标名称没有对应的指标值"
    title_en = "Name without a value"
    basis = ""
    doc_zh = """**检查什么**：按列提取的表中，某个指标名称没有指标值。

    **为什么**：按列提取时，最后剩下的名称说明名称与指标值配不上对：整张表的配对都值得怀疑。

    **依据**：经验规则（提取质量）
    """
    severity = "warning"
    uncertainty = "unplaced-name"
