"""Runs perflint over paths: finds the files, reads and lints them (in parallel when it pays), in order."""
from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Iterator

from .config import Config
from .engine import FileReport, Linter
from .pool import Fault, FaultKind, TimeLimitExceeded, WorkerPool, cpu_count, time_limit

TEXT_SUFFIXES = (".txt", ".pdf", ".xlsx", ".docx")
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


# --- linting the targets, in this process or in workers -----------------------------------------------

def _lint_one(linter: Linter, target: Target, stdin_data: bytes | None = None) -> FileReport:
    """Read and lint one target; a bug of perflint on this file is a per-file error, not the run's end."""
    from .reader import read_bytes, read_path
    try:
        if target.path == "-":
            result = read_bytes(stdin_data or b"", target.display)
        else:
            result = read_path(target.path)
        return linter.lint_result(result)
    except Exception as exc:
        return fault_report(target, Fault(FaultKind.FAILED, f"{type(exc).__name__}: {exc}"))


def _lint_limited(linter: Linter, target: Target, stdin_data: bytes | None, seconds: float | None) -> FileReport:
    try:
        with time_limit(seconds):
            return _lint_one(linter, target, stdin_data)
    except TimeLimitExceeded:
        return fault_report(target, Fault(FaultKind.TIMED_OUT, f"{seconds:g} s"))


FAULT_MESSAGES = {
    FaultKind.DIED: ("the worker process checking this file died ({detail})",
                     "it may have run out of memory, or a plugin ended its process; the other files were checked"),
    FaultKind.TIMED_OUT: ("checking this file took longer than the per-file time limit of {detail} (file-time-limit)",
                          "split the file, or raise file-time-limit in the configuration"),
    FaultKind.FAILED: ("perflint failed on this file: {detail}",
                       "a bug in perflint, not in the file: please report it with the file"),
}


def fault_report(target: Target, fault: Fault) -> FileReport:
    """The report of a file lost to a fault: no forms, one error saying what happened."""
    message, hint = FAULT_MESSAGES[fault.kind]
    error = {"line": None, "message": message.format(detail=fault.detail), "hint": hint}
    return FileReport(target.display, None, [], [], [error], 0)


def _setup_worker(cfg: Config, keep_forms: bool, history: Any = None) -> Linter:
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
    stdin_data = sys.stdin.buffer.read() if any(t.path == "-" for t in targets) else None
    jobs = jobs_for(jobs, cfg, len(files))
    limit = cfg.file_time_limit
    if jobs <= 1 or len(files) < POOL_THRESHOLD:
        for t in targets:
            yield _lint_limited(linter, t, stdin_data, limit)
        return
    with WorkerPool(jobs, _setup_worker, (cfg, keep_forms, linter.history), _lint_one, limit) as pool:
        reports = pool.map(files, fault_report)
        for t in targets:
            yield _lint_limited(linter, t, stdin_data, limit) if t.path == "-" else next(reports)
