"""The known problems of the seed files (DOMAIN.md §5) are reported by the right rule at the right line."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from perflint.config import Config
from perflint.engine import Linter

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
FILES = {p.name[:3]: p for p in SEEDS.glob("*.txt")}


@lru_cache(maxsize=None)
def findings(seed: str) -> frozenset[tuple[str, int]]:
    """(code, line) of every PF1xx-PF4xx finding on a seed, cross-form rules included."""
    from perflint.reader import read_path
    linter = Linter(Config(select=["PF1", "PF2", "PF3", "PF4"]))
    report = linter.lint_result(read_path(str(FILES[seed])))
    return frozenset((f.code, f.line) for f in report.findings + linter.finish(report.digests))


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
    ("001", "PF404", 39, "the goal promises 融资服务不少于100家次, the indicator says ≥4次"),
    ("001", "PF308", 72, "活动满意度 满意"),
    # 002: copied and shared goals, fund mismatches, value problems
    *[("002", "PF401", line, "总目标 = 年度目标") for line in (16, 48, 78, 194, 235, 327)],
    ("002", "PF402", 16, "促进企业发展专项 shares its goal with 企业经济服务"),
    ("002", "PF402", 194, "企业经济服务 shares its goal with 促进企业发展专项"),
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
]


@pytest.mark.parametrize("seed, code, line, why", EXPECTED, ids=[f"{s}-{c}-{l}" for s, c, l, _ in EXPECTED])
def test_known_problem_reported(seed, code, line, why):
    assert (code, line) in findings(seed), f"{seed}: {why}: {code} not at line {line}; got {sorted(findings(seed))}"


def test_002_reports_exactly_six_copied_goals_and_four_total_mismatches():
    assert lines_of("002", "PF401") == {16, 48, 78, 194, 235, 327}
    assert lines_of("002", "PF202") == {123, 188, 229, 266}
    assert lines_of("002", "PF402") == {16, 194}


def test_002_latex_value_is_read_fine():
    """`养老人员满意度 $\\geq 85\\%$` (line 178) and its neighbour are ordinary ≥85% targets."""
    assert not {c for c, line in findings("002") if line in (178, 179)}


def test_shanghai_satisfaction_under_effect_is_not_missing():
    assert not lines_of("003", "PF103")
    assert not lines_of("003", "PF105")


def test_000_has_satisfaction_and_only_the_known_misplacements():
    assert not lines_of("000", "PF103")
    assert lines_of("000", "PF105") == {43, 45}
    assert lines_of("000", "PF204") == {60, 117}


def test_004_complaint_rate_is_not_judged_as_satisfaction():
    """使用者投诉率 <10% is a complaint rate: PF103 says so; PF311 (satisfaction floor) and PF307 stay silent."""
    assert ("PF311", 599) not in findings("004")
    assert ("PF307", 599) not in findings("004")


def test_no_error_on_extraction_residue():
    """`<p>` tags and LaTeX in goals and values are cleaned for display, never reported as placeholders."""
    for seed in FILES:
        assert not lines_of(seed, "PF108"), seed
