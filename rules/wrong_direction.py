"""Checks that a target's operator points the way the indicator should move."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import (QUANTITY, clean, first_hit, has_any, is_cost, is_lower_bound, is_satisfaction_row,
                      is_upper_bound, level2, lexicon, op)

DEFAULT_UPPER = ["成本", "费用", "投诉", "故障", "事故", "差错", "误差", "错误", "失误", "偏差", "时长", "耗时",
                 "用时", "时间", "丢失", "流失", "违规", "违纪", "不合格", "超支", "延误", "逾期", "返工", "损耗",
                 "空置", "发生率", "隐患"]
# 准确 is not here: 预算准确性 ≤10% states the accuracy as a deviation cap
DEFAULT_LOWER = ["满意", "及时", "处理", "处置", "解决", "修复", "办结", "整改", "完成", "合格", "达标", "覆盖",
                 "知晓", "正确", "到位", "回复", "答复", "响应率", "节约", "节省", "通过", "在线",
                 "可用", "正常", "参与", "受益", "执行率", "使用率", "利用率", "下降率", "降低率", "减少率"]


class WrongDirection(Rule):
    """The operator points the wrong way: an output capped with ``≤``, or a cost or complaint count floored with ``≥``.

    **Why**: outputs, completion and quality rates and satisfaction are goods the project promises
    to deliver at least (``≥`` or ``=``); costs, complaints, faults, accidents, errors, durations and
    deviations are bads it promises to keep under a cap (``≤``, ``<`` or ``=``). ``企业综合性公共服务次数
    ≤12次`` (seed 000) lets the project deliver nothing and still meet its target. Which way a row should
    point is decided in this order: a target in time units (``≤30分钟``) is a time limit and wants a
    cap, unless the name says the hours are delivered (``output_duration_words``: 服务总时长, 培训时长,
    学时 …: a floor) or the time is reduced (``reduced_duration_words``: 缩短, 节省 …: ``出行时间缩短情况
    ≥10分钟`` promises minutes saved, ``等待时间缩短 ≤20分钟`` a time cut to, so neither is judged); a word
    of ``lower_words`` (满意, 及时, 处理, 合格, 执行率, 下降率 …) wants a floor, even in ``投诉处理率`` or
    ``投诉下降率``; then a word of ``upper_words`` (成本, 投诉, 故障, 事故, 偏差, 误差,
    差错, 时长 …) wants a cap (so ``使用者投诉率`` wants a cap even in the satisfaction group); then a row of
    the satisfaction group wants a floor, a row of the cost group a cap, a row of 数量指标 (an output) a
    floor. Quotas and awards (``quota_words``: 名额, 表彰, 奖金, 奖牌, 证书 …) are capped by nature and
    accept ``≤`` in 数量指标. ``准确`` asks for no direction (``预算准确性 ≤10%`` caps a deviation). Other
    rows (``复检率``) are not judged.

    **Source**: 财预〔2021〕101号 on 指标值 direction (heuristic)

    **Options**: ``upper_words``, ``lower_words`` — name fragments of bads and goods; ``quota_words`` —
    name fragments of quotas and awards, which may be capped; ``output_duration_words`` — durations that
    are an output; ``reduced_duration_words`` — name fragments of a duration reduced, not judged.

    **Bad**::

        数量指标  企业综合性公共服务次数  ≤12.00(次)

    **Good**::

        数量指标  企业综合性公共服务次数  ≥12.00(次)
    """

    code = "PF307"
    name = "wrong-direction"
    title_zh = "指标值方向有误"
    title_en = "Operator points the wrong way"
    basis = "财预〔2021〕101号"
    doc_zh = """**检查什么**：比较符号方向错误：产出用 ``≤`` 设了上限，或成本、投诉数用 ``≥`` 设了下限。

    **为什么**：产出、完成率、质量合格率和满意度是项目承诺至少要达到的（``≥`` 或 ``=``）；成本、投诉、
    故障、事故、差错、时长和偏差是项目承诺控制在上限以内的（``≤``、``<`` 或 ``=``）。
    ``企业综合性公共服务次数 ≤12次``（样例 000）意味着项目什么都不做也算达到目标。一行应取的方向按以下顺序
    判断：以时间单位表示的目标（``≤30分钟``）是时限，要求上限，除非名称说明时长是提供的服务
    （``output_duration_words``：服务总时长、培训时长、学时……：要求下限），或说明时间被缩减
    （``reduced_duration_words``：缩短、节省……：``出行时间缩短情况 ≥10分钟`` 承诺节省的分钟数，
    ``等待时间缩短 ≤20分钟`` 承诺缩短后的时限，两种方向都可能正确，不作判断）；名称含 ``lower_words`` 中的词
    （满意、及时、处理、合格、执行率、下降率……）要求下限，即使是 ``投诉处理率`` 或 ``投诉下降率``；然后名称含
    ``upper_words`` 中的词（成本、投诉、故障、事故、偏差、误差、差错、时长……）要求上限（因此 ``使用者投诉率``
    即使在满意度组也要求上限）；然后满意度组的行要求下限，成本组的行要求上限，数量指标（产出）的行要求
    下限。名额和奖励（``quota_words``：名额、表彰、奖金、奖牌、证书……）本来就有上限，在数量指标中可以用
    ``≤``。``准确`` 不要求方向（``预算准确性 ≤10%`` 是给偏差设上限）。其他行（``复检率``）不作判断。

    **依据**：财预〔2021〕101号 关于指标值方向（经验规则）

    **选项**：``upper_words``、``lower_words`` — 表示“越少越好”和“越多越好”的名称片段；``quota_words`` —
    名额和奖励的名称片段，可以设上限；``output_duration_words`` — 作为产出的时长；
    ``reduced_duration_words`` — 表示时长被缩减的名称片段，不作判断。
    """
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        upper_words=words(DEFAULT_UPPER),
        lower_words=words(DEFAULT_LOWER),
        quota_words=words(lexicon("quotas")["words"]),
        output_duration_words=words(lexicon("output_durations")["words"]),
        reduced_duration_words=words(lexicon("reduced_durations")["words"]),
    )

    def wants(self, ind):
        """('floor' | 'cap' | None, the word or group that decided it)."""
        if ind.target is not None and ind.target.dimension == "duration":
            delivered = first_hit(ind.name, self.options["output_duration_words"])
            if delivered:
                return "floor", delivered  # 服务总时长 ≥12000小时: hours delivered are an output
            if first_hit(ind.name, self.options["reduced_duration_words"]):
                return None, None  # 缩短情况 ≥10分钟 (minutes saved) or 缩短 ≤20分钟 (cut to): either is right
            return "cap", "时长"  # 响应及时 ≤30分钟: a time limit is a cap whatever the name says
        good = first_hit(ind.name, self.options["lower_words"])
        if good:
            return "floor", good
        bad = first_hit(ind.name, self.options["upper_words"])
        if bad:
            return "cap", bad
        if is_satisfaction_row(ind):
            return "floor", "满意度指标"
        if is_cost(ind):
            return "cap", "成本指标"
        if level2(ind) == QUANTITY:
            return "floor", QUANTITY
        return None, None

    def check(self, form):
        for ind in form.indicators:
            t = ind.target
            if t is None or t.is_invalid:
                continue
            o = op(t)
            want, why = self.wants(ind)
            if why == QUANTITY and has_any(ind.name, self.options["quota_words"]):
                continue  # 发放奖牌 ≤30块: a quota of the output group is capped by nature
            if (want == "floor" and is_upper_bound(o)) or (want == "cap" and is_lower_bound(o)):
                yield self.problem(indicator_span(ind, value=True), variant=want, indicator=ind.name,
                                   suggest=True, name=ind.name, raw=clean(t.raw), keyword=why)
