"""The store that remembers: every checked form (its model, content hash, project, department, year, kind,
source file, time) and its findings, in SQLite (one file, the default) or PostgreSQL (a URL, shared by many
reviewers), with one code path through SQLAlchemy Core and the schema versioned by Alembic migrations.

SQLite runs in WAL mode: readers never wait for the writer, two runs at once both land (a writer waits
for the other's transaction, up to a minute). Each file's forms and findings are one transaction, written
before the file is reported, so an interrupted run loses nothing it reported and leaves no half file.
"""
from __future__ import annotations

import datetime as _dt
import getpass
import importlib.util
import os
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from ..errors import ConfigError
from ..model import Form, Relation
from .names import project_key, unit_key
from .pairing import Candidate, CandidateIndex, PairingOptions, Wanted
from .records import decode_model, prior_finding

try:
    import sqlalchemy as sa
    from sqlalchemy.exc import SQLAlchemyError
except ImportError:  # pragma: no cover - the message below is the user's way out
    raise ConfigError("a history store needs the history extra: pip install 'perflint-cn[history]'",
                      key="history") from None

from . import tables
from .tables import HEAD, KNOWN, findings as findings_t, forms as forms_t, runs as runs_t

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")
# pg_advisory_xact_lock key that serialises migrations of one PostgreSQL store ("perflint" in ASCII)
_PG_LOCK = 0x7065726666
_BUSY_MS = 60000
# SQLite reads the store through a memory map of this many bytes: a stored form's row is about one page and
# a run's look-ups come back to the same departments' rows file after file; a page cache of its own is
# emptied whenever another connection writes (the run itself, file after file), the mapped pages are not
_MMAP_BYTES = 256 * 2**20
# pages of write-ahead log before SQLite writes them back into the store (its default: 1,000): a run writes
# a file's forms, findings and index pages file after file, and each write-back syncs the store; every
# 10,000 pages (40 MB) saves a seventh of the writing (0.2 s of 10,000 forms)
_CHECKPOINT_PAGES = 10_000
_META = (forms_t.c.id, forms_t.c.kind, forms_t.c.year, forms_t.c.project, forms_t.c.department,
         forms_t.c.implementer, forms_t.c.source_file, forms_t.c.form_index, forms_t.c.content_hash,
         forms_t.c.recorded_at)
# a run of many files reads the store's index once (one query; about 1 KB a stored form in each process)
# instead of one look-up per file (1–2 ms each): when the store holds at most this many forms per file to
# check, and at most this many in all
_INDEX_PER_FILE = 100
_INDEX_MAX = 50_000
# ... with the stored models too when it holds at most this many (about 1.8 KB each): one read instead of a
# query a file (0.3–0.4 ms each in a run, 17 ms for all of 10,000 at once)
_INDEX_MODELS_MAX = 20_000
# decoded models kept per process, the most recently paired last (about 18 KB each): a batch whose projects
# share names pairs the same stored forms file after file (a stored form never changes)
_MODELS_KEPT = 512
# built once: statements are compiled from a cache keyed on their shape, not rebuilt per form
_KNOWN_HASHES = sa.select(forms_t.c.content_hash).where(forms_t.c.content_hash.in_(sa.bindparam("hashes", expanding=True)))
# the models of chosen candidates, and the findings of earlier versions
_MODELS = sa.select(forms_t.c.id, forms_t.c.model).where(forms_t.c.id.in_(sa.bindparam("ids", expanding=True)))
_FINDINGS_OF = sa.select(findings_t).where(findings_t.c.form_id.in_(sa.bindparam("ids", expanding=True))) \
    .order_by(findings_t.c.id)
# a file's forms in one statement, their ids back by content (asking for them in the order given would
# make SQLAlchemy insert row by row)
_INSERT_FORMS = forms_t.insert().returning(forms_t.c.content_hash, forms_t.c.id)
_INSERT_FINDINGS = findings_t.insert()
# candidates for pairing: one indexed look-up per key column (project, department, implementer) and year
_LOOKUP = sa.select(*_META).where(
    sa.or_(sa.and_(forms_t.c.project_key.in_(sa.bindparam("projects", expanding=True)), forms_t.c.department_key == ""),
           forms_t.c.project_key.in_(sa.bindparam("loose", expanding=True)),
           forms_t.c.department_key.in_(sa.bindparam("departments", expanding=True)),
           forms_t.c.implementer_key.in_(sa.bindparam("implementers", expanding=True))),
    forms_t.c.year.between(sa.bindparam("low"), sa.bindparam("high")),
    forms_t.c.run_id != sa.bindparam("run")).order_by(forms_t.c.id)


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def database_url(target: str) -> str:
    """A path (SQLite, made absolute) or a URL; ``postgresql://`` gets the PostgreSQL driver installed."""
    if "://" not in target:
        return "sqlite:///" + os.path.abspath(target)
    scheme, rest = target.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        for module, driver in (("psycopg", "psycopg"), ("psycopg2", "psycopg2")):
            if importlib.util.find_spec(module) is not None:
                return f"postgresql+{driver}://{rest}"
        raise ConfigError("a PostgreSQL store needs a driver: pip install 'perflint-cn[postgres]'", key="history")
    return target


def _display(url: str) -> str:
    """A URL as messages show it: without its password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is shown as written
        return url


class Store:
    """One store; open with :meth:`open` (which migrates it to the newest schema)."""

    def __init__(self, target: str):
        self.target = target
        self.url = database_url(target)
        self._engine: Any = None
        self._pid = 0
        self._models: OrderedDict[int, Form] = OrderedDict()

    @classmethod
    def open(cls, target: str, migrate: bool = True) -> "Store":
        store = cls(target)
        if migrate:
            with store.errors("cannot open the store"):
                store.ensure_schema()
        return store

    @contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """A database error as a message naming the store (exit code 2), not a traceback; but one raised while
        an interrupt unwinds (the rollback of a connection Ctrl-C broke) gives the interrupt back."""
        try:
            yield
        except SQLAlchemyError as exc:
            interrupt = _interrupt_behind(exc)
            if interrupt is not None:
                raise interrupt from None
            raise ConfigError(f"{_display(self.url)}: {doing}: {_reason(exc)}", key="history") from None

    # ---------------------------------------------------------------- connections

    @property
    def engine(self) -> Any:
        """The engine of this process: a worker forked from the writer opens its own connections."""
        if self._engine is None or self._pid != os.getpid():
            self._engine, self._pid = self._make_engine(), os.getpid()
        return self._engine

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def _make_engine(self) -> Any:
        if not self.is_sqlite:
            return sa.create_engine(self.url, pool_pre_ping=True)
        path = self.url[len("sqlite:///"):]
        if path and path != ":memory:" and not os.path.isdir(os.path.dirname(path) or "."):
            raise ConfigError(f"{path}: the folder of the store does not exist", key="history")
        engine = sa.create_engine(self.url, connect_args={"timeout": _BUSY_MS / 1000})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # transactions are begun below, not by the driver
            cur = dbapi_conn.cursor()
            for pragma in (f"busy_timeout = {_BUSY_MS}", "journal_mode = WAL", "synchronous = NORMAL",
                           "foreign_keys = ON", f"mmap_size = {_MMAP_BYTES}",
                           f"wal_autocheckpoint = {_CHECKPOINT_PAGES}"):
                _pragma(cur, pragma)
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # a writer takes the write lock at once: two writers queue instead of failing to upgrade a read
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

        return engine

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One write transaction: committed whole when the block ends, rolled back whole if it does not."""
        with self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                yield conn

    def close(self) -> None:
        if self._engine is not None and self._pid == os.getpid():
            self._engine.dispose()
        self._engine = None

    # ---------------------------------------------------------------- schema

    def version(self, conn: Any = None) -> str | None:
        """The schema version of the store, None when it is new (no tables yet)."""
        if conn is None:
            with self.engine.connect() as c:
                return self.version(c)
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    def ensure_schema(self, target: str = HEAD) -> None:
        """Migrate to ``target`` (the newest version by default) under the store's write lock, so two runs
        that open a new store at once create it once."""
        current = self.version()
        if current == target:
            return
        if current is not None and current not in KNOWN:
            raise ConfigError(f"{_display(self.url)}: the store has schema version {current}, written by a newer "
                              "perflint; upgrade perflint to use it", key="history")
        from alembic import command
        from alembic.config import Config as AlembicConfig
        with self._write() as conn:
            if not self.is_sqlite:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            if self.version(conn) == target:
                return
            cfg = AlembicConfig()
            cfg.set_main_option("script_location", MIGRATIONS)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)

    # ---------------------------------------------------------------- runs and records

    def begin_run(self) -> int:
        from .. import __version__
        try:
            user = getpass.getuser()
        except Exception:  # noqa: BLE001 - no user name in some containers
            user = None
        with self._write() as conn:
            return conn.execute(runs_t.insert().values(started_at=now(), version=__version__, user=user)
                                .returning(runs_t.c.id)).scalar_one()

    def end_run(self, run_id: int, files: int, forms: int | None) -> None:
        with self._write() as conn:
            conn.execute(runs_t.update().where(runs_t.c.id == run_id)
                         .values(finished_at=now(), files=files, forms=forms))

    def record(self, run_id: int, records: list[dict[str, Any]]) -> int:
        """Store the forms of one file and their findings in one transaction; a form whose content is
        stored already (the same version checked again) is not stored twice. Returns the forms stored."""
        stamp = now()
        with self._write() as conn:
            known = set(conn.execute(_KNOWN_HASHES, {"hashes": [r["content_hash"] for r in records]}).scalars())
            rows, found = [], []
            for r in records:
                if r["content_hash"] not in known:
                    known.add(r["content_hash"])
                    rows.append({**{k: v for k, v in r.items() if k != "findings"}, "run_id": run_id,
                                 "recorded_at": stamp, "finding_count": len(r["findings"])})
                    found.append(r["findings"])
            if not rows:
                return 0
            ids = dict(conn.execute(_INSERT_FORMS, rows).all())
            lines = [dict(f, form_id=ids[r["content_hash"]]) for r, fs in zip(rows, found) for f in fs]
            if lines:
                conn.execute(_INSERT_FINDINGS, lines)
        return len(rows)

    # ---------------------------------------------------------------- pairing

    def lookup(self, forms: list[Form], options: PairingOptions, exclude_run: int | None) -> list[Candidate]:
        """The stored forms ``Wanted`` by ``forms`` (the current run's left out), in the order they were stored."""
        want = Wanted.of(forms, options)
        if want is None:
            return []
        params = {"projects": sorted(want.projects), "loose": sorted(want.loose),
                  "departments": sorted(want.departments), "implementers": sorted(want.implementers),
                  "low": want.low, "high": want.high, "run": _left_out(exclude_run)}
        with self.engine.connect() as conn:
            return [_candidate(r) for r in conn.execute(_LOOKUP, params)]

    def candidates(self, exclude_run: int | None) -> list[Candidate]:
        """Every stored form as a candidate (the current run's left out), in the order they were stored; with
        its model when the store holds at most ``_INDEX_MODELS_MAX`` forms."""
        with self.engine.connect() as conn:
            models = _count(conn, forms_t) <= _INDEX_MODELS_MAX
            query = sa.select(*_META, *((forms_t.c.model,) if models else ())).where(
                forms_t.c.year.is_not(None), forms_t.c.run_id != _left_out(exclude_run)).order_by(forms_t.c.id)
            return [_candidate(r, r.model if models else None) for r in conn.execute(query)]

    def index_pays(self, files: int) -> bool:
        """Whether a run of ``files`` files had better read the store's index once than look up each file."""
        with self.engine.connect() as conn:
            stored = _count(conn, forms_t)
        return stored <= min(_INDEX_MAX, files * _INDEX_PER_FILE)

    def load(self, chosen: list[tuple[Candidate, Relation]]) -> None:
        """The models of the chosen candidates (decoded before, read with the index, or queried now), and the
        findings of the earlier versions among them."""
        for cand, _ in chosen:
            if cand.form is None and cand.stored_id is not None:
                cand.form = self._kept(cand.stored_id, cand.blob, cand.path)
        ids = sorted({c.stored_id for c, _ in chosen if c.form is None and c.stored_id is not None})
        versions = sorted({c.stored_id for c, rel in chosen if rel is Relation.EARLIER_VERSION
                           and c.findings is None and c.stored_id is not None})
        if not ids and not versions:
            return
        with self.engine.connect() as conn:
            models = dict(conn.execute(_MODELS, {"ids": ids}).all()) if ids else {}
            found: dict[int, list] = {i: [] for i in versions}
            if versions:
                for row in conn.execute(_FINDINGS_OF, {"ids": versions}):
                    found[row.form_id].append(prior_finding(row))
        for cand, _ in chosen:
            if cand.form is None and cand.stored_id in models:
                cand.form = self._kept(cand.stored_id, models[cand.stored_id], cand.path)
            if cand.stored_id in found:
                cand.findings = found[cand.stored_id]

    def _kept(self, stored_id: int, blob: bytes | None, path: str) -> Form | None:
        """A stored form's model: decoded before by this process, else decoded from ``blob`` (read with the
        index, or queried); None without either."""
        form = self._models.get(stored_id)
        if form is not None:
            self._models.move_to_end(stored_id)
            return form
        return self._keep(stored_id, blob, path) if blob is not None else None

    def _keep(self, stored_id: int, blob: bytes, path: str) -> Form:
        """The stored model decoded, and kept among the process's last ``_MODELS_KEPT``."""
        form = self._models[stored_id] = Form.from_dict(decode_model(blob), path=path)
        if len(self._models) > _MODELS_KEPT:
            self._models.popitem(last=False)
        return form

    # ---------------------------------------------------------------- looking inside

    def forms(self, project: str | None = None, department: str | None = None, year: int | None = None,
              kind: str | None = None, limit: int | None = None) -> list[Any]:
        """Stored forms (without their models), by project, then year, then time."""
        query = sa.select(*_META, forms_t.c.finding_count, forms_t.c.run_id)
        if project:
            query = query.where(forms_t.c.project_key == project_key(project))
        if department:
            query = query.where(forms_t.c.department_key == unit_key(department))
        if year is not None:
            query = query.where(forms_t.c.year == year)
        if kind:
            query = query.where(forms_t.c.kind == kind)
        query = query.order_by(forms_t.c.project_key, forms_t.c.year, forms_t.c.recorded_at, forms_t.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return conn.execute(query).all()

    def get(self, form_id: int) -> tuple[Any, dict[str, Any], list[Any]] | None:
        """A stored form: its row, its model and its findings."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(forms_t).where(forms_t.c.id == form_id)).first()
            if row is None:
                return None
            found = conn.execute(sa.select(findings_t).where(findings_t.c.form_id == form_id)
                                 .order_by(findings_t.c.line, findings_t.c.id)).all()
        return row, decode_model(row.model), found

    def runs(self) -> list[Any]:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(runs_t).order_by(runs_t.c.id)).all()

    def forget(self, ids: Iterable[int]) -> int:
        """Remove stored forms and their findings, in one transaction."""
        ids = sorted(set(ids))
        if not ids:
            return 0
        with self._write() as conn:
            conn.execute(findings_t.delete().where(findings_t.c.form_id.in_(ids)))
            return conn.execute(forms_t.delete().where(forms_t.c.id.in_(ids))).rowcount

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: _count(conn, t) for t in (runs_t, forms_t, findings_t)}


def _count(conn: Any, table: Any) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _left_out(exclude_run: int | None) -> int:
    """The run whose forms a look-up leaves out; -1, which no run has, for none."""
    return exclude_run if exclude_run is not None else -1


def _candidate(r: Any, blob: bytes | None = None) -> Candidate:
    # its keys from its names as this perflint normalises them (a store written by an older one may keep
    # keys normalised otherwise: they find the rows, the names decide)
    return Candidate(r.kind, r.year, r.project, r.department, r.implementer, r.source_file, r.form_index,
                     r.content_hash, r.id, r.recorded_at, blob=blob)


def _interrupt_behind(exc: BaseException) -> BaseException | None:
    """The interrupt (KeyboardInterrupt, a termination: not an Exception) that ``exc`` was raised in the
    handling of, if any."""
    seen = exc.__context__
    while seen is not None:
        if not isinstance(seen, Exception):
            return seen
        seen = seen.__context__
    return None


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).strip().splitlines()[0]


class StoreSource:
    """The store as a source of candidates for pairing, opened lazily in each worker process. With
    ``index`` it reads the stored forms' keys once (in each process, at its first file) and pairs every
    file against them: a run then pairs against the store as it was when it began, not with forms another
    run stores meanwhile."""

    def __init__(self, url: str, exclude_run: int | None, index: bool = False):
        self.url, self.exclude_run, self.index = url, exclude_run, index
        self._store: Store | None = None
        self._index: CandidateIndex | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"url": self.url, "exclude_run": self.exclude_run, "index": self.index, "_store": None,
                "_index": None}

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.url)
        return self._store

    def lookup(self, forms: list[Form], options: PairingOptions) -> list[Candidate]:
        with self.store.errors("cannot look up earlier forms"):
            if not self.index:
                return self.store.lookup(forms, options, self.exclude_run)
            if self._index is None:
                self._index = CandidateIndex(self.store.candidates(self.exclude_run))
        return [c.fresh() for c in self._index.lookup(forms, options)]

    def load(self, chosen: list[tuple[Candidate, Relation]]) -> None:
        with self.store.errors("cannot read earlier forms"):
            self.store.load(chosen)


__all__ = ["Store", "StoreSource", "database_url", "tables", "HEAD"]


def _pragma(cur: Any, pragma: str, tries: int = 100) -> None:
    """A PRAGMA, retried while another process holds the database: switching a new store to WAL takes its
    lock outside the busy handler, so two runs opening a new store at once may meet there."""
    import sqlite3
    import time
    for attempt in range(tries):
        try:
            cur.execute(f"PRAGMA {pragma}")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05)
