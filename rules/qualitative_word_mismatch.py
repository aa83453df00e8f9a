"""Checks that a qualitative target answers the quality its name asks about."""
import re

from perflint.finding import indicator_span
from perflint.rule import Rule

from ._common import squash

# the qualities a name asks about: 健全性 -> 健全, 执行有效性 -> 有效 (the two characters before 性)
_QUALITY = re.compile(r"(..)性")


class QualitativeWordMismatch(Rule):
    """A qualitative 指标值 unrelated to the quality the name asks about (``制度健全性 及时``).

    **Why**: a name ending in ``…性`` asks about a quality (健全性, 有效性, 及时性, 规范性) and the target
    should state it (``健全``, ``有效``); ``长效管理制度健全性和执行有效性 及时`` (seed 002) answers a
    different question, usually a value copied from the row above. Reported when the name ends in
    ``性``, the value is a qualitative word, it shares no character with the qualities the name asks
    about, and it is not a general verdict of ``generic_words`` (达标, 良好, 合格 …).

    **Source**: 财预〔2015〕88号 on relevance (heuristic)

    **Options**: ``generic_words`` — verdicts that fit any quality.

    **Bad**::

        可持续影响指标  长效管理制度健全性和执行有效性  及时

    **Good**::

        可持续影响指标  长效管理制度健全性和执行有效性  健全有效
    """

    code = "PF312"
    name = "qualitative-word-mismatch"
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = {
        "type": "object", "additionalProperties": False,
        "properties": {
            "generic_words": {"type": "array", "items": {"type": "string", "minLength": 1},
                              "default": ["达标", "良好", "合格", "优秀", "较好", "好", "达成", "达成指标",
                                          "达成目标", "达到预期", "完成", "是", "符合"]},
        },
    }

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            name = squash(ind.name)
            if t is None or not t.is_qualitative or not name.endswith("性"):
                continue
            word = squash(t.qualitative or t.raw).lstrip("=")
            if not word or word in self.options["generic_words"]:
                continue
            qualities = "".join(_QUALITY.findall(name))
            if not set(word) & set(qualities):
                yield self.problem(indicator_span(ind, value=True), indicator=ind.name, name=ind.name,
                                   raw=t.raw.strip(), quality="、".join(q + "性" for q in _QUALITY.findall(name)))
