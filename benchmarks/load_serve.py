#!/usr/bin/env python3
"""A bounded load test of `perflint serve` on localhost: concurrent reviewers each upload a batch of forms,
wait for it to be checked and fetch its JSON report, while a probe asks the server for /healthz four times a
second. Every batch's counts must equal `perflint check --format json` on the same files.

    python benchmarks/load_serve.py [--clients 20] [--forms 100] [--max-jobs 2] [--timeout 1200]

Prints the wall time until every batch is done, each batch's time from upload to report (median, 90th
percentile, max), the probe's latency while batches run (median, 99th percentile, max), and the memory of
the server's process tree (the server, the fork server, the job processes and their workers) sampled from
/proc. Uses the project's own corpus generator (benchmarks/make_corpus.py) and httpx; sends nothing
anywhere but 127.0.0.1, makes a bounded number of requests and stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_batches(root: Path, clients: int, forms: int, distinct: int) -> list[tuple[Path, list[Path], dict]]:
    """``distinct`` corpora of ``forms`` forms (clients take them in turn) and their expected summaries."""
    out = []
    for seed in range(distinct):
        folder = root / f"batch{seed}"
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(forms), str(folder), "--seed", str(seed + 1)],
                       check=True, capture_output=True)
        (folder / "manifest.json").unlink(missing_ok=True)
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        run = subprocess.run([sys.executable, "-m", "perflint.cli", "check", "--no-config", "--format", "json", "."],
                             cwd=folder, capture_output=True, text=True)
        out.append((folder, files, json.loads(run.stdout)["summary"]))
    return [out[n % distinct] for n in range(clients)]


def tree_rss(root_pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as f:
                pages = int(f.read().split()[1])
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = pages * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


async def reviewer(client, url: str, files: list[Path], expected: dict, base: Path, deadline: float) -> dict:
    start = time.monotonic()
    page = await client.get(url + "/")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    parts = [("files", (str(p.relative_to(base)), p.read_bytes(), "text/plain")) for p in files]
    response = await client.post(url + "/upload", files=parts, data={"csrf_token": csrf},
                                 headers={"accept": "application/json", "x-csrf-token": csrf})
    if response.status_code != 201:
        return {"ok": False, "why": f"upload {response.status_code}: {response.text[:200]}", "seconds": 0}
    job = url + response.json()["job"]
    while time.monotonic() < deadline:
        status = (await client.get(job + "/status")).json()
        if status["state"] in ("done", "failed"):
            break
        await asyncio.sleep(0.5)
    else:
        return {"ok": False, "why": "timed out", "seconds": time.monotonic() - start}
    if status["state"] != "done":
        return {"ok": False, "why": status.get("error"), "seconds": time.monotonic() - start}
    summary = (await client.get(job + "/download/json")).json()["summary"]
    seconds = time.monotonic() - start
    keys = ("files", "forms", "findings", "by_severity", "by_rule", "file_errors")
    ok = all(summary[k] == expected[k] for k in keys)
    return {"ok": ok, "why": None if ok else f"{summary} != {expected}", "seconds": seconds}


async def probe(url: str, stop: asyncio.Event, latencies: list[float]) -> None:
    import httpx
    async with httpx.AsyncClient(timeout=30) as client:
        while not stop.is_set() and len(latencies) < 20000:
            t = time.monotonic()
            await client.get(url + "/healthz")
            latencies.append(time.monotonic() - t)
            await asyncio.sleep(0.25)


async def memory(pid: int, stop: asyncio.Event, samples: list[tuple[int, int]]) -> None:
    while not stop.is_set():
        samples.append((tree_rss(pid), _own_rss(pid)))
        await asyncio.sleep(0.2)


def _own_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


async def load(url: str, pid: int, batches: list, timeout: float) -> dict:
    import httpx
    stop = asyncio.Event()
    latencies: list[float] = []
    samples: list[tuple[int, int]] = []
    watchers = [asyncio.create_task(probe(url, stop, latencies)), asyncio.create_task(memory(pid, stop, samples))]
    deadline = time.monotonic() + timeout
    start = time.monotonic()
    clients = [httpx.AsyncClient(timeout=httpx.Timeout(120.0)) for _ in batches]
    try:
        results = await asyncio.gather(*(reviewer(c, url, files, expected, folder, deadline)
                                         for c, (folder, files, expected) in zip(clients, batches)))
    finally:
        wall = time.monotonic() - start
        stop.set()
        await asyncio.gather(*watchers)
        for c in clients:
            await c.aclose()
    return {"wall": wall, "results": results, "latencies": latencies, "samples": samples}


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=20, help="reviewers uploading at once (default 20)")
    ap.add_argument("--forms", type=int, default=100, help="forms in each batch (default 100)")
    ap.add_argument("--distinct", type=int, default=5, help="different batches among them (default 5)")
    ap.add_argument("--max-jobs", type=int, default=2, help="the server's --max-jobs (default 2)")
    ap.add_argument("--timeout", type=float, default=1200, help="seconds before the test gives up (default 1200)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="perflint-load-") as tmp:
        root = Path(tmp)
        print(f"making {args.distinct} batches of {args.forms} forms and their expected results …", file=sys.stderr)
        batches = make_batches(root, args.clients, args.forms, args.distinct)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "perflint.cli", "serve", "--no-config", "--port", str(port),
                                   "--max-jobs", str(args.max_jobs)], cwd=root, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_up(url, server)
            idle = tree_rss(server.pid)
            out = asyncio.run(load(url, server.pid, batches, args.timeout))
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    return report(args, out, idle)


def _wait_up(url: str, server: subprocess.Popen) -> None:
    import urllib.request
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server did not start")
        try:
            if urllib.request.urlopen(url + "/healthz", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer within 60 s")


def report(args, out: dict, idle: int) -> int:
    results = out["results"]
    ok = sum(1 for r in results if r["ok"])
    seconds = [r["seconds"] for r in results if r["ok"]]
    lat = [x * 1000 for x in out["latencies"]]
    peak_tree = max((s[0] for s in out["samples"]), default=0)
    peak_server = max((s[1] for s in out["samples"]), default=0)
    mb = 1024 * 1024
    print(f"perflint serve under load: {args.clients} reviewers × {args.forms} forms, --max-jobs {args.max_jobs}, "
          f"{os.cpu_count()} CPUs")
    print(f"  batches right          {ok}/{len(results)}")
    for r in results:
        if not r["ok"]:
            print(f"    failed: {r['why']}")
    print(f"  wall time              {out['wall']:.1f} s ({args.clients * args.forms / out['wall']:.0f} forms/s)")
    if seconds:
        print(f"  upload → report        median {statistics.median(seconds):.1f} s, p90 {quantile(seconds, 0.9):.1f} s, "
              f"max {max(seconds):.1f} s")
    if lat:
        print(f"  /healthz while loaded  median {statistics.median(lat):.1f} ms, p99 {quantile(lat, 0.99):.1f} ms, "
              f"max {max(lat):.1f} ms ({len(lat)} probes)")
    print(f"  memory (RSS)           idle {idle / mb:.0f} MB; peak {peak_tree / mb:.0f} MB for the process tree, "
          f"{peak_server / mb:.0f} MB for the server process")
    return 0 if ok == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
