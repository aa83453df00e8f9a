"""Forms written for the report tests: target forms in the tab layout whose project, department, money and
defects vary, so that departments, scores and hostile text can be checked in every report."""
from __future__ import annotations

import random

CLEAN_ROWS = [
    ("成本指标", "经济成本指标", "人均服务补贴标准", "≤2000(元/人)"),
    ("产出指标", "数量指标", "服务老人人数", "≥600(人)"),
    ("", "", "每月上门服务次数", "≥4(次)"),
    ("", "质量指标", "服务记录完整率", "≥95(%)"),
    ("", "时效指标", "补贴发放及时率", "=100(%)"),
    ("效益指标", "社会效益指标", "失能老人生活照料改善率", "≥80(%)"),
    ("", "可持续影响指标", "服务机构持续运营率", "≥90(%)"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90(%)"),
]
# what each defect does to the rows, and the rule it makes fire
DEFECTS = {
    "unit": ("PF304", lambda rows: [r if r[2] != "服务老人人数" else (*r[:3], "≥600") for r in rows]),
    "qualitative": ("PF308", lambda rows: [r if r[2] != "服务对象满意度" else (*r[:3], "满意") for r in rows]),
    "no-satisfaction": ("PF103", lambda rows: [r for r in rows if r[0] != "满意度指标"]),
    "operator": ("PF303", lambda rows: [r if r[2] != "每月上门服务次数" else (*r[:3], "4(次)") for r in rows]),
}


def rules_of(defects: tuple[str, ...]) -> set[str]:
    """The rules the defects make fire (a qualitative satisfaction row is gone when the group is)."""
    codes = {DEFECTS[d][0] for d in defects}
    if "no-satisfaction" in defects:
        codes.discard("PF308")
    return codes


def target_form(project: str, department: str = "某市民政局", implementer: str = "某市养老服务指导中心",
                annual: float = 1_200_000.0, defects: tuple[str, ...] = (), year: int = 2025,
                seed: int | None = None) -> str:
    """One 绩效目标申报表 in tab layout; ``seed`` shuffles the order of the 产出 rows."""
    rows = list(CLEAN_ROWS)
    for d in defects:
        rows = DEFECTS[d][1](rows)
    if seed is not None:
        rng = random.Random(seed)
        output = [r for r in rows if r[2] in ("每月上门服务次数",)]
        rest = [r for r in rows if r not in output]
        rng.shuffle(output)
        rows = rest[:2] + output + rest[2:]
    money = f"{annual:,.2f}"
    head = [
        "财政项目支出绩效目标申报表\t\t\t\t\t",
        f"({year} 年度)\t\t\t\t\t",
        f"项目名称\t{project}\t\t项目类别\t民生保障类\t",
        f"主管部门\t{department}\t\t实施单位\t{implementer}\t",
        f"计划开始日期\t{year}-01-01\t\t计划完成日期\t{year}-12-31\t",
        f"项目资金 (元)\t项目资金总额:\t{money}\t年度资金申请总额:\t\t{money}",
        f"\t其中: 财政资金\t{money}\t其中: 当年财政拨款\t\t{money}",
        "\t\t\t上年结转资金\t\t0.00",
        "\t其他资金\t0.00\t其他资金\t\t0.00",
        "项目绩效目标\t项目总目标\t\t\t年度总体目标\t",
        f"\t{year}年至{year + 2}年，为{project}提供居家养老上门服务，逐步提高服务覆盖面。\t\t\t"
        f"{year}年{project}为600名失能老人提供每月不少于4次的上门照护服务。\t",
        "\t一级指标\t二级指标\t三级指标\t\t年度(/项目)指标值",
    ]
    body = [("绩效指标" if i == 0 else "") + f"\t{l1}\t{l2}\t{name}\t\t{value}" for i, (l1, l2, name, value)
            in enumerate(rows)]
    return "\n".join(head + body) + "\n"


def batch(n: int, departments: list[str], seed: int = 0) -> tuple[str, list[dict]]:
    """``n`` forms of several departments with defects drawn at random; also what each form is."""
    rng = random.Random(seed)
    texts, facts = [], []
    for i in range(n):
        dept = departments[i % len(departments)]
        defects = tuple(d for d in DEFECTS if rng.random() < 0.3)
        annual = float(rng.randrange(100, 5000) * 1000)
        texts.append(target_form(f"项目{i:04d}", dept, dept + "下属中心", annual, defects, seed=i))
        facts.append({"project": f"项目{i:04d}", "department": dept, "annual": annual, "defects": defects})
    return "\n".join(texts), facts
