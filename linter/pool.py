"""Worker processes for `--jobs`, and the per-file time limit of a run in one process.

The parent hands items out one by one over a pipe per worker and yields the results in input order. It
waits on every worker's pipe and process sentinel at once, so a worker that dies (killed, out of memory, a
plugin ending its process) or overruns the time limit costs only the item it was on: that item's result is
the caller's report of the fault, the items queued behind it go to the other workers, and a fresh worker
takes its place. Nothing here knows about forms: the caller gives the set-up, the work and the fault report.
"""
from __future__ import annotations

import contextlib
import enum
import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterator, Sequence, TypeVar

from .errors import PerflintError, Text

T = TypeVar("T")
R = TypeVar("R")

DEPTH = 2        # items sent ahead to a worker, so that it never waits for the parent between two
WINDOW = 64      # per worker: how far past the oldest unfinished item results may pile up
PARENT_POLL = 0.5


class FaultKind(enum.Enum):
    DIED = "died"              # the worker process ended while on the item
    TIMED_OUT = "timed-out"    # the item took longer than the time limit
    FAILED = "failed"          # the work raised, or its result could not be sent back


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    detail: Text    # "killed by signal SIGKILL", "exit code 3", "60 s", "TypeError: …" (as it is)


class PoolError(PerflintError):
    """Not one worker process could be started."""


class TimeLimitExceeded(BaseException):
    """An item overran the time limit in this process (a BaseException: no ``except Exception`` of a
    rule swallows it)."""


def cpu_count() -> int:
    """CPUs this process may run on (its affinity mask, which containers narrow), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block once it has run ``seconds``. Python code is interrupted
    between two bytecodes; only in the main thread of a POSIX process, else the block runs unlimited."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded()
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def exit_description(exitcode: int | None) -> Text:
    if exitcode is not None and exitcode < 0:
        try:
            return Text("input.fault.signal", {"signal": signal.Signals(-exitcode).name})
        except ValueError:
            return Text("input.fault.signal", {"signal": -exitcode})
    return Text("input.fault.exit-code", {"code": exitcode})


def duration(value: float) -> Text:
    return Text("input.fault.seconds", {"seconds": f"{value:g}"})


@dataclass
class _Worker:
    process: Any
    conn: Any
    tasks: deque[int] = field(default_factory=deque)   # indices sent, oldest first: tasks[0] is the one it is on
    since: float = 0.0                                  # when tasks[0] began, as far as the parent can tell


class WorkerPool(Generic[T, R]):
    """At most ``size`` worker processes, each running ``work(setup(*setup_args), item)`` per item."""

    def __init__(self, size: int, setup: Callable[..., Any], setup_args: tuple, work: Callable[[Any, T], R],
                 time_limit: float | None = None):
        import multiprocessing as mp
        self._ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        self.size = max(1, size)
        self._init = (setup, setup_args, work)
        self.time_limit = time_limit
        self._workers: list[_Worker] = []
        self._items: Sequence[T] = ()
        self._todo: deque[int] = deque()
        self._on_fault: Callable[[T, Fault], R] | None = None

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        self.close(graceful=exc_type is None)

    def map(self, items: Sequence[T], on_fault: Callable[[T, Fault], R]) -> Iterator[R]:
        """Results in the order of ``items``; an item lost to a fault gives ``on_fault(item, fault)``."""
        self._items, self._on_fault = items, on_fault
        self._todo = deque(range(len(items)))
        done: dict[int, R] = {}
        next_out = 0
        while next_out < len(items):
            if next_out in done:
                yield done.pop(next_out)
                next_out += 1
                continue
            self._hand_out(next_out + WINDOW * self.size)
            done.update(self._collect())

    def close(self, graceful: bool = True) -> None:
        """Stop every worker: idle ones are asked to leave, busy ones (or all, when not graceful) killed."""
        workers, self._workers = self._workers, []
        for w in workers:
            if graceful and not w.tasks:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
            else:
                w.process.kill()
        deadline = time.monotonic() + (5.0 if graceful else 1.0)
        for w in workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()

    # --- the parent's side ----------------------------------------------------------------------------

    def _hand_out(self, limit: int) -> None:
        while self._todo and self._todo[0] < limit:
            worker = self._free_worker()
            if worker is None:
                return
            index = self._todo.popleft()
            if not worker.tasks:
                worker.since = time.monotonic()
            worker.tasks.append(index)
            try:
                worker.conn.send((index, self._items[index]))
            except OSError:  # it died meanwhile: the item stays to do, the death is seen by _collect
                worker.tasks.pop()
                self._todo.appendleft(index)
                return

    def _free_worker(self) -> _Worker | None:
        """The least busy worker with room; a new one while fewer than ``size`` run and none is idle."""
        best = min(self._workers, key=lambda w: len(w.tasks), default=None)
        if (best is None or best.tasks) and len(self._workers) < self.size:
            try:
                return self._start()
            except OSError as exc:  # no more processes allowed: go on with those there are
                if not self._workers:
                    raise PoolError(f"cannot start a worker process: {exc.strerror or exc}") from None
                self.size = len(self._workers)
        return best if best is not None and len(best.tasks) < DEPTH else None

    def _start(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe()
        process = self._ctx.Process(target=_serve, args=(child_end, *self._init), daemon=True)
        with _sigint_held():  # the worker inherits the blocked signal and ignores it before it could arrive
            process.start()
            worker = _Worker(process, parent_end)
            self._workers.append(worker)
        child_end.close()
        return worker

    def _collect(self) -> list[tuple[int, R]]:
        """Wait for results, deaths or the next deadline; what they give, by index."""
        from multiprocessing.connection import wait
        busy = [w for w in self._workers if w.tasks]
        if not busy:
            raise RuntimeError("worker pool: items left but none handed out")
        timeout = None
        if self.time_limit:
            timeout = max(0.0, min(w.since for w in busy) + self.time_limit - time.monotonic())
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in self._workers], timeout))
        out: list[tuple[int, R]] = []
        for w in list(self._workers):
            if w.conn in ready or w.process.sentinel in ready:
                alive = self._receive(w, out)
                if not alive or w.process.sentinel in ready:
                    out.extend(self._lose(w, FaultKind.DIED))
        if self.time_limit:
            now = time.monotonic()
            for w in [w for w in self._workers if w.tasks and now - w.since >= self.time_limit]:
                out.extend(self._lose(w, FaultKind.TIMED_OUT))
        return out

    def _receive(self, w: _Worker, out: list[tuple[int, R]]) -> bool:
        """Read every result the worker has sent; False once its pipe is closed (it has ended)."""
        try:
            while w.conn.poll():
                index, ok, payload = w.conn.recv()
                w.tasks.popleft()
                w.since = time.monotonic()
                if not ok:
                    payload = self._fault(index, Fault(FaultKind.FAILED, Text(payload)))
                out.append((index, payload))
        except (EOFError, OSError):
            return False
        return True

    def _lose(self, w: _Worker, kind: FaultKind) -> list[tuple[int, R]]:
        """Drop a dead or overrunning worker: its current item gets the fault, the ones behind it go back."""
        self._workers.remove(w)
        if kind is FaultKind.TIMED_OUT:
            w.process.kill()
        w.process.join(1.0)
        if w.process.is_alive():  # its pipe closed, yet it lingers
            w.process.kill()
            w.process.join()
        w.conn.close()
        if not w.tasks:
            return []
        detail = duration(self.time_limit) if kind is FaultKind.TIMED_OUT else exit_description(w.process.exitcode)
        current, *queued = w.tasks
        self._todo = deque(sorted([*queued, *self._todo]))
        return [(current, self._fault(current, Fault(kind, detail)))]

    def _fault(self, index: int, fault: Fault) -> R:
        assert self._on_fault is not None
        return self._on_fault(self._items[index], fault)


# --- the worker's side ------------------------------------------------------------------------------------

def _serve(conn: Any, setup: Callable[..., Any], setup_args: tuple, work: Callable[[Any, Any], Any]) -> None:
    """A worker: items in, results out, until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.dup2(2, 1)  # whatever the work prints, even to file descriptor 1, goes to stderr, never into a report
    _leave_with_parent()
    try:
        state = setup(*setup_args)
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            index, item = message
            try:
                reply = (index, True, work(state, item))
            except Exception as exc:
                reply = (index, False, f"{type(exc).__name__}: {exc}")
            try:
                conn.send(reply)
            except (EOFError, OSError):
                return
            except Exception as exc:  # a result that cannot be pickled
                conn.send((index, False, f"its result could not be passed back ({type(exc).__name__}: {exc})"))
    except Exception as exc:  # the set-up failed: say so in one line, the parent sees the death
        os.write(2, f"perflint: worker process failed: {type(exc).__name__}: {exc}\n".encode("utf-8", "replace"))
        os._exit(70)


def _leave_with_parent() -> None:
    """End this worker when its parent is gone (killed outright), even while the work is stuck."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)
    threading.Thread(target=watch, name="perflint-parent-watch", daemon=True).start()


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back while a worker process starts: it inherits the blocked signal and ignores it from
    its first line on; the parent gets a Ctrl-C pressed meanwhile as soon as the worker is on the books."""
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
