"""Checks that a form sets enough indicators to judge the project by."""
from perflint.rule import Rule, options


class TooFewIndicators(Rule):
    """The form sets fewer 三级指标 than the minimum (3 by default).

    **Why**: one or two indicators cannot cover output, effect and satisfaction; local evaluation
    rules commonly ask for at least three. The minimum is the ``minimum`` option.

    **Source**: local review practice (heuristic)

    **Options**: ``minimum`` — the fewest indicators a form may set (default 3).

    **Bad**::

        产出指标  数量指标  培训人次  ≥600(人次)
        (the only indicator)

    **Good**::

        产出指标    数量指标            培训人次      ≥600(人次)
        效益指标    社会效益指标        学员技能提升  ≥80(%)
        满意度指标  服务对象满意度指标  学员满意度    ≥90(%)
    """

    code = "PF107"
    name = "too-few-indicators"
    title_zh = "指标数量过少"
    title_en = "Too few indicators"
    basis = ""
    doc_zh = """**检查什么**：表中设置的三级指标少于下限（默认 3 个）。

    **为什么**：一两个指标无法覆盖产出、效益和满意度；各地的评审规则通常要求至少三个。下限由选项
    ``minimum`` 设定。

    **依据**：地方审核实践（经验规则）

    **选项**：``minimum`` — 一张表至少应设置的指标数（默认 3）。

    **错误示例**::

        产出指标  数量指标  培训人次  ≥600(人次)
        （唯一的指标）

    **正确示例**::

        产出指标    数量指标            培训人次      ≥600(人次)
        效益指标    社会效益指标        学员技能提升  ≥80(%)
        满意度指标  服务对象满意度指标  学员满意度    ≥90(%)
    """
    severity = "warning"
    group = "structure"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        minimum={"type": "integer", "minimum": 1, "default": 3},
    )

    def check(self, form):
        n = len(form.indicators)
        if 0 < n < self.options["minimum"]:
            yield self.problem(form.loc("indicators"), count=n, minimum=self.options["minimum"])
