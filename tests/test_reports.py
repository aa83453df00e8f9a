"""Every output format produced for the seed forms, read back and checked with the tool a consumer would use."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from perflint.engine import FileReport
from perflint.finding import Finding
from perflint.reporters import FORMATS, get_reporter
from perflint.reporters.base import Summary
from perflint.reporters.csv_report import FIELDS
from perflint.reporters.github import escape_data, escape_property
from perflint.reporters.quality import band, group_by_form, score
from perflint.rule import registry

ROOT = Path(__file__).resolve().parent.parent
SEEDS = "tests/fixtures/seeds"
SEED0 = ROOT / SEEDS / "000_8fdbf9e2371ab792.txt"


def perflint(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perflint.cli", "check", "--no-config", *args], cwd=cwd,
                          input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=300)


def schema(name: str) -> dict:
    return json.loads((ROOT / "schemas" / name).read_text("utf-8"))


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """Each format written once for the seed files (-o FILE), plus the JSON report to compare with."""
    folder = tmp_path_factory.mktemp("reports")
    written = {}
    for fmt in ("json", "sarif", "github", "junit", "csv", "html", "xlsx"):
        target = folder / f"report.{fmt}"
        run = perflint(SEEDS, "--format", fmt, "-o", str(target))
        assert run.returncode == 1, run.stderr  # the seeds have findings
        written[fmt] = target
    return written


@pytest.fixture(scope="module")
def report(out):
    return json.loads(out["json"].read_text("utf-8"))


def test_every_format_is_registered():
    assert {"text", "json", "sarif", "github", "junit", "csv", "html", "xlsx"} <= set(FORMATS)


# --- JSON ---------------------------------------------------------------------------------------------
def test_json_report_is_valid_against_its_schema(report):
    jsonschema.Draft202012Validator.check_schema(schema("report.schema.json"))
    jsonschema.validate(report, schema("report.schema.json"), cls=jsonschema.Draft202012Validator)
    assert report["summary"]["findings"] == len(report["findings"]) > 0
    assert report["summary"]["files"] == len(report["files"]) == 5


def test_json_report_with_a_missing_file_is_valid(tmp_path):
    run = perflint(str(SEED0), str(tmp_path / "missing.txt"), "--format", "json")
    assert run.returncode == 2
    doc = json.loads(run.stdout)
    jsonschema.validate(doc, schema("report.schema.json"), cls=jsonschema.Draft202012Validator)
    assert any(f["errors"] for f in doc["files"])


# --- SARIF --------------------------------------------------------------------------------------------
def test_sarif_is_valid_against_the_subset_schema(out, report):
    doc = json.loads(out["sarif"].read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema("sarif-2.1.0-subset.schema.json"))
    jsonschema.validate(doc, schema("sarif-2.1.0-subset.schema.json"), cls=jsonschema.Draft202012Validator)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "perflint" and driver["version"] and driver.get("informationUri", "https://").startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [c.code for c in registry().all()]
    for rule, cls in zip(driver["rules"], registry().all()):
        assert rule["name"] == cls.name and rule["shortDescription"]["text"] == cls.summary()
        assert rule["help"]["text"] and rule["help"]["markdown"] and rule["fullDescription"]["text"]
        level = {"error": "error", "warning": "warning", "info": "note"}[cls.severity]
        assert rule["defaultConfiguration"]["level"] == level
    results = run["results"]
    assert len(results) == len(report["findings"])
    for res, f in zip(results, report["findings"]):
        assert res["ruleId"] == f["code"] == driver["rules"][res["ruleIndex"]]["id"]
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f["severity"]]
        assert res["message"]["text"].startswith(f["message"])
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].startswith("tests/fixtures/seeds/")
        assert "\\" not in loc["artifactLocation"]["uri"]
        region = loc["region"]
        assert region["startLine"] == f["line"] and region["startColumn"] == f["column"] >= 1
        assert region["endLine"] == f["end_line"]
        if "endColumn" in region:
            assert region["endColumn"] == f["end_column"]
    prints = [r["partialFingerprints"]["perflintFindingHash/v1"] for r in results]
    assert len(set(prints)) == len(prints)


def test_sarif_fingerprints_survive_edits_above(tmp_path):
    text = SEED0.read_text("utf-8")
    (tmp_path / "form.txt").write_text(text, "utf-8")
    before = json.loads(perflint("form.txt", "--format", "sarif", cwd=tmp_path).stdout)["runs"][0]["results"]
    (tmp_path / "form.txt").write_text("\n\n\n" + text, "utf-8")
    after = json.loads(perflint("form.txt", "--format", "sarif", cwd=tmp_path).stdout)["runs"][0]["results"]
    fp = lambda rs: sorted(r["partialFingerprints"]["perflintFindingHash/v1"] for r in rs)  # noqa: E731
    assert fp(before) == fp(after) and before
    lines = lambda rs: sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in rs)  # noqa: E731
    assert [n + 3 for n in lines(before)] == lines(after)


def test_sarif_reports_unreadable_files_as_notifications(tmp_path):
    run = perflint(str(tmp_path / "missing.txt"), "--format", "sarif")
    doc = json.loads(run.stdout)
    jsonschema.validate(doc, schema("sarif-2.1.0-subset.schema.json"), cls=jsonschema.Draft202012Validator)
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False and inv["toolExecutionNotifications"]


# --- GitHub annotations -------------------------------------------------------------------------------
ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,:]+),line=(\d+)(?:,col=(\d+))?,endLine=(\d+)"
                        r"(?:,endColumn=(\d+))?,title=(PF\d+) ([a-z0-9-]+)::(.+)$")


def test_github_annotations(out, report):
    lines = out["github"].read_text("utf-8").splitlines()
    annotations = [ANNOTATION.match(line) for line in lines if line.startswith("::")]
    assert all(annotations), [line for line in lines if line.startswith("::") and not ANNOTATION.match(line)]
    assert len(annotations) == len(report["findings"])
    kind = {"error": "error", "warning": "warning", "info": "notice"}
    # annotations stream file by file, cross-form findings at the end: compare as sets of positions
    assert sorted((m.group(2), int(m.group(3)), m.group(7), m.group(1)) for m in annotations) == \
        sorted((f["path"], f["line"], f["code"], kind[f["severity"]]) for f in report["findings"])
    assert all("\n" not in m.group(9) and "\r" not in m.group(9) for m in annotations)
    # more than GitHub shows per step: the log says so and points to SARIF
    assert any("sarif" in line.lower() for line in lines if not line.startswith("::"))


def test_github_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    f = Finding("PF999", "x-y", "warning", "50%: a,b\nc", "dir/a,b:c.txt", 3, 2, 3, 5)
    from perflint.reporters.github import annotation
    assert annotation(f) == ("::warning file=dir/a%2Cb%3Ac.txt,line=3,col=2,endLine=3,endColumn=5,"
                             "title=PF999 x-y::50%25: a,b%0Ac")


def test_document_location_travels_with_the_finding():
    """Findings in PDF, Excel or Word forms carry a location such as Sheet1!D14 into every format."""
    f = Finding("PF301", "unparsable-value", "error", "msg", "forms/a.xlsx", 14, 4, 14, 9, 0, "P", "I",
                "fix", "src", location="Sheet1!D14")
    from perflint.reporters.github import annotation
    assert "msg (Sheet1!D14)" in annotation(f)
    for fmt in ("sarif", "junit", "csv", "html"):
        buf = io.StringIO()
        rep = get_reporter(fmt, buf)
        rep.start()
        rep.file(FileReport("forms/a.xlsx", "xlsx", [], [f], [], 1))
        summary = Summary(files=1, forms=1)
        summary.add([f])
        rep.finish([], summary)
        assert "Sheet1!D14" in buf.getvalue(), fmt


# --- JUnit --------------------------------------------------------------------------------------------
def test_junit(out, report):
    root = ET.parse(out["junit"]).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f["path"] for f in report["files"]]
    cases = root.findall("testsuite/testcase")
    assert len(cases) == report["summary"]["forms"]
    failing = [f for f in report["findings"] if f["severity"] in ("error", "warning")]
    failures = root.findall(".//failure")
    assert len(failures) == len(failing)
    assert sorted(e.get("type") for e in failures) == sorted(f["code"] for f in failing)
    assert int(root.get("tests")) == len(cases)
    assert int(root.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
    infos = [f for f in report["findings"] if f["severity"] == "info"]
    out_text = "".join(e.text or "" for e in root.findall(".//system-out"))
    assert all(f["message"] in out_text for f in infos)


# --- CSV ----------------------------------------------------------------------------------------------
def test_csv(out, report):
    raw = out["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == FIELDS
    assert len(rows) - 1 == len(report["findings"])
    for row, f in zip(rows[1:], report["findings"]):
        for key, value in zip(FIELDS, row):
            expected = "" if f[key] is None else str(f[key])
            # text Excel would run as a formula is quoted with an apostrophe
            assert value in (expected, "'" + expected), (key, value, expected)


# --- xlsx ---------------------------------------------------------------------------------------------
def test_xlsx(out, report):
    from openpyxl import load_workbook
    wb = load_workbook(out["xlsx"])
    assert wb.sheetnames == ["汇总", "问题清单"]
    summary, findings = wb["汇总"], wb["问题清单"]
    for ws in (summary, findings):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws.column_dimensions["A"].customWidth
    assert summary.column_dimensions["A"].width >= 30 and findings.column_dimensions["D"].width >= 40
    assert summary.max_row - 1 == report["summary"]["forms"]
    assert findings.max_row - 1 == len(report["findings"])
    head = [c.value for c in summary[1]]
    funds_col = next(i for i, h in enumerate(head) if h.startswith("年度资金"))
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert any(isinstance(r[funds_col], float) for r in rows)
    assert all(isinstance(v, int) for r in rows for v in r[-4:])  # errors, warnings, info, score
    assert sum(r[-4] for r in rows) == report["summary"]["by_severity"]["error"]
    fhead = [c.value for c in findings[1]]
    line_col = fhead.index("行")
    assert all(isinstance(r[line_col], int) for r in findings.iter_rows(min_row=2, values_only=True))


def test_xlsx_refuses_stdout():
    run = perflint(str(SEED0), "--format", "xlsx")
    assert run.returncode == 2
    assert "xlsx needs -o FILE" in run.stderr
    assert run.stdout == ""


# --- HTML ---------------------------------------------------------------------------------------------
class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts = 0
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self.scripts += 1
            if a.get("src"):
                self.external.append(a["src"])
        if tag == "link" or (tag in ("img", "iframe") and a.get("src")):
            self.external.append(str(a))


def test_html_is_self_contained_and_complete(out, report):
    text = out["html"].read_text("utf-8")
    page = _Collect()
    page.feed(text)
    assert page.scripts == 1 and not page.external
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "@media print" in text and "PingFang SC" in text and "Noto Sans CJK SC" in text
    summary = {a["data-summary"]: None for t, a in page.tags if "data-summary" in a}
    assert set(summary) >= {"files", "forms", "findings", "error", "warning", "info"}
    counts = dict(re.findall(r'data-summary="(\w+)">(\d+)<', text))
    s = report["summary"]
    assert int(counts["files"]) == s["files"] and int(counts["forms"]) == s["forms"]
    assert int(counts["findings"]) == s["findings"]
    for sev in ("error", "warning", "info"):
        assert int(counts[sev]) == s["by_severity"][sev]
    items = [a for t, a in page.tags if t == "li" and "data-id" in a]
    assert len(items) == len(report["findings"])
    assert sorted((a["data-path"], int(a["data-line"]), int(a["data-column"]), a["data-rule"]) for a in items) == \
        sorted((f["path"], f["line"], f["column"], f["code"]) for f in report["findings"])
    sections = [a for t, a in page.tags if t == "section" and "form" in a.get("class", "").split()]
    assert len(sections) == s["forms"]
    assert "<svg" in text and 'class="bar"' in text  # the chart of findings by rule
    assert "质量分" in text and "100 − 15" in text   # the score and its formula


def test_html_in_english():
    run = perflint(str(SEED0), "--format", "html", "--lang", "en")
    assert '<html lang="en">' in run.stdout and "Findings by rule" in run.stdout


HOSTILE = "<script>alert(1)</script>"


def test_html_escapes_form_text_from_the_command_line():
    text = "".join(SEED0.read_text("utf-8").splitlines(keepends=True)[:25])
    text = text.replace("商务接待", "< script>alert(2)< /script>")
    text = text.replace("资金使用合规性", "资金<b>使用</b>合规性&amp;")
    run = perflint("-", "--stdin-filename", HOSTILE + ".txt", "--format", "html", stdin=text)
    assert run.returncode == 1, run.stderr
    page = run.stdout
    assert HOSTILE not in page and "< script>" not in page and "<b>使用" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.txt" in page       # the file name
    assert "&lt; script&gt;alert(2)&lt; /script&gt;" in page          # the project name the reader kept
    assert "&lt;b&gt;使用&lt;/b&gt;" in page                           # the quoted source line
    collect = _Collect()
    collect.feed(page)
    assert collect.scripts == 1


def test_html_reporter_escapes_every_field():
    """The reader strips tags from cells, so feed the reporter directly with hostile text everywhere."""
    form = {"index": 0, "kind": "self_eval", "project": HOSTILE, "department": HOSTILE, "implementer": HOSTILE,
            "year": 2024, "template": HOSTILE, "layout": "tab", "confidence": 0.5, "line": 1, "end_line": 9,
            "funds": {"total": 1234567.5, "annual": 1000.0}, "goals": {"total": HOSTILE, "annual": None},
            "indicators": [{"level1": HOSTILE, "level2": HOSTILE, "name": HOSTILE, "line": 5, "column": 3,
                            "target": {"raw": HOSTILE}, "actual": {"raw": HOSTILE}, "weight": 10.0, "score": 5.0}],
            "self_eval": {"exec_rate": 90.0, "total_score": 80.0, "grade": HOSTILE},
            "path": HOSTILE, "source_lines": {"5": HOSTILE}}
    finding = Finding("PF999", "hostile-rule", "error", HOSTILE, HOSTILE, 5, 3, 5, 9, 0, HOSTILE, HOSTILE,
                      HOSTILE, "\t" + HOSTILE)
    buf = io.StringIO()
    rep = get_reporter("html", buf)
    rep.start()
    rep.file(FileReport(HOSTILE, "utf-8", [form], [finding], [{"path": HOSTILE, "line": 2, "message": HOSTILE}], 1))
    summary = Summary(files=1, forms=1)
    summary.add([finding])
    rep.finish([], summary)
    page = buf.getvalue()
    assert HOSTILE not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 12
    assert "1,234,567.50 元" in page
    assert '<td class="hit">' in page and '<tr class="flag error"' in page  # the offending cell is marked


# --- the quality score --------------------------------------------------------------------------------
def test_quality_score_formula():
    assert score({}) == 100
    assert score({"error": 1, "warning": 2, "info": 3}) == 100 - 15 - 10 - 3
    assert score({"error": 10}) == 0
    assert score({}, confidence=0.4) == 100 - 12
    assert score({"warning": 1}, confidence=0.0) == 100 - 5 - 20
    assert (band(95), band(75), band(10)) == ("good", "fair", "poor")


def test_group_by_form_keeps_file_and_form_order():
    f = lambda path, form: Finding("PF1", "n", "info", "m", path, 1, 1, 1, 1, form)  # noqa: E731
    entries = group_by_form([("a.txt", [], 2), ("b.txt", [], 1)], [f("b.txt", 0), f("a.txt", None), f("a.txt", 1)])
    assert [(e.path, e.index, len(e.findings)) for e in entries] == \
        [("a.txt", 0, 0), ("a.txt", 1, 1), ("a.txt", None, 1), ("b.txt", 0, 1)]


# --- cost of a plain run ------------------------------------------------------------------------------
def test_plain_check_imports_no_report_machinery():
    code = ("import sys\nfrom perflint.cli import main\n"
            "try:\n    main(['check', '--no-config', '-q', %r])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('openpyxl', 'xml.etree.ElementTree', 'html.parser', 'perflint.reporters.html',"
            " 'perflint.reporters.xlsx', 'perflint.reporters.sarif', 'perflint.reporters.junit') if m in sys.modules]\n"
            "print(heavy)\n") % str(SEED0)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr
