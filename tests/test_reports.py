"""Every output format produced for the seed forms, read back and checked with the tool a consumer would use."""
from __future__ import annotations

import csv
import io
from collections import Counter
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

from report_forms import batch, rules_of, target_form

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


# --- text ---------------------------------------------------------------------------------------------
FINDING_LINE = re.compile(r"^(\S+):(\d+):(\d+): (PF\d+) \[(错误|警告|提示)\] (.+)$")


def test_text_names_each_rule_its_basis_and_whether_it_binds():
    run = perflint(str(SEED0))
    lines = run.stdout.splitlines()
    found = [(n, FINDING_LINE.match(line)) for n, line in enumerate(lines) if FINDING_LINE.match(line)]
    assert found
    for n, m in found:
        cls = registry().get(m.group(4))
        basis = cls.basis or "经验规则"
        binding = "约束性" if cls.source == "binding" else "参考性"
        assert lines[n + 1] == f"    {cls.title_zh} · 依据：{basis} · {binding}"
    assert "[warning]" not in run.stdout and "[error]" not in run.stdout


def test_text_summary_counts_reader_notes_apart(report):
    run = perflint(SEEDS)
    defects = [f for f in report["findings"] if not is_note(f)]
    sev = Counter(f["severity"] for f in defects)
    notes = len(report["findings"]) - len(defects)
    assert notes and run.stdout.splitlines()[-1] == (
        f"共检查 5 个文件、24 张表，发现 {len(defects)} 个问题（错误 {sev['error']}，警告 {sev['warning']}，"
        f"提示 {sev['info']}），另有 {notes} 条识别提示（请对照原件核对）。")


def test_text_in_english():
    run = perflint(str(SEED0), "--lang", "en")
    assert re.search(r"^\S+:\d+:\d+: PF\d+ \[warning\] ", run.stdout, re.M)
    assert "    Budget-management item listed as an indicator · basis: 财预〔2020〕10号 · advisory" in run.stdout
    assert "input error" not in run.stdout


def test_input_errors_in_the_run_s_language(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    zh = perflint(str(tmp_path / "empty.txt"))
    en = perflint(str(tmp_path / "empty.txt"), "--lang", "en")
    assert "[输入错误]" in zh.stdout and "E000" not in zh.stdout
    assert "[E000]" in en.stdout


def test_an_accepted_finding_is_shown_as_accepted_in_the_reviewer_reports(tmp_path):
    """A finding a reviewer accepted (perflint-accepted.toml) stays, marked with its reason."""
    f = Finding("PF109", "budget-item-as-indicator", "warning", "预算管理事项", "a.txt", 3, 1, 3, 4, 0, "商务接待",
                "资金使用合规性", accepted="审计要求保留")
    outputs = {}
    for fmt in ("text", "html", "xlsx"):
        path = tmp_path / f"r.{fmt}"
        with open(path, "w", encoding="utf-8", newline="") as out:
            rep = get_reporter(fmt, out)
            rep.start()
            rep.file(FileReport("a.txt", "utf-8", [], [f], [], 1))
            summary = Summary(files=1, forms=1)
            summary.add([f])
            rep.finish([], summary)
        outputs[fmt] = path
    text = outputs["text"].read_text("utf-8")
    assert "[已接受：审计要求保留]" in text and "其中 1 个已接受" in text
    _, data = html_page(outputs["html"].read_text("utf-8"))
    assert data["findings"][0]["acc"] == "审计要求保留" and "已接受" in data["labels"]["accepted"]
    row = rows_of(workbook(outputs["xlsx"])["问题清单"])[0]
    assert row["已接受（理由）"] == "审计要求保留"


# --- JSON ---------------------------------------------------------------------------------------------
def test_json_report_is_valid_against_its_schema(report):
    jsonschema.Draft202012Validator.check_schema(schema("report.schema.json"))
    jsonschema.validate(report, schema("report.schema.json"), cls=jsonschema.Draft202012Validator)
    assert report["summary"]["findings"] == len(report["findings"]) > 0
    assert report["summary"]["files"] == len(report["files"]) == 5


def test_json_findings_carry_title_basis_and_binding(report):
    for f in report["findings"]:
        cls = registry().get(f["code"])
        assert f["title"] == cls.title_zh and f["group"] == cls.group
        assert f["basis"] == (cls.basis or None) and f["binding"] is (cls.source == "binding")
    # the seeds have findings of binding rules with a regulation and of rules of thumb
    assert any(f["basis"] == "财预〔2021〕101号" and f["binding"] for f in report["findings"])
    assert any(f["basis"] is None and not f["binding"] for f in report["findings"])


def test_json_report_with_a_missing_file_is_valid(tmp_path):
    run = perflint(str(SEED0), str(tmp_path / "missing.txt"), "--format", "json")
    assert run.returncode == 2
    doc = json.loads(run.stdout)
    jsonschema.validate(doc, schema("report.schema.json"), cls=jsonschema.Draft202012Validator)
    assert any(f["errors"] for f in doc["files"])


# --- SARIF --------------------------------------------------------------------------------------------
OFFICIAL_SARIF = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"


def official_sarif_validator() -> jsonschema.Draft4Validator:
    """The OASIS SARIF 2.1.0 schema (errata 01, as published in oasis-tcs/sarif-spec), draft-04."""
    doc = json.loads(OFFICIAL_SARIF.read_text("utf-8"))
    jsonschema.Draft4Validator.check_schema(doc)
    return jsonschema.Draft4Validator(doc)


def test_sarif_is_valid_against_the_official_schema(out):
    doc = json.loads(out["sarif"].read_text("utf-8"))
    errors = sorted(official_sarif_validator().iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


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
        # the descriptions are in the run's language (Chinese by default)
        assert rule["name"] == cls.name and rule["shortDescription"]["text"] == cls.title_zh
        assert rule["help"]["text"] and rule["help"]["markdown"] and rule["fullDescription"]["text"]
        assert "``" not in rule["help"]["markdown"] and "**为什么**" in rule["help"]["markdown"]
        level = {"error": "error", "warning": "warning", "info": "note"}[cls.severity]
        assert rule["defaultConfiguration"]["level"] == level
        assert rule["properties"]["binding"] == (cls.source == "binding")
        assert rule["properties"].get("basis", "") == cls.basis
    results = run["results"]
    assert len(results) == len(report["findings"])
    for res, f in zip(results, report["findings"]):
        assert res["ruleId"] == f["code"] == driver["rules"][res["ruleIndex"]]["id"]
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f["severity"]]
        assert res["message"]["text"].startswith(f["message"])
        assert res["properties"]["binding"] == f["binding"] and res["properties"].get("basis") == f["basis"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].startswith("tests/fixtures/seeds/")
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert "\\" not in loc["artifactLocation"]["uri"]
        region = loc["region"]
        assert region["startLine"] == f["line"] and region["startColumn"] == f["column"] >= 1
        assert region["endLine"] == f["end_line"]
        if "endColumn" in region:
            assert region["endColumn"] == f["end_column"]
    prints = [r["partialFingerprints"]["perflintFindingHash/v1"] for r in results]
    assert len(set(prints)) == len(prints)


def test_sarif_does_not_embed_the_working_directory(tmp_path):
    """Relative paths stay relative to %SRCROOT%, and the folder itself is not written down."""
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "a.txt").write_text(SEED0.read_text("utf-8"), "utf-8")
    for target in ("forms/a.txt", str(tmp_path / "forms" / "a.txt")):
        text = perflint(target, "--format", "sarif", cwd=tmp_path).stdout
        doc = json.loads(text)
        assert str(tmp_path) not in text and str(ROOT) not in text
        base = doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]
        assert "uri" not in base and base["description"]["text"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
        assert uris == {"forms/a.txt"}
        assert not list(official_sarif_validator().iter_errors(doc))


def test_sarif_in_english():
    run = perflint(str(SEED0), "--format", "sarif", "--lang", "en")
    rules = json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["shortDescription"]["text"] for r in rules} == {c.title_en for c in registry().all()}
    assert all("**Why**" in r["help"]["markdown"] for r in rules)


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
    assert not list(official_sarif_validator().iter_errors(doc))
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False and inv["toolExecutionNotifications"]


# --- GitHub annotations -------------------------------------------------------------------------------
ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,:]+),line=(\d+)(?:,col=(\d+))?,endLine=(\d+)"
                        r"(?:,endColumn=(\d+))?,title=(PF\d+) ([^:,]+)::(.+)$")


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
    # the title is the rule's Chinese title
    assert {m.group(8) for m in annotations} <= {c.title_zh for c in registry().all()}
    # more than GitHub shows per step: the log says so and points to SARIF
    assert any("sarif" in line.lower() for line in lines if not line.startswith("::"))


def test_github_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    f = Finding("PF999", "x-y", "warning", "50%: a,b\nc", "dir/a,b:c.txt", 3, 2, 3, 5)
    from perflint.reporters.github import annotation
    # an unknown rule is titled by its name; a newline inside the message is shown, not obeyed
    assert annotation(f) == ("::warning file=dir/a%2Cb%3Ac.txt,line=3,col=2,endLine=3,endColumn=5,"
                             "title=PF999 x-y::50%25: a,b\\nc")


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
            expected = "" if f[key] is None else {True: "true", False: "false"}.get(f[key], str(f[key])) \
                if isinstance(f[key], bool) else str(f[key])
            # text Excel would run as a formula is quoted with an apostrophe
            assert value in (expected, "'" + expected), (key, value, expected)


# --- xlsx ---------------------------------------------------------------------------------------------
def workbook(path: Path):
    from openpyxl import load_workbook
    return load_workbook(path)


def rows_of(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r)) for r in values[1:]]


def test_xlsx_sheets_layout_and_print_setup(out, report):
    wb = workbook(out["xlsx"])
    assert wb.sheetnames == ["汇总", "部门汇总", "问题清单", "识别提示"]
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws.column_dimensions["A"].customWidth
        # printed: landscape, the header row on every page, as wide as one page
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    summary, findings, notes = wb["汇总"], wb["问题清单"], wb["识别提示"]
    assert summary.column_dimensions["A"].width >= 30 and findings.column_dimensions["D"].width >= 40
    assert summary.max_row - 1 == report["summary"]["forms"]
    defects = [f for f in report["findings"] if not is_note(f)]
    assert findings.max_row - 1 == len(defects) and notes.max_row - 1 == len(report["findings"]) - len(defects)


def is_note(f: dict) -> bool:
    return f["group"] == "extraction" and not f["binding"]


def test_xlsx_summary_counts_defects_and_links_to_them(out, report):
    wb = workbook(out["xlsx"])
    summary, findings = wb["汇总"], wb["问题清单"]
    rows = rows_of(summary)
    assert any(isinstance(r["年度资金（元）"], float) for r in rows)
    assert all(isinstance(r[k], int) for r in rows for k in ("错误", "警告", "提示", "质量分", "识别提示"))
    defects = [f for f in report["findings"] if not is_note(f)]
    assert sum(r["错误"] for r in rows) == sum(f["severity"] == "error" for f in defects)
    assert sum(r["识别提示"] for r in rows) == len(report["findings"]) - len(defects)
    head = [c.value for c in summary[1]]
    link_col = head.index("问题清单") + 1
    linked = 0
    for n, r in enumerate(rows, 2):
        cell = summary.cell(row=n, column=link_col)
        count = r["错误"] + r["警告"] + r["提示"]
        if not count:
            assert cell.value is None
            continue
        # the link lands on the first of this form's findings, and the next `count` rows are its findings
        sheet, ref = cell.hyperlink.location.split("!")
        assert sheet == "'问题清单'" and cell.value == f"查看 {count} 个问题"
        first = int(ref[1:])
        fhead = [c.value for c in findings[1]]
        for row in findings.iter_rows(min_row=first, max_row=first + count - 1, values_only=True):
            got = dict(zip(fhead, row))
            assert (got["文件"], got["表序号"]) == (r["文件"], r["表序号"])
        linked += 1
    assert linked == sum(1 for r in rows if r["错误"] + r["警告"] + r["提示"])


def test_xlsx_findings_carry_title_basis_and_a_clean_quote(out, report):
    wb = workbook(out["xlsx"])
    got = rows_of(wb["问题清单"])
    defects = [f for f in report["findings"] if not is_note(f)]
    assert sorted((r["规则代码"], r["行"], r["列"]) for r in got) == \
        sorted((f["code"], f["line"], f["column"]) for f in defects)
    for r in got:
        cls = registry().get(r["规则代码"])
        assert r["规则名称"] == cls.title_zh
        assert r["依据"] == (cls.basis or "经验规则") and r["约束性"] == ("约束性" if cls.source == "binding" else "参考性")
        assert r["级别"] in ("错误", "警告", "提示") and isinstance(r["行"], int)
        assert "\t" not in (r["原文"] or "")
    assert any("│" in (r["原文"] or "") for r in got)


def test_xlsx_conditional_colours(out):
    wb = workbook(out["xlsx"])
    score_rules = [(str(cf.sqref), r.operator, r.formula) for cf in wb["汇总"].conditional_formatting for r in cf.rules]
    assert {f[2][0] for f in score_rules} == {"90", "60", "0"}
    assert all(ref.startswith("K2:") for ref, _, _ in score_rules)
    severity_rules = [r.formula[0] for cf in wb["问题清单"].conditional_formatting for r in cf.rules]
    assert set(severity_rules) == {'"错误"', '"警告"', '"提示"'}
    assert wb["部门汇总"].conditional_formatting


def test_xlsx_department_summary_numbers(tmp_path):
    """部门汇总 counted from forms written for the test: forms, errors, warnings, Σ 年度资金, worst form."""
    text, facts = batch(36, ["甲市民政局", "乙市教育局", "丙市卫生健康委员会"], seed=3)
    (tmp_path / "batch.txt").write_text(text, "utf-8")
    run = perflint("batch.txt", "--format", "xlsx", "-o", "out.xlsx", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    wb = workbook(tmp_path / "out.xlsx")
    depts = {r["部门"]: r for r in rows_of(wb["部门汇总"])}
    summary = rows_of(wb["汇总"])
    assert set(depts) == {f["department"] for f in facts}
    for name, row in depts.items():
        mine = [f for f in facts if f["department"] == name]
        assert row["表数"] == len(mine)
        assert row["错误"] == sum("PF103" in rules_of(f["defects"]) for f in mine)
        assert row["警告"] == sum(len(rules_of(f["defects"]) - {"PF103"}) for f in mine)
        assert row["年度资金合计（元）"] == pytest.approx(sum(f["annual"] for f in mine))
        scores = [r["质量分"] for r in summary if r["部门"] == name]
        assert row["平均质量分"] == pytest.approx(round(sum(scores) / len(scores), 1))
        assert row["最差质量分"] == min(scores)
        assert row["最差的表"] in {r["项目名称"] for r in summary if r["部门"] == name and r["质量分"] == min(scores)}
    # ranked by average score, lowest first
    averages = [r["平均质量分"] for r in rows_of(wb["部门汇总"])]
    assert averages == sorted(averages)


def test_xlsx_department_falls_back_to_the_filing_unit(tmp_path):
    """The 上海 2020 template has no 主管部门, only 申报单位: that unit is the form's department."""
    run = perflint(str(ROOT / SEEDS / "003_7dee003fe4190e5c.txt"), "--format", "xlsx", "-o", str(tmp_path / "o.xlsx"))
    assert run.returncode == 1, run.stderr
    wb = workbook(tmp_path / "o.xlsx")
    assert {r["部门"] for r in rows_of(wb["汇总"])} == {"上海市中小企业发展服务中心"}
    assert [(r["部门"], r["表数"]) for r in rows_of(wb["部门汇总"])] == [("上海市中小企业发展服务中心", 2)]


def test_xlsx_sorted_worst_first(tmp_path):
    text, _ = batch(24, ["甲局", "乙局"], seed=5)
    (tmp_path / "b.txt").write_text(text, "utf-8")
    for sort in ("file", "worst"):
        assert perflint("b.txt", "--format", "xlsx", "--sort", sort, "-o", f"{sort}.xlsx", cwd=tmp_path).returncode == 1
    by_file = rows_of(workbook(tmp_path / "file.xlsx")["汇总"])
    worst = rows_of(workbook(tmp_path / "worst.xlsx")["汇总"])
    assert [r["表序号"] for r in by_file] == list(range(1, 25))
    assert [r["质量分"] for r in worst] == sorted(r["质量分"] for r in by_file)
    assert sorted(r["项目名称"] for r in worst) == sorted(r["项目名称"] for r in by_file)


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
        self.scripts: list[dict] = []
        self.external: list[str] = []
        self._data: list[str] = []
        self.data: str = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self.scripts.append(a)
            if a.get("src"):
                self.external.append(a["src"])
        if tag == "link" or (tag in ("img", "iframe") and a.get("src")):
            self.external.append(str(a))

    def handle_data(self, data):
        if self.scripts and self.scripts[-1].get("id") == "report-data" and not self.data:
            self._data.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._data and not self.data:
            self.data = "".join(self._data)


def html_page(text: str) -> tuple[_Collect, dict]:
    """The page's elements and its embedded data, with every form's findings also as data["findings"]."""
    page = _Collect()
    page.feed(text)
    data = json.loads(page.data)
    data["findings"] = [f for form in data["forms"] for f in form["fs"]]
    return page, data


def test_html_is_self_contained_and_complete(out, report):
    text = out["html"].read_text("utf-8")
    page, data = html_page(text)
    # one script of code, one of data; nothing fetched
    assert [s.get("type") for s in page.scripts] == ["application/json", None] and not page.external
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "@media print" in text and "PingFang SC" in text and "Noto Sans CJK SC" in text
    counts = dict(re.findall(r'data-summary="(\w+)">(\d+)<', text))
    s = report["summary"]
    defects = [f for f in report["findings"] if not is_note(f)]
    assert int(counts["files"]) == s["files"] and int(counts["forms"]) == s["forms"]
    assert int(counts["findings"]) == len(defects) and int(counts["notes"]) == len(report["findings"]) - len(defects)
    for sev in ("error", "warning", "info"):
        assert int(counts[sev]) == sum(f["severity"] == sev for f in defects)
    # the embedded data holds every finding and every form
    assert len(data["findings"]) == len(report["findings"])
    assert sorted((data["pathsRaw"][f["path"]], f["line"], f["col"], f["code"]) for f in data["findings"]) == \
        sorted((f["path"], f["line"], f["column"], f["code"]) for f in report["findings"])
    assert len([f for f in data["forms"] if f["index"] is not None]) == s["forms"]
    assert "<svg" in text and 'class="bar"' in text  # the chart of defects by rule
    chart = {a["data-rule"] for t, a in page.tags if t == "g" and "bar" in a.get("class", "")}
    assert chart == {f["code"] for f in defects}  # reader notes are not charted
    assert "质量分" in text and "100 − 15" in text   # the score and its formula
    assert "部门汇总" in text and "识别提示" in text and "<template" in text


def test_html_department_summary(out, report):
    text = out["html"].read_text("utf-8")
    page, data = html_page(text)
    rows = {a["data-name"]: a for t, a in page.tags if t == "tr" and "data-dept" in a}
    # 上海 2020 forms have no 主管部门: their 申报单位 is the department
    assert rows["上海市中小企业发展服务中心"]["data-forms"] == "2"
    assert sum(int(a["data-forms"]) for a in rows.values()) == report["summary"]["forms"]
    averages = [float(a["data-average"]) for t, a in page.tags if t == "tr" and "data-average" in a]
    assert averages == sorted(averages) and len(averages) == len(rows)
    errors = sum(int(a["data-errors"]) for a in rows.values())
    assert errors == sum(f["severity"] == "error" and not is_note(f) for f in report["findings"])


def test_html_templates_are_package_data():
    from importlib.resources import files
    folder = files("perflint.reporters") / "templates"
    names = {p.name for p in folder.iterdir()}
    assert {"report.html.j2", "report.css", "report.js", "_templates.html.j2"} <= names
    assert "templates/*" in (ROOT / "pyproject.toml").read_text("utf-8")


def test_html_sort_option_reaches_the_page(tmp_path):
    text, _ = batch(12, ["甲局", "乙局"], seed=2)
    (tmp_path / "b.txt").write_text(text, "utf-8")
    run = perflint("b.txt", "--format", "html", "--sort", "worst", cwd=tmp_path)
    page, data = html_page(run.stdout)
    assert data["sort"] == "worst" and '<option value="worst" selected>' in run.stdout
    scores = [f["score"] for f in data["forms"]]
    assert scores == sorted(scores)


def test_html_packs_large_data(monkeypatch):
    """Above COMPRESS_ABOVE bytes the data is deflated and base64-encoded: the same JSON, a fraction of
    the size, and nothing in it a page could take for markup."""
    import base64
    import zlib
    from perflint.reporters import html as html_reporter
    data = {"forms": [{"project": HOSTILE + "项目" * 50, "n": i} for i in range(200)]}
    parts = [("," if i else "") + json.dumps(f, ensure_ascii=False) for i, f in enumerate(data["forms"])]
    chunks = ['{"forms":[', *parts, "]}"]
    plain = html_reporter.embed(chunks)
    monkeypatch.setattr(html_reporter, "COMPRESS_ABOVE", 1000)
    packed = html_reporter.embed(chunks)
    assert plain["data_encoding"] == "" and "<" not in plain["data"] and json.loads(plain["data"]) == data
    assert packed["data_encoding"] == "deflate-base64" and re.fullmatch(r"[A-Za-z0-9+/=]+", packed["data"])
    assert json.loads(zlib.decompress(base64.b64decode(packed["data"]))) == data
    assert len(packed["data"]) * 5 < len(plain["data"])


def test_html_in_english():
    run = perflint(str(SEED0), "--format", "html", "--lang", "en")
    assert '<html lang="en">' in run.stdout and "Findings by rule" in run.stdout and "Departments" in run.stdout


HOSTILE = "<script>alert(1)</script>"


def test_html_escapes_form_text_from_the_command_line():
    text = "".join(SEED0.read_text("utf-8").splitlines(keepends=True)[:25])
    text = text.replace("商务接待", "< script>alert(2)< /script>")
    text = text.replace("资金使用合规性", "资金<b>使用</b>合规性&amp;")
    run = perflint("-", "--stdin-filename", HOSTILE + ".txt", "--format", "html", stdin=text)
    assert run.returncode == 1, run.stderr
    page = run.stdout
    assert HOSTILE not in page and "< script>" not in page and "<b>使用" not in page
    collect, data = html_page(page)
    assert len(collect.scripts) == 2
    # the data holds the text exactly; the page's script puts it in with textContent
    assert data["pathsRaw"] == [HOSTILE + ".txt"]
    assert data["forms"][0]["project"] == "< script>alert(2)< /script>"
    assert any("资金<b>使用</b>合规性" in "".join(map(str, f.get("src", []))) for f in data["findings"])


def hostile_report(**extra) -> str:
    """The HTML reporter fed directly with hostile text in every field (the reader strips tags from cells)."""
    form = {"index": 0, "kind": "self_eval", "project": HOSTILE, "department": HOSTILE, "implementer": HOSTILE,
            "year": 2024, "template": HOSTILE, "layout": "tab", "confidence": 0.5, "line": 1, "end_line": 9,
            "funds": {"total": 1234567.5, "annual": 1000.0}, "goals": {"total": HOSTILE, "annual": None},
            "indicators": [{"level1": HOSTILE, "level2": HOSTILE, "name": HOSTILE, "line": 5, "column": 3,
                            "target": {"raw": HOSTILE}, "actual": {"raw": HOSTILE}, "weight": 10.0, "score": 5.0}],
            "self_eval": {"exec_rate": 90.0, "total_score": 80.0, "grade": HOSTILE},
            "path": HOSTILE, "source_lines": {"5": HOSTILE}, **extra}
    finding = Finding("PF999", "hostile-rule", "error", HOSTILE, HOSTILE, 5, 3, 5, 9, 0, HOSTILE, HOSTILE,
                      HOSTILE, "\t" + HOSTILE)
    buf = io.StringIO()
    rep = get_reporter("html", buf)
    rep.start()
    rep.file(FileReport(HOSTILE, "utf-8", [form], [finding], [{"path": HOSTILE, "line": 2, "message": HOSTILE}], 1))
    summary = Summary(files=1, forms=1)
    summary.add([finding])
    rep.finish([], summary)
    return buf.getvalue()


def test_html_reporter_escapes_every_field():
    page = hostile_report()
    assert HOSTILE not in page and "</script><" not in page.split('id="report-data">', 1)[1].split("</script>")[0]
    # server-rendered: the department (filter and 部门汇总, twice), the worst form, the file error
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    collect, data = html_page(page)
    assert len(collect.scripts) == 2
    form = data["forms"][0]
    assert form["project"] == HOSTILE and form["rows"][0][2] == HOSTILE and form["goals"]["total"] == HOSTILE
    assert form["funds"]["total"] == 1234567.5
    assert form["rows"][0][7] == "name"   # the offending cell is marked


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
            "heavy = [m for m in ('openpyxl', 'jinja2', 'xml.etree.ElementTree', 'html.parser', 'perflint.reporters.html',"
            " 'perflint.reporters.xlsx', 'perflint.reporters.sarif', 'perflint.reporters.junit') if m in sys.modules]\n"
            "print(heavy)\n") % str(SEED0)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr
