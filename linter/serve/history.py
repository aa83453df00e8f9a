"""Read-only views of the store (``perflint check --history``, or batches checked by this server with
``--history``): its departments, a department's projects, a project's years and versions, and one stored
form seen across time — its counterparts in earlier years with the rows side by side, and against the
version before it, what was fixed, what is still open and what is new.

A stored form is paired with the store exactly as a check pairs a new form, except that it looks only at
what came before it: a later version of the same year and kind is not its earlier version.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..finding import Finding
from ..model import Form, Relation

UNKNOWN = ""   # the key of forms without a department


def open_store(url: str) -> Any:
    from ..history.store import Store
    return Store.open(url)


def departments(store: Any) -> list[dict[str, Any]]:
    """Every department with its projects, forms and last recording, the busiest first."""
    import sqlalchemy as sa

    from ..history.tables import forms as t
    query = (sa.select(t.c.department_key, sa.func.max(t.c.department).label("name"),
                       sa.func.count(sa.distinct(t.c.project_key)).label("projects"),
                       sa.func.count().label("forms"), sa.func.max(t.c.recorded_at).label("last"))
             .group_by(t.c.department_key).order_by(sa.desc("forms"), t.c.department_key))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def projects(store: Any, department: str) -> list[dict[str, Any]]:
    """The projects of a department (by its key): name, years, forms, findings of the latest form."""
    import sqlalchemy as sa

    from ..history.tables import forms as t
    query = (sa.select(t.c.project_key, sa.func.max(t.c.project).label("name"),
                       sa.func.min(t.c.year).label("first"), sa.func.max(t.c.year).label("last_year"),
                       sa.func.count().label("forms"), sa.func.max(t.c.recorded_at).label("last"),
                       sa.func.max(t.c.department).label("department"))
             .where(t.c.department_key == department).group_by(t.c.project_key).order_by(t.c.project_key))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


@dataclass
class Version:
    id: int
    recorded_at: str
    source_file: str
    form_index: int
    findings: int
    number: int          # 1 for the first version of its year and kind


@dataclass
class Year:
    year: int | None
    kinds: dict[str, list[Version]] = field(default_factory=dict)


def project(store: Any, project_key: str, department: str) -> tuple[str | None, list[Year]]:
    """A project's forms by year (the latest first), kind and version (in the order they were recorded)."""
    import sqlalchemy as sa

    from ..history.tables import forms as t
    query = (sa.select(t.c.id, t.c.year, t.c.kind, t.c.project, t.c.recorded_at, t.c.source_file, t.c.form_index,
                       t.c.finding_count)
             .where(t.c.project_key == project_key, t.c.department_key == department)
             .order_by(t.c.year.desc(), t.c.kind, t.c.recorded_at, t.c.id))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    years: dict[int | None, Year] = {}
    name = None
    for r in rows:
        name = name or r.project
        versions = years.setdefault(r.year, Year(r.year)).kinds.setdefault(r.kind, [])
        versions.append(Version(r.id, r.recorded_at, r.source_file, r.form_index, r.finding_count, len(versions) + 1))
    return name, list(years.values())


@dataclass
class StoredForm:
    """One stored form seen across time."""

    row: Any
    form: Form
    findings: list[Finding]
    pairing: dict[str, Any] | None          # what the reports show of its counterparts (HistoryStage.summary)
    comparison: list[dict[str, Any]]        # the rows side by side (compare.comparison_rows)
    earlier: Any = None                     # the version before it (a Counterpart), if any
    counterparts: list[Any] = field(default_factory=list)

    @property
    def fixed(self) -> list[Any]:
        return list(self.earlier.fixed) if self.earlier is not None else []

    def with_status(self, status: str) -> list[Finding]:
        return [f for f in self.findings if f.status == status]


def _review_codes() -> frozenset[str]:
    """The rules that sum up a resubmission (PF609): they take no part in what it fixed."""
    from ..rule import ReviewRule, registry
    return frozenset(c.code for c in registry().all() if issubclass(c, ReviewRule))


class _Before:
    """The store as a source of candidates for a stored form: neither the form itself nor a version of the
    same year and kind recorded after it."""

    def __init__(self, source: Any, row: Any):
        self.source, self.row = source, row

    def lookup(self, forms: list[Form], options: Any) -> list[Any]:
        r = self.row
        return [c for c in self.source.lookup(forms, options) if c.stored_id != r.id
                and not (c.kind == r.kind and c.year == r.year and (c.stored_id or 0) > r.id)]

    def load(self, chosen: list[Any]) -> None:
        self.source.load(chosen)


def stored_form(store: Any, form_id: int, cfg: Config) -> StoredForm | None:
    from ..history import compare
    from ..history.pairing import Pairer, PairingOptions
    from ..history.stage import HistoryStage
    from ..history.store import StoreSource
    got = store.get(form_id)
    if got is None:
        return None
    row, model, found = got
    form = Form.from_dict(model, path=row.source_file)
    form.index = row.form_index
    findings = [Finding(f.code, f.name, f.severity, f.message, row.source_file, f.line, f.col, f.line, f.col,
                        row.form_index, row.project, f.indicator) for f in found]
    pairer = Pairer([_Before(StoreSource(store.url, None), row)], PairingOptions.from_table(cfg.pairing))
    pairer.pair_file([form])
    compare.mark_resubmission(form, findings, _review_codes())
    pairing = HistoryStage(cfg).summary(form, findings)
    return StoredForm(row, form, findings, pairing, compare.comparison_rows(form),
                      compare.latest(form, Relation.EARLIER_VERSION),
                      [cp for cp in form.previous if cp.relation is not Relation.EARLIER_VERSION])
