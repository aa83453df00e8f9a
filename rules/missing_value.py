"""Checks for indicators with no target value."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options


class MissingValue(Rule):
    """A 三级指标 has no 指标值.

    **Why**: an indicator without a target cannot be approved or later scored. Rows whose value the
    reader could not place (column-order extraction, reported by the extraction rules) are not
    reported again here.

    **Source**: 财预〔2015〕88号 (binding)

    **Bad**::

        产出指标  数量指标  发放宣传资料份数

    **Good**::

        产出指标  数量指标  发放宣传资料份数  ≥18500(份)
    """

    code = "PF302"
    name = "missing-value"
    title_zh = "缺少指标值"
    title_en = "Missing target value"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：三级指标没有指标值。

    **为什么**：没有目标值的指标既无法审批，之后也无法打分。读取时无法对应指标值的行（按列提取的版式，
    由提取类规则报告）在这里不重复报告。

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
            empty = t is None or (t.is_invalid and t.reason == "empty")
            if empty and not ind.guessed:
                yield self.problem(indicator_span(ind), indicator=ind.name, name=ind.name)
