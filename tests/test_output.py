"""Nothing lost: reports and baselines written atomically, under signals and concurrent runs; output paths that
would destroy an input refused; environment errors (missing or read-only folder, full disk, undecodable file
names, hostile baselines) one clear line and exit 2."""
from __future__ import annotations

import errno
import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from runs import seed_copies
from perflint.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests/fixtures/seeds").glob("*.txt"))
SEED = SEEDS[0]


@pytest.fixture(autouse=True)
def _cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def perflint(*args):
    return CliRunner().invoke(main, [os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args])


def form(path: Path, source: Path = SEED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)
    return path


def one_clear_line(result, *words: str) -> None:
    """Exit 2 with one line on stderr that says what is wrong, and no traceback."""
    if isinstance(result, subprocess.CompletedProcess):
        code, err = result.returncode, result.stderr
    else:
        code, err = result.exit_code, result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert code == 2, (code, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("perflint: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], (word, lines[0])


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return seed_copies(tmp_path_factory.mktemp("corpus"), 300, "form")


def spawn(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "perflint", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True, **kwargs)


# --- atomic writes under signals --------------------------------------------------------------------------
@pytest.mark.parametrize("sig,code,fmt,jobs", [
    (signal.SIGINT, 130, "text", "1"), (signal.SIGTERM, 143, "text", "1"),
    (signal.SIGTERM, 143, "json", "2"), (signal.SIGINT, 130, "csv", "2"),
])
def test_a_signal_mid_run_leaves_the_previous_report_whole(tmp_path, corpus, sig, code, fmt, jobs):
    report = tmp_path / f"report.{fmt}"
    good = perflint("check", SEED, "--no-config", "--format", fmt, "-o", report)
    assert good.exit_code == 1 and report.stat().st_size > 0
    before = report.read_bytes()
    proc = spawn("check", corpus, "--no-config", "--format", fmt, "--jobs", jobs, "-o", report)
    try:
        deadline = time.monotonic() + 60
        # under way: the new report is being written beside the old one (text and csv: it has content)
        while time.monotonic() < deadline and proc.poll() is None:
            if any(t.stat().st_size > 0 or fmt == "json" for t in temps(tmp_path)):
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the corpus was done before the test could interrupt it"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = err.decode("utf-8", "replace")
    assert proc.returncode == code, err
    assert "Traceback" not in err, err
    assert report.read_bytes() == before                  # the previous report, whole
    assert temps(tmp_path) == []                          # and nothing half-written beside it
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):               # no worker outlives the run
        os.killpg(proc.pid, 0)


def test_two_concurrent_runs_on_one_output_leave_one_complete_report(tmp_path, corpus):
    report = tmp_path / "report.json"
    few = tmp_path / "few"
    for seed in SEEDS[:2]:
        form(few / seed.name, seed)
    runs = [spawn("check", corpus, "--no-config", "--format", "json", "--jobs", "1", "-o", report),
            spawn("check", few, corpus / "form000.txt", "--no-config", "--format", "json", "--jobs", "1", "-o",
                  report)]
    for proc in runs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, err.decode()
    data = json.loads(report.read_text("utf-8"))          # valid: one run's report, not a mixture
    assert data["summary"]["files"] in (300, 3)
    assert len(data["findings"]) == data["summary"]["findings"]
    assert temps(tmp_path) == []


def test_an_error_while_writing_leaves_the_previous_file_and_no_temporary(tmp_path):
    from perflint.output import atomic_open
    target = tmp_path / "report.txt"
    target.write_text("the good report\n", "utf-8")
    with pytest.raises(RuntimeError):
        with atomic_open(str(target)) as fh:
            fh.write("half of a new report")
            raise RuntimeError("boom")
    assert target.read_text("utf-8") == "the good report\n" and temps(tmp_path) == []


def test_a_full_disk_while_writing_is_one_line_and_keeps_the_previous_report(tmp_path, monkeypatch):
    report = tmp_path / "report.txt"
    report.write_text("the good report\n", "utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    result = perflint("check", SEED, "--no-config", "-o", report)
    one_clear_line(result, "report.txt", "no space left")
    assert report.read_text("utf-8") == "the good report\n" and temps(tmp_path) == []


def test_a_report_written_again_keeps_its_permissions(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("old\n", "utf-8")
    report.chmod(0o640)
    perflint("check", SEED, "--no-config", "-o", report)
    assert (report.stat().st_mode & 0o777) == 0o640 and "PF" in report.read_text("utf-8")


# --- output paths that would destroy an input --------------------------------------------------------------
@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_an_output_that_is_an_input_is_refused(tmp_path, option):
    target = form(tmp_path / "form.txt")
    before = target.read_bytes()
    result = perflint("check", target, option, target)
    one_clear_line(result, "one of the inputs")
    assert target.read_bytes() == before
    # under another name: a symlink to the input, a hard link, a relative path
    (tmp_path / "link.txt").symlink_to(target)
    os.link(target, tmp_path / "hard.txt")
    for other in ("link.txt", "hard.txt", "./form.txt"):
        one_clear_line(perflint("check", "form.txt", option, other), "one of the inputs")
    assert target.read_bytes() == before


def test_an_output_over_the_configuration_or_the_baseline_is_refused(tmp_path):
    target = form(tmp_path / "p" / "a.txt")
    config = tmp_path / "p" / "perflint.toml"
    config.write_text('select = ["ALL"]\n', "utf-8")
    one_clear_line(perflint("check", target, "-o", config), "one of the inputs")
    base = tmp_path / "base.json"
    assert perflint("check", target, "--write-baseline", base).exit_code == 0
    one_clear_line(perflint("check", target, "--baseline", base, "-o", base), "one of the inputs")
    assert config.read_text("utf-8") == 'select = ["ALL"]\n' and json.loads(base.read_text("utf-8"))


def test_a_form_inside_the_checked_folder_is_refused_but_another_kind_of_file_is_not(tmp_path):
    forms = tmp_path / "forms"
    form(forms / "a.txt")
    one_clear_line(perflint("check", forms, "-o", forms / "report.txt"), "inside the checked folder")
    # a glob would read it next time too
    one_clear_line(perflint("check", f"{forms}/*.txt", "-o", forms / "report.txt"), "inside the checked folder")
    one_clear_line(perflint("check", forms, "--format", "csv", "-o", forms / "sub" / "x.xlsx"),
                   "does not exist")
    assert not (forms / "report.txt").exists()
    html = perflint("check", forms, "--format", "html", "-o", forms / "report.html")
    assert html.exit_code == 1 and (forms / "report.html").exists()


def test_a_symlink_planted_at_the_output_is_replaced_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", "utf-8")
    report = tmp_path / "report.txt"
    report.symlink_to(victim)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere" / "x.txt")
    for out in (report, dangling):
        result = perflint("check", SEED, "--no-config", "-o", out)
        assert result.exit_code == 1, result.output
        assert not out.is_symlink() and "PF" in out.read_text("utf-8")
    assert victim.read_text("utf-8") == "precious\n"
    assert not (tmp_path / "nowhere").exists()


def test_dash_writes_to_standard_output(tmp_path):
    result = perflint("check", SEED, "--no-config", "--format", "json", "-o", "-")
    assert result.exit_code == 1 and json.loads(result.stdout)["summary"]["files"] == 1
    assert not (tmp_path / "-").exists()
    assert "报告已写入" not in result.stderr


def test_a_character_device_is_written_directly(tmp_path):
    result = perflint("check", SEED, "--no-config", "-o", os.devnull)
    assert result.exit_code == 1 and os.path.exists(os.devnull) and not Path(os.devnull).is_file()


# --- environment errors: one line, exit 2 --------------------------------------------------------------------
def test_a_missing_output_folder_is_one_line(tmp_path):
    for option in ("-o", "--write-baseline"):
        one_clear_line(perflint("check", SEED, "--no-config", option, tmp_path / "no" / "such" / "r.txt"),
                       "does not exist")
    one_clear_line(perflint("check", SEED, "--no-config", "-o", tmp_path), "is a folder")


def test_dev_full_is_one_line():
    if not os.path.exists("/dev/full"):
        pytest.skip("this system has no /dev/full")
    one_clear_line(perflint("check", SEED, "--no-config", "-o", "/dev/full"), "/dev/full", "no space left")
    proc = subprocess.run(f'"{sys.executable}" -m perflint check "{SEED}" --no-config > /dev/full', shell=True,
                          capture_output=True, text=True, timeout=60)
    one_clear_line(proc, "standard output", "no space left")


def _without_root_overrides() -> None:
    """In the child, before exec: drop root's power to write where the permissions say no (CAP_DAC_OVERRIDE,
    CAP_DAC_READ_SEARCH, CAP_FOWNER) from the capability bounding set, so a read-only folder is read-only."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3):
        if libc.prctl(24, cap, 0, 0, 0) != 0:       # PR_CAPBSET_DROP
            os._exit(97)


def test_a_read_only_folder_is_one_line(tmp_path):
    """A real read-only folder (as root, with root's permission overrides dropped for the run)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.txt").write_text("the good report\n", "utf-8")
    out.chmod(0o555)
    try:
        proc = subprocess.run([sys.executable, "-m", "perflint", "check", str(SEED), "--no-config",
                               "-o", str(out / "report.txt")], capture_output=True, text=True, timeout=60,
                              preexec_fn=_without_root_overrides if os.geteuid() == 0 else None)
        if proc.returncode == 97:
            pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE: the folder would not be read-only")
        one_clear_line(proc, "report.txt", "permission denied")
        assert (out / "report.txt").read_text("utf-8") == "the good report\n" and temps(out) == []
    finally:
        out.chmod(0o755)


def test_file_names_that_are_not_utf8_are_one_clear_error_each_and_the_rest_is_checked(tmp_path):
    folder = tmp_path / "forms"
    form(folder / "good.txt")
    raw = os.fsencode(folder)
    names = [raw + b"/" + "草稿".encode("gbk") + b".txt", raw + b"/\xff\xfe.txt"]
    for name in names:
        with open(name, "wb") as fh:
            fh.write(SEED.read_bytes())
    for args in ([raw], names, [raw, b"--format", b"json"]):
        proc = subprocess.run([sys.executable.encode(), b"-m", b"perflint", b"check", b"--no-config", *args],
                              capture_output=True, timeout=60)
        out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")   # both are valid UTF-8
        assert proc.returncode == 2, err
        assert "Traceback" not in err and "Traceback" not in out
        assert out.count("文件名不是有效的 UTF-8") == 2, out      # the default language, Chinese
        if b"json" in args:
            data = json.loads(out)
            assert data["summary"]["file_errors"] == 2 and any(f["path"].endswith("good.txt")
                                                               for f in data["findings"])
            names_shown = {Path(f["path"]).name for f in data["files"]}
            assert r"\xff\xfe.txt" in names_shown and any(n.startswith(r"\xb2") for n in names_shown)
            continue
        assert r"\xff\xfe.txt" in out, out
        if args is not names:
            assert "good.txt:" in out          # the other file is still checked


@pytest.mark.parametrize("content,words", [
    ("[" * 200_000, ["nested too deeply"]),
    ('{"version": 2, "findings": [{"path": "a.txt", "project": null, "code": "PF1", "indicator": null, '
     '"count": ' + "9" * 100_000 + "}]}", ["not a perflint baseline"]),
    ('{"version": 2, "findings": [{"path": "a.txt", "project": null, "code": "PF1", "indicator": null, '
     '"count": 1e999}]}', ["count must be a whole number"]),
    ('{"version": 2, "findings": [{"path": "a.txt", "project": null, "code": "PF1", "indicator": null, '
     '"count": 99999999999999999999}]}', ["count must be a whole number"]),
    ('{"version": 2, "findings": [[]]}', ["entry 1 is not an object"]),
    ('{"version": 7, "findings": []}', ["unknown version 7"]),
    ("\xff\xfe", ["not a perflint baseline"]),
])
def test_a_hostile_baseline_is_one_line(tmp_path, content, words):
    base = tmp_path / "base.json"
    base.write_bytes(content.encode("latin-1") if content.startswith("\xff") else content.encode("utf-8"))
    proc = subprocess.run([sys.executable, "-m", "perflint", "check", str(SEED), "--no-config", "--baseline",
                           str(base)], capture_output=True, text=True, timeout=60)
    one_clear_line(proc, "base.json", *words)
    assert proc.stdout == ""


# --- feedback: the progress bar on a terminal only ----------------------------------------------------------
def _run_with_terminal_stderr(args: list[str], both: bool = False) -> tuple[int, str, str]:
    """Run perflint with stderr (and, if ``both``, stdout) on a pseudo-terminal; returns (exit, stdout, tty)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "perflint", *args], stdin=subprocess.DEVNULL,
                            stdout=slave if both else subprocess.PIPE, stderr=slave,
                            env={**os.environ, "COLUMNS": "100"})
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:   # the terminal closed: the run ended
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    out = b"" if both else proc.stdout.read()
    proc.wait(timeout=60)
    return proc.returncode, out.decode("utf-8", "replace"), seen.decode("utf-8", "replace")


def test_a_batch_shows_a_progress_bar_on_a_terminal_and_nothing_otherwise(tmp_path, corpus):
    report = tmp_path / "report.json"
    code, out, tty = _run_with_terminal_stderr(["check", str(corpus), "--no-config", "--jobs", "1",
                                                "--format", "json", "-o", str(report)])
    assert code == 1
    assert "检查" in tty and "/300" in tty, tty[-2000:]
    assert "报告已写入" in tty and "300 个文件" in tty
    assert json.loads(report.read_text("utf-8"))["summary"]["files"] == 300
    # not a terminal: not a character of progress
    piped = subprocess.run([sys.executable, "-m", "perflint", "check", str(corpus), "--no-config", "--jobs", "1",
                            "--format", "json", "-o", str(report)], capture_output=True, text=True, timeout=120)
    assert piped.stderr.strip().splitlines() == [f"perflint: 报告已写入 {report}（300 个文件，1440 张表，"
                                                 f"{json.loads(report.read_text('utf-8'))['summary']['findings']} 个问题）"]
    # -q on a terminal: no bar
    code, out, tty = _run_with_terminal_stderr(["check", str(corpus), "--no-config", "--jobs", "1", "-q"])
    assert "/300" not in tty and out.count("\n") > 300


def test_the_text_report_and_the_bar_share_a_terminal_without_losing_a_line(tmp_path, corpus):
    piped = subprocess.run([sys.executable, "-m", "perflint", "check", str(corpus), "--no-config", "--jobs", "1",
                            "--no-color"], capture_output=True, text=True, timeout=120)
    code, _, tty = _run_with_terminal_stderr([ "check", str(corpus), "--no-config", "--jobs", "1", "--no-color"],
                                             both=True)
    assert code == piped.returncode == 1
    for line in piped.stdout.splitlines()[::97]:
        assert line in tty, line
