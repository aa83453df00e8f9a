"""Every registered rule documents itself: metadata, docstring sections, options schema, messages, CLI."""
from __future__ import annotations

import re
import string

import jsonschema
import pytest
from click.testing import CliRunner

from perflint import messages
from perflint.cli import main
from perflint.finding import SEVERITIES
from perflint.rule import CrossFormRule, Rule, registry

RULES = registry().all()
GROUPS = {"structure", "funds", "values", "goals", "self-eval", "extraction", "history"}


def ids(cls):
    return f"{cls.code}-{cls.name}"


@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_metadata(cls):
    assert re.fullmatch(r"PF\d{3}", cls.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cls.name)
    assert cls.severity in SEVERITIES
    assert cls.group in GROUPS
    assert cls.source in ("binding", "heuristic")
    assert cls.kinds and set(cls.kinds) <= {"target", "self_eval"}


@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_docstring_sections(cls):
    doc = cls.documentation()
    assert cls.summary() and not cls.summary().startswith("**")
    for section in ("**Why**", "**Source**", "**Bad**", "**Good**"):
        assert section in doc, f"{cls.code}: docstring lacks {section}"


@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_options_schema_and_defaults(cls):
    jsonschema.Draft202012Validator.check_schema(cls.options_schema)
    validator = jsonschema.Draft202012Validator(cls.options_schema)
    assert not list(validator.iter_errors(cls.default_options()))
    assert not list(validator.iter_errors({}))
    props = cls.options_schema.get("properties", {})
    for key, spec in props.items():
        assert "default" in spec, f"{cls.code}: option {key} has no default"
        if _mine(cls):
            assert f"``{key}``" in cls.documentation(), f"{cls.code}: option {key} is not documented"
    cls(cls.default_options())  # instantiates with its own defaults


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_base_message(cls, lang):
    assert cls.name in messages.catalogue(lang), f"{cls.name}: no {lang} message"


def _mine(cls):
    return cls.__module__.startswith("perflint.rules.") and cls.code[:3] in ("PF1", "PF2", "PF3", "PF4")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_message_keys_complete(lang):
    """Every variant key has its suggestion twin in both languages once one language has it."""
    zh, other = messages.catalogue("zh"), messages.catalogue(lang)
    for cls in filter(_mine, RULES):
        for key in zh:
            if key == cls.name or key.startswith(cls.name + "."):
                assert key in other, f"{key} missing in messages.{lang}.json"


@pytest.mark.parametrize("cls", [c for c in RULES if _mine(c)], ids=ids)
def test_message_placeholders_match(cls):
    """The zh and en texts of a key use the same placeholders (a reviewer may switch language)."""
    fields = lambda t: {f for _, f, _, _ in string.Formatter().parse(t) if f}  # noqa: E731
    zh, en = messages.catalogue("zh"), messages.catalogue("en")
    for key in zh:
        if key == cls.name or key.startswith(cls.name + "."):
            extra = fields(en[key]) - fields(zh[key]) - {"dimension"}
            assert not extra, f"{key}: en uses {extra} that zh does not"


@pytest.mark.parametrize("cls", RULES, ids=ids)
def test_cli_prints_documentation(cls):
    result = CliRunner().invoke(main, ["rule", cls.name])
    assert result.exit_code == 0, result.output
    # Chinese by default, English with --lang en, as plain text (no ** or :: markup)
    assert cls.code in result.output and "为什么：" in result.output and "**" not in result.output.split("\n")[0]
    assert "**为什么**" not in result.output and "::" not in result.output
    english = CliRunner().invoke(main, ["rule", cls.name, "--lang", "en"])
    assert "Why:" in english.output and "**Why**" not in english.output
    by_code = CliRunner().invoke(main, ["rule", cls.code])
    assert by_code.exit_code == 0 and cls.name in by_code.output


def test_rule_modules_named_after_rules():
    for cls in filter(_mine, RULES):
        assert cls.__module__ == "perflint.rules." + cls.name.replace("-", "_"), cls.__module__


def test_codes_are_unique_and_rules_are_rules():
    codes = [c.code for c in RULES]
    assert len(codes) == len(set(codes))
    assert all(issubclass(c, Rule) for c in RULES)
    assert any(issubclass(c, CrossFormRule) for c in RULES)


def test_heuristic_rules_are_not_errors():
    """Our own judgement warns; only a regulation or arithmetic makes an error (DOMAIN.md)."""
    for cls in filter(_mine, RULES):
        if cls.source == "heuristic":
            assert cls.severity != "error", cls.code


def _sample_forms():
    """Every form of the seeds and of the rule cases: enough to make each rule emit each of its variants."""
    import yaml
    from pathlib import Path
    from perflint.reader import read_bytes, read_path
    here = Path(__file__).parent
    for seed in sorted((here / "fixtures" / "seeds").glob("*.txt")):
        yield from read_path(str(seed)).forms
    for path in sorted((here / "rule_cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text("utf-8")) or []:
            yield from read_bytes(case["text"].encode("utf-8"), "case.txt").forms


def test_emitted_messages_exist_with_their_params():
    """Each problem a PF1xx-PF4xx rule yields has its message (and suggestion) in both languages, and
    passes every placeholder its template uses."""
    forms = list(_sample_forms())
    seen = set()
    for cls in filter(_mine, RULES):
        rule = cls()
        problems = []
        if issubclass(cls, CrossFormRule):
            digests = [({"path": "x", "index": i, "project": f.project, "line": f.line}, rule.digest(f))
                       for i, f in enumerate(forms) if rule.applies(f)]
            problems = [p for _, p in rule.finish([(r, d) for r, d in digests if d is not None])]
        else:
            problems = [p for f in forms if rule.applies(f) for p in rule.check(f)]
        assert problems, f"{cls.code}: no sample form makes it report anything"
        for p in problems:
            key = cls.name + (f".{p.variant}" if p.variant else "")
            keys = [key] + ([key + ".suggestion"] if p.suggest else [])
            for k in keys:
                seen.add(k)
                for lang in ("zh", "en"):
                    template = messages.catalogue(lang).get(k)
                    assert template is not None, f"{k}: no {lang} message"
                    template.format(**p.params)  # a missing parameter raises KeyError
    # every message of these rules is exercised, except the base text of rules that always pick a variant
    variant_only = {"fund-sum-mismatch", "date-order", "cost-equals-budget", "rate-out-of-range", "wrong-direction",
                    "satisfaction-below-minimum", "unparsable-value"}
    mine = {k for k in messages.catalogue("zh") for c in filter(_mine, RULES)
            if k == c.name or k.startswith(c.name + ".")}
    assert mine - seen - variant_only == set()
