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
