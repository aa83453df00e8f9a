"""The family forms of issue 10 and their expected models (a test helper, not a test).

Every form file ``tests/fixtures/families/<NN>-<family>/<name>.txt`` has beside it ``<name>.expect.yaml``::

    encoding: gb18030        # optional; the file's encoding when it is not UTF-8
    forms:                   # one entry per form in the file, in order
    - kind: target           # or self_eval
      template: national-2021
      project: 社区居家养老服务补贴
      department: 某区民政局
      implementer: 某区养老服务指导中心
      year: 2024
      period: 3年             # only where the template has a 项目期 instead of dates
      start_date: 2024-01-01  # only where the form states a planned period
      end_date: 2024-12-31
      funds: {annual: 1200000, appropriation: 1200000, other: 0}     # 元, only those stated
      goals: {total: "first characters…", annual: "…", actual: "…"}  # prefixes, whitespace ignored
      indicators:            # [一级, 二级, 三级 name, 指标值] for targets
      - [产出指标, 数量指标, 服务老年人数, "≥1200人"]
      # self-evaluations: [一级, 二级, 名称, 年度指标值, 实际完成值, 分值, 得分(, 偏差原因)]
      self_eval: {budget_full_year: 1200000, executed: 1150000, exec_rate: 95.83, budget_score: 9.58}
      clean: true            # no warning or error expected; otherwise
      defects: [missing-satisfaction-indicator]   # the rules expected to fire (warning or error)

The forms were written from the shapes of published forms, without looking at the reader; the expectation
is what a reviewer reads on the form. Two uses:

- ``render_twin`` writes an expectation as a plain tab-separated form in the layout today's reader reads
  reliably (``tests/fixtures/layouts/``): reading the twin back validates the expectation and its claim to
  be clean, independently of how the family form itself is laid out;
- ``compare`` says, form by form and row by row, where a read model differs from the expectation.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from perflint.values import parse_value

FAMILIES = Path(__file__).parent / "fixtures" / "families"

FORM_KEYS = frozenset({"kind", "template", "project", "department", "implementer", "year", "period", "start_date",
                       "end_date", "funds", "goals", "indicators", "self_eval", "clean", "defects"})
FUND_KEYS = frozenset({"total", "annual", "fiscal", "appropriation", "carried_over", "other"})
GOAL_KEYS = frozenset({"total", "annual", "actual"})
SELF_EVAL_KEYS = frozenset({"budget_initial", "budget_full_year", "executed", "exec_rate", "budget_weight",
                            "budget_score", "total_score", "grade"})
# findings at these severities break a clean form
ACCUSING = frozenset({"warning", "error"})
TOLERANCE = 0.01


# ---------------------------------------------------------------- the expectations

@dataclass(frozen=True, slots=True)
class Row:
    """One expected indicator row."""

    level1: str | None
    level2: str | None
    name: str
    target: str
    actual: str | None = None
    weight: float | None = None
    score: float | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """A family form file and its expectation."""

    path: Path
    family: str
    forms: tuple[dict[str, Any], ...]
    encoding: str = "utf-8"

    @property
    def id(self) -> str:
        return f"{self.family}/{self.path.stem}"


def cases() -> list[Case]:
    """Every family form file with its expectation, in path order."""
    out = []
    for text in sorted(FAMILIES.glob("*/*.txt")):
        expect = text.with_suffix(".expect.yaml")
        data = yaml.safe_load(expect.read_text("utf-8")) if expect.exists() else None
        if not isinstance(data, dict) or not isinstance(data.get("forms"), list):
            raise ValueError(f"{expect}: missing, or without a 'forms' list")
        out.append(Case(text, text.parent.name, tuple(data["forms"]), data.get("encoding", "utf-8")))
    return out


def rows(form: dict[str, Any]) -> list[Row]:
    """The expected indicator rows of one form."""
    out = []
    for raw in form.get("indicators") or []:
        l1, l2, name, target, *rest = list(raw) + [None] * (8 - len(raw))
        actual, weight, score, reason = rest[:4]
        out.append(Row(l1, l2, str(name), "" if target is None else str(target),
                       None if actual is None else str(actual), _num(weight), _num(score), reason))
    return out


def schema_problems(case: Case) -> list[str]:
    """What is malformed in an expectation file (unknown keys, rows of the wrong length)."""
    out = []
    for i, form in enumerate(case.forms):
        where = f"{case.id} form {i}"
        out += [f"{where}: unknown key {k!r}" for k in set(form) - FORM_KEYS]
        out += [f"{where}: unknown fund {k!r}" for k in set(form.get("funds") or {}) - FUND_KEYS]
        out += [f"{where}: unknown goal {k!r}" for k in set(form.get("goals") or {}) - GOAL_KEYS]
        out += [f"{where}: unknown self_eval key {k!r}" for k in set(form.get("self_eval") or {}) - SELF_EVAL_KEYS]
        if form.get("kind") not in ("target", "self_eval"):
            out.append(f"{where}: kind must be target or self_eval")
        width = (4, 4) if form.get("kind") == "target" else (7, 8)
        for j, raw in enumerate(form.get("indicators") or []):
            if not width[0] <= len(raw) <= width[1]:
                out.append(f"{where} row {j + 1}: {len(raw)} cells, expected {width[0]}–{width[1]}")
        if form.get("clean") and form.get("defects"):
            out.append(f"{where}: clean and defects at once")
        if not form.get("clean") and not form.get("defects"):
            out.append(f"{where}: neither clean nor defects")
    return out


# ---------------------------------------------------------------- the tab twin

def render_twins(case: Case) -> str:
    """All the forms of a case as tab forms, one after the other."""
    return "\n\n".join(render_twin(form) for form in case.forms) + "\n"


def render_twin(form: dict[str, Any]) -> str:
    """One expected form as a tab-separated form in the layout of ``tests/fixtures/layouts/``."""
    if form["kind"] == "self_eval":
        return "\n".join(_self_eval_twin(form))
    return "\n".join(_target_twin(form))


def _header(form: dict[str, Any], title: str) -> list[str]:
    lines = [title, f"({form['year']} 年度)" if form.get("year") else ""]
    if form.get("project"):
        lines.append(f"项目名称\t{form['project']}")
    unit_cells = []
    if form.get("department"):
        unit_cells += ["主管部门", form["department"], ""]
    if form.get("implementer"):
        unit_cells += ["实施单位", form["implementer"]]
    if unit_cells:
        lines.append("\t".join(unit_cells))
    return lines


def _target_twin(form: dict[str, Any]) -> Iterable[str]:
    yield from _header(form, "财政项目支出绩效目标申报表")
    if form.get("start_date") or form.get("end_date"):
        yield f"计划开始日期\t{form.get('start_date') or ''}\t\t计划完成日期\t{form.get('end_date') or ''}"
    if form.get("period"):
        yield f"项目期\t{form['period']}"
    yield from _target_funds(form.get("funds") or {})
    goals = form.get("goals") or {}
    yield "项目绩效目标\t项目总目标\t\t\t年度总体目标\t"
    yield f"\t{goals.get('total') or ''}\t\t\t{goals.get('annual') or ''}\t"
    yield "\t一级指标\t二级指标\t三级指标\t\t年度(/项目)指标值"
    first = True
    for row, l1, l2 in _filled(rows(form)):
        yield "\t".join(["绩效指标" if first else "", l1, l2, row.name, "", row.target])
        first = False


def _target_funds(funds: dict[str, Any]) -> Iterable[str]:
    if not funds:
        return
    m = {k: _money(funds.get(k)) for k in FUND_KEYS}
    yield f"项目资金 (元)\t项目资金总额:\t{m['total']}\t年度资金申请总额:\t\t{m['annual']}"
    yield f"\t其中: 财政资金\t{m['fiscal']}\t其中: 当年财政拨款\t\t{m['appropriation']}"
    yield f"\t\t\t上年结转资金\t\t{m['carried_over']}"
    yield f"\t其他资金\t{m['other']}\t其他资金\t\t{m['other']}"


def _self_eval_twin(form: dict[str, Any]) -> Iterable[str]:
    yield from _header(form, "财政项目支出绩效自评表")
    se = form.get("self_eval") or {}
    wan = {k: _wan(se.get(k)) for k in ("budget_initial", "budget_full_year", "executed")}
    # a template without 年初预算数 (transfer payments): the twin repeats the full-year budget
    wan["budget_initial"] = wan["budget_initial"] or wan["budget_full_year"]
    weight = _fmt(se.get("budget_weight", 10))
    yield "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率(%)\t得分"
    yield "\t".join(["", "年度资金总额:", wan["budget_initial"], wan["budget_full_year"], wan["executed"], weight,
                     _fmt(se.get("exec_rate")), _fmt(se.get("budget_score"))])
    yield "\t".join(["", "其中: 当年财政拨款", wan["budget_initial"], wan["budget_full_year"], wan["executed"], "-",
                     _fmt(se.get("exec_rate")), "-"])
    goals = form.get("goals") or {}
    yield "年度总体目标\t预期目标\t\t\t实际完成情况\t\t\t"
    yield f"\t{goals.get('annual') or ''}\t\t\t{goals.get('actual') or ''}\t\t\t"
    yield "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"
    for row, l1, l2 in _filled(rows(form)):
        yield "\t".join([l1, l2, row.name, row.target, row.actual or "", _fmt(row.weight), _fmt(row.score),
                         row.reason or ""])
    if se.get("total_score") is not None:
        total_weight = sum(r.weight or 0 for r in rows(form)) + float(se.get("budget_weight", 10))
        yield f"总分\t\t\t\t\t{_fmt(total_weight)}\t{_fmt(se['total_score'])}\t"
    if se.get("grade"):
        yield f"评分等级\t{se['grade']}\t\t\t\t\t\t"


def _filled(expected: list[Row]) -> Iterable[tuple[Row, str, str]]:
    """Rows with their level cells blank where the level repeats, as merged cells extract."""
    last1 = last2 = None
    for row in expected:
        l1 = row.level1 or ""
        l2 = row.level2 or ""
        yield row, ("" if l1 == last1 else l1), ("" if (l1, l2) == (last1, last2) else l2)
        last1, last2 = l1, l2


def _money(x: Any) -> str:
    return "" if x is None else f"{float(x):,.2f}"


def _wan(x: Any) -> str:
    return "" if x is None else f"{float(x) / 10000:.2f}"


def _fmt(x: Any) -> str:
    return "" if x is None else f"{float(x):.2f}"


def _num(x: Any) -> float | None:
    return None if x is None or x == "" else float(x)


# ---------------------------------------------------------------- comparing a read model

def align(case: Case, forms: list[Any]) -> list[Any | None]:
    """The read form each expected form is compared with: the one of the same project (or 部门), else the
    next unused one in order, so that one phantom form does not shift every comparison after it."""
    used: set[int] = set()
    out: list[Any | None] = []
    for exp in case.forms:
        key = exp.get("project") or exp.get("department")
        match = next((i for i, f in enumerate(forms) if i not in used and key
                      and key in (f.project, f.department)), None)
        if match is None:
            match = next((i for i in range(len(forms)) if i not in used), None)
        if match is not None:
            used.add(match)
        out.append(None if match is None else forms[match])
    return out


def compare_file(case: Case, result: Any) -> list[str]:
    """Every difference between a read FileResult and the case's expectation, one line each."""
    if result.errors:
        return [f"{case.id}: read errors {result.errors}"]
    out = []
    if len(result.forms) != len(case.forms):
        out.append(f"{case.id}: {len(result.forms)} forms read, {len(case.forms)} expected "
                   f"(projects read: {[f.project for f in result.forms]})")
    for i, (exp, form) in enumerate(zip(case.forms, align(case, result.forms))):
        label = f"{case.id} form {i} ({exp.get('project') or exp.get('department')})"
        if form is None:
            out.append(f"{label}: not read")
            continue
        out += [f"{label}: {d}" for d in compare(exp, form)]
    return out


def compare(exp: dict[str, Any], form: Any) -> list[str]:
    """The differences between one expected form and one read Form."""
    out = []
    for key in ("kind", "template", "project", "department", "implementer", "year", "period", "start_date",
                "end_date"):
        if key in exp and _norm(exp[key]) != _norm(getattr(form, key)):
            out.append(f"{key}: expected {exp[key]!r}, read {getattr(form, key)!r}")
    for key, want in (exp.get("funds") or {}).items():
        got = form.funds.get(key)
        if not _close(want, got, 0.5):
            out.append(f"funds.{key}: expected {want!r}, read {got!r}")
    for key, want in (exp.get("goals") or {}).items():
        got = squash(form.goals.get(key))
        if not got.startswith(squash(want)):
            out.append(f"goals.{key}: expected to start with {want!r}, read {form.goals.get(key)!r}")
    out += _compare_rows(exp, list(form.indicators))
    out += _compare_self_eval(exp.get("self_eval"), form.self_eval)
    return out


def _compare_rows(exp: dict[str, Any], read: list[Any]) -> list[str]:
    expected = rows(exp)
    out = []
    if len(read) != len(expected):
        out.append(f"{len(read)} indicator rows read, {len(expected)} expected; "
                   f"missing {[r.name for r in expected if r.name not in {i.name for i in read}]}, "
                   f"extra {[i.name for i in read if i.name not in {r.name for r in expected}]}")
    self_eval = exp.get("kind") == "self_eval"
    for n, (want, got) in enumerate(zip(expected, read), 1):
        diffs = _row_diffs(want, got, self_eval)
        if diffs:
            out.append(f"row {n} {want.name!r} (line {got.line}): " + "; ".join(diffs))
    return out


def _row_diffs(want: Row, got: Any, self_eval: bool) -> list[str]:
    diffs = []
    for label, w, g in (("一级", want.level1, got.level1), ("二级", want.level2, got.level2),
                        ("三级", want.name, got.name)):
        if w is not None and w != g:
            diffs.append(f"{label} expected {w!r}, read {g!r}")
    diffs += _value_diffs("指标值", want.target, got.target)
    if self_eval:
        diffs += _value_diffs("实际完成值", want.actual, got.actual)
        for label, w, g in (("分值", want.weight, got.weight), ("得分", want.score, got.score)):
            if w is not None and not _close(w, g, TOLERANCE):
                diffs.append(f"{label} expected {w}, read {g}")
    return diffs


def _value_diffs(label: str, want: str | None, got: Any) -> list[str]:
    if want is None:
        return []
    w = typed(want)
    g = typed(got.raw if got is not None else "")
    if w != g:
        return [f"{label} expected {want!r} {w}, read {getattr(got, 'raw', None)!r} {g}"]
    return []


def typed(text: str) -> tuple:
    """What a value means, for comparison: (kind, op, value, unit, word)."""
    if not str(text).strip():
        return ("empty",)
    t = parse_value(str(text))
    value = None if t.value is None else round(t.value, 4)
    word = t.qualitative if t.kind == "qualitative" else None
    return (t.kind, t.op, value, t.unit, word)


def _compare_self_eval(want: dict[str, Any] | None, got: Any) -> list[str]:
    if not want:
        return []
    if got is None:
        return ["self_eval: expected a budget block, read none"]
    out = []
    for key, w in want.items():
        g = getattr(got, key)
        same = (w == g) if key == "grade" else _close(w, g, TOLERANCE if key != "executed" else 0.5)
        if not same:
            out.append(f"self_eval.{key}: expected {w!r}, read {g!r}")
    return out


def _close(want: Any, got: Any, tol: float) -> bool:
    if want is None or got is None:
        return want is None and got is None
    return math.isclose(float(want), float(got), abs_tol=tol + 1e-9 * abs(float(want)))


def _norm(x: Any) -> Any:
    return None if x is None else str(x)


def squash(text: str | None) -> str:
    """Text without whitespace: wrapped cells and padded runs compare equal."""
    return re.sub(r"\s+", "", text or "")


# ---------------------------------------------------------------- findings

def finding_problems(case: Case, findings: list[Any], forms: list[Any],
                     tolerate: frozenset[str] = frozenset()) -> list[str]:
    """Where the warnings and errors on a file differ from what its forms expect.

    A clean form expects none; a form with ``defects`` expects exactly those rule names. Findings belong to
    the read form ``align`` pairs with the expected one; ``tolerate`` names rules left out of the comparison.
    """
    out = []
    for i, (exp, form) in enumerate(zip(case.forms, align(case, forms))):
        index = None if form is None else form.index
        mine = [f for f in findings if f.form == index and f.severity in ACCUSING and f.name not in tolerate]
        fired = sorted({f.name for f in mine})
        want = sorted(set(exp.get("defects") or []) - tolerate)
        if fired != want:
            details = [f"{f.code} {f.name} L{f.line}: {f.message}" for f in mine]
            out.append(f"{case.id} form {i} ({exp.get('project') or exp.get('department')}): "
                       f"expected findings {want}, got {fired}" + "".join("\n      " + d for d in details))
    paired = {f.index for f in align(case, forms) if f is not None}
    stray = [f for f in findings if f.form not in paired and f.severity in ACCUSING and f.name not in tolerate]
    if stray:
        out.append(f"{case.id}: findings on forms that are not in the file"
                   + "".join(f"\n      {f.code} {f.name} L{f.line}: {f.message}" for f in stray))
    return out
