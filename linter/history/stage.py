"""The history stage of a run: what the engine does across time, and what `perflint check` opens for it.

The engine calls the stage around the rules of each file: ``before`` pairs the forms with their
counterparts (filling ``Form.previous``), ``after`` marks a resubmitted form's findings new or still
open, ``summary`` and ``record`` give the reports and the store what they need. ``HistoryRun`` is the
check's side: it reads the ``--previous`` files, opens the store, and writes each file's record.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from ..config import Config
from ..errors import ConfigError, Text
from ..model import FileResult, Form, PriorFinding, Relation
from . import compare
from .pairing import Candidate, FilePool, Pairer, PairingOptions, Source, content_hash
from .records import form_record


class HistoryStage:
    """Pairing before the rules, resubmission status after them, records for the store."""

    def __init__(self, cfg: Config, pairer: Pairer | None = None, record: bool = False, comparison: bool = True):
        self.cfg = cfg
        self.pairer = pairer
        self.record = record
        # the rows side by side and the indicator pairs (only reports that show them need them)
        self.comparison = comparison
        self._linter: Any = None
        self._hashes: dict[int, str] = {}   # the content hash of each form of the file at hand, by index

    def __getstate__(self) -> dict[str, Any]:  # a worker builds its own linter
        state = dict(self.__dict__)
        state["_linter"] = None
        return state

    def before(self, result: FileResult) -> None:
        self._hashes = {form.index: content_hash(form) for form in result.forms}
        if self.pairer is not None:
            self.pairer.pair_file(result.forms, [self._hashes[form.index] for form in result.forms])

    def after(self, form: Form, findings: list[Any], skip: frozenset[str]) -> None:
        compare.mark_resubmission(form, findings, skip)

    def summary(self, form: Form, findings: list[Any]) -> dict[str, Any] | None:
        """What the reports show of a form's counterparts: None when it has none."""
        if not form.previous:
            return None
        earlier = compare.latest(form, Relation.EARLIER_VERSION)
        resubmission = None
        if earlier is not None:
            resubmission = {"path": earlier.path, "recorded_at": earlier.recorded_at, "stored_id": earlier.stored_id,
                            "counts": compare.resubmission_counts(form, findings),
                            "fixed": [p.to_dict() for p in earlier.fixed]}
        return {"form": form.index, "project": form.project, "kind": form.kind, "year": form.year,
                "counterparts": [cp.to_dict(pairs=self.comparison) for cp in form.previous],
                "comparison": compare.comparison_rows(form) if self.comparison else [],
                "resubmission": resubmission}

    def records(self, result: FileResult, findings: list[Any]) -> list[dict[str, Any]]:
        if not self.record:
            return []
        by_form: dict[int | None, list[Any]] = {}
        for f in findings:
            by_form.setdefault(f.form, []).append(f)
        return [form_record(form, result.path, by_form.get(form.index, ()), self._hashes.get(form.index))
                for form in result.forms]

    def prior_findings(self, form: Form) -> list[PriorFinding]:
        """What today's rules find in an earlier version read from a file (the store keeps its own)."""
        if self._linter is None:
            from ..engine import Linter
            self._linter = Linter(self.cfg)
        result = FileResult(form.path, "utf-8", [form])
        report = self._linter.lint_result(result)
        return [PriorFinding(f.code, f.name, f.severity, f.message, f.line, f.indicator) for f in report.findings]


def read_previous(paths: list[str], cfg: Config) -> list[Candidate]:
    """The forms of the ``--previous`` files and folders as candidates; a path that does not exist is a
    usage error, a file that cannot be read is told on stderr and left out."""
    from ..reader import read_path
    from ..discovery import discover
    found = discover(paths, cfg)
    if found.errors:
        err = found.errors[0].to_dict(cfg.lang)
        raise ConfigError(f"{err['path']}: {err['message']} ({err['hint']})", key="previous")
    out: list[Candidate] = []
    for target in found.targets:
        result = read_path(target.path, lang=cfg.lang)
        for err in result.errors:
            where = f"{target.path}:{err['line']}" if err.get("line") else target.path
            left_out = Text("input.previous-left-out", {"where": where, "message": err["message"]})
            print(f"perflint: {left_out.render(cfg.lang)}", file=sys.stderr)
        for form in result.forms:
            form.path = target.path
            cand = Candidate.of(form, target.path)
            form.source = {}  # the text was needed for the hash only: keep the pool small
            out.append(cand)
    return out


def resolve(cfg: Config, path: str) -> str:
    """A path from the configuration file is relative to its folder; a URL stays as it is."""
    if "://" in path or os.path.isabs(path) or not cfg.source:
        return path
    return os.path.join(os.path.dirname(os.path.abspath(cfg.source)), path)


class HistoryRun:
    """`perflint check` across time: the stage its linters use, the store it writes (one file at a time)."""

    def __init__(self, stage: HistoryStage, store: Any = None, run_id: int | None = None):
        self.stage, self.store, self.run_id = stage, store, run_id
        self.files = 0

    @classmethod
    def open(cls, cfg: Config, previous: list[str] | None, history: str | None, record: bool = True,
             comparison: bool = True, files: int = 1) -> "HistoryRun":
        """``previous`` and ``history`` from the command line (None: the configuration's); ``record`` False
        reads the store without starting a run in it (perflint parse); ``comparison`` False builds no rows
        side by side (the report does not show them); ``files``: how many files the run checks."""
        options = PairingOptions.from_table(cfg.pairing)
        paths = previous if previous else [resolve(cfg, p) for p in cfg.previous]
        sources: list[Source] = []
        stage = HistoryStage(cfg, comparison=comparison)
        if paths:
            sources.append(FilePool(read_previous(paths, cfg), stage.prior_findings))
        store = run_id = None
        url = history if history is not None else (resolve(cfg, cfg.history) if cfg.history else None)
        if url:
            from .store import Store, StoreSource
            if not record and "://" not in url and not os.path.isfile(url):
                raise ConfigError(f"{url}: no store there (perflint check --history {url} FORMS creates it)",
                                  key="history")
            store = Store.open(url)
            if record:
                with store.errors("cannot start a run"):
                    run_id = store.begin_run()
            with store.errors("cannot open the store"):
                index = store.index_pays(files)
            sources.append(StoreSource(store.url, run_id, index))
            stage.record = record
        stage.pairer = Pairer(sources, options) if sources else None
        return cls(stage, store, run_id)

    def record(self, report: Any) -> None:
        """Store one file's forms and findings in one transaction, before the file is reported."""
        if self.store is not None and report.records:
            with self.store.errors(f"cannot record {report.path}"):
                self.store.record(self.run_id, report.records)
        self.files += 1

    def finish(self, forms: int) -> None:
        """The run ended (not interrupted): say so in the store."""
        if self.store is not None:
            with self.store.errors("cannot close the run"):
                self.store.end_run(self.run_id, self.files, forms)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
