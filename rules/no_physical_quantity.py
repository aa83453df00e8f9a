"""Checks that the 数量指标 group counts something: how many, how much, how long."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options, words

from ._common import QUANTITY, clean, has_any, level2, lexicon, squash

# dimensions that are no physical quantity of output
_NOT_PHYSICAL = ("percent", "date")
_RATE_ENDINGS = ("率", "比例", "占比", "比率")


def physical(ind) -> bool:
    """A target that counts or measures the output itself (次, 人, ㎡, 元, 小时), not a rate or a word."""
    t = ind.target
    if t is None or not t.is_quantitative or t.dimension in _NOT_PHYSICAL:
        return False
    # a bare number under a name ending in 率 (=100 for 覆盖率) is a rate with its unit left out
    return t.dimension is not None or not squash(ind.name).endswith(_RATE_ENDINGS)


class NoPhysicalQuantity(Rule):
    """The 数量指标 group holds only completion rates, other rates or words: no quantity of output.

    **Why**: a 数量指标 says how much the money buys — how many sessions, people, square metres, hours.
    ``补贴资格审核完成率 =100%`` or ``扶持项目计划完成率 =100%`` says only that the plan will be done, not
    what the plan is, so a reviewer cannot judge whether a project of hundreds of millions of yuan buys
    enough; it is the point most often sent back. Reported once per form when the group has rows and
    none of them is a physical quantity (a quantitative target in a count, area, length, money or
    duration unit): the ``completion`` variant when every row is a completion rate (names with a word
    of ``completion_words``: 完成率, 计划完成率, 到位率 …), ``rates`` when every row is a percentage,
    otherwise the rows are rates and words. A group with a row whose levels the reader had to guess, or
    whose value is no target (``**``, a sentence: their own rules' findings), is not judged.

    **Source**: 财预〔2021〕101号 (数量指标 反映提供的产品和服务数量; heuristic)

    **Options**: ``completion_words`` — name fragments of a completion rate.

    **Bad**::

        产出指标  数量指标  补贴资格审核完成率  =100%
                            扶持项目计划完成率  =100%

    **Good**::

        产出指标  数量指标  审核补贴申请企业数  ≥350(家)
                            扶持项目数          ≥40(个)
    """

    code = "PF111"
    name = "no-physical-quantity"
    title_zh = "数量指标没有实物工作量"
    title_en = "Quantity indicators that count nothing"
    doc_zh = """**检查什么**：数量指标下只有完成率、其他比率或定性表述，没有反映产出数量的指标。

**为什么**：数量指标说明资金买到多少产出——多少场次、多少人、多少平方米、多少小时。“补贴资格审核完成率 =100%”
“扶持项目计划完成率 =100%”只说明计划会完成，不说明计划是什么，审核人员无法判断一个数亿元的项目产出是否足够，
这是最常见的退回修改意见。每张表一条：数量指标下有三级指标、但没有一项是实物量（以计数、面积、长度、金额或时长
单位表示的定量指标值）时报告；全部是完成率（名称含 ``completion_words`` 中的词：完成率、计划完成率、到位率……）为
``completion``，全部是百分比为 ``rates``，否则为比率与定性表述混合。数量指标中有级次系推断的指标，或有指标值不是目标（“**”、一段文字：由相应规则报告）的，
不判断。

**依据**：财预〔2021〕101号（数量指标反映提供的产品和服务数量；经验规则）

**选项**：``completion_words`` —— 完成率类指标名称中的词。
"""
    basis = "财预〔2021〕101号"
    severity = "warning"
    group = "structure"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        completion_words=words(lexicon("quantity_output")["completion"]),
    )

    def check(self, form):
        rows = [ind for ind in form.indicators if level2(ind) == QUANTITY and ind.target is not None]
        # a row the reader guessed or a value that is no target (**, a sentence) could be the missing quantity
        unsure = any(ind.guessed or ind.target.is_invalid for ind in rows)
        if not rows or unsure or any(physical(ind) for ind in rows):
            return
        rates = [ind for ind in rows if ind.target.is_quantitative and ind.target.dimension == "percent"]
        if len(rates) == len(rows):
            done = all(has_any(ind.name, self.options["completion_words"]) for ind in rows)
            variant = "completion" if done else "rates"
        else:
            variant = None
        first = rows[0]
        listed = "、".join(f"“{ind.name} {clean(ind.target.raw)}”" for ind in rows[:3]) + ("…" if len(rows) > 3 else "")
        yield self.problem(indicator_span(first), variant, indicator=first.name, suggest=True, count=len(rows),
                           rows=listed)
