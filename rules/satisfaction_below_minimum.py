"""Checks that satisfaction targets are floors of at least the usual minimum."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options

from ._common import clean, has_any, is_upper_bound, op


class SatisfactionBelowMinimum(Rule):
    """A satisfaction target below the minimum (85% by default), or not stated as a floor (``≤90%``, ``=100%``).

    **Why**: satisfaction is stated as the least share of satisfied users, ``≥85%`` in common practice
    (a local convention, not a national rule: the minimum is the ``minimum`` option). ``≥60%`` promises
    little, ``≤90%`` caps it and ``=100%`` sets an exact survey result no project can plan for (variants
    ``below``, ``cap``, ``exact``; a missing operator is ``missing-operator``'s). Rows are those whose name measures satisfaction (a word of
    ``measure_words``); a complaint rate in the satisfaction group is ``missing-satisfaction-indicator``'s
    business, and a qualitative ``满意`` is ``qualitative-where-quantitative``'s.

    **Source**: local practice (heuristic)

    **Options**: ``minimum`` — the lowest acceptable satisfaction floor in % (default 85);
    ``measure_words`` — name fragments of satisfaction measures (default 满意, 好评).

    **Bad**::

        满意度指标  服务对象满意度指标  服务对象满意度  ≥60(%)

    **Good**::

        满意度指标  服务对象满意度指标  服务对象满意度  ≥85(%)
    """

    code = "PF311"
    name = "satisfaction-below-minimum"
    title_zh = "满意度目标偏低"
    title_en = "Satisfaction target below the minimum"
    basis = ""
    doc_zh = """**检查什么**：满意度目标低于下限（默认 85%），或没有写成下限（``≤90%``、``=100%``）。

    **为什么**：满意度以满意用户所占的最低比例表示，通常为 ``≥85%``（这是地方惯例，不是全国统一规定：
    下限由选项 ``minimum`` 设定）。``≥60%`` 承诺太低，``≤90%`` 给它设了上限，``=100%`` 定了一个任何项目都
    无法计划的确切调查结果（变体 ``below``、``cap``、``exact``；缺少比较符号由 ``missing-operator`` 报告）。
    判断的行是名称衡量满意度的行（含 ``measure_words`` 中的词）；满意度组中的投诉率由
    ``missing-satisfaction-indicator`` 处理，定性的 ``满意`` 由 ``qualitative-where-quantitative`` 处理。

    **依据**：地方惯例（经验规则）

    **选项**：``minimum`` — 可接受的满意度下限，单位 %（默认 85）；``measure_words`` — 满意度衡量项的
    名称片段（默认：满意、好评）。
    """
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        minimum={"type": "number", "minimum": 0, "maximum": 100, "default": 85},
        measure_words={"type": "array", "items": {"type": "string"}, "default": ["满意", "好评"]},
    )

    def check(self, form):
        minimum = self.options["minimum"]
        for ind in form.indicators:
            t = ind.target
            if t is None or not t.is_quantitative or t.dimension != "percent" or t.base_value is None:
                continue
            if not has_any(ind.name, self.options["measure_words"]):
                continue
            o = op(t)
            if is_upper_bound(o):
                variant = "cap"
            elif t.base_value < minimum:
                variant = "below"
            elif o == "=" and t.value_max is None:
                variant = "exact"
            else:
                continue
            yield self.problem(indicator_span(ind, value=True), variant=variant, indicator=ind.name,
                               suggest=True, name=ind.name, raw=clean(t.raw), minimum=minimum)
