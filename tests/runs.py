"""Helpers for the tests that run perflint as a process: a folder of many forms, and Ctrl-C sent to a run."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

SEEDS = sorted((Path(__file__).resolve().parent / "fixtures" / "seeds").glob("*.txt"))


def seed_copies(folder: Path, count: int, stem: str) -> Path:
    """``folder`` with ``count`` copies of the seed forms in turn (``stem000.txt`` …): a batch that takes a
    while to check."""
    for n in range(count):
        shutil.copyfile(SEEDS[n % len(SEEDS)], folder / f"{stem}{n:03d}.txt")
    return folder


def interrupt(proc: subprocess.Popen, whole_group: bool) -> str:
    """Ctrl-C for a run under way — to its whole process group, as a terminal sends it, or to perflint
    alone — and its standard error; the run must end within 10 s."""
    if whole_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    start = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - start < 10
    return err.decode("utf-8", "replace") if isinstance(err, bytes) else (err or "")
