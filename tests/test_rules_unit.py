"""Unit tests of the PF1xx-PF4xx rules on hand-built forms (no reader), and of their shared helpers."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from perflint.model import Form, Indicator, SelfEval, Span, Target
from perflint.rule import registry
from perflint.rules import _common as common


# ---------------------------------------------------------------- builders

def T(raw, kind="quantitative", **kw):
    return Target(raw, kind, **kw)


def pct(raw, value, op=">="):
    return T(raw, op=op, value=value, unit="%", dimension="percent", base_value=value)


def money(raw, value_yuan, op="<=", unit="元", value=None):
    return T(raw, op=op, value=value if value is not None else value_yuan, unit=unit, dimension="money",
             base_value=value_yuan)


def count(raw, value, op=">=", unit="次"):
    return T(raw, op=op, value=value, unit=unit, dimension="count", base_value=value)


def word(raw):
    return T(raw, "qualitative", qualitative=raw)


def invalid(raw, reason):
    return T(raw, "invalid", reason=reason)


def ind(name, target, level1="产出指标", level2="数量指标", line=20, **kw):
    return Indicator(name=name, line=line, level1=level1, level2=level2, target=target, **kw)


def form(indicators=(), kind="target", template="national-2021", **kw):
    f = Form(index=0, kind=kind, line=1, end_line=40, template=template, year=kw.pop("year", 2026),
             project=kw.pop("project", "商务接待"), department=kw.pop("department", "经委"),
             implementer=kw.pop("implementer", "中心"), start_date=kw.pop("start_date", "2026-01-01"),
             end_date=kw.pop("end_date", "2026-12-31"))
    f.funds.update(kw.pop("funds", {"annual": 768000.0, "appropriation": 768000.0, "carried_over": 0.0}))
    f.goals.update(kw.pop("goals", {"annual": "全面完成年度招商引资工作目标。"}))
    f.indicators = list(indicators)
    f.locations = {"indicators": Span(12), "funds.annual": Span(6), "funds.total": Span(6), "goals.annual": Span(11),
                   "goals.total": Span(11), "project": Span(3), "department": Span(4), "start_date": Span(5),
                   "end_date": Span(5)}
    for k, v in kw.items():
        setattr(f, k, v)
    return f


def run(code, f, **options):
    rule = registry().get(code)(options or None)
    return [(p.variant, p.span.line, p.params) for p in rule.check(f)]


GOOD = [
    ind("接待餐", money("≤600(元/人)", 600), "成本指标", "经济成本指标", 13),
    ind("商务接待场次", count("≥90场", 90, unit="场"), "产出指标", "数量指标", 14),
    ind("接待合格率", pct("≥95%", 95), "产出指标", "质量指标", 15),
    ind("新增投资项目数", count("≥10个", 10, unit="个"), "效益指标", "经济效益指标", 16),
    ind("服务对象满意度", pct("≥85%", 85), "满意度指标", "服务对象满意度指标", 17),
]
GOOD[0].target.dimension = "money_rate"


# ---------------------------------------------------------------- helpers

@pytest.mark.parametrize("raw, want", [(">=", "≥"), ("<=", "≤"), ("<", "<"), (">", ">"), ("=", "="),
                                       (None, None)])
def test_op_shown_as_a_reviewer_writes_it(raw, want):
    # the grammar canonicalises every spelling (≧, 不少于, 以内 …) to these five; rules only see those
    assert common.op(T("x", op=raw)) == want


def test_normalise_goal_drops_tags_numbering_and_punctuation():
    a = common.normalise_goal("<p>1、提升核心竞争力；</p> <p>2、优化产业结构。</p>")
    b = common.normalise_goal("1.提升核心竞争力，2.优化产业结构")
    assert a == b == "提升核心竞争力优化产业结构"


def test_normalise_goal_keeps_quantities():
    assert "100家次" in common.normalise_goal("融资服务不少于100家次。")
    assert "4.3372公顷" in common.normalise_goal("实施总面积4.3372公顷的复垦")


def test_clean_turns_latex_into_symbols():
    assert common.clean(r"$\geq 85\%$") == "≥ 85%"


@given(st.text(alphabet="提升企业服务能力水平优化营商环境123。，", max_size=40),
       st.text(alphabet="提升企业服务能力水平优化营商环境123。，", max_size=40))
def test_bigram_dice_is_a_similarity(a, b):
    s = common.bigram_dice(a, b)
    assert 0.0 <= s <= 1.0
    assert s == common.bigram_dice(b, a)
    assert common.bigram_dice(a, a) == 1.0


@given(st.text(max_size=60))
def test_normalise_goal_is_idempotent(text):
    once = common.normalise_goal(text)
    assert common.normalise_goal(once) == once


def test_fmt_money():
    assert common.fmt_money(400000.0) == "400,000元（40万元）"
    assert common.fmt_money(64932.02) == "64,932.02元"
    assert common.fmt_money(600.0) == "600元"


def test_parse_date_of_the_models_iso_dates():
    assert common.parse_date("2026-01-01") == (2026, 1, 1)
    assert common.parse_date(None) is None and common.year_of("2026-12-31") == 2026


def test_cost_rows():
    assert common.is_cost(ind("x", None, "成本指标", "经济成本指标"))
    assert common.is_cost(ind("x", None, "产出指标", "成本指标"))  # legacy
    assert not common.is_cost(ind("x", None, "产出指标", "数量指标"))


# ---------------------------------------------------------------- structure

def test_clean_form_is_silent_for_every_rule():
    f = form(GOOD)
    for cls in registry().all():
        if cls.code[:3] in ("PF1", "PF2", "PF3", "PF4") and not cls.code == "PF402":
            assert run(cls.code, f) == [], cls.code


def test_pf101_shanghai_single_unit():
    f = form(GOOD, template="shanghai-2020", department=None)
    assert run("PF101", f) == []
    assert [p[2]["field"] for p in run("PF101", form(GOOD, department=None))] == ["主管部门"]


def test_pf101_self_eval_funds_from_budget_block():
    f = form(GOOD, kind="self_eval", funds={"annual": None, "appropriation": None, "carried_over": None},
             self_eval=SelfEval(budget_full_year=1_250_000.0))
    assert run("PF101", f) == []


def test_pf102_no_table_reported_once():
    assert [p[0] for p in run("PF102", form([]))] == ["no-indicators"]


def test_pf102_empty_group_names_the_category():
    f = form([g for g in GOOD if g.level1 != "效益指标"], empty_groups=[("效益指标", "社会效益指标", 16)])
    assert run("PF102", f) == []


def test_pf103_not_measured_variant():
    rows = GOOD[:4] + [ind("使用者投诉率", pct("<10%", 10, "<"), "满意度指标", "服务对象满意度指标", 30)]
    assert [(v, line) for v, line, _ in run("PF103", form(rows))] == [("not-measured", 30)]


def test_pf105_guessed_rows_are_not_judged():
    rows = GOOD + [ind("活动完成及时率", word("及时"), "效益指标", "时效指标", 25, guessed=True)]
    assert run("PF105", form(rows)) == []
    rows[-1].guessed = False
    assert [line for _, line, _ in run("PF105", form(rows))] == [25]


def test_pf105_profile_decides():
    row = ind("服务对象满意度", pct("≥90%", 90), "效益指标", "服务对象满意度指标", 25)
    assert run("PF105", form([row], template="shanghai-2020")) == []
    assert len(run("PF105", form([row]))) == 1


def test_pf108_placeholder_reason_from_the_grammar():
    rows = GOOD + [ind("培训人次", invalid("≥**", "placeholder"), line=30)]
    assert [(v, line) for v, line, _ in run("PF108", form(rows))] == [(None, 30)]


def test_pf108_goal_placeholder():
    f = form(GOOD, goals={"annual": "完成XX项工作"})
    assert [(v, p["field"]) for v, _, p in run("PF108", f)] == [("field", "年度总体目标")]


def test_pf109_management_block_is_exempt():
    row = ind("预算执行率", pct("=100%", 100, "="), "投入与管理", "投入管理", 30)
    assert run("PF109", form(GOOD + [row], template="shanghai-2020")) == []


def test_pf110_guessed_and_satisfaction_names_are_exempt():
    rows = GOOD + [ind("社会效益", word("显著"), "效益指标", "社会效益指标", 30, guessed=True)]
    assert run("PF110", form(rows)) == []


# ---------------------------------------------------------------- funds

def test_pf201_annual_sum_with_other_on_the_annual_side():
    f = form(GOOD, funds={"annual": 800000.0, "appropriation": 700000.0, "carried_over": 0.0, "other": 100000.0})
    assert run("PF201", f) == []


def test_pf201_total_sum():
    f = form(GOOD, funds={"total": 900000.0, "fiscal": 768000.0, "other": None})
    assert [v for v, _, _ in run("PF201", f)] == ["total"]


def test_pf202_needs_both_amounts_and_one_year():
    assert run("PF202", form(GOOD, funds={"total": 900000.0, "annual": None})) == []
    assert run("PF202", form(GOOD, funds={"total": 900000.0, "annual": 768000.0}, start_date="2025-01-01")) == []
    assert len(run("PF202", form(GOOD, funds={"total": 900000.0, "annual": 768000.0}))) == 1


def test_pf203_without_year_checks_order_only():
    assert run("PF203", form(GOOD, year=None, start_date="2020-01-01", end_date="2020-12-31")) == []


def test_pf204_floor_cost_is_not_a_restatement():
    rows = [ind("运维费用", money("≥768000元", 768000, ">="), "成本指标", "经济成本指标", 13)] + GOOD[1:]
    assert run("PF204", form(rows)) == []


def test_pf204_sum_spans_the_cost_rows():
    rows = [ind("a成本", money("≤50万元", 500000, unit="万元", value=50), "成本指标", "经济成本指标", 13),
            ind("b成本", money("≤26.8万元", 268000, unit="万元", value=26.8), "成本指标", "经济成本指标", 14)]
    (variant, line, params), = run("PF204", form(rows + GOOD[1:]))
    assert (variant, line, params["count"]) == ("sum", 13, 2)
    problem = next(iter(registry().get("PF204")().check(form(rows + GOOD[1:]))))
    assert problem.span.end_line == 14


def test_pf204_self_eval_budget():
    rows = [ind("运维费用", money("≤125万元", 1_250_000, unit="万元", value=125), "成本指标", "经济成本指标", 13)]
    f = form(rows + GOOD[1:], kind="self_eval", funds={"annual": None, "appropriation": None},
             self_eval=SelfEval(budget_full_year=1_250_000.0))
    assert [v for v, _, _ in run("PF204", f)] == ["single"]


def test_pf205_compares_with_the_larger_of_total_and_annual():
    rows = [ind("建设成本", money("≤100万元", 1_000_000, unit="万元", value=100), "成本指标", "经济成本指标", 13)]
    assert run("PF205", form(rows, funds={"total": 3_000_000.0, "annual": 768000.0})) == []
    assert len(run("PF205", form(rows))) == 1


# ---------------------------------------------------------------- values

def test_pf301_variants_by_reason():
    rows = [ind("a", invalid("偏差值", "not-a-target"), line=1), ind("b", invalid("一段很长的叙述文字……", "prose"), line=2),
            ind("c", invalid(">=>=85%", "unparsable"), line=3), ind("d", invalid("", "empty"), line=4),
            ind("e", invalid("**", "placeholder"), line=5)]
    assert [v for v, _, _ in run("PF301", form(rows))] == ["not-a-target", "prose", "unparsable"]


def test_pf302_skips_rows_the_reader_could_not_pair():
    rows = [ind("a", None, line=1), ind("b", None, line=2, guessed=True), ind("c", invalid(" ", "empty"), line=3)]
    assert [line for _, line, _ in run("PF302", form(rows))] == [1, 3]


def test_pf303_ranges_and_deadlines_need_no_operator():
    rows = [ind("a", T("90%-95%", value=90, value_max=95, unit="%", dimension="percent", base_value=90), line=1),
            ind("b", T("12月底前", op=None, dimension="date", deadline="--12-31"), line=2),
            ind("c", count("400家次", 400, None, "家次"), line=3)]
    assert [line for _, line, _ in run("PF303", form(rows))] == [3]


def test_pf304_unitless_words_option():
    rows = [ind("容积率", T("≤2.5", op="<=", value=2.5), line=1), ind("覆盖率", T("=100", op="=", value=100), line=2)]
    assert [line for _, line, _ in run("PF304", form(rows))] == [2]
    assert run("PF304", form(rows), unitless_words=["率"]) == []


@pytest.mark.parametrize("name, expected", [("企业数量增长率", "percent"), ("培训人数", "count"),
                                            ("工作成本控制数", "money"), ("平均响应时间(分钟)", "duration"),
                                            ("拨款金额满足项目需要", None), ("通关效率", None)])
def test_pf305_expected_dimension_from_the_head_noun(name, expected):
    from perflint.rules.unit_mismatch import DEFAULT_KEYWORDS, expected_dimension
    assert expected_dimension(name, DEFAULT_KEYWORDS, ("效率", "频率"))[0] == expected


def test_pf305_unknown_unit_is_not_judged():
    rows = [ind("合格率", T("=12(批)", op="=", value=12, unit="批", dimension=None), line=1)]
    assert run("PF305", form(rows)) == []


def test_pf306_permille_and_ranges():
    rows = [ind("误差率", T("≤5‰", op="<=", value=5, unit="‰", dimension="percent", base_value=0.5), line=1),
            ind("达标率", T("90%-110%", value=90, value_max=110, unit="%", dimension="percent", base_value=90,
                            base_value_max=110), line=2)]
    assert [(v, line) for v, line, _ in run("PF306", form(rows))] == [("range", 2)]


@pytest.mark.parametrize("name, level2, raw, o, want", [
    ("企业服务次数", "数量指标", "≤12次", "<=", "floor"),
    ("有责投诉数", "社会效益指标", "≥1起", ">=", "cap"),
    ("投诉处理率", "社会效益指标", "≥95%", ">=", None),
    ("预算执行率", "经济成本指标", ">90%", ">", None),
    ("复检率", "质量指标", "<10%", "<", None),
    ("系统故障次数", "数量指标", "=0次", "=", None),
])
def test_pf307_directions(name, level2, raw, o, want):
    l1 = "成本指标" if "成本" in level2 else "产出指标"
    rows = [ind(name, count(raw, 1, o, "次"), l1, level2, 1)]
    assert [v for v, _, _ in run("PF307", form(rows))] == ([want] if want else [])


def test_pf307_satisfaction_group_wants_a_floor_but_not_for_complaints():
    sat = [ind("群众评价", pct("≤90%", 90, "<="), "满意度指标", "服务对象满意度指标", 1),
           ind("使用者投诉率", pct("<10%", 10, "<"), "满意度指标", "服务对象满意度指标", 2)]
    assert [(v, line) for v, line, _ in run("PF307", form(sat))] == [("floor", 1)]


def test_pf308_excluded_endings():
    rows = [ind("通关效率", word("提升"), line=1), ind("活动满意度", word("满意"), line=2)]
    assert [line for _, line, _ in run("PF308", form(rows))] == [2]


def test_pf309_ignores_numbers():
    rows = [ind("环境水平", pct("≥85%", 85), line=1), ind("环境水平2", word("明显改善"), line=2)]
    assert [p["word"] for _, _, p in run("PF309", form(rows))] == ["明显"]


def test_pf310_management_rows_are_not_counted():
    mgmt = [ind(f"制度{i}", word("健全"), "投入与管理", "财务管理", i) for i in range(6)]
    assert run("PF310", form(GOOD + mgmt, template="shanghai-2020")) == []
    assert len(run("PF310", form(GOOD[:3] + [ind(f"x{i}", word("提升"), line=i) for i in range(4)]))) == 1


def test_pf311_equal_below_minimum_and_options():
    rows = [ind("服务对象满意度", pct("=80%", 80, "="), "满意度指标", "服务对象满意度指标", 1)]
    assert [v for v, _, _ in run("PF311", form(rows))] == ["below"]
    assert [v for v, _, _ in run("PF311", form(rows), minimum=80)] == ["exact"]
    rows[0].target = pct("≥80%", 80)
    assert run("PF311", form(rows), minimum=80) == []


def test_pf312_quality_words_only():
    rows = [ind("制度健全性", word("及时"), line=1), ind("运行稳定性", word("不间断"), line=2),
            ind("支付及时性", word("及时"), line=3)]
    assert [line for _, line, _ in run("PF312", form(rows))] == [1]


# ---------------------------------------------------------------- goals

GOAL = "1.提升综合保税区核心竞争力，推动健康快速发展，优化产业结构。2.通过产业专项扶持，提高企业创新创业能力。"


def test_pf401_same_as_and_threshold():
    three_years = {"end_date": "2028-12-31"}
    assert [v for v, _, _ in run("PF401", form(GOOD, goals={"total": GOAL, "annual": "同上"}, **three_years))] == ["same-as"]
    near = GOAL.replace("优化产业结构", "优化产业布局")
    assert len(run("PF401", form(GOOD, goals={"total": GOAL, "annual": near}, **three_years))) == 1
    assert run("PF401", form(GOOD, goals={"total": GOAL, "annual": near}, **three_years), threshold=0.99) == []


def test_pf401_equal_goals_say_same_not_a_similarity():
    (variant, _, params), = run("PF401", form(GOOD, goals={"total": GOAL, "annual": "<p>" + GOAL + "</p>"},
                                              end_date="2027-12-31"))
    assert variant == "same" and "similarity" not in params


@pytest.mark.parametrize("funds, dates, reported", [
    ({"total": 768000.0, "annual": 768000.0}, ("2026-01-01", "2026-12-31"), False),   # one year: expected
    ({"total": None, "annual": 768000.0}, ("2026-01-01", "2026-12-31"), False),       # nothing says otherwise
    ({"total": 2304000.0, "annual": 768000.0}, ("2026-01-01", "2026-12-31"), True),   # funds: several years
    ({"total": 768000.0, "annual": 768000.0}, ("2026-01-01", "2027-06-30"), True),    # dates: two years
    ({"total": None, "annual": 768000.0}, (None, None), False),
])
def test_pf401_reports_only_projects_known_to_run_longer(funds, dates, reported):
    f = form(GOOD, goals={"total": GOAL, "annual": GOAL}, funds=funds, start_date=dates[0], end_date=dates[1])
    assert bool(run("PF401", f)) is reported
    assert len(run("PF401", f, skip_single_year=False)) == 1


def _finish(forms):
    rule = registry().get("PF402")()
    digests = [({"path": "a.txt", "index": i, "project": f.project, "line": f.line}, rule.digest(f))
               for i, f in enumerate(forms)]
    return [(ref["index"], p.span.line, p.params["others"]) for ref, p in
            rule.finish([(r, d) for r, d in digests if d is not None])]


def test_pf402_groups_by_goal_and_names_the_others():
    forms = [form(GOOD, project="甲", goals={"annual": GOAL}), form(GOOD, project="乙", goals={"annual": "<p>" + GOAL + "</p>"}),
             form(GOOD, project="丙", goals={"annual": GOAL}), form(GOOD, project="丁", goals={"annual": "别的目标" * 6})]
    got = sorted(_finish(forms))
    assert got == [(0, 11, "丙、乙"), (1, 11, "丙、甲"), (2, 11, "乙、甲")]


def test_pf402_same_project_twice_is_not_shared():
    forms = [form(GOOD, project="甲", goals={"total": GOAL, "annual": GOAL}), form(GOOD, project="甲", goals={"annual": GOAL})]
    assert _finish(forms) == []


def test_pf402_digest_is_small():
    d = registry().get("PF402")().digest(form(GOOD, goals={"annual": GOAL * 50}))
    assert len(repr(d)) < 200


def test_pf403_self_eval():
    assert run("PF403", form(GOOD, kind="self_eval", goals={"annual": None})) != []
    assert run("PF403", form(GOOD, goals={"annual": "<p> </p>"})) != []


def test_pf404_promises():
    from perflint.rules._promises import quantities
    found = [(q.number, q.unit) for q in quantities("1.2023年每季度首月10日前拨付；2、融资服务不少于100家次，满意度达85%以上，"
                                                    "第3季度完成；培训600名；覆盖1万人次")]
    assert found == [(100, "家次"), (85, "%"), (600, "名"), (10000, "人次")]


@pytest.mark.parametrize("text, want", [
    ("至少每半个月全面分析1次办事指南", [("每半个月全面分析1次", 24.0, False)]),
    ("每日一次的预防性消杀", [("每日一次", 365.0, False)]),
    ("文明单位创建学习参观一年四次", [("一年四次", 4.0, False)]),
    ("每年4份（按照季度出具）。三年合计8份", [("每年4份", 4.0, False), ("8份", 8.0, True)]),
    ("三年合计分别不少于300家次和150家次", [("不少于300家次", 300.0, True), ("150家次", 150.0, True)]),
    ("保障经开区5部门工作的正常运行，分3个包，一次性验收", []),
    ("对一般企业年内检查不少于2次", [("年内检查不少于2次", 2.0, False)]),
])
def test_promises_read_frequencies_totals_and_non_promises(text, want):
    from perflint.rules._promises import quantities
    assert [(q.phrase, q.annual, q.multi_year) for q in quantities(text)] == want


def test_promises_pair_only_one_clear_match():
    from perflint.rules._promises import count_indicator_for, quantities
    rows = [ind("办事指南及网办能力质检分析次数", count(">=18次", 18), line=1),
            ind("移动端安全测评次数", count(">=5次", 5), line=2)]
    q, = quantities("至少每半个月全面分析1次办事指南维护情况")
    assert count_indicator_for(q, rows) is rows[0]
    # people and person-visits are different kinds of count: 600名 is not paired with 人次
    q, = [x for x in quantities("为600名失能老人提供上门照护服务") if x.unit == "名"]
    assert count_indicator_for(q, [ind("上门照护服务人次", count("≥28800人次", 28800, unit="人次"), line=3)]) is None


def test_pf404_carried_by_base_value():
    rows = GOOD + [ind("融资服务", count("≥100家次", 100, unit="家次"), line=30),
                   ind("经费", money("≤500000元", 500000), "成本指标", "经济成本指标", 31)]
    f = form(rows, goals={"annual": "融资服务不少于100家次，经费控制在50万元以内，满意度达85%以上。"})
    assert run("PF404", f) == []
    f.goals["annual"] += "培训600名。"
    (_, line, params), = run("PF404", f)
    assert line == 11 and "600名" in params["numbers"]


def test_pf404_budget_amount_in_the_goal_is_not_a_promise():
    f = form(GOOD, goals={"annual": "本项目申请资金76.8万元，用于商务接待。"})
    assert run("PF404", f) == []


def test_pf101_funds_need_an_amount_not_only_carried_over():
    f = form(GOOD, funds={"carried_over": 0.0, "other": 0.0})
    assert [p["field"] for _, _, p in run("PF101", f)] == ["项目资金"]


# ---------------------------------------------------------------- issue 13: the new checks

def test_pf111_a_quantity_group_needs_one_physical_quantity():
    rates = [ind("审核完成率", pct("=100%", 100, "="), line=1), ind("计划完成率", pct("≥90%", 90), line=2)]
    assert [v for v, _, _ in run("PF111", form(rates + GOOD[2:]))] == ["completion"]
    covers = [ind("覆盖率", pct("=100%", 100, "="), line=1)]
    assert [v for v, _, _ in run("PF111", form(covers + GOOD[2:]))] == ["rates"]
    mixed = [ind("审核完成率", pct("=100%", 100, "="), line=1), ind("物资保障", word("充裕"), line=2)]
    assert [v for v, _, _ in run("PF111", form(mixed + GOOD[2:]))] == [None]
    assert run("PF111", form(rates + [ind("审核企业数", count("≥350家", 350, unit="家"), line=3)] + GOOD[2:])) == []
    guessed = [ind("审核完成率", pct("=100%", 100, "="), line=1, guessed=True)]
    assert run("PF111", form(guessed + GOOD[2:])) == []


def test_pf206_what_counts_as_a_cost():
    def cost(name, target, level2="经济成本指标"):
        return ind(name, target, "成本指标", level2, 13)
    only = lambda *rows: form(list(rows) + GOOD[1:])  # noqa: E731
    assert len(run("PF206", only(cost("预算偏差率", pct("≤5%", 5, "<="))))) == 1
    assert len(run("PF206", only(cost("资金投入有效性", word("有效"))))) == 1
    assert run("PF206", only(cost("运维费", money("≤5万元", 50000, unit="万元", value=5)))) == []
    assert run("PF206", only(cost("采购成本节约率", pct("≥5%", 5)))) == []
    assert run("PF206", only(cost("拆迁影响户数", count("≤20户", 20, "<=", "户"), "社会成本指标"))) == []
    assert run("PF206", form(GOOD[1:])) == []     # no cost group: missing-indicator-category's


def test_pf113_satisfaction_of_complainants_only():
    sat = lambda *names: form(GOOD[:4] + [ind(n, pct("≥90%", 90), "满意度指标", "服务对象满意度指标", 30 + i)  # noqa: E731
                                         for i, n in enumerate(names)])
    assert [line for _, line, _ in run("PF113", sat("投诉处置满意度"))] == [30]
    assert run("PF113", sat("投诉处置满意度", "办事群众满意度")) == []
    assert run("PF113", sat("使用者投诉率")) == []     # no satisfaction measured at all: PF103's


def test_pf112_sibling_groups_and_shadowed_words():
    def under(level1, level2, name):
        return run("PF112", form(GOOD + [ind(name, pct("≥80%", 80), level1, level2, 30)]))
    assert [p["suggested"] for _, _, p in under("效益指标", "生态效益指标", "小区治安改善率")] == ["社会效益指标"]
    assert [p["suggested"] for _, _, p in under("产出指标", "质量指标", "整改及时率")] == ["时效指标"]
    assert under("效益指标", "社会效益指标", "工业区环境卫生达标率") == []     # 环境卫生 is social
    assert under("效益指标", "社会效益指标", "服务质量提升率") == []           # 质量 is of another 一级
    assert under("效益指标", "生态效益指标", "生态环境治安协同率") == []       # its own word wins
    rows = GOOD + [ind("小区治安改善率", pct("≥80%", 80), "效益指标", "生态效益指标", 30, guessed=True)]
    assert run("PF112", form(rows)) == []


@pytest.mark.parametrize("name, value, variant", [
    ("新增耕地面积指标", "增加", "direction"), ("微信公众号推文浏览量", "增长", "direction"),
    ("防疫物资保障充实", "充裕", "direction"), ("园区形象提升情况", "提升", None), ("优化营商环境", "优化", None),
    ("无国有资产流失问题", "无国有资产流失问题", None), ("文明单位创建美化环境", "=全年", "period"),
    ("能有效发现问题并提出可行改进方案", "能发现并提出", "ability"),
    ("制度健全性", "健全", ""), ("区域环境质量", "提升", ""), ("创建文明单位", "=创建成功", ""), ("能力建设成效", "能力提升", ""),
])
def test_pf313_values_that_are_not_targets(name, value, variant):
    got = run("PF313", form(GOOD + [ind(name, word(value), "效益指标", "社会效益指标", 30)]))
    assert [v for v, _, _ in got] == ([] if variant == "" else [variant])


def test_pf313_skips_the_management_block():
    row = ind("预算编制合理性提升情况", word("提升"), "投入与管理", "投入管理", 30)
    assert run("PF313", form(GOOD + [row], template="shanghai-2020")) == []


def test_pf207_staff_costs_in_names_goals_and_sections():
    wage = ind("驻场人员工资", money("≤36万元", 360000, unit="万元", value=36), "成本指标", "经济成本指标", 30)
    assert [(v, p["word"]) for v, _, p in run("PF207", form(GOOD + [wage]))] == [("indicator", "工资")]
    f = form(GOOD, goals={"annual": "用于弥补单位人员经费和福利费支出。"})
    assert [(v, p["word"]) for v, _, p in run("PF207", f)] == [(None, "人员经费")]
    f = form(GOOD)
    f.sections = {"项目概况": "该项目主要是弥补单位的相关人员费用和福利费支出。"}
    assert [p["where"] for _, _, p in run("PF207", f)] == ["项目概况"]
    assert run("PF207", form(GOOD, goals={"annual": "督促施工企业按时足额支付农民工工资。"})) == []


def test_pf405_frequencies_in_one_unit_either_way():
    def f(goal, name, target):
        return form(GOOD + [ind(name, target, line=30)], goals={"annual": goal})
    assert [v for v, _, _ in run("PF405", f("至少每半个月全面分析1次办事指南", "办事指南质检分析次数",
                                            count(">=18次", 18)))] == ["frequency"]
    assert run("PF405", f("至少每半个月全面分析1次办事指南", "办事指南质检分析次数", count(">=24次", 24))) == []
    assert run("PF405", f("全年全面分析办事指南不少于12次", "每月办事指南质检分析次数", count("≥1次", 1))) == []
    assert [v for v, _, _ in run("PF405", f("举办技能培训班不少于40期", "举办技能培训班期数",
                                            count("≥25期", 25, unit="期")))] == [None]
    assert run("PF405", f("举办技能培训班不少于40期", "举办技能培训班期数", count("≥42期", 42, unit="期"))) == []


def test_pf406_digest_is_small_and_values_are_compared_by_meaning():
    rule = registry().get("PF406")()
    rows = [ind(f"指标{i}", pct(f"≥{80 + i}%", 80 + i), line=i) for i in range(8)]
    same = [ind(f"指标 {i}", pct(f">={80 + i}.00%", 80 + i), line=i) for i in range(8)]
    a, b = rule.digest(form(rows, project="甲")), rule.digest(form(same, project="乙"))
    assert a["rows"] == b["rows"] and len(repr(a)) < 400
    refs = [({"path": "x", "index": 0, "project": "甲"}, a), ({"path": "x", "index": 1, "project": "乙"}, b)]
    (ref, problem), = rule.finish(refs)
    assert ref["index"] == 1 and problem.params["other"] == "甲"    # once, on the later form, naming the earlier
    assert rule.digest(form(rows[:3])) is None     # too few rows to compare


def test_pf406_rows_the_whole_batch_shares_are_left_out():
    rule = registry().get("PF406")()
    common = [ind(f"通用指标{i}", pct("≥90%", 90), line=i) for i in range(6)]
    own = [ind(f"专有指标{i}", pct("≥80%", 80), line=10 + i) for i in range(6)]
    digests = [({"path": "x", "index": n, "project": f"项目{n}"}, rule.digest(form(common + own[:1], project=f"项目{n}")))
               for n in range(12)]
    assert list(rule.finish(digests)) == []    # 12 forms sharing six boilerplate rows are no copies of each other


def test_pf109_the_reason_fits_the_kind():
    rows = [ind("预算偏差率", pct("≤5%", 5, "<="), line=1), ind("业务法律合规性", word("合规"), line=2),
            ind("预算绩效管理结果应用率", pct("≥95%", 95), line=3), ind("资金拨付及时性", word("及时"), line=4)]
    assert [(v, line) for v, line, _ in run("PF109", form(rows))] == [(None, 1), ("compliance", 2), ("management", 3)]
    assert [line for _, line, _ in run("PF109", form(rows), items=["预算偏差率"])] == [1]


def test_pf303_suggests_the_number_and_unit():
    t = T("一年四次", value=4, unit="次", dimension="count", base_value=4, period="year")
    (_, _, params), = run("PF303", form(GOOD + [ind("学习参观", t, line=30)]))
    assert params["plain"] == "4次"


def test_pf307_quotas_in_the_output_group_may_be_capped():
    rows = [ind("优秀团队表彰名额", count("≤10个", 10, "<=", "个"), line=1),
            ind("发放奖牌", count("≤30块", 30, "<=", "块"), line=2),
            ind("培训人次", count("≤600人次", 600, "<=", "人次"), line=3)]
    assert [line for _, line, _ in run("PF307", form(rows))] == [3]
