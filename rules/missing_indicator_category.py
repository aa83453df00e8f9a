"""Checks that the indicator table has the 一级 categories the template requires."""
from perflint import taxonomy
from perflint.rule import Rule, options

from ._common import is_cost, level1


class MissingIndicatorCategory(Rule):
    """A required 一级指标 (产出, 效益; 成本 under the 2021 national framework) has no indicator.

    **Why**: the indicator framework fixes the 一级 categories every project states. 产出 and 效益 are
    always required; since 财预〔2021〕101号 a 成本指标 is required as well (上海市 2025 指引: every
    project should set one). Which categories a form needs comes from its template profile
    (``national-2021``, ``legacy``, ``shanghai-2020``). A form with no indicator table at all is
    reported once. A category named only by an empty 二级 is left to ``empty-indicator-group``.

    **Options**: ``optional`` — categories not to require even where the profile does (e.g. ``["成本指标"]``
    for batches filed before a region adopted cost indicators).

    **Source**: 财预〔2021〕101号 (binding)

    **Bad**::

        产出指标  数量指标  发放宣传资料份数  ≥18500(份)
        满意度指标 服务对象满意度指标 服务对象满意度 ≥85(%)
        (no 效益指标, no 成本指标)

    **Good**::

        成本指标  经济成本指标  单场活动成本      ≤2(万元/场)
        产出指标  数量指标      发放宣传资料份数  ≥18500(份)
        效益指标  社会效益指标  政策知晓度        ≥85(%)
    """

    code = "PF102"
    name = "missing-indicator-category"
    severity = "error"
    group = "structure"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options(
        optional={"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True,
                         "default": []},
    )

    def check(self, form):
        if not form.indicators and not form.empty_groups:
            yield self.problem(form.loc("indicators"), variant="no-indicators")
            return
        profile = taxonomy.profile(form.template)
        present = {level1(ind) for ind in form.indicators}
        if any(is_cost(ind) for ind in form.indicators):
            present.add("成本指标")
        named = {taxonomy.level1_of(l1 or "") or l1 for l1, _, _ in form.empty_groups}
        for category in profile.required:
            if category in present or category in named or category in self.options["optional"]:
                continue
            yield self.problem(form.loc("indicators"), suggest=True, category=category, profile=profile.label)
