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
    severity = "warning"
    uncertainty = "unplaced-value"
