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
    title_zh = "单年度项目总额与年度资金不符"
    title_en = "One-year project: total differs from the annual amount"
    basis = "表内勾稽关系"
    doc_zh = """**检查什么**：项目在同一年内开始和结束，但项目资金总额 ≠ 年度资金申请总额。

    **为什么**：项目整体在一年之内时，项目的资金和本年申请的资金是同一笔钱；两者不同说明其中一个有误，
    或者项目实际跨多个年度而日期填错了。样例 002 有四张这样的表（如环境卫生和绿化市容管理：
    135,005,300 对 125,280,900）。按元比较，差额在 ``tolerance`` 之内视为相等。

    **依据**：表内勾稽关系（约束性）

    **选项**：``tolerance`` — 仍视为相等的最大差额，单位元（默认 1）。
    """
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
