"""Checks for a qualitative word where the indicator's name asks for a number."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import clean, squash

# name endings that ask for a percentage (the others ask for a count, an amount, an area or a duration)
RATE_ENDINGS = ("率", "满意度", "比例", "占比")
DEFAULT_WORDS = ["率", "满意度", "比例", "占比", "数量", "次数", "个数", "人数", "人次", "场次", "户数", "家数",
                 "件数", "金额", "成本", "费用", "面积", "时长"]


class QualitativeWhereQuantitative(Rule):
    """A qualitative 指标值 (``满意``, ``及时``) where the name asks for a number (a 率, 满意度, 数量 …).

    **Why**: a 满意度 or a 及时率 is a percentage and a 次数 is a count; ``活动满意度 满意`` or
    ``问题解决及时率 及时`` cannot be checked against a survey or a log, and the self-evaluation then
    scores it by impression. 财预〔2015〕88号 asks for quantified targets wherever possible. Only names
    that end with a word of ``words`` (the head noun) are judged, so ``企业数量增加情况 增加`` is left
    alone; names ending with a fragment of ``exclude`` (效率) are skipped. The suggestion asks for a
    percentage where the name ends in a rate (率, 满意度, 比例) and for a count or an amount otherwise
    (the ``amount`` variant).

    **Source**: 财预〔2015〕88号 (heuristic)

    **Options**: ``words`` — name endings that ask for a number; ``exclude`` — endings that do not.

    **Bad**::

        满意度指标  服务对象满意度指标  活动满意度  满意

    **Good**::

        满意度指标  服务对象满意度指标  活动满意度  ≥90(%)
    """

    code = "PF308"
    name = "qualitative-where-quantitative"
    title_zh = "应定量的指标使用了定性值"
    title_en = "Qualitative value where a number is due"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：名称要求数值（率、满意度、数量……）的指标，指标值却是定性的（``满意``、``及时``）。

    **为什么**：满意度或及时率是百分比，次数是计数；``活动满意度 满意`` 或 ``问题解决及时率 及时`` 无法
    对照调查或台账核查，自评时只能凭印象打分。财预〔2015〕88号要求尽可能量化目标。只判断以 ``words`` 中的
    词结尾（中心词）的名称，因此 ``企业数量增加情况 增加`` 不予报告；以 ``exclude`` 中的片段（效率）结尾的
    名称跳过。名称以比率结尾（率、满意度、比例）时建议改为百分比，否则建议改为数量或金额（``amount`` 变体）。

    **依据**：财预〔2015〕88号（经验规则）

    **选项**：``words`` — 要求数值的名称结尾；``exclude`` — 不要求数值的结尾。
    """
    severity = "warning"
    # a 率 answered 及时 is one problem: this rule's, not also qualitative-not-a-target's
    supersedes = ("qualitative-not-a-target",)
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        words=words(DEFAULT_WORDS),
        exclude=words(["效率", "频率"]),
    )

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            if t is None or not t.is_qualitative:
                continue
            name = squash(ind.name)
            if any(name.endswith(x) for x in self.options["exclude"]):
                continue
            word = next((w for w in self.options["words"] if name.endswith(w)), None)
            if word:
                # the suggestion fits what the name asks for: a percentage for a 率, a count or amount otherwise
                variant = None if word.endswith(RATE_ENDINGS) else "amount"
                yield self.problem(indicator_span(ind, value=True), variant, indicator=ind.name, suggest=True,
                                   name=ind.name, raw=clean(t.raw), keyword=word)
