"""The HTML report opened in headless Chromium: the DOM after the page's script has built the forms, the
filters driven through the page's ``#filter=`` hook, forms rendered on demand, hostile text shown inert,
printing, and a screenshot kept in tests/artifacts/."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from report_forms import batch, target_form

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium",
                             shutil.which("google-chrome")) if p and Path(p).exists()), None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium); "
                                                         "the browser test of the HTML report needs it")
RLO, PDF = "\u202e", "\u202c"


def chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", *args, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class Dom(HTMLParser):
    """The elements of a dumped DOM with their attributes (``hidden`` shows up as an attribute)."""

    def __init__(self, text: str):
        super().__init__()
        self.raw = text
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

    def findings(self) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == "li" and "data-id" in a]

    def sections(self) -> list[dict[str, str]]:
        # the <template> holds a section too, without an id
        return [a for t, a in self.elements if t == "section" and "form" in a.get("class", "").split() and a.get("id")]


def write_reports(folder: Path, *paths: str, cwd: Path = ROOT) -> tuple[Path, dict]:
    html, js = folder / "report.html", folder / "report.json"
    for fmt, target in (("html", html), ("json", js)):
        run = subprocess.run([sys.executable, "-m", "perflint.cli", "check", "--no-config", *paths,
                              "--format", fmt, "-o", str(target)], cwd=cwd, capture_output=True, text=True)
        assert run.returncode == 1, run.stderr
    return html, json.loads(js.read_text("utf-8"))


def is_note(f: dict) -> bool:
    return f["group"] == "extraction" and not f["binding"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    html, report = write_reports(folder, "tests/fixtures/seeds")
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(html, ARTIFACTS / "report.html")
    return html, report, folder / "profile"


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """Sixty forms of three departments: more than one page of forms."""
    folder = tmp_path_factory.mktemp("big")
    text, facts = batch(60, ["甲市民政局", "乙市教育局", "丙市卫生健康委员会"], seed=7)
    (folder / "batch.txt").write_text(text, "utf-8")
    html, report = write_reports(folder, "batch.txt", cwd=folder)
    return html, report, folder / "profile"


def dump(page, fragment: str = "") -> Dom:
    html, _, profile = page
    run = chromium(html.as_uri() + fragment, profile, "--dump-dom")
    assert run.returncode == 0 and "<html" in run.stdout, run.stderr[-2000:]
    dom = Dom(run.stdout)
    assert dom.find("html")[0].get("data-ready") == "1", "the page's script did not run to its end"
    return dom


def test_summary_and_every_finding_after_the_script_ran(page):
    _, report, _ = page
    dom = dump(page, "#filter=all:1")
    defects = [f for f in report["findings"] if not is_note(f)]
    s = report["summary"]
    for key, expected in (("files", s["files"]), ("forms", s["forms"]), ("findings", len(defects)),
                          ("error", sum(f["severity"] == "error" for f in defects)),
                          ("warning", sum(f["severity"] == "warning" for f in defects)),
                          ("info", sum(f["severity"] == "info" for f in defects)),
                          ("notes", len(report["findings"]) - len(defects))):
        assert int(dom.texts[key]) == expected, key
    items = dom.findings()
    assert sorted(a["data-id"] for a in items) == sorted(f"F{n}" for n in range(1, len(report["findings"]) + 1))
    assert Counter((a["data-path"], int(a["data-line"]), int(a["data-column"]), a["data-rule"]) for a in items) == \
        Counter((f["path"], f["line"], f["column"], f["code"]) for f in report["findings"])
    # reader notes sit in their own box, apart from the defects
    assert Counter(a["data-rule"] for a in items if a.get("data-note")) == \
        Counter(f["code"] for f in report["findings"] if is_note(f))
    assert not any("hidden" in a for a in items)
    assert dom.find("span", id="showing")[0]["data-shown"] == str(len(defects))
    assert len([a for a in dom.sections() if a["data-form"]]) == s["forms"]


def test_rule_titles_basis_and_binding_in_each_finding(page):
    dom = dump(page, "#filter=all:1")
    assert "缺少满意度指标" in dom.raw and "依据：财预〔2021〕101号" in dom.raw
    assert "约束性" in dom.raw and "参考性" in dom.raw and "依据：经验规则" in dom.raw


def test_severity_filter_hides_the_other_findings(page):
    _, report, _ = page
    dom = dump(page, "#selftest=severity:warning;all:1")
    assert dom.find("html")[0].get("data-selftest") == "applied severity:warning;all:1"
    items = [a for a in dom.findings() if not a.get("data-note")]
    shown = [a for a in items if "hidden" not in a]
    assert shown and all(a["data-severity"] == "warning" for a in shown)
    assert all("hidden" in a for a in items if a["data-severity"] != "warning")
    assert len(shown) == sum(f["severity"] == "warning" and not is_note(f) for f in report["findings"])
    assert dom.find("span", id="showing")[0]["data-shown"] == str(len(shown))
    # the chips in the indicator tables follow the same filter
    chips = [a for t, a in dom.elements if t == "a" and "chip" in a.get("class", "") and not a.get("data-note")]
    assert chips and all(("hidden" in a) == (a["data-severity"] != "warning") for a in chips)


def test_rule_filter_and_hiding_forms_without_findings(page):
    _, report, _ = page
    code = Counter(f["code"] for f in report["findings"]).most_common(1)[0][0]
    dom = dump(page, f"#selftest=rule:{code};clean:1;all:1")
    assert {a["data-rule"] for a in dom.findings() if "hidden" not in a} == {code}
    forms_with = {(f["path"], f["form"]) for f in report["findings"] if f["code"] == code}
    visible = [(a["data-path"], int(a["data-form"])) for a in dom.sections() if a["data-form"]]
    assert set(visible) == forms_with
    # and back: no fragment, nothing hidden
    assert not any("hidden" in a for a in dump(page).findings())


def test_forms_are_built_on_demand(big):
    _, report, _ = big
    first = dump(big)
    assert len(first.sections()) == 20 and len(first.find("tr", data_form_id="form-1")) == 1
    more = first.find("button", id="more-forms")[0]
    assert "hidden" not in more
    # the quality table lists every form; the sections wait until asked for
    assert len([a for t, a in first.elements if t == "tr" and "data-form-id" in a]) == 60
    # a form far down is shown with the forms after it, not with all fifty-four before it
    one = dump(big, "#form-55")
    assert [a["id"] for a in one.sections()] == [f"form-{n}" for n in range(55, 61)]
    assert "hidden" not in one.find("button", id="from-start")[0]
    near = dump(big, "#form-7")
    assert [a["id"] for a in near.sections()] == [f"form-{n}" for n in range(1, 21)]
    every = dump(big, "#filter=all:1")
    assert len(every.sections()) == 60 and len(every.findings()) == len(report["findings"])


def test_department_filter(big):
    _, report, _ = big
    dom = dump(big)
    rows = [a for t, a in dom.elements if t == "tr" and "data-dept" in a and "data-name" in a]
    assert {a["data-name"] for a in rows} == {"甲市民政局", "乙市教育局", "丙市卫生健康委员会"}
    for row in rows:
        only = dump(big, f"#filter=dept:{row['data-dept']};all:1")
        sections = only.sections()
        assert sections and {a["data-dept"] for a in sections} == {row["data-dept"]}
        assert len(sections) == int(row["data-forms"]) == 20
        shown = [a for a in only.findings() if not a.get("data-note")]
        assert len(shown) == int(row["data-errors"]) + int(row["data-warnings"])
        assert only.find("span", id="showing")[0]["data-forms"] == "20"


def test_worst_first(big):
    dom = dump(big, "#filter=sort:worst;all:1")
    scores = [int(a["data-score"]) for a in dom.sections()]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    by_file = [a["id"] for a in dump(big, "#filter=all:1").sections()]
    assert by_file == [f"form-{n}" for n in range(1, 61)]


def test_hostile_project_names_are_inert(tmp_path):
    """Names as the reader keeps them (it drops tags that parse as tags) and, fed to the reporter directly,
    real tags: every one shows as text."""
    names = ["< script>document.title='pwned'< /script>", "正常" + RLO + "exe.txt" + PDF, "控制\x1b[31m字符\x07"]
    text = "\n".join(target_form(n, "民政局" + RLO, defects=("unit",)) for n in names)
    (tmp_path / "x.txt").write_text(text, "utf-8")
    html, report = write_reports(tmp_path, "x.txt", cwd=tmp_path)
    assert {f["project"] for f in report["findings"]} == set(names)
    dom = dump((html, report, tmp_path / "profile"), "#filter=all:1")
    assert len([t for t, _ in dom.elements if t == "script"]) == 2
    assert "&lt; script&gt;document.title='pwned'&lt; /script&gt;" in dom.raw
    assert "正常[U+202E]exe.txt[U+202C]" in dom.raw and "民政局[U+202E]" in dom.raw
    assert "控制[U+001B][31m字符[U+0007]" in dom.raw
    assert RLO not in dom.raw and "\x1b" not in dom.raw

    from perflint.engine import FileReport
    from perflint.finding import Finding
    from perflint.reporters import get_reporter
    from perflint.reporters.base import Summary
    hostile = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='img'\">"
    form = {"index": 0, "kind": "target", "project": hostile, "department": hostile, "line": 1, "end_line": 3,
            "goals": {"total": hostile}, "indicators": [{"level1": hostile, "level2": hostile, "name": hostile,
                                                         "line": 2, "target": {"raw": hostile}}],
            "source_lines": {"2": hostile}}
    finding = Finding("PF304", "missing-unit", "warning", hostile, "x.txt", 2, 1, 2, 5, 0, hostile, hostile,
                      hostile, hostile)
    out = tmp_path / "direct.html"
    with open(out, "w", encoding="utf-8") as fh:
        rep = get_reporter("html", fh)
        rep.start()
        rep.file(FileReport("x.txt", "utf-8", [form], [finding], [], 1))
        summary = Summary(files=1, forms=1)
        summary.add([finding])
        rep.finish([], summary)
    dom = dump((out, report, tmp_path / "profile2"), "#filter=all:1")
    assert "<title>绩效表检查报告</title>" in dom.raw and not dom.find("img")
    assert len([t for t, _ in dom.elements if t == "script"]) == 2
    assert dom.raw.count("&lt;script&gt;document.title='pwned'&lt;/script&gt;") >= 6


def test_printing_renders_every_form(big, tmp_path):
    """A paper copy: every form (not only the first page of them), each on a page of its own."""
    html, _, profile = big
    pdf = tmp_path / "report.pdf"
    run = chromium(html.as_uri(), profile, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert run.returncode == 0 and pdf.exists(), run.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages >= 60


def test_screenshot(page):
    html, _, profile = page
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run = chromium(html.as_uri(), profile, f"--screenshot={shot}", "--window-size=1280,2000",
                   "--hide-scrollbars")
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000


def test_packed_data_renders_the_same(big, tmp_path, monkeypatch):
    """A large batch embeds its data deflated and base64-encoded; the page inflates it itself."""
    from perflint.api import Session
    from perflint.check_cmd import Run
    from perflint.config import Config
    from perflint.reporters import html as html_reporter
    monkeypatch.setattr(html_reporter, "COMPRESS_ABOVE", 0)
    monkeypatch.chdir(big[0].parent)
    packed = tmp_path / "packed.html"
    session = Session(["batch.txt"], Config(), keep_forms=True, jobs=1)
    assert Run(session, "html", str(packed), quiet=2).execute() == 1
    text = packed.read_text("utf-8")
    assert 'data-encoding="deflate-base64"' in text and len(text) < big[0].stat().st_size / 2
    plain, small = dump(big, "#filter=all:1"), dump((packed, big[1], tmp_path / "profile"), "#filter=all:1")
    assert [a["id"] for a in small.sections()] == [a["id"] for a in plain.sections()]
    assert [(a["data-id"], a["data-rule"]) for a in small.findings()] == \
        [(a["data-id"], a["data-rule"]) for a in plain.findings()]
    assert small.texts == plain.texts


def test_department_names_with_separators_filter_by_position(tmp_path):
    """A department named like a filter (a;b:c) is still one department: the filter names it by its row."""
    odd = "综合;办公:室&规划"
    text = "\n".join(target_form(f"项目{i}", odd if i % 2 else "民政局", defects=("unit",)) for i in range(6))
    (tmp_path / "x.txt").write_text(text, "utf-8")
    html, report = write_reports(tmp_path, "x.txt", cwd=tmp_path)
    dom = dump((html, report, tmp_path / "profile"))
    row = next(a for t, a in dom.elements if t == "tr" and a.get("data-name") == odd)
    only = dump((html, report, tmp_path / "profile"), f"#filter={quote('dept')}:{row['data-dept']};all:1")
    assert len(only.sections()) == 3
