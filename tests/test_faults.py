"""Faults end cleanly: a rule that fails in any way, or a worker process that dies or hangs, costs a per-file
error naming the file (and the rule), never the run, the report or the exit code.

The failures come from a test plugin (tests/plugins/faulty) that fails the way a form's project name asks
(``FAULT_SIGKILL``, ``FAULT_EXIT0`` …). It is registered without pip: a tiny ``.dist-info`` folder on
PYTHONPATH declares its entry point, as an installed distribution would. Every run has its own timeout and
is killed with its whole process group if it overruns, so a regression fails instead of hanging CI.
"""
from __future__ import annotations

import faulthandler
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runs import interrupt

HERE = Path(__file__).parent
FORM = HERE / "fixtures" / "layouts" / "target_tab.txt"
PROJECT = "社区居家养老服务补贴"
PLUGIN_SOURCE = HERE / "plugins" / "faulty"
RUN_TIMEOUT = 60


@pytest.fixture(autouse=True)
def watchdog():
    faulthandler.dump_traceback_later(240, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> str:
    """PYTHONPATH on which the faulty plugin is an installed distribution declaring a perflint rule."""
    site = tmp_path_factory.mktemp("site")
    info = site / "perflint_faulty_plugin-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: perflint-faulty-plugin\nVersion: 0.1.0\n", "utf-8")
    (info / "entry_points.txt").write_text("[perflint.rules]\nfaulty = perflint_faulty\n", "utf-8")
    return os.pathsep.join([str(site), str(PLUGIN_SOURCE)])


def write_forms(folder: Path, faults: list[str | None]) -> list[Path]:
    """One file per entry, each a copy of one target form whose project name carries the fault (if any).
    The satisfaction indicator is left out, so that a built-in rule (PF103) has a finding on every form."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(line for line in FORM.read_text("utf-8").splitlines(True) if "服务对象满意度指标" not in line)
    paths = []
    for n, fault in enumerate(faults):
        name = f"{PROJECT}{n:02d}" + (f"FAULT_{fault}" if fault else "")
        path = folder / f"form{n:02d}.txt"
        path.write_text(text.replace(PROJECT, name, 1), "utf-8")
        paths.append(path)
    return paths


def perflint(args: list[str], plugin_path: str | None, cwd: Path, *, timeout: float = RUN_TIMEOUT,
             extra_env: dict[str, str] | None = None, prefix: list[str] | None = None):
    """Run perflint in its own process group; on a timeout kill the whole group and fail the test."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(extra_env or {})}
    if plugin_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [plugin_path, os.environ.get("PYTHONPATH")]))
    cmd = prefix or [sys.executable, "-m", "perflint"]
    proc = subprocess.Popen([*cmd, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"perflint {' '.join(args)} did not end within {timeout} s")
    finally:
        _reap_group(proc.pid)
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _reap_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)  # whatever the run left behind (nothing, when it is right)
    except ProcessLookupError:
        pass


def check_json(paths: list[Path], plugin_path: str | None, tmp_path: Path, *extra: str, jobs: str = "2",
               select: str = "XF001,PF1"):
    out = tmp_path / "report.json"
    if out.exists():
        out.unlink()
    # in English: the errors' wording is checked here (and in Chinese in test_input_errors_lang.py)
    code, stdout, stderr = perflint(["check", *map(str, paths), "--format", "json", "--jobs", jobs, "--lang", "en",
                                     "--select", select, "-o", str(out), *extra], plugin_path, tmp_path)
    assert "Traceback" not in stderr, stderr
    assert out.exists() and out.stat().st_size > 0, f"no report written (exit {code}): {stderr}"
    return code, json.loads(out.read_text("utf-8")), stderr


def file_entry(report: dict, path: Path) -> dict:
    return next(f for f in report["files"] if Path(f["path"]).name == path.name)


def findings_of(report: dict, path: Path) -> list[dict]:
    return [f for f in report["findings"] if Path(f["path"]).name == path.name]


def assert_only_file_failed(report: dict, paths: list[Path], bad: Path, *words: str) -> str:
    """``bad`` carries one error saying ``words``; every other file was read and checked whole."""
    (error,) = file_entry(report, bad)["errors"]
    for word in words:
        assert word in error["message"] + (error.get("hint") or ""), error
    for path in paths:
        if path != bad:
            entry = file_entry(report, path)
            assert entry["forms"] == 1 and not entry["errors"], entry
            assert any(f["code"] == "XF001" for f in findings_of(report, path)), path.name
    assert report["summary"]["file_errors"] >= 1 and report["summary"]["exit_code"] == 2
    return error["message"]


# --- a worker that dies ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fault,words", [("SIGKILL", ("died", "SIGKILL")), ("OSEXIT", ("died", "exit code 3"))])
def test_dead_worker_costs_only_its_file(tmp_path, plugin_path, fault, words):
    paths = write_forms(tmp_path / "forms", [None, None, None, fault, None, None, None])
    code, report, _ = check_json(paths, plugin_path, tmp_path)
    assert code == 2
    assert_only_file_failed(report, paths, paths[3], *words)
    # the report is the one a run without the poisoned file gives, plus the error
    clean, alone, _ = check_json([p for p in paths if p != paths[3]], plugin_path, tmp_path, jobs="1")
    assert clean == 1
    assert report["findings"] == alone["findings"]
    assert [f for f in report["files"] if f["path"] != str(paths[3])] == alone["files"]


def test_every_worker_dying_still_ends(tmp_path, plugin_path):
    """Each file kills its worker: every file gets its error and the run ends (exit 2), in order."""
    paths = write_forms(tmp_path / "forms", ["SIGKILL"] * 6)
    code, report, _ = check_json(paths, plugin_path, tmp_path)
    assert code == 2
    assert [Path(f["path"]).name for f in report["files"]] == [p.name for p in paths]
    assert all("died" in f["errors"][0]["message"] for f in report["files"])


def test_sigkilled_workers_in_a_generated_batch_cost_only_their_files(tmp_path, plugin_path):
    """Three files of a generated batch kill their workers: the report is, byte for byte in its findings
    and other files, the one-process report of the batch without them."""
    sys.path.insert(0, str(HERE.parent / "benchmarks"))
    try:
        from make_corpus import make_corpus
    finally:
        sys.path.pop(0)
    corpus = tmp_path / "corpus"
    make_corpus(600, corpus, seed=3)
    clean, alone, _ = check_json([corpus], plugin_path, tmp_path, jobs="1", select="ALL")
    poisoned = write_forms(tmp_path / "poison", ["SIGKILL"] * 3)
    names = sorted(p.name for p in corpus.glob("*.txt"))
    for path, before in zip(poisoned, (names[5], names[len(names) // 2], names[-1])):
        path.rename(corpus / (before[:-4] + "~kill.txt"))  # sorted just after a generated file
    code, report, _ = check_json([corpus], plugin_path, tmp_path, jobs="2", select="ALL")
    assert code == 2
    killed = [f for f in report["files"] if f["path"].endswith("~kill.txt")]
    assert len(killed) == 3 and all("SIGKILL" in f["errors"][0]["message"] for f in killed)
    assert [f for f in report["files"] if f not in killed] == alone["files"]
    assert report["findings"] == alone["findings"]
    assert report["summary"]["forms"] == alone["summary"]["forms"] == 600


# --- plugins failing inside check() ----------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fault,words", [
    ("EXIT0", ("XF001", "sys.exit(0)")), ("EXIT1", ("XF001", "sys.exit(1)")),
    ("RAISE", ("XF001", "RuntimeError", "raised on purpose")), ("BADYIELD", ("XF001", "str", "not a Problem")),
    ("BADSPAN", ("XF001",)), ("PRINT", ("XF001", "standard output", "talking on stdout")),
])
def test_failing_plugin_is_a_per_file_error_for_its_rule(tmp_path, plugin_path, jobs, fault, words):
    paths = write_forms(tmp_path / "forms", [None, fault, None, None, None])
    code, report, _ = check_json(paths, plugin_path, tmp_path, "--fail-on", "error", jobs=jobs)
    assert code == 2, "a failing rule is never a clean run"
    (error,) = file_entry(report, paths[1])["errors"]
    for word in words:
        assert word in error["message"], error
    assert error.get("rule") == "XF001"
    # the built-in rules still checked the form the plugin failed on
    assert any(f["code"].startswith("PF1") for f in findings_of(report, paths[1]))
    for path in paths[:1] + paths[2:]:
        assert not file_entry(report, path)["errors"]
        assert any(f["code"] == "XF001" for f in findings_of(report, path))


def test_plugin_writing_to_stdout_leaves_json_valid(tmp_path, plugin_path):
    """Without -o: the JSON on stdout parses, whatever the plugin prints (in a worker even os.write(1))."""
    paths = write_forms(tmp_path / "forms", [None, "PRINT", None, "FDWRITE", None])
    for jobs in ("1", "2"):
        code, stdout, stderr = perflint(["check", *map(str, paths[:3] if jobs == "1" else paths), "--format",
                                         "json", "--jobs", jobs, "--select", "XF001", "--lang", "en"],
                                        plugin_path, tmp_path)
        report = json.loads(stdout)
        assert code == 2 and "Traceback" not in stderr
        assert "standard output" in file_entry(report, paths[1])["errors"][0]["message"]
        assert stdout.startswith("{") and stdout.endswith("}\n")
        if jobs == "2":  # what a worker writes to its file descriptor 1 goes to stderr
            assert "writing to file descriptor 1" in stderr


FORMATS = ["text", "json", "sarif", "github", "junit", "csv", "html"]


@pytest.mark.parametrize("fmt", FORMATS + ["xlsx"])
def test_rule_failure_reported_in_every_format(tmp_path, plugin_path, fmt):
    paths = write_forms(tmp_path / "forms", [None, "RAISE"])
    out = tmp_path / f"report.{fmt}"
    code, stdout, stderr = perflint(["check", *map(str, paths), "--format", fmt, "--jobs", "1", "--select",
                                     "XF001", "-o", str(out)], plugin_path, tmp_path)
    assert code == 2 and "Traceback" not in stderr, stderr
    if fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl", reason="the xlsx report needs openpyxl")
        book = openpyxl.load_workbook(out)
        text = "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    else:
        text = out.read_text("utf-8")
    if fmt in ("csv", "xlsx"):  # a row or a cell is a finding: these formats tell file errors on stderr
        text = stderr
    assert "XF001" in text and "raised on purpose" in text, text[-2000:]


@pytest.mark.parametrize("fault", ["print", "exit0"])
def test_plugin_failing_while_it_loads_is_skipped_and_said(tmp_path, plugin_path, fault):
    paths = write_forms(tmp_path / "forms", [None])
    code, stdout, stderr = perflint(["check", str(paths[0]), "--format", "json", "--jobs", "1"], plugin_path,
                                    tmp_path, extra_env={"PERFLINT_FAULTY_ON_IMPORT": fault})
    report = json.loads(stdout)
    assert "Traceback" not in stderr
    if fault == "print":  # loaded: the words go to stderr, the rule runs
        assert code == 1 and "talking on stdout while it loads" in stderr
        assert any(f["code"] == "XF001" for f in report["findings"])
    else:  # skipped, as a plugin that fails to import is; the run goes on with the built-in rules
        assert code == 1 and "plugin 'faulty'" in stderr and "sys.exit(0)" in stderr
        assert not any(f["code"] == "XF001" for f in report["findings"])


@pytest.mark.parametrize("fault", ["raise", "exit0"])
def test_rule_that_cannot_start_is_a_config_error(tmp_path, plugin_path, fault):
    paths = write_forms(tmp_path / "forms", [None])
    code, stdout, stderr = perflint(["check", str(paths[0]), "--format", "json"], plugin_path, tmp_path,
                                    extra_env={"PERFLINT_FAULTY_ON_START": fault})
    assert code == 2 and "Traceback" not in stderr, stderr
    assert "XF001" in stderr and "cannot start" in stderr and "--ignore XF001" in stderr
    ignored = perflint(["check", str(paths[0]), "--format", "json", "--ignore", "XF001"], plugin_path, tmp_path,
                       extra_env={"PERFLINT_FAULTY_ON_START": fault})
    assert ignored[0] == 1 and json.loads(ignored[1])["findings"]


def test_rule_printing_while_it_starts_leaves_json_valid(tmp_path, plugin_path):
    paths = write_forms(tmp_path / "forms", [None] * 5)
    code, stdout, _ = perflint(["check", *map(str, paths), "--format", "json", "--jobs", "2"], plugin_path,
                               tmp_path, extra_env={"PERFLINT_FAULTY_ON_START": "print"})
    assert code == 1 and json.loads(stdout)["summary"]["files"] == 5


# --- a stuck worker and the per-file time limit ----------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_stuck_rule_hits_the_file_time_limit(tmp_path, plugin_path, jobs):
    (tmp_path / "perflint.toml").write_text("file-time-limit = 1.5\n", "utf-8")
    paths = write_forms(tmp_path / "forms", [None, "SLEEP", None, None, None, None])
    start = time.monotonic()
    code, report, _ = check_json(paths, plugin_path, tmp_path, jobs=jobs)
    assert time.monotonic() - start < 30
    assert code == 2
    assert_only_file_failed(report, paths, paths[1], "time limit", "1.5 s", "file-time-limit")


def test_default_time_limit_is_generous(tmp_path):
    from perflint.config import Config
    assert Config().file_time_limit >= 60


# --- how many workers ---------------------------------------------------------------------------------------

FORK_COUNTER = r"""
import os, sys
log = os.environ["PERFLINT_FORK_LOG"]
def note():
    with open(log, "a") as fh:
        fh.write(f"{os.getpid()}\n")
os.register_at_fork(after_in_child=note)
from perflint.cli import main
sys.argv = ["perflint"] + sys.argv[1:]
main()
"""


@pytest.mark.parametrize("files", [5, 40])
def test_jobs_capped_by_cpus_and_files(tmp_path, files):
    (tmp_path / "perflint.toml").write_text("jobs = 1500\n", "utf-8")
    write_forms(tmp_path / "forms", [None] * files)
    log = tmp_path / "forks.log"
    code, stdout, stderr = perflint(["check", "forms", "--format", "json"], None, tmp_path,
                                    prefix=[sys.executable, "-c", FORK_COUNTER],
                                    extra_env={"PERFLINT_FORK_LOG": str(log)})
    assert code in (0, 1), stderr
    assert json.loads(stdout)["summary"]["files"] == files
    started = len(log.read_text().split()) if log.exists() else 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert started <= min(cpus, files), f"{started} worker processes for {files} files on {cpus} CPUs"


# --- Ctrl-C while a worker is busy or stuck ---------------------------------------------------------------

@pytest.mark.parametrize("whole_group", [False, True])
def test_ctrl_c_with_a_stuck_worker_exits_130_leaving_no_process(tmp_path, plugin_path, whole_group):
    paths = write_forms(tmp_path / "forms", [None, "SLEEP"] + [None] * 8)
    ready = tmp_path / "stuck.pid"
    env = {**os.environ, "PYTHONPATH": plugin_path, "PERFLINT_FAULTY_READY": str(ready)}
    proc = subprocess.Popen([sys.executable, "-m", "perflint", "check", *map(str, paths), "--jobs", "2",
                             "--select", "XF001", "-o", str(tmp_path / "report.txt")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert ready.exists() and proc.poll() is None, "the plugin never got stuck"
        time.sleep(0.3)
        err = interrupt(proc, whole_group)
        assert proc.returncode == 130, err
        assert "Traceback" not in err and "interrupted" in err
        time.sleep(0.3)
        with pytest.raises(ProcessLookupError):
            os.killpg(proc.pid, 0)  # no worker outlives the run, the stuck one neither
    finally:
        _reap_group(proc.pid)
        proc.wait()


# --- the engine's guard, in process -----------------------------------------------------------------------

def _seed_result():
    """Five forms with findings of several rules."""
    from perflint.reader import read_path
    return read_path(str(HERE / "fixtures" / "seeds" / "000_8fdbf9e2371ab792.txt"))


def test_a_bug_in_a_builtin_rule_costs_only_that_rule(monkeypatch):
    """A built-in rule that raises on a form: the other rules' findings on it stay, the error names it."""
    from perflint.config import Config
    from perflint.engine import Linter
    linter = Linter(Config())
    whole = linter.lint_result(_seed_result())
    assert whole.findings and not whole.errors
    victim = next(r for r in linter.rules if any(f.code == r.code for f in whole.findings))

    def broken(form):
        yield from ()
        raise KeyError("a bug")
    monkeypatch.setattr(victim, "check", broken)
    report = linter.lint_result(_seed_result())
    (error,) = report.errors
    assert error["rule"] == victim.code and victim.code in error["message"] and "KeyError" in error["message"]
    assert [f for f in whole.findings if f.code != victim.code] == report.findings


def test_rule_output_to_stdout_does_not_reach_stdout(capsys, monkeypatch):
    from perflint.config import Config
    from perflint.engine import Linter
    linter = Linter(Config())
    rule = linter.rules[0]

    def chatty(form):
        print("chatter")
        return ()
    monkeypatch.setattr(rule, "check", chatty)
    report = linter.lint_result(_seed_result())
    assert capsys.readouterr().out == ""
    assert [e["rule"] for e in report.errors] == [rule.code]
    assert "chatter" in report.errors[0]["message"]


# --- the pool itself ----------------------------------------------------------------------------------------

def _setup(factor: int) -> int:
    return factor


def _square_or_fail(factor: int, item: int) -> int:
    if item in (7, 8, 30):
        os.kill(os.getpid(), signal.SIGKILL)
    if item == 20:
        time.sleep(3600)
    if item == 41:
        raise ValueError("item 41 is bad")
    time.sleep((item * 7919 % 13) / 1000)  # uneven work: results arrive out of order
    return factor * item * item


def test_pool_keeps_order_and_loses_only_the_faulty_items():
    from perflint.pool import FaultKind, WorkerPool
    with WorkerPool(2, _setup, (3,), _square_or_fail, time_limit=1.0) as pool:
        got = list(pool.map(list(range(60)), lambda item, fault: (item, fault.kind, fault.detail)))
    faults = {7: FaultKind.DIED, 8: FaultKind.DIED, 30: FaultKind.DIED, 20: FaultKind.TIMED_OUT,
              41: FaultKind.FAILED}
    for item, result in enumerate(got):
        if item in faults:
            assert result[:2] == (item, faults[item]), result
        else:
            assert result == 3 * item * item
    died, late, failed = (got[i][2].render("en") for i in (7, 20, 41))
    assert died == "killed by signal SIGKILL" and late == "1 s" and "item 41 is bad" in failed
    assert got[7][2].render("zh") == "被信号 SIGKILL 终止" and got[20][2].render("zh") == "1 秒"


def test_pool_goes_on_with_the_workers_it_could_start(monkeypatch):
    """fork failing (a process limit) after the first worker: the run goes on with one; with none, a clear error."""
    import multiprocessing.process
    from perflint.errors import PerflintError
    from perflint.pool import WorkerPool
    real_start = multiprocessing.process.BaseProcess.start
    started = []

    def start_once(self):
        if started:
            raise OSError(11, "Resource temporarily unavailable")
        started.append(self)
        real_start(self)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", start_once)
    with WorkerPool(2, _setup, (1,), _square_or_fail, time_limit=5.0) as pool:
        assert list(pool.map([1, 2, 3, 4, 5], lambda item, fault: None)) == [1, 4, 9, 16, 25]
    assert len(started) == 1
    with pytest.raises(PerflintError, match="cannot start a worker process: Resource temporarily unavailable"):
        with WorkerPool(2, _setup, (1,), _square_or_fail) as pool:
            list(pool.map([1, 2, 3], lambda item, fault: None))


def test_a_cross_form_rule_failing_at_the_end_is_an_error_of_the_run(tmp_path, monkeypatch):
    """The one built-in cross-form rule raising in finish(): exit 2, the error named in the report, the
    per-file findings all there."""
    from click.testing import CliRunner
    from perflint.cli import main
    from perflint.rule import CrossFormRule, registry
    cross = [cls for cls in registry().all() if issubclass(cls, CrossFormRule)]
    assert cross
    seed = HERE / "fixtures" / "seeds" / "000_8fdbf9e2371ab792.txt"
    args = ["check", str(seed), "--no-config", "--format", "json", "--jobs", "1"]
    before = json.loads(CliRunner().invoke(main, args).output)

    def broken(self, digests):
        raise ZeroDivisionError("at the end")
        yield
    for cls in cross:
        monkeypatch.setattr(cls, "finish", broken)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    report = json.loads(result.output)
    errors = [e for f in report["files"] if f["path"] == "(cross-form rules)" for e in f["errors"]]
    assert [e["rule"] for e in errors] == [cls.code for cls in cross]
    assert "ZeroDivisionError: at the end" in errors[0]["message"]
    cross_codes = {cls.code for cls in cross}
    assert report["findings"] == [f for f in before["findings"] if f["code"] not in cross_codes]
