"""PF507: how the 90 indicator points are split between 产出, 效益 and 满意度."""
from __future__ import annotations

from typing import Iterable

from perflint.finding import Problem, indicator_span
from perflint.model import Form

from ._scoring import SelfEvalRule, self_eval_options, close, profile_of, round2


class CategoryWeights(SelfEvalRule):
    """The indicator weights depart from the default split 产出 50 / 效益 30 / 满意度 10.

    **Why**: 10号 suggests this split so that outputs and effects dominate; a form that gives 满意度 20
    points or 效益 10 is worth a second look, but provinces and projects legitimately differ, so this
    is information only, and off by default: select it by code or name (``--extend-select PF507``). A
    form gets one finding, listing each category whose points differ.

    **Source**: 财预〔2020〕10号 附件 (原则上 产出 50、效益 30、满意度 10). 成本指标 counts where the profile
    says (``category_merge``: with 产出 in the national profile). Categories missing from the form are
    left to the structure rules; a form whose 一级指标 the profile does not know (上海 2020 template) is
    skipped.

    **Options**: ``weights`` (object 一级指标 → points, default: the profile's), ``tolerance``, ``profile``.

    **Bad** (产出 40, 效益 30, 满意度 20)::

        满意度指标  服务对象满意度指标  活动满意度  ≥90(%)  95(%)  20.00  20.00

    **Good** (产出 with 成本 50, 效益 30, 满意度 10)::

        满意度指标  服务对象满意度指标  活动满意度  ≥90(%)  95(%)  10.00  10.00
    """

    code = "PF507"
    name = "category-weights"
    title_zh = "各类指标分值偏离参考分配"
    title_en = "Category weights differ from the default split"
    basis = "财预〔2020〕10号 附件"
    doc_zh = """**检查什么**：指标分值偏离参考分配 产出 50 / 效益 30 / 满意度 10。

    **为什么**：10号文建议这样分配，使产出和效益占主导；满意度给 20 分或效益只给 10 分的表值得再看一眼，
    但各省和各项目确有合理差异，因此这只是提示，且默认不启用：按代码或名称选择（``--extend-select PF507``）。
    每张表一条问题，列出分值不同的各个类别。

    **依据**：财预〔2020〕10号 附件（原则上 产出 50、效益 30、满意度 10）。成本指标按评分配置计入
    （``category_merge``：全国配置中计入产出）。表中缺少的类别交给结构类规则；评分配置不认识其一级指标的表
    （上海 2020 模板）跳过。

    **选项**：``weights``（一级指标 → 分值的对象，默认取评分配置）、``tolerance``、``profile``。

    **错误示例**（产出 40，效益 30，满意度 20）::

        满意度指标  服务对象满意度指标  活动满意度  ≥90(%)  95(%)  20.00  20.00

    **正确示例**（产出含成本 50，效益 30，满意度 10）::

        满意度指标  服务对象满意度指标  活动满意度  ≥90(%)  95(%)  10.00  10.00
    """
    severity = "info"
    opt_in = True
    source = "heuristic"
    options_schema = self_eval_options(
        weights={"type": ["object", "null"], "additionalProperties": {"type": "number"}, "default": None},
        tolerance={"type": "number", "minimum": 0, "default": 0.01},
    )

    def check(self, form: Form) -> Iterable[Problem]:
        if form.self_eval is None:
            return
        profile = profile_of(self)
        expected = self.options["weights"] or profile.category_weights
        sums: dict[str, float] = {}
        seen: set[str] = set()
        for ind in form.indicators:
            if ind.weight is None:
                continue
            category = profile.category_of(ind.level1)
            if category not in expected:
                return
            sums[category] = sums.get(category, 0.0) + ind.weight
            seen.add(ind.level1 or "")
        if all(close(got, expected[c], self.options["tolerance"]) for c, got in sums.items()):
            return
        got, want = [], []
        for category in expected:
            # name what was counted in: 产出（含成本）
            merged = "、".join(k.removesuffix("指标") for k, v in profile.category_merge.items()
                              if v == category and k != v and k in seen)
            label = category.removesuffix("指标") + (f"（含{merged}）" if merged else "")
            got.append(f"{label}{round2(sums.get(category, 0.0)):g}")
            want.append(f"{category.removesuffix('指标')}{expected[category]:g}")
        ind = next(i for i in form.indicators if i.weight is not None)
        yield self.problem(indicator_span(ind), indicator=ind.name, split="、".join(got), expected="、".join(want))
