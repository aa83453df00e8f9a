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
    title_zh = "指标值不是有效目标"
    title_en = "Target value is not a target"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：指标值不是一个目标：无法识别（``>=>=85%``）、是一句话，或是 ``偏差值`` 这样的标签。

    **为什么**：目标必须说明衡量什么、达到什么值（财预〔2015〕88号：指标值清晰、可衡量）。在指标值一栏写
    ``偏差值``、``符合要求`` 或 ``数据质量``，说的是一个话题而不是要达到的水平，审核人和之后的自评都无法
    判断是否达到。变体说明原因：``unparsable``（指标值语法无法识别）、``prose``（一句话）、
    ``not-a-target``（标签或栏目标题）。空值和占位符由各自的规则报告。

    **依据**：财预〔2015〕88号（约束性）
    """
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
