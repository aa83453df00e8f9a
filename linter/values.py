"""Read a 指标值 / 年度指标值 / 实际完成值 string into a typed Target, and describe one in a line."""
from __future__ import annotations

import dataclasses
import functools
import math
import re
from operator import attrgetter
from typing import Any

from perflint import units
from perflint.errors import ValueParseError
from perflint.model import Target

__all__ = ["parse_value", "parse_value_strict", "diagnose", "describe", "build_parser"]

# --- what a value can be without the grammar -------------------------------------------------

PLACEHOLDERS = frozenset({"待定", "TBD", "tbd", "暂无", "N/A", "n/a", "NA"})
# runs of placeholder marks: **, XX, xx, ××, -, /, —, …
_PLACEHOLDER_MARKS = re.compile(r"[*xX×\-/—–_.·…]+")
# a placeholder where the number should be: ≥XX%, =**个
_PLACEHOLDER_NUMBER = re.compile(r"(?<![A-Za-z])(?:[xX]{1,4}|[×*]{1,4})(?![A-Za-z])")

NOT_TARGETS = frozenset({
    "偏差值", "数据质量", "符合要求", "指标值", "年度指标值", "实际完成值", "指标目标值", "目标值",
    "年度(/项目)指标值", "项目指标值", "全年指标值", "完成值", "实际值", "一级指标", "二级指标",
    "三级指标", "指标名称", "指标内容", "分值", "得分", "权重", "偏差原因分析及改进措施", "偏差原因",
    "评分等级", "总分",
})
# column headers and indicator levels that land in the value column: 绩效指标, 数量指标, 年度指标值
_HEADER = re.compile(r"(?:指标|指标值|目标值|完成值)$")

# known qualitative words: they win over the header pattern (达成指标) and mark longer text as a target
QUALITATIVE_WORDS = frozenset({
    "及时", "合规", "规范", "良好", "提升", "增加", "优化", "健全", "有效", "稳定", "改善", "促进", "达标",
    "无", "健全有效", "有提升", "无间断", "不间断", "满意", "达成指标", "达成目标", "形成显著效果", "合理",
    "完备", "可控", "减少", "提高", "加强", "齐全", "增长", "匹配", "充裕", "充分使用", "无发生",
    "通过审批", "准确", "完成", "达到预期", "显著", "明显", "较好", "优", "良", "是", "否",
    "完善", "健全完善", "更加完善", "规范有序", "安全稳定", "平稳", "可靠", "畅通", "顺利", "到位", "达到",
    # self-evaluation verdicts written as 实际完成值
    "达成", "已达成", "基本达成", "部分达成", "未达成", "已完成", "基本完成", "未完成",
})
_QUALITATIVE_KEYS = ("提升", "改善", "健全", "完善", "有效", "完成", "提高", "加强", "优化", "规范", "合规",
                     "及时", "稳定", "增加", "减少", "达标", "满意", "通过", "无", "形成", "促进")
SHORT_WORD = 12      # up to this many characters a word without a number is qualitative
LONG_WORD = 20       # beyond this (or with sentence punctuation) it is prose
_SENTENCE_PUNCT = re.compile(r"[，。；;,：:！？!?、]")

# what sends a value to the grammar: digits, operators, Chinese numerals, 年底前-style deadlines
_NEEDS_GRAMMAR = re.compile(r"[0-9<>=≥≤≧≦~%零〇一二两三四五六七八九十百千万亿]|年底|年末|年内|年度内")
_CN_ONLY = re.compile(r"[^0-9<>=≥≤≧≦%]*")  # no ASCII digit or operator at all
_ASCII_DIGIT = re.compile(r"[0-9]")

# --- normalisation ----------------------------------------------------------------------------

# full-width ASCII (０-９, ＞, ＝, （, ％ …) to half-width; ㎡ and CJK are outside this range
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2212: ord("-"), 0xFE6A: ord("%"), 0x200B: None,
              0xFEFF: None, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20})
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>]{0,200})?/?>")
_LATEX_WRAPPER = re.compile(r"\\(?:text|mathrm|rm|mbox|textrm)\s?\{([^{}]{0,100})\}")
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]{1,12}|.)")
_LATEX = {"geq": ">=", "ge": ">=", "geqslant": ">=", "leq": "<=", "le": "<=", "leqslant": "<=",
          "gt": ">", "lt": "<", "%": "%", ",": "", ";": "", "!": "", " ": "", ":": "", "quad": "",
          "qquad": "", "sim": "~", "times": "×", "cdot": "·", "left": "", "right": "", "{": "", "}": ""}
_SPACES = re.compile(r"\s+")


def _latex(text: str) -> str:
    text = _LATEX_WRAPPER.sub(r"\1", text)
    text = text.replace("^{2}", "²").replace("^2", "²").replace("^{3}", "³").replace("^3", "³")
    # unknown commands stay, so the grammar rejects them instead of silently reading something else
    text = _LATEX_COMMAND.sub(lambda m: _LATEX.get(m.group(1), m.group(0)), text)
    return text.replace("$", "").replace("{", "").replace("}", "")


def normalise(text: str) -> str:
    """The value as the rest of this module reads it: tags, LaTeX and width folded away, spaces single."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "$" in text or "\\" in text:
        text = _latex(text)
    return _SPACES.sub(" ", text.translate(_FOLD)).strip()


# --- operators, periods, Chinese numerals -----------------------------------------------------

OPS: dict[str, str | None] = {">=": ">=", "=>": ">=", "≥": ">=", "≧": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
       "至少": ">=", "最少": ">=", "<=": "<=", "=<": "<=", "≤": "<=", "≦": "<=", "不高于": "<=",
       "不多于": "<=", "不大于": "<=", "不超过": "<=", "至多": "<=", "最多": "<=", ">": ">", "大于": ">",
       "多于": ">", "高于": ">", "超过": ">", "<": "<", "小于": "<", "少于": "<", "低于": "<", "不足": "<",
       "不到": "<", "=": "=", "达到": "=", "等于": "=", "约": None, "大约": None}
# 以上 includes the number in Chinese usage (《民法典》 第一千二百五十九条), so it is >=, not >
SUFFIX_OPS = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "之内": "<=",
              "内": "<=", "左右": None}
_PERIOD_CHARS = (("季", "quarter"), ("年", "year"), ("月", "month"), ("周", "week"), ("星期", "week"),
                 ("天", "day"), ("日", "day"))
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}


def _period(word: str) -> str | None:
    for chars, period in _PERIOD_CHARS:
        if chars in word:
            return period
    return None


def cn_number(text: str) -> float | None:
    """一 → 1, 十二 → 12, 两万 → 20000, 二〇二三 → 2023; None for text that names no number (万)."""
    if not any(c in _DIGITS or c in _SMALL for c in text):
        return None
    if all(c in _DIGITS for c in text):
        return float(int("".join(str(_DIGITS[c]) for c in text)))
    total, section, digit = 0, 0, 0
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in _SMALL:
            section += (digit or 1) * _SMALL[c]
            digit = 0
        elif c == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        else:  # 亿
            total = (total + section + digit) * 100_000_000
            section = digit = 0
    return float(total + section + digit)


# --- the grammar ------------------------------------------------------------------------------

_parser: Any = None


def _transformer_class():
    # lark is imported here, not at module level: importing perflint.values must stay cheap
    from lark import Transformer, v_args

    @v_args(inline=True)
    class ValueParts(Transformer):
        """Turns the parse tree into plain dicts; _build makes the Target (it needs the units table)."""

        def target(self, op, operand, suffix, done):
            return {"op": op and str(op), "operand": operand, "suffix": suffix and str(suffix)}

        def qualitative(self, op, word):
            return {"op": str(op), "word": str(word)}

        def single(self, measure):
            return {"form": "single", "measure": measure}

        def range(self, low, _sep, high):
            return {"form": "range", "low": low, "high": high}

        def frequency(self, per, op, measure):
            return {"form": "frequency", "period": _period(per), "op": op and str(op), "measure": measure}

        def deadline(self, date, before):
            return {"form": "deadline", "date": date, "before": before is not None}

        def measure(self, amount, bare, bracketed):
            return (amount[0], amount[1], _unit_text(bare and str(bare), bracketed and str(bracketed)))

        def number(self, token):
            return float(token.replace(",", "")), False

        def cn_number(self, token):
            return cn_number(str(token)), True

        def month_date(self, year, month, day):
            end = day is not None and day in ("底", "末")
            day_num = int(day[:-1]) if day is not None and not end else None
            return {"year": year and int(year[:-1]), "month": int(month[:-1]), "day": day_num, "end": end}

        def year_end(self, *tokens):
            year = int(tokens[0][:-1]) if len(tokens) == 2 else None
            return {"year": year, "month": 12, "day": 31, "end": True}

        def iso_date(self, token):
            y, m, d = re.split(r"[-./]", str(token))
            return {"year": int(y), "month": int(m), "day": int(d), "end": False}

    return ValueParts


def _unit_text(bare: str | None, bracketed: str | None) -> str | None:
    """The unit written after a number: 万 + (元) is 万元; 85%(百分比) says % twice."""
    if not bare or not bracketed:
        return bare or bracketed
    first, second = units.lookup(bare), units.lookup(bracketed)
    if first is not None and first == second:
        return bare
    return bare + bracketed


def build_parser(strict: bool = False, cache: bool = True):
    """A new LALR parser for value.lark with the transformer inlined (strict: conflicts are errors)."""
    from lark import Lark
    return Lark.open_from_package("perflint.grammar", "value.lark", parser="lalr", lexer="contextual",
                                  cache=cache and not strict, strict=strict,
                                  transformer=_transformer_class()(), maybe_placeholders=True)


def _get_parser():
    global _parser
    if _parser is None:
        _parser = build_parser()
    return _parser


# --- from parts to Target ---------------------------------------------------------------------

class _NotAQuantity(Exception):
    """The grammar read a number, but the text is a word (一般, 一次性): read it as a word instead."""


class _Unparsable(Exception):
    """The grammar read the text, but it means nothing valid; ``label`` says why (bad-date, range-unit)."""

    def __init__(self, label: str):
        super().__init__(label)
        self.label = label


def _round(x: float) -> float:
    # 4.3372 * 1e4 is 43372.00000000001 in binary; twelve significant digits keep base values equal
    return float(f"{x:.12g}")


def _unit_of(unit_text: str | None, cn: bool) -> tuple[float, units.Unit | None, str | None, str | None]:
    """(multiplier, unit, op from a trailing word, note) for the text after a number."""
    if not unit_text:
        return 1.0, None, None, None
    found = units.resolve(unit_text)
    if found is not None:
        return found[0], found[1], None, None
    if cn:
        raise _NotAQuantity
    split = units.split_known(unit_text)
    if split is None:
        if len(unit_text) > SHORT_WORD:
            raise _Unparsable("prose")
        return 1.0, None, None, "unknown-unit"
    mult, unit, rest = split
    if rest in SUFFIX_OPS:  # 85%左右: the unit token swallowed the suffix
        return mult, unit, SUFFIX_OPS[rest], None
    if len(rest) > LONG_WORD:
        raise _Unparsable("prose")
    return mult, unit, None, "trailing-text"


def _quantity(raw: str, op: str | None, value: float, unit: units.Unit | None,
              unit_text: str | None, note: str | None) -> Target:
    if not math.isfinite(value):  # 1e400 or a hundred thousand digits
        raise _Unparsable("number-too-large")
    if unit is None:
        name = unit_text if note == "unknown-unit" else None
        base = None if note == "unknown-unit" else _round(value)
        return Target(raw, "quantitative", op=op, value=_round(value), unit=name, base_value=base, reason=note)
    return Target(raw, "quantitative", op=op, value=_round(value), unit=unit.name, dimension=unit.dimension,
                  base_value=_round(value * unit.scale), reason=note)


def _split_period(unit_text: str | None) -> tuple[str | None, str | None]:
    # 4次/年: a count per period is a frequency, 元/天 is a rate and stays a unit
    if unit_text and "/" in unit_text:
        head, _, tail = unit_text.rpartition("/")
        period = _period(tail) if len(tail) <= 2 else None
        head_unit = units.resolve(head)
        if period and head_unit and head_unit[1] is not None and head_unit[1].dimension == "count":
            return head, period
    return unit_text, None


def _single(raw: str, op: str | None, measure: tuple) -> Target:
    value, cn, unit_text = measure
    if value is None:  # 万 alone is a scale word, not a number
        raise _NotAQuantity
    unit_text, period = _split_period(unit_text)
    mult, unit, tail_op, note = _unit_of(unit_text, cn)
    op = op or tail_op
    target = _quantity(raw, op, value * mult, unit, unit_text, note)
    target.period = period
    return target


def _bare_scale(unit_text: str) -> bool:
    found = units.resolve(unit_text)
    return found is not None and found[1] is None


def _range(raw: str, low: tuple, high: tuple) -> Target:
    (lo, lo_cn, lo_text), (hi, hi_cn, hi_text) = low, high
    if lo is None or hi is None:
        raise _NotAQuantity
    # 90-95%: the unit written once serves both ends; 1万-2万元: so does a shared scale word
    if lo_text is None or (hi_text and hi_text.startswith(lo_text) and _bare_scale(lo_text)):
        lo_text = hi_text
    lo_mult, lo_unit, _, lo_note = _unit_of(lo_text, lo_cn)
    hi_mult, hi_unit, _, hi_note = _unit_of(hi_text, hi_cn)
    lo_unit, hi_unit = lo_unit or hi_unit, hi_unit or lo_unit  # 90%-95 has its unit on the low end
    if lo_note or hi_note or (lo_unit and not units.comparable(lo_unit, hi_unit)):
        raise _Unparsable("range-unit")
    unit = hi_unit
    scale = unit.scale if unit else 1.0
    lo_value = lo * lo_mult * (lo_unit.scale if lo_unit else 1.0) / scale
    hi_value = hi * hi_mult
    lo_value, hi_value = min(lo_value, hi_value), max(lo_value, hi_value)
    target = _quantity(raw, None, lo_value, unit, hi_text, None)
    target.value_max = _round(hi_value)
    target.base_value_max = _round(hi_value * scale)
    return target


def _deadline(raw: str, op: str | None, date: dict, before: bool) -> Target:
    import calendar  # only deadlines need it; keeps the module import cheap
    year, month, day = date["year"], date["month"], date["day"]
    if not 1 <= month <= 12:
        raise _Unparsable("bad-date")
    last = calendar.monthrange(year or 2023, month)[1]
    if day is None:
        day = last  # 6月前 / 6月底: by the end of June, the lenient reading
    if not 1 <= day <= last:
        raise _Unparsable("bad-date")
    iso = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    if before or date["end"]:
        op = "<="
    return Target(raw, "quantitative", op=op or "=", dimension="date", deadline=iso)


def _build(raw: str, parts: dict) -> Target:
    if "word" in parts:  # =全年: read the word as any word, then keep the operator
        target = _word(raw, parts["word"])
        if target.kind == "qualitative":
            target.op = OPS[parts["op"]]
        return target
    operand = parts["operand"]
    op = OPS[parts["op"]] if parts["op"] else None
    if op is None and parts["suffix"]:
        op = SUFFIX_OPS[parts["suffix"]]
    form = operand["form"]
    if form == "single":
        return _single(raw, op, operand["measure"])
    if form == "range":
        if op is not None:
            raise _Unparsable("operator-on-range")
        return _range(raw, operand["low"], operand["high"])
    if form == "frequency":
        inner = OPS[operand["op"]] if operand["op"] else None
        target = _single(raw, inner or op, operand["measure"])
        if target.unit is None and target.reason is None:
            target.unit, target.dimension = "次", "count"
        target.period = operand["period"]
        return target
    return _deadline(raw, op, operand["date"], operand["before"])


# --- words ------------------------------------------------------------------------------------

def _invalid(raw: str, reason: str) -> Target:
    return Target(raw, "invalid", reason=reason)


_LEADING_OP = re.compile(r"(?:>=|<=|=>|=<|[≥≤≧≦><=])")


def _word(raw: str, text: str) -> Target:
    op = None
    found = _LEADING_OP.match(text)
    if found:  # =一般: the grammar took 一 for a number, but this is an operator and a word
        op, text = OPS[found.group(0)], text[found.end():]
    word = text.strip(" \"'“”‘’「」『』《》。，,；;：:")
    if not word:
        return _invalid(raw, "placeholder")
    if word in OPS:  # 不低于 with nothing after it
        return _invalid(raw, "unparsable")
    if word in QUALITATIVE_WORDS:
        return Target(raw, "qualitative", op=op, qualitative=word)
    compact = word.replace(" ", "")
    if compact in NOT_TARGETS or _HEADER.search(compact):
        return _invalid(raw, "not-a-target")
    if len(compact) <= SHORT_WORD or (len(compact) <= LONG_WORD and not _SENTENCE_PUNCT.search(compact)
                                      and any(key in compact for key in _QUALITATIVE_KEYS)):
        return Target(raw, "qualitative", op=op, qualitative=word)
    return _invalid(raw, "prose")


def _failed(raw: str, text: str, compact: str) -> Target:
    """What a value the grammar could not read is: a placeholder, prose, a word or unparsable."""
    if _PLACEHOLDER_NUMBER.search(compact) and not _ASCII_DIGIT.search(compact):
        return _invalid(raw, "placeholder")
    if len(compact) > SHORT_WORD:
        return _invalid(raw, "prose")
    if _CN_ONLY.fullmatch(compact):  # only Chinese numerals sent it to the grammar: 一次性, 十分满意
        return _word(raw, text)
    return _invalid(raw, "unparsable")


# operator, plain number, and a unit from the table, bare or in brackets: most targets are this simple,
# and reading them without the grammar is several times faster. Anything else (commas, scale words,
# ranges, frequencies, dates, calendar units that may be deadlines) goes to the grammar.
_SIMPLE = re.compile(r"(>=|<=|=>|=<|[≥≤≧≦><=])?(\d{1,12}(?:\.\d{1,8})?)(?:\(([^()]{1,8})\)|([^\d().,~\-]{1,6}))?")
_CALENDAR_UNITS = frozenset({"年", "月", "日", "天", "号", "周", "季度", "个月", "时"})


def _simple(raw: str, compact: str) -> Target | None:
    m = _SIMPLE.fullmatch(compact)
    if m is None:
        return None
    op_text, number, bracketed, bare = m.groups()
    unit_text = bracketed if bracketed is not None else bare
    if unit_text is None:
        unit = None
    else:
        if unit_text in _CALENDAR_UNITS:
            return None
        unit = units.lookup(unit_text)
        if unit is None or unit.dimension == "date":
            return None
    return _quantity(raw, OPS[op_text] if op_text else None, float(number), unit, unit_text, None)


# --- public API -------------------------------------------------------------------------------

def _classify(raw: str, want_label: bool = False) -> tuple[Target, str | None]:
    """The Target for ``raw`` and, when it is unparsable and ``want_label``, what went wrong.

    Labelling re-parses the example errors, so only diagnose() asks for it.
    """
    text = normalise(raw)
    if not text:
        return _invalid(raw, "empty"), None
    compact = text.replace(" ", "").rstrip("。;,、")  # ≥85%； ends a sentence, not the value
    if not compact:
        return _invalid(raw, "placeholder"), None
    if compact in PLACEHOLDERS or _PLACEHOLDER_MARKS.fullmatch(compact):
        return _invalid(raw, "placeholder"), None
    if not _NEEDS_GRAMMAR.search(compact):  # the fast path: plain words never meet the grammar
        return _word(raw, text), None
    simple = _simple(raw, compact)  # the second fast path: ≥90.00(%), =3台, <=15分钟
    if simple is not None:
        return simple, None
    from lark.exceptions import LarkError
    try:
        return _build(raw, _get_parser().parse(compact)), None
    except _NotAQuantity:
        target = _word(raw, text)
        if target.kind == "qualitative" and units.resolve(target.qualitative or ""):
            return _invalid(raw, "unparsable"), "unit-without-number"  # ≥万元
        return target, None
    except _Unparsable as err:
        if err.label == "prose":
            return _invalid(raw, "prose"), None
        return _invalid(raw, "unparsable"), err.label
    except (LarkError, ValueError, OverflowError) as err:
        target = _failed(raw, text, compact)
        return target, _label(err) if want_label and target.reason == "unparsable" else None


# copy.copy of a slots dataclass goes through __reduce_ex__ (about 5 µs); this is about 0.7 µs
_TARGET_FIELDS = attrgetter(*(f.name for f in dataclasses.fields(Target)))


def _copy(target: Target) -> Target:
    return Target(*_TARGET_FIELDS(target))


@functools.lru_cache(maxsize=8192)
def _parse_cached(text: str) -> Target:
    return _classify(text)[0]


def parse_value(text: str) -> Target:
    """The typed meaning of a target value; never raises.

    Results are cached; each call returns its own shallow copy, so callers may set fields freely.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _copy(_parse_cached(text))
    except RecursionError:  # pathological nesting deep inside lark or re: still never raise
        return _invalid(text, "unparsable")


def parse_value_strict(text: str) -> Target:
    """Like parse_value, but an invalid value raises ValueParseError (label = the Target's reason)."""
    target = parse_value(text)
    if target.kind == "invalid":
        detail = diagnose(text) if target.reason == "unparsable" else ""
        raise ValueParseError(text, target.reason or "unparsable", detail or "")
    return target


def diagnose(text: str) -> str | None:
    """A stable label for why an unparsable value failed (operator-without-number, dangling-range …)."""
    if not isinstance(text, str):
        return None
    try:
        target, label = _classify(text, want_label=True)
    except RecursionError:
        return "too-deep"
    return label if target.reason == "unparsable" else None


# example errors per label for UnexpectedInput.match_examples: the parser state tells them apart
_EXAMPLES = {
    "operator-without-number": [">=", "=", "≥", "不低于", ">=%", "≥(%)"],
    "repeated-operator": [">=>=85%", "≥≥85%", "=>=5"],
    "dangling-range": ["90%-", "90-", "1至"],
    "unit-without-number": ["%", "(%)", "万元"],
    "bad-unit": ["5(%", "5()", "5(元/人"],
    "text-after-value": ["5%以上5", "5%5", "5以上%", "每年5次5"],
    "incomplete-date": ["2023年", "2023年6"],
}


def _label(err: Exception) -> str:
    from lark.exceptions import UnexpectedInput
    if isinstance(err, UnexpectedInput) and getattr(err, "state", None) is not None:
        try:
            label = err.match_examples(_get_parser().parse, _EXAMPLES, token_type_match_fallback=True)
        except Exception:  # a label is a nicety; never let it break parsing
            label = None
        if label:
            return label
    return "unparsable"


# --- describe ---------------------------------------------------------------------------------

_OP_ZH = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
_KIND = {"zh": {"quantitative": "定量", "qualitative": "定性", "invalid": "无效"},
         "en": {"quantitative": "quantitative", "qualitative": "qualitative", "invalid": "invalid"}}
_PERIOD = {"zh": {"year": "每年", "quarter": "每季度", "month": "每月", "week": "每周", "day": "每天"},
           "en": {"year": "per year", "quarter": "per quarter", "month": "per month", "week": "per week",
                  "day": "per day"}}
_REASON_ZH = {"empty": "空值", "placeholder": "占位符", "not-a-target": "不是指标值", "prose": "叙述性文字",
              "unparsable": "无法解析", "unknown-unit": "未知单位", "trailing-text": "数值后有多余文字"}


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e16 else f"{x:.10g}"


def _base_name(target: Target, dim: units.Dimension | None, zh: bool) -> str:
    """The base unit to print after the base value, or "" when it would repeat the unit."""
    if dim is None or dim.base in ("1", target.unit):
        return ""
    unit = units.lookup(target.unit or "")
    if unit is not None and unit.per:  # a rate: 元 per one person, per 小时, per ㎡
        per = units.base_unit(unit.per)
        return f"{dim.base}/{per}" if per != "1" else (f"{dim.base}/单位" if zh else f"{dim.base} per unit")
    return dim.base


def describe(target: Target, lang: str = "zh") -> str:
    """One line saying how perflint read a value, e.g. ``定量 ≥ 85 %（百分比，基准值 85）``."""
    zh = lang != "en"
    lang = "zh" if zh else "en"
    kind = _KIND[lang].get(target.kind, target.kind)
    op = (_OP_ZH.get(target.op, target.op) if zh else target.op) if target.op else ""
    if target.kind == "invalid":
        reason = _REASON_ZH.get(target.reason or "", target.reason) if zh else target.reason
        return f"{kind}（{reason}）" if zh else f"{kind} ({reason})"
    if target.kind == "qualitative":
        return " ".join(p for p in (kind, op, target.qualitative or "") if p)
    if target.dimension == "date":
        head = "期限" if zh else "deadline"
        return " ".join(p for p in (head, op, target.deadline or "") if p)
    value = _num(target.value)
    base = _num(target.base_value)
    if target.value_max is not None:
        value += f"–{_num(target.value_max)}"
        base += f"–{_num(target.base_value_max)}"
    parts = [kind, op, value, target.unit or "", _PERIOD[lang].get(target.period or "", "")]
    dim = units.dimensions().get(target.dimension or "")
    dim_label = (dim.zh if zh else dim.en) if dim else ("无单位" if zh else "no unit")
    notes = [dim_label, f"基准值 {base}" if zh else f"base {base}"]
    base_name = _base_name(target, dim, zh)
    if base_name:
        notes[-1] += f" {base_name}"
    if target.reason:
        notes.append(_REASON_ZH.get(target.reason, target.reason) if zh else target.reason)
    line = " ".join(p for p in parts if p)
    return f"{line}（{'，'.join(notes)}）" if zh else f"{line} ({', '.join(notes)})"
