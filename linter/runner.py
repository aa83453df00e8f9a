"""Runs perflint over files: reads and lints them (in parallel when it pays), in order."""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

from .config import Config
# finding the files is discovery's; kept importable from here for the code that still does
from .discovery import Discovery, Target, discover  # noqa: F401
from .engine import FileReport, Linter

# below this many files a worker pool costs more than it saves
POOL_THRESHOLD = 4


# --- workers -----------------------------------------------------------------------------------------
_WORKER: Linter | None = None


def _init_worker(cfg: Config, keep_forms: bool) -> None:
    global _WORKER
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _WORKER = Linter(cfg, keep_forms=keep_forms)


def _lint_one(linter: Linter, target: Target, stdin_data: bytes | None = None) -> FileReport:
    from .reader import read_bytes, read_path
    if target.path == "-":
        result = read_bytes(stdin_data or b"", target.display)
    else:
        result = read_path(target.path)
    return linter.lint_result(result)


def _work(target: Target) -> FileReport:
    assert _WORKER is not None
    return _lint_one(_WORKER, target)


def run(targets: list[Target], cfg: Config, jobs: int = 0, keep_forms: bool = False,
        linter: Linter | None = None) -> Iterator[FileReport]:
    """Lint every target; reports come back in the order of ``targets`` whatever ``jobs`` is."""
    linter = linter or Linter(cfg, keep_forms=keep_forms)
    jobs = jobs or cfg.jobs or (os.cpu_count() or 1)
    files = [t for t in targets if t.path != "-"]
    stdin_data = sys.stdin.buffer.read() if any(t.path == "-" for t in targets) else None
    if jobs <= 1 or len(files) < POOL_THRESHOLD:
        for t in targets:
            yield _lint_one(linter, t, stdin_data)
        return
    import multiprocessing as mp
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    chunk = max(1, min(16, len(files) // (jobs * 8) or 1))
    pool = None
    try:
        with _workers_ignore_sigint():  # forked workers inherit it: no window before _init_worker runs
            pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(cfg, keep_forms))
    except BaseException:  # Ctrl-C held back above arrives as the pool stands
        if pool is not None:
            pool.terminate()
        raise
    with pool:
        it = pool.imap(_work, files, chunksize=chunk)
        for t in targets:
            yield _lint_one(linter, t, stdin_data) if t.path == "-" else next(it)


@contextlib.contextmanager
def _workers_ignore_sigint() -> Iterator[None]:
    """Hold Ctrl-C back while worker processes start: they inherit the blocked signal and ignore it from
    _init_worker on; the parent gets a Ctrl-C pressed meanwhile as soon as the pool stands."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if hasattr(signal, "pthread_sigmask"):
        previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)

