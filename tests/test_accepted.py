"""Accepting a finding: perflint-accepted.toml next to the forms, found like configuration; an accepted finding
stays in every report with its reason and does not count toward the exit code; `perflint accept` records one."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from perflint.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests/fixtures/seeds/000_8fdbf9e2371ab792.txt"
REASON = "专项审计要求保留的合规指标，经绩效处同意"
# the seed's first form (商务接待) lists 资金使用合规性 as an indicator: PF109 budget-item-as-indicator
ACCEPT_PF109 = f'[[accepted]]\nproject = "商务接待"\nrule = "PF109"\nindicator = "资金使用合规性"\nreason = "{REASON}"\n'
LINE = re.compile(r"^\S+:(?P<line>\d+):\d+: (?P<code>PF\d+) \[\w+\] (?P<rest>.*)$", re.M)


@pytest.fixture(autouse=True)
def _cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def perflint(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def forms(folder: Path, accepted: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "商务接待.txt"
    target.write_bytes(SEED.read_bytes())
    if accepted is not None:
        (folder / "perflint-accepted.toml").write_text(accepted, "utf-8")
    return target


def json_findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def test_an_accepted_finding_stays_in_the_report_with_its_reason_and_does_not_fail(tmp_path):
    target = forms(tmp_path / "forms", ACCEPT_PF109)
    before = perflint("check", forms(tmp_path / "plain"), "--select", "PF109")
    result = perflint("check", target, "--select", "PF109")
    assert before.exit_code == 1 and result.exit_code == 0, result.output
    [line] = [m for m in LINE.finditer(result.stdout)]
    assert line["code"] == "PF109" and f"[已接受：{REASON}]" in line["rest"]
    assert "其中 1 个已接受" in result.stdout
    english = perflint("check", target, "--select", "PF109", "--lang", "en")
    assert f"[accepted: {REASON}]" in english.stdout and "1 of them accepted" in english.stdout
    data = json.loads(perflint("check", target, "--select", "PF109", "--format", "json").stdout)
    assert [f["accepted"] for f in data["findings"]] == [REASON]
    assert data["summary"]["findings"] == 1 and data["summary"]["exit_code"] == 0
    import jsonschema
    jsonschema.validate(data, json.loads((ROOT / "schemas/report.schema.json").read_text("utf-8")))


def test_other_findings_still_count(tmp_path):
    target = forms(tmp_path / "forms", ACCEPT_PF109)
    result = perflint("check", target, "--format", "json")
    found = json_findings(result)
    assert result.exit_code == 1
    assert {f["code"] for f in found if f["accepted"]} == {"PF109"}
    assert any(f["accepted"] is None and f["severity"] in ("error", "warning") for f in found)


@pytest.mark.parametrize("entry,accepted", [
    ('project = "商务接待"\nrule = "budget-item-as-indicator"\n', True),      # by name, every indicator
    ('project = "商务接待"\nrule = "PF109"\nindicator = "资金使用合规性"\n', True),
    ('project = " 商务接待 "\nrule = "pf109"\n', True),                     # spacing and case of the code
    ('project = "宣传与推广"\nrule = "PF109"\n', False),                    # another project
    ('project = "商务接待"\nrule = "PF109"\nindicator = "接待服务合格率"\n', False),  # another indicator
    ('project = "商务接待"\nrule = "PF105"\n', False),                      # another rule
])
def test_an_entry_matches_by_project_rule_and_indicator(tmp_path, entry, accepted):
    target = forms(tmp_path / "forms", f'[[accepted]]\n{entry}reason = "ok"\nby = "李四"\ndate = 2026-03-01\n')
    found = json_findings(perflint("check", target, "--select", "PF109", "--format", "json"))
    assert [f["accepted"] for f in found] == (["ok"] if accepted else [None])


def test_the_nearest_file_is_found_like_configuration(tmp_path):
    bureau = tmp_path / "bureau"
    (bureau).mkdir()
    (bureau / "perflint-accepted.toml").write_text(ACCEPT_PF109, "utf-8")
    deep = forms(bureau / "2026" / "unit-a")
    shadowed = forms(bureau / "2026" / "unit-b", "# nothing accepted here\n")
    result = perflint("check", deep, shadowed, "--select", "PF109", "--format", "json")
    by_file = {Path(f["path"]).parent.name: f["accepted"] for f in json_findings(result)}
    assert by_file == {"unit-a": REASON, "unit-b": None}
    assert result.exit_code == 1       # unit-b's finding still fails


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "sarif", "junit", "github", "html", "xlsx"])
def test_every_format_keeps_the_accepted_finding_and_none_breaks(tmp_path, fmt):
    if fmt == "xlsx":
        pytest.importorskip("openpyxl", reason="the xlsx report needs openpyxl (pip install -e '.[dev]')")
    target = forms(tmp_path / "forms", ACCEPT_PF109)
    out = tmp_path / f"report.{fmt}"
    result = perflint("check", target, "--select", "PF109", "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    if fmt == "xlsx":
        import openpyxl
        cells = [str(c.value) for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows()
                 for c in row if c.value is not None]
        assert any("资金使用合规性" in c for c in cells)
        return
    text = out.read_text("utf-8-sig")
    assert "PF109" in text
    if fmt in ("text", "json", "csv", "sarif", "github"):
        assert REASON in text, fmt
    if fmt == "junit":
        assert "<failure" not in text and 'failures="0"' in text
    if fmt == "github":
        assert text.startswith("::notice ")


@pytest.mark.parametrize("content,words", [
    ("[[accepted]\nproject = 1\n", ["perflint-accepted.toml:1:", "not valid TOML"]),
    ('[[accepted]]\nproject = "商务接待"\nrule = "PF109"\n', ["perflint-accepted.toml:1", "`reason`"]),
    ('# ok\n[[accepted]]\nproject = "a"\nrule = "PF109"\nreason = "r"\n\n[[accepted]]\nproject = "b"\n'
     'rule = "budget-item-as-indicatr"\nreason = "r"\n',
     ["perflint-accepted.toml:7", "did you mean 'budget-item-as-indicator'?"]),
    ('[[accepted]]\nproject = "a"\nrule = "PF109"\nreason = "r"\nreson = "x"\n', ["did you mean 'reason'?"]),
    ('[[accept]]\nproject = "a"\n', ["did you mean 'accepted'?"]),
    ('[[accepted]]\nproject = ""\nrule = "PF109"\nreason = "r"\n', ["`project`"]),
])
def test_a_broken_accepted_file_is_an_error_with_its_line(tmp_path, content, words):
    target = forms(tmp_path / "forms", content)
    result = perflint("check", target)
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def test_a_baseline_does_not_hide_an_accepted_finding(tmp_path):
    target = forms(tmp_path / "forms")
    base = tmp_path / "base.json"
    assert perflint("check", target, "--select", "PF109", "--write-baseline", base).exit_code == 0
    (target.parent / "perflint-accepted.toml").write_text(ACCEPT_PF109, "utf-8")
    found = json_findings(perflint("check", target, "--select", "PF109", "--baseline", base, "--format", "json"))
    assert [f["accepted"] for f in found] == [REASON]


# --- perflint accept ------------------------------------------------------------------------------------
def _pf109_line(target: Path) -> int:
    return int(json_findings(perflint("check", target, "--select", "PF109", "--format", "json"))[0]["line"])


def test_accept_records_the_finding_and_the_next_check_shows_it_accepted(tmp_path):
    project = tmp_path / "unit"
    target = forms(project / "forms")
    (project / "perflint.toml").write_text('select = ["PF109", "PF105"]\n', "utf-8")
    line = _pf109_line(target)
    result = perflint("accept", f"{target}:{line}", "budget-item-as-indicator", "--reason", REASON, "--by", "张三")
    assert result.exit_code == 0, result.output
    recorded = project / "perflint-accepted.toml"          # at the project root: the configuration's folder
    assert "已接受 PF109" in result.stderr and str(recorded) in result.stderr
    import tomllib
    [entry] = tomllib.loads(recorded.read_text("utf-8"))["accepted"]
    assert entry["project"] == "商务接待" and entry["rule"] == "PF109" and entry["indicator"] == "资金使用合规性"
    assert entry["reason"] == REASON and entry["by"] == "张三" and entry["date"]
    found = json_findings(perflint("check", target, "--format", "json"))
    assert {f["code"]: f["accepted"] for f in found if f["code"] == "PF109"} == {"PF109": REASON}
    again = perflint("accept", f"{target}:{line}", "PF109", "--reason", "again")
    assert again.exit_code == 0 and "已在" in again.stderr
    assert len(tomllib.loads(recorded.read_text("utf-8"))["accepted"]) == 1


def test_accept_keeps_a_reason_with_quotes_and_newlines_as_written(tmp_path):
    target = forms(tmp_path / "forms")
    reason = 'the "合规" row\nstays; back\\slash\ttab \x7f'
    assert perflint("accept", f"{target}:{_pf109_line(target)}", "PF109", "--reason", reason).exit_code == 0
    found = json_findings(perflint("check", target, "--select", "PF109", "--format", "json"))
    assert found[0]["accepted"] == reason.strip()


def test_accept_without_such_a_finding_says_what_is_on_that_line(tmp_path):
    target = forms(tmp_path / "forms")
    line = _pf109_line(target)
    result = perflint("accept", f"{target}:{line}", "PF105", "--reason", "x")
    assert result.exit_code == 2 and "没有 PF105 的问题" in result.stderr and "PF109" in result.stderr
    assert not (target.parent / "perflint-accepted.toml").exists()
    assert perflint("accept", f"{target}:{line}", "PF1099", "--reason", "x").exit_code == 2
    assert perflint("accept", str(target), "PF109", "--reason", "x").exit_code == 2      # no :LINE
    assert perflint("accept", f"{target}:{line}", "PF109", "--reason", "  ").exit_code == 2
