"""Checks that the form measures the satisfaction of those served."""
from perflint.finding import indicator_span
from perflint.rule import Rule, options

from ._common import has_any, is_satisfaction_row, level1, level2


class MissingSatisfactionIndicator(Rule):
    """No 满意度 (satisfaction) indicator in the form, or a satisfaction group that measures no satisfaction.

    **Why**: 满意度 carries 10 of the 100 self-evaluation points (财预〔2020〕10号) and the 2021 framework
    makes 服务对象满意度 a 一级 category of its own. A row counts when it sits under 满意度指标 /
    服务对象满意度指标 (the 上海 2020 template keeps satisfaction under 效果目标, which counts) or its name
    says 满意度. When the satisfaction group holds only rows whose name measures something else
    (``使用者投诉率 <10%``), the rule reports that row: a complaint rate is not a satisfaction survey.

    **Source**: 财预〔2021〕101号, 财预〔2020〕10号 (binding)

    **Options**: ``measure_words`` — words a satisfaction row's name must contain (default 满意, 好评).

    **Bad**::

        满意度指标  服务对象满意度指标  使用者投诉率  <10%

    **Good**::

        满意度指标  服务对象满意度指标  学员满意度  ≥90(%)
    """

    code = "PF103"
    name = "missing-satisfaction-indicator"
    title_zh = "缺少满意度指标"
    title_en = "No satisfaction indicator"
    basis = "财预〔2021〕101号、财预〔2020〕10号"
    doc_zh = """**检查什么**：表中没有满意度指标，或满意度指标组里没有真正衡量满意度的指标。

    **为什么**：满意度在 100 分的自评中占 10 分（财预〔2020〕10号），2021 年的框架把服务对象满意度列为
    单独的一级类别。一行指标在满意度指标 / 服务对象满意度指标之下（上海 2020 模板把满意度放在效果目标
    之下，同样算数），或名称中含“满意度”，即算作满意度指标。满意度组内只有衡量其他内容的指标时
    （``使用者投诉率 <10%``），报告该行：投诉率不是满意度调查。

    **依据**：财预〔2021〕101号、财预〔2020〕10号（约束性）

    **选项**：``measure_words`` — 满意度指标名称必须包含的词（默认：满意、好评）。
    """
    severity = "error"
    group = "structure"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options(
        measure_words={"type": "array", "items": {"type": "string"}, "default": ["满意", "好评"]},
    )

    def check(self, form):
        if not form.indicators:
            return  # missing-indicator-category reports the missing table
        rows = [ind for ind in form.indicators if is_satisfaction_row(ind)]
        words = self.options["measure_words"]
        if any(has_any(ind.name, words) for ind in rows):
            return
        if rows:
            first = rows[0]
            yield self.problem(indicator_span(first), variant="not-measured", indicator=first.name,
                               suggest=True, name=first.name, level1=level1(first) or "", level2=level2(first) or "")
            return
        if any("满意度" in (l1 or "") + l2 for l1, l2, _ in form.empty_groups):
            return  # an empty 满意度 group: empty-indicator-group says so
        yield self.problem(form.loc("indicators"), suggest=True)
