"""The known problems of the seed files (DOMAIN.md §5 and the reviewer's verdict on the findings of issue 13) are
reported by the right rule at the right line, and what the reviewer called wrong or noise is not."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from perflint.config import Config
from perflint.engine import Linter

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
FILES = {p.name[:3]: p for p in SEEDS.glob("*.txt")}


@lru_cache(maxsize=None)
def report(seed: str) -> tuple:
    """Every finding of the default run on a seed (all rules on by default), cross-form rules included."""
    from perflint.reader import read_path
    linter = Linter(Config())
    result = linter.lint_result(read_path(str(FILES[seed])))
    return tuple(result.findings + linter.finish(result.digests))


@lru_cache(maxsize=None)
def findings(seed: str) -> frozenset[tuple[str, int]]:
    """(code, line) of every PF1xx-PF5xx finding on a seed, cross-form rules included."""
    return frozenset((f.code, f.line) for f in report(seed) if f.code[:3] in ("PF1", "PF2", "PF3", "PF4", "PF5"))


def finding(seed: str, code: str, line: int):
    [f] = [f for f in report(seed) if (f.code, f.line) == (code, line)]
    return f


def lines_of(seed: str, code: str) -> set[int]:
    return {line for c, line in findings(seed) if c == code}


EXPECTED = [
    # 000: cost restating the budget, outputs capped, groups under the wrong level-1
    ("000", "PF204", 117, "平台运维 ≤64932.02(元) on a 64,932.02 元 budget"),
    ("000", "PF204", 60, "企业服务与发展: 24+4+6+6 万元 = 400,000 元 (the finding spans lines 60-63)"),
    ("000", "PF307", 64, "企业综合性公共服务次数 ≤12次 caps an output"),
    ("000", "PF307", 67, "企业运行监测数据采集次数 ≤12次"),
    ("000", "PF307", 68, "服务专员业务能力提升培训次数 ≤12次"),
    ("000", "PF105", 43, "宣传与推广: 时效指标 under 效益指标"),
    ("000", "PF105", 45, "宣传与推广: 社会效益指标 under 满意度指标"),
    # 001: self-evaluations
    ("001", "PF109", 18, "工作专项 lists 预算执行率"),
    ("001", "PF104", 19, "工作专项: empty 数量指标"),
    ("001", "PF103", 40, "企业服务专项 has no 满意度 (reported at the indicator table header)"),
    ("001", "PF301", 42, "报告数据质量 数据质量"),
    ("001", "PF404", 39, "the goal promises 收集企业诉求不少于500家次 and 产业链对接不少于50家次; no indicator carries them"),
    ("001", "PF405", 46, "the goal promises 融资服务不少于100家次, its indicator says ≥4次"),
    ("001", "PF308", 72, "活动满意度 满意"),
    # 002: copied and shared goals, fund mismatches, value problems
    *[("002", "PF401", line, "总目标 = 年度目标 where the funds say the project runs longer") for line in (194, 235)],
    ("002", "PF402", 194, "企业经济服务 shares its goal with the earlier 促进企业发展专项 (reported once, on the later)"),
    *[("002", "PF202", line, "one-year project, 总额 ≠ 年度申请额") for line in (123, 188, 229, 266)],
    ("002", "PF306", 291, "预算偏差率 <0%"),
    ("002", "PF304", 81, "各项工作覆盖率 =100"),
    ("002", "PF303", 290, "网络安全事故发生数量 0"),
    ("002", "PF106", 210, "补贴金额发放正确率 twice"),
    ("002", "PF301", 172, "预算准确性 偏差值"),
    ("002", "PF312", 175, "长效管理制度健全性和执行有效性 及时"),
    # 003: 上海 2020 template
    ("003", "PF303", 129, "校园招聘活动企业数 400家次"),
    # 004: column-order extraction
    ("004", "PF103", 599, "使用者投诉率 <10% is the only satisfaction-group row"),
    # issue 13, new checks: quantity groups that count nothing
    ("000", "PF111", 19, "商务接待: 数量指标 only 商务接待计划率 ≥90%"),
    *[("002", "PF111", line, "数量指标 of completion rates (and words) only") for line in (18, 50, 196, 274, 329)],
    # cost groups that hold no cost
    *[("001", "PF206", line, "成本指标 of 有效 / 规范 and 预算执行率 only") for line in (17, 64)],
    *[("002", "PF206", line, "成本指标 of 预算偏差率 / 成本增长率 / an accident count only")
      for line in (56, 98, 139, 170, 209, 248, 290, 339)],
    # a self-evaluation scored 优 against its own 实际完成情况
    ("001", "PF517", 39, "总分100 (优) while 实际完成情况 says 诉求14次 against 不少于500家次"),
    ("001", "PF518", 17, "工作专项: 55 points of qualitative rows on 达成指标 alone (info)"),
    ("001", "PF518", 64, "人才服务: 50 points of qualitative rows on 达成指标 alone (info)"),
    # values that are not targets
    ("000", "PF313", 22, "投资额增减程度 增加"),
    ("002", "PF313", 250, "新增耕地面积指标 增加"),
    ("002", "PF313", 330, "防疫物资保障充实 充裕"),
    ("002", "PF313", 104, "无国有资产流失问题 restated as its own value"),
    ("002", "PF313", 91, "能发现并提出"),
    ("003", "PF313", 239, "文明单位创建美化环境 =全年"),
    ("003", "PF207", 171, "事业发展专项's 项目概况: the money makes up for 人员费用和福利费 (staff costs belong in 基本支出)"),
    ("004", "PF313", 722, "微信公众号推文浏览量 增长"),
    # content under the wrong 二级
    ("000", "PF112", 44, "政策知晓度 under 经济效益"),
    ("000", "PF112", 121, "运维服务及时率 under 质量"),
    ("002", "PF112", 53, "专项拨款支付及时性 under 质量"),
    ("002", "PF112", 60, "加强东西部协同发展 under 生态效益"),
    *[("002", "PF112", line, "小区治安改善情况 under 生态效益") for line in (254, 306)],
    ("002", "PF112", 344, "有效防治疫情扩散 under 生态效益"),
    # budget-management items PF109 did not know
    ("002", "PF109", 92, "业务法律合规性"),
    ("002", "PF109", 102, "预算绩效管理结果应用率"),
    ("002", "PF109", 163, "拨款金额满足项目需要"),
    ("002", "PF109", 291, "预算偏差率 (the second cost row; the first is the cost group's finding)"),
    # two projects with near-identical indicators, once on the later
    ("002", "PF406", 195, "企业经济服务 shares 11 of 15 indicators with 促进企业发展专项"),
    # satisfaction asked only of complainants
    *[("004", "PF113", line, "投诉处置满意度 is the only satisfaction indicator") for line in (133, 285, 425, 735)],
    # a goal frequency against its indicator
    ("004", "PF405", 211, "每半个月全面分析1次 (≈24 a year) against ≥18次"),
]


@pytest.mark.parametrize("seed, code, line, why", EXPECTED, ids=[f"{s}-{c}-{l}" for s, c, l, _ in EXPECTED])
def test_known_problem_reported(seed, code, line, why):
    assert (code, line) in findings(seed), f"{seed}: {why}: {code} not at line {line}; got {sorted(findings(seed))}"


def test_002_copied_goals_only_where_the_funds_say_multi_year_and_four_total_mismatches():
    """Six forms copy 总目标 into 年度目标; four are one-year projects whose 总额 = 年度申请额, where the two
    goals are expected to coincide; the two whose funds differ (194, 235) are reported, saying 相同."""
    assert lines_of("002", "PF401") == {194, 235}
    assert "相同" in finding("002", "PF401", 194).message and "相似度" not in finding("002", "PF401", 194).message
    assert lines_of("002", "PF202") == {123, 188, 229, 266}
    assert lines_of("002", "PF402") == {194}
    assert "促进企业发展专项" in finding("002", "PF402", 194).message


# ---------------------------------------------------------------- what the reviewer called wrong or noise

def test_awards_and_quotas_may_be_capped():
    """评比表彰: 发放证书 ≤80份, 奖牌 ≤30块, 一次性奖金 ≤50份 are quotas, not outputs capped by mistake."""
    assert not lines_of("000", "PF307") & {97, 98, 99}
    assert lines_of("000", "PF307") == {64, 67, 68}


def test_accuracy_stated_as_a_deviation_cap_is_not_judged():
    """预算准确性 <=10% (002:170): no unit finding (no money fallback) and no direction finding (准确)."""
    assert ("PF305", 170) not in findings("002") and ("PF307", 170) not in findings("002")


def test_itemised_costs_adding_up_to_the_budget_are_information():
    assert finding("000", "PF204", 60).severity == "info"
    assert finding("000", "PF204", 117).severity == "warning"


def test_cost_category_required_by_template_year_and_region_only():
    """002 促进企业发展专项 (上海 2023) lacks a cost indicator: a warning; 004 (上海 2022) and the
    self-evaluations of 001 are not asked for one."""
    assert lines_of("002", "PF102") == {17} and finding("002", "PF102", 17).severity == "warning"
    assert not lines_of("004", "PF102") and not lines_of("001", "PF102")


def test_category_weights_are_off_by_default():
    assert not lines_of("001", "PF507")


def test_a_cost_group_of_one_budget_item_is_one_finding():
    for line in (139, 170, 209, 248, 339):
        assert ("PF206", line) in findings("002") and ("PF109", line) not in findings("002"), line


def test_reader_notes_are_one_per_form():
    notes: dict[int, list[str]] = {}
    for f in report("004"):
        if f.code.startswith("PF9"):
            notes.setdefault(f.form, []).append(f.code)
    assert len(notes) == 5 and all(codes == ["PF901"] for codes in notes.values()), notes


def test_goal_numbers_that_are_no_annual_promises():
    """三年合计8份, 5部门 and 分3个包 are not promises of the year; 每半个月1次 is carried by ≥18次 (its
    mismatch is goal-indicator-mismatch's, not a missing indicator)."""
    assert "8份" not in finding("001", "PF404", 39).message and "1000家次" not in finding("001", "PF404", 39).message
    assert "5部" not in finding("002", "PF404", 235).message and "3个" not in finding("002", "PF404", 235).message
    assert ("PF404", 185) not in findings("004")


def test_suggestions_are_right():
    """一年四次 suggests ≥4次, not ≥一年四次; a compliance item is not told it is scored separately."""
    assert finding("003", "PF303", 237).suggestion == "写明是下限、上限还是确定值，如“≥4次”或“=4次”。"
    compliance = finding("000", "PF109", 20)
    assert "合规" in compliance.message and "单独计分" not in (compliance.suggestion or "")
    assert "单独计分" in finding("001", "PF109", 18).suggestion


def test_one_finding_per_cell_and_cause():
    """No two findings of one cause on one cell: a rate answered with a word is PF308's only."""
    for seed in FILES:
        for f in report(seed):
            if f.code == "PF308":
                assert ("PF313", f.line) not in findings(seed), (seed, f.line)

