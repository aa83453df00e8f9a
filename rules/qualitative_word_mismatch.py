"""Checks that a qualitative target answers the quality its name asks about."""
import re

from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import clean, squash

# the qualities a name asks about: 健全性 -> 健全, 执行有效性 -> 有效 (the two characters before 性)
_QUALITY = re.compile(r"(..)性")
QUALITY_WORDS = ["及时", "规范", "合规", "健全", "有效", "准确", "完整", "完备", "稳定", "安全", "合理", "可控",
                 "齐全", "充分", "便捷", "公平", "公正", "公开", "透明", "科学", "精准", "可靠"]


class QualitativeWordMismatch(Rule):
    """A qualitative 指标值 unrelated to the quality the name asks about (``制度健全性 及时``).

    **Why**: a name ending in ``…性`` asks about a quality (健全性, 有效性, 及时性, 规范性) and the target
    should state it (``健全``, ``有效``); ``长效管理制度健全性和执行有效性 及时`` (seed 002) answers a
    different question, usually a value copied from the row above. Reported when the name ends in
    ``性``, the value is itself a quality word of ``quality_words`` (及时, 规范, 健全, 有效, 稳定 …) and
    it shares no character with the qualities the name asks about. Values that say how much rather
    than which quality (提升, 不间断, 达标) are not judged here.

    **Source**: 财预〔2015〕88号 on relevance (heuristic)

    **Options**: ``quality_words`` — the words that name a quality.

    **Bad**::

        可持续影响指标  长效管理制度健全性和执行有效性  及时

    **Good**::

        可持续影响指标  长效管理制度健全性和执行有效性  健全有效
    """

    code = "PF312"
    name = "qualitative-word-mismatch"
    title_zh = "定性指标值与名称不对应"
    title_en = "Qualitative value unrelated to the name"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：定性指标值与名称所问的性质无关（``制度健全性 及时``）。

    **为什么**：以“…性”结尾的名称问的是一种性质（健全性、有效性、及时性、规范性），目标应说明这种性质
    （``健全``、``有效``）；``长效管理制度健全性和执行有效性 及时``（样例 002）答非所问，通常是从上一行
    复制的值。名称以“性”结尾、指标值本身是 ``quality_words`` 中的性质词（及时、规范、健全、有效、稳定……），
    且与名称所问的性质没有共同的字时报告。表示程度而不是性质的值（提升、不间断、达标）不在此判断。

    **依据**：财预〔2015〕88号 关于相关性（经验规则）

    **选项**：``quality_words`` — 表示性质的词。
    """
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        quality_words=words(QUALITY_WORDS),
    )

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            name = squash(ind.name)
            if t is None or not t.is_qualitative or not name.endswith("性"):
                continue
            word = squash(t.qualitative or t.raw).lstrip("=")
            if word not in self.options["quality_words"]:
                continue  # 提升, 不间断, 达标 … answer how much, not which quality: left to other rules
            qualities = "".join(_QUALITY.findall(name))
            if not set(word) & set(qualities):
                yield self.problem(indicator_span(ind, value=True), indicator=ind.name, name=ind.name,
                                   raw=clean(t.raw), quality="、".join(q + "性" for q in _QUALITY.findall(name)))
