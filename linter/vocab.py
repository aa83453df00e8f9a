"""The form's own vocabulary: field labels, column headers and titles the reader recognises."""
from __future__ import annotations

import re

from .memo import cell_cache
from .taxonomy import squash

# header label (squashed, without 其中 / colon / unit) -> model field
FIELD_LABELS = {
    "项目名称": "project",
    "主管部门": "department", "主管单位": "department", "主管部门及代码": "department",
    "实施单位": "implementer", "申报单位名称": "implementer", "申报单位": "implementer", "项目单位": "implementer",
    "项目类别": "project_type", "项目性质": "project_nature", "项目类型": "project_type",
    "计划开始日期": "start_date", "开始日期": "start_date", "项目开始日期": "start_date",
    "计划完成日期": "end_date", "完成日期": "end_date", "计划结束日期": "end_date",
    "项目资金总额": "funds.total", "项目总预算": "funds.total", "项目总金额": "funds.total",
    "年度资金申请总额": "funds.annual", "项目当年预算": "funds.annual", "年度资金总额": "funds.annual",
    "财政资金": "funds.fiscal",
    "当年财政拨款": "funds.appropriation",
    "上年结转资金": "funds.carried_over", "上年结转": "funds.carried_over",
    "其他资金": "funds.other",
}
# labels whose value is not read but which must not be taken for a value either
IGNORED_LABELS = {"是否含有政府购买服务", "绩效类型", "同名项目上年预算额", "同名项目上年预算执行数",
                  "本项目上年度市级财政资金使用情况", "项目资金", "其中"}

GOAL_LABELS = {
    "项目总目标": "total", "总目标及阶段性目标": "total", "总目标": "total", "项目总体目标": "total",
    "年度总体目标": "annual", "年度总目标": "annual", "年度目标": "annual", "年度绩效目标": "annual",
    "预期目标": "annual", "实际完成情况": "actual",
}
# prose sections of some templates (上海 2020) that are neither goals nor fields
PROSE_LABELS = {"项目概况", "立项依据", "项目设立的必要性", "保证项目实施的制度、措施", "项目实施计划",
                "保证项目实施的制度,措施"}
# table column headers
COLUMN_HEADERS = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "name", "一级目标": "level1", "二级目标": "level2",
    "三级目标": "name", "指标名称": "name", "指标值": "target", "年度指标值": "target", "指标目标值": "target",
    "年度(/项目)指标值": "target", "目标值": "target", "实际完成值": "actual", "分值": "weight", "权重": "weight",
    "得分": "score", "偏差原因分析及改进措施": "reason", "偏差原因": "reason", "偏差原因分析": "reason",
}
BUDGET_HEADERS = {"年初预算数": "initial", "全年预算数": "full_year", "调整后预算数": "full_year",
                  "全年执行数": "executed", "分数": "weight", "分值": "weight", "执行率": "rate",
                  "执行率(%)": "rate", "得分": "score"}
# cells that only label a block of the table (merged cells, sometimes split one character a line)
BLOCK_LABELS = {"绩效指标", "项目绩效目标", "绩效目标", "年度总体目标", "项目资金", "项目资金(元)",
                "项目资金(万元)", "年度绩效指标", "绩效指标表"}
BLOCK_CHARS = set("项目绩效指标")
TOTAL_LABELS = {"总分", "合计", "总计"}
GRADE_LABELS = {"评分等级", "等级", "自评等级", "绩效等级"}
GRADES = {"优", "良", "中", "差", "优秀", "良好", "合格", "不合格"}

_TITLE = re.compile(r"(绩效目标申报表|绩效目标表|绩效自评表|绩效自评报表)")
_YEAR = re.compile(r"(20\d\d)\s*年度?")
# the project period written under the goal labels: (2023年 - 2023年), （2022年-2022年）
_PERIOD_TEXT = r"\s*20\d\d\s*年?\s*[-—~至]\s*20\d\d\s*年?\s*"
_PERIOD = re.compile(f"^[（(]?{_PERIOD_TEXT}[)）]?$")
# at the start of running text only in brackets: 2025年至2027年，… is the goal itself
_PERIOD_START = re.compile(f"^[（(]{_PERIOD_TEXT}[)）]")
_DATE = re.compile(r"(20\d\d|19\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_MONEY = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")


def title_kind(line: str) -> str | None:
    """'target' or 'self_eval' when the line is a form's title (not a batch summary title)."""
    s = squash(line.replace("#", ""))
    if len(s) > 40 or "汇总" in s:
        return None
    m = _TITLE.search(s)
    if not m:
        return None
    return "self_eval" if "自评" in m.group(1) else "target"


def year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def is_period(text: str) -> bool:
    return bool(_PERIOD.match(text.replace(" ", "")))


def strip_period(text: str) -> str:
    """Text without the project period it may begin with."""
    return _PERIOD_START.sub("", text).strip()


def parse_date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_money(text: str) -> float | None:
    t = text.replace(" ", "").replace("元", "").replace("万", "")
    if t in ("-", "/", "—", ""):
        return None
    if not _MONEY.match(t):
        return None
    return float(t.replace(",", ""))


@cell_cache()
def label_key(text: str) -> str:
    """A label cell as looked up: squashed, without 其中, colon and a trailing unit like (元)."""
    s = squash(text)
    if s.startswith("其中"):
        s = s[2:].lstrip(":")
    s = re.sub(r"\((万?元)\)$", "", s)
    return s.rstrip(":")


def money_scale(text: str) -> float | None:
    """1e4 when a label says the money is in 万元, 1 when it says 元."""
    if "元" not in text:
        return None
    s = squash(text)
    if "(万元)" in s or s.endswith("万元"):
        return 1e4
    if "(元)" in s:
        return 1.0
    return None
