"""Bad inputs through the command line: each gives a clear per-file message, the rest of the run goes on,
and the exit code is 2 when an input could not be read. perflint never writes to its inputs, never needs
the network, and Ctrl-C ends it with exit 130 and no traceback.

Decision on very large files: a file over 16 MB (perflint.decode.MAX_BYTES) is refused at once with
"file too large" and a hint to split it; reading one file is single-process and holds it in memory at about
20× its size, so a 50 MB file would take minutes and gigabytes.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from runs import interrupt, seed_copies

HERE = Path(__file__).parent
SEED = HERE / "fixtures" / "seeds" / "000_8fdbf9e2371ab792.txt"
SEEDS = sorted((HERE / "fixtures" / "seeds").glob("*.txt"))
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
       + bytes(range(256)) * 8)
NOT_UTF8_NOR_GB18030 = "财政项目支出绩效目标申报表\n项目名称\t".encode("utf-8") + b"\x81\x7f\xff\xfe"


def perflint(*args: str, cwd: Path | None = None, timeout: float = 120, env: dict | None = None):
    return subprocess.run([sys.executable, "-m", "perflint", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env=env)


def check_json(*paths: str | Path, jobs: str = "1", cwd: Path | None = None, timeout: float = 120):
    """Run `perflint check --format json --lang en` (the English wording is checked here, the Chinese in
    test_input_errors_lang.py); return (exit code, report, stderr)."""
    proc = perflint("check", *map(str, paths), "--format", "json", "--no-config", "--jobs", jobs, "--lang", "en",
                    cwd=cwd, timeout=timeout)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def errors_of(report: dict) -> dict[str, list[str]]:
    return {f["path"]: [e["message"] for e in f["errors"]] for f in report["files"] if f["errors"]}


def good_copy(folder: Path, name: str = "good.txt") -> Path:
    target = folder / name
    shutil.copyfile(SEED, target)
    return target


def assert_rest_goes_on(report: dict, good: Path) -> None:
    """The readable file was still read and checked, its findings reported."""
    entry = next(f for f in report["files"] if Path(f["path"]).name == good.name)
    assert entry["forms"] == 5 and not entry["errors"]
    assert any(Path(f["path"]).name == good.name for f in report["findings"])


# --- one bad file next to a good one ---------------------------------------------------------------

@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\r\n", "empty file"),
    ("binary.txt", PNG, "this .txt file is a PNG image"),
    ("mojibake.txt", NOT_UTF8_NOR_GB18030, "cannot decode"),
])
def test_unreadable_file_is_reported_and_the_run_goes_on(tmp_path, name, data, message):
    good = good_copy(tmp_path)
    bad = tmp_path / name
    bad.write_bytes(data)
    code, report, _ = check_json(good, bad)
    assert code == 2
    assert any(message in m for m in errors_of(report)[str(bad)])
    assert_rest_goes_on(report, good)


def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("name,data,message,hint", [
    ("form.txt", PNG, "this .txt file is a PNG image, not text", "no OCR"),
    ("form.txt", b"%PDF-1.4\n%...", "this .txt file is a PDF document, not text", "rename it to .pdf"),
    ("form.xlsx", None, "this .xlsx file is an Excel 97-2003 workbook (.xls), not an Excel workbook",
     "rename it to .xls"),
    ("form.docx", _zip({"a.txt": b"x"}), "this .docx file is a zip archive, not a Word document", "save it again"),
    ("form.xlsx", _zip({"word/document.xml": b"<x/>"}), "this .xlsx file is a Word document (.docx), not an Excel "
     "workbook", "rename it to .docx"),
    ("form.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "this .xls file is an HTML page "
     "(a web export, not an Office file), not an Excel 97-2003 workbook", "save it again as .xlsx"),
    ("form.pdf", "项目名称\t社区养老".encode(), "this .pdf file is not a PDF document but plain text", "rename it to .txt"),
    ("form.doc", None, "this .doc file is an Excel 97-2003 workbook (.xls), not a Word 97-2003 document",
     "rename it to .xls"),
])
def test_a_file_whose_bytes_are_another_format_says_what_it_is(tmp_path, name, data, message, hint):
    import hostile
    if data is None:
        data = hostile.ole_file("Workbook")
    good = good_copy(tmp_path)
    bad = tmp_path / name
    bad.write_bytes(data)
    code, report, _ = check_json(good, bad)
    assert code == 2
    entry = next(f for f in report["files"] if f["path"] == str(bad))
    assert [e["message"] for e in entry["errors"]] == [message]
    assert hint in entry["errors"][0]["hint"]
    assert_rest_goes_on(report, good)


def test_files_perflint_cannot_read_are_listed_never_skipped(tmp_path, monkeypatch):
    """A folder's .wps without LibreOffice and .xls without xlrd or LibreOffice are per-file errors that say
    what to install, in the JSON report and in the text summary."""
    import hostile
    import perflint.sources.convert as convert
    from perflint.cli import main
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    monkeypatch.setitem(sys.modules, "xlrd", None)
    good_copy(tmp_path)
    (tmp_path / "old.wps").write_bytes(hostile.ole_file("WordDocument"))
    (tmp_path / "old.xls").write_bytes(hostile.ole_file("Workbook"))
    (tmp_path / "~$old.xls").write_bytes(b"lock")          # an office lock file is not a form
    (tmp_path / "notes.md").write_text("not a form", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json", "--no-config", "--jobs", "1",
                                       "--lang", "en"])
    assert result.exit_code == 2, result.output
    errors = errors_of(json.loads(result.stdout))
    assert errors == {str(tmp_path / "old.wps"): ["reading .wps files needs LibreOffice (soffice was not found on PATH)"],
                      str(tmp_path / "old.xls"): ["reading .xls files needs xlrd (the optional extra 'office') or "
                                                  "LibreOffice"]}
    text = CliRunner().invoke(main, ["check", str(tmp_path), "--no-config", "--jobs", "1"]).output
    assert "old.wps" in text and "LibreOffice" in text and "old.xls" in text
    assert "读取 .wps 文件需要 LibreOffice" in text and "读取 .xls 文件需要 xlrd" in text   # the run's language


def test_text_output_names_the_file_and_the_problem(tmp_path):
    good = good_copy(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = perflint("check", str(good), str(tmp_path / "empty.txt"), "--no-config", "--jobs", "1")
    assert proc.returncode == 2
    line = next(x for x in proc.stdout.splitlines() if "empty.txt" in x)
    assert "空文件" in line and "[输入错误]" in line     # the default language, Chinese
    assert f"{good}:" in proc.stdout


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "gb18030"])
def test_other_encodings_read_like_utf8(tmp_path, encoding):
    text = SEED.read_text("utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_bytes(text.encode("utf-8"))
    other = tmp_path / "other.txt"
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # with their byte-order mark, as Windows tools write them
        data = ("\ufeff" + text).encode(encoding)
    other.write_bytes(data)
    code_a, a, _ = check_json(plain)
    code_b, b, _ = check_json(other)
    assert code_a == code_b == 1
    strip = lambda r: [(f["code"], f["line"], f["column"], f["message"]) for f in r["findings"]]  # noqa: E731
    assert strip(a) == strip(b)
    assert b["files"][0]["forms"] == 5


def test_file_of_50_mb_is_refused_at_once(tmp_path):
    good = good_copy(tmp_path)
    big = tmp_path / "big.txt"
    chunk = SEED.read_bytes()
    with open(big, "wb") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    start = time.perf_counter()
    code, report, _ = check_json(good, big, timeout=60)
    assert time.perf_counter() - start < 30
    assert code == 2
    (message,) = errors_of(report)[str(big)]
    assert "too large" in message and "50 MB" in message
    entry = next(f for f in report["files"] if f["path"] == str(big))
    assert entry["errors"][0]["hint"].startswith("split it into files under")
    assert_rest_goes_on(report, good)


def test_file_of_50_mb_on_stdin_is_refused(tmp_path):
    data = SEED.read_bytes() * (50 * 1024 * 1024 // len(SEED.read_bytes()) + 1)
    proc = subprocess.run([sys.executable, "-m", "perflint", "check", "-", "--format", "json", "--no-config",
                           "--lang", "en"],
                          input=data, capture_output=True, timeout=60)
    assert proc.returncode == 2
    report = json.loads(proc.stdout)
    assert "too large" in report["files"][0]["errors"][0]["message"]


def test_single_line_of_5_mb(tmp_path):
    good = good_copy(tmp_path)
    long_line = tmp_path / "oneline.txt"
    long_line.write_text("财政项目支出绩效目标申报表\n" + "项目名称\t≥85%<p>" * 500_000 + "\n", "utf-8")
    assert long_line.stat().st_size > 5 * 1024 * 1024
    start = time.perf_counter()
    code, report, _ = check_json(good, long_line, timeout=60)
    assert time.perf_counter() - start < 30
    assert code == 2
    assert any("characters not read" in m for m in errors_of(report)[str(long_line)])
    assert_rest_goes_on(report, good)


def test_missing_path(tmp_path):
    good = good_copy(tmp_path)
    code, report, _ = check_json(good, tmp_path / "nowhere.txt", tmp_path / "no-folder")
    assert code == 2
    errs = errors_of(report)
    assert errs[str(tmp_path / "nowhere.txt")] == ["no such file or folder"]
    assert errs[str(tmp_path / "no-folder")] == ["no such file or folder"]
    assert_rest_goes_on(report, good)


def test_glob_matching_nothing(tmp_path):
    good = good_copy(tmp_path)
    code, report, _ = check_json(good, str(tmp_path / "*.nothing"))
    assert code == 2
    assert "glob matched no file" in errors_of(report)[str(tmp_path / "*.nothing")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads any file whatever its mode; test_unreadable_file_in_process covers it")
def test_file_without_read_permission(tmp_path):
    good = good_copy(tmp_path)
    locked = good_copy(tmp_path, "locked.txt")
    locked.chmod(0)
    try:
        code, report, _ = check_json(good, locked)
    finally:
        locked.chmod(0o644)
    assert code == 2
    assert any("cannot read" in m for m in errors_of(report)[str(locked)])
    assert_rest_goes_on(report, good)


def test_unreadable_file_in_process(tmp_path, monkeypatch):
    """A permission error from open() (as a non-root user gets it) becomes a per-file message."""
    import perflint.sources.files
    from perflint.cli import main

    good = good_copy(tmp_path)
    locked = good_copy(tmp_path, "locked.txt")
    real_open = os.open

    def guarded_open(file, *args, **kwargs):
        if os.fspath(file) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(perflint.sources.files.os, "open", guarded_open)
    result = CliRunner().invoke(main, ["check", str(good), str(locked), "--format", "json", "--no-config",
                                       "--jobs", "1", "--lang", "en"])
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    (message,) = errors_of(report)[str(locked)]
    assert message == "cannot read: Permission denied"
    entry = next(f for f in report["files"] if f["path"] == str(locked))
    assert "permission" in entry["errors"][0]["hint"]
    assert_rest_goes_on(report, good)


def test_folder_of_3000_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    tiny = ("财政项目支出绩效目标申报表\n项目名称\t项目{n}\t主管部门\t城东区教育局\n"
            "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人次\t≥{n}人次\n"
            "满意度指标\t服务对象满意度指标\t满意度\t≥90%\n")
    for n in range(3000):
        (folder / f"f{n:04d}.txt").write_text(tiny.format(n=n + 1), "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    start = time.perf_counter()
    code, report, _ = check_json(folder, jobs="0", timeout=300)
    elapsed = time.perf_counter() - start
    assert code == 2   # the one empty file
    assert report["summary"]["files"] == 3001
    assert report["summary"]["forms"] == 3000
    assert list(errors_of(report)) == [str(folder / "empty.txt")]
    assert elapsed < 240


def test_symlink_loop_is_walked_once(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    good = good_copy(folder, "a.txt")
    (folder / "loop").symlink_to(".", target_is_directory=True)
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    (folder / "self.txt").symlink_to("self.txt")          # a link to itself
    (folder / "dangling.txt").symlink_to("gone.txt")      # a link to nothing
    code, report, _ = check_json(folder, timeout=60)
    paths = [f["path"] for f in report["files"]]
    assert paths.count(str(good)) == 1
    assert sum(1 for p in paths if p.endswith("a.txt")) == 1, paths
    errs = errors_of(report)
    assert any("cannot read" in m for m in errs[str(folder / "self.txt")])
    assert any("cannot read" in m for m in errs[str(folder / "dangling.txt")])
    assert code == 2


# --- side effects ---------------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[str(p)] = (p.read_bytes(), st.st_mtime_ns, st.st_mode)
    return out


@pytest.mark.parametrize("args", [
    ["--format", "json"], ["--format", "text", "--statistics"], ["--jobs", "2"],
])
def test_inputs_are_never_written(tmp_path, args):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for seed in SEEDS:
        shutil.copyfile(seed, inputs / seed.name)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(PNG)
    (inputs / "utf16.txt").write_bytes(SEED.read_text("utf-8").encode("utf-16"))
    before = snapshot(inputs)
    listing = sorted(os.listdir(inputs))
    time.sleep(0.01)
    proc = perflint("check", str(inputs), "--no-config", "-o", str(tmp_path / "report.out"), *args)
    assert proc.returncode == 2, proc.stderr
    assert snapshot(inputs) == before
    assert sorted(os.listdir(inputs)) == listing


def test_no_network_needed(tmp_path):
    """Every socket call fails loudly in the perflint process and its workers; the run is unaffected."""
    good = good_copy(tmp_path)
    for n in range(6):
        shutil.copyfile(SEEDS[n % len(SEEDS)], tmp_path / f"more{n}.txt")
    script = r"""
import socket, sys
def refuse(*a, **k):
    sys.stderr.write("NETWORK USED\n")
    raise OSError("network disabled by the test")
for name in ("connect", "connect_ex", "sendto", "bind"):
    setattr(socket.socket, name, refuse)
socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse
from perflint.cli import main
sys.argv = ["perflint"] + sys.argv[1:]
main()
"""
    for jobs in ("1", "2"):
        proc = subprocess.run([sys.executable, "-c", script, "check", str(tmp_path), "--format", "json",
                               "--no-config", "--jobs", jobs], capture_output=True, text=True, timeout=120,
                              env={k: v for k, v in os.environ.items() if not k.endswith("_PROXY")})
        assert "NETWORK USED" not in proc.stderr
        assert proc.returncode == 1, proc.stderr
        assert json.loads(proc.stdout)["summary"]["files"] == 7
    assert good.exists()


# --- Ctrl-C ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def large_corpus(tmp_path_factory):
    return seed_copies(tmp_path_factory.mktemp("large"), 400, "batch")


@pytest.mark.parametrize("jobs,whole_group", [("1", False), ("1", True), ("2", False), ("2", True)])
def test_ctrl_c_exits_130_without_traceback(tmp_path, large_corpus, jobs, whole_group):
    """SIGINT to perflint (or, as a terminal's Ctrl-C does, to its whole process group) mid-run."""
    out = tmp_path / "report.txt"
    proc = subprocess.Popen([sys.executable, "-m", "perflint", "check", str(large_corpus), "--no-config",
                             "--jobs", jobs, "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        # wait until the run is under way: findings are being written (to the temporary file beside the
        # report, which replaces the report when the run ends)
        while time.monotonic() < deadline and proc.poll() is None:
            if any(t.stat().st_size > 0 for t in tmp_path.glob(".report.txt.*.tmp")):
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the corpus was checked before the test could interrupt it"
        err = interrupt(proc, whole_group)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "interrupted" in err
    assert not out.exists() and not list(tmp_path.glob(".report.txt.*")), "no half-written report is left"
    # no worker outlives the run
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)
