"""Checks that the header names the project, the units, the money and the period."""
from perflint.rule import Rule, options

from ._common import budget

FIELDS = ("project", "department", "implementer", "project_type", "funds", "start_date", "end_date")
LABELS = {"project": "项目名称", "department": "主管部门", "implementer": "实施单位", "project_type": "项目类别",
          "funds": "项目资金", "start_date": "计划开始日期", "end_date": "计划完成日期"}
# where to point when a field is empty and the reader kept no position for it: the label shares a row
NEAR = {"project": ("project_type", "year"), "department": ("implementer", "project"),
        "implementer": ("department", "project"), "project_type": ("project",),
        "start_date": ("end_date", "year"), "end_date": ("start_date", "year"),
        "funds.annual": ("funds.total", "funds.appropriation")}
# the self-evaluation template has no planned dates
NOT_IN_SELF_EVAL = ("start_date", "end_date", "project_type")


class MissingHeaderField(Rule):
    """A required header field (项目名称, 主管部门, 实施单位, 项目资金, 计划开始/完成日期) is empty.

    **Why**: the header identifies the project and its money; a form without them cannot be filed
    against a budget line. Which fields are required is an option (``required``); a field is asked only
    of forms whose template has it — its label is on the form (the national 2021 templates have no
    计划开始/完成日期, some have a 项目期 instead) — and the dates only of target forms, since the
    self-evaluation template has none. The 上海 2020 template names a
    single 申报单位: there one unit (主管部门 or 实施单位) satisfies both.

    **Source**: 财预〔2015〕88号 (completeness of the target form; binding)

    **Options**: ``required`` — fields from project, department, implementer, project_type, funds,
    start_date, end_date (default: all but project_type).

    **Bad**::

        项目名称    商务接待
        主管部门                      (empty)

    **Good**::

        项目名称    商务接待
        主管部门    上海市松江区经济委员会
    """

    code = "PF101"
    name = "missing-header-field"
    title_zh = "缺少表头必填项"
    title_en = "Missing header field"
    basis = "财预〔2015〕88号"
    doc_zh = """**检查什么**：表头的必填项（项目名称、主管部门、实施单位、项目资金、计划开始/完成日期）为空。

    **为什么**：表头说明是哪个项目、用多少钱；缺少这些内容的表无法对应到预算项目。哪些字段必填由选项
    ``required`` 决定；只对模板中有该字段的表要求——表上有它的标签（2021 年全国模板没有计划开始/完成日期，
    有的模板改为“项目期”）——计划日期只对绩效目标申报表要求，自评表模板没有日期栏。上海 2020 模板只有一个
    “申报单位”：这时一个单位（主管部门或实施单位）同时满足两项。

    **依据**：财预〔2015〕88号（目标申报表的完整性；约束性）

    **选项**：``required`` — 必填字段，取自 project、department、implementer、project_type、funds、
    start_date、end_date（默认：除 project_type 外全部）。

    **错误示例**::

        项目名称    商务接待
        主管部门                      （空）

    **正确示例**::

        项目名称    商务接待
        主管部门    上海市松江区经济委员会
    """
    severity = "error"
    group = "structure"
    source = "binding"
    kinds = ("target", "self_eval")
    options_schema = options(
        required={"type": "array", "items": {"enum": list(FIELDS)}, "uniqueItems": True,
                         "default": ["project", "department", "implementer", "funds", "start_date", "end_date"]},
    )

    def check(self, form):
        for key in self.options["required"]:
            if form.kind == "self_eval" and key in NOT_IN_SELF_EVAL:
                continue
            if self._present(form, key) or not self._asked(form, key):
                continue
            where = "funds.annual" if key == "funds" else key
            for candidate in (where, *NEAR.get(where, ())):
                if candidate in form.locations:
                    where = candidate
                    break
            yield self.problem(form.loc(where), field=LABELS[key])

    @staticmethod
    def _asked(form, key):
        """Whether the form's template has the field: its label is on the form. The project and its money
        are asked of every form (a 部门整体支出 form names its 部门 instead of a project)."""
        if key == "project":
            return "department_name" not in form.header_fields or "project" in form.header_fields
        if key == "funds":
            return True
        return key in form.header_fields or not form.header_fields

    @staticmethod
    def _present(form, key):
        if key == "funds":
            amounts = ("total", "annual", "fiscal", "appropriation")
            return budget(form) is not None or any(form.funds.get(k) is not None for k in amounts)
        if key in ("department", "implementer") and form.template == "shanghai-2020":
            return bool((form.department or "").strip() or (form.implementer or "").strip())
        return bool((getattr(form, key) or "").strip())
