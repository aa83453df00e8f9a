"""Forms of our own for the history tests: one project across years, as target forms and self-evaluations,
in the tab layout of the seeds or as markdown pipe tables, money in 元 or 万元."""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Ind:
    level1: str
    level2: str
    name: str
    target: str
    actual: str = ""
    weight: float = 0.0
    score: float = 0.0
    reason: str = ""

    def but(self, **changes) -> "Ind":
        return replace(self, **changes)


ELDERLY = (
    Ind("成本指标", "经济成本指标", "人均服务补贴标准", "≤2000(元/人)", "1900(元/人)", 10, 10),
    Ind("产出指标", "数量指标", "服务老人人数", "≥600(人)", "620(人)", 15, 15),
    Ind("产出指标", "数量指标", "每月上门服务次数", "≥4(次)", "4(次)", 10, 10),
    Ind("产出指标", "质量指标", "服务记录完整率", "≥95(%)", "97(%)", 10, 10),
    Ind("产出指标", "时效指标", "补贴发放及时率", "=100(%)", "100(%)", 15, 15),
    Ind("效益指标", "社会效益指标", "失能老人生活照料改善率", "≥80(%)", "85(%)", 20, 20),
    Ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90(%)", "93(%)", 10, 10),
)

TRAINING = (
    Ind("成本指标", "经济成本指标", "培训经费总额", "≤24(万元)", "23.5(万元)", 10, 10),
    Ind("产出指标", "数量指标", "培训教师人次", "≥1200(人次)", "1650(人次)", 20, 20),
    Ind("产出指标", "质量指标", "培训合格率", "≥95(%)", "98(%)", 10, 10),
    Ind("产出指标", "时效指标", "培训按期完成率", "=100(%)", "100(%)", 10, 10),
    Ind("效益指标", "社会效益指标", "教师教学能力提升情况", "有效提升", "有效提升", 20, 20),
    Ind("满意度指标", "服务对象满意度指标", "参训教师满意度", "≥90(%)", "94(%)", 10, 10),
)


def _money(yuan: float, unit: str) -> str:
    return f"{yuan / 10000:,.2f}" if unit == "万元" else f"{yuan:,.2f}"


def target_form(year: int, project: str, indicators=ELDERLY, department: str = "某市民政局",
                implementer: str = "某市养老服务指导中心", annual_goal: str | None = None,
                total_goal: str | None = None, budget: float = 1200000.0, layout: str = "tab") -> str:
    """A 财政项目支出绩效目标申报表 of ``year``."""
    annual = annual_goal or f"{year}年为600名失能老人提供每月不少于4次的上门照护服务，服务记录完整率达到95%以上。"
    total = total_goal or f"{year}年至{year + 2}年，为全市失能老人提供居家养老上门服务，逐步提高服务覆盖面。"
    m = _money(budget, "元")
    if layout == "pipe":
        head = [f"# 财政项目支出绩效目标申报表", "", f"（{year}年度）", "",
                f"| 项目名称 | {project} | 项目类别 | 民生保障类 |", "| --- | --- | --- | --- |",
                f"| 主管部门 | {department} | 实施单位 | {implementer} |",
                f"| 计划开始日期 | {year}-01-01 | 计划完成日期 | {year}-12-31 |",
                f"| 项目资金（元） | 项目资金总额 | {m} | 年度资金申请总额 | {m} |",
                f"|  | 其中：财政资金 | {m} | 其中：当年财政拨款 | {m} |",
                "|  |  |  | 上年结转资金 | 0.00 |", "|  | 其他资金 | 0.00 | 其他资金 | 0.00 |",
                "| 项目绩效目标 | 项目总目标 | 年度总体目标 |", f"|  | <p>{total}</p> | <p>{annual}</p> |", "",
                "| 一级指标 | 二级指标 | 三级指标 | 指标值 |", "|---|---|---|---|"]
        rows = [f"| {l1} | {l2} | {i.name} | {i.target} |" for i, l1, l2 in _filled(indicators)]
        return "\n".join(head + rows) + "\n"
    head = ["财政项目支出绩效目标申报表\t\t\t\t\t", f"({year} 年度)\t\t\t\t\t",
            f"项目名称\t{project}\t\t项目类别\t民生保障类\t", f"主管部门\t{department}\t\t实施单位\t{implementer}\t",
            f"计划开始日期\t{year}-01-01\t\t计划完成日期\t{year}-12-31\t",
            f"项目资金 (元)\t项目资金总额:\t{m}\t年度资金申请总额:\t\t{m}",
            f"\t其中: 财政资金\t{m}\t其中: 当年财政拨款\t\t{m}", "\t\t\t上年结转资金\t\t0.00",
            "\t其他资金\t0.00\t其他资金\t\t0.00", "项目绩效目标\t项目总目标\t\t\t年度总体目标\t",
            f"\t{total}\t\t\t{annual}\t", "\t一级指标\t二级指标\t三级指标\t\t年度(/项目)指标值"]
    rows = []
    for n, (i, l1, l2) in enumerate(_filled(indicators)):
        rows.append(f"{'绩效指标' if n == 0 else ''}\t{l1}\t{l2}\t{i.name}\t\t{i.target}")
    return "\n".join(head + rows) + "\n"


def self_eval_form(year: int, project: str, indicators=ELDERLY, department: str = "某市民政局",
                   implementer: str = "某市养老服务指导中心", budget: float = 1200000.0,
                   full_year: float | None = None, executed: float | None = None, unit: str = "万元",
                   expected_goal: str | None = None, actual_goal: str | None = None, layout: str = "tab") -> str:
    """A 财政项目支出绩效自评表 of ``year``; money in ``unit`` (万元 or 元)."""
    full = budget if full_year is None else full_year
    spent = full * 0.95 if executed is None else executed
    rate = spent / full * 100
    budget_score = min(10.0, rate / 10)
    total_score = sum(i.score for i in indicators) + budget_score
    expected = expected_goal or "为600名失能老人提供上门照护服务，服务记录完整率达到95%以上。"
    actual = actual_goal or f"全年为620名失能老人提供上门照护服务，服务记录完整率97%。"
    b, f_, e = _money(budget, unit), _money(full, unit), _money(spent, unit)
    grade = "优" if total_score >= 90 else "良" if total_score >= 80 else "中" if total_score >= 60 else "差"
    sep = " | " if layout == "pipe" else "\t"

    def row(*cells: str) -> str:
        return ("| " + " | ".join(cells) + " |") if layout == "pipe" else "\t".join(cells)

    lines = ["# 财政项目支出绩效自评表", "", f"({year} 年度)", "",
             row("项目名称", "", project, "", "", "", "", ""),
             row("主管部门", "", department, "", "实施单位", "", implementer, ""),
             row(f"项目资金 ({unit})", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分"),
             row("", "年度资金总额:", b, f_, e, "10.00", f"{rate:.2f}", f"{budget_score:.2f}"),
             row("", "其中: 当年财政拨款", b, f_, e, "-", f"{rate:.2f}", "-"),
             row("", "上年结转资金", "0.00", "0.00", "0.00", "-", "0.00", "-"),
             row("", "其他资金", "0.00", "0.00", "0.00", "-", "0.00", "-"),
             row("年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""),
             row("", expected, "", "", actual, "", "", ""),
             row("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")]
    if layout == "pipe":
        lines.insert(5, "|---|---|---|---|---|---|---|---|")
    for i, l1, l2 in _filled(indicators):
        lines.append(row(l1, l2, i.name, i.target, i.actual, f"{i.weight:.2f}", f"{i.score:.2f}", i.reason))
    lines.append(row("总分", "", "", "", "", "100.00", f"{total_score:.2f}", ""))
    lines.append(row("评分等级", grade, "", "", "", "", "", ""))
    del sep
    return "\n".join(lines) + "\n"


def _filled(indicators):
    """Each row with its level names written only where they change, as merged cells come out."""
    last1 = last2 = None
    for ind in indicators:
        l1 = ind.level1 if ind.level1 != last1 else ""
        l2 = ind.level2 if (ind.level2 != last2 or l1) else ""
        last1, last2 = ind.level1, ind.level2
        yield ind, l1, l2


def write(folder, name: str, *forms: str):
    """Write forms (one file, many forms) and return the path as a string."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(forms), encoding="utf-8")
    return str(path)
