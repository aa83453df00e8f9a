"""`perflint serve` in a real browser: Playwright drives the distribution's Chromium (never a downloaded
one) against the server started as a reviewer starts it. A batch of the example forms plus one broken file
is uploaded, the page's counts are compared with `perflint check --format json` on the same files, the
xlsx is downloaded and read back, drag and drop is used, and — with a store — a resubmission shows what was
fixed. Screenshots of the upload page and of a report are kept in tests/artifacts/."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).exists()), None)

try:
    import playwright.sync_api as pw
except ImportError:  # pragma: no cover - the dev extra installs it
    pw = None

pytestmark = [
    pytest.mark.skipif(pw is None, reason="the browser tests need playwright (pip install -e '.[dev]')"),
    pytest.mark.skipif(CHROMIUM is None, reason="the browser tests need Chromium (apt-get install chromium)"),
]
pytest.importorskip("starlette", reason="perflint serve needs the serve extra (pip install 'perflint[serve]')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`perflint serve --history` on a free port of localhost; stopped (and its temporary files gone) after."""
    home = tmp_path_factory.mktemp("serve")
    port = _free_port()
    log = open(home / "server.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "perflint.cli", "serve", "--no-config", "--port", str(port),
                                "--history", str(home / "perflint.db")], cwd=home, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url + "/healthz", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    else:
        process.kill()
        pytest.fail("the server did not start: " + (home / "server.log").read_text())
    assert process.poll() is None, (home / "server.log").read_text()
    yield url, home
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


@pytest.fixture(scope="module")
def browser():
    with pw.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.refusals_expected = False
    yield page
    context.close()
    # no script error and no Content-Security-Policy violation on any page shown (a refused upload's
    # status is logged by the browser as a failed resource: expected where a test makes one)
    if page.refusals_expected:
        errors = [e for e in errors if not e.startswith("Failed to load resource")]
    assert not errors, errors


def batch_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for p in EXAMPLES:
        shutil.copy(p, folder / p.name)
    (folder / "损坏的表格.txt").write_bytes(b"\x00\x01PK\x03\x04 broken \xff\xfe" * 64)
    return folder


def cli_summary(folder: Path) -> dict:
    run = subprocess.run([sys.executable, "-m", "perflint.cli", "check", "--no-config", "--format", "json", "."],
                         cwd=folder, capture_output=True, text=True)
    return json.loads(run.stdout)["summary"]


def wait_for_result(page) -> None:
    page.wait_for_url("**/jobs/*", timeout=60000)
    page.wait_for_selector("#summary", timeout=180000)


def test_a_batch_uploaded_in_the_browser_matches_the_command_line(server, page, tmp_path):
    url, _ = server
    folder = batch_folder(tmp_path)
    page.goto(url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.set_input_files("#files", sorted(str(p) for p in folder.iterdir()))
    assert "已选 6 个文件" in page.inner_text("#chosen-summary")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-upload.png"))
    page.click("#submit")
    wait_for_result(page)
    expected = cli_summary(folder)
    shown = {k: int(page.inner_text(f'[data-count="{k}"]')) for k in
             ("files", "forms", "findings", "error", "warning", "info", "file_errors")}
    assert shown == {"files": expected["files"], "forms": expected["forms"], "findings": expected["findings"],
                     **expected["by_severity"], "file_errors": expected["file_errors"]}
    assert shown["file_errors"] == 1 and "损坏的表格.txt" in page.inner_text("#summary")
    # the report in its frame is the HTML report, its script run under the report's policy
    frame = page.frame_locator("#report")
    frame.locator("html[data-ready]").wait_for(timeout=30000)
    summary_counts = frame.locator("[data-summary=findings]")
    if summary_counts.count():   # problems and reader notes are counted apart
        notes = int(frame.locator("[data-summary=notes]").first.inner_text())
        assert int(summary_counts.first.inner_text()) + notes == expected["findings"]
    page.screenshot(path=str(ARTIFACTS / "serve-report.png"))
    # the xlsx download, read back
    with page.expect_download() as info:
        page.click('a[data-format="xlsx"]')
    download = info.value
    target = tmp_path / "report.xlsx"
    download.save_as(str(target))
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(target, read_only=True)
    assert wb["问题清单"].max_row - 1 + wb["识别提示"].max_row - 1 == expected["findings"]
    assert wb.worksheets[0].max_row - 1 == expected["forms"]


def test_drag_and_drop_and_the_english_switch(server, page):
    url, _ = server
    page.goto(url + "/")
    page.click("text=English")
    # the English page reloads: its deferred script must have run before a drop can be heard
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    names = [p.name for p in EXAMPLES[:2]]
    bodies = [p.read_text("utf-8") for p in EXAMPLES[:2]]
    page.evaluate("""([names, bodies]) => {
        const dt = new DataTransfer();
        names.forEach((n, i) => dt.items.add(new File([bodies[i]], n, {type: "text/plain"})));
        dt.items.add(new File(["x"], "notes.md"));
        document.getElementById("drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true}));
    }""", [names, bodies])
    assert "2 files chosen" in page.inner_text("#chosen-summary") and "1 files" in page.inner_text("#chosen-summary")
    page.click("#submit")
    wait_for_result(page)
    assert int(page.inner_text('[data-count="files"]')) == 2
    assert "Review result" in page.inner_text("h1")


def test_a_resubmission_in_the_browser_shows_what_was_fixed(server, page, tmp_path):
    from history_forms import ELDERLY, target_form
    url, _ = server
    project = "浏览器测试养老服务项目"
    v1 = target_form(2026, project, [i.but(target="≥600") if i.name == "服务老人人数" else i for i in ELDERLY])
    v2 = target_form(2026, project, ELDERLY)
    for name, text in (("第一次.txt", v1), ("重报.txt", v2)):
        page.goto(url + "/")
        page.set_input_files("#files", files=[{"name": name, "mimeType": "text/plain", "buffer": text.encode()}])
        page.click("#submit")
        wait_for_result(page)
    row = page.locator(f'#resubmissions tr.resubmission[data-project="{project}"]')
    assert int(row.get_attribute("data-fixed")) >= 1 and row.get_attribute("data-new") == "0"
    assert "PF304" in page.inner_text("#resubmissions")
    # and from there to the project's history: two versions of 2026
    row.locator("a").click()
    page.wait_for_selector("table.versions")
    assert page.locator('table.versions[data-year="2026"] tbody tr').count() == 2


def test_a_bad_upload_in_the_browser_says_why(server, page, tmp_path):
    url, _ = server
    page.refusals_expected = True
    page.goto(url + "/")
    # the page filters what it cannot read; a zip that is none reaches the server, which says why
    page.set_input_files("#files", files=[{"name": "坏的.zip", "mimeType": "application/zip", "buffer": b"PK no"}])
    page.click("#submit")
    page.wait_for_selector("#upload-error:not([hidden])")
    assert "坏的.zip" in page.inner_text("#upload-error")
    assert os.path.basename(page.url) == ""   # still on the upload page
