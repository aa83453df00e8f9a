"""Batches checked off the request: a bounded number at a time, each in a process of its own.

An upload becomes a :class:`Job`; a thread of a small pool (``max_jobs`` of them, so at most that many
batches are checked at once, the rest wait their turn) starts the job's process and follows its messages.
The job process (``jobs.run_job``) checks with perflint's own worker pool, so a file that kills or hangs a
worker costs only that file; a job process that dies or overruns ``job_time_limit`` costs only its batch;
the server process does no checking and stays responsive. Processes come from a fork server (a clean,
single-threaded process started once), never forked from the threaded server itself.

Finished batches keep their reports for ``keep_seconds`` (and the newest ``keep_jobs``), then are deleted;
stopping the server deletes them all.
"""
from __future__ import annotations

import contextlib
import enum
import multiprocessing as mp
import os
import secrets
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config
from .jobs import JobSpec, Outcome, run_job
from .limits import Saved, remove

POLL = 0.5


class State(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    WRITING = "writing"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (State.DONE, State.FAILED)


class QueueFull(Exception):
    """Too many batches waiting: the whole server's, or one reviewer's."""

    def __init__(self, key: str, limit: int):
        super().__init__(key)
        self.key, self.limit = key, limit


@dataclass
class Job:
    id: str
    owner: str
    lang: str
    folder: Path        # the upload, deleted once read
    out: Path           # the reports
    saved: Saved
    created: float = field(default_factory=time.time)
    state: State = State.QUEUED
    done: int = 0
    total: int = 0
    outcome: Outcome | None = None
    error: str | None = None
    finished_at: float | None = None

    def status(self, position: int) -> dict[str, Any]:
        return {"id": self.id, "state": self.state.value, "done": self.done, "total": self.total or len(self.saved.files),
                "position": position, "error": self.error}


@dataclass(frozen=True)
class QueueSettings:
    max_jobs: int = 2               # batches checked at once
    workers: int = 0                # worker processes of each batch (0: CPUs ÷ max_jobs, at least 2)
    max_waiting: int = 100          # batches queued or running, the whole server
    max_waiting_each: int = 10      # … of one reviewer
    job_time_limit: float = 3600.0  # seconds one batch may take
    keep_seconds: float = 3600.0    # how long a finished batch's reports stay
    keep_jobs: int = 500            # at most this many finished batches are kept


def _context() -> Any:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["perflint.serve.jobs"])
        return ctx
    return mp.get_context("spawn")


class JobManager:
    def __init__(self, cfg: Config, history: str | None, settings: QueueSettings | None = None,
                 root: str | None = None):
        self.cfg, self.history = cfg, history
        self.settings = settings or QueueSettings()
        self.root = Path(tempfile.mkdtemp(prefix="perflint-serve-", dir=root))
        os.chmod(self.root, 0o700)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._processes: dict[str, Any] = {}
        self._pool = ThreadPoolExecutor(max_workers=max(1, self.settings.max_jobs), thread_name_prefix="perflint-job")
        self._ctx = _context()
        self._closed = False

    @property
    def workers(self) -> int:
        if self.settings.workers:
            return self.settings.workers
        from ..pool import cpu_count
        return max(2, cpu_count() // max(1, self.settings.max_jobs))

    # --- the server's side -----------------------------------------------------------------------------
    def new_folder(self) -> tuple[str, Path]:
        """A fresh job id and the folder its upload is written to."""
        job_id = secrets.token_urlsafe(18)
        folder = self.root / job_id / "upload"
        folder.mkdir(parents=True, mode=0o700)
        return job_id, folder

    def discard(self, job_id: str) -> None:
        """An upload refused before it became a job."""
        remove(self.root / job_id)

    def submit(self, job_id: str, owner: str, saved: Saved, lang: str) -> Job:
        self.expire()
        s = self.settings
        with self._lock:
            waiting = [j for j in self._jobs.values() if not j.state.finished]
            if len(waiting) >= s.max_waiting:
                raise QueueFull("error.queue-full", s.max_waiting)
            if sum(1 for j in waiting if j.owner == owner) >= s.max_waiting_each:
                raise QueueFull("error.queue-full-each", s.max_waiting_each)
            out = self.root / job_id / "out"
            out.mkdir(mode=0o700)
            job = Job(job_id, owner, lang, self.root / job_id / "upload", out, saved)
            self._jobs[job_id] = job
        spec = JobSpec(str(job.folder), list(saved.files), str(out), self.cfg, lang, self.history, self.workers)
        self._pool.submit(self._follow, job, spec)
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job if it is this reviewer's (another's is as good as unknown)."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and secrets.compare_digest(job.owner, owner) else None

    def mine(self, owner: str) -> list[Job]:
        self.expire()
        with self._lock:
            return sorted((j for j in self._jobs.values() if j.owner == owner), key=lambda j: -j.created)

    def position(self, job: Job) -> int:
        """Batches waiting before this one (0 when it runs or has ended)."""
        if job.state is not State.QUEUED:
            return 0
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.state is State.QUEUED and j.created < job.created)

    def expire(self) -> None:
        """Delete finished batches past their time, and the oldest beyond ``keep_jobs``."""
        now = time.time()
        with self._lock:
            ended = sorted((j for j in self._jobs.values() if j.state.finished), key=lambda j: j.finished_at or 0)
            extra = len(ended) - self.settings.keep_jobs
            gone = [j for n, j in enumerate(ended)
                    if n < extra or now - (j.finished_at or now) > self.settings.keep_seconds]
            for j in gone:
                del self._jobs[j.id]
        for j in gone:
            remove(self.root / j.id)

    def close(self) -> None:
        """Stop every batch and delete every upload and report."""
        self._closed = True
        with self._lock:
            processes = list(self._processes.values())
        for p in processes:
            with contextlib.suppress(Exception):
                p.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        remove(self.root)

    # --- a pool thread's side: one job's process --------------------------------------------------------
    def _follow(self, job: Job, spec: JobSpec) -> None:
        try:
            if self._closed:
                return
            job.state = State.RUNNING
            self._watch(job, spec)
        except Exception as exc:  # noqa: BLE001 - whatever happens to one batch, the server goes on
            job.error = job.error or f"{type(exc).__name__}: {exc}"
        finally:
            if job.state is not State.DONE:
                job.state = State.FAILED
            job.finished_at = time.time()
            remove(job.folder)

    def _watch(self, job: Job, spec: JobSpec) -> None:
        from multiprocessing.connection import wait
        reader, writer = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(target=run_job, args=(spec, writer), name=f"perflint-job-{job.id[:8]}")
        with self._lock:
            self._processes[job.id] = process
        try:
            process.start()
            writer.close()
            deadline = time.monotonic() + self.settings.job_time_limit
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    process.kill()
                    job.error = f"time-limit:{self.settings.job_time_limit:g}"
                    return
                if not wait([reader], min(POLL, left)):
                    continue
                try:
                    kind, payload = reader.recv()
                except (EOFError, OSError):
                    break
                self._message(job, kind, payload)
            process.join(5)
            if job.state is not State.DONE and not job.error:
                job.error = f"died:{process.exitcode}"
        finally:
            reader.close()
            if process.is_alive():
                process.kill()
            process.join(5)
            with self._lock:
                self._processes.pop(job.id, None)

    @staticmethod
    def _message(job: Job, kind: str, payload: Any) -> None:
        if kind == "progress":
            job.done, job.total = payload
        elif kind == "writing":
            job.state = State.WRITING
        elif kind == "done":
            job.outcome = payload
            job.state = State.DONE
        elif kind == "failed":
            job.error = str(payload)
