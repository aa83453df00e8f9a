"""No injection through a report: form text and file names are shown, never obeyed.

Spreadsheet cells are text (never formulas or error values), characters XML cannot hold are dropped,
terminal output (text, github) escapes control characters, ANSI escapes and newlines, bidi controls are
shown as [U+202E] in every report people read, and JSON keeps the exact text.
"""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from perflint.engine import FileReport
from perflint.finding import Finding
from perflint.reporters import get_reporter
from perflint.reporters.base import Summary
from perflint.reporters.safe import json_text, page, terminal

from report_forms import target_form

ROOT = Path(__file__).resolve().parent.parent
RLO, PDF = "\u202e", "\u202c"
# what a hostile clerk can put where the reader keeps it as text
# (the reader drops page boilerplate such as 点击查看 lines, so the link says 打开附件)
FORMULAS = ['=HYPERLINK("https://evil.example/","打开附件")', "=1+1", "+1+2", "-3+4", "@SUM(A1:A9)", "#N/A"]
CONTROL = "\x1b[2J\x1b[31m红\x1b[0m\x07"
FORGED_SUMMARY = "\n共检查 1 个文件、1 张表，发现 0 个问题（错误 0，警告 0，提示 0）。\n"
FORGED_ANNOTATION = "\n::error file=ok.txt,line=1::forged\r\n"


def perflint(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perflint.cli", "check", "--no-config", *args], cwd=cwd,
                          input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=300)


def hostile_finding(path: str = "batch/a.txt", text: str = FORGED_SUMMARY + CONTROL + RLO + "gnp.exe" + PDF,
                    **kw) -> Finding:
    fields = dict(code="PF304", name="missing-unit", severity="warning", message="值" + text, path=path, line=3,
                  column=2, end_line=3, end_column=5, form=0, project="项目" + text, indicator="指标" + text,
                  suggestion="建议" + text, source="\t".join(["原文", text]), location=None)
    fields.update(kw)
    return Finding(**fields)


def report_with(fmt: str, findings: list[Finding], errors: list[dict] | None = None, out=None, **opts) -> str:
    buf = out if out is not None else io.StringIO()
    rep = get_reporter(fmt, buf, **opts)
    rep.start()
    path = findings[0].path if findings else "batch/a.txt"
    rep.file(FileReport(path, "utf-8", [], findings, errors or [], 1))
    summary = Summary(files=1, forms=1)
    summary.add(findings)
    rep.finish([], summary)
    return buf.getvalue() if out is None else ""


# --- the helpers themselves ---------------------------------------------------------------------------
def test_terminal_escapes_every_control_character():
    assert terminal("a\nb\rc\td\x1b[31me\x07f\x85g\u2028h") == "a\\nb\\rc\\td\\x1b[31me\\x07f\\x85g\\u2028h"
    assert terminal(RLO + "abc" + PDF) == "[U+202E]abc[U+202C]"
    assert terminal("名\udcb0.txt") == "名\\xb0.txt"   # an undecodable byte of a file name
    assert terminal("中文 ok ‰ €") == "中文 ok ‰ €"


def test_page_shows_bidi_and_controls_but_keeps_tabs_and_newlines():
    assert page("a\tb\nc" + RLO + "\x1b") == "a\tb\nc[U+202E][U+001B]"


def test_json_text_is_exact_json_without_raw_bidi():
    data = {"p": RLO + "x\u2028y\x85\udcb0" + CONTROL}
    text = json_text(data)
    assert json.loads(text) == data
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u2028\x85\x1b]", text)


# --- terminal output: text and GitHub -----------------------------------------------------------------
def assert_lines_are_ours(out: str, starts: tuple[str, ...]) -> None:
    for line in out.splitlines():
        assert line.startswith(starts), repr(line)
    assert "\x1b" not in out and "\r" not in out and "\a" not in out
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", out)


def test_text_output_cannot_forge_lines_or_command_the_terminal():
    f = hostile_finding()
    out = report_with("text", [f], errors=[{"path": "x\n::error::y.txt", "line": 2, "message": "bad" + CONTROL}])
    assert_lines_are_ours(out, ("batch/a.txt", "── batch/a.txt", "    ", "x\\n::error::y.txt", "共检查 1 个文件"))
    assert sum(line.startswith("共检查") for line in out.splitlines()) == 1
    assert "[U+202E]gnp.exe[U+202C]" in out and "\\x1b[2J" in out and "\\n共检查" in out


def test_text_colours_are_only_perflint_s_own():
    out = report_with("text", [hostile_finding()], color=True)
    assert set(re.findall(r"\x1b\[[0-9;]*m", out)) <= {"\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[1m", "\x1b[2m",
                                                         "\x1b[0m"}
    assert "\x1b[2J" not in out and "\\x1b[2J" in out


def test_github_annotations_cannot_be_forged():
    out = report_with("github", [hostile_finding(path="a\nb.txt", message="m" + FORGED_ANNOTATION + CONTROL)])
    lines = out.splitlines()
    assert [line[:10] for line in lines if line.startswith("::")] == ["::warning "]
    assert_lines_are_ours(out, ("::warning ", "perflint: "))
    assert "file=a\\nb.txt" in out and "%0A" in out   # the one line break: message, then suggestion


def test_file_names_and_stdin_names_are_escaped_on_the_command_line(tmp_path):
    name = "a\nb\x1b[31m" + RLO + "txt.exe" + PDF + ".txt"
    (tmp_path / name).write_text(target_form("养老服务补贴", defects=("unit",)), "utf-8")
    run = perflint(".", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    shown = "a\\nb\\x1b[31m[U+202E]txt.exe[U+202C].txt"
    assert_lines_are_ours(run.stdout, (shown, f"── {shown}", "    ", "共检查"))
    for fmt, starts in (("text", ("x.txt", "── x.txt", "    ", "共检查")), ("github", ("::warning ", "perflint: "))):
        run = perflint("-", "--stdin-filename", "x.txt" + FORGED_ANNOTATION + FORGED_SUMMARY, "--format", fmt,
                       stdin=target_form("养老服务补贴", defects=("unit",)))
        assert run.returncode == 1, run.stderr
        assert_lines_are_ours(run.stdout, starts)
        assert not any(line.startswith(("::error", "共检查 1 个文件、1 张表，发现 0")) for line in run.stdout.splitlines())


# --- spreadsheets -------------------------------------------------------------------------------------
def forms_with(projects: list[str], departments: list[str] | None = None) -> str:
    departments = departments or ["某市民政局"] * len(projects)
    return "\n".join(target_form(p, d, defects=("unit",)) for p, d in zip(projects, departments))


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


def test_xlsx_cells_from_forms_are_text_never_formulas(tmp_path):
    from openpyxl import load_workbook
    (tmp_path / "forms.txt").write_text(forms_with(FORMULAS, FORMULAS), "utf-8")
    read = json.loads(perflint("forms.txt", "--format", "json", cwd=tmp_path).stdout)
    assert sorted({f["project"] for f in read["findings"]}) == sorted(FORMULAS)   # the reader kept them as written
    assert perflint("forms.txt", "--format", "xlsx", "-o", "r.xlsx", cwd=tmp_path).returncode == 1
    for name, xml in sheet_xml(tmp_path / "r.xlsx").items():
        assert "<f>" not in xml and 't="e"' not in xml, name
    wb = load_workbook(tmp_path / "r.xlsx")
    seen = []
    for ws in wb:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.value in FORMULAS:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    if cell.value[0] in "=+-@":
                        assert cell.quotePrefix, (ws.title, cell.coordinate)
                    seen.append((ws.title, cell.value))
    for sheet in ("汇总", "部门汇总", "问题清单"):
        assert {v for s, v in seen if s == sheet} == set(FORMULAS), sheet
    # the link to the worst form is ours; a form's text never becomes one
    links = [c.hyperlink for ws in wb for row in ws.iter_rows() for c in row if c.hyperlink]
    assert links and all(h.location and not h.target for h in links)


def test_xlsx_drops_illegal_characters_and_shows_bidi(tmp_path):
    f = hostile_finding(text="\uffff\x01\x1b" + RLO + "abc" + PDF + "\ufffe", source="\t=1+1\t" + RLO)
    with open(tmp_path / "r.xlsx", "w", encoding="utf-8", newline="") as out:
        report_with("xlsx", [f], out=out)
    from openpyxl import load_workbook
    ws = load_workbook(tmp_path / "r.xlsx")["问题清单"]
    row = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]]))
    assert row["项目"] == "项目[U+202E]abc[U+202C]"
    assert row["问题描述"] == "值[U+202E]abc[U+202C]"
    assert row["原文"] == "=1+1 │ [U+202E]"   # the quoted line without raw tabs
    assert ws["R2"].data_type == "s"


def test_csv_quotes_formulas_and_shows_bidi():
    findings = [hostile_finding(text=t, message=t, project=t) for t in ("=1+1", "\t=1+1", "\r=2", " @SUM(A1)",
                                                                          RLO + "abc")]
    text = report_with("csv", findings)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    # a leading CR is shown as a marker, which no spreadsheet evaluates
    assert sorted(r["message"] for r in rows) == sorted(["'=1+1", "'\t=1+1", "[U+000D]=2", "' @SUM(A1)",
                                                          "[U+202E]abc"])
    assert all(r["project"] == r["message"] for r in rows)


# --- JSON, SARIF, JUnit, HTML -------------------------------------------------------------------------
def test_json_keeps_the_exact_text():
    f = hostile_finding()
    text = report_with("json", [f])
    doc = json.loads(text)
    assert doc["findings"][0]["project"] == f.project and doc["findings"][0]["source"] == f.source
    assert RLO not in text and "\x1b" not in text


def test_sarif_messages_show_bidi_and_stay_valid_json():
    f = hostile_finding()
    doc = json.loads(report_with("sarif", [f]))
    result = doc["runs"][0]["results"][0]
    assert "[U+202E]gnp.exe" in result["message"]["text"] and "[U+001B]" in result["message"]["text"]
    assert result["properties"]["project"] == f.project


def test_junit_is_well_formed_xml_with_bidi_shown():
    import xml.etree.ElementTree as ET
    text = report_with("junit", [hostile_finding(text="\uffff\x01" + RLO + "x")])
    root = ET.fromstring(text.split("\n", 1)[1])
    body = root.find(".//failure").text
    assert "[U+202E]x" in body and "\x01" not in body


def test_html_shows_bidi_and_controls_as_markers():
    f = hostile_finding()
    form = {"index": 0, "kind": "target", "project": f.project, "department": RLO + "部门", "line": 1,
            "end_line": 9, "indicators": [], "source_lines": {}}
    buf = io.StringIO()
    rep = get_reporter("html", buf)
    rep.start()
    rep.file(FileReport(f.path, "utf-8", [form], [f], [], 1))
    summary = Summary(files=1, forms=1)
    summary.add([f])
    rep.finish([], summary)
    text = buf.getvalue()
    assert RLO not in text and "\x1b" not in text
    assert "[U+202E]部门" in text   # the 部门汇总 and the department filter, rendered by the server
    data = json.loads(text.split('id="report-data">', 1)[1].split("</script>", 1)[0])
    assert data["forms"][0]["project"].startswith("项目\n共检查") and "[U+202E]gnp.exe" in data["forms"][0]["project"]
    assert data["departments"] == ["[U+202E]部门"] and data["forms"][0]["d"] == 0


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "sarif", "junit", "github", "html"])
def test_every_format_survives_an_undecodable_file_name(fmt):
    f = hostile_finding(path="forms/\udcb0\udce5.txt")
    text = report_with(fmt, [f])
    text.encode("utf-8")  # nothing a UTF-8 file cannot hold
    assert "\udcb0" not in text
