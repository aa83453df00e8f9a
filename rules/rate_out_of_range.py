"""Checks that percentages lie between 0 and 100 and that a bound can be met."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import clean, has_any, op


class RateOutOfRange(Rule):
    """A percentage target outside [0, 100], or a bound no rate can meet (``<0%``, ``>100%``).

    **Why**: a share of something lies between 0% and 100%. ``预算偏差率 <0%`` asks for a value below
    zero and ``合格率 >100%`` for one above all; neither can be met, so the self-evaluation would score
    the indicator 0 whatever happens. Growth and change rates can be negative or above 100%: names with
    a word of ``unbounded_words`` (增长, 增幅, 同比 …) are not reported.

    **Source**: arithmetic (binding)

    **Options**: ``unbounded_words`` — name fragments of rates that may leave [0, 100].

    **Bad**::

        成本指标  预算偏差率  <0%

    **Good**::

        成本指标  预算偏差率  ≤5%
    """

    code = "PF306"
    name = "rate-out-of-range"
    title_zh = "比率超出取值范围"
    title_en = "Rate outside 0–100%"
    basis = "比率的取值范围"
    doc_zh = """**检查什么**：百分比目标超出 [0, 100]，或是任何比率都无法满足的界限（``<0%``、``>100%``）。

    **为什么**：某部分所占的比例在 0% 到 100% 之间。``预算偏差率 <0%`` 要求低于零，``合格率 >100%`` 要求
    超过全部；两者都不可能达到，自评时无论如何该指标都得 0 分。增长率和变化率可以为负或超过 100%：名称中
    含 ``unbounded_words`` 中的词（增长、增幅、同比……）的不报告。

    **依据**：比率的取值范围（算术；约束性）

    **选项**：``unbounded_words`` — 可以超出 [0, 100] 的比率的名称片段。
    """
    severity = "error"
    group = "values"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options(
        unbounded_words=words(["增长", "增幅", "增速", "增加", "同比", "环比", "变化", "变动",
                                            "提升", "提高", "下降", "降低", "减少", "增减", "超额"]),
    )

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            if t is None or not t.is_quantitative or t.dimension != "percent" or t.base_value is None:
                continue
            if has_any(ind.name, self.options["unbounded_words"]):
                continue
            values = [v for v in (t.base_value, t.base_value_max) if v is not None]
            o = op(t)
            if any(v < 0 or v > 100 for v in values):
                variant = "range"
            elif (o == "<" and t.base_value <= 0) or (o == ">" and t.base_value >= 100):
                variant = "bound"
            else:
                continue
            yield self.problem(indicator_span(ind, value=True), variant=variant, indicator=ind.name,
                               name=ind.name, raw=clean(t.raw))
