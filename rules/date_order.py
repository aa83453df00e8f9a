"""Checks that the planned dates are in order and cover the form's year."""
from perflint.rule import Rule, options

from ._common import parse_date


class DateOrder(Rule):
    """The planned completion date is before the start date, or the period does not cover the form's year.

    **Why**: a target form declares what the project will do in its budget year (``(2026 年度)``); a
    period that ends before it starts, or that lies wholly outside that year, means a date was mistyped
    or the form was copied from another year. A multi-year period that includes the year is fine.

    **Source**: form consistency (binding)

    **Bad**::

        (2026 年度)
        计划开始日期  2026-01-01  计划完成日期  2025-12-31

    **Good**::

        (2026 年度)
        计划开始日期  2026-01-01  计划完成日期  2026-12-31
    """

    code = "PF203"
    name = "date-order"
    title_zh = "计划日期有误"
    title_en = "Planned dates reversed or outside the year"
    basis = "表内一致性"
    doc_zh = """**检查什么**：计划完成日期早于开始日期，或计划期间不包含表的年度。

    **为什么**：绩效目标申报表申报的是项目在预算年度（``(2026 年度)``）内要做的事；结束早于开始，或整个
    期间都在该年度之外，说明日期打错了，或表格是从其他年度复制的。包含该年度的跨年期间没有问题。

    **依据**：表内一致性（约束性）
    """
    severity = "error"
    group = "funds"
    source = "binding"
    kinds = ("target",)
    options_schema = options()

    def check(self, form):
        start, end = parse_date(form.start_date), parse_date(form.end_date)
        if start and end and end < start:
            yield self.problem(form.loc("end_date"), variant="reversed", start=form.start_date, end=form.end_date)
            return
        if form.year is None:
            return
        if (start and start[0] > form.year) or (end and end[0] < form.year):
            key = "start_date" if start and start[0] > form.year else "end_date"
            yield self.problem(form.loc(key), variant="outside-year", year=form.year,
                               start=form.start_date or "", end=form.end_date or "")
