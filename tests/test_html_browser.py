"""The HTML report of the seed forms opened in headless Chromium: the DOM after the page's script has run,
the filters driven through the page's ``#selftest=`` hook, and a screenshot kept in tests/artifacts/."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium",
                             shutil.which("google-chrome")) if p and Path(p).exists()), None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium); "
                                                         "the browser test of the HTML report needs it")


def chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", *args, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class Dom(HTMLParser):
    """The elements of a dumped DOM with their attributes (``hidden`` shows up as an attribute)."""

    def __init__(self, text: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, str] = {}
        self._open: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        self._open.append(a.get("data-summary", ""))

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._open and self._open[-1]:
            self.texts[self._open[-1]] = self.texts.get(self._open[-1], "") + data

    def find(self, tag: str, **attr: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements
                if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attr.items())]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    html, js = folder / "report.html", folder / "report.json"
    for fmt, target in (("html", html), ("json", js)):
        run = subprocess.run([sys.executable, "-m", "perflint.cli", "check", "--no-config", "tests/fixtures/seeds",
                              "--format", fmt, "-o", str(target)], cwd=ROOT, capture_output=True, text=True)
        assert run.returncode == 1, run.stderr
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(html, ARTIFACTS / "report.html")
    return html, json.loads(js.read_text("utf-8")), folder / "profile"


def dump(page, fragment: str = "") -> Dom:
    html, _, profile = page
    run = chromium(html.as_uri() + fragment, profile, "--dump-dom")
    assert run.returncode == 0 and "<html" in run.stdout, run.stderr[-2000:]
    return Dom(run.stdout)


def findings(dom: Dom) -> list[dict[str, str]]:
    return [a for t, a in dom.elements if t == "li" and "data-id" in a]


def test_summary_and_every_finding_after_the_script_ran(page):
    _, report, _ = page
    dom = dump(page)
    root = dom.find("html")[0]
    assert root.get("data-ready") == "1"  # the inline script ran to its end
    s = report["summary"]
    for key, expected in (("files", s["files"]), ("forms", s["forms"]), ("findings", s["findings"]),
                          ("error", s["by_severity"]["error"]), ("warning", s["by_severity"]["warning"]),
                          ("info", s["by_severity"]["info"])):
        assert int(dom.texts[key]) == expected, key
    items = findings(dom)
    assert sorted(a["data-id"] for a in items) == sorted(f"F{n}" for n in range(1, len(report["findings"]) + 1))
    assert Counter((a["data-path"], int(a["data-line"]), int(a["data-column"]), a["data-rule"]) for a in items) == \
        Counter((f["path"], f["line"], f["column"], f["code"]) for f in report["findings"])
    assert not any("hidden" in a for a in items)
    assert dom.find("span", id="showing")[0]["data-shown"] == str(s["findings"])


def test_severity_filter_hides_the_other_findings(page):
    _, report, _ = page
    dom = dump(page, "#selftest=severity:warning")
    assert dom.find("html")[0].get("data-selftest") == "applied severity:warning"
    items = findings(dom)
    shown = [a for a in items if "hidden" not in a]
    assert shown and all(a["data-severity"] == "warning" for a in shown)
    assert all("hidden" in a for a in items if a["data-severity"] != "warning")
    assert len(shown) == report["summary"]["by_severity"]["warning"]
    assert dom.find("span", id="showing")[0]["data-shown"] == str(len(shown))
    # the chips in the indicator tables follow the same filter
    chips = [a for t, a in dom.elements if t == "a" and "chip" in a.get("class", "")]
    assert chips and all(("hidden" in a) == (a["data-severity"] != "warning") for a in chips)


def test_rule_filter_and_hiding_forms_without_findings(page):
    _, report, _ = page
    code = Counter(f["code"] for f in report["findings"]).most_common(1)[0][0]
    dom = dump(page, f"#selftest=rule:{code};clean:1")
    items = findings(dom)
    assert {a["data-rule"] for a in items if "hidden" not in a} == {code}
    forms_with = {(f["path"], f["form"]) for f in report["findings"] if f["code"] == code}
    sections = [a for t, a in dom.elements if t == "section" and "form" in a.get("class", "").split()]
    visible = [(a["data-path"], int(a["data-form"])) for a in sections if "hidden" not in a and a["data-form"]]
    assert set(visible) == forms_with
    # and back: no fragment, nothing hidden
    assert not any("hidden" in a for a in findings(dump(page)))


def test_screenshot(page):
    html, _, profile = page
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run = chromium(html.as_uri(), profile, f"--screenshot={shot}", "--window-size=1280,2000",
                   "--hide-scrollbars")
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
