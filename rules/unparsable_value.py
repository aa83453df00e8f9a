"""Checks for target values that cannot be read as a target."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options

from ._common import clean

REASONS = ("unparsable", "prose", "not-a-target")


class UnparsableValue(Rule):
    """The 指标值 is not a target: unreadable (``>=>=85%``), a sentence, or a label such as ``偏差值``.

    **Why**: a target must say what will be measured and against what value (财预〔2015〕88号: 指标值
    清晰、可衡量). ``偏差值``, ``符合要求`` or ``数据质量`` in the value column name a topic, not a level to
    reach, so neither the reviewer nor the later self-evaluation can tell whether it was met. The
    variant says why: ``unparsable`` (the value grammar cannot read it), ``prose`` (a sentence),
    ``not-a-target`` (a label or a column header). Empty values and placeholders have their own rules.

    **Source**: 财预〔2015〕88号 (binding)

    **Bad**::

        成本指标  预算准确性  偏差值

    **Good**::

        成本指标  预算偏差率  ≤5(%)
    """

    code = "PF301"
    name = "unparsable-value"
    severity = "error"
    group = "values"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options()

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            if t is not None and t.is_invalid and t.reason in REASONS:
                yield self.problem(indicator_span(ind, value=True), variant=t.reason, indicator=ind.name,
                                   name=ind.name, raw=clean(t.raw))
