"""Across years and resubmissions, without a store: pairing, the PF6xx rules, the comparison rows and the
resubmission status, the JSON and text reports, `perflint parse --previous`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from history_forms import ELDERLY, TRAINING, self_eval_form, target_form, write
from perflint.config import Config
from perflint.engine import Linter
from perflint.history.pairing import Candidate, FilePool, Pairer, PairingOptions
from perflint.history.stage import HistoryStage
from perflint.model import PairedBy, Relation
from perflint.reader import read_bytes

ROOT = Path(__file__).resolve().parents[1]
P = "社区居家养老服务补贴"


def forms_of(*texts: str, path: str = "prev.txt"):
    out = []
    for n, text in enumerate(texts):
        for form in read_bytes(text.encode("utf-8"), f"{n}-{path}").forms:
            out.append(form)
    return out


def lint(text: str, *previous: str, select=("PF6",), options=None, pairing=None, path="now.txt"):
    """The report of ``text`` checked with ``previous`` forms as the earlier ones."""
    cfg = Config(select=list(select), rules=options or {}, pairing=pairing or {})
    stage = HistoryStage(cfg)
    pool = FilePool([Candidate.of(f, f.path) for f in forms_of(*previous)], stage.prior_findings)
    stage.pairer = Pairer([pool], PairingOptions.from_table(cfg.pairing))
    linter = Linter(cfg, history=stage)
    result = read_bytes(text.encode("utf-8"), path)
    return linter.lint_result(result), result.forms


def codes(report) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.indicator) for f in report.findings)


def relations(form) -> list[tuple[str, int | None]]:
    return [(cp.relation.value, cp.form.year) for cp in form.previous]


# ---------------------------------------------------------------- project pairing

@pytest.mark.parametrize("layout", ["tab", "pipe"])
@pytest.mark.parametrize("renamed", [P, f"2026年{P}项目", "居家社区养老服务补贴", f"{P}（2026年度）", "社区居家养老服务补贴 "])
def test_renamed_project_pairs_with_last_year(renamed, layout):
    _, (form,) = lint(target_form(2026, renamed, layout=layout), target_form(2025, P, layout="tab"),
                      self_eval_form(2025, P, layout="pipe"))
    assert relations(form) == [("previous-target", 2025), ("previous-self-eval", 2025)]
    assert all(cp.paired_by in (PairedBy.NAME, PairedBy.SIMILAR_NAME) for cp in form.previous)


@pytest.mark.parametrize("other, department, implementer", [
    ("社区养老服务设施建设", "某市民政局", "某市养老服务指导中心"),      # another project of the department
    (P, "某区教育局", "某区教师进修学院"),                              # the same name in another department
    ("居家社区养老服务补贴", "某区教育局", "某区教师进修学院"),          # a near name elsewhere
])
def test_other_projects_do_not_pair(other, department, implementer):
    _, (form,) = lint(target_form(2026, P), target_form(2025, other, department=department, implementer=implementer))
    assert form.previous == []


def test_same_name_pairs_across_a_renamed_department_when_the_implementer_stays():
    _, (form,) = lint(target_form(2026, P, department="某市民政和养老服务局"), target_form(2025, P))
    assert relations(form) == [("previous-target", 2025)]


def test_override_map_pairs_a_project_renamed_beyond_recognition():
    prev = target_form(2025, "老年人关爱行动", department="某区教育局")
    assert lint(target_form(2026, P), prev)[1][0].previous == []
    _, (form,) = lint(target_form(2026, P), prev, pairing={"projects": {f"{P}项目": ["老年人关爱行动"]}})
    assert relations(form) == [("previous-target", 2025)] and form.previous[0].paired_by is PairedBy.OVERRIDE


def test_threshold_from_configuration():
    prev = target_form(2025, "居家社区养老服务补贴")
    assert lint(target_form(2026, P), prev)[1][0].previous
    assert not lint(target_form(2026, P), prev, pairing={"threshold": 0.95})[1][0].previous


def test_three_years_most_recent_first_and_years_back():
    prev = [target_form(2023, P), target_form(2024, P), target_form(2025, P), self_eval_form(2023, P),
            self_eval_form(2024, P), target_form(2027, P)]
    _, (form,) = lint(target_form(2026, P), *prev)
    assert relations(form) == [("previous-target", 2025), ("previous-target", 2024), ("previous-target", 2023),
                               ("previous-self-eval", 2024), ("previous-self-eval", 2023)]
    _, (form,) = lint(target_form(2026, P), *prev, pairing={"years-back": 1})
    assert relations(form) == [("previous-target", 2025)]


def test_self_evaluation_pairs_with_the_targets_of_its_year():
    _, (form,) = lint(self_eval_form(2025, P), target_form(2024, P), target_form(2025, P), self_eval_form(2024, P))
    assert relations(form) == [("declared", 2025), ("previous-self-eval", 2024)]


def test_earlier_version_but_not_the_same_text():
    v1 = target_form(2026, P, annual_goal="2026年为600名失能老人提供上门照护服务。")
    v2 = target_form(2026, P)
    assert relations(lint(v2, v1)[1][0]) == [("earlier-version", 2026)]
    assert relations(lint(v2, v2)[1][0]) == []


def test_a_batch_pairs_each_form_with_its_own_project():
    now = target_form(2026, P) + target_form(2026, "教师培训", TRAINING, department="某区教育局", implementer="某区教师进修学院")
    prev = target_form(2025, "教师培训项目", TRAINING, department="某区教育局", implementer="某区教师进修学院") + target_form(2025, P)
    _, forms = lint(now, prev)
    assert [(f.project, [cp.form.project for cp in f.previous]) for f in forms] == [
        (P, [P]), ("教师培训", ["教师培训项目"])]


# ---------------------------------------------------------------- indicator pairing

def test_reordered_indicators_pair_by_name():
    _, (form,) = lint(target_form(2026, P, ELDERLY[::-1]), target_form(2025, P))
    cp = form.previous[0]
    assert len(cp.indicators) == len(ELDERLY) and not cp.unpaired and not cp.unpaired_there
    assert all(p.here.name == p.there.name and p.similarity == 1.0 for p in cp.indicators)


def test_near_names_pair_only_within_a_dimension():
    now = list(ELDERLY)
    now[1] = now[1].but(name="服务老年人人数")            # a near name, a count: pairs
    now[3] = now[3].but(name="服务记录完整数", target="≥95(份)")  # near the rate's name, but a count
    _, (form,) = lint(target_form(2026, P, now), target_form(2025, P))
    cp = form.previous[0]
    pairs = {p.here.name: p.there.name for p in cp.indicators}
    assert pairs["服务老年人人数"] == "服务老人人数"
    assert "服务记录完整数" not in pairs
    assert [i.name for i in cp.unpaired] == ["服务记录完整数"] and [i.name for i in cp.unpaired_there] == ["服务记录完整率"]


def test_duplicate_names_pair_one_to_one():
    now = list(ELDERLY) + [ELDERLY[1]]
    _, (form,) = lint(target_form(2026, P, now), target_form(2025, P))
    cp = form.previous[0]
    assert len(cp.indicators) == len(ELDERLY) and [i.name for i in cp.unpaired] == ["服务老人人数"]


# ---------------------------------------------------------------- PF601, PF602

def test_pf601_target_below_last_actual_both_directions():
    now = [i for i in ELDERLY]
    now[1] = now[1].but(target="≥500(人)")             # 2025 actual 620
    now[0] = now[0].but(target="≤2300(元/人)")         # 2025 actual 1900: a ceiling above it
    report, _ = lint(target_form(2026, P, now), self_eval_form(2025, P), select=["PF601"])
    assert codes(report) == [("PF601", "人均服务补贴标准"), ("PF601", "服务老人人数")]
    assert "620" in next(f.message for f in report.findings if f.indicator == "服务老人人数")


def test_pf601_small_gaps_and_unchanged_targets_pass():
    # ≥95% against 97% is within min_gap; ≥600 unchanged from last year's target is PF602's case
    report, _ = lint(target_form(2026, P), self_eval_form(2025, P), select=["PF601"])
    assert codes(report) == []
    raised = [i.but(target="≥96(%)") if i.name == "服务记录完整率" else i for i in ELDERLY]   # 2025 actual 97 %
    assert codes(lint(target_form(2026, P, raised), self_eval_form(2025, P), select=["PF601"])[0]) == []
    report, _ = lint(target_form(2026, P, raised), self_eval_form(2025, P), select=["PF601"],
                     options={"PF601": {"min_gap": 0.0}})
    assert codes(report) == [("PF601", "服务记录完整率")]


def test_pf601_compares_wan_yuan_with_yuan():
    now = list(TRAINING)
    now[0] = now[0].but(target="≤260000(元)")           # 2025 actual 23.5万元 = 235,000 元: looser by 10.6 %
    last = [i.but(actual="23.5(万元)") if i.name == "培训经费总额" else i for i in TRAINING]
    report, _ = lint(target_form(2026, "教师培训", now), self_eval_form(2025, "教师培训", last, unit="元"),
                     select=["PF601"])
    assert codes(report) == [("PF601", "培训经费总额")]
    now[0] = now[0].but(target="≤240000(元)")           # 2.1 % above: within min_gap
    report, _ = lint(target_form(2026, "教师培训", now), self_eval_form(2025, "教师培训", last), select=["PF601"])
    assert codes(report) == []


def test_pf601_uses_the_latest_self_evaluation():
    old = [i.but(actual="400(人)") if i.name == "服务老人人数" else i for i in ELDERLY]
    now = [i.but(target="≥500(人)") if i.name == "服务老人人数" else i for i in ELDERLY]
    report, _ = lint(target_form(2026, P, now), self_eval_form(2023, P, old), select=["PF601"])
    assert codes(report) == []
    report, _ = lint(target_form(2026, P, now), self_eval_form(2023, P, old), self_eval_form(2024, P),
                     select=["PF601"])
    assert codes(report) == [("PF601", "服务老人人数")] and "2024" in report.findings[0].message


def test_pf602_unchanged_for_three_years_while_beaten():
    beaten = [i.but(actual="820(人)") if i.name == "服务老人人数" else i for i in ELDERLY]
    report, _ = lint(target_form(2026, P), target_form(2024, P), target_form(2025, P), self_eval_form(2025, P, beaten),
                     select=["PF602"])
    assert codes(report) == [("PF602", "服务老人人数")]
    msg = report.findings[0].message
    assert "3 年" in msg and "820" in msg and "37%" in msg


def test_pf602_margin_and_a_raised_target():
    beaten = [i.but(actual="700(人)") if i.name == "服务老人人数" else i for i in ELDERLY]  # +17 %
    assert codes(lint(target_form(2026, P), self_eval_form(2025, P, beaten), select=["PF602"])[0]) == []
    assert codes(lint(target_form(2026, P), self_eval_form(2025, P, beaten), select=["PF602"],
                      options={"PF602": {"margin": 0.15}})[0]) == [("PF602", "服务老人人数")]
    raised = [i.but(target="≥700(人)") if i.name == "服务老人人数" else i for i in ELDERLY]
    assert codes(lint(target_form(2026, P, raised), self_eval_form(2025, P, beaten), select=["PF602"],
                      options={"PF602": {"margin": 0.15}})[0]) == []


# ---------------------------------------------------------------- PF603, PF604

def test_pf603_copied_form_and_a_form_set_anew():
    copied = target_form(2026, P, annual_goal="2025年为600名失能老人提供每月不少于4次的上门照护服务，服务记录完整率达到95%以上。")
    report, _ = lint(copied, target_form(2025, P), select=["PF603", "PF604"])
    assert [f.code for f in report.findings] == ["PF603", "PF604"]
    anew = target_form(2026, P, [i.but(target="≥650(人)") if i.name == "服务老人人数" else i for i in ELDERLY],
                       annual_goal="在上年服务620人的基础上，2026年为650名失能老人提供上门照护，新增夜间巡访服务。")
    assert codes(lint(anew, target_form(2025, P), select=["PF603", "PF604"])[0]) == []


def test_pf603_reordered_indicators_and_unit_change_still_count_as_copied():
    now = [i.but(target="≤0.2(万元/人)") if i.name == "人均服务补贴标准" else i for i in ELDERLY[::-1]]
    report, _ = lint(target_form(2026, P, now, annual_goal=None), target_form(2025, P, annual_goal=None),
                     select=["PF603"])
    # the default annual goal names its own year: 2026 vs 2025 differ by one character only
    assert codes(report) == [("PF603", None)]


def test_pf604_stale_year_only_when_copied_with_its_year():
    last = target_form(2025, P, annual_goal="2025年为600名失能老人提供上门照护服务。在2024年基础上提高服务覆盖面。")
    now = target_form(2026, P, [i.but(target="≥650(人)") for i in ELDERLY[:3]] + list(ELDERLY[3:]),
                      annual_goal="2025年为600名失能老人提供上门照护服务。在2025年基础上提高服务覆盖面，新增夜间巡访。")
    report, _ = lint(now, last, select=["PF604"])
    assert codes(report) == [("PF604", None)]
    assert "2025年" in report.findings[0].message
    period = target_form(2026, P, annual_goal="落实2025年至2027年规划，2026年为650名失能老人提供上门照护服务。")
    assert codes(lint(period, target_form(2025, P, annual_goal="落实2025年至2027年规划，2025年为600名失能老人提供上门照护服务。"),
                      select=["PF604"])[0]) == []


def test_pf604_self_evaluation_copied_from_last_years():
    actual = "2024年全年为620名失能老人提供上门照护服务，服务记录完整率97%。"
    report, _ = lint(self_eval_form(2025, P, actual_goal=actual), self_eval_form(2024, P, actual_goal=actual),
                     select=["PF604"])
    assert codes(report) == [("PF604", None)]


# ---------------------------------------------------------------- PF605–PF608

@pytest.mark.parametrize("layout", ["tab", "pipe"])
def test_pf605_to_pf607_self_evaluation_against_the_declared_targets(layout):
    evaluated = [i for i in ELDERLY if i.name != "每月上门服务次数"]                       # one declared missing
    evaluated = [i.but(target="≥500(人)") if i.name == "服务老人人数" else i for i in evaluated]  # lowered
    evaluated.append(ELDERLY[1].but(level2="数量指标", name="宣传资料发放份数", target="≥1000(份)", actual="1500(份)"))
    report, _ = lint(self_eval_form(2025, P, evaluated, layout=layout), target_form(2025, P, layout="tab"))
    assert codes(report) == [("PF605", "服务老人人数"), ("PF606", "每月上门服务次数"), ("PF607", "宣传资料发放份数")]
    pf605 = next(f for f in report.findings if f.code == "PF605")
    assert "≥600(人)" in pf605.message and pf605.name == "target-changed-in-self-eval"


def test_pf605_same_target_in_another_money_unit_is_the_same():
    declared = target_form(2025, "教师培训", TRAINING)
    evaluated = [i.but(target="≤240000(元)") if i.name == "培训经费总额" else i for i in TRAINING[::-1]]
    assert codes(lint(self_eval_form(2025, "教师培训", evaluated, unit="元"), declared, select=["PF605"])[0]) == []
    evaluated[-1] = evaluated[-1].but(target="≤26(万元)")
    assert codes(lint(self_eval_form(2025, "教师培训", evaluated), declared, select=["PF605"])[0]) == [
        ("PF605", "培训经费总额")]


def test_pf606_pf607_silent_when_the_forms_hardly_pair():
    other = [i.but(name=n) for i, n in zip(ELDERLY, ["甲", "乙", "丙", "丁", "戊", "己", "服务对象满意度"])]
    assert codes(lint(self_eval_form(2025, P, other), target_form(2025, P), select=["PF606", "PF607"])[0]) == []


@pytest.mark.parametrize("unit", ["万元", "元"])
def test_pf608_full_year_budget_against_the_declared_amount(unit):
    report, _ = lint(self_eval_form(2025, P, full_year=960000.0, unit=unit), target_form(2025, P), select=["PF608"])
    assert codes(report) == [("PF608", None)] and report.findings[0].severity == "info"
    assert "240,000元" in report.findings[0].message
    assert codes(lint(self_eval_form(2025, P, unit=unit), target_form(2025, P), select=["PF608"])[0]) == []


def test_rules_are_silent_without_counterparts():
    report, (form,) = lint(self_eval_form(2025, P), select=["PF6"])
    assert form.previous == [] and codes(report) == []
    report, _ = lint(target_form(2026, P, [i.but(target="≥1(人)") for i in ELDERLY]), select=["PF6"])
    assert codes(report) == []


# ---------------------------------------------------------------- resubmissions

def _v1_v2():
    v1_inds = [i.but(target="≥600") if i.name == "服务老人人数" else i for i in ELDERLY]   # missing unit
    v1_inds = [i.but(target="良好") if i.name == "服务对象满意度" else i for i in v1_inds]    # qualitative
    v2_inds = [i.but(target="良好") if i.name == "服务对象满意度" else i for i in ELDERLY]    # unit fixed
    v2_inds = [i.but(target="≥95") if i.name == "服务记录完整率" else i for i in v2_inds]    # a new problem
    return target_form(2026, P, v1_inds), target_form(2026, P, v2_inds[::-1])


def test_resubmission_statuses_and_summary():
    v1, v2 = _v1_v2()
    report, (form,) = lint(v2, v1, select=["ALL"])
    status = {(f.code, f.indicator): f.status for f in report.findings if f.code != "PF609"}
    assert status[("PF304", "服务记录完整率")] == "new"
    assert set(status.values()) == {"new", "open"}
    earlier = form.previous[0]
    assert earlier.relation is Relation.EARLIER_VERSION
    assert ("PF304", "服务老人人数") in {(p.code, p.indicator) for p in earlier.fixed}
    summary = next(f for f in report.findings if f.code == "PF609")
    assert summary.status is None and "已修正" in summary.message
    entry = report.pairings[0]
    assert entry["resubmission"]["counts"]["fixed"] == len(earlier.fixed) >= 1
    assert entry["resubmission"]["counts"]["new"] == sum(1 for f in report.findings if f.status == "new")


def test_resubmission_follows_a_renamed_indicator():
    v1 = target_form(2026, P, [i.but(target="≥600") if i.name == "服务老人人数" else i for i in ELDERLY])
    v2 = target_form(2026, P, [i.but(name="服务老年人人数", target="≥600") if i.name == "服务老人人数" else i
                               for i in ELDERLY])
    report, (form,) = lint(v2, v1, select=["PF304", "PF609"])
    assert [(f.code, f.indicator, f.status) for f in report.findings if f.code == "PF304"] == [
        ("PF304", "服务老年人人数", "open")]
    assert form.previous[0].fixed == []


def test_findings_of_forms_without_an_earlier_version_have_no_status():
    report, _ = lint(target_form(2026, P, [i.but(target="≥600") for i in ELDERLY]), target_form(2025, P),
                     select=["ALL"])
    assert report.findings and all(f.status is None for f in report.findings)
    assert "status" not in report.findings[0].to_dict()


# ---------------------------------------------------------------- comparison rows

def test_comparison_rows_of_a_target_form():
    now = [i.but(target="≥650(人)") if i.name == "服务老人人数" else i for i in ELDERLY if i.name != "每月上门服务次数"]
    now.append(ELDERLY[1].but(name="新增巡访次数", target="≥12(次)"))
    report, _ = lint(target_form(2026, P, now), target_form(2025, P), self_eval_form(2025, P))
    rows = {(r["indicator"], r["counterpart_indicator"]): r for r in report.pairings[0]["comparison"]}
    r = rows[("服务老人人数", "服务老人人数")]
    assert (r["target"], r["previous_target"], r["previous_actual"], r["change"]) == ("≥650(人)", "≥600(人)", "620(人)", "stricter")
    assert rows[("新增巡访次数", None)]["change"] == "new"
    assert rows[(None, "每月上门服务次数")]["change"] == "dropped"
    assert rows[("服务对象满意度", "服务对象满意度")]["change"] == "same"


def test_comparison_rows_of_a_self_evaluation():
    evaluated = [i.but(target="≥500(人)") if i.name == "服务老人人数" else i for i in ELDERLY]
    report, _ = lint(self_eval_form(2025, P, evaluated), target_form(2025, P))
    rows = {r["indicator"]: r for r in report.pairings[0]["comparison"]}
    assert (rows["服务老人人数"]["declared_target"], rows["服务老人人数"]["change"]) == ("≥600(人)", "looser")


def test_the_rows_side_by_side_only_for_reports_that_show_them(tmp_path):
    from perflint.api import Session
    last = write(tmp_path / "2025", "batch.txt", target_form(2025, P), self_eval_form(2025, P))
    now = write(tmp_path / "2026", "batch.txt", target_form(2026, P))
    entries = {}
    for comparison in (True, False):
        session = Session([now], {}, previous=[last], comparison=comparison, jobs=1)
        (entries[comparison],) = session.run().files[0].pairings
    assert entries[True]["comparison"] and entries[False]["comparison"] == []
    # without them, each counterpart gives the numbers of its indicator pairs instead of the pairs; the
    # rest, and the resubmission tally, do not depend on it
    lists = ("indicators", "unpaired", "unpaired_counterpart")
    for full, brief in zip(entries[True]["counterparts"], entries[False]["counterparts"]):
        assert brief["paired"] == len(full["indicators"]) > 0
        assert brief["total"] == len(full["indicators"]) + len(full["unpaired"])
        assert {k: v for k, v in full.items() if k not in lists} == \
            {k: v for k, v in brief.items() if k not in ("paired", "total")}
    assert {k: v for k, v in entries[True].items() if k not in ("comparison", "counterparts")} == \
        {k: v for k, v in entries[False].items() if k not in ("comparison", "counterparts")}
    # and the one-line label of either reads the same
    from perflint.reporters.across import counterpart_label
    label = lambda cp: counterpart_label(lambda key, **kw: f"{key}{sorted(kw.items())}", cp, str)  # noqa: E731
    assert [label(cp) for cp in entries[True]["counterparts"]] == [label(cp) for cp in entries[False]["counterparts"]]
    from perflint.check_cmd import Run
    assert [f for f in ("text", "json", "html", "xlsx", "sarif", "github") if Run.shows_comparison(f)] == \
        ["json", "html", "xlsx"]


# ---------------------------------------------------------------- the command line and its reports

def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "perflint", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_check_previous_json_report_valid_and_text_line(tmp_path):
    last = write(tmp_path / "2025", "batch.txt", target_form(2025, P), self_eval_form(2025, P))
    now_inds = [i.but(target="≥500(人)") if i.name == "服务老人人数" else i for i in ELDERLY]
    now = write(tmp_path / "2026", "batch.txt", target_form(2026, f"{P}项目", now_inds), target_form(2026, "无对照项目"))
    proc = run("check", now, "--previous", str(tmp_path / "2025"), "--format", "json", "--no-config", "-j", "1")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, json.loads((ROOT / "schemas/report.schema.json").read_text("utf-8")))
    (entry,) = doc["files"][0]["pairings"]
    assert entry["form"] == 0 and [c["relation"] for c in entry["counterparts"]] == ["previous-target", "previous-self-eval"]
    assert any(f["code"] == "PF601" for f in doc["findings"])
    text = run("check", now, "--previous", str(tmp_path / "2025"), "--no-config", "-j", "1").stdout
    assert "2025年申报表" in text and "2025年自评表" in text
    english = run("check", now, "--previous", str(tmp_path / "2025"), "--no-config", "--lang", "en").stdout
    assert "target form 2025" in english and "PF601" in english


def test_parse_previous_shows_every_pairing_and_is_valid(tmp_path):
    last = write(tmp_path, "last.txt", target_form(2025, P))
    now = write(tmp_path, "now.txt", target_form(2026, "居家社区养老服务补贴", ELDERLY[::-1]))
    proc = run("parse", now, "--previous", last)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, json.loads((ROOT / "schemas/form.schema.json").read_text("utf-8")))
    (cp,) = doc["files"][0]["forms"][0]["previous"]
    assert cp["paired_by"] == "similar-name" and cp["year"] == 2025 and len(cp["indicators"]) == len(ELDERLY)
    text = run("parse", now, "--previous", last, "--format", "text").stdout
    assert "previous-target" in text and "↔" in text


def test_previous_path_that_does_not_exist_is_a_usage_error(tmp_path):
    now = write(tmp_path, "now.txt", target_form(2026, P))
    proc = run("check", now, "--previous", str(tmp_path / "nowhere"), "--no-config")
    assert proc.returncode == 2 and "nowhere" in proc.stderr and "Traceback" not in proc.stderr


def test_previous_from_configuration_relative_to_it(tmp_path):
    write(tmp_path / "2025", "a.txt", self_eval_form(2025, P))
    write(tmp_path / "2026", "b.txt", target_form(2026, P, [i.but(target="≥500(人)") if i.name == "服务老人人数" else i
                                                            for i in ELDERLY]))
    (tmp_path / "perflint.toml").write_text('previous = ["2025"]\nselect = ["PF6"]\n[pairing]\nthreshold = 0.85\n',
                                            encoding="utf-8")
    proc = run("check", "b.txt", cwd=tmp_path / "2026")
    assert proc.returncode == 1 and "PF601" in proc.stdout, proc.stdout + proc.stderr
    (tmp_path / "perflint.toml").write_text('[pairing]\nthreshold = 2\n', encoding="utf-8")
    assert run("check", "b.txt", cwd=tmp_path / "2026").returncode == 2


def test_pairing_with_files_needs_no_store_libraries(tmp_path):
    """--previous alone imports neither SQLAlchemy nor Alembic: they are the history extra, for --history."""
    last = write(tmp_path, "last.txt", target_form(2025, P))
    now = write(tmp_path, "now.txt", target_form(2026, P))
    script = ("import sys, json\nfrom perflint.cli import main\n"
              f"sys.argv = ['perflint', 'check', {now!r}, '--previous', {last!r}, '--no-config', '-o', {str(tmp_path / 'o.txt')!r}]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    mods = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "perflint.history.pairing" in mods
    assert not any(m.split(".")[0] in ("sqlalchemy", "alembic", "psycopg") for m in mods)


# ---------------------------------------------------------------- the similarity of names

def test_similarity_counts_shared_characters_with_their_repeats():
    from collections import Counter
    from hypothesis import given, settings, strategies as st
    from perflint.history.names import similar, similarity

    def reference(a: str, b: str) -> float:   # the mean of the bigram Dice and the character-multiset Dice
        if a == b:
            return 1.0
        if not a or not b:
            return 0.0
        grams = lambda s: frozenset(s[i:i + 2] for i in range(len(s) - 1)) or frozenset((s,))  # noqa: E731
        ga, gb = grams(a), grams(b)
        shared = sum((Counter(a) & Counter(b)).values())
        return (2 * len(ga & gb) / (len(ga) + len(gb)) + 2 * shared / (len(a) + len(b))) / 2

    names = st.text("社区居家养老服务补贴中心第一二号", max_size=14)

    @settings(max_examples=300, deadline=None)
    @given(names, names, st.sampled_from([0.0, 0.5, 0.65, 0.8, 0.89, 1.0]))
    def same(a, b, threshold):
        assert abs(similarity(a, b) - reference(a, b)) < 1e-12
        # the pairing's test against a threshold: the same score where it is reached, None where not
        assert similar(a, b, threshold) == (similarity(a, b) if similarity(a, b) >= threshold else None)

    same()
    assert round(similarity("社区居家养老服务补贴", "居家社区养老服务补贴"), 2) == 0.89
    assert round(similarity("养老养老服务", "养老服务"), 3) == round(reference("养老养老服务", "养老服务"), 3)


def test_choosing_weighs_near_names_only_where_no_same_name_fills_the_slot():
    """``choose`` skips the candidates of a slot (relation and year) that a same name or an override holds;
    it picks what weighing every candidate in one pass picks, ties and override maps included."""
    from hypothesis import given, settings, strategies as st
    from perflint.history.pairing import Keys, choose, project_match, relation_of
    from perflint.model import Form

    def reference(form, candidates, options, own_hash):   # every candidate weighed, near names included
        mine, best = Keys.of(form), {}
        for order, cand in enumerate(candidates):
            relation = relation_of(form, cand.kind, cand.year, options.years_back)
            match = project_match(mine, cand.keys, options) if relation and cand.content_hash != own_hash else None
            if match is not None:
                rank = (match[1] is not PairedBy.SIMILAR_NAME, round(match[0], 3), cand.recorded_at or "", order)
                if (relation, cand.year) not in best or rank > best[relation, cand.year][0]:
                    best[relation, cand.year] = (rank, cand, match[1])
        return sorted((c.stored_id, rel, how) for (rel, _), (_, c, how) in best.items())

    names = st.sampled_from(["社区养老服务补贴", "社区养老服务补助", "养老服务补贴", "社区居家养老服务", "道路维修", ""])
    units = st.sampled_from(["民政局", "交通局", ""])
    cand = st.tuples(names, units, units, st.integers(2021, 2024), st.sampled_from(["target", "self_eval"]),
                     st.sampled_from(["2024-01-01", "2024-02-01", None]), st.sampled_from(["h1", "h2", "h3"]))

    @settings(max_examples=400, deadline=None)
    @given(cand, st.lists(cand, max_size=12), st.booleans())
    def same(me, others, override):
        form = Form(0, me[4], 1, 1, year=me[3], project=me[0], department=me[1], implementer=me[2])
        cands = [Candidate(k, y, p, d, i, "x.txt", n, h, stored_id=n, recorded_at=t)
                 for n, (p, d, i, y, k, t, h) in enumerate(others)]
        table = {"projects": {"社区养老服务补贴": "道路维修"}} if override else None
        options = PairingOptions.from_table(table)
        got = sorted((c.stored_id, rel, how) for c, rel, _, how in choose(form, cands, options, me[6]))
        assert got == reference(form, cands, options, me[6])

    same()
    # near names found through the department and through the implementer compete for one slot
    me = ("社区养老服务补贴", "民政局", "养老中心", 2024, "target", None, "h0")
    same.hypothesis.inner_test(me, [("社区养老服务补助", "民政局", "", 2023, "target", "2024-01-01", "h1"),
                                    ("社区养老服务补贴金", "交通局", "养老中心", 2023, "target", "2024-02-01", "h2")],
                               False)


def test_stale_years_looks_into_sentences_only_when_the_text_names_an_earlier_year():
    """The quick test on the whole text (any year before 年) never hides a sentence the full reading finds."""
    from hypothesis import given, settings, strategies as st
    from rules import _history
    from rules._common import normalise_goal

    def reference(text, earlier, year, threshold):   # every sentence read, as before the quick test
        out = []
        for sentence in _history.sentences(text):
            for y in sorted(y for y in _history.years_in(sentence) if y < year):
                if any(y in _history.years_in(b) and _history.similarity(normalise_goal(sentence), normalise_goal(b))
                       >= threshold for b in _history.sentences(earlier)):
                    out.append((y, sentence))
                    break
        return out

    pieces = st.sampled_from(["2023年", "2024年", "2023 年", "至", "-", "2025年", "\n", "。", "，", "1.", "完成培训",
                              "服务老人", "<p>", "2022", "年度"])
    texts = st.lists(pieces, max_size=10).map("".join)

    @settings(max_examples=400, deadline=None)
    @given(texts, texts)
    def same(text, earlier):
        assert _history.stale_years(text, earlier, 2024, 0.9) == reference(text, earlier, 2024, 0.9)
        assert _history.stale_years(text, text, 2024, 0.9) == reference(text, text, 2024, 0.9)

    same()
    assert _history.stale_years("2023年\n至2024年完成", "2023年\n至2024年完成", 2024, 0.9) == [(2023, "2023年")]
