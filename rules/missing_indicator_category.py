"""Checks that the indicator table has the 一级 categories the template requires."""
from perflint import taxonomy
from perflint.rule import Rule, options

from ._common import COST, is_cost, level1, lexicon, region


def _cost_years() -> dict:
    data = lexicon("cost_required_from")
    return {"templates": dict(data["templates"]), "regions": dict(data["regions"])}


class MissingIndicatorCategory(Rule):
    """A required 一级指标 (产出, 效益; 成本 where the template and year ask for it) has no indicator.

    **Why**: the indicator framework fixes the 一级 categories every project states. 产出 and 效益 are
    always required (an error). A 成本指标 is required by the national 2021 templates (财预〔2021〕101号) from
    the year in ``cost_required_from`` — for a region with a year of its own from that year (上海: from the
    2023 budget year; 上海市 2025 指引: every project should set one); the ``legacy`` and ``shanghai-2020``
    templates do not require one, and a self-evaluation is never asked for one (it reports on the
    targets as filed). A missing cost category is a warning. Which categories a form needs comes from
    its template profile, its year and its region (the header's 主管部门 / 实施单位 names). A form
    with no indicator table at all is reported once. A category named only by an empty 二级 is left to
    ``empty-indicator-group``.

    **Options**: ``optional`` — categories not to require even where the profile does (e.g. ``["成本指标"]``
    for batches filed before a region adopted cost indicators); ``cost_required_from`` — the first year
    a 成本指标 is required, by template and by region (``{"templates": {"national-2021": 2021},
    "regions": {"上海": 2023}}``).

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
    title_zh = "缺少一级指标类别"
    title_en = "Missing indicator category"
    basis = "财预〔2021〕101号"
    doc_zh = """**检查什么**：必需的一级指标（产出、效益；模板和年度要求时还有成本）下没有任何指标。

    **为什么**：指标体系规定了每个项目都要填报的一级类别。产出和效益始终必需（错误）。2021 年全国模板
    （财预〔2021〕101号）自 ``cost_required_from`` 中的年度起要求成本指标——有本地区年份的地区自该年起（上海：
    自 2023 预算年度起；上海市 2025 指引：每个项目都应设置成本指标）；``legacy`` 和 ``shanghai-2020`` 模板
    不要求，自评表也从不要求（它按申报时的目标报告）。缺少成本类别为警告。一张表需要哪些类别由其模板配置、
    年度和地区（表头的主管部门 / 实施单位名称）决定。完全没有指标表的表只报告一次。只有一个空的二级指标的
    类别交给 ``empty-indicator-group`` 报告。

    **选项**：``optional`` — 即使模板要求也不强制的类别（例如 ``["成本指标"]``，用于本地区采用成本指标
    之前报送的批次）；``cost_required_from`` — 开始要求成本指标的年度，按模板和地区
    （``{"templates": {"national-2021": 2021}, "regions": {"上海": 2023}}``）。

    **依据**：财预〔2021〕101号（约束性）

    **错误示例**::

        产出指标  数量指标  发放宣传资料份数  ≥18500(份)
        满意度指标 服务对象满意度指标 服务对象满意度 ≥85(%)
        （没有效益指标，也没有成本指标）

    **正确示例**::

        成本指标  经济成本指标  单场活动成本      ≤2(万元/场)
        产出指标  数量指标      发放宣传资料份数  ≥18500(份)
        效益指标  社会效益指标  政策知晓度        ≥85(%)
    """
    severity = "error"
    variant_severity = {"cost": "warning"}
    group = "structure"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options(
        optional={"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True,
                  "default": []},
        cost_required_from={
            "type": "object", "additionalProperties": False, "default": _cost_years(),
            "properties": {k: {"type": "object", "additionalProperties": {"type": "integer"}}
                           for k in ("templates", "regions")}},
    )

    def check(self, form):
        if not form.indicators and not form.empty_groups:
            yield self.problem(form.loc("indicators"), variant="no-indicators")
            return
        profile = taxonomy.profile(form.template)
        present = {level1(ind) for ind in form.indicators}
        if any(is_cost(ind) for ind in form.indicators):
            present.add(COST)
        named = {taxonomy.level1_of(l1 or "") or l1 for l1, _, _ in form.empty_groups}
        for category in profile.required:
            if category in present or category in named or category in self.options["optional"]:
                continue
            if category != COST:
                yield self.problem(form.loc("indicators"), suggest=True, category=category, profile=profile.label)
                continue
            since, where = self.cost_since(form)
            if form.kind == "target" and since is not None and form.year is not None and form.year >= since:
                yield self.problem(form.loc("indicators"), variant="cost", suggest=True, since=since,
                                   basis=f"{where}{since}年起要求" if where else profile.label + "要求")

    def cost_since(self, form) -> tuple[int | None, str | None]:
        """The first year a 成本指标 is asked of the form: its region's (上海 2023) when the region has one,
        else its template's; and the region."""
        years = {**_cost_years(), **self.options["cost_required_from"]}
        where = region(form)
        if where is not None and where in years["regions"]:
            return years["regions"][where], where
        return years["templates"].get(form.template), None
