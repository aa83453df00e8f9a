"""A self-evaluation's budget block whose line names each column before its value (河北: ``预算数 8.64 到位数
8.64 执行数 8.64 100.00``) and whose 其中 lines repeat their label over each column: the values by their
column names, in any order and with any separator; numbers after the last pair take the columns the head
names and the pairs do not."""
from __future__ import annotations

from pathlib import Path

import pytest

from perflint.reader import read_bytes

FORM = (Path(__file__).parent / "fixtures/families/09-regional/hebei-weight-share.txt").read_text("utf-8")
HEAD = "二、预算执行情况 预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%)"
LINE = "预算数 8.64 到位数 8.64 执行数 8.64 100.00"
FISCAL = "其中:财政资金 8.64 其中:财政资金 8.64 其中:财政资金 8.64"


def read(head: str, line: str, fiscal: str, sep: str = " "):
    text = FORM.replace(HEAD, head).replace(LINE, line).replace(FISCAL, fiscal)
    text = "\n".join(sep.join(row.split(" ")) for row in text.splitlines())
    (form,) = read_bytes(text.encode("utf-8"), "budget.txt").forms
    se = form.self_eval
    return ((se.budget_initial, se.budget_full_year, se.executed, se.exec_rate),
            [(x["name"], x["full_year"], x["executed"]) for x in se.lines], form)


@pytest.mark.parametrize("sep", [" ", "\t", " | "])
@pytest.mark.parametrize("head, line, fiscal, budget, lines", [
    (HEAD, LINE, FISCAL, (None, 86400.0, 86400.0, 100.0), [("fiscal", 86400.0, 86400.0)]),
    ("二、预算执行情况 预算安排情况 资金到位情况 资金执行情况 预算执行进度", "预算数 120.5 到位数 110 执行数 100 83.0",
     "其中:财政资金 120.5 其中:财政资金 110 其中:财政资金 100", (None, 1205000.0, 1000000.0, 83.0),
     [("fiscal", 1205000.0, 1000000.0)]),
    ("二、预算执行情况 年初预算数 全年预算数 全年执行数 执行率", "年初预算数 50 全年预算数 60 全年执行数 54 90.00",
     "其中:财政资金 50 其中:财政资金 60 其中:财政资金 54", (500000.0, 600000.0, 540000.0, 90.0),
     [("fiscal", 600000.0, 540000.0)]),
    # the pairs in another order, under a head in that order
    ("二、预算执行情况 资金执行情况 预算安排情况", "执行数 7 预算数 8", "其中:财政资金 7 其中:财政资金 8",
     (None, 80000.0, 70000.0, None), [("fiscal", 80000.0, 70000.0)]),
    # no column head at all: the pairs alone name the columns
    ("二、预算执行情况", "预算数 8.64 执行数 8.0", "其中:财政资金 8.64 8.0", (None, 86400.0, 80000.0, None),
     [("fiscal", 86400.0, 80000.0)]),
])
def test_budget_line_of_named_values(head, line, fiscal, budget, lines, sep):
    got_budget, got_lines, form = read(head, line, fiscal, sep)
    assert got_budget == budget and got_lines == lines
    assert form.funds["annual"] == budget[1] and form.kind == "self_eval"
    assert [i.name for i in form.indicators][:2] == ["符合条件对象覆盖率", "补贴发放准确率"]


def test_a_label_repeated_over_a_target_forms_columns_stays_two_fields():
    """其中：财政拨款 under 项目资金总额 and again under 年度资金 are two figures, not one line."""
    text = ("项目名称\t社区养老服务\n主管部门\t某区民政局\n实施单位\t某区养老服务中心\n"
            "项目资金（万元）\t项目资金总额\t1260.00\t年度资金总额\t420.00\n"
            "\t其中：财政拨款\t1260.00\t其中：财政拨款\t420.00\n")
    (form,) = read_bytes(text.encode("utf-8"), "t.txt").forms
    assert form.funds["total"] == 12600000.0 and form.funds["annual"] == 4200000.0
    assert form.funds["appropriation"] == 4200000.0
