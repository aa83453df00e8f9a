"""Checks that a project within one year asks for its whole total this year."""
from perflint.rule import Rule, options

from ._common import fmt_money, year_of


class SingleYearTotalMismatch(Rule):
    """A project that starts and ends in one year, but whose 项目资金总额 ≠ 年度资金申请总额.

    **Why**: when the whole project lies in one year, the money of the project and the money asked
    for this year are the same money; a difference means one of them is wrong, or the project really
    spans several years and its dates are wrong. Seed 002 has four such forms (e.g. 环境卫生和绿化市容管理:
    135,005,300 against 125,280,900). Compared in 元 within ``tolerance``.

    **Source**: form arithmetic (binding)

    **Options**: ``tolerance`` — the largest difference in 元 still taken as equal (default 1).

    **Bad**::

        计划开始日期  2023-01-01  计划完成日期  2023-12-31
        项目资金总额  135,005,300  年度资金申请总额  125,280,900

    **Good**::

        计划开始日期  2023-01-01  计划完成日期  2023-12-31
        项目资金总额  125,280,900  年度资金申请总额  125,280,900
    """

    code = "PF202"
    name = "single-year-total-mismatch"
    severity = "error"
    group = "funds"
    source = "binding"
    kinds = ("target",)
    options_schema = options(
        tolerance={"type": "number", "minimum": 0, "default": 1},
    )

    def check(self, form):
        start, end = year_of(form.start_date), year_of(form.end_date)
        total, annual = form.funds.get("total"), form.funds.get("annual")
        if start is None or start != end or total is None or annual is None:
            return
        if abs(total - annual) > self.options["tolerance"]:
            yield self.problem(form.loc("funds.total"), suggest=True, year=start,
                               total=fmt_money(total), annual=fmt_money(annual))
