"""The engine's declared mechanisms: one finding per problem (supersedes, per-form slots, cross-form keys),
rules off by default, and variants with a severity of their own."""
from __future__ import annotations

from pathlib import Path

import pytest

from perflint.config import Config
from perflint.engine import Linter, build_rules
from perflint.reader import read_bytes, read_path
from perflint.rule import Registry, Rule, registry

HERE = Path(__file__).parent
SEEDS = HERE / "fixtures" / "seeds"
CLEAN = (HERE / "fixtures" / "layouts" / "target_tab.txt").read_text("utf-8")


def lint(text: str, **cfg) -> list[tuple[str, int, str]]:
    linter = Linter(Config(**cfg))
    report = linter.lint_result(read_bytes(text.encode("utf-8"), "case.txt"))
    return sorted((f.code, f.line, f.severity) for f in report.findings + linter.finish(report.digests))


def row(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


# ---------------------------------------------------------------- supersedes: one cause, one finding

def test_a_rule_supersedes_another_on_the_same_row():
    text = row(CLEAN, "失能老人生活照料改善率\t\t≥80(%)", "失能老人生活照料改善率\t\t改善")
    both = lint(text, select=["PF308", "PF313"])
    assert [c for c, _, _ in both] == ["PF308"]            # 改善率 answered 改善: the rate rule's finding
    assert [c for c, _, _ in lint(text, select=["PF313"])] == ["PF313"]  # alone, the other still reports


def test_supersession_is_per_row():
    text = row(row(CLEAN, "失能老人生活照料改善率\t\t≥80(%)", "失能老人生活照料改善率\t\t改善"),
               "服务机构持续运营率\t\t≥90(%)", "服务机构运营改善情况\t\t改善")
    assert sorted(c for c, _, _ in lint(text, select=["PF308", "PF313"])) == ["PF308", "PF313"]


def test_a_cost_group_of_one_budget_item_is_one_finding():
    text = row(CLEAN, "人均服务补贴标准\t\t≤2000(元/人)", "预算偏差率\t\t≤5(%)")
    assert [c for c, _, _ in lint(text, select=["PF109", "PF206"])] == ["PF206"]
    assert [c for c, _, _ in lint(text, select=["PF109"])] == ["PF109"]


def test_superseding_rule_names_resolve_to_codes():
    from perflint.engine import OnePerProblem
    rules = build_rules(Config(select=["PF308", "PF206", "PF517"]))
    settle = OnePerProblem(rules, registry())
    assert settle.supersedes == {"PF308": {"PF313"}, "PF206": {"PF109"}, "PF517": {"PF512", "PF513"}}


# ---------------------------------------------------------------- reader notes: at most one per form

def test_reader_notes_are_one_per_form_and_the_most_severe():
    linter = Linter(Config(select=["PF9"]))
    report = linter.lint_result(read_path(str(next(SEEDS.glob("004_*.txt")))))
    per_form: dict[int, list[str]] = {}
    for f in report.findings:
        per_form.setdefault(f.form, []).append(f.code)
    assert per_form and all(codes == ["PF901"] for codes in per_form.values()), per_form
    # each note on its own still reports
    alone = Linter(Config(select=["PF905"])).lint_result(read_path(str(next(SEEDS.glob("004_*.txt"))))).findings
    assert len(alone) == 5


# ---------------------------------------------------------------- cross-form problems: once, on the later form

def test_a_shared_goal_is_reported_once_on_the_latest_form():
    goal = "2025年为600名失能老人提供上门照护服务，服务记录完整率达到95%以上，服务对象满意度达到90%以上。全面提升服务质量。"
    forms = [row(CLEAN, "社区居家养老服务补贴", name) for name in ("甲项目", "乙项目", "丙项目")]
    forms = [row(f, f.splitlines()[10].split("\t")[4], goal) for f in forms]
    text = "\n".join(forms)
    found = lint(text, select=["PF402"])
    assert len(found) == 1 and found[0][1] > 2 * len(CLEAN.splitlines())   # on the third form


def test_near_identical_indicator_sets_are_one_finding_on_the_later_form():
    second = row(CLEAN, "社区居家养老服务补贴", "失能老人照护补贴")
    found = lint(CLEAN + "\n" + second, select=["PF406"])
    assert [(c, line) for c, line, _ in found] == [("PF406", len(CLEAN.splitlines()) + 13)]


# ---------------------------------------------------------------- rules off by default

@pytest.mark.parametrize("select, extend, runs", [
    (["ALL"], [], False), (["PF5"], [], False), (["PF507"], [], True), (["category-weights"], [], True),
    (["ALL"], ["PF507"], True), (["PF50"], [], False),
])
def test_an_opt_in_rule_runs_only_when_named(select, extend, runs):
    codes = {r.code for r in build_rules(Config(select=select, extend_select=extend))}
    assert ("PF507" in codes) is runs


def test_an_opt_in_rule_can_still_be_ignored():
    assert "PF507" not in {r.code for r in build_rules(Config(select=["PF507"], ignore=["PF5"]))}


# ---------------------------------------------------------------- variants with their own severity

def test_a_variant_has_its_own_default_severity():
    seed = next(SEEDS.glob("000_*.txt"))
    linter = Linter(Config(select=["PF204"]))
    found = {f.line: f.severity for f in linter.lint_result(read_path(str(seed))).findings}
    assert found == {60: "info", 117: "warning"}            # 分项成本 adding up: info; the budget restated: warning
    strict = Linter(Config(select=["PF204"], severity={"PF204": "error"}))
    assert {f.severity for f in strict.lint_result(read_path(str(seed))).findings} == {"error"}


def test_a_missing_cost_category_is_a_warning_and_a_missing_effect_an_error():
    no_cost = "\n".join(l for l in CLEAN.splitlines() if "人均服务补贴标准" not in l) + "\n"
    no_effect = "\n".join(l for l in CLEAN.splitlines() if "效益" not in l and "持续运营率" not in l) + "\n"
    assert lint(no_cost, select=["PF102"]) == [("PF102", 12, "warning")]
    assert lint(no_effect, select=["PF102"]) == [("PF102", 12, "error")]


def test_an_unknown_variant_severity_is_refused():
    class Loud(Rule):
        code, name, variant_severity = "XT900", "loud", {"x": "fatal"}
    with pytest.raises(ValueError, match="fatal"):
        Registry().add(Loud)
