"""What reviewers read about each rule: its Chinese and English titles, its Chinese documentation, the
regulation it rests on, and how `perflint rules` / `perflint rule` show them."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from perflint.cli import main
from perflint.reporters import rule_docs
from perflint.rule import Rule, registry

RULES = registry().all()
SECTIONS = ("**检查什么**", "**为什么**", "**依据**", "**错误示例**", "**正确示例**")
# how a basis names a regulation, a local guideline or the form's own arithmetic
BASIS = re.compile(r"^(财预〔20\d\d〕\d+号( 附件)?(、财预〔20\d\d〕\d+号)*|上海市财政局 2025 指引|表内勾稽关系|表内一致性|"
                   r"比率的取值范围)$")


def ids(cls):
    return f"{cls.code}-{cls.name}"


@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_titles_and_chinese_documentation(cls):
    assert cls.title_zh and cls.title_en, f"{cls.code}: a title is missing"
    # the English title is English (it may keep a term of the forms, such as 二级)
    assert re.search("[\u4e00-\u9fff]", cls.title_zh) and re.search("[A-Za-z]{3}", cls.title_en)
    assert len(cls.title_zh) <= 20 and cls.title("zh") == cls.title_zh and cls.title("en") == cls.title_en
    doc = cls.documentation_zh()     # doc_zh, its examples taken from the docstring where it writes none
    for section in SECTIONS:
        assert section in doc, f"{cls.code}: the Chinese documentation lacks {section}"
    if cls.options_schema.get("properties"):
        assert "**选项**" in doc, f"{cls.code}: doc_zh does not describe its options"
        for option in cls.options_schema["properties"]:
            assert f"``{option}``" in doc, f"{cls.code}: option {option} not in doc_zh"
    # the examples are the docstring's (they are form text, the same in both languages)
    # (compared without spaces and punctuation, which the Chinese text may write full-width)
    bare = lambda s: re.sub(r"[\s,，.。…、;；:：]", "", s)  # noqa: E731
    english = bare(cls.documentation())
    for block in re.findall(r"::\n\n((?:    .*\n?|\n)+)", doc):
        first = block.strip().splitlines()[0].strip()
        if not first.startswith(("（", "每个")):
            assert bare(first) in english, f"{cls.code}: example {first!r} is not the docstring's"


@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_basis_follows_the_source(cls):
    if cls.source == "binding":
        assert cls.basis, f"{cls.code}: a binding rule names what binds it"
    if cls.basis:
        assert BASIS.match(cls.basis), cls.basis
        assert cls.basis.split("、")[0].replace(" 附件", "") in cls.documentation_zh()


def test_titles_are_unique():
    assert len({c.title_zh for c in RULES}) == len({c.title_en for c in RULES}) == len(RULES)


def test_plain_text_drops_the_markup():
    doc = "**Why**: ``=100`` may be *(heuristic)* a **bold** word.\n\n**Bad**::\n\n    x  ``y``\n"
    assert rule_docs.plain(doc, "en") == "Why: “=100” may be (heuristic) a bold word.\n\nBad:\n\n    x  “y”\n"
    assert rule_docs.plain("**错误示例**::\n\n    a\n", "zh") == "错误示例：\n\n    a\n"
    assert rule_docs.markdown("``a``\nb::") == "`a`\nb:"
    # a code span over a line break, and a placeholder of stars inside a span
    assert rule_docs.plain("``一\n二`` and ``**``", "en") == "“一\n二” and “**”"


@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_summary_is_the_first_sentence_in_each_language(cls):
    zh, en = rule_docs.summary(cls, "zh"), rule_docs.summary(cls, "en")
    bold = re.compile(r"\*\*\w+\*\*")   # a heading; PF108's placeholder ** is content
    assert zh and not zh.startswith("检查什么") and not bold.search(zh) and "``" not in zh
    assert en and not bold.search(en)


def test_rules_lists_codes_names_severities_and_titles():
    zh = CliRunner().invoke(main, ["rules"])
    en = CliRunner().invoke(main, ["rules", "--lang", "en"])
    assert zh.exit_code == en.exit_code == 0
    for cls in RULES:
        line = next(x for x in zh.output.splitlines() if x.startswith(cls.code + " "))
        word = {"error": "错误", "warning": "警告", "info": "提示"}[cls.severity]
        assert cls.name in line and cls.title_zh in line and word in line
        line = next(x for x in en.output.splitlines() if x.startswith(cls.code + " "))
        assert cls.title_en in line and cls.severity in line
    # titles start in one column however wide the severity word is on a terminal
    starts = {rule_docs.width(x[: x.index(c.title_zh)]) for x, c in zip(zh.output.splitlines(), RULES)}
    assert len(starts) == 1


def test_rules_as_json():
    data = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)
    by_code = {d["code"]: d for d in data}
    for cls in RULES:
        d = by_code[cls.code]
        assert (d["title"], d["title_en"], d["binding"]) == (cls.title_zh, cls.title_en, cls.source == "binding")
        assert d["basis"] == (cls.basis or None)


@pytest.mark.parametrize("lang,heading,binding", [("zh", "依据：", "约束性"), ("en", "basis: ", "binding")])
def test_rule_page_in_each_language(lang, heading, binding):
    result = CliRunner().invoke(main, ["rule", "PF103", "--lang", lang])
    assert result.exit_code == 0
    first, second = result.output.splitlines()[:2]
    assert first == f"PF103 missing-satisfaction-indicator — {registry().get('PF103').title(lang)}"
    assert heading + "财预〔2021〕101号、财预〔2020〕10号" in second and binding in second
    assert "**" not in result.output and "``" not in result.output and "::" not in result.output
    assert ("选项（默认值）：" if lang == "zh" else "Options (defaults):") in result.output


def test_the_chinese_documentation_takes_the_docstring_s_examples_when_it_writes_none():
    class Sample(Rule):
        """A sample.

        **Bad**::

            服务老人人数  600

        **Good**::

            服务老人人数  ≥600(人)
        """
        doc_zh = """**检查什么**：示例。"""

    doc = Sample.documentation_zh()
    assert doc.startswith("**检查什么**：示例。")
    assert "**错误示例**::\n\n    服务老人人数  600" in doc and "**正确示例**::\n\n    服务老人人数  ≥600(人)" in doc
    Sample.doc_zh = "**检查什么**：示例。\n\n**错误示例**::\n\n    自己的例子\n"
    assert "600" not in Sample.documentation_zh() and "自己的例子" in Sample.documentation_zh()
