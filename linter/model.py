"""The typed form model: what the reader produces and the only thing rules ever see."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
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
        # the fields are plain values: no need for asdict's recursive deep copy (a tenth of a stored run)
        return {name: getattr(self, name) for name in _FIELDS_OF_TARGET}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Target":
        try:
            return cls(**data)  # as to_dict wrote it
        except TypeError:  # written by another version of perflint: the fields this one knows
            return cls(**{k: data.get(k) for k in _FIELDS_OF_TARGET if k in data})


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

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Span | None":
        if data is None:
            return None
        return cls(data["line"], data.get("column", 1), data.get("end_line"), data.get("end_column"))


@dataclass(slots=True)
class Provenance:
    """Which cells of the source gave an indicator's name, target, actual and levels (a split 计算符号 /
    目标值 / 度量单位 export gives a target from three cells; a wrapped name comes from two lines)."""

    name: list[Span] = field(default_factory=list)
    target: list[Span] = field(default_factory=list)
    actual: list[Span] = field(default_factory=list)
    level1: Span | None = None
    level2: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": [s.to_dict() for s in self.name], "target": [s.to_dict() for s in self.target],
                "actual": [s.to_dict() for s in self.actual],
                "level1": self.level1.to_dict() if self.level1 else None,
                "level2": self.level2.to_dict() if self.level2 else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Provenance":
        spans = lambda key: [Span.from_dict(x) for x in data.get(key) or []]  # noqa: E731
        return cls(spans("name"), spans("target"), spans("actual"), Span.from_dict(data.get("level1")),
                   Span.from_dict(data.get("level2")))


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
    # a level's points where the form writes them: 产出指标(50分)
    level1_points: float | None = None
    level2_points: float | None = None
    # last year's value where the form shows it beside this year's target (批复表: 2021年实际实现值)
    prior: Target | None = None
    # the cells the row was read from
    cells: Provenance | None = None

    @property
    def span(self) -> Span:
        end = self.end_column if self.end_column is not None else self.column + len(self.name)
        return Span(self.line, self.column, self.line, end)

    def to_dict(self, cells: bool = True) -> dict[str, Any]:
        """``cells`` False leaves out which cells of the source the row was read from."""
        return {
            "level1": self.level1, "level2": self.level2,
            "level1_raw": self.level1_raw, "level2_raw": self.level2_raw,
            "name": self.name, "line": self.line, "column": self.column,
            "target": self.target.to_dict() if self.target else None,
            "actual": self.actual.to_dict() if self.actual else None,
            "weight": self.weight, "score": self.score,
            "deviation_reason": self.deviation_reason,
            "guessed": self.guessed,
            "prior": self.prior.to_dict() if self.prior else None,
            "cells": self.cells.to_dict() if cells and self.cells else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Indicator":
        target, actual = data.get("target"), data.get("actual")
        return cls(name=data["name"], line=data["line"], column=data.get("column", 1),
                   level1=data.get("level1"), level2=data.get("level2"),
                   level1_raw=data.get("level1_raw"), level2_raw=data.get("level2_raw"),
                   target=Target.from_dict(target) if target else None,
                   actual=Target.from_dict(actual) if actual else None,
                   weight=data.get("weight"), score=data.get("score"),
                   deviation_reason=data.get("deviation_reason"), guessed=bool(data.get("guessed")),
                   prior=Target.from_dict(data["prior"]) if data.get("prior") else None,
                   cells=Provenance.from_dict(data["cells"]) if data.get("cells") else None)


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SelfEval":
        known = {k: data[k] for k in _FIELDS_OF_SELF_EVAL if k in data}
        known["lines"] = [dict(line) for line in data.get("lines") or []]
        return cls(**known)


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Uncertainty":
        return cls(data["code"], data["line"], data.get("column", 1), data.get("detail", ""),
                   list(data.get("lines") or []))


class Part(Enum):
    """The parts of a form the reader may be unsure of, each held back from the rules on its own."""

    HEAD = "head"        # header fields, funds, goals, the self-evaluation budget block
    TABLE = "table"      # the indicator table


@dataclass(slots=True)
class ReadQuality:
    """How well the reader placed a part's cells: the basis of its doubt."""

    cells: int = 0            # cells of the part
    placed: int = 0           # cells that became a name, value, level, label or score
    rows: int = 0             # rows read as indicators
    phantoms: int = 0         # rows refused: a name that is punctuation, a header, a level or boilerplate
    level_values: int = 0     # values that are level names
    disagreements: int = 0    # cells whose kind disagrees with their header column
    missing_values: int = 0   # indicators without a target

    @property
    def score(self) -> float:
        """1.0 when every cell was placed and nothing disagreed; lower as cells were left or refused."""
        if self.cells == 0:
            return 1.0 if self.rows else 0.0
        placed = self.placed / self.cells
        bad = (self.phantoms + self.level_values + self.disagreements) / max(1, self.rows + self.phantoms)
        return max(0.0, min(1.0, placed - 0.5 * bad))

    def to_dict(self) -> dict[str, Any]:
        return {"cells": self.cells, "placed": self.placed, "rows": self.rows, "phantoms": self.phantoms,
                "level_values": self.level_values, "disagreements": self.disagreements,
                "missing_values": self.missing_values, "score": round(self.score, 3)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "ReadQuality":
        data = data or {}
        return cls(*(data.get(k, 0) for k in ("cells", "placed", "rows", "phantoms", "level_values",
                                               "disagreements", "missing_values")))


@dataclass(slots=True)
class Doubt:
    """A part of the form read below the threshold: its lines, and why."""

    part: Part
    first_line: int
    last_line: int
    reason: str

    def covers(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part.value, "first_line": self.first_line, "last_line": self.last_line,
                "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Doubt":
        return cls(Part(data["part"]), data["first_line"], data["last_line"], data.get("reason", ""))


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
    # the project period as the template writes it where it has no dates (项目期 3年, 2023.07-2024.01), and
    # how many years it spans
    period: str | None = None
    period_years: int | None = None
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
    # how well the indicator table was read, and the parts read too poorly to accuse on
    quality: ReadQuality = field(default_factory=ReadQuality)
    doubts: list[Doubt] = field(default_factory=list)
    # the header fields whose labels the form carries, filled or not ("project", "department",
    # "start_date", "funds" …): what its template asks for
    header_fields: set[str] = field(default_factory=set, repr=False)

    def doubtful(self, part: Part, line: int | None = None) -> bool:
        """Whether the reader is unsure of ``part`` (at ``line``, when given)."""
        return any(d.part is part and (line is None or d.covers(line)) for d in self.doubts)
    # the same project in earlier forms (last year's, the declared targets, an earlier version), filled by
    # the pairing stage (perflint.history) before the rules run; not part of to_dict (see Counterpart)
    previous: list[Counterpart] = field(default_factory=list, repr=False)

    def loc(self, key: str) -> Span:
        """Where ``key`` was read, falling back to the form's first line."""
        return self.locations.get(key) or Span(self.line, 1)

    def to_dict(self, cells: bool = True) -> dict[str, Any]:
        """The model as JSON data; ``cells`` False leaves out the indicators' source cells (the store keeps
        no source text for them to point into)."""
        return {
            "index": self.index, "kind": self.kind, "template": self.template, "layout": self.layout,
            "confidence": round(self.confidence, 3), "line": self.line, "end_line": self.end_line,
            "year": self.year, "project": self.project, "department": self.department,
            "implementer": self.implementer, "project_type": self.project_type,
            "start_date": self.start_date, "end_date": self.end_date, "period": self.period,
            "period_years": self.period_years,
            "funds": dict(self.funds), "goals": dict(self.goals),
            "indicators": [i.to_dict(cells) for i in self.indicators],
            "self_eval": self.self_eval.to_dict() if self.self_eval else None,
            "uncertainties": [u.to_dict() for u in self.uncertainties],
            "empty_groups": [{"level1": a, "level2": b, "line": c} for a, b, c in self.empty_groups],
            "quality": self.quality.to_dict(),
            "doubts": [d.to_dict() for d in self.doubts],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str = "") -> "Form":
        """The typed form back from ``to_dict`` (a stored model); positions of values, header locations and
        source lines are not serialised and come back empty."""
        self_eval = data.get("self_eval")
        return cls(
            index=data["index"], kind=data["kind"], line=data["line"], end_line=data.get("end_line", data["line"]),
            template=data.get("template", "national-2021"), layout=data.get("layout", "tab"),
            confidence=data.get("confidence", 1.0), year=data.get("year"), project=data.get("project"),
            department=data.get("department"), implementer=data.get("implementer"),
            project_type=data.get("project_type"), start_date=data.get("start_date"), end_date=data.get("end_date"),
            period=data.get("period"), period_years=data.get("period_years"),
            funds={k: (data.get("funds") or {}).get(k) for k in FUND_KEYS},
            goals={k: (data.get("goals") or {}).get(k) for k in ("total", "annual", "actual")},
            indicators=[Indicator.from_dict(i) for i in data.get("indicators") or []],
            self_eval=SelfEval.from_dict(self_eval) if self_eval else None,
            uncertainties=[Uncertainty.from_dict(u) for u in data.get("uncertainties") or []],
            empty_groups=[(g.get("level1"), g["level2"], g["line"]) for g in data.get("empty_groups") or []],
            quality=ReadQuality.from_dict(data.get("quality")),
            doubts=[Doubt.from_dict(d) for d in data.get("doubts") or []],
            path=path)


class Relation(str, Enum):
    """How an earlier form stands to the form it is paired with."""

    PREVIOUS_TARGET = "previous-target"          # a target form of an earlier year
    PREVIOUS_SELF_EVAL = "previous-self-eval"    # a self-evaluation of an earlier year (its actuals)
    DECLARED = "declared"                        # for a self-evaluation: the targets declared for that year
    EARLIER_VERSION = "earlier-version"          # the same form as submitted before (退回修改 and resubmitted)


class PairedBy(str, Enum):
    """Why two forms were taken for the same project."""

    OVERRIDE = "override"            # the configuration's pairing map says so
    NAME = "name"                    # the same name once years, 项目 and punctuation are removed
    SIMILAR_NAME = "similar-name"    # a near name in the same department or implementer


@dataclass(slots=True)
class IndicatorPair:
    """An indicator of this form (``here``) and its counterpart in the earlier form (``there``)."""

    here: Indicator
    there: Indicator
    # 1.0 for the same name once spaces, units in brackets and punctuation are removed
    similarity: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        raw = lambda t: t.raw if t is not None else None  # noqa: E731
        return {"name": self.here.name, "line": self.here.line, "counterpart": self.there.name,
                "counterpart_line": self.there.line, "similarity": round(self.similarity, 3),
                "target": raw(self.here.target), "counterpart_target": raw(self.there.target),
                "counterpart_actual": raw(self.there.actual)}


@dataclass(slots=True)
class PriorFinding:
    """A finding recorded for an earlier version of a form; a resubmission is compared with them."""

    code: str
    name: str
    severity: str
    message: str
    line: int
    indicator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "severity": self.severity, "message": self.message,
                "line": self.line, "indicator": self.indicator}


@dataclass(slots=True)
class Counterpart:
    """An earlier form of the same project, paired with this one, and its indicators paired with ours."""

    relation: Relation
    form: Form
    paired_by: PairedBy
    # similarity of the two project names after normalisation (1.0: the same)
    score: float
    # where it came from: the file it was read from, and the store's record id and time when it was stored
    path: str
    content_hash: str = ""
    stored_id: int | None = None
    recorded_at: str | None = None
    indicators: list[IndicatorPair] = field(default_factory=list)
    # this form's indicators with no counterpart, and the counterpart's with none here
    unpaired: list[Indicator] = field(default_factory=list)
    unpaired_there: list[Indicator] = field(default_factory=list)
    # earlier versions: what was found in them then, and (after the rules) what is no longer found
    findings: list[PriorFinding] = field(default_factory=list)
    fixed: list[PriorFinding] = field(default_factory=list)

    def pair_of(self, ind: Indicator) -> IndicatorPair | None:
        for pair in self.indicators:
            if pair.here is ind:
                return pair
        return None

    def to_dict(self, pairs: bool = True) -> dict[str, Any]:
        """``pairs`` False gives how many indicators paired and how many are this form's in all (``paired``,
        ``total``) instead of the pairs and the unpaired names: what a one-line label needs."""
        f = self.form
        out = {"relation": self.relation.value, "paired_by": self.paired_by.value, "score": round(self.score, 3),
               "kind": f.kind, "year": f.year, "project": f.project, "department": f.department,
               "implementer": f.implementer, "path": self.path, "index": f.index, "line": f.line,
               "content_hash": self.content_hash, "stored_id": self.stored_id, "recorded_at": self.recorded_at}
        if not pairs:
            out.update(paired=len(self.indicators), total=len(self.indicators) + len(self.unpaired))
            return out
        out.update(indicators=[p.to_dict() for p in self.indicators], unpaired=[i.name for i in self.unpaired],
                   unpaired_counterpart=[i.name for i in self.unpaired_there])
        return out


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


_FIELDS_OF_TARGET = tuple(Target.__dataclass_fields__)
_FIELDS_OF_SELF_EVAL = tuple(SelfEval.__dataclass_fields__)
