"""The forms of issue 10's families, written without looking at the reader, against their expected models.

(a) Each expectation rendered as a plain tab form (``families.render_twin``) reads back, with today's reader,
    to the expectation, and a form marked clean gets no warning or error: this checks the expectations
    themselves and their claim to be clean.
(b) Each family form reads to its expectation and gets exactly the findings it expects (issue 10's reader);
    the cases it still misses are listed with their reason in READER_GAPS.
"""
from __future__ import annotations

import pytest

import families as fam
from perflint.config import Config
from perflint.engine import Linter
from perflint.reader import read_bytes, read_path

CASES = fam.cases()
IDS = [c.id for c in CASES]

# Where today's reader or rules fall short on a twin, for reasons issue 10 names; the twin is not at fault.
# Each entry is a gap the new reader (or its vocabulary) closes: remove it when part (b) passes for the case.
TWIN_GAPS: dict[str, str] = {}
# Where the reader still falls short on a family form itself; each a strict xfail, so that a fix is noticed
READER_GAPS: dict[str, str] = {}
# header fields a template does not have: today's missing-header-field asks every form for all of them
# (family 8: "required header fields follow the template"); tolerated on twins of forms that do not state one
TEMPLATE_FIELDS = ("project", "department", "implementer", "start_date", "end_date")


def _lint(result) -> list:
    linter = Linter(Config())
    report = linter.lint_result(result)
    return report.findings + linter.finish(report.digests)


def _tolerated(case: fam.Case) -> frozenset[str]:
    for form in case.forms:
        needed = TEMPLATE_FIELDS if form["kind"] == "target" else TEMPLATE_FIELDS[:3]
        if any(not form.get(key) for key in needed):
            return frozenset({"missing-header-field"})
    return frozenset()


def _twin_params():
    for case in CASES:
        marks = [pytest.mark.xfail(reason=TWIN_GAPS[case.id], strict=True)] if case.id in TWIN_GAPS else []
        yield pytest.param(case, id=case.id, marks=marks)


def test_there_are_forms_of_every_family():
    per_family: dict[str, list[str]] = {}
    for case in CASES:
        for form in case.forms:
            per_family.setdefault(case.family, []).append(form["kind"])
    assert len(per_family) >= 11, sorted(per_family)
    for family, kinds in per_family.items():
        assert len(kinds) >= 3, f"{family}: only {len(kinds)} forms"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_expectation_is_well_formed(case):
    problems = fam.schema_problems(case)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", list(_twin_params()))
def test_twin_reads_back_to_the_expectation(case):
    """(a) The expectation, as a tab form, reads back to itself and is as clean as it claims."""
    text = fam.render_twins(case)
    result = read_bytes(text.encode("utf-8"), f"{case.path.stem}.twin.txt")
    problems = fam.compare_file(case, result)
    problems += fam.finding_problems(case, _lint(result), result.forms, _tolerated(case))
    assert not problems, "twin of " + case.id + ":\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_expected_text_occurs_in_the_form(case):
    """Names, header fields and goals of the expectation are written on the form (whitespace aside)."""
    text = fam.squash(case.path.read_bytes().decode(case.encoding))
    missing = []
    for form in case.forms:
        wanted = [form.get(k) for k in ("project", "department", "implementer")]
        wanted += list((form.get("goals") or {}).values()) + [row.name for row in fam.rows(form)]
        missing += [w for w in wanted if w and fam.squash(w) not in text]
    assert not missing, f"{case.id}: not on the form: {missing}"


def _family_params():
    for case in CASES:
        marks = [pytest.mark.xfail(reason=READER_GAPS[case.id], strict=True)] if case.id in READER_GAPS else []
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", list(_family_params()))
def test_family_form_reads_to_its_expectation(case):
    """(b) The family form itself reads to the expectation and gets exactly the findings it expects."""
    result = read_path(str(case.path))
    problems = fam.compare_file(case, result)
    problems += fam.finding_problems(case, _lint(result), result.forms)
    assert not problems, "\n  ".join([case.id + ":"] + problems)
