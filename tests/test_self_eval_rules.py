"""Self-evaluation rules (PF5xx): arithmetic on hand-built forms, one planted error at a time, then the
real seed 001 and the fixture forms in tests/fixtures/self_eval/ read by the reader."""
from __future__ import annotations

import copy
import inspect
import string
from pathlib import Path

import pytest

from perflint import messages, scoring
from perflint.engine import Linter
from perflint.config import Config
from perflint.model import Form, Indicator, SelfEval, Span
from perflint.rule import registry
from perflint.values import parse_value

HERE = Path(__file__).parent
SEEDS = HERE / "fixtures" / "seeds"
FIXTURES = HERE / "fixtures" / "self_eval"

PF5 = [c for c in registry().all() if c.code.startswith("PF5")]
BY_NAME = {c.name: c for c in PF5}


# --- building forms by hand ---------------------------------------------------------------------

def row(level1, level2, name, target, actual, weight, score, reason=""):
    return [level1, level2, name, target, actual, weight, score, reason]


CLEAN_ROWS = [
    row("产出指标", "数量指标", "举办人才招聘会", "≥4(场)", "5(场)", 10, 10),
    row("产出指标", "数量指标", "培训企业人员", "≥200(人次)", "210(人次)", 10, 10),
    row("产出指标", "质量指标", "活动规范性", "规范", "达成指标", 10, 10),
    row("产出指标", "时效指标", "项目完成及时率", "≥90(%)", "98(%)", 10, 10),
    row("成本指标", "经济成本指标", "单场活动成本", "≤5(万元/场)", "4.6(万元/场)", 10, 10),
    row("效益指标", "社会效益指标", "服务企业数量增长率", "≥10(%)", "12(%)", 15, 15),
    row("效益指标", "社会效益指标", "人才政策知晓度", "≥85(%)", "90(%)", 15, 15),
    row("满意度指标", "服务对象满意度指标", "参与企业满意度", "≥90(%)", "95(%)", 10, 10),
]
CLEAN_BUDGET = dict(budget_initial=1_000_000.0, budget_full_year=1_000_000.0, executed=950_000.0,
                    exec_rate=95.0, budget_weight=10.0, budget_score=9.5, total_score=99.5,
                    total_weight=100.0, grade="优")
GOALS = {"total": None,
         "annual": "举办人才招聘会不少于4场，培训企业人员不少于200人次，提升人才政策知晓度。",
         "actual": "全年举办人才招聘会5场，培训企业人员210人次，人才政策知晓度达到90%。"}


def make_form(rows=None, goals=None, **budget) -> Form:
    rows = copy.deepcopy(CLEAN_ROWS if rows is None else rows)
    form = Form(index=1, kind="self_eval", line=1, end_line=40, project="人才服务项目")
    form.self_eval = SelfEval(**{**CLEAN_BUDGET, **budget})
    form.goals = dict(goals or GOALS)
    form.locations = {"self_eval.budget": Span(8, 2), "self_eval.total": Span(30, 1),
                      "self_eval.grade": Span(31, 1), "goals.actual": Span(13, 5)}
    for n, (l1, l2, name, target, actual, weight, score, reason) in enumerate(rows):
        form.indicators.append(Indicator(
            name=name, line=15 + n, column=3, level1=l1, level2=l2,
            target=parse_value(target), actual=parse_value(actual) if actual is not None else None,
            weight=weight, score=score, deviation_reason=reason))
    return form


def edit(rows=None, **changes):
    """CLEAN_ROWS with the rows named in ``changes`` replaced field by field: name={"score": 5}."""
    fields = ["level1", "level2", "name", "target", "actual", "weight", "score", "reason"]
    out = copy.deepcopy(CLEAN_ROWS if rows is None else rows)
    for r in out:
        for key, value in changes.get(r[2], {}).items():
            r[fields.index(key)] = value
    return out


def run(form: Form, rules=PF5, **options):
    """(code, variant) of every problem the PF5xx rules report; ``options`` go to every rule that has them."""
    found = []
    for cls in rules:
        props = cls.options_schema.get("properties", {})
        rule = cls({k: v for k, v in options.items() if k in props})
        for p in rule.check(form):
            found.append((cls.code, p.variant))
    return found


def codes(form: Form, **options) -> list[str]:
    return sorted(c for c, _ in run(form, **options))


# --- the clean form -------------------------------------------------------------------------------

def test_clean_form_has_no_self_eval_findings():
    assert run(make_form()) == []


@pytest.mark.parametrize("profile", scoring.profiles())
def test_clean_form_is_clean_under_every_profile(profile):
    assert run(make_form(), profile=profile) == []


# --- one planted error at a time: exactly the rule meant for it ------------------------------------

PLANTED = {
    # the stated rate does not follow from 95 / 100 (the budget score follows the true rate)
    "exec-rate": (make_form(exec_rate=97.0), "PF501", None),
    # the rate was divided by 年初预算数 90万 instead of 全年预算数 100万
    "exec-rate-initial": (make_form(budget_initial=900_000.0, exec_rate=105.56), "PF501", "other-denominator"),
    "budget-score": (make_form(budget_score=10.0, total_score=100.0), "PF502", None),
    "total": (make_form(total_score=98.5), "PF503", None),
    "total-over": (make_form(total_score=100.5), "PF503", "over"),
    "grade": (make_form(grade="良"), "PF504", None),
    # 12 of 10; the total still adds up because a qualitative row was marked down (with a reason)
    "score-over-weight": (make_form(rows=edit(项目完成及时率={"score": 12},
                                              活动规范性={"score": 8, "reason": "部分活动记录不完整"})),
                          "PF505", None),
    # budget item weighted 8 (score 7.6): indicators 90 + 8 = 98
    "weights": (make_form(budget_weight=8.0, budget_score=7.6, total_score=97.6), "PF506", None),
    "category-split": (make_form(rows=edit(人才政策知晓度={"weight": 10, "score": 10},
                                           参与企业满意度={"weight": 15, "score": 15})), "PF507", None),
    "full-score-missed": (make_form(rows=edit(培训企业人员={"actual": "150(人次)", "reason": "下半年两期培训合并"})),
                          "PF508", None),
    "full-score-unmet-word": (make_form(rows=edit(活动规范性={"actual": "未达成", "reason": "两场活动未备案"})),
                              "PF508", "qualitative"),
    # 150 / 200 × 10 = 7.5, written 5
    "score-formula": (make_form(rows=edit(培训企业人员={"actual": "150(人次)", "score": 5, "reason": "两期培训合并"}),
                                total_score=94.5), "PF509", "up"),
    "score-met-deducted": (make_form(rows=edit(举办人才招聘会={"score": 8, "reason": "一场规模偏小"}),
                                     total_score=97.5), "PF509", "met"),
    "score-ceiling": (make_form(rows=edit(单场活动成本={"actual": "6(万元/场)", "score": 9, "reason": "场地涨价"}),
                                total_score=98.5), "PF509", "down"),
    "score-band": (make_form(rows=edit(活动规范性={"actual": "部分达成", "score": 9, "reason": "两场活动未备案"}),
                             total_score=98.5), "PF509", "band"),
    "reason-missing": (make_form(rows=edit(培训企业人员={"actual": "150(人次)", "score": 7.5}), total_score=97.0),
                       "PF510", "missed"),
    "reason-placeholder": (make_form(rows=edit(活动规范性={"score": 9, "reason": "无"}), total_score=98.5),
                           "PF510", "deducted"),
    "overachieved": (make_form(rows=edit(举办人才招聘会={"actual": "6(场)"})), "PF511", None),
    "actual-word": (make_form(rows=edit(举办人才招聘会={"actual": "达成指标"})), "PF512", "qualitative"),
    "actual-unit": (make_form(rows=edit(培训企业人员={"actual": "210(万元)"})), "PF512", None),
    "actual-missing": (make_form(rows=edit(举办人才招聘会={"actual": ""})), "PF513", None),
    "goals-copied": (make_form(goals={**GOALS, "actual": GOALS["annual"]}), "PF514", "identical"),
    "exec-rate-indicator": (make_form(rows=edit(项目完成及时率={"name": "预算执行率", "actual": "93(%)"})),
                            "PF516", None),
    # 优 (99.5), while 实际完成情况 admits 120 人次 against the 200 the 预期目标 promised
    "claims-against-text": (make_form(goals={**GOALS, "actual": "全年举办人才招聘会5场，培训企业人员120人次，人才政策知晓度达到90%。"}),
                            "PF517", None),
    # 25 points of qualitative rows rest on 达成指标 alone
    "verdict-only": (make_form(rows=edit(项目完成及时率={"name": "活动组织合规性", "target": "合规", "actual": "达成指标"},
                                         人才政策知晓度={"name": "人才政策宣传成效", "target": "有效", "actual": "达成指标"})),
                     "PF518", None),
}


@pytest.mark.parametrize("case", list(PLANTED))
def test_planted_error_is_caught_by_its_rule_only(case):
    form, code, variant = PLANTED[case]
    found = run(form)
    assert found and {c for c, _ in found} == {code}, found
    assert variant in {v for _, v in found}


def test_low_exec_rate_needs_a_reason_in_sichuan_only():
    form = make_form(executed=850_000.0, exec_rate=85.0, budget_score=8.5, total_score=98.5)
    assert run(form) == []
    assert run(form, profile="sichuan") == [("PF515", None)]
    assert run(form, rules=[BY_NAME["low-exec-rate-unexplained"]], min_rate=80) == []
    explained = make_form(rows=edit(项目完成及时率={"name": "预算执行率", "actual": "85(%)",
                                               "reason": "设备尾款15万元按合同次年支付"}),
                          executed=850_000.0, exec_rate=85.0, budget_score=8.5, total_score=98.5)
    assert "PF515" not in codes(explained, profile="sichuan")


# --- arithmetic details ---------------------------------------------------------------------------

@pytest.mark.parametrize("executed, stated, ok", [
    (1_026_000.0, 93.27, True),     # seed 001 工作专项: 102.60 / 110 (here ×10 000 / 1 100 000)
    (1_026_000.0, 93.20, True),     # within 0.1 pp
    (1_026_000.0, 93.10, False),
    (1_026_000.0, 93.00, False),
])
def test_exec_rate_tolerance(executed, stated, ok):
    form = make_form(budget_initial=1_100_000.0, budget_full_year=1_100_000.0, executed=executed,
                     exec_rate=stated, budget_score=None, total_score=None, grade=None)
    assert (run(form, rules=[BY_NAME["exec-rate-mismatch"]]) == []) is ok


def test_exec_rate_denominator_per_profile_option():
    form = make_form(budget_initial=900_000.0, exec_rate=105.56, budget_score=10.0, total_score=100.0)
    rule = [BY_NAME["exec-rate-mismatch"]]
    assert run(form, rules=rule) == [("PF501", "other-denominator")]
    assert run(form, rules=rule, denominator="initial") == []


@pytest.mark.parametrize("rate, score, ok", [
    (93.27, 9.33, True), (99.98, 10.0, True), (96.84, 9.68, True), (96.84, 9.69, False),
    (93.27, 9.32, True),                  # truncated
    (112.0, 10.0, True), (112.0, 11.2, False),   # capped at the weight
])
def test_budget_score(rate, score, ok):
    form = make_form(exec_rate=rate, executed=rate * 10_000, budget_score=score, total_score=None)
    assert (run(form, rules=[BY_NAME["budget-score-mismatch"]]) == []) is ok


@pytest.mark.parametrize("total, grade", [(90, "优"), (89.99, "良"), (80, "良"), (79.5, "中"), (60, "中"),
                                          (59.99, "差"), (95, "优秀"), (85, "良好")])
def test_grade_bands(total, grade):
    form = make_form(total_score=total, grade=grade)
    assert run(form, rules=[BY_NAME["grade-mismatch"]]) == []


def test_grade_bands_are_an_option():
    form = make_form(total_score=88.0, grade="优")
    rule = [BY_NAME["grade-mismatch"]]
    assert run(form, rules=rule) == [("PF504", None)]
    assert run(form, rules=rule, grades={"优": 85, "良": 75, "中": 60, "差": 0}) == []


@pytest.mark.parametrize("actual, score, ok", [
    ("6(万元/场)", 8.33, True),    # 5 / 6 × 10
    ("6(万元/场)", 8.0, True),     # linear: (2 - 6/5) × 10
    ("6(万元/场)", 9.0, False),
    ("60000(元/场)", 8.33, True),  # units converted
    ("10(万元/场)", 0.0, True),    # linear reaches 0 at twice the target
])
def test_ceiling_formulas(actual, score, ok):
    form = make_form(rows=edit(单场活动成本={"actual": actual, "score": score, "reason": "场地涨价"}))
    assert (run(form, rules=[BY_NAME["indicator-score-mismatch"]]) == []) is ok


def test_ceiling_formulas_follow_the_profile(monkeypatch):
    only_ratio = scoring.profile("national").__class__(**{**scoring.profile("national").__dict__,
                                                         "le_formulas": ("ratio",)})
    monkeypatch.setattr(scoring, "profile", lambda name="national": only_ratio)
    form = make_form(rows=edit(单场活动成本={"actual": "6(万元/场)", "score": 8.0, "reason": "场地涨价"}))
    assert run(form, rules=[BY_NAME["indicator-score-mismatch"]]) == [("PF509", "down")]


@pytest.mark.parametrize("verdict_word, score, national, band05", [
    ("达成指标", 8.0, True, True), ("达成指标", 7.9, False, False),
    ("部分达成", 6.0, True, True), ("部分达成", 7.99, True, True), ("部分达成", 8.0, False, False),
    ("部分达成", 5.5, False, True),
    ("未达成", 5.9, True, False), ("未达成", 4.9, True, True), ("未完成", 0.0, True, True),
])
def test_qualitative_bands(verdict_word, score, national, band05):
    form = make_form(rows=edit(活动规范性={"actual": verdict_word, "score": score, "reason": "备案不全"}))
    rule = [BY_NAME["indicator-score-mismatch"]]
    assert (run(form, rules=rule) == []) is national
    assert (run(form, rules=rule, profile="band-0.5") == []) is band05


def test_strict_operator_met_at_equality_and_missed_below():
    met = make_form(rows=edit(项目完成及时率={"target": ">90.00(百分比)", "actual": "90.00(百分比)"}))
    assert run(met) == []
    missed = make_form(rows=edit(项目完成及时率={"target": ">90.00(百分比)", "actual": "89.00(百分比)"}))
    assert codes(missed) == ["PF508", "PF510"]


def test_tiny_miss_that_rounds_to_full_is_not_a_full_score_error():
    form = make_form(rows=edit(项目完成及时率={"actual": "89.99(%)", "reason": "个别活动延期一天"}))
    assert run(form) == []


def test_score_exceeds_weight_negative_and_budget():
    form = make_form(rows=edit(活动规范性={"score": -1, "reason": "x"}), budget_score=11.0, total_score=None)
    found = run(form, rules=[BY_NAME["score-exceeds-weight"]])
    assert sorted(v for _, v in found) == ["budget", "negative"]


def test_split_row_without_numbers_is_ignored():
    # seed 001 企业服务专项: a long 三级 name continued on the next line, with no cells of its own
    rows = CLEAN_ROWS + [row("效益指标", "经济效益指标", "质企业主动对接", "", None, None, None)]
    assert run(make_form(rows=rows)) == []


def test_missing_score_skips_the_sum():
    form = make_form(rows=edit(培训企业人员={"score": None}))
    assert "PF503" not in codes(form) and "PF506" not in codes(form)


def test_all_actuals_missing_is_one_finding():
    rows = [r[:4] + [""] + r[5:] for r in CLEAN_ROWS]
    assert run(make_form(rows=rows)) == [("PF513", "all")]


def test_shanghai_template_weights_are_not_split_checked():
    rows = edit(举办人才招聘会={"level1": "投入与管理", "level2": "财务管理"})
    assert "PF507" not in codes(make_form(rows=rows))


# --- profiles and the rule catalogue ------------------------------------------------------------

def test_profiles_load_and_unknown_is_an_error():
    assert {"national", "sichuan", "band-0.5"} <= set(scoring.profiles())
    for name in scoring.profiles():
        p = scoring.profile(name)
        assert p.grades[0][0] == "优" and p.budget_weight + 90 == p.total_weight
    assert scoring.profile("national").min_exec_rate is None
    assert scoring.profile("sichuan").min_exec_rate == 90
    assert scoring.profile("band-0.5").qualitative_bands["partial"] == (0.5, 0.8)
    with pytest.raises(ValueError, match="national"):
        scoring.profile("atlantis")


def test_every_rule_declares_the_profile_option():
    import jsonschema
    for cls in PF5:
        prop = cls.options_schema["properties"]["profile"]
        assert prop["default"] == "national", cls.name
        jsonschema.Draft202012Validator.check_schema(cls.options_schema)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"profile": "atlantis"}, cls.options_schema)


def test_rule_metadata_and_docs():
    assert [c.code for c in PF5] == [f"PF5{n:02d}" for n in range(1, len(PF5) + 1)]
    for cls in PF5:
        assert cls.group == "self-eval" and cls.kinds == ("self_eval",) and cls.source in ("binding", "heuristic")
        doc = inspect.getdoc(cls)
        for block in ("**Why**", "**Source**", "**Bad**", "**Good**"):
            assert block in doc, (cls.name, block)


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_messages_exist_and_every_placeholder_is_filled():
    """Every problem the planted forms produce renders in both languages with no ``{field}`` left."""
    forms = [f for f, _, _ in PLANTED.values()]
    forms.append(make_form(executed=850_000.0, exec_rate=85.0, budget_score=8.5, total_score=98.5))
    forms.append(make_form(rows=edit(活动规范性={"score": -1, "reason": "x"}), budget_score=11.0))
    forms.append(make_form(rows=edit(活动规范性={"actual": "部分达成", "reason": "x"})))
    forms.append(make_form(rows=[r[:4] + [""] + r[5:] for r in CLEAN_ROWS]))
    forms.append(make_form(goals={**GOALS, "actual": GOALS["annual"] + "另有部分"}))
    forms.append(make_form(rows=edit(举办人才招聘会={"actual": "达成指标"}),
                           goals={**GOALS, "actual": "全年举办人才招聘会3场，培训企业人员210人次。"}))
    seen = set()
    for form in forms:
        for cls in PF5:
            rule = cls({"profile": "sichuan"} if cls.name == "low-exec-rate-unexplained" else None)
            for p in rule.check(form):
                key = cls.name + (f".{p.variant}" if p.variant else "")
                seen.add(key)
                for lang in messages.LANGS:
                    cat = messages.catalogue(lang)
                    assert key in cat, (lang, key)
                    assert _fields(cat[key]) <= set(p.params), (lang, key)
                    if p.suggest:
                        assert key + ".suggestion" in cat, (lang, key)
                        assert _fields(cat[key + ".suggestion"]) <= set(p.params), (lang, key)
    for cls in PF5:
        assert any(k.split(".")[0] == cls.name for k in seen), cls.name
    # and no key of ours is orphaned in one language only
    mine = {k for k in messages.catalogue("zh") if k.split(".")[0] in BY_NAME}
    assert mine == {k for k in messages.catalogue("en") if k.split(".")[0] in BY_NAME}


# --- read by the reader: seed 001 and the fixture forms -------------------------------------------

from perflint import reader  # noqa: E402


def read(path: Path):
    return reader.read_bytes(path.read_bytes(), str(path))


def lint(path: Path, cfg: Config | None = None):
    return Linter(cfg or Config()).lint_result(read(path)).findings


SEED_001 = next(SEEDS.glob("001_*.txt"))
ARITHMETIC = {"exec-rate-mismatch", "budget-score-mismatch", "total-score-mismatch", "grade-mismatch",
              "score-exceeds-weight", "weights-not-90", "full-score-on-missed-target",
              "indicator-score-mismatch", "missing-deviation-reason", "actual-unit-mismatch", "actual-missing",
              "actual-copies-expected", "low-exec-rate-unexplained"}


def test_seed_001_arithmetic_agrees_with_what_the_forms_state():
    from perflint.rules._scoring import computed_exec_rate, round2
    forms = read(SEED_001).forms
    assert [f.project for f in forms] == ["虹桥商务区投资促进与公共服务事务中心工作专项",
                                          "虹桥国际中央商务区企业服务专项", "虹桥国际中央商务区人才服务项目"]
    expected = [(93.27, 9.33, 99.33), (99.98, 10.0, 100.0), (96.84, 9.68, 99.68)]
    for form, (rate, budget_score, total) in zip(forms, expected):
        se = form.self_eval
        assert round2(computed_exec_rate(se)) == rate == se.exec_rate
        assert round2(min(10.0, rate / 10)) == budget_score == se.budget_score
        assert round2(sum(i.score for i in form.indicators) + se.budget_score) == total == se.total_score
        assert se.grade == "优" == scoring.profile("national").grade_for(total)


def test_seed_001_arithmetic_rules_report_nothing():
    found = [f for f in lint(SEED_001) if f.name in ARITHMETIC]
    assert found == []


def test_seed_001_known_problems_are_reported_by_the_right_rules():
    by_form: dict[str, set[tuple[str, str | None]]] = {}
    for f in lint(SEED_001):
        by_form.setdefault(f.project, set()).add((f.name, f.indicator))
    work = by_form["虹桥商务区投资促进与公共服务事务中心工作专项"]
    assert ("budget-item-as-indicator", "预算执行率") in work
    assert ("empty-indicator-group", None) in work
    service = by_form["虹桥国际中央商务区企业服务专项"]
    assert ("missing-satisfaction-indicator", None) in service
    assert ("unparsable-value", "报告数据质量") in service            # 数据质量 is not a target
    talent = by_form["虹桥国际中央商务区人才服务项目"]
    assert ("qualitative-where-quantitative", "活动满意度") in talent   # 满意 where a % is expected
    assert ("exec-rate-indicator-mismatch", "预算执行率") in talent    # 96.00 against 96.84
    # 工作专项 reports 93.00 against 93.27: a whole-percent rounding, accepted
    assert ("exec-rate-indicator-mismatch", "预算执行率") not in work


def test_seed_001_exec_rate_indicator_message():
    [f] = [f for f in lint(SEED_001) if f.name == "exec-rate-indicator-mismatch"]
    assert f.line == 65 and f.severity == "warning"
    assert "96.84%" in f.message and "96%" in f.message


PLANTED_FILES = sorted(FIXTURES.glob("PF5*.txt"))
CLEAN_FILES = sorted(FIXTURES.glob("clean-*.txt"))


def _planted(path: Path) -> tuple[str, str | None]:
    """PF509-indicator-score-mismatch.txt → (PF509, None); ….sichuan.txt → (…, "sichuan")."""
    stem = path.name.removesuffix(".txt")
    stem, _, profile = stem.partition(".")
    return stem.split("-")[0], profile or None


def _profile_config(profile: str | None, code: str | None = None) -> Config:
    """The run's profile: the engine passes ``Config.profile`` to every rule with a ``profile`` option; a
    planted fixture's rule is selected by code, so that rules off by default (category-weights) run too."""
    extend = [code] if code else []
    return Config(extend_select=extend) if profile is None else Config(profile=profile, extend_select=extend)


def test_every_self_eval_rule_has_a_planted_fixture():
    assert {c.code for c in PF5} <= {_planted(p)[0] for p in PLANTED_FILES}


@pytest.mark.parametrize("path", PLANTED_FILES, ids=lambda p: p.name)
def test_planted_fixture_is_caught_by_its_rule_only(path):
    code, profile = _planted(path)
    findings = lint(path, _profile_config(profile, code))
    assert len(read(path).forms) == 1
    mine = {f.code for f in findings if f.code.startswith("PF5")}
    assert mine == {code}, [(f.code, f.line, f.message) for f in findings]
    # the planted error is the only thing wrong with the form that is worth a warning
    others = [f for f in findings if not f.code.startswith("PF5") and f.severity != "info"]
    assert all(f.name == "budget-item-as-indicator" for f in others), [(f.code, f.message) for f in others]


@pytest.mark.parametrize("path", CLEAN_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("profile", [None, *scoring.profiles()])
def test_correct_form_has_no_warning_or_error_from_any_rule(path, profile):
    findings = lint(path, _profile_config(profile))
    assert [(f.code, f.line, f.message) for f in findings if f.severity != "info"] == []
    assert read(path).forms[0].self_eval.total_score is not None


def test_funding_line_rate_is_checked_too():
    text = (FIXTURES / "clean-talent.txt").read_text("utf-8").replace(
        "\t其中: 当年财政拨款\t125.00\t125.00\t121.05\t-\t96.84\t-", "\t其中: 当年财政拨款\t125.00\t125.00\t121.05\t-\t98.64\t-")
    result = reader.read_bytes(text.encode("utf-8"), "line.txt")
    findings = [f for f in Linter(Config()).lint_result(result).findings if f.code.startswith("PF5")]
    assert [(f.code, f.line) for f in findings] == [("PF501", 11)]
    assert findings[0].message.startswith("当年财政拨款执行率填报为98.64%")


LAYOUTS = sorted((HERE / "fixtures" / "layouts").glob("self_eval_*.txt"))


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.name)
def test_rules_work_in_every_layout(path):
    """The same planted errors are caught whether the form came as tabs, markdown, cells or in 元."""
    text = path.read_text("utf-8")
    assert [f.code for f in lint(path) if f.code.startswith("PF5")] == []

    def findings(new_text):
        result = reader.read_bytes(new_text.encode("utf-8"), path.name)
        return sorted({f.code for f in Linter(Config()).lint_result(result).findings if f.code.startswith("PF5")})

    assert text.count("99.50") == 1
    assert findings(text.replace("99.50", "98.50")) == ["PF503"]
    assert findings(text.replace("620(人)", "560(人)")) == ["PF508", "PF510"]
    assert findings(text.replace("评分等级\n优", "评分等级\n良").replace("| 评分等级 | 优 |", "| 评分等级 | 良 |")
                    .replace("评分等级\t优", "评分等级\t良")) == ["PF504"]


def test_a_row_claim_against_the_text_is_one_finding():
    """达成指标 on a ≥4场 row while 实际完成情况 reports 3场: result-contradicts-claim reports the row, and the
    engine drops actual-unit-mismatch's finding on the same cell (one finding per problem)."""
    text = (FIXTURES / "clean-talent.txt").read_text("utf-8")
    text = text.replace("全年举办人才招聘会3场", "全年举办人才招聘会2场").replace(
        "商务区人才招聘会\t≥3.00(场)\t3.00(场)", "商务区人才招聘会\t≥3.00(场)\t达成指标")
    result = reader.read_bytes(text.encode("utf-8"), "row.txt")
    found = [(f.code, f.line) for f in Linter(Config()).lint_result(result).findings if f.code.startswith("PF5")]
    assert found == [("PF517", 18)]
    # the superseded rule does see it on its own
    alone = Linter(Config(select=["PF512"])).lint_result(result).findings
    assert [(f.code, f.line) for f in alone] == [("PF512", 18)]


@pytest.mark.parametrize("dash", ["/", "-", "—", "／"])
def test_a_dash_for_the_actual_is_a_missing_actual(dash):
    assert run(make_form(rows=edit(举办人才招聘会={"actual": dash}))) == [("PF513", None)]


from hypothesis import given, settings, strategies as st  # noqa: E402

SCORE_RULES = [BY_NAME["full-score-on-missed-target"], BY_NAME["indicator-score-mismatch"]]


@settings(max_examples=300, deadline=None)
@given(target=st.integers(1, 5000), actual=st.integers(0, 10000), weight=st.sampled_from([5, 10, 15, 20, 25, 30]),
       ceiling=st.booleans(), linear=st.booleans())
def test_a_score_computed_by_the_formula_is_never_reported(target, actual, weight, ceiling, linear):
    if ceiling:
        t, a = f"≤{target}(元/人)", f"{actual}(元/人)"
        share = 1.0 if actual <= target else (max(0.0, 2 - actual / target) if linear else target / actual)
    else:
        t, a = f"≥{target}(人次)", f"{actual}(人次)"
        share = min(1.0, actual / target)
    from perflint.rules._scoring import round2
    score = round2(share * weight)
    form = make_form(rows=[row("产出指标", "数量指标", "服务人次", t, a, weight, score, "原因说明")])
    assert run(form, rules=SCORE_RULES) == []


def test_the_run_profile_reaches_the_rules_and_a_rule_option_wins():
    path = FIXTURES / "PF515-low-exec-rate-unexplained.sichuan.txt"
    assert [f.code for f in lint(path, Config(profile="sichuan")) if f.code.startswith("PF5")] == ["PF515"]
    assert [f.code for f in lint(path) if f.code.startswith("PF5")] == []
    per_rule = Config(profile="sichuan", rules={"low-exec-rate-unexplained": {"profile": "national"}})
    assert [f.code for f in lint(path, per_rule) if f.code.startswith("PF5")] == []
