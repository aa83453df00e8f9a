"""The typed form model: what the reader produces and the only thing rules ever see."""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any


@dataclass(slots=True)
class Target:
    """A typed 指标值 / 实际完成值.

    kind is ``quantitative`` (a number, maybe with operator and unit), ``qualitative`` (a word such as
    及时 or 达成指标) or ``invalid`` (empty, placeholder, prose, not a target: see ``reason``).
    ``base_value`` is ``value`` converted to the base unit of ``dimension`` (元, %, ㎡, 米, 小时, 1),
    so that ``≤24万元`` and ``240,000元`` compare.
    """

    raw: str
    kind: str
    op: str | None = None
    value: float | None = None
    unit: str | None = None
    dimension: str | None = None
    base_value: float | None = None
    qualitative: str | None = None
    reason: str | None = None
    # a range such as 90%-95%: value is the lower bound, value_max the upper one
    value_max: float | None = None
    base_value_max: float | None = None
    # a frequency such as 一年四次 / 每月1次: the period the count is per
    period: str | None = None
    # a deadline such as 12月底前 / 2023年6月30日前 (ISO date or --MM-DD)
    deadline: str | None = None

    @property
    def is_quantitative(self) -> bool:
        return self.kind == "quantitative"

    @property
    def is_qualitative(self) -> bool:
        return self.kind == "qualitative"

    @property
    def is_invalid(self) -> bool:
        return self.kind == "invalid"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Span:
    """A 1-based position in the source file; columns count characters, not bytes."""

    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column,
                "end_line": self.end_line if self.end_line is not None else self.line,
                "end_column": self.end_column if self.end_column is not None else self.column}


@dataclass(slots=True)
class Indicator:
    """One 三级指标 row with its levels filled down from merged cells."""

    name: str
    line: int
    column: int = 1
    end_column: int | None = None
    level1: str | None = None
    level2: str | None = None
    level1_raw: str | None = None
    level2_raw: str | None = None
    target: Target | None = None
    actual: Target | None = None
    weight: float | None = None
    score: float | None = None
    deviation_reason: str | None = None
    # where the 指标值 cell sits (for findings about the value)
    value_span: Span | None = None
    actual_span: Span | None = None
    # True when the reader had to guess this row's levels or pairing (column-order layouts)
    guessed: bool = False

    @property
    def span(self) -> Span:
        end = self.end_column if self.end_column is not None else self.column + len(self.name)
        return Span(self.line, self.column, self.line, end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level1": self.level1, "level2": self.level2,
            "level1_raw": self.level1_raw, "level2_raw": self.level2_raw,
            "name": self.name, "line": self.line, "column": self.column,
            "target": self.target.to_dict() if self.target else None,
            "actual": self.actual.to_dict() if self.actual else None,
            "weight": self.weight, "score": self.score,
            "deviation_reason": self.deviation_reason,
            "guessed": self.guessed,
        }


FUND_KEYS = ("total", "annual", "fiscal", "appropriation", "carried_over", "other")


@dataclass(slots=True)
class SelfEval:
    """The budget block and the scoring of a 绩效自评表 (money in 元)."""

    budget_initial: float | None = None
    budget_full_year: float | None = None
    executed: float | None = None
    exec_rate: float | None = None
    budget_weight: float | None = None
    budget_score: float | None = None
    total_score: float | None = None
    total_weight: float | None = None
    grade: str | None = None
    # the money unit the block was written in (万元 or 元); values above are converted to 元
    money_unit: str = "万元"
    # funding lines: 当年财政拨款 / 上年结转资金 / 其他资金 with the same columns
    lines: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "budget_initial": self.budget_initial, "budget_full_year": self.budget_full_year,
            "executed": self.executed, "exec_rate": self.exec_rate,
            "budget_weight": self.budget_weight, "budget_score": self.budget_score,
            "total_score": self.total_score, "total_weight": self.total_weight, "grade": self.grade,
            "money_unit": self.money_unit, "lines": self.lines,
        }


@dataclass(slots=True)
class Uncertainty:
    """Something the reader was not sure of; becomes a finding of the extraction family."""

    code: str          # e.g. "scrambled-layout", "unplaced-value", "guessed-level"
    line: int
    column: int = 1
    detail: str = ""
    lines: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "line": self.line, "column": self.column,
                "detail": self.detail, "lines": self.lines}


@dataclass(slots=True)
class Form:
    """One form (a file may hold many)."""

    index: int
    kind: str                       # "target" | "self_eval"
    line: int
    end_line: int
    template: str = "national-2021"  # national-2021 | legacy | shanghai-2020
    layout: str = "tab"             # tab | pipe | cell-per-line | space | column-order
    confidence: float = 1.0
    year: int | None = None
    project: str | None = None
    department: str | None = None
    implementer: str | None = None
    project_type: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    funds: dict[str, float | None] = field(default_factory=lambda: {k: None for k in FUND_KEYS})
    goals: dict[str, str | None] = field(default_factory=lambda: {"total": None, "annual": None, "actual": None})
    indicators: list[Indicator] = field(default_factory=list)
    self_eval: SelfEval | None = None
    uncertainties: list[Uncertainty] = field(default_factory=list)
    # where each header field, fund and goal was read: "project", "funds.annual", "goals.total", ...
    locations: dict[str, Span] = field(default_factory=dict)
    # level-2 groups named in the table with no indicator under them: (level1, level2, line)
    empty_groups: list[tuple[str | None, str, int]] = field(default_factory=list)
    path: str = ""
    # the province or municipality the form comes from (上海, 四川 …) when the reader can tell (a title such as
    # 上海市松江区…绩效目标汇总表); rules otherwise infer it from the header's names. Not serialised yet.
    region: str | None = None
    # prose sections beside the goals (项目概况, 立项依据, 项目实施计划 …), by their label, for rules that read
    # what the money is for (personnel costs). Filled by the reader when it reads them; not serialised yet.
    sections: dict[str, str] = field(default_factory=dict)
    # the source lines of the form, for quoting in reports (1-based line -> text)
    source: dict[int, str] = field(default_factory=dict, repr=False)

    def loc(self, key: str) -> Span:
        """Where ``key`` was read, falling back to the form's first line."""
        return self.locations.get(key) or Span(self.line, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index, "kind": self.kind, "template": self.template, "layout": self.layout,
            "confidence": round(self.confidence, 3), "line": self.line, "end_line": self.end_line,
            "year": self.year, "project": self.project, "department": self.department,
            "implementer": self.implementer, "project_type": self.project_type,
            "start_date": self.start_date, "end_date": self.end_date,
            "funds": dict(self.funds), "goals": dict(self.goals),
            "indicators": [i.to_dict() for i in self.indicators],
            "self_eval": self.self_eval.to_dict() if self.self_eval else None,
            "uncertainties": [u.to_dict() for u in self.uncertainties],
            "empty_groups": [{"level1": a, "level2": b, "line": c} for a, b, c in self.empty_groups],
        }


@dataclass(slots=True)
class FileResult:
    """A file read: its encoding, its forms and the errors that kept parts of it from being read."""

    path: str
    encoding: str | None = None
    forms: list[Form] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # documents (PDF, Excel, Word): a perflint.sources.SourceMap from virtual line and column to a page,
    # cell or table row; None for text files. Not serialised.
    source_map: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "encoding": self.encoding,
                "forms": [f.to_dict() for f in self.forms], "errors": list(self.errors)}
