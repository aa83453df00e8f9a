"""Target values: every seed value, the brief's forms, the strict grammar build, properties and fuzzing."""
import glob
import math
import os
import re
import subprocess
import sys
import time
from importlib import resources

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from perflint import units, values
from perflint.errors import ValueParseError
from perflint.model import Target
from perflint.values import describe, diagnose, parse_value, parse_value_strict

SEEDS = os.path.join(os.path.dirname(__file__), "fixtures", "seeds")
Q, L, INV = "quantitative", "qualitative", "invalid"

# (text, kind, op, value, unit, dimension, extra fields); every text occurs in a seed file
SEED_VALUES = [
    ("≤600.00(元/人)", Q, "<=", 600, "元/人", "money_rate", {"base_value": 600}),
    ("≤150.00(元/人)", Q, "<=", 150, "元/人", "money_rate", {}),
    ("≤1500.00(元/人)", Q, "<=", 1500, "元/人", "money_rate", {}),
    ("≤300.00(元/份)", Q, "<=", 300, "元/份", "money_rate", {}),
    ("≥90.00(%)", Q, ">=", 90, "%", "percent", {"base_value": 90}),
    ("≥85.00(%)", Q, ">=", 85, "%", "percent", {}),
    ("≥95.00(%)", Q, ">=", 95, "%", "percent", {}),
    ("=100.00(%)", Q, "=", 100, "%", "percent", {}),
    ("96.00(%)", Q, None, 96, "%", "percent", {}),
    ("99.00(%)", Q, None, 99, "%", "percent", {}),
    ("≥18500.00(份)", Q, ">=", 18500, "份", "count", {}),
    ("≥15.00(场)", Q, ">=", 15, "场", "count", {}),
    ("≤24.00(万元)", Q, "<=", 24, "万元", "money", {"base_value": 240000}),
    ("≤4.00(万元)", Q, "<=", 4, "万元", "money", {"base_value": 40000}),
    ("≤6.00(万元)", Q, "<=", 6, "万元", "money", {"base_value": 60000}),
    ("≤64932.02(元)", Q, "<=", 64932.02, "元", "money", {"base_value": 64932.02}),
    ("≤12.00(次)", Q, "<=", 12, "次", "count", {}),
    ("≥3.00(种)", Q, ">=", 3, "种", "count", {}),
    ("≤80.00(份)", Q, "<=", 80, "份", "count", {}),
    ("≤30.00(块)", Q, "<=", 30, "块", "count", {}),
    ("≤50.00(份)", Q, "<=", 50, "份", "count", {}),
    ("=0.00(次)", Q, "=", 0, "次", "count", {}),
    ("≥4.00(份)", Q, ">=", 4, "份", "count", {}),
    ("5.00(份)", Q, None, 5, "份", "count", {}),
    ("≥4.00(次)", Q, ">=", 4, "次", "count", {}),
    ("4.00(次)", Q, None, 4, "次", "count", {}),
    ("≥1.00(场)", Q, ">=", 1, "场", "count", {}),
    ("≥4.00(场)", Q, ">=", 4, "场", "count", {}),
    ("4.00(场)", Q, None, 4, "场", "count", {}),
    ("6.00(场)", Q, None, 6, "场", "count", {}),
    (">90.00(百分比)", Q, ">", 90, "%", "percent", {}),
    ("93.00(百分比)", Q, None, 93, "%", "percent", {}),
    ("95.00(百分比)", Q, None, 95, "%", "percent", {}),
    ("=100%", Q, "=", 100, "%", "percent", {}),
    (">=90%", Q, ">=", 90, "%", "percent", {}),
    ("≥85%", Q, ">=", 85, "%", "percent", {}),
    (">=85%", Q, ">=", 85, "%", "percent", {}),
    ("<=10%", Q, "<=", 10, "%", "percent", {}),
    ("<=5%", Q, "<=", 5, "%", "percent", {}),
    (">=95%", Q, ">=", 95, "%", "percent", {}),
    (">=80%", Q, ">=", 80, "%", "percent", {}),
    ("<10%", Q, "<", 10, "%", "percent", {}),
    (">=98%", Q, ">=", 98, "%", "percent", {}),
    ("<0%", Q, "<", 0, "%", "percent", {}),
    ("=0%", Q, "=", 0, "%", "percent", {}),
    (">90%", Q, ">", 90, "%", "percent", {}),
    (">=10%", Q, ">=", 10, "%", "percent", {}),
    ("$\\geq 85\\%$", Q, ">=", 85, "%", "percent", {}),
    ("=100", Q, "=", 100, None, None, {"base_value": 100}),
    ("0", Q, None, 0, None, None, {"base_value": 0}),
    (">=2次", Q, ">=", 2, "次", "count", {}),
    (">=13次", Q, ">=", 13, "次", "count", {}),
    (">=3次", Q, ">=", 3, "次", "count", {}),
    (">=5次", Q, ">=", 5, "次", "count", {}),
    (">=18次", Q, ">=", 18, "次", "count", {}),
    ("=0次", Q, "=", 0, "次", "count", {}),
    ("=1次", Q, "=", 1, "次", "count", {}),
    ("=12次", Q, "=", 12, "次", "count", {}),
    (">=1800人次", Q, ">=", 1800, "人次", "count", {}),
    ("=600人次", Q, "=", 600, "人次", "count", {}),
    (">1万人次", Q, ">", 10000, "人次", "count", {"base_value": 10000}),
    ("=0起", Q, "=", 0, "起", "count", {}),
    (">=290万㎡", Q, ">=", 290, "万㎡", "area", {"base_value": 2.9e6}),
    (">170万㎡", Q, ">", 170, "万㎡", "area", {"base_value": 1.7e6}),
    ("=3个", Q, "=", 3, "个", "count", {}),
    (">34个", Q, ">", 34, "个", "count", {}),
    ("=5个", Q, "=", 5, "个", "count", {}),
    ("=7个", Q, "=", 7, "个", "count", {}),
    (">=10个", Q, ">=", 10, "个", "count", {}),
    ("=16个", Q, "=", 16, "个", "count", {}),
    ("=22个", Q, "=", 22, "个", "count", {}),
    ("=50个", Q, "=", 50, "个", "count", {}),
    ("=2500家", Q, "=", 2500, "家", "count", {}),
    ("=30000家", Q, "=", 30000, "家", "count", {}),
    ("=44500家", Q, "=", 44500, "家", "count", {}),
    ("=100000家", Q, "=", 100000, "家", "count", {}),
    (">=500家/次", Q, ">=", 500, "家/次", "count", {}),
    (">=15场/次", Q, ">=", 15, "场/次", "count", {}),
    ("=2300人", Q, "=", 2300, "人", "count", {}),
    ("=300人", Q, "=", 300, "人", "count", {}),
    ("400家次", Q, None, 400, "家次", "count", {}),
    (">=300家次", Q, ">=", 300, "家次", "count", {}),
    (">=1000家次", Q, ">=", 1000, "家次", "count", {}),
    ("=28项", Q, "=", 28, "项", "count", {}),
    (">=19900件", Q, ">=", 19900, "件", "count", {}),
    ("=665台", Q, "=", 665, "台", "count", {}),
    ("=1200台", Q, "=", 1200, "台", "count", {}),
    ("<=2小时", Q, "<=", 2, "小时", "duration", {"base_value": 2}),
    ("<=15分钟", Q, "<=", 15, "分钟", "duration", {"base_value": 0.25}),
    ("<=30分钟", Q, "<=", 30, "分钟", "duration", {"base_value": 0.5}),
    ("一年四次", Q, None, 4, "次", "count", {"period": "year"}),
    ("=一年两次", Q, "=", 2, "次", "count", {"period": "year"}),
    # column-order extraction glued the next cell on: the number is read, the rest is flagged
    ("=3台网络安全设备维护数量", Q, "=", 3, "台", "count", {"reason": "trailing-text"}),
    (">=10项梳理企业档案信息数", Q, ">=", 10, "项", "count", {"reason": "trailing-text"}),
    ("=2人产出指标", Q, "=", 2, "人", "count", {"reason": "trailing-text"}),
    ("=全年", L, "=", None, None, None, {"qualitative": "全年"}),
    ("=创建成功", L, "=", None, None, None, {"qualitative": "创建成功"}),
    ("偏差值", INV, None, None, None, None, {"reason": "not-a-target"}),
    ("数据质量", INV, None, None, None, None, {"reason": "not-a-target"}),
    ("符合要求", INV, None, None, None, None, {"reason": "not-a-target"}),
    ("-", INV, None, None, None, None, {"reason": "placeholder"}),
] + [(word, L, None, None, None, None, {"qualitative": word}) for word in (
    "合规 及时 增加 良好 提升 优化 健全有效 规范 有提升 有效 达成指标 匹配 形成显著效果 满意 稳定 促进 提高 健全 "
    "改善 减少 加强 能发现并提出 无 无发生 持续改善和提升 无国有资产流失问题 健全且执行有效 循环良性 无间断 "
    "通过审批 达标 不间断 合理 完成绿地专项规划报批 充裕 充分使用 完备 可控 齐全 增长").split()]


@pytest.fixture(scope="module")
def seed_text():
    return "\n".join(open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(SEEDS, "*.txt"))))


@pytest.mark.parametrize("text, kind, op, value, unit, dimension, extra", SEED_VALUES,
                         ids=[row[0] for row in SEED_VALUES])
def test_seed_value(seed_text, text, kind, op, value, unit, dimension, extra):
    assert text in seed_text, "the table should only hold values that occur in the seeds"
    target = parse_value(text)
    assert isinstance(target, Target)
    assert (target.raw, target.kind, target.op, target.unit, target.dimension) == (text, kind, op, unit, dimension)
    assert target.value == value if value is None else math.isclose(target.value, value)
    for field, expected in extra.items():
        got = getattr(target, field)
        assert math.isclose(got, expected) if isinstance(expected, (int, float)) else got == expected, field
    if kind != INV:
        assert extra.get("reason") == target.reason


# --- the forms named in the brief --------------------------------------------------------------

@pytest.mark.parametrize("text, op, value, unit", [
    ("1,800", None, 1800, None), ("4.3372", None, 4.3372, None), ("1万", None, 10000, None),
    ("2亿", None, 2e8, None), ("十二次", None, 12, "次"), ("两万人", None, 20000, "人"),
    ("＞＝９０％", ">=", 90, "%"), ("≧90%", ">=", 90, "%"), ("≦90%", "<=", 90, "%"), ("＝5个", "=", 5, "个"),
    ("$\\leq 10\\%$", "<=", 10, "%"), ("$\\ge 5$", ">=", 5, None), ("$\\lt 3\\%$", "<", 3, "%"),
    ("$\\gt 3$个", ">", 3, "个"), ("不低于85%", ">=", 85, "%"), ("不少于3次", ">=", 3, "次"),
    ("至少2场", ">=", 2, "场"), ("不高于5%", "<=", 5, "%"), ("不超过24万元", "<=", 24, "万元"),
    ("至多3次", "<=", 3, "次"), ("达到100%", "=", 100, "%"), ("等于0起", "=", 0, "起"),
    ("小于10%", "<", 10, "%"), ("大于90%", ">", 90, "%"), ("超过90%", ">", 90, "%"),
    ("85%以上", ">=", 85, "%"), ("10个以下", "<=", 10, "个"), ("2小时以内", "<=", 2, "小时"),
    ("3天内", "<=", 3, "天"), ("85%及以上", ">=", 85, "%"), ("85(%)", None, 85, "%"),
    ("85（%）", None, 85, "%"), ("85（百分比）", None, 85, "%"), ("  ≥85 %  ", ">=", 85, "%"),
    ("<p>≥85%</p>", ">=", 85, "%"), ("≥85%\u00a0", ">=", 85, "%"), ("≥ 1 , 800 元", ">=", 1800, "元"),
    ("5000元/天", None, 5000, "元/天"), ("≥10万元/人", ">=", 10, "万元/人"), ("≥50公顷", ">=", 50, "公顷"),
    ("≥3000平方米", ">=", 3000, "㎡"), ("≥5km", ">=", 5, "公里"), ("≤5个工作日", "<=", 5, "个工作日"),
    ("4次/年", None, 4, "次"), ("≥1.5亿元", ">=", 1.5, "亿元"), ("85%左右", None, 85, "%"),
])
def test_quantitative_forms(text, op, value, unit):
    target = parse_value(text)
    assert (target.kind, target.op, target.unit, target.reason) == (Q, op, unit, None), target
    assert math.isclose(target.value, value)


def test_money_in_wan_and_yuan_compare():
    a, b = parse_value("≤24万元"), parse_value("240,000元")
    assert a.dimension == b.dimension == "money" and a.base_value == b.base_value == 240000
    assert parse_value("≥5万㎡").base_value == parse_value("≥5公顷").base_value == 50000
    assert parse_value("4.3372万元").base_value == 43372  # no binary noise


@pytest.mark.parametrize("text, low, high, unit", [
    ("90%-95%", 90, 95, "%"), ("90-95%", 90, 95, "%"), ("90%~95%", 90, 95, "%"), ("90%～95%", 90, 95, "%"),
    ("90%至95%", 90, 95, "%"), ("1万-2万元", 1, 2, "万元"), ("1万-20000元", 10000, 20000, "元"),
    ("95%-90%", 90, 95, "%"), ("10-20", 10, 20, None), ("1-2万人次", 10000, 20000, "人次"),
    ("1000.0-1000", 1000, 1000, None), ("2023-2024", 2023, 2024, None),
])
def test_ranges(text, low, high, unit):
    target = parse_value(text)
    assert (target.kind, target.op, target.unit) == (Q, None, unit)
    assert (target.value, target.value_max) == (low, high)
    scale = units.lookup(unit).scale if unit else 1
    assert (target.base_value, target.base_value_max) == (low * scale, high * scale)


@pytest.mark.parametrize("text, value, unit, period", [
    ("一年四次", 4, "次", "year"), ("一年两次", 2, "次", "year"), ("每月1次", 1, "次", "month"),
    ("每季度一次", 1, "次", "quarter"), ("每周3次", 3, "次", "week"), ("每年2次", 2, "次", "year"),
    ("每天2场", 2, "场", "day"), ("每年4", 4, "次", "year"), ("每周至少3次", 3, "次", "week"),
])
def test_frequencies(text, value, unit, period):
    target = parse_value(text)
    assert (target.kind, target.value, target.unit, target.dimension, target.period) == (Q, value, unit, "count", period)
    assert parse_value("每周至少3次").op == ">="


@pytest.mark.parametrize("text, deadline", [
    ("12月底前", "--12-31"), ("2023年6月30日前", "2023-06-30"), ("6月30日前完成", "--06-30"),
    ("年底前", "--12-31"), ("2023年底前", "2023-12-31"), ("6月前", "--06-30"), ("2024-03-31前", "2024-03-31"),
    ("年内完成", "--12-31"), ("6月30日之前", "--06-30"),
])
def test_deadlines(text, deadline):
    target = parse_value(text)
    assert (target.kind, target.dimension, target.op, target.deadline) == (Q, "date", "<=", deadline)


@pytest.mark.parametrize("text, reason", [
    ("", "empty"), ("   ", "empty"), ("\u3000", "empty"), ("<p></p>", "empty"),
    ("**", "placeholder"), ("XX", "placeholder"), ("xx", "placeholder"), ("××", "placeholder"),
    ("-", "placeholder"), ("/", "placeholder"), ("—", "placeholder"), ("…", "placeholder"),
    ("待定", "placeholder"), ("TBD", "placeholder"), ("≥XX%", "placeholder"), ("=**个", "placeholder"),
    ("偏差值", "not-a-target"), ("数据质量", "not-a-target"), ("符合要求", "not-a-target"),
    ("指标值", "not-a-target"), ("年度指标值", "not-a-target"), ("实际完成值", "not-a-target"),
    ("指标目标值", "not-a-target"), ("三级指标", "not-a-target"), ("数量指标", "not-a-target"),
    ("偏差原因分析及改进措施", "not-a-target"),
    ("为落实市加快建设高水平人才高地核心区实施方案，加快推进人才高地建设", "prose"),
    ("12月底杂志按时完成全年编辑任务", "prose"), ("围绕法律、知识产权等热门主题举办了共计8场活动", "prose"),
    (">=", "unparsable"), (">=abc%", "unparsable"), ("≥", "unparsable"), ("不低于", "unparsable"),
    ("90%-", "unparsable"), ("≥90%-95%", "unparsable"), ("13月底前", "unparsable"), ("≥万元", "unparsable"),
    ("1e400", "unparsable"), ("9" * 400, "unparsable"),
])
def test_invalid(text, reason):
    target = parse_value(text)
    assert (target.kind, target.reason) == (INV, reason)
    assert target.raw == text


@pytest.mark.parametrize("text, op, word", [
    ("及时", None, "及时"), ("=全年", "=", "全年"), ("＝创建成功", "=", "创建成功"), ("=一般", "=", "一般"),
    ("一次性项目", None, "一次性项目"), ("十分满意", None, "十分满意"), ("“良好”", None, "良好"),
    ("长效管理机制健全且有效执行", None, "长效管理机制健全且有效执行"), ("优。", None, "优"),
])
def test_qualitative(text, op, word):
    target = parse_value(text)
    assert (target.kind, target.op, target.qualitative) == (L, op, word)


@pytest.mark.parametrize("text, label", [
    (">=", "operator-without-number"), (">=abc%", "operator-without-number"), (">=>=85%", "repeated-operator"),
    ("90%-", "dangling-range"), ("%", "unit-without-number"), ("≥万元", "unit-without-number"),
    ("5(%", "bad-unit"), ("5%5", "text-after-value"), ("2023年", "incomplete-date"),
    ("≥90%-95%", "operator-on-range"), ("2月30日前", "bad-date"),
])
def test_diagnose_labels(text, label):
    assert diagnose(text) == label
    with pytest.raises(ValueParseError) as err:
        parse_value_strict(text)
    assert (err.value.label, err.value.detail) == ("unparsable", label)


def test_strict_variant():
    assert parse_value_strict("≥85%").op == ">="
    with pytest.raises(ValueParseError) as err:
        parse_value_strict("偏差值")
    assert err.value.label == "not-a-target"
    assert diagnose("≥85%") is None and diagnose("偏差值") is None


def test_describe():
    target = parse_value("≥85.00(%)")
    assert describe(target) == "定量 ≥ 85 %（百分比，基准值 85）"
    assert describe(target, lang="en") == "quantitative >= 85 % (percent, base 85)"
    assert describe(parse_value("≤24万元"), "en") == "quantitative <= 24 万元 (money, base 240000 元)"
    assert describe(parse_value("90%-95%"), "en") == "quantitative 90–95 % (percent, base 90–95)"
    assert describe(parse_value("一年四次"), "en") == "quantitative 4 次 per year (count, base 4)"
    assert describe(parse_value("12月底前"), "en") == "deadline <= --12-31"
    assert describe(parse_value("=全年")) == "定性 = 全年"
    assert describe(parse_value("-")) == "无效（占位符）"
    assert describe(parse_value("-"), "en") == "invalid (placeholder)"
    assert describe(parse_value("≤600.00(元/人)"), "en") == \
        "quantitative <= 600 元/人 (unit cost, base 600 元 per unit)"


def test_results_are_copies():
    first = parse_value("≥85%")
    first.value = -1
    assert parse_value("≥85%").value == 85
    assert parse_value("≥85%") is not parse_value("≥85%")


def test_non_strings_do_not_raise():
    assert parse_value(None).reason == "empty"  # type: ignore[arg-type]
    assert parse_value(85).value == 85  # type: ignore[arg-type]


def test_every_operator_spelling_in_the_grammar_is_mapped():
    grammar = resources.files("perflint.grammar").joinpath("value.lark").read_text(encoding="utf-8")
    for terminal, table in (("OP", values.OPS), ("SUFFIX", values.SUFFIX_OPS)):
        pattern = re.search(rf"^{terminal}\.\d+: /(.*)/$", grammar, re.M).group(1)
        assert set(pattern.split("|")) == set(table), terminal


# --- the grammar itself ------------------------------------------------------------------------

def test_grammar_builds_strict():
    """strict=True turns LALR conflicts and same-priority terminal collisions into errors."""
    # interegular (a dev dependency) lets lark check terminal collisions too; without it this fails
    parser = values.build_parser(strict=True)
    assert parser.parse(">=85%")["operand"]["measure"] == (85.0, False, "%")


def test_import_is_cheap():
    code = "import sys, perflint.values; print('lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- properties --------------------------------------------------------------------------------

OP_SPELLINGS = {
    ">=": [">=", "≥", "≧", "＞＝", "不低于", "不少于", "至少", "$\\geq$", "$\\ge$", "以上", "及以上"],
    "<=": ["<=", "≤", "≦", "＜＝", "不高于", "不超过", "至多", "$\\leq$", "$\\le$", "以下", "以内"],
    ">": [">", "＞", "大于", "超过", "$\\gt$"],
    "<": ["<", "＜", "小于", "$\\lt$"],
    "=": ["=", "＝", "达到", "等于"],
    None: [""],
}
SUFFIXES = {"以上", "及以上", "以下", "以内"}


def _lexable(spelling: str) -> bool:
    # m2 / m3 hold digits, and 月 after a number reads as a month (12月 is a date far more often)
    return not re.search(r"[0-9]", spelling) and spelling != "月"


UNIT_SPELLINGS = sorted(s for s in [u.name for u in units.all_units()] + list(units.aliases()) if _lexable(s))


@st.composite
def numbers(draw, scale_words=True):
    """(text, value): 1,800 / 18500.00 / 4.3372 / 1.5万 / full-width digits."""
    whole = draw(st.integers(min_value=0, max_value=9_999_999))
    decimals = draw(st.sampled_from([0, 0, 1, 2, 4]))
    frac = draw(st.integers(min_value=0, max_value=10 ** decimals - 1)) if decimals else 0
    value = whole + frac / 10 ** decimals if decimals else float(whole)
    style = draw(st.sampled_from(["plain", "commas", "fixed2", "fullwidth"] + (["wan"] if scale_words else [])))
    if style == "wan":
        return f"{value:.{decimals}f}万", value * 1e4
    if style == "commas":
        text = f"{whole:,}" + (f".{frac:0{decimals}d}" if decimals else "")
    elif style == "fixed2":
        text = f"{value:.{max(decimals, 2)}f}"
    else:
        text = f"{whole}" + (f".{frac:0{decimals}d}" if decimals else "")
    if style == "fullwidth":
        text = text.translate({c: c + 0xFEE0 for c in range(ord("0"), ord("9") + 1)})
    return text, value


@st.composite
def expressions(draw):
    """(text, op, base_value, base_value_max, dimension) built from the units table."""
    op = draw(st.sampled_from(list(OP_SPELLINGS)))
    spelling = draw(st.sampled_from(OP_SPELLINGS[op]))
    unit_text = draw(st.one_of(st.none(), st.sampled_from(UNIT_SPELLINGS)))
    num_text, value = draw(numbers())
    unit = units.lookup(unit_text) if unit_text else None
    assume(not (unit_text in ("年", "个月") and re.fullmatch(r"\d{4}", num_text)))  # 2023年 is a year
    written = ""
    if unit_text:
        written = draw(st.sampled_from([unit_text, f"({unit_text})", f"（{unit_text}）"]))
    ranged = op is None and draw(st.booleans())
    scale = unit.scale if unit else 1.0
    if ranged:
        # 1-2万 shares the 万 (tested in test_ranges), so generated ranges leave scale words out
        num_text, value = draw(numbers(scale_words=False))
        hi_text, hi = draw(numbers(scale_words=False))
        sep = draw(st.sampled_from(["-", "~", "～", "至"]))
        if value > hi:
            num_text, value, hi_text, hi = hi_text, hi, num_text, value
        return f"{num_text}{sep}{hi_text}{written}", None, value * scale, hi * scale, unit
    if spelling in SUFFIXES:
        text = f"{num_text}{written}{spelling}"
    elif spelling.startswith("$") and unit_text == "%" and written == "%":
        text = f"{spelling[:-1]} {num_text}\\%$"  # $\geq 85\%$
    else:
        text = f"{spelling}{num_text}{written}"
    return text, op, value * scale, None, unit


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(expressions())
def test_generated_expressions_parse_back(expr):
    text, op, base, base_max, unit = expr
    target = parse_value(text)
    assert target.kind == Q and target.reason is None, (text, target)
    assert target.op == op, text
    assert target.dimension == (unit.dimension if unit else None), text
    assert math.isclose(target.base_value, base, rel_tol=1e-9, abs_tol=1e-9), (text, target)
    if base_max is not None:
        assert math.isclose(target.base_value_max, base_max, rel_tol=1e-9, abs_tol=1e-9), (text, target)
    if unit is not None:
        assert units.lookup(target.unit).dimension == unit.dimension


KINDS = {"quantitative", "qualitative", "invalid"}
REASONS = {"empty", "placeholder", "not-a-target", "prose", "unparsable"}
VALUE_ALPHABET = "0123456789.,%<>=≥≤＞＝万亿元人次个()（）-~至以上下内年月日底前每一二三四十/$\\geqlt XxＸ*㎡ \u3000\u00a0"


def _check_target(text, target):
    assert isinstance(target, Target) and target.raw == text
    assert target.kind in KINDS
    if target.kind == "invalid":
        assert target.reason in REASONS
    for lang in ("zh", "en"):
        line = describe(target, lang)
        assert isinstance(line, str) and "\n" not in line


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fuzz_never_raises(text):
    # _classify has no safety net around it, so a bug shows here instead of being swallowed
    _check_target(text, values._classify(text)[0])
    _check_target(text, parse_value(text))
    try:
        parse_value_strict(text)
    except ValueParseError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=VALUE_ALPHABET, max_size=30))
def test_fuzz_value_like_text_never_raises(text):
    _check_target(text, values._classify(text)[0])
    assert diagnose(text) is None or isinstance(diagnose(text), str)


ADVERSARIAL = {
    "digits": "1" * 100_000, "operators": ">=" * 50_000, "op-number": "≥1" * 50_000, "commas": "1," * 50_000,
    "cn-numerals": "一" * 100_000, "scale-words": "5" + "万" * 100_000, "tags": "<p>" * 33_000,
    "open-tags": "<p " * 33_000, "latex": "$\\geq" * 20_000, "range": "1-" * 50_000, "parens": "(" * 100_000,
    "unit": "5" + "个" * 100_000, "dots": "1." * 50_000, "xs": "x" * 100_000, "suffixes": "≥85%以上" * 15_000,
    "words": "=" + "全" * 100_000, "months": "12月" * 33_000, "backslashes": "\\" * 100_000,
    "latex-wrappers": "\\text{" * 20_000, "slashes": "5" + "元/" * 50_000, "lt": "<" * 100_000,
    "spaces": " 1" * 50_000,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_input_is_fast(name):
    text = ADVERSARIAL[name]
    start = time.perf_counter()
    target, _ = values._classify(text, want_label=True)
    elapsed = time.perf_counter() - start
    _check_target(text, target)
    assert elapsed < 2.0, f"{name}: {elapsed:.2f}s"


# --- the fast path for simple values agrees with the grammar ----------------------------------------
_SIMPLE_OPS = ["", ">=", "<=", "≥", "≤", ">", "<", "=", "≧", "≦", "=>"]


@given(op=st.sampled_from(_SIMPLE_OPS),
       number=st.one_of(st.integers(0, 10**9).map(str),
                        st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False).map(str)),
       unit=st.one_of(st.just(""), st.sampled_from([u.name for u in units.all_units()])),
       bracket=st.booleans())
@settings(max_examples=400, deadline=None)
def test_simple_values_read_without_the_grammar_mean_the_same(op, number, unit, bracket):
    from perflint.values import _build, _get_parser, _simple, normalise
    text = op + number + (f"({unit})" if bracket and unit else unit)
    compact = normalise(text).replace(" ", "")
    fast = _simple(text, compact)
    if fast is None:
        return  # not a simple shape: the grammar reads it
    assert fast == _build(text, _get_parser().parse(compact))
