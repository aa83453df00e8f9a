#!/usr/bin/env python3
"""Benchmark perflint: throughput, scaling in time and memory, start-up, each against a floor.

    python benchmarks/run.py [--repeats 5] [--large-repeats 3] [--forms 1000,10000] [--json FILE]

Generates two corpora with benchmarks/make_corpus.py (seed 0) in a temporary folder, then runs the
installed ``perflint`` (the console script next to this Python, else ``python -m perflint``) as a
subprocess, as a user would, writing the default text report to a file. Every figure is the median of
several runs; the configurations are run round-robin, so that a slow spell of a shared machine spreads
over all of them instead of spoiling one.

Measured:
  throughput   forms per second of ``perflint check`` on the large corpus with ``--jobs 1`` and with the
               default (one worker per CPU), wall clock and CPU time (user+sys of the whole process tree)
  floor        a Python process that only reads, decodes and splits the same files into lines; the ratio
               check / floor says how much perflint costs over touching the bytes at all
  scaling      time and peak memory at both corpus sizes; time should grow linearly (per-form time
               ratio ≈ 1), memory should stay flat (the run streams: peak at 10× the forms ≤ 1.5×)
  start-up     ``perflint check`` on a one-form file against ``python -c "import click, lark"``
  identical    the report with ``--jobs 1`` and with the default are byte-identical
  report scale the JSON, xlsx and HTML reports of both corpora: size, ``check --format F -o FILE`` (wall,
               peak RSS), the reporter alone (write time), and headless Chromium opening the HTML page
               (until its first forms are built, from the page's own clock; and the whole browser process)

Peak memory: ``peak RSS`` is the largest resident set of any single process of the run (ru_maxrss from
wait4, taken by a small launcher process so that the benchmark's own size does not leak into it; about
10 MB is the launcher's floor); ``tree RSS`` is the largest sum over the perflint process and its workers,
sampled from /proc every 10 ms (Linux only; pages shared between forked workers are counted in each).

Only the standard library is used.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import last_year, make_corpus  # noqa: E402

FLOOR_SCRIPT = r"""
import os, sys, codecs
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if not name.endswith(".txt"):
            continue
        data = open(os.path.join(folder, name), "rb").read()
        if data.startswith(codecs.BOM_UTF8):
            text = data[3:].decode("utf-8")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("gb18030")
        n += len(text.splitlines())
print(n)
"""
IMPORT_FLOOR = "import click, lark"


def perflint_command() -> list[str]:
    script = Path(sys.executable).parent / "perflint"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "perflint"]   # sys.executable is absolute


# --- one measured run -----------------------------------------------------------------------------

@dataclass
class Sample:
    wall: float
    cpu: float           # user + sys of the process and every child it waited for
    peak_rss: int        # bytes, largest single process (wait4)
    tree_rss: int        # bytes, largest sampled sum over the process tree (0 when /proc is missing)
    returncode: int


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except (OSError, ValueError):
        pass
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _tree_rss(root: int) -> int:
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss(pid)
        todo.extend(_children(pid))
    return total


# Bytecode caches as a user has them after pip install: some environments set PYTHONDONTWRITEBYTECODE,
# which makes every run compile every module from source. main() points this at a folder of its own.
ENV = dict(os.environ)

# Each measured command runs under this small launcher. On Linux a process's peak RSS (ru_maxrss) survives
# exec, so a command spawned straight from this benchmark, which holds a corpus manifest, would inherit
# the benchmark's size as its peak; the launcher is a fresh, small interpreter (about 10 MB, the floor of
# the peak RSS figures) that spawns the command, reaps it and reports its wall time and rusage.
LAUNCHER = r"""
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as fh:
    json.dump([wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)], fh)
"""


def measure(cmd: list[str], cwd: str | None = None, sample_tree: bool = True) -> Sample:
    """Run ``cmd`` (its first item an absolute path) once; stdout is discarded, stderr kept for errors."""
    peak = [0]
    done = threading.Event()
    fd, result_file = tempfile.mkstemp(prefix="perflint-bench-", suffix=".json")
    os.close(fd)
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, result_file, *cmd], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=ENV)

    def sampler() -> None:
        # the tree below the launcher: perflint and its workers
        while not done.wait(0.01):
            peak[0] = max(peak[0], sum(_tree_rss(child) for child in _children(proc.pid)))

    thread = None
    if sample_tree and os.path.isdir("/proc"):
        thread = threading.Thread(target=sampler, daemon=True)
        thread.start()
    # stderr is small (a line or two); read it before reaping so the child never blocks on a full pipe
    err = proc.stderr.read() if proc.stderr else b""
    proc.wait()
    done.set()
    if thread:
        thread.join()
    try:
        with open(result_file) as fh:
            wall, cpu, maxrss, code = json.load(fh)
    except (OSError, ValueError):
        raise SystemExit(f"benchmark launcher failed ({proc.returncode}): {' '.join(cmd)}\n"
                         f"{err.decode('utf-8', 'replace')[-2000:]}") from None
    finally:
        os.unlink(result_file)
    if code not in (0, 1):
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(cmd)}\n"
                         f"{err.decode('utf-8', 'replace')[-2000:]}")
    return Sample(wall, cpu, maxrss, peak[0], code)


@dataclass
class Series:
    name: str
    cmd: list[str]
    repeats: int
    samples: list[Sample] = field(default_factory=list)

    def med(self, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)

    def lo(self, attr: str) -> float:
        return min(getattr(s, attr) for s in self.samples)

    def hi(self, attr: str) -> float:
        return max(getattr(s, attr) for s in self.samples)


def run_round_robin(series: list[Series], progress: bool) -> None:
    rounds = max(s.repeats for s in series)
    for r in range(rounds):
        for s in series:
            if r < s.repeats:
                s.samples.append(measure(s.cmd))
                if progress:
                    last = s.samples[-1]
                    print(f"  [{r + 1}/{s.repeats}] {s.name}: {last.wall:.2f} s wall, {last.cpu:.2f} s cpu, "
                          f"{last.peak_rss / 2**20:.0f} MB", file=sys.stderr, flush=True)


# --- the machine -------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    version = subprocess.run(perflint_command() + ["--version"], capture_output=True, text=True,
                             env=ENV).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": usable, "python": platform.python_version(),
            "platform": platform.platform(), "perflint": version,
            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}


def source_fingerprint() -> str:
    """A hash of perflint's installed sources: a change during the run would mix versions in the figures."""
    import hashlib
    import importlib.util
    h = hashlib.sha256()
    for name in ("perflint", "perflint.rules", "perflint.grammar", "perflint.data"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for path in sorted(Path(folder).glob("*")):
                if path.suffix in (".py", ".json", ".lark"):
                    h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:12]


def corpus_stats(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.iterdir() if p.suffix == ".txt"]
    return len(files), sum(p.stat().st_size for p in files)


# --- main ---------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark perflint (see the module docstring).")
    ap.add_argument("--repeats", type=int, default=5, help="runs per measurement (default 5)")
    ap.add_argument("--large-repeats", type=int, default=3,
                    help="runs per measurement on the large corpus (default 3, to keep a full run near 10 min)")
    ap.add_argument("--forms", default="1000,10000", help="small,large corpus sizes (default 1000,10000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--jobs", type=int, default=0, help="the 'default' jobs run uses this many workers "
                    "(default 0: perflint's own default, one per CPU)")
    ap.add_argument("--workdir", type=Path, help="keep corpora and reports here instead of a temporary folder")
    ap.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="leave PYTHONDONTWRITEBYTECODE as it is (by default the runs use a bytecode cache in the "
                    "work folder, as an installed package has one)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    ap.add_argument("--history", action="store_true",
                    help="run the store benchmark instead (check with and without --history, lookups in a large "
                    "store; see history_benchmark)")
    ap.add_argument("--reports-only", action="store_true", help="only the report-scale section")
    ap.add_argument("--no-reports", action="store_true", help="leave out the report-scale section")
    args = ap.parse_args(argv)
    if args.history:
        return history_benchmark(args)
    small_n, large_n = (int(x) for x in args.forms.split(","))
    progress = not args.quiet

    tmp = None
    if args.workdir:
        work = args.workdir
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="perflint-bench-")
        work = Path(tmp)
    try:
        t0 = time.perf_counter()
        fingerprint = source_fingerprint()
        load_before = tuple(round(x, 2) for x in os.getloadavg()) if hasattr(os, "getloadavg") else None
        if not args.no_bytecode_cache:
            ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        small, large, one = work / f"corpus_{small_n}", work / f"corpus_{large_n}", work / "corpus_1"
        for n, folder in ((small_n, small), (large_n, large), (1, one)):
            if not (folder / "manifest.json").exists():
                if progress:
                    print(f"writing {n} forms to {folder}", file=sys.stderr, flush=True)
                make_corpus(n, folder, args.seed)
        one_file = str(sorted(one.glob("*.txt"))[0])
        out = work / "reports"
        out.mkdir(exist_ok=True)
        pl = perflint_command()
        default_jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        label_default = f"--jobs {args.jobs}" if args.jobs else f"--jobs default ({os.cpu_count()})"

        def check(folder: Path, jobs: list[str], report: str) -> list[str]:
            return pl + ["check", str(folder), *jobs, "--no-config", "-o", str(out / report)]

        R, L = args.repeats, args.large_repeats
        if args.reports_only:
            print(render_report_scale(report_scale({small_n: small, large_n: large}, work, pl, R, progress),
                                      [small_n, large_n]))
            return 0
        s = {
            "floor_large": Series("read-and-split floor (large)", [sys.executable, "-c", FLOOR_SCRIPT, str(large)], R),
            "large_j1": Series(f"check {large_n} --jobs 1", check(large, ["--jobs", "1"], "large_j1.txt"), L),
            "large_jd": Series(f"check {large_n} {label_default}", check(large, default_jobs, "large_jd.txt"), L),
            "small_j1": Series(f"check {small_n} --jobs 1", check(small, ["--jobs", "1"], "small_j1.txt"), R),
            "small_jd": Series(f"check {small_n} {label_default}", check(small, default_jobs, "small_jd.txt"), R),
            "start": Series("check one small file", check(Path(one_file), ["--jobs", "1"], "one.txt"), R),
            "import": Series('python -c "import click, lark"', [sys.executable, "-c", IMPORT_FLOOR], R),
        }
        # warm the file cache and lark's grammar cache so that no configuration pays for them alone
        measure(check(Path(one_file), ["--jobs", "1"], "warm.txt"))
        measure([sys.executable, "-c", FLOOR_SCRIPT, str(large)])
        # cheap measurements first, then the large corpus
        run_round_robin([s["import"], s["start"], s["floor_large"], s["small_j1"], s["small_jd"]], progress)
        run_round_robin([s["large_j1"], s["large_jd"]], progress)
        identical = ((out / "large_j1.txt").read_bytes() == (out / "large_jd.txt").read_bytes()
                     and (out / "small_j1.txt").read_bytes() == (out / "small_jd.txt").read_bytes())
        elapsed = time.perf_counter() - t0
        results = summarise(s, small_n, large_n, identical)
        info = machine()
        info["corpus"] = {"seed": args.seed, "small": dict(zip(("files", "bytes"), corpus_stats(small))),
                          "large": dict(zip(("files", "bytes"), corpus_stats(large)))}
        info["repeats"] = {"default": R, "large": L}
        info["elapsed_s"] = round(elapsed, 1)
        info["load_before"] = load_before
        info["source"] = fingerprint if source_fingerprint() == fingerprint else None
        print(render(results, info, small_n, large_n))
        if not args.no_reports:
            results["report_scale"] = report_scale({small_n: small, large_n: large}, work, pl, L, progress)
            print("\n" + render_report_scale(results["report_scale"], [small_n, large_n]))
        if args.json:
            args.json.write_text(json.dumps({"machine": info, "results": results,
                                             "series": {k: [vars(x) for x in v.samples] for k, v in s.items()}},
                                            indent=2, ensure_ascii=False), encoding="utf-8")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def summarise(s: dict[str, Series], small_n: int, large_n: int, identical: bool) -> dict:
    r: dict = {}
    for k, v in s.items():
        r[k] = {"wall": v.med("wall"), "wall_min": v.lo("wall"), "wall_max": v.hi("wall"), "cpu": v.med("cpu"),
                "peak_rss": v.med("peak_rss"), "tree_rss": v.med("tree_rss"), "n": len(v.samples)}
    start = r["start"]["wall"]
    r["derived"] = {
        "fps_j1": large_n / r["large_j1"]["wall"],
        "fps_jd": large_n / r["large_jd"]["wall"],
        "fps_cpu_j1": large_n / r["large_j1"]["cpu"],
        "speedup_jd": r["large_j1"]["wall"] / r["large_jd"]["wall"],
        # a shared machine lends its second core only some of the time: the best pair of runs shows what
        # the pool does with free cores, the CPU ratio what the pool itself costs
        "speedup_best": r["large_j1"]["wall_min"] / r["large_jd"]["wall_min"],
        "pool_cpu_ratio": r["large_jd"]["cpu"] / r["large_j1"]["cpu"],
        "floor_ratio_j1": r["large_j1"]["wall"] / r["floor_large"]["wall"],
        "floor_ratio_jd": r["large_jd"]["wall"] / r["floor_large"]["wall"],
        "time_ratio_j1": r["large_j1"]["wall"] / r["small_j1"]["wall"],
        # per-form time at each size, start-up taken off: 1.0 is perfectly linear
        "per_form_ratio_j1": ((r["large_j1"]["wall"] - start) / large_n) / ((r["small_j1"]["wall"] - start) / small_n),
        "per_form_cpu_ratio_j1": ((r["large_j1"]["cpu"] - r["start"]["cpu"]) / large_n)
        / ((r["small_j1"]["cpu"] - r["start"]["cpu"]) / small_n),
        "rss_ratio_j1": r["large_j1"]["peak_rss"] / r["small_j1"]["peak_rss"],
        "rss_ratio_jd": r["large_jd"]["peak_rss"] / r["small_jd"]["peak_rss"],
        "tree_rss_ratio_jd": (r["large_jd"]["tree_rss"] / r["small_jd"]["tree_rss"]) if r["small_jd"]["tree_rss"] else None,
        "startup_ratio": start / r["import"]["wall"],
        "identical": identical,
    }
    return r


def render(r: dict, info: dict, small_n: int, large_n: int) -> str:
    d = r["derived"]
    mb = 2 ** 20

    def row(name: str, value: str, goal: str = "", met: bool | None = None) -> str:
        mark = "" if met is None else ("yes" if met else "NO")
        return f"| {name} | {value} | {goal} | {mark} |"

    def t(k: str) -> str:
        x = r[k]
        return f"{x['wall']:.2f} s ({x['wall_min']:.2f}–{x['wall_max']:.2f}), cpu {x['cpu']:.2f} s"

    c = info["corpus"]
    lines = [
        f"perflint benchmark — {info['perflint']} (sources {info.get('source') or 'changed during the run'}); "
        f"{info['cpu']}, {info['cores']} cores "
        f"({info['usable_cores']} usable), Python {info['python']}",
        f"corpus seed {c['seed']}: {small_n:,} forms in {c['small']['files']} files ({c['small']['bytes'] / mb:.1f} MB), "
        f"{large_n:,} forms in {c['large']['files']} files ({c['large']['bytes'] / mb:.1f} MB); "
        f"medians of {info['repeats']['default']} runs ({info['repeats']['large']} on the large corpus); "
        f"load average {info['load_before']} before, {tuple(round(x, 2) for x in info['load_average'] or ())} after; "
        f"whole benchmark {info['elapsed_s']:.0f} s",
        "",
        "| measure | result | goal | met |",
        "|---|---|---|---|",
        row(f"check {large_n:,} forms --jobs 1", f"{t('large_j1')}; **{d['fps_j1']:,.0f} forms/s** "
            f"({d['fps_cpu_j1']:,.0f} per CPU-second)", "≥ 1,000 forms/s", d["fps_j1"] >= 1000),
        row(f"check {large_n:,} forms, default jobs", f"{t('large_jd')}; **{d['fps_jd']:,.0f} forms/s**, "
            f"speed-up {d['speedup_jd']:.2f}× over --jobs 1 (best runs {d['speedup_best']:.2f}×); "
            f"the pool costs {100 * (d['pool_cpu_ratio'] - 1):+.0f}% CPU",
            f"close to {info['usable_cores']}× with {info['usable_cores']} free CPUs",
            d["speedup_best"] >= 0.8 * info["usable_cores"]),
        row("read-and-split floor (same files)", t("floor_large")),
        row("check / floor", f"{d['floor_ratio_jd']:.1f}× (default jobs), {d['floor_ratio_j1']:.1f}× (--jobs 1)",
            "≤ 20×", d["floor_ratio_jd"] <= 20),
        row(f"check {small_n:,} forms --jobs 1", t("small_j1")),
        row(f"check {small_n:,} forms, default jobs", t("small_jd")),
        row(f"time {large_n:,} / {small_n:,} forms (--jobs 1)",
            f"{d['time_ratio_j1']:.2f}× for {large_n // small_n}× the forms; per-form time ratio "
            f"{d['per_form_ratio_j1']:.2f} (wall), {d['per_form_cpu_ratio_j1']:.2f} (cpu)",
            "linear or better (per-form ratio ≤ 1.25)", d["per_form_cpu_ratio_j1"] <= 1.25),
        row(f"peak RSS {small_n:,} → {large_n:,} forms (--jobs 1)",
            f"{r['small_j1']['peak_rss'] / mb:.0f} MB → {r['large_j1']['peak_rss'] / mb:.0f} MB "
            f"(**{d['rss_ratio_j1']:.2f}×**)", "≤ 1.5×", d["rss_ratio_j1"] <= 1.5),
        row(f"peak RSS {small_n:,} → {large_n:,} forms (default jobs, largest process)",
            f"{r['small_jd']['peak_rss'] / mb:.0f} MB → {r['large_jd']['peak_rss'] / mb:.0f} MB "
            f"(**{d['rss_ratio_jd']:.2f}×**)", "≤ 1.5×", d["rss_ratio_jd"] <= 1.5),
    ]
    if d["tree_rss_ratio_jd"] is not None:
        lines.append(row(f"tree RSS {small_n:,} → {large_n:,} forms (default jobs, sum over workers)",
                         f"{r['small_jd']['tree_rss'] / mb:.0f} MB → {r['large_jd']['tree_rss'] / mb:.0f} MB "
                         f"({d['tree_rss_ratio_jd']:.2f}×)", "≤ 1.5×", d["tree_rss_ratio_jd"] <= 1.5))
    lines += [
        row("start-up: check one one-form file", t("start")),
        row('floor: python -c "import click, lark"', t("import")),
        row("start-up / import floor", f"**{d['startup_ratio']:.2f}×**", "≤ 2×", d["startup_ratio"] <= 2),
        row("report identical for --jobs 1 and default", "yes" if d["identical"] else "NO", "identical",
            d["identical"]),
    ]
    if info.get("source") is None:
        lines.append("\nWARNING: perflint's source changed during the benchmark: the figures (and the identical-report "
                     "check) mix two versions; run it again.")
    return "\n".join(lines)


# --- across time: what the store costs ----------------------------------------------------------------

def history_benchmark(args: argparse.Namespace) -> int:
    """``perflint check`` of 10,000 forms with and without ``--history`` (goal: ≤ 1.3×), in the cases of
    ``_history_cases``; then how a lookup (pairing one file's forms against the store, the models of the
    chosen loaded) scales with 1,000, 10,000 and 100,000 stored forms. The lookups run in this process
    through perflint's own store code (the history extra must be installed)."""
    large_n = int(args.forms.split(",")[1])
    tmp = None if args.workdir else tempfile.mkdtemp(prefix="perflint-bench-")
    work = args.workdir or Path(tmp)
    work.mkdir(parents=True, exist_ok=True)
    (work / "reports").mkdir(exist_ok=True)
    progress = not args.quiet
    try:
        if not args.no_bytecode_cache:
            ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        cases = _history_cases(work, large_n, args.seed, jobs)
        runs: dict[str, list] = {key: [] for key in cases}
        store = work / "run.db"
        for r in range(args.large_repeats):
            for key, case in cases.items():
                for f in work.glob("run.db*"):
                    f.unlink()
                if case.filled is not None:
                    shutil.copyfile(case.filled, store)
                extra = ["--history", str(store)] if case.history else []
                runs[key].append(measure(perflint_command() + ["check", str(case.corpus), *jobs, "--no-config", "-o",
                                                              str(work / "reports" / f"{key}.txt"), *extra]))
                if progress:
                    print(f"  [{r + 1}/{args.large_repeats}] history {key}: {runs[key][-1].wall:.2f} s", file=sys.stderr)
        stored_mb = _store_mb(store)
        lookups = {n: _lookup_times(work / f"lookup_{n}.db", n, progress) for n in (1000, 10000, 100000)}
        print(_render_history(cases, runs, stored_mb, lookups, large_n))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


class HistoryCase(NamedTuple):
    corpus: Path
    history: bool                 # with --history
    filled: Path | None = None    # the store it starts from (None: a new one)


# A bureau's batch names each project once: "unique" checks such a batch on a new store and on the store of
# last year's round (the same projects a year earlier, a third of their targets lower — the reviewer's
# round of the README). The stress case checks the benchmark corpus, whose projects share a few names per
# sector, against another 10,000 forms under the same names: every form pairs two and three times, with
# unrelated content, and the across-time rules find twice as much.
HISTORY_CASES = {"unique": "no store", "fresh": "a new store", "last": "the store of last year's round",
                 "shared": "no store (names shared)", "stress": "a store of other forms under the same names"}


def _history_cases(work: Path, n: int, seed: int, jobs: list[str]) -> dict[str, HistoryCase]:
    """The corpora and stores of ``HISTORY_CASES``, each made once (a store: a check of its forms with
    --history)."""
    unique, shared = work / f"corpus_{n}_unique", work / f"corpus_{n}"
    last, other = work / f"corpus_{n}_unique_last_year", work / f"corpus_{n}_seed{seed + 1}"
    for folder, s, names in ((unique, seed, True), (shared, seed, False), (other, seed + 1, False)):
        if not (folder / "manifest.json").exists():
            make_corpus(n, folder, s, unique=names)
    if not any(last.glob("*.txt")):
        last_year(unique, last, seed)
    stores = {"last": (last, work / "last_year.db"), "stress": (other, work / "filled.db")}
    for key, (forms, db) in stores.items():
        if not db.exists():
            measure(perflint_command() + ["check", str(forms), *jobs, "--no-config", "-o",
                                          str(work / "reports" / f"fill_{key}.txt"), "--history", str(db)])
    return {"unique": HistoryCase(unique, False), "fresh": HistoryCase(unique, True),
            "last": HistoryCase(unique, True, stores["last"][1]), "shared": HistoryCase(shared, False),
            "stress": HistoryCase(shared, True, stores["stress"][1])}


def _lookup_times(db: Path, n: int, progress: bool, probes: int = 300) -> dict:
    """Fill a store with ``n`` forms (one real model, varied projects, departments and years: 4 years of
    n/4 projects, 25 projects a department), then time pairing one form against it ``probes`` times."""
    import random
    from perflint.history.pairing import Pairer, PairingOptions
    from perflint.history.records import form_record
    from perflint.history.store import Store, StoreSource
    from perflint.reader import read_path
    sample = next(p for p in sorted((HERE.parent / "tests" / "fixtures" / "layouts").glob("target_tab.txt")))
    form = read_path(str(sample)).forms[0]
    base = form_record(form, "x.txt", [])
    projects = n // 4
    store = Store.open(str(db))
    if not store.counts()["forms"]:
        run_id = store.begin_run()
        batch = []
        for i in range(n):
            p, year = i % projects, 2022 + i // projects
            batch.append(dict(base, project=f"项目{p}号服务", project_key=f"{p}号服务", department=f"第{p // 25}局",
                              department_key=f"第{p // 25}局", implementer_key=f"中心{p}", year=year,
                              content_hash=f"{i:064d}", source_file=f"f{i}.txt"))
            if len(batch) == 1000:
                store.record(run_id, batch)
                batch = []
        if batch:
            store.record(run_id, batch)
    source = StoreSource(store.url, None)
    pairer = Pairer([source], PairingOptions())
    rng = random.Random(0)
    times = []
    for _ in range(probes):
        p = rng.randrange(projects)
        form.project, form.department, form.implementer, form.year = f"{p}号服务项目", f"第{p // 25}局", f"中心{p}", 2026
        source.store._models.clear()   # each probe decodes its models: a project probed again is not kept
        start = time.perf_counter()
        pairer.pair_file([form])
        times.append(time.perf_counter() - start)
        assert form.previous, "a probe found no counterpart"
    index = []   # what a run of many files does instead: read every stored form's keys once
    for _ in range(3):
        start = time.perf_counter()
        store.candidates(None)
        index.append(time.perf_counter() - start)
    store.close()
    source.store.close()
    result = {"median_ms": statistics.median(times) * 1000, "p95_ms": sorted(times)[int(probes * 0.95)] * 1000,
              "mb": _store_mb(db), "index_s": statistics.median(index)}
    if progress:
        print(f"  lookup in {n} stored forms: {result['median_ms']:.2f} ms", file=sys.stderr)
    return result


def _store_mb(db: Path) -> float:
    """A SQLite store's size on disk: its file and the write-ahead log not yet written back to it."""
    return sum(p.stat().st_size for p in (db, db.with_name(db.name + "-wal")) if p.exists()) / 2**20


def _render_history(cases: dict[str, HistoryCase], runs: dict, stored_mb: float, lookups: dict, n: int) -> str:
    med = {k: statistics.median(s.wall for s in v) for k, v in runs.items()}
    cpu = {k: statistics.median(s.cpu for s in v) for k, v in runs.items()}
    lines = ["| measure | result | goal | met |", "|---|---|---|---|"]
    for key, case in cases.items():
        result = f"{med[key]:.2f} s (cpu {cpu[key]:.2f} s)"
        # a case with a store against the check of its corpus without one
        base = next((k for k, c in cases.items() if c.corpus == case.corpus and not c.history), None) \
            if case.history else None
        if base is None:
            lines.append(f"| check {n:,} forms, {HISTORY_CASES[key]} | {result} |  |  |")
            continue
        ratio = med[key] / med[base]
        lines.append(f"| check {n:,} forms --history, {HISTORY_CASES[key]} | {result}, **{ratio:.2f}×** | ≤ 1.3× | "
                     f"{'yes' if ratio <= 1.3 else 'NO'} |")
    lines.append(f"| store after the stress run | {stored_mb:.0f} MB |  |  |")
    for count, r in lookups.items():
        lines.append(f"| lookup among {count:,} stored forms | median {r['median_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms "
                     f"(store {r['mb']:.0f} MB); the index of all read once: {r['index_s'] * 1000:.0f} ms |  |  |")
    return "\n".join(lines)


# --- report scale: the JSON, xlsx and HTML reports of large batches ----------------------------------
# (one section of its own: run.py's other figures do not depend on it; --reports-only runs just this)

REPORT_FORMATS = ("json", "xlsx", "html")
# checks a corpus once and pickles what the reporters receive, so that writing a report is timed apart
# from checking the forms
COLLECT_SCRIPT = r"""
import pickle, sys
from perflint.config import Config
from perflint.engine import Linter
from perflint.discovery import discover
from perflint.runner import run
cfg = Config()
linter = Linter(cfg)
linter.keep_forms = True
found = discover([sys.argv[1]], cfg, None)
reports = list(run(found.targets, cfg, 0, True, linter))
late = linter.finish([d for r in reports for d in r.digests])
for r in reports:
    r.digests = []
with open(sys.argv[2], "wb") as fh:
    pickle.dump((reports, late), fh)
"""
# writes one report from the pickle and prints the wall and CPU seconds the reporter took (not the unpickling)
WRITE_SCRIPT = r"""
import pickle, sys, time
from perflint.reporters import get_reporter
from perflint.reporters.base import Summary
with open(sys.argv[1], "rb") as fh:
    reports, late = pickle.load(fh)
start, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[3], "w", encoding="utf-8", newline="") as out:
    rep, summary = get_reporter(sys.argv[2], out), Summary()
    rep.start()
    for r in reports:
        summary.files += 1
        summary.forms += r.form_count
        summary.add(r.findings)
        rep.file(r)
    summary.add(late)
    rep.finish(late, summary)
print(time.perf_counter() - start, time.process_time() - cpu)
"""
BLANK_PAGE = '<!DOCTYPE html><html><body><script>document.documentElement.setAttribute("data-ready-ms", ' \
             'String(Math.round(performance.now())))</script></body></html>'


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_load(browser: str, page: Path, profile: Path) -> tuple[float, float]:
    """Headless Chromium opening ``page`` and dumping its DOM: (wall seconds of the whole process,
    milliseconds from navigation start until the page's script had built its first forms)."""
    import re
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
    start = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - start
    m = re.search(r'data-ready-ms="(\d+)"', run.stdout)
    if run.returncode != 0 or not m:
        raise SystemExit(f"Chromium could not load {page}: {run.stderr[-2000:]}")
    return wall, float(m.group(1))


def report_scale(corpora: dict[int, Path], work: Path, pl: list[str], repeats: int, progress: bool) -> dict:
    """Per corpus size and report format: the report's size, ``perflint check --format F -o FILE`` as a
    user runs it (wall, peak RSS), the reporter alone (write time), and for HTML headless Chromium's load."""
    out = work / "reports" / "scale"
    out.mkdir(parents=True, exist_ok=True)
    browser = chromium_binary()
    results: dict = {"chromium": browser is not None}
    if browser:
        (out / "blank.html").write_text(BLANK_PAGE, encoding="utf-8")
        chromium_load(browser, out / "blank.html", out / "profile")   # the profile's first start costs more
        blank = [chromium_load(browser, out / "blank.html", out / "profile") for _ in range(repeats)]
        results["blank"] = {"wall": statistics.median(b[0] for b in blank),
                            "ready_ms": statistics.median(b[1] for b in blank)}
    for n, folder in corpora.items():
        series = {fmt: Series(f"check {n:,} forms --format {fmt}", pl + [
            "check", str(folder), "--no-config", "--format", fmt, "-o", str(out / f"{n}.{fmt}")], repeats)
            for fmt in REPORT_FORMATS}
        run_round_robin(list(series.values()), progress)
        pickled = out / f"{n}.pickle"
        subprocess.run([sys.executable, "-c", COLLECT_SCRIPT, str(folder), str(pickled)], check=True, env=ENV)
        row: dict = {}
        for fmt, s in series.items():
            writes = [[float(x) for x in subprocess.run(
                [sys.executable, "-c", WRITE_SCRIPT, str(pickled), fmt, str(out / f"{n}.write.{fmt}")], check=True,
                capture_output=True, text=True, env=ENV).stdout.split()] for _ in range(repeats)]
            row[fmt] = {"bytes": (out / f"{n}.{fmt}").stat().st_size, "wall": s.med("wall"), "cpu": s.med("cpu"),
                        "peak_rss": s.med("peak_rss"), "write": statistics.median(w[0] for w in writes),
                        "write_cpu": statistics.median(w[1] for w in writes)}
            if progress:
                print(f"  {n:,} forms {fmt}: {row[fmt]['bytes'] / 2**20:.1f} MB, write "
                      f"{row[fmt]['write']:.2f} s", file=sys.stderr, flush=True)
        if browser:
            loads = [chromium_load(browser, out / f"{n}.html", out / "profile") for _ in range(repeats)]
            row["chromium"] = {"wall": statistics.median(x[0] for x in loads),
                               "ready_ms": statistics.median(x[1] for x in loads)}
        pickled.unlink()
        results[n] = row
    return results


def render_report_scale(r: dict, sizes: list[int]) -> str:
    mb = 2 ** 20
    lines = ["| forms | report | size | check + write: wall (cpu) | write only: wall (cpu) | peak RSS |",
             "|---|---|---|---|---|---|"]
    for n in sizes:
        for fmt in REPORT_FORMATS:
            x = r[n][fmt]
            lines.append(f"| {n:,} | {fmt} | {x['bytes'] / mb:.1f} MB | {x['wall']:.2f} s ({x['cpu']:.2f} s) | "
                         f"{x['write']:.2f} s ({x['write_cpu']:.2f} s) | {x['peak_rss'] / mb:.0f} MB |")
    if not r["chromium"]:
        return "\n".join(lines + ["", "Chromium not found: the HTML page's load time was not measured."])
    b = r["blank"]
    lines += ["", "| forms | Chromium: page ready (first forms built) | Chromium process, open + dump DOM | "
              "the same, blank page |", "|---|---|---|---|"]
    for n in sizes:
        c = r[n]["chromium"]
        lines.append(f"| {n:,} | {c['ready_ms'] / 1000:.2f} s | {c['wall']:.2f} s | {b['wall']:.2f} s |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
