"""`perflint serve` over HTTP (Starlette's TestClient): a batch checked end to end, and every limit and bad
upload refused with a clear page while the server stays up — oversized files and batches, too many files,
zip bombs built here, ``../`` and absolute paths and symlinks in zips, wrong types, missing or foreign CSRF
tokens —, the uploads deleted once read, the security headers, the language switch, escaping."""
from __future__ import annotations

import io
import json
import re
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="perflint serve needs the serve extra (pip install 'perflint[serve]')")
pytest.importorskip("multipart", reason="perflint serve needs python-multipart (the serve extra)")

from starlette.testclient import TestClient  # noqa: E402

from perflint.config import Config  # noqa: E402
from perflint.serve.app import ServeSettings, create_app  # noqa: E402
from perflint.serve.batches import QueueSettings  # noqa: E402
from perflint.serve.limits import Limits  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
BROKEN = b"\x00\x01\x02\x03 not a form \xff\xfe\x00" * 40


def make_client(tmp_path: Path, limits: Limits | None = None, queue: QueueSettings | None = None,
                **settings) -> TestClient:
    s = ServeSettings(limits=limits or Limits(), queue=queue or QueueSettings(workers=1),
                      allowed_hosts=("testserver",), temp_root=str(tmp_path), **settings)
    return TestClient(create_app(Config(), s), raise_server_exceptions=False)


@pytest.fixture
def client(tmp_path):
    with make_client(tmp_path) as c:
        yield c


@pytest.fixture
def small(tmp_path):
    """A server with small limits: 64 KB a file, 400 KB a batch, 8 files, 20 zip members."""
    limits = Limits(max_file_bytes=64 * 1024, max_batch_bytes=400 * 1024, max_files=8, max_zip_members=20,
                    max_document_bytes=2 * 1024 * 1024)
    with make_client(tmp_path, limits) as c:
        yield c


def token(client: TestClient) -> str:
    page = client.get("/")
    assert page.status_code == 200
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def post(client: TestClient, files: list[tuple[str, bytes]], csrf: str | None = "auto", **data):
    fields = dict(data)
    if csrf == "auto":
        csrf = token(client)
    if csrf is not None:
        fields["csrf_token"] = csrf
    parts = [("files", (name, body, "application/octet-stream")) for name, body in files]
    return client.post("/upload", data=fields, files=parts or None, follow_redirects=False)


def wait(client: TestClient, job: str, timeout: float = 120) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        status = client.get(job + "/status").json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.2)
    raise AssertionError(f"{job} did not finish: {status}")


def counts(page: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', page)}


def examples() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in EXAMPLES]


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buf.getvalue()


def still_up(client: TestClient) -> None:
    assert client.get("/healthz").text == "ok"
    assert client.get("/").status_code == 200


def refused(response, status: int, *words: str) -> str:
    assert response.status_code == status, response.text[:500]
    assert "text/html" in response.headers["content-type"]
    message = re.search(r'id="error-message">(.*?)</p>', response.text, re.S).group(1)
    for w in words:
        assert w in message, (w, message)
    return message


def cli_json(folder: Path) -> dict:
    run = subprocess.run([sys.executable, "-m", "perflint.cli", "check", "--no-config", "--format", "json", "."],
                         cwd=folder, capture_output=True, text=True)
    assert run.returncode in (1, 2), run.stderr
    return json.loads(run.stdout)


# --- a batch end to end ----------------------------------------------------------------------------------

def test_a_batch_with_a_broken_file_is_checked_like_the_command_line(client, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    files = examples() + [("坏文件.txt", BROKEN)]
    for name, body in files:
        (batch / name).write_bytes(body)
    response = post(client, files)
    assert response.status_code == 303
    job = response.headers["location"]
    assert wait(client, job)["state"] == "done"
    page = client.get(job)
    expected = cli_json(batch)["summary"]
    got = counts(page.text)
    assert got == {"files": expected["files"], "forms": expected["forms"], "findings": expected["findings"],
                   **expected["by_severity"], "file_errors": expected["file_errors"]}
    assert got["file_errors"] == 1 and got["forms"] > 0   # the broken file cost only itself
    assert "坏文件.txt" in page.text
    # the downloads: each the reporter's own output for the same run
    report = client.get(job + "/download/json").json()
    assert report["summary"]["findings"] == expected["findings"]
    assert {f["path"] for f in report["findings"]} <= {name for name, _ in files}  # names as sent, no server path
    sarif = client.get(job + "/download/sarif").json()
    assert sum(len(r["results"]) for r in sarif["runs"]) == expected["findings"]
    xlsx = client.get(job + "/download/xlsx")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in xlsx.headers["content-disposition"]
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True)
    # the workbook lists problems and reader notes on sheets of their own
    assert wb["问题清单"].max_row - 1 + wb["识别提示"].max_row - 1 == expected["findings"]
    html = client.get(job + "/download/html")
    assert "attachment" in html.headers["content-disposition"] and "<html" in html.text


def test_the_report_is_the_html_reporters_own_page_in_a_sandbox(client):
    job = post(client, examples()[:2]).headers["location"]
    wait(client, job)
    page = client.get(job)
    assert f'src="{job}/report"' in page.text and 'sandbox="allow-scripts' in page.text
    report = client.get(job + "/report")
    assert report.status_code == 200
    assert report.text == client.get(job + "/download/html").text
    csp = report.headers["content-security-policy"]
    assert "sandbox allow-scripts" in csp and "default-src 'none'" in csp and "'sha256-" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]   # scripts by hash only
    assert report.headers["x-frame-options"] == "SAMEORIGIN"


def test_every_page_has_the_security_headers_and_the_session_cookie_is_strict(client):
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/static/app.js").status_code == 200


def test_pages_are_chinese_by_default_with_an_english_switch(client):
    assert "上传一批表格" in client.get("/").text and 'lang="zh-CN"' in client.get("/").text
    switched = client.get("/lang/en?next=/", follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/"
    page = client.get("/")
    assert "Upload a batch of forms" in page.text and '<html lang="en">' in page.text
    # the switch never sends the browser to another site
    assert client.get("/lang/zh?next=//evil.example/", follow_redirects=False).headers["location"] == "/"
    # an upload made in English is reported in English, as `perflint check --lang en` reports it
    name, body = examples()[0]
    job = post(client, [(name, body)], lang="en").headers["location"]
    wait(client, job)
    messages = [f["message"] for f in client.get(job + "/download/json").json()["findings"]]
    run = subprocess.run([sys.executable, "-m", "perflint.cli", "check", "--no-config", "--lang", "en", "--format",
                          "json", name], cwd=ROOT / "examples", capture_output=True, text=True)
    assert messages == [f["message"] for f in json.loads(run.stdout)["findings"]] and messages


def test_a_folder_and_a_zip_keep_their_paths_and_leave_out_other_files(client):
    body = examples()[0][1]
    folder = [("部门A/2026/a.txt", body), ("部门A/说明.md", b"notes"), ("部门A/.DS_Store", b"\0")]
    archive = zipped({"b.txt": body, "sub/c.txt": body, "__MACOSX/._b.txt": b"x", "readme.md": b"x"})
    job = post(client, folder[:1] + [("批次.zip", archive)]).headers["location"]
    assert wait(client, job)["state"] == "done"
    paths = {f["path"] for f in client.get(job + "/download/json").json()["findings"]}
    assert paths == {"部门A/2026/a.txt", "批次/b.txt", "批次/sub/c.txt"}
    page = client.get(job).text
    assert "批次.zip/readme.md" in page   # what was left out is listed


def test_a_zip_with_gbk_names_is_read_with_its_chinese_names(client):
    class Windows(zipfile.ZipInfo):
        """A member named as Chinese Windows names it: GBK bytes, no UTF-8 flag."""

        def _encodeFilenameFlags(self):
            return self.filename.encode("cp437"), self.flag_bits
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(Windows("民政局申报表.txt".encode("gb18030").decode("cp437")), examples()[0][1])
    job = post(client, [("部门.zip", buf.getvalue())]).headers["location"]
    assert wait(client, job)["state"] == "done"
    paths = {f["path"] for f in client.get(job + "/download/json").json()["findings"]}
    assert paths == {"部门/民政局申报表.txt"}


# --- limits and bad uploads: a clear page, the server still up -------------------------------------------

def test_an_oversized_file_is_refused(small):
    message = refused(post(small, [("big.txt", b"x" * (65 * 1024))]), 413, "big.txt", "0.0625 MB")
    assert message
    still_up(small)


def test_a_batch_over_its_size_is_refused_before_it_is_read(small):
    body = b"x" * (60 * 1024)
    refused(post(small, [(f"f{n}.txt", body) for n in range(8)]), 413)
    still_up(small)


def test_a_request_growing_past_the_limit_while_streaming_is_cut_off(small):
    csrf = token(small)

    def chunks():
        for _ in range(200):
            yield b"y" * 8192
    response = small.post("/upload", content=chunks(), headers={
        "content-type": "multipart/form-data; boundary=xyz", "x-csrf-token": csrf})
    refused(response, 413)
    still_up(small)


def test_too_many_files_are_refused(small):
    body = examples()[0][1][:1000]
    refused(post(small, [(f"f{n}.txt", body) for n in range(9)]), 413, "8")
    still_up(small)


def test_too_many_files_inside_a_zip_are_refused(small):
    body = b"form"
    refused(post(small, [("many.zip", zipped({f"f{n}.txt": body for n in range(12)}))]), 413, "8")
    refused(post(small, [("entries.zip", zipped({f"d{n}/": b"" for n in range(25)}))]), 413, "25", "20")
    still_up(small)


def test_a_zip_bomb_built_here_is_refused_before_it_is_unpacked(small, tmp_path):
    bomb = zipped({"bomb.txt": b"\0" * (20 * 1024 * 1024)})           # 20 MB of zeros in ~20 KB
    assert len(bomb) < 100 * 1024
    refused(post(small, [("bomb.zip", bomb)]), 413, "bomb.zip")
    # a bomb nested in an innocent-looking archive: its one large member is judged on its own
    nested = zipped({"a.txt": b"form " * 10, "b.txt": b"\0" * (20 * 1024 * 1024)}, zipfile.ZIP_DEFLATED)
    refused(post(small, [("nested.zip", nested)]), 413)
    # an Excel file is a zip too
    refused(post(small, [("bomb.xlsx", zipped({"xl/worksheets/sheet1.xml": b"<c/>" * (1024 * 1024)}))]), 413, "bomb.xlsx")
    assert not list(tmp_path.rglob("bomb.txt")) and not list(tmp_path.rglob("b.txt"))
    still_up(small)


@pytest.mark.parametrize("member", ["../evil.txt", "a/../../evil.txt", "/etc/evil.txt", "C:\\evil.txt",
                                    "..\\..\\evil.txt", "ok/\x01.txt"])
def test_a_zip_with_an_unsafe_path_is_refused_whole(small, tmp_path, member):
    archive = zipped({"good.txt": b"form", member: b"pwned"})
    refused(post(small, [("batch.zip", archive)]), 400, "batch.zip")
    assert not list(tmp_path.rglob("evil.txt")) and not list(tmp_path.parent.rglob("evil.txt"))
    assert not list(tmp_path.rglob("good.txt"))  # the refused upload's folder is gone
    still_up(small)


def test_a_zip_with_a_symlink_is_refused(small, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    refused(post(small, [("links.zip", buf.getvalue())]), 400, "link.txt")
    still_up(small)


@pytest.mark.parametrize("name", ["../up.txt", "/abs/up.txt", "a/../../up.txt", "bad\x01name.txt"])
def test_an_unsafe_file_name_is_refused(small, name):
    # the multipart body written by hand: a client library would clean the name before sending it
    csrf = token(small)
    body = (b"--b0\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + csrf.encode() +
            b"\r\n--b0\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name.encode() +
            b"\"\r\nContent-Type: text/plain\r\n\r\nform\r\n--b0--\r\n")
    response = small.post("/upload", content=body, headers={"content-type": "multipart/form-data; boundary=b0"})
    refused(response, 400)
    still_up(small)


@pytest.mark.parametrize("name", ["setup.exe", "图片.png", "notes.md", "data.json"])  # .doc and .wps are read (LibreOffice)
def test_a_file_of_the_wrong_type_is_refused(small, name):
    refused(post(small, [("ok.txt", b"form"), (name, b"MZ\x90\x00")]), 415, name, ".txt")
    still_up(small)


def test_a_damaged_zip_and_an_empty_upload_are_refused(small):
    refused(post(small, [("damaged.zip", b"PK\x03\x04 not really")]), 400, "damaged.zip")
    refused(post(small, []), 400)
    refused(post(small, [("only.zip", zipped({"readme.md": b"x"}))]), 400)
    still_up(small)


def test_a_post_without_a_valid_csrf_token_is_refused(client):
    csrf = token(client)
    refused(post(client, examples()[:1], csrf=None), 403, "CSRF")
    refused(post(client, examples()[:1], csrf="forged"), 403, "CSRF")
    # a page of another site posting with the reviewer's cookie
    refused(client.post("/upload", data={"csrf_token": csrf}, files=[("files", ("a.txt", b"x"))],
                        headers={"origin": "https://evil.example"}), 403)
    # a browser without a session (SameSite kept its cookie from a cross-site post): refused before reading
    fresh = TestClient(client.app, raise_server_exceptions=False)
    refused(fresh.post("/upload", data={"csrf_token": csrf}, files=[("files", ("a.txt", b"x"))]), 403)
    # the other POSTs too
    refused(client.post("/logout", data={}), 403)
    still_up(client)


def test_the_upload_script_gets_errors_as_json(small):
    csrf = token(small)
    response = small.post("/upload", files=[("files", ("x.exe", b"MZ"))],
                          headers={"accept": "application/json", "x-csrf-token": csrf})
    assert response.status_code == 415
    assert "x.exe" in response.json()["error"]["message"]


def test_uploads_are_deleted_once_read(client, tmp_path):
    job = post(client, examples()[:2]).headers["location"]
    assert wait(client, job)["state"] == "done"
    job_id = job.rsplit("/", 1)[1]
    folders = list(tmp_path.glob(f"perflint-serve-*/{job_id}"))
    assert folders and not (folders[0] / "upload").exists()
    assert {p.name for p in (folders[0] / "out").iterdir()} == {"report.html", "report.xlsx", "report.json",
                                                                  "report.sarif"}
    assert not [p for p in tmp_path.rglob("*.txt")]
    refused(post(client, [("x.exe", b"MZ")]), 415)
    assert len(list(tmp_path.glob("perflint-serve-*/*"))) == 1  # the refused upload left nothing


def test_the_server_is_gone_clean_when_stopped(tmp_path):
    with make_client(tmp_path) as c:
        wait(c, post(c, examples()[:1]).headers["location"])
        assert list(tmp_path.glob("perflint-serve-*"))
    assert not list(tmp_path.glob("perflint-serve-*"))


# --- batches: one reviewer's cannot be seen by another, limits on waiting, a batch over its time ------------

def test_another_browser_cannot_see_a_batch(client):
    job = post(client, examples()[:1]).headers["location"]
    wait(client, job)
    other = TestClient(client.app, raise_server_exceptions=False)
    for path in ("", "/status", "/report", "/download/xlsx"):
        assert other.get(job + path).status_code == 404
    assert client.get("/jobs/nonexistent").status_code == 404


def test_a_batch_over_its_time_limit_fails_alone(tmp_path):
    with make_client(tmp_path, queue=QueueSettings(workers=1, job_time_limit=0.05)) as c:
        job = post(c, examples()).headers["location"]
        status = wait(c, job)
        assert status["state"] == "failed"
        page = c.get(job)
        assert page.status_code == 500 and "0.05" in page.text
        still_up(c)


def test_a_full_queue_is_refused_with_429(tmp_path):
    with make_client(tmp_path, queue=QueueSettings(workers=1, max_jobs=1, max_waiting_each=1)) as c:
        first = post(c, examples())
        assert first.status_code == 303
        refused(post(c, examples()[:1]), 429, "1")
        wait(c, first.headers["location"])
        assert post(c, examples()[:1]).status_code == 303


def test_the_status_answers_while_a_batch_runs(client):
    url = post(client, [(f"{n}_{name}", body) for n in range(4) for name, body in examples()]).headers["location"]
    states = set()
    for _ in range(200):
        s = client.get(url + "/status").json()
        states.add(s["state"])
        if s["state"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert "done" in states and states & {"queued", "running", "writing"}


# --- escaping -------------------------------------------------------------------------------------------

def test_hostile_names_are_escaped_on_every_page(client):
    from history_forms import target_form
    evil = '<img src=x onerror=alert(1)>'
    form = target_form(2026, f"项目{evil}").encode("utf-8")
    archive = zipped({f"{evil}.md": b"left out", "a.txt": form})
    job = post(client, [(f"{evil}.txt", form), ("z.zip", archive)]).headers["location"]
    assert wait(client, job)["state"] == "done"
    pages = [client.get(job).text, client.get(job + "/report").text, client.get("/").text]
    for page in pages:
        assert evil not in page
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    # the left-out member; the file and the project (the report page carries them in its data, escaped)
    assert escaped in pages[0] and "\\u003cimg src=x onerror=alert(1)\\u003e" in pages[1]
    assert f"{evil}.txt" in {f["path"] for f in client.get(job + "/download/json").json()["files"]}
