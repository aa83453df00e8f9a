"""The reader holds whatever separators a form arrives with (issue 10).

Each family expectation is written out as a plain tab form (``families.render_twins``) and then in every
other layout the real forms come in: pipe rows with and without leading pipes, cells one a line closing with
` |` and rows between lines of pipes, cells one a paragraph, space-aligned columns, a whole form on one line.
Blank lines are added and removed and page boilerplate is put around the form and inside it. Every variant
must read to the expectation: a layout is separators, not a new form. The variants are made from the
expectation, not from the reader's own splitting, so the test does not grade the reader by itself.
"""
from __future__ import annotations

import pytest

import families as fam
from perflint.reader import read_text

CASES = [c for c in fam.cases() if all(not f.get("defects") for f in c.forms)]

BOILERPLATE_TOP = ["首页 > 信息公开 > 财政资金 > 预算公开", "发布时间：2025-03-12 09:30  来源：本站  阅读次数：128",
                   "【字体：大 中 小】 【打印】 【关闭】"]
BOILERPLATE_BOTTOM = ["扫一扫在手机打开当前页", "主办单位：某某市人民政府办公室  网站标识码：1234567890",
                      "ICP备12345678号-1  公网安备 12345678901234号", "版权所有 © 2025 某某市人民政府"]


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.split("\n")]


def pipe_rows(text: str) -> str:
    """a | b | ||| — pipe rows without a leading pipe, padded with empty cells."""
    return "\n".join(" | ".join(row) + " | ||" if any(row) else "" for row in _rows(text))


def markdown(text: str) -> str:
    return "\n".join("| " + " | ".join(row) + " |" if any(row) else "" for row in _rows(text))


def cell_lines(text: str) -> str:
    """A flattened HTML table: a cell a line closing with ' |', rows between lines of pipes."""
    out = []
    for row in _rows(text):
        if not any(row):
            continue
        out.extend(f"{cell} |" if cell else "|" for cell in row)
        out.append("||||")
    return "\n".join(out)


def paragraphs(text: str) -> str:
    """A document preview: a cell a paragraph, blank lines between."""
    return "\n\n".join(cell for row in _rows(text) for cell in row if cell.strip())


def space_aligned(text: str) -> str:
    return "\n".join("    ".join(c for c in row if c.strip()) for row in _rows(text))


def one_line(text: str) -> str:
    """A Word table turned into text: the whole form on one line, cells between single spaces, after a
    line of document metadata."""
    body = " ".join(c.strip() for row in _rows(text) for c in row if c.strip())
    return "张三 admin 2023-11-02T08:44:05Z 5E8A91C2D07F4A66B13F0A9C77E21D04\n" + body


def more_blank_lines(text: str) -> str:
    return "\n\n".join(text.split("\n"))


def boilerplate(text: str) -> str:
    lines = text.split("\n")
    middle = len(lines) // 2
    return "\n".join(BOILERPLATE_TOP + lines[:middle] + ["上一篇：关于印发某某办法的通知"] + lines[middle:]
                     + BOILERPLATE_BOTTOM)


LAYOUTS = {"pipe-rows": pipe_rows, "markdown": markdown, "cell-lines": cell_lines, "paragraphs": paragraphs,
           "space-aligned": space_aligned, "one-line": one_line, "blank-lines": more_blank_lines,
           "boilerplate": boilerplate, "cell-lines+boilerplate": lambda t: boilerplate(cell_lines(t)),
           "paragraphs+boilerplate": lambda t: boilerplate(paragraphs(t))}
# layouts that drop the empty cells of the head: which column a lone goal text or an amount stood in (项目总目标
# or 年度总体目标 when only one is filled, 财政资金 or 当年财政拨款) is gone with them, so only what does not
# depend on it is compared there: the kind, the project and its units, and the whole indicator table
DROPS_EMPTY_CELLS = {"paragraphs", "space-aligned", "one-line", "paragraphs+boilerplate"}
POSITION_FREE = ("kind", "template", "project", "department", "implementer", "indicators", "self_eval")


def _twin_of_one(case: fam.Case, i: int) -> str:
    return fam.render_twin(case.forms[i])


# where the reader still falls short, with the reason; strict, so that a fix is noticed (none today)
GAPS: dict[tuple[str, str], str] = {}


def _param(case: fam.Case, i: int, name: str):
    gap = GAPS.get((case.id, name))
    marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
    return pytest.param(case, i, name, id=f"{case.id}#{i}-{name}", marks=marks)


PARAMS = [_param(case, i, name) for case in CASES for i in range(len(case.forms)) for name in LAYOUTS]


@pytest.mark.parametrize("case,index,layout", PARAMS)
def test_a_form_reads_alike_in_every_layout(case, index, layout):
    expected = case.forms[index]
    if layout in DROPS_EMPTY_CELLS:
        expected = {k: v for k, v in expected.items() if k in POSITION_FREE}
    text = LAYOUTS[layout](_twin_of_one(case, index))
    result = read_text(text, f"{case.path.stem}.{layout}.txt")
    forms = [f for f in result.forms if f.indicators]
    assert len(forms) == 1, (layout, [f.project for f in result.forms], result.errors)
    problems = fam.compare(expected, forms[0])
    assert not problems, f"{case.id} form {index} as {layout}:\n  " + "\n  ".join(problems)
