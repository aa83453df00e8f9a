"""Checks for quantitative targets written without a unit."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import clean, has_any


class MissingUnit(Rule):
    """A quantitative 指标值 has no unit (``=100`` for a 覆盖率).

    **Why**: ``=100`` may be 100%, 100 个 or 100 万元; the reviewer cannot judge it and the
    self-evaluation cannot compare the actual value with it. Pure ratios have no unit, so names with
    a word of ``unitless_words`` (容积率, 系数, 指数 …) are not reported.

    **Source**: 财预〔2015〕88号 (heuristic)

    **Options**: ``unitless_words`` — name fragments of measures that have no unit.

    **Bad**::

        数量指标  各项工作覆盖率  =100

    **Good**::

        数量指标  各项工作覆盖率  =100(%)
    """

    code = "PF304"
    name = "missing-unit"
    title_zh = "指标值缺少计量单位"
    title_en = "Target without a unit"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：定量指标值没有计量单位（覆盖率写 ``=100``）。

    **为什么**：``=100`` 可能是 100%、100 个或 100 万元；审核人无法判断，自评时也无法与实际完成值比较。
    纯比值没有单位，因此名称中含 ``unitless_words`` 中的词（容积率、系数、指数……）的不报告。

    **依据**：财预〔2015〕88号（经验规则）

    **选项**：``unitless_words`` — 没有单位的衡量项的名称片段。
    """
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        unitless_words=words(["容积率", "系数", "指数", "比值", "倍数", "PH值", "pH值", "评分", "分值"]),
    )

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            if t is None or not t.is_quantitative or t.value is None or t.dimension == "date":
                continue
            if not t.unit and not has_any(ind.name, self.options["unitless_words"]):
                yield self.problem(indicator_span(ind, value=True), indicator=ind.name, name=ind.name,
                                   raw=clean(t.raw))
