"""Checks that a target's unit fits what the indicator's name measures."""
import re

from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import clean, squash

DEFAULT_KEYWORDS = {
    "percent": ["率", "比例", "占比", "覆盖率", "满意度", "百分比"],
    "count": ["数量", "次数", "个数", "人数", "人次", "场次", "户数", "家数", "件数"],
    "duration": ["时长", "用时", "耗时", "时间"],
    "money": ["成本", "费用", "金额", "资金", "经费", "单价"],
}
# the dimensions a unit may have for each expectation (a deadline answers 时间; 元/人 answers 成本)
ACCEPTED = {"percent": {"percent"}, "count": {"count"}, "duration": {"duration", "date"},
            "money": {"money", "money_rate"}}
LABELS = {"percent": "百分比(%)", "count": "计数单位(个、次、人…)", "duration": "时长单位(小时、天…)",
          "money": "金额单位(元、万元、元/人…)"}


_TAIL = re.compile(r"(?:[(（][^()（）]*[)）]|控制数|控制额|标准|总额|总数|指标)+$")


def expected_dimension(name, keywords, exclude=()):
    """What a name measures: the keyword that ends the name (the head noun comes last in Chinese).

    A trailing parenthesis or 控制数/标准/总额 is ignored (``工作成本控制数`` measures 成本); the longest
    matching keyword wins (``覆盖率`` over ``率``).
    """
    s = squash(name)
    if any(x in s for x in exclude):
        return None, None
    s = _TAIL.sub("", s) or s
    best = None
    for dim, names in keywords.items():
        for w in names:
            if s.endswith(w) and (best is None or len(w) > len(best[1])):
                best = (dim, w)
    return best if best else (None, None)


class UnitMismatch(Rule):
    """The unit of the 指标值 does not fit the name: a 率 in 次, a 数量 in %, a 成本 in 天.

    **Why**: the name says what is measured and the unit must agree, or the target means nothing
    (``覆盖率 =3个``). The expectation comes from the keyword that ends the name (the head noun:
    ``企业数量增长率`` is a rate, ``拨款金额满足项目需要`` is not an amount; a trailing ``控制数``, ``标准``
    or parenthesis is ignored): 率/比例/覆盖率/满意度 want ``%``; 数量/次数/个数/人数 want a count
    unit; 时长/时间 want a duration (or a date); 成本/费用/金额/资金 want money (``元/人`` counts). A name
    with none of the keywords is not judged, in the cost group too (whether a cost row measures a cost
    at all is ``no-real-cost-indicator``'s). Only targets whose unit the value grammar knows are judged;
    the keyword lists are options.

    **Source**: 财预〔2015〕88号 on measurable targets (heuristic)

    **Options**: ``keywords`` — for each of percent, count, duration, money the name fragments that
    ask for it; ``exclude`` — name fragments that switch the check off (default 效率, 频率).

    **Bad**::

        质量指标  验收合格率  =12(次)

    **Good**::

        质量指标  验收合格率  =100(%)
    """

    code = "PF305"
    name = "unit-mismatch"
    title_zh = "计量单位与指标名称不符"
    title_en = "Unit does not fit the name"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：指标值的计量单位与名称不符：“率”用“次”、“数量”用“%”、“成本”用“天”。

    **为什么**：名称说明衡量什么，单位必须与之一致，否则目标没有意义（``覆盖率 =3个``）。期望的单位取决于
    名称结尾的关键词（中心词：``企业数量增长率`` 是比率，``拨款金额满足项目需要`` 不是金额；结尾的
    ``控制数``、``标准`` 或括号忽略不计）：率/比例/覆盖率/满意度要求 ``%``；数量/次数/个数/人数要求计数
    单位；时长/时间要求时长（或日期）；成本/费用/金额/资金要求金额（``元/人`` 也算）。名称中没有这些关键词
    的行不作判断，成本组也是如此（成本行是否真的衡量成本，由 ``no-real-cost-indicator`` 判断）。只判断指标值
    语法认识其单位的目标；关键词清单是选项。

    **依据**：财预〔2015〕88号 关于可衡量的目标（经验规则）

    **选项**：``keywords`` — percent、count、duration、money 各自对应的名称片段；``exclude`` — 关闭此项
    检查的名称片段（默认：效率、频率）。
    """
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        keywords={"type": "object", "additionalProperties": False,
                         "properties": {k: {"type": "array", "items": {"type": "string", "minLength": 1}}
                                        for k in DEFAULT_KEYWORDS},
                         "default": DEFAULT_KEYWORDS},
        exclude=words(["效率", "频率"]),
    )

    def check(self, form):
        keywords = {**DEFAULT_KEYWORDS, **self.options["keywords"]}
        for ind in form.indicators:
            t = ind.target
            if t is None or not t.is_quantitative or not t.unit or not t.dimension:
                continue
            dim, word = expected_dimension(ind.name, keywords, self.options["exclude"])
            if dim is None or t.dimension in ACCEPTED[dim]:
                continue
            yield self.problem(indicator_span(ind, value=True), indicator=ind.name, name=ind.name,
                               raw=clean(t.raw), unit=t.unit, keyword=word, expected=LABELS[dim],
                               dimension=dim.replace("money", "money (元)").replace("percent", "percent (%)"))
