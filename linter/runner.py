"""Runs perflint over files: reads and lints them (in parallel when it pays), in order."""
from __future__ import annotations

import functools
import gc
import sys
from typing import Any, Iterator

from .config import Config
from .discovery import Target
from .engine import FileReport, Linter
from .errors import FileError, Text
from .pool import Fault, FaultKind, TimeLimitExceeded, WorkerPool, cpu_count, duration, time_limit

# below this many files a worker pool costs more than it saves
POOL_THRESHOLD = 4
# young objects collected after this many allocations (with CPython's default, 700, a run of many forms spends
# 4–8 % of its time collecting: a file's cells, tokens and model are many small objects that live as long as it)
GC_THRESHOLD = (50_000, 20, 20)


def batch_gc() -> None:
    """Collect garbage as a batch run should (the command line and its workers; a library's host keeps
    its own settings)."""
    gc.set_threshold(*GC_THRESHOLD)


# --- linting the targets, in this process or in workers -----------------------------------------------

def _lint_one(linter: Linter, target: Target, stdin_data: bytes | None = None) -> FileReport:
    """Read and lint one target; a bug of perflint on this file is a per-file error, not the run's end."""
    from .reader import read_bytes, read_path
    from .sources.limits import Limits
    lang = linter.cfg.lang
    try:
        if target.path == "-":
            result = read_bytes(stdin_data or b"", target.display, lang)
        else:
            result = read_path(target.path, Limits.from_table(linter.cfg.limits), lang)
        return linter.lint_result(result)
    except Exception as exc:
        return fault_report(target, Fault(FaultKind.FAILED, Text(f"{type(exc).__name__}: {exc}")), lang)


def _lint_limited(linter: Linter, target: Target, stdin_data: bytes | None, seconds: float | None) -> FileReport:
    try:
        with time_limit(seconds):
            return _lint_one(linter, target, stdin_data)
    except TimeLimitExceeded:
        return fault_report(target, Fault(FaultKind.TIMED_OUT, duration(seconds or 0)), linter.cfg.lang)


# what each fault is called in the catalogues (the message, and its hint as <key>.hint)
FAULT_KEYS = {FaultKind.DIED: "input.worker-died", FaultKind.TIMED_OUT: "input.timed-out",
              FaultKind.FAILED: "input.perflint-failed"}


def fault_report(target: Target, fault: Fault, lang: str = "zh") -> FileReport:
    """The report of a file lost to a fault: no forms, one error saying what happened, in ``lang``."""
    error = FileError.keyed(FAULT_KEYS[fault.kind], detail=fault.detail).to_dict(lang)
    return FileReport(target.display, None, [], [], [error], 0)


def _setup_worker(cfg: Config, keep_forms: bool, history: Any = None) -> Linter:
    batch_gc()   # a spawned worker starts with the defaults
    return Linter(cfg, keep_forms=keep_forms, history=history)


def jobs_for(requested: int, cfg: Config, files: int) -> int:
    """Worker processes for a run: as asked (or one per CPU), never more than the CPUs nor the files."""
    return max(1, min(requested or cfg.jobs or cpu_count(), cpu_count(), files))


def run(targets: list[Target], cfg: Config, jobs: int = 0, keep_forms: bool = False,
        linter: Linter | None = None) -> Iterator[FileReport]:
    """Lint every target; reports come back in the order of ``targets`` whatever ``jobs`` is.

    A file that kills or hangs its worker, or overruns ``cfg.file_time_limit``, gets a per-file error;
    the other files are checked. Close the iterator when stopping early: that stops the workers."""
    linter = linter or Linter(cfg, keep_forms=keep_forms)
    files = [t for t in targets if t.path != "-"]
    stdin_data = _read_stdin(cfg) if any(t.path == "-" for t in targets) else None
    jobs = jobs_for(jobs, cfg, len(files))
    limit = cfg.file_time_limit
    if jobs <= 1 or len(files) < POOL_THRESHOLD:
        for t in targets:
            yield _lint_limited(linter, t, stdin_data, limit)
        return
    with WorkerPool(jobs, _setup_worker, (cfg, keep_forms, linter.history), _lint_one, limit) as pool:
        reports = pool.map(files, functools.partial(fault_report, lang=cfg.lang))
        for t in targets:
            yield _lint_limited(linter, t, stdin_data, limit) if t.path == "-" else next(reports)


def _read_stdin(cfg: Config) -> bytes:
    """Stdin, at most one byte over the file limit: enough to refuse it as too large."""
    from .sources.files import read_stream
    from .sources.limits import Limits
    return read_stream(sys.stdin.buffer, Limits.from_table(cfg.limits).bytes("file_mb"))
