"""Data-driven rule tests: every ``tests/rule_cases/<rule-name>.yaml`` holds cases for one rule.

A file is a list of cases::

    - name: what the case shows
      text: |            # one or more whole forms, as the reader gets them
        ...
      expect: [[PF303, 17]]   # every (code, line) the rule must report, nothing more; [] = silent
      options: {}        # optional: the rule's options for this case
      template: auto     # optional: force an indicator template (national-2021, legacy, shanghai-2020)
      previous: |        # optional: earlier forms (last year's, the declared targets, an earlier version) to pair with
        ...

The text is read with ``perflint.reader.read_bytes`` and linted with only the file's rule selected
(cross-form rules included), so each case pins exactly what that rule reports.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from perflint.config import Config
from perflint.engine import Linter
from perflint.rule import registry

CASES_DIR = Path(__file__).parent / "rule_cases"


def _load():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        cases = yaml.safe_load(path.read_text("utf-8")) or []
        for i, case in enumerate(cases):
            yield pytest.param(path.stem, case, id=f"{path.stem}::{case.get('name', i)}")


def lint(rule_key: str, text: str, options: dict | None = None, template: str = "auto",
         previous: str | None = None) -> list[tuple[str, int]]:
    """(code, line) of every finding of one rule on ``text``, sorted."""
    from perflint.reader import read_bytes
    cls = registry().get(rule_key)
    assert cls is not None, f"{rule_key}: no rule of that name (the file must be named after the rule)"
    cfg = Config(select=[cls.code], template=template, rules={cls.code: options} if options else {})
    linter = Linter(cfg, history=_pairing(cfg, previous) if previous else None)
    report = linter.lint_result(read_bytes(text.encode("utf-8"), "case.txt"))
    findings = report.findings + linter.finish(report.digests)
    return sorted((f.code, f.line) for f in findings)


def _pairing(cfg: Config, previous: str):
    """The history stage with the forms of ``previous`` as the earlier ones."""
    from perflint.history.pairing import Candidate, FilePool, Pairer
    from perflint.history.stage import HistoryStage
    from perflint.reader import read_bytes
    stage = HistoryStage(cfg)
    earlier = [Candidate.of(f, "previous.txt") for f in read_bytes(previous.encode("utf-8"), "previous.txt").forms]
    stage.pairer = Pairer([FilePool(earlier, stage.prior_findings)])
    return stage


@pytest.mark.parametrize("rule_key, case", list(_load()))
def test_rule_case(rule_key, case):
    assert set(case) <= {"name", "text", "expect", "options", "template", "previous"}, \
        f"unknown keys in case {case.get('name')}"
    expected = sorted((code, int(line)) for code, line in case.get("expect") or [])
    got = lint(rule_key, case["text"], case.get("options"), case.get("template", "auto"), case.get("previous"))
    assert got == expected, f"{case.get('name')}: expected {expected}, got {got}"


def test_every_case_file_names_a_rule():
    for path in CASES_DIR.glob("*.yaml"):
        assert registry().get(path.stem) is not None, f"{path.name} is not named after a rule"
