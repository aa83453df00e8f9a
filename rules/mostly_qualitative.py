"""Checks the share of qualitative targets in a form."""
from perflint.rule import Rule, options

from ._common import is_management


class MostlyQualitative(Rule):
    """More than half of the form's targets (``threshold``) are qualitative words.

    **Why**: 财预〔2015〕88号 asks for targets to be quantified wherever possible (尽量定量); a form of
    ``提升``, ``良好`` and ``及时`` cannot be evaluated. The share is qualitative / (qualitative +
    quantitative) over the 三级 rows; invalid values are left to their own rules and the 上海 2020
    投入与管理 block (qualitative by design) is not counted. Forms with fewer than ``min_indicators``
    targets are not judged.

    **Source**: 财预〔2015〕88号 (heuristic)

    **Options**: ``threshold`` — the share above which the form is reported (default 0.5);
    ``min_indicators`` — the fewest targets to judge (default 4).

    **Bad**::

        质量指标      资金使用合规性  合规
        时效指标      计划完成及时性  及时
        经济效益指标  投资额增减程度  增加
        社会效益指标  以商引商情况    良好

    **Good**::

        质量指标      验收合格率      ≥95(%)
        时效指标      按期完成率      =100(%)
        经济效益指标  新增投资额      ≥5(亿元)
        社会效益指标  以商引商企业数  ≥10(家)
    """

    code = "PF310"
    name = "mostly-qualitative"
    title_zh = "定性指标占比过高"
    title_en = "Mostly qualitative targets"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：表中超过一半（``threshold``）的目标是定性词。

    **为什么**：财预〔2015〕88号要求目标尽量定量；由 ``提升``、``良好`` 和 ``及时`` 组成的表无法评价。比例
    为三级指标中 定性 / (定性 + 定量)；无效的指标值由各自的规则报告，上海 2020 模板的“投入与管理”部分
    （本来就是定性的）不计入。目标少于 ``min_indicators`` 个的表不作判断。

    **依据**：财预〔2015〕88号（经验规则）

    **选项**：``threshold`` — 超过这一比例即报告（默认 0.5）；``min_indicators`` — 作判断所需的最少目标数
    （默认 4）。
    """
    severity = "warning"
    group = "values"
    source = "heuristic"
    kinds = ("target", "self_eval")
    options_schema = options(
        threshold={"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
        min_indicators={"type": "integer", "minimum": 1, "default": 4},
    )

    def check(self, form):
        rows = [i for i in form.indicators if i.target is not None and not i.target.is_invalid
                and not is_management(i)]
        if len(rows) < self.options["min_indicators"]:
            return
        qualitative = sum(1 for i in rows if i.target.is_qualitative)
        share = qualitative / len(rows)
        if share > self.options["threshold"]:
            yield self.problem(form.loc("indicators"), suggest=True, qualitative=qualitative, total=len(rows),
                               percent=round(share * 100), threshold=round(self.options["threshold"] * 100))
