"""Checks for quantitative targets written without an operator."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options

from ._common import clean, op


class MissingOperator(Rule):
    """A quantitative 指标值 has no operator (``400家次``, ``0``).

    **Why**: without ``≥``, ``≤`` or ``=`` the number does not say whether it is a floor, a cap or an
    exact amount, and the self-evaluation cannot tell whether 380 家次 met it. Dates (``12月底前``) and
    ranges (``90%-95%``) carry their own meaning and are not reported. The suggestion writes the number
    and unit as a target (``一年四次`` → ``≥4次``).

    **Source**: template instructions (heuristic: ``=`` is usually meant)

    **Bad**::

        数量指标  校园招聘活动企业数  400家次

    **Good**::

        数量指标  校园招聘活动企业数  ≥400(家次)
    """

    code = "PF303"
    name = "missing-operator"
    title_zh = "指标值缺少比较符号"
    title_en = "Target without an operator"
    basis = ""
    doc_zh = """**检查什么**：定量指标值没有比较符号（``400家次``、``0``）。

    **为什么**：没有 ``≥``、``≤`` 或 ``=``，这个数字说不清是下限、上限还是确切数量，自评时也无法判断
    380 家次是否达到。日期（``12月底前``）和区间（``90%-95%``）本身含义明确，不予报告。建议中把数字和单位
    写成目标（``一年四次`` → ``≥4次``）。

    **依据**：模板填报说明（经验规则：通常意指 ``=``）
    """
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options()

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            if t is None or not t.is_quantitative or t.dimension == "date" or t.value_max is not None:
                continue
            if t.value is not None and op(t) is None:
                yield self.problem(indicator_span(ind, value=True), indicator=ind.name, suggest=True,
                                   name=ind.name, raw=clean(t.raw), plain=plain(t))


def plain(t):
    """The number and unit of a target as a suggestion writes them after an operator: 一年四次 → 4次."""
    number = f"{t.value:,.4f}".rstrip("0").rstrip(".").replace(",", "")
    return number + (t.unit or "")
