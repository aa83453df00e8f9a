"""Pairing: each form with its counterparts (the same project in earlier years, the targets a
self-evaluation was declared against, an earlier version), and each indicator with its counterpart.

Projects pair when their names agree once years, 项目 and punctuation are removed (and no different
department and implementer say otherwise), when a near name (similarity at least ``threshold``) sits in
the same department or implementer, or when the configuration's map says so. Indicators pair by the same
name first, then by a near name of the same dimension (% with %, money with money), one to one.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, NamedTuple, Protocol

from ..data import load
from ..model import Counterpart, Form, Indicator, IndicatorPair, PairedBy, PriorFinding, Relation
from .names import indicator_key, project_key, similar, similarity, unit_key

# the order counterparts are listed in, and in which rules look for them
RELATION_ORDER = (Relation.EARLIER_VERSION, Relation.DECLARED, Relation.PREVIOUS_TARGET, Relation.PREVIOUS_SELF_EVAL)


@dataclass(frozen=True)
class PairingOptions:
    """Thresholds and the override map (``[tool.perflint.pairing]``)."""

    threshold: float = 0.8
    indicator_threshold: float = 0.8
    years_back: int = 3
    # project key -> keys of the names it is the same project as (both directions are looked up)
    overrides: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_table(cls, table: dict[str, Any] | None) -> "PairingOptions":
        """From the configuration table, its keys in kebab case; defaults from perflint's data."""
        table = table or {}
        defaults = load("pairing.json")
        overrides: dict[str, set[str]] = defaultdict(set)
        for new, old in (table.get("projects") or {}).items():
            for name in ([old] if isinstance(old, str) else old):
                a, b = project_key(new), project_key(name)
                overrides[a].add(b)
                overrides[b].add(a)
        return cls(threshold=table.get("threshold", defaults["threshold"]),
                   indicator_threshold=table.get("indicator-threshold", defaults["indicator_threshold"]),
                   years_back=table.get("years-back", defaults["years_back"]),
                   overrides={k: frozenset(v) for k, v in overrides.items()})


class Keys(NamedTuple):
    """A form's names as pairing compares them (see ``names``): project, department, implementer keys."""

    project: str
    department: str
    implementer: str

    @classmethod
    def of(cls, item: Any) -> "Keys":
        """Of a form or a candidate (anything with project, department and implementer names)."""
        return cls(project_key(item.project), unit_key(item.department), unit_key(item.implementer))

    def units(self) -> list[tuple[str, str]]:
        """Its department and implementer keys as index keys (``d``, ``i``), empty ones left out."""
        return [k for k in (("d", self.department), ("i", self.implementer)) if k[1]]

    def index_keys(self) -> list[tuple[str, str]]:
        """Its project (``p``), department and implementer keys as index keys, empty ones left out."""
        return [("p", self.project), *self.units()] if self.project else self.units()


@dataclass(slots=True)
class Candidate:
    """An earlier form that may be a counterpart: what pairing decides on, the model loaded on demand."""

    kind: str
    year: int | None
    project: str | None
    department: str | None
    implementer: str | None
    path: str
    index: int
    content_hash: str
    stored_id: int | None = None
    recorded_at: str | None = None
    # the model; a store fills it only for the candidates chosen
    form: Form | None = None
    # what was found in it when it was checked (earlier versions); None: not known yet
    findings: list[PriorFinding] | None = None
    # the source it came from and its place among a file's candidates (set by the pairer)
    source: Any = field(default=None, repr=False, compare=False)
    order: int = 0
    # its names' keys, computed once
    keys: Keys = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    # the model as the store keeps it (compressed), when it was read with the index of the store
    blob: bytes | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.keys is None:
            self.keys = Keys.of(self)

    @classmethod
    def of(cls, form: Form, path: str) -> "Candidate":
        return cls(form.kind, form.year, form.project, form.department, form.implementer, path, form.index,
                   content_hash(form), form=form)

    def fresh(self) -> "Candidate":
        """The same stored form as a new candidate: no model, findings or place among a file's yet."""
        return Candidate(self.kind, self.year, self.project, self.department, self.implementer, self.path,
                         self.index, self.content_hash, self.stored_id, self.recorded_at, keys=self.keys,
                         blob=self.blob)


class Source(Protocol):
    """Where candidates come from: the ``--previous`` files, or the store."""

    def lookup(self, forms: list[Form], options: PairingOptions) -> Iterable[Candidate]: ...

    def load(self, chosen: list[tuple[Candidate, Relation]]) -> None: ...


def content_hash(form: Form) -> str:
    """What identifies a version of a form: its text, line by line without trailing space (so the same form
    at another place in a file is the same version), or its model when the text is not at hand."""
    if form.source:
        text = "\n".join(form.source[n].rstrip() for n in sorted(form.source))
    else:
        text = json.dumps(form.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Wanted(NamedTuple):
    """What a file's forms look up: the earlier forms that can match one of them (see ``project_match``) —
    of their years (``years_back`` before the earliest to the latest), sharing a department or an
    implementer, or a project name: alone where the name is all there is to go by (the earlier form or this
    one names no department, or the override map pairs the names), else within the department."""

    projects: frozenset[str]       # matched where the earlier form names no department
    loose: frozenset[str]          # matched whatever its department
    departments: frozenset[str]
    implementers: frozenset[str]
    low: int
    high: int

    @classmethod
    def of(cls, forms: list[Form], options: PairingOptions) -> "Wanted | None":
        """None when nothing can match (no year, no names)."""
        years = [f.year for f in forms if f.year is not None]
        projects, loose, departments, implementers = set(), set(), set(), set()
        for form in forms:
            keys = Keys.of(form)
            named = options.overrides.get(keys.project, frozenset())
            if keys.project:
                projects.add(keys.project)
                projects.update(named)
                if not keys.department:
                    loose.add(keys.project)
            loose.update(named)
            departments.add(keys.department)
            implementers.add(keys.implementer)
        departments.discard("")
        implementers.discard("")
        if not years or not (projects or departments or implementers):
            return None
        return cls(frozenset(projects), frozenset(loose), frozenset(departments), frozenset(implementers),
                   min(years) - options.years_back, max(years))


class CandidateIndex:
    """Candidates in memory, found by any key they share with the forms (a superset of those that can
    match: ``project_match`` decides), in the order they were given; by key, then by year (a candidate
    without a year matches no form)."""

    def __init__(self, candidates: list[Candidate]):
        self.candidates = candidates
        self._index: dict[tuple[str, str], dict[int, list[int]]] = defaultdict(dict)
        for n, c in enumerate(candidates):
            if c.year is None:
                continue
            keys = c.keys.index_keys()
            if c.keys.project and not c.keys.department:
                keys.append(("p0", c.keys.project))   # found by its name alone (see ``Wanted``)
            for key in keys:
                self._index[key].setdefault(c.year, []).append(n)

    def lookup(self, forms: list[Form], options: PairingOptions) -> list[Candidate]:
        """The candidates ``Wanted`` by the forms, as the store's query finds them."""
        want = Wanted.of(forms, options)
        if want is None:
            return []
        hits: set[int] = set()
        for kind, keys in (("p0", want.projects), ("p", want.loose), ("d", want.departments),
                           ("i", want.implementers)):
            for key in keys:
                by_year = self._index.get((kind, key))
                if by_year:
                    for year in range(want.low, want.high + 1):
                        hits.update(by_year.get(year, ()))
        return [self.candidates[n] for n in sorted(hits)]


class FilePool(CandidateIndex):
    """Earlier forms read from files (``--previous``); an earlier version's findings are today's rules'."""

    def __init__(self, candidates: list[Candidate], findings_of: Callable[[Form], list[PriorFinding]] | None = None):
        super().__init__(candidates)
        self.findings_of = findings_of

    def load(self, chosen: list[tuple[Candidate, Relation]]) -> None:
        for cand, relation in chosen:
            if relation is Relation.EARLIER_VERSION and cand.findings is None and self.findings_of is not None:
                assert cand.form is not None
                cand.findings = self.findings_of(cand.form)


def relation_of(form: Form, kind: str, year: int | None, years_back: int) -> Relation | None:
    """How an earlier form of ``kind`` and ``year`` stands to ``form``, or None when it is no counterpart."""
    y, oy = form.year, year
    if y is None or oy is None or oy > y:
        return None
    if oy == y:
        if form.kind == kind:
            return Relation.EARLIER_VERSION
        return Relation.DECLARED if form.kind == "self_eval" else None
    if oy < y - years_back:
        return None
    if kind == "self_eval":
        return Relation.PREVIOUS_SELF_EVAL
    return Relation.PREVIOUS_TARGET if form.kind == "target" else None


def project_match(mine: Keys, other: Keys, options: PairingOptions, near: bool = True
                  ) -> tuple[float, PairedBy] | None:
    """Whether a form with the keys ``other`` is the same project as one with ``mine``: (score, why), or None.
    ``near`` False leaves near names unmatched (their similarity not computed)."""
    a, b = mine.project, other.project
    if not a or not b:
        return None
    if b in options.overrides.get(a, ()):
        return 1.0, PairedBy.OVERRIDE
    da, db, ia, ib = mine.department, other.department, mine.implementer, other.implementer
    same_implementer = bool(ia) and ia == ib
    same_unit = (bool(da) and da == db) or same_implementer
    if a == b:
        # a generic name (办公经费, 宣传与推广) in another department and implementer is another project
        other_unit = bool(da) and bool(db) and da != db and not same_implementer
        return None if other_unit else (1.0, PairedBy.NAME)
    if not same_unit or not near:
        return None
    score = similar(a, b, options.threshold)
    return (score, PairedBy.SIMILAR_NAME) if score is not None else None


class Shortlist:
    """Candidates as choosing reads them: by project key (those that pair by name or by the override map)
    and, by department and implementer key, in groups of one kind and year (near names are weighed for a
    relation and year no same name fills, a group at a time). Each with its rank among them: its order."""

    def __init__(self, candidates: Iterable[Candidate]):
        self.by_project: dict[str, list[tuple[int, Candidate]]] = defaultdict(list)
        self.by_unit: dict[tuple[str, str], dict[tuple[str, int | None], list[tuple[int, Candidate]]]] = {}
        for n, cand in enumerate(candidates):
            order = cand.order or n
            if cand.keys.project:
                self.by_project[cand.keys.project].append((order, cand))
            for unit in cand.keys.units():
                self.by_unit.setdefault(unit, {}).setdefault((cand.kind, cand.year), []).append((order, cand))


def choose(form: Form, candidates: Iterable[Candidate] | Shortlist, options: PairingOptions,
           own_hash: str) -> list[tuple[Candidate, Relation, float, PairedBy]]:
    """The best candidate for each relation and year: an override or the same name before a near name, then
    the higher score, then the more recent record.

    Near names are weighed only for the slots (relation and year) that no override or same name fills: a
    department's other projects are most of the candidates, and a near name could not win such a slot."""
    mine = Keys.of(form)
    found = candidates if isinstance(candidates, Shortlist) else Shortlist(candidates)
    best: dict[tuple[Relation, int | None], tuple[tuple, Candidate, float, PairedBy]] = {}
    if mine.project:
        for key in (mine.project, *options.overrides.get(mine.project, ())):
            for order, cand in found.by_project.get(key, ()):
                _consider(best, form, mine, order, cand, options, own_hash, near=False)
    for unit in mine.units():
        for (kind, year), group in found.by_unit.get(unit, {}).items():
            relation = relation_of(form, kind, year, options.years_back)
            held = best.get((relation, year)) if relation is not None else None
            if relation is None or (held is not None and held[3] is not PairedBy.SIMILAR_NAME):
                continue
            for order, cand in group:
                _consider(best, form, mine, order, cand, options, own_hash, near=True)
    chosen = [(c, rel, score, how) for (rel, _), (_, c, score, how) in best.items()]
    chosen.sort(key=lambda t: (RELATION_ORDER.index(t[1]), -(t[0].year or 0)))
    return chosen


def _consider(best: dict, form: Form, mine: Keys, order: int, cand: Candidate, options: PairingOptions,
              own_hash: str, near: bool) -> None:
    """Keep ``cand`` in its slot of ``best`` if it matches and ranks above the one there (a candidate
    weighed twice keeps its place: ranks differ by order)."""
    if cand.content_hash == own_hash:
        return  # this very version: stored before, or listed among the earlier forms
    relation = relation_of(form, cand.kind, cand.year, options.years_back)
    match = project_match(mine, cand.keys, options, near) if relation is not None else None
    if match is None:
        return
    score, how = match
    rank = (how is not PairedBy.SIMILAR_NAME, round(score, 3), cand.recorded_at or "", order)
    slot = (relation, cand.year)
    if slot not in best or rank > best[slot][0]:
        best[slot] = (rank, cand, score, how)


def _dimension(ind: Indicator) -> str | None:
    for t in (ind.target, ind.actual):
        if t is not None and not t.is_invalid:
            return t.dimension if t.is_quantitative else "qualitative"
    return None


def pair_indicators(here: list[Indicator], there: list[Indicator], threshold: float
                    ) -> tuple[list[IndicatorPair], list[Indicator], list[Indicator]]:
    """(pairs in this form's order, this form's unpaired, the counterpart's unpaired): the same name first
    (repeated names in order), then near names of the same dimension, best first, one to one."""
    keys_here = [indicator_key(ind.name) for ind in here]
    keys_there = [indicator_key(ind.name) for ind in there]
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for j, key in enumerate(keys_there):
        waiting[key].append(j)
    partner: dict[int, tuple[int, float]] = {}
    for i, key in enumerate(keys_here):
        queue = waiting.get(key)
        if queue:
            partner[i] = (queue.popleft(), 1.0)
    taken = {j for j, _ in partner.values()}
    rest_here = [(i, _dimension(here[i])) for i in range(len(here)) if i not in partner]
    rest_there = [(j, _dimension(there[j])) for j in range(len(there)) if j not in taken]
    near = []
    for i, di in rest_here:
        for j, dj in rest_there:
            if di is None or dj is None or di == dj:
                s = similarity(keys_here[i], keys_there[j])
                if s >= threshold:
                    near.append((-s, i, j))
    for neg, i, j in sorted(near):
        if i not in partner and j not in taken:
            partner[i] = (j, -neg)
            taken.add(j)
    pairs = [IndicatorPair(here[i], there[j], s) for i, (j, s) in sorted(partner.items())]
    return (pairs, [ind for i, ind in enumerate(here) if i not in partner],
            [ind for j, ind in enumerate(there) if j not in taken])


class Pairer:
    """Fills ``Form.previous`` for the forms of a file from every source."""

    def __init__(self, sources: list[Source], options: PairingOptions | None = None):
        self.sources = sources
        self.options = options or PairingOptions()

    def pair_file(self, forms: list[Form], hashes: list[str] | None = None) -> None:
        """Fill each form's counterparts; ``hashes``: the forms' content hashes, when computed already."""
        if not forms:
            return
        hashes = hashes or [content_hash(form) for form in forms]
        found: list[Candidate] = []
        for src in self.sources:
            for cand in src.lookup(forms, self.options):
                cand.source, cand.order = src, len(found)
                found.append(cand)
        shortlist = Shortlist(found)
        picks = [choose(form, shortlist, self.options, digest) for form, digest in zip(forms, hashes)]
        for src in self.sources:  # the models of the chosen, one load per source and file
            src.load([(c, rel) for picked in picks for c, rel, _, _ in picked if c.source is src])
        for form, picked in zip(forms, picks):
            form.previous = [self.counterpart(form, *p) for p in picked if p[0].form is not None]

    def counterpart(self, form: Form, cand: Candidate, relation: Relation, score: float, how: PairedBy) -> Counterpart:
        assert cand.form is not None
        pairs, unpaired, unpaired_there = pair_indicators(form.indicators, cand.form.indicators,
                                                          self.options.indicator_threshold)
        return Counterpart(relation, cand.form, how, score, cand.path, cand.content_hash, cand.stored_id,
                           cand.recorded_at, pairs, unpaired, unpaired_there, list(cand.findings or []))
