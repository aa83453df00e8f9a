"""Checks for vague qualitative targets such as 明显改善 or 进一步提升."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import clean, first_hit


class VagueTarget(Rule):
    """A qualitative 指标值 that cannot be checked: ``明显改善``, ``进一步提升``, ``持续改善和提升``.

    **Why**: an adverb of degree with no baseline and no number promises nothing that a
    self-evaluation could find unmet. 财预〔2015〕88号 asks targets to be specific and measurable. Only
    targets that are not numbers are judged, and only for the words of ``words``; a bare ``提升`` is
    left to ``mostly-qualitative``.

    **Source**: 财预〔2015〕88号 (heuristic)

    **Options**: ``words`` — the vague phrases (matched inside the value).

    **Bad**::

        社会效益指标  提高园区环境水平  持续改善和提升

    **Good**::

        社会效益指标  园区环境卫生考核得分  ≥90(分)
    """

    code = "PF309"
    name = "vague-target"
    title_zh = "指标值表述模糊"
    title_en = "Vague target"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：无法核查的定性指标值：``明显改善``、``进一步提升``、``持续改善和提升``。

    **为什么**：没有基数、没有数字的程度副词承诺的东西，自评时永远不会被认定为未完成。财预〔2015〕88号
    要求目标具体、可衡量。只判断非数值的目标，且只针对 ``words`` 中的词；单独的 ``提升`` 交给
    ``mostly-qualitative``。

    **依据**：财预〔2015〕88号（经验规则）

    **选项**：``words`` — 模糊的表述（在指标值中匹配）。
    """
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        words=words(["明显", "显著", "进一步", "有所", "持续", "不断", "逐步", "稳步", "大幅",
                                  "较大", "一定程度", "力争", "尽量", "尽可能"]),
    )

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            if t is None or t.is_quantitative or (t.is_invalid and t.reason != "prose"):
                continue
            hit = first_hit(t.qualitative or t.raw, self.options["words"])
            if hit:
                yield self.problem(indicator_span(ind, value=True), indicator=ind.name, suggest=True,
                                   name=ind.name, raw=clean(t.raw), word=hit)
