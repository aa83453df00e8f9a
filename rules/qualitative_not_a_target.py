"""Checks for qualitative values that state no level to reach."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import clean, is_management, lexicon, squash

def _words(key: str) -> list[str]:
    return list(lexicon("not_a_target")[key])


def restates(value: str, name: str, changes) -> bool:
    """Whether the value only repeats the name: the whole name, or the change the name already names
    (``园区形象提升情况 提升``). A quality the name asks for (``制度健全性 健全``) is an answer, not a repeat."""
    return bool(value) and (value == name or (value in changes and value in name))


class QualitativeNotATarget(Rule):
    """A qualitative 指标值 that states no level: a direction (``增加``), the name repeated, a period (``=全年``), an ability.

    **Why**: a target says what will be reached, so that the self-evaluation can find it met or missed.
    These values do not: ``新增耕地面积指标 增加`` or ``浏览量 增长`` say which way a quantity should move
    but not how far (any increase meets it); ``优化营商环境 优化`` or ``无国有资产流失问题
    无国有资产流失问题`` repeat the name; ``文明单位创建美化环境 =全年`` says when, not how much;
    ``能发现并提出`` states an ability. Variants: ``direction`` — the value is only a word of ``direction``
    (增加, 增长, 提升, 减少, 充裕 …) and the name measures a quantity (a word of ``quantity_nouns``: 面积,
    数量, 浏览量, 物资 …, wherever it stands in the name); the base message — the value is the whole name,
    or only the change the name already names (a word of ``change``: ``优化营商环境 优化``,
    ``园区形象提升情况 提升``; a quality the name asks for, ``制度健全性 健全``, is an answer and fine);
    ``period`` — the value is a span of time (``periods``: 全年, 常年 …); ``ability`` — it begins with a
    word of ``ability`` (能, 能够, 可以). The 上海 2020 投入与管理 block is not judged. Where a name asks
    for a number outright (a 率 or 数量 at its end) ``qualitative-where-quantitative`` reports the row
    instead.

    **Source**: 财预〔2015〕88号 (指标值 清晰、可衡量; heuristic)

    **Options**: ``direction``, ``quantity_nouns``, ``change``, ``periods``, ``ability`` — the word lists
    above; ``not_ability`` — beginnings that are no ability (能力, 能源).

    **Bad**::

        经济效益指标  新增耕地面积指标  增加

    **Good**::

        经济效益指标  新增耕地面积  ≥3.3(公顷)
    """

    code = "PF313"
    name = "qualitative-not-a-target"
    title_zh = "定性指标值不是目标"
    title_en = "Qualitative values that are not targets"
    doc_zh = """**检查什么**：定性指标值没有说明要达到的水平：只有方向（“增加”）、重复指标名称、时间段（“=全年”）或能力表述。

**为什么**：指标值说明要达到什么，自评才能判断达成与否。这些指标值做不到：“新增耕地面积指标 增加”“浏览量 增长”
只说明数量的变化方向，不说明变化多少（任何增加都算达成）；“优化营商环境 优化”“无国有资产流失问题 无国有资产流失问题”
只是重复名称；“文明单位创建美化环境 =全年”说的是时间而不是数量；“能发现并提出”表述的是能力。变体：``direction`` ——
指标值只是 ``direction`` 中的词（增加、增长、提升、减少、充裕……），且名称衡量的是数量（名称任意位置含
``quantity_nouns`` 中的词：面积、数量、浏览量、物资……）；基本消息 —— 指标值就是整个名称，或只是名称中已有的变化词
（``change`` 中的词：“优化营商环境 优化”“园区形象提升情况 提升”；回答名称所问性质的指标值，如“制度健全性 健全”，
不算）；``period`` —— 指标值是一段时间（``periods``：全年、
常年……）；``ability`` —— 以 ``ability`` 中的词开头（能、能够、可以）。上海 2020 模板的投入与管理指标不判断。名称
末尾直接要求数值（率、数量）的，由 ``qualitative-where-quantitative`` 报告该行。

**依据**：财预〔2015〕88号（指标值清晰、可衡量；经验规则）

**选项**：``direction``、``quantity_nouns``、``change``、``periods``、``ability`` —— 上述词表；``not_ability`` —— 不表示能力的开头（能力、能源）。
"""
    basis = "财预〔2015〕88号"
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        direction=words(_words("direction")),
        quantity_nouns=words(_words("quantity_nouns")),
        change=words(_words("change")),
        periods=words(_words("periods")),
        ability=words(_words("ability")),
        not_ability=words(_words("not_ability")),
    )

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            if t is None or not t.is_qualitative or is_management(ind):
                continue
            why = self.why(squash(t.qualitative or t.raw).lstrip("="), squash(ind.name))
            if why:
                # the base message is the commonest case, a value that repeats the name
                variant = None if why == "restates" else why
                yield self.problem(indicator_span(ind, value=True), variant, indicator=ind.name, suggest=True,
                                   name=ind.name, raw=clean(t.raw))

    def why(self, value: str, name: str) -> str:
        o = self.options
        if value in o["direction"] and any(w in name for w in o["quantity_nouns"]):
            return "direction"
        if value in o["periods"]:
            return "period"
        if len(value) >= 3 and value.startswith(tuple(o["ability"])) and not value.startswith(tuple(o["not_ability"])):
            return "ability"
        if restates(value, name, o["change"]):
            return "restates"
        return ""
