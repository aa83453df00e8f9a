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
    severity = "warning"
    uncertainty = "unplaced-name"
