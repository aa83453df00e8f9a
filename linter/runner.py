"""Runs perflint over paths: finds the files, reads and lints them (in parallel when it pays), in order."""
from __future__ import annotations

import contextlib
import glob
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Iterator

from .config import Config
from .engine import FileReport, Linter
from .sources import SUFFIXES

TEXT_SUFFIXES = SUFFIXES     # every format perflint reads (perflint.sources): none is skipped without a word
# below this many files a worker pool costs more than it saves
POOL_THRESHOLD = 4


@dataclass
class Target:
    """A path to lint, or stdin (``path == '-'``) with the name to report it under."""

    path: str
    display: str


@dataclass
class Discovery:
    targets: list[Target] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def discover(paths: list[str], cfg: Config, stdin_filename: str | None = None) -> Discovery:
    """Expand files, folders (recursing into *.txt) and globs; report paths that don't exist."""
    out = Discovery()
    seen: set[str] = set()

    def add(path: str, explicit: bool) -> None:
        norm = os.path.normpath(path)
        if norm in seen:
            return
        # configured excludes hold even when a tool such as pre-commit passes an excluded file by name
        if cfg.is_excluded(norm):
            return
        seen.add(norm)
        out.targets.append(Target(norm, norm))

    for raw in paths:
        if raw == "-":
            out.targets.append(Target("-", stdin_filename or "<stdin>"))
            continue
        if os.path.isdir(raw):
            for found in _walk(raw, out):
                add(found, False)
        elif os.path.exists(raw) or os.path.islink(raw):
            add(raw, True)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                out.errors.append({"path": raw, "line": None, "message": "glob matched no file",
                                   "hint": "check the pattern or quote it"})
            for m in matches:
                if os.path.isdir(m):
                    for found in _walk(m, out):
                        add(found, False)
                else:
                    add(m, True)
        else:
            out.errors.append({"path": raw, "line": None, "message": "no such file or folder",
                               "hint": "check the path"})
    return out


def _walk(root: str, out: Discovery) -> Iterator[str]:
    """*.txt files under ``root`` in a stable order, following no symlinked folder twice."""
    visited: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=lambda e: out.errors.append(
            {"path": e.filename or root, "line": None, "message": f"cannot list folder: {e.strerror}",
             "hint": "check its permissions"})):
        try:
            st = os.stat(folder)
        except OSError:
            dirs[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited:  # a symlink loop: do not go round again
            dirs[:] = []
            continue
        visited.add(key)
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(TEXT_SUFFIXES) and not name.startswith("~$"):  # ~$: Office lock files
                yield os.path.join(folder, name)


# --- workers -----------------------------------------------------------------------------------------
_WORKER: Linter | None = None


def _init_worker(cfg: Config, keep_forms: bool) -> None:
    global _WORKER
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _WORKER = Linter(cfg, keep_forms=keep_forms)


def _lint_one(linter: Linter, target: Target, stdin_data: bytes | None = None) -> FileReport:
    from .reader import read_bytes, read_path
    from .sources.limits import Limits
    limits = Limits.from_table(linter.cfg.limits)
    if target.path == "-":
        result = read_bytes(stdin_data or b"", target.display)
    else:
        result = read_path(target.path, limits)
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
    stdin_data = _read_stdin(cfg) if any(t.path == "-" for t in targets) else None
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


def _read_stdin(cfg: Config) -> bytes:
    """Stdin, at most one byte over the file limit: enough to refuse it as too large."""
    from .sources.files import read_stream
    from .sources.limits import Limits
    return read_stream(sys.stdin.buffer, Limits.from_table(cfg.limits).bytes("file_mb"))


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

