"""Checks that the fund lines of the header add up."""
from perflint.rule import Rule, options

from ._common import fmt_money


class FundSumMismatch(Rule):
    """The fund lines do not add up: 年度资金申请总额 ≠ 当年财政拨款 + 上年结转资金, or 项目资金总额 ≠ 财政资金 + 其他资金.

    **Why**: the header is arithmetic; a total that is not the sum of its parts means one of the
    amounts is wrong, and the budget system rejects it. A sum is only checked when the total and its
    first part are filled (an empty 上年结转资金 or 其他资金 counts as 0). Because the template prints
    其他资金 in both columns and the reader keeps one value, the annual sum is accepted with or without
    it. Amounts are compared in 元 within ``tolerance``.

    **Source**: form arithmetic (binding)

    **Options**: ``tolerance`` — the largest difference in 元 still taken as equal (default 1).

    **Bad**::

        年度资金申请总额:  768,000.00
        其中: 当年财政拨款  700,000.00
              上年结转资金  0.00

    **Good**::

        年度资金申请总额:  768,000.00
        其中: 当年财政拨款  768,000.00
              上年结转资金  0.00
    """

    code = "PF201"
    name = "fund-sum-mismatch"
    title_zh = "资金合计不符"
    title_en = "Fund lines do not add up"
    basis = "表内勾稽关系"
    doc_zh = """**检查什么**：资金各项合计不符：年度资金申请总额 ≠ 当年财政拨款 + 上年结转资金，或项目资金总额 ≠
    财政资金 + 其他资金。

    **为什么**：表头是算术关系；总额不等于各分项之和，说明其中某个金额有误，预算系统也会退回。只有总额
    和第一个分项都填写时才检查（空的上年结转资金或其他资金按 0 计）。由于模板在两栏都印有其他资金而
    只读取一个值，年度合计含或不含其他资金都接受。金额按元比较，差额在 ``tolerance`` 之内视为相等。

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
        f = form.funds
        tol = self.options["tolerance"]
        annual, appropriation = f.get("annual"), f.get("appropriation")
        if annual is not None and appropriation is not None:
            parts = appropriation + (f.get("carried_over") or 0)
            if abs(annual - parts) > tol and abs(annual - parts - (f.get("other") or 0)) > tol:
                yield self.problem(form.loc("funds.annual"), variant="annual", total=fmt_money(annual),
                                   appropriation=fmt_money(appropriation),
                                   carried_over=fmt_money(f.get("carried_over") or 0), parts=fmt_money(parts))
        total, fiscal = f.get("total"), f.get("fiscal")
        if total is not None and fiscal is not None:
            parts = fiscal + (f.get("other") or 0)
            if abs(total - parts) > tol:
                yield self.problem(form.loc("funds.total"), variant="total", total=fmt_money(total),
                                   fiscal=fmt_money(fiscal), other=fmt_money(f.get("other") or 0),
                                   parts=fmt_money(parts))
