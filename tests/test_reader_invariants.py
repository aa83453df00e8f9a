"""What the reader never does, on any fixture (issue 10): make an indicator of punctuation, a column header,
a level label or page boilerplate — nor let a finding accuse one; and when it cannot read a table it says so
once and holds the accusing rules back."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from perflint import taxonomy
from perflint.config import Config
from perflint.engine import Linter
from perflint.reader import read_path, read_text

ROOT = Path(__file__).resolve().parent
FIXTURES = sorted(p for p in (ROOT / "fixtures").rglob("*.txt"))

# what no indicator is called, written here independently of the reader's vocabulary lookups
HEADERS = {"一级指标", "二级指标", "三级指标", "指标值", "年度指标值", "指标目标值", "实际完成值", "分值", "得分", "权重",
           "指标名称", "计算符号", "度量单位", "计量单位", "目标值", "完成值", "指标值说明", "偏差原因分析及改进措施",
           "年度(/项目)指标值", "指标性质", "备注", "绩效指标", "绩效目标", "总分", "合计", "评分等级", "项目名称",
           "主管部门", "实施单位", "年度总体目标", "项目总目标", "预期目标", "实际完成情况", "计划标准", "历史标准",
           "行业标准"}
BOILERPLATE = re.compile(r"扫一扫|ICP|公网安备|版权所有|Copyright|发布时间|阅读次数|浏览次数|首页\s*>|打印|关闭窗口|"
                         r"网站标识码|下载|全文预览|\.(?:xlsx?|docx?|pdf)$")
PUNCTUATION = re.compile(r"^[\W_]*$")


def _bad_name(name: str) -> str | None:
    s = re.sub(r"\s+", "", name)
    if len(s) <= 1 or PUNCTUATION.match(s):
        return "punctuation"
    if re.sub(r"[:：]$", "", s) in HEADERS:
        return "a header"
    if taxonomy.is_level_name(s) and not s.endswith("满意度"):
        return "a level label"     # 服务对象满意度 may name the indicator of its own group
    if BOILERPLATE.search(s):
        return "boilerplate"
    if re.fullmatch(r"(?:指标)?[(（]?\d{1,3}[)）]?[.、:：]?|[\d.,%]+", s):
        return "a number"
    return None


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeError:
            continue
    return raw.decode("utf-8", "replace")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_no_indicator_is_punctuation_a_header_a_level_or_boilerplate(path):
    result = read_path(str(path))
    bad = [(f.index, i.line, i.name, why) for f in result.forms for i in f.indicators
           if (why := _bad_name(i.name))]
    assert not bad, bad
    linter = Linter(Config())
    report = linter.lint_result(result)
    quoted = [(f.code, f.line, f.indicator, why) for f in report.findings + linter.finish(report.digests)
              if f.indicator and (why := _bad_name(f.indicator))]
    assert not quoted, quoted


def test_the_invariant_has_teeth():
    """The check above would see a phantom row: names of the kinds real misreadings gave."""
    for name in ("|||", "日", "%", "计划标准|", "扫一扫在手机打开当前页", "三级指标", "社会效益指标", "指标2", "附件.xlsx"):
        assert _bad_name(name.replace("|", "")) or _bad_name(name), name


# --- honest doubt ------------------------------------------------------------------------------------------
GARBLED = """财政项目支出绩效目标申报表
项目名称\t社区养老服务
主管部门\t某区民政局\t实施单位\t某区养老服务中心
项目资金(元)\t年度资金申请总额:\t\t500,000.00
\t其中: 当年财政拨款\t\t500,000.00
项目 绩效 目标\t项目总目标\t\t年度总体目标
\t\t\t为全区老人提供助餐服务。
\t一级指标\t二级指标\t三级指标\t\t指标值
\t产出指标\t数量指标\t服务人数\t\t≥500人
\t12\t≥\t计划标准\t##\t—
\t%\t30\t历史标准\t万\t(略)
\t;\t计划\t1.5\t标准\t5
\t\t\t计划标准\t\t*
"""


def _findings(text: str):
    result = read_text(text, "garbled.txt")
    linter = Linter(Config())
    report = linter.lint_result(result)
    return result, report


def test_a_table_read_too_poorly_is_said_once_and_not_accused():
    result, report = _findings(GARBLED)
    form = result.forms[0]
    assert form.doubts and form.quality.score < 0.75
    codes = [f.code for f in report.findings]
    assert codes.count("PF908") == 1
    table = [f for f in report.findings if f.code != "PF908" and f.severity in ("warning", "error")
             and form.doubts[0].first_line <= f.line <= form.doubts[0].last_line]
    assert table == [], [(f.code, f.line, f.message) for f in table]
    assert report.held_back > 0
    # what the reader read well (the head) is still checked: a one-year project with funds that add up
    assert not any(f.code.startswith("PF2") for f in report.findings)


def test_a_clean_table_is_not_doubted():
    clean = GARBLED.split("\t12\t")[0] + "\t\t\t服务满意度\t\t≥90%\n"
    result, report = _findings(clean)
    assert not result.forms[0].doubts and "PF908" not in [f.code for f in report.findings]
    assert report.held_back == 0


def test_parse_text_shows_which_cells_gave_each_row():
    """A split value (= | 116 | 人) names its three cells; the levels name theirs, or say they were filled."""
    import subprocess
    import sys
    path = ROOT / "fixtures/families/03-split-values/staff-wages-export.txt"
    out = subprocess.run([sys.executable, "-m", "perflint", "parse", "--format", "text", str(path)],
                         capture_output=True, text=True, timeout=120).stdout
    lines = out.splitlines()
    row = next(i for i, ln in enumerate(lines) if "保障在职职工人数 = =116人" in ln)
    source = lines[row + 1]
    assert source.strip().startswith("来源:") and "名称 L9:" in source
    assert len(source.split("指标值")[1].split("|")[0].split()) == 3     # 计算符号, 目标值, 度量单位
    assert "读取质量" in out
