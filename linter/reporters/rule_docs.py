"""A rule's documentation as people read it: plain text for ``perflint rules`` / ``perflint rule``,
Markdown for SARIF, in Chinese (``doc_zh``) or English (the docstring).

Both are written in the same light markup: ``**Why**:`` headings, ````code```` spans, ``*(heuristic)*``
and a ``::`` before an indented example block. Plain text drops the markup; Markdown keeps what Markdown
understands.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from .. import messages

# a code span may run over a line break (the docstrings are wrapped at 110 columns)
_CODE = re.compile(r"``(.+?)``", re.S)
_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
_EMPH = re.compile(r"(?<![*\w])\*([^*\n]+?)\*(?![*\w])")
_LITERAL = re.compile(r"::$", re.M)
_QUOTES = {"zh": ("“", "”"), "en": ("“", "”")}


def _t(key: str, lang: str, **params: Any) -> str:
    return messages.render(key, lang, params) or key


def doc_lang(cls: type, lang: str) -> str:
    """The language the documentation shown for ``lang`` is written in: English when there is no Chinese
    text (a plugin may bring only its docstring)."""
    return "zh" if lang == "zh" and getattr(cls, "doc_zh", "") else "en"


def source(cls: type, lang: str) -> str:
    """The rule's documentation in its own markup, in ``lang`` (English when it has no Chinese text)."""
    return cls.documentation_zh() if doc_lang(cls, lang) == "zh" else cls.documentation()


def plain(doc: str, lang: str = "zh") -> str:
    """``doc`` without markup: code spans in quotation marks, headings as plain words, ``::`` as ``:``."""
    spans: list[str] = []

    def keep(m: re.Match) -> str:
        spans.append(m.group(1))
        return f"\x00{len(spans) - 1}\x00"

    text = _CODE.sub(keep, doc)
    text = _EMPH.sub(r"\1", _BOLD.sub(r"\1", text))
    text = _LITERAL.sub("：" if lang == "zh" else ":", text)
    left, right = _QUOTES.get(lang, _QUOTES["en"])
    return re.sub("\x00(\\d+)\x00", lambda m: left + spans[int(m.group(1))] + right, text)


def markdown(doc: str) -> str:
    """``doc`` as Markdown: code spans in single backticks, ``::`` as ``:`` (indented blocks are code)."""
    return _LITERAL.sub(":", _CODE.sub(lambda m: f"`{m.group(1)}`", doc))


def summary(cls: type, lang: str) -> str:
    """The first paragraph of the documentation as plain text, without a leading ``检查什么：`` heading."""
    first = plain(source(cls, lang), doc_lang(cls, lang)).split("\n\n")[0]
    first = re.sub(r"^\s*(检查什么|What)\s*[:：]\s*", "", first)
    return " ".join(line.strip() for line in first.splitlines())


def width(text: str) -> int:
    """Columns a terminal gives ``text``: two for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(1, columns - width(text))


def listing(rules: list[type], lang: str) -> str:
    """``perflint rules``: code, name, default severity and title, one rule a line."""
    def severity(c: type) -> str:
        # English shows the severity as configuration spells it
        return c.severity if lang == "en" else _t(f"report.severity.{c.severity}", lang)
    names = max([36] + [len(c.name) for c in rules])
    rows = [f"{c.code:7s} {c.name:{names}s} {pad(severity(c), 8)} {c.title(lang)}" for c in rules]
    return "\n".join(rows)


def as_json(rules: list[type], lang: str) -> str:
    """``perflint rules --format json``."""
    return json.dumps([{"code": c.code, "name": c.name, "title": c.title(lang), "title_zh": c.title_zh,
                        "title_en": c.title_en, "severity": c.severity, "group": c.group, "source": c.source,
                        "basis": c.basis or None, "binding": c.source == "binding", "aliases": list(c.aliases),
                        "summary": summary(c, lang)} for c in rules], ensure_ascii=False, indent=2)


def page(cls: type, lang: str) -> str:
    """``perflint rule CODE``: the title, what the rule rests on, its documentation and its options."""
    basis = cls.basis or _t("report.basis.none", lang)
    binding = _t("report.binding.yes" if cls.source == "binding" else "report.binding.no", lang)
    group = messages.render(f"report.group.{cls.group or 'none'}", lang, default=cls.group)
    head = [f"{cls.code} {cls.name} — {cls.title(lang)}",
            " · ".join((_t("report.field.severity", lang) + _colon(lang) + _t(f"report.severity.{cls.severity}", lang),
                        _t("report.field.group", lang) + _colon(lang) + group,
                        _t("report.basis", lang, basis=basis), binding))]
    if cls.aliases:
        head.append(_t("report.aliases", lang) + _colon(lang) + ", ".join(cls.aliases))
    parts = ["\n".join(head), plain(source(cls, lang), doc_lang(cls, lang))]
    props = cls.options_schema.get("properties", {})
    if props:
        lines = [_t("report.option-defaults", lang) + _colon(lang).rstrip()]
        for name, schema in props.items():
            desc = schema.get("description", "")
            default = json.dumps(schema.get("default"), ensure_ascii=False)
            lines.append(f"  {name} = {default}" + (f"  {desc}" if desc else ""))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "
