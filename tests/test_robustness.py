"""Robustness: whatever the input, reading and linting end with a FileResult, in bounded time.

Property tests (hypothesis, bounded) feed the reader, the engine and parse_value arbitrary text, arbitrary
bytes and mutations of the real seed files; adversarial long lines run in a subprocess with a timeout, so
that even a regular-expression blow-up inside C code cannot hang the suite; and the report of a generated
corpus is the same whatever ``--jobs`` is.
"""
from __future__ import annotations

import faulthandler
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perflint.config import Config
from perflint.engine import Linter
from perflint.model import FileResult, Form, Target
from perflint.reader import read_bytes, read_text
from perflint.values import parse_value

HERE = Path(__file__).parent
ROOT = HERE.parent
SEEDS = sorted((HERE / "fixtures" / "seeds").glob("*.txt"))
SEED_TEXTS = [p.read_text("utf-8") for p in SEEDS]
BUDGET = 2.0          # seconds per example: a seed file reads in a few hundredths

# CI runs a fixed, bounded set of examples; PERFLINT_ROBUSTNESS_SCALE=20 explores 20× as many, randomly
SCALE = max(1, int(os.environ.get("PERFLINT_ROBUSTNESS_SCALE", "1")))
PROFILE = settings(deadline=None, max_examples=60 * SCALE, derandomize=SCALE == 1, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HARD_LIMIT = 120 * SCALE   # seconds per test before the watchdog ends the process with every thread's traceback


@pytest.fixture(autouse=True)
def watchdog():
    """A hang (even inside C code holding the GIL) ends the run with tracebacks instead of blocking CI."""
    faulthandler.dump_traceback_later(HARD_LIMIT, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


_LINTER: Linter | None = None


def linter() -> Linter:
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter(Config())
    return _LINTER


def check_result(result: object) -> FileResult:
    """The only acceptable outcome: a FileResult whose forms serialise and whose errors say something."""
    assert isinstance(result, FileResult)
    assert isinstance(result.forms, list) and isinstance(result.errors, list)
    for err in result.errors:
        assert isinstance(err, dict) and isinstance(err.get("message"), str) and err["message"]
    for form in result.forms:
        assert isinstance(form, Form)
        json.dumps(form.to_dict(), ensure_ascii=False)
    return result


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET, f"{fn.__name__} took {elapsed:.2f} s"
    return out


def read_and_lint(text: str) -> FileResult:
    def both(t: str) -> FileResult:
        result = check_result(read_text(t, "mutated.txt"))
        report = linter().lint_result(result)
        for f in report.findings:
            assert f.line >= 1 and f.code.startswith("PF")
        return result
    return timed(both, text)


# --- arbitrary input -------------------------------------------------------------------------------

# pieces of real forms, so that random text reaches deep into the reader rather than stopping at "no form"
VOCAB = ["财政项目支出绩效目标申报表", "财政项目支出绩效自评表", "(2024 年度)", "项目名称", "主管部门", "实施单位",
         "项目资金总额", "年度资金申请总额", "其中: 财政资金", "当年财政拨款", "上年结转资金", "其他资金", "年初预算数",
         "全年预算数", "全年执行数", "执行率(%)", "得分", "分值", "项目总目标", "年度总体目标", "预期目标",
         "实际完成情况", "一级指标", "二级指标", "三级指标", "指标值", "年度指标值", "实际完成值", "偏差原因分析及改进措施",
         "产出指标", "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "效益指标", "社会效益指标",
         "满意度指标", "服务对象满意度指标", "投入与管理", "效果目标", "总分", "评分等级", "优", "≥85.00(%)", "=100%",
         ">=90%", "≤600.00(元/人)", "$\\geq 85\\%$", "<p>", "</p>", "及时", "达成指标", "400家次", "一年四次", "=3台",
         "网络安全设备维护数量", "768,000.00", "2026-01-01", "2022-12-31计划开始日期", "10.00", "93.27", "-", "/",
         "绩", "效", "指", "标", "|", "---", "**", "XX", "项目名称：", "1、", "。"]
SEPARATORS = ["\t", " ", "\n", "\t\t", " | ", "\r\n", "\n\n", "", "\u3000"]

vocab_text = st.lists(st.tuples(st.sampled_from(VOCAB), st.sampled_from(SEPARATORS)), max_size=150).map(
    lambda parts: "".join(a + b for a, b in parts))


@PROFILE
@given(st.text(max_size=3000))
def test_reader_on_arbitrary_text(text):
    read_and_lint(text)


@PROFILE
@given(vocab_text)
def test_reader_on_form_like_text(text):
    read_and_lint(text)


@PROFILE
@given(st.binary(max_size=6000))
def test_reader_on_arbitrary_bytes(data):
    result = check_result(timed(read_bytes, data, "random.bin"))
    if result.encoding is None:
        assert result.errors and not result.forms


@PROFILE
@given(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]), st.integers(0, len(SEEDS) - 1),
       st.integers(0, 20000))
def test_reader_on_truncated_encoded_seeds(encoding, which, cut):
    """A seed encoded any supported way and cut anywhere (mid-character too) still gives a FileResult."""
    data = SEED_TEXTS[which].encode(encoding)
    check_result(timed(read_bytes, data[:cut], "cut.txt"))


# --- mutations of the seeds ----------------------------------------------------------------------------

NOISE = "\t|<>=≥≤%$\\()（）:：0123456789.,-/ 项目名称指标一级二级三级满意度成本产出效益\u3000\x00\ufeff\r\x0c"


@st.composite
def mutated_seed(draw) -> str:
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["drop", "duplicate", "shuffle", "truncate", "replace", "swap", "join", "cut_line",
                                   "insert_noise", "drop_block"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines[i:i] = [lines[i]] * draw(st.integers(1, 5))
        elif op == "shuffle":
            j = draw(st.integers(i, min(len(lines), i + 30)))
            chunk = lines[i:j]
            order = draw(st.permutations(range(len(chunk))))
            lines[i:j] = [chunk[k] for k in order]
        elif op == "truncate":
            lines = lines[:i]
        elif op == "replace":
            line = lines[i]
            if line:
                k = draw(st.integers(0, len(line) - 1))
                lines[i] = line[:k] + draw(st.sampled_from(NOISE)) + line[k + 1:]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + draw(st.sampled_from(["", "\t", " "])) + lines[i + 1]]
        elif op == "cut_line":
            lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]))))]
        elif op == "insert_noise":
            lines.insert(i, draw(st.text(alphabet=NOISE, max_size=40)))
        elif op == "drop_block":
            del lines[i:i + draw(st.integers(1, 40))]
    return "\n".join(lines)


@settings(PROFILE, max_examples=120 * SCALE)
@given(mutated_seed())
def test_reader_and_rules_on_mutated_seeds(text):
    read_and_lint(text)


def test_every_seed_reads_and_lints_whole():
    for path, text in zip(SEEDS, SEED_TEXTS):
        result = read_and_lint(text)
        assert result.forms, path.name


# --- parse_value --------------------------------------------------------------------------------------

VALUE_PIECES = ["≥", "≤", ">=", "<=", "=", "＞", "＜", "≧", "≦", "\\geq", "\\leq", "$", "%", "\\%", "(", ")", "（", "）",
                "85", "100", "1,800", "4.3372", "1万", "18500.00", "一年四次", "两", "十", "元", "万元", "元/人", "㎡",
                "家次", "个工作日", "小时", "百分比", "不低于", "不超过", "以上", "以内", "达到", "及时", "合规", "提升",
                "XX", "**", "×", "-", "~", "至", "年底前", "12月底", "<p>", "</p>", " ", "\\text{", "}", "^2", "²"]
value_like_text = st.lists(st.sampled_from(VALUE_PIECES), max_size=25).map("".join)


def check_target(text) -> None:
    target = timed(parse_value, text)
    assert isinstance(target, Target)
    assert target.kind in ("quantitative", "qualitative", "invalid")
    if target.kind == "invalid":
        assert target.reason
    json.dumps(target.to_dict(), ensure_ascii=False)


@PROFILE
@given(st.text(max_size=300))
def test_parse_value_on_arbitrary_text(text):
    check_target(text)


@settings(PROFILE, max_examples=150 * SCALE)
@given(value_like_text)
def test_parse_value_on_value_like_text(text):
    check_target(text)


# --- adversarial long lines, in a subprocess with a timeout -------------------------------------------

ADVERSARIAL = {
    "=1": "=1", "<p>": "<p>", "$\\geq": "$\\geq", "tab": "\t", "digit": "7", "1,": "1,", "<": "<", "$": "$",
    "backslash": "\\", "(": "(", "（": "（", "<a": "<a", "space-digit": "1 ", "≥85%": "≥85%", "|": "|",
    "cjk-label": "项目名称", "label-colon": "项目名称:", "date": "2022-01-01", "level-cells": "产出指标\t数量指标\t",
    "value-cells": "\t≥85.00(%)\t", "glued": "=3台网络安全", "page": "- 1 -", "dash-space": "- ", "x": "X",
    "star": "*", "nbsp": "\u00a0", "ideographic-space": "\u3000", "cr": "\r", "goal-1": " 1、",
}


def _adversarial_script() -> str:
    return r"""
import json, sys, time
from perflint.reader import read_bytes
from perflint.values import parse_value
cases = json.loads(sys.stdin.read())
for name, unit in cases.items():
    for length in (200_000, 99_000):            # over and just under the reader's longest line
        line = (unit * (length // len(unit) + 1))[:length]
        for label, text in (("line", line), ("form+line", "财政项目支出绩效目标申报表\n项目名称\tX\n" + line + "\n"),
                            ("table-row", "财政项目支出绩效目标申报表\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t" + line)):
            start = time.perf_counter()
            read_bytes(text.encode("utf-8"), "adversarial.txt")
            print(json.dumps([name, length, label, "read", time.perf_counter() - start]), flush=True)
        start = time.perf_counter()
        parse_value(line)
        print(json.dumps([name, length, "value", "parse_value", time.perf_counter() - start]), flush=True)
"""


def test_adversarial_long_lines_read_in_bounded_time():
    try:
        proc = subprocess.run([sys.executable, "-c", _adversarial_script()], input=json.dumps(ADVERSARIAL),
                              capture_output=True, text=True, timeout=100)
    except subprocess.TimeoutExpired as exc:
        done = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        last = done.strip().splitlines()[-1:] or ["(nothing)"]
        pytest.fail(f"adversarial input hung; last case finished: {last[0]}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == len(ADVERSARIAL) * 2 * 4
    slow = [r for r in rows if r[4] > 3.0]
    assert not slow, f"slow adversarial inputs: {slow}"


# --- the report does not depend on --jobs ---------------------------------------------------------------

def _make_corpus(n: int, folder: Path, seed: int) -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_corpus import make_corpus
    finally:
        sys.path.pop(0)
    return make_corpus(n, folder, seed=seed)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, dict]:
    """About 2,000 generated forms in some 200 files (every layout, planted defects)."""
    corpus = tmp_path_factory.mktemp("batch") / "corpus"
    return corpus, _make_corpus(2000, corpus, seed=11)


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_report_identical_whatever_jobs(tmp_path, batch, fmt):
    """Byte for byte: files handed to two workers come back in input order, with the same findings."""
    corpus, manifest = batch
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"report_{jobs}.{fmt}"
        proc = subprocess.run([sys.executable, "-m", "perflint", "check", str(corpus), "--format", fmt,
                               "--no-config", "--jobs", jobs, "-o", str(out)], capture_output=True, text=True,
                              timeout=300, cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stderr[-3000:]
        outputs[jobs] = out.read_bytes()
    assert outputs["1"] == outputs["2"]
    if fmt == "json":
        doc = json.loads(outputs["1"])
        assert doc["summary"]["forms"] == 2000
        assert doc["summary"]["files"] == len(manifest["files"]) >= 100
        assert doc["findings"], "a corpus with planted defects has findings"
        assert not doc["summary"]["file_errors"]


# --- the benchmark corpus reads back ---------------------------------------------------------------------

EXPECTED_LAYOUT = {"tab": "tab", "pipe": "pipe", "cell": "cell-per-line", "space": "space", "column": "column-order"}


def test_generated_corpus_reads_back(tmp_path):
    """`perflint parse` on a small generated corpus: every form found, of the right kind and layout, and
    its indicator rows (name and target as written) read back, layout by layout.

    The thresholds leave room for what column-order guessing cannot recover.
    """
    corpus = tmp_path / "corpus"
    manifest = _make_corpus(700, corpus, seed=6)   # seed 6: at least 30 forms of every layout and kind
    proc = subprocess.run([sys.executable, "-m", "perflint", "parse", str(corpus)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    parsed = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    from collections import Counter, defaultdict
    stats: dict[str, Counter] = defaultdict(Counter)
    for entry in manifest["files"]:
        got = parsed[entry["path"]]
        key = f"{entry['layout']}/{entry['kind']}"
        s = stats[key]
        assert got["errors"] == [], (entry["path"], got["errors"])
        assert len(got["forms"]) == len(entry["forms"]), entry["path"]
        assert got["encoding"] == entry["encoding"]
        for want, form in zip(entry["forms"], got["forms"]):
            assert form["kind"] == want["kind"], (entry["path"], form["index"])
            s["forms"] += 1
            s["layout"] += form["layout"] == EXPECTED_LAYOUT[entry["layout"]]
            s["count"] += len(form["indicators"]) == want["indicators"]
            rows = Counter(map(tuple, want["rows"]))
            read = Counter((i["name"], i["target"]["raw"] if i["target"] else None) for i in form["indicators"])
            s["rows"] += sum(rows.values())
            s["rows_ok"] += sum((rows & read).values())
            s["project"] += form["project"] == want["project"]
    assert set(stats) == {"tab/target", "tab/self_eval", "pipe/target", "pipe/self_eval", "cell/target",
                          "cell/self_eval", "space/target", "column/target"}
    report = {k: {"forms": s["forms"], "layout": round(s["layout"] / s["forms"], 3),
                  "count": round(s["count"] / s["forms"], 3), "rows": round(s["rows_ok"] / s["rows"], 3),
                  "project": round(s["project"] / s["forms"], 3)} for k, s in stats.items()}
    for key, r in report.items():
        # a column-order form whose groups each hold one indicator looks like one cell per line
        assert r["layout"] >= 0.95, (key, report)
        assert r["rows"] >= 0.99, (key, report)
        assert r["count"] >= 0.97, (key, report)
        # column order guesses the header from the kinds of values
        assert r["project"] >= (0.95 if key.startswith("column") else 0.99), (key, report)


# --- reader weaknesses the corpus showed, fixed: each stays as a regression test ------------------------

def _rows(text: str) -> list[tuple]:
    (form,) = read_text(text, "case.txt").forms
    return [(i.name, i.target.raw if i.target else None) for i in form.indicators]


def test_money_per_unit_value_with_unknown_unit_stays_whole():
    text = ("财政项目支出绩效目标申报表\n项目名称\t测试项目\n一级指标\t二级指标\t三级指标\t指标值\n"
            "产出指标\t数量指标\t河道保洁长度\t≥200公里\n"
            "成本指标\t经济成本指标\t每公里河道保洁成本\t≤72600.00(元/公里)\n"
            "效益指标\t可持续影响指标\t长效管理机制健全性\t健全\n")
    assert _rows(text) == [("河道保洁长度", "≥200公里"), ("每公里河道保洁成本", "≤72600.00(元/公里)"),
                           ("长效管理机制健全性", "健全")]


def test_vague_target_in_self_evaluation_row():
    text = ("财政项目支出绩效自评表\n项目名称\t测试项目\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
            "产出指标\t数量指标\t服务企业数量\t≥100家\t120家\t40.00\t40.00\t\n"
            "效益指标\t社会效益指标\t营商环境改善情况\t持续优化\t达成目标\t30.00\t30.00\t\n")
    assert _rows(text) == [("服务企业数量", "≥100家"), ("营商环境改善情况", "持续优化")]


def test_vague_target_in_column_order():
    lines = ["财政项目支出绩效目标申报表", "项目名称", "测试项目", "一级指标", "产出指标", "二级指标", "数量指标",
             "三级指标", "服务企业数量", "开展活动场次", "指标目标值", "≥100家", "≥12场", "效益指标", "社会效益指标",
             "营商环境改善情况", "企业政策知晓率", "进一步提升", ">=90%", "满意度指标", "服务对象满意度指标",
             "企业满意度", ">=90%"]
    assert _rows("\n".join(lines) + "\n") == [("服务企业数量", "≥100家"), ("开展活动场次", "≥12场"),
                                              ("营商环境改善情况", "进一步提升"), ("企业政策知晓率", ">=90%"),
                                              ("企业满意度", ">=90%")]


def test_partly_achieved_actual_cell_per_line():
    lines = ["财政项目支出绩效自评表", "项目名称", "测试项目", "一级指标", "二级指标", "三级指标", "年度指标值",
             "实际完成值", "分值", "得分", "产出指标", "时效指标", "项目完成及时性", "及时", "部分达成", "6", "4.2",
             "受天气影响，未完全达到预期。", "服务企业数量", "≥100家", "120家", "6", "6"]
    (form,) = read_text("\n".join(lines) + "\n", "case.txt").forms
    assert [(i.name, i.actual.raw if i.actual else None, i.score) for i in form.indicators] == [
        ("项目完成及时性", "部分达成", 4.2), ("服务企业数量", "120家", 6.0)]


def test_long_name_ending_in_fee_column_order():
    lines = ["财政项目支出绩效目标申报表", "项目名称", "测试项目", "一级指标", "产出指标", "二级指标", "数量指标",
             "三级指标", "建立居民健康档案人数", "开展健康教育讲座次数", "指标目标值", ">=5000人", ">=12次", "成本指标",
             "经济成本指标", "人均基本公共卫生服务经费", "单次讲座成本", "<=108元/人", "<=4600元/场", "满意度指标",
             "服务对象满意度指标", "居民满意度", ">=90%"]
    rows = _rows("\n".join(lines) + "\n")
    assert ("人均基本公共卫生服务经费", "<=108元/人") in rows and ("居民满意度", ">=90%") in rows


def test_column_order_header_project_named_special_fund():
    lines = ["", "财政项目支出绩效目标申报表", "", "（2022年度）", "", "项目名称", "", "主管部门", "",
             "企业服务专项 项目类别", "", "实施单位", "", "经常性项目", "", "城东区经济委员会", "",
             "2022-12-31计划开始日期 2022-01-01", "", "一级指标", "产出指标", "二级指标", "数量指标", "三级指标",
             "服务企业数量", "开展活动场次", "指标目标值", "≥100家", "≥12场",
             "满意度指标 服务对象满意度指标 企业满意度 >=90%"]
    (form,) = read_text("\n".join(lines) + "\n", "case.txt").forms
    assert form.project == "企业服务专项"


def test_gradually_perfected_target_is_a_value():
    text = ("财政项目支出绩效自评表\n项目名称\t测试项目\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
            "产出指标\t数量指标\t服务企业数量\t≥100家\t120家\t40.00\t40.00\t\n"
            "效益指标\t可持续影响指标\t长效管理机制健全性\t逐步完善\t达成指标\t30.00\t30.00\t\n")
    assert _rows(text) == [("服务企业数量", "≥100家"), ("长效管理机制健全性", "逐步完善")]
