"""Checks for 三级 indicators whose name is only a level name."""
from perflint import taxonomy
from perflint.finding import indicator_span
from perflint.rule import Rule, options


class IndicatorNamedAsLevel(Rule):
    """A 三级指标 is named like a level (``社会效益指标``, ``满意度``) instead of what it measures.

    **Why**: the 三级 is the concrete measure (``学员满意度``, ``政策知晓率``); a 三级 that repeats a 一级
    or 二级 name says nothing about what will be counted, and usually means a column was shifted
    when the form was filled. Rows whose levels the reader had to guess are not reported, nor
    satisfaction names (``服务对象满意度`` is both a 二级 alias and the standard 三级 measure).

    **Source**: 财预〔2021〕101号 framework (heuristic)

    **Bad**::

        效益指标  社会效益指标  社会效益  显著

    **Good**::

        效益指标  社会效益指标  政策知晓率  ≥85(%)
    """

    code = "PF110"
    name = "indicator-named-as-level"
    title_zh = "三级指标名称与层级名称相同"
    title_en = "Indicator named like a level"
    basis = "财预〔2021〕101号"
    doc_zh = """**检查什么**：三级指标的名称像一个层级（``社会效益指标``、``满意度``），而不是它所衡量的内容。

    **为什么**：三级指标是具体的衡量项（``学员满意度``、``政策知晓率``）；重复一级或二级名称的三级指标
    说不清要统计什么，通常是填表时错了一列。层级是推断出来的行不报告，满意度名称也不报告
    （``服务对象满意度`` 既是二级指标的别名，也是标准的三级指标）。

    **依据**：财预〔2021〕101号 指标框架（经验规则）
    """
    severity = "warning"
    group = "structure"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options()

    def check(self, form):
        for ind in form.indicators:
            if not ind.guessed and taxonomy.is_level_name(ind.name) and "满意" not in ind.name:
                yield self.problem(indicator_span(ind), indicator=ind.name, name=ind.name)
