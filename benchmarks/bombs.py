#!/usr/bin/env python3
"""Hostile files against perflint's reading limits: the time and peak memory of each.

    python benchmarks/bombs.py [--case SUBSTRING] [--workdir DIR] [--json FILE]

Builds each file of tests/hostile.py (zip bombs as .xlsx / .docx, entity bombs, a PDF page of two million
characters, PDFs of 20,000 pages, a stream inflating to 1 GB, a 200,000-digit number format, ...) in a
temporary folder, then runs ``perflint check FILE --format json`` on it as a subprocess, as a user would,
and prints for each: the file's size, the wall time, the peak resident memory of the perflint process
(ru_maxrss from wait4, taken by a small launcher so the benchmark's own size does not count), the exit code
and the per-file error perflint gave. The goal: every case a per-file error naming its limit, under 10 s
and under 500 MB.

Only the standard library and perflint's own command are used.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile import BOMBS  # noqa: E402

# runs a command and prints its peak RSS (KB on Linux) and exit status, so the launcher's own memory is not
# the benchmark's
_LAUNCHER = """
import os, sys, resource
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write("\\nPEAK %d %d\\n" % (usage.ru_maxrss, os.waitstatus_to_exitcode(status)))
"""


def perflint_command() -> list[str]:
    script = Path(sys.executable).with_name("perflint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "perflint"]


def run_case(path: Path) -> dict:
    command = [sys.executable, "-c", _LAUNCHER, *perflint_command(), "check", "--no-config", "--format", "json",
               str(path)]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - start
    peak_kb, code = (int(x) for x in proc.stderr.rsplit("PEAK", 1)[1].split())
    try:
        errors = [e["message"] for f in json.loads(proc.stdout)["files"] for e in f["errors"]]
    except (ValueError, KeyError):
        errors = [proc.stdout[-200:] or proc.stderr[-200:]]
    return {"size": path.stat().st_size, "seconds": round(wall, 2), "peak_mb": round(peak_kb / 1024, 1),
            "exit": code, "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", default="", help="only the cases whose name contains this")
    parser.add_argument("--workdir", help="build the files here (kept) instead of a temporary folder")
    parser.add_argument("--json", help="write the figures to this file as JSON")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="perflint-bombs-") as tmp:
        folder = Path(args.workdir or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'case':44} {'file':>9} {'time':>7} {'peak':>8}  exit  error")
        for name, (build, expected) in BOMBS.items():
            if args.case not in name:
                continue
            path = build(folder)
            r = run_case(path)
            r["names_its_limit"] = expected is None or any(expected in e for e in r["errors"])
            results[name] = r
            print(f"{name:44} {_size(r['size']):>9} {r['seconds']:6.2f}s {r['peak_mb']:6.1f}MB  {r['exit']:>4}  "
                  f"{(r['errors'] or ['-'])[0][:90]}")
            if not args.workdir:
                path.unlink()
    worst_time = max((r["seconds"] for r in results.values()), default=0)
    worst_mb = max((r["peak_mb"] for r in results.values()), default=0)
    named = sum(r["names_its_limit"] for r in results.values())
    print(f"\nworst time {worst_time:.2f} s (goal < 10 s), worst peak {worst_mb:.0f} MB (goal < 500 MB), "
          f"{named}/{len(results)} as expected (refused naming their limit, or read)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    ok = worst_time < 10 and worst_mb < 500 and named == len(results)
    return 0 if ok else 1


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


if __name__ == "__main__":
    sys.exit(main())
