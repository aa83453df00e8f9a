"""`perflint check` from the command line: selection, configuration, baselines, formats, exit codes."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from perflint.cli import main
from perflint.rule import Registry, Rule, registry

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests/fixtures/seeds"
CLEAN = ROOT / "tests/fixtures/layouts/target_tab.txt"
SEED000 = str(SEEDS / "000_8fdbf9e2371ab792.txt")
LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) "
                  r"\[(?P<sev>error|warning|info|错误|警告|提示)\] .+$")
# text output names severities in the run's language
SEVERITY_WORDS = {"错误": "error", "警告": "warning", "提示": "info"}


def run(*args, cwd: Path | None = None, input: str | bytes | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), input=input)
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(main, list(args), input=input)


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch, tmp_path):
    # a run must not pick up the project's own pyproject.toml by accident
    monkeypatch.chdir(tmp_path)


def findings(result) -> list[dict]:
    found = [m.groupdict() for m in (LINE.match(l) for l in result.stdout.splitlines()) if m]
    return [{**f, "sev": SEVERITY_WORDS.get(f["sev"], f["sev"])} for f in found]


def test_text_output_is_one_line_per_finding_grouped_by_form_with_a_summary():
    result = run("check", SEED000)
    assert result.exit_code == 1
    found = findings(result)
    assert found and all(f["path"] == SEED000 for f in found)
    assert "── " in result.stdout and "第 1 张表：商务接待" in result.stdout
    assert re.search(r"共检查 1 个文件、5 张表，发现 \d+ 个问题", result.stdout)
    assert "\033[" not in result.stdout          # no colour when not on a terminal


def test_clean_forms_exit_0():
    result = run("check", str(CLEAN))
    assert result.exit_code == 0, result.output
    assert findings(result) == []


def test_english_messages():
    zh = run("check", SEED000, "--select", "PF204")
    en = run("check", SEED000, "--select", "PF204", "--lang", "en")
    assert [f["line"] for f in findings(zh)] == [f["line"] for f in findings(en)] != []
    zh_text = [l for l in zh.stdout.splitlines() if LINE.match(l)]
    en_text = [l for l in en.stdout.splitlines() if LINE.match(l)]
    assert all("等于年度预算" in l for l in zh_text)    # 只是重述了预算总额 / 分项成本合计等于年度预算
    assert all("budget" in l for l in en_text)
    assert "Checked 1 file(s), 5 form(s)" in en.stdout


@pytest.mark.parametrize("selector", ["PF204", "cost-equals-budget", "PF20"])
def test_select_by_code_name_or_prefix(selector):
    result = run("check", SEED000, "--select", selector)
    codes = {f["code"] for f in findings(result)}
    assert "PF204" in codes
    assert codes <= {"PF201", "PF202", "PF203", "PF204", "PF205"}
    if selector != "PF20":
        assert codes == {"PF204"}


def test_ignore_and_extend_select():
    everything = {f["code"] for f in findings(run("check", SEED000))}
    ignored = {f["code"] for f in findings(run("check", SEED000, "--ignore", "PF204,PF3"))}
    assert "PF204" in everything and "PF204" not in ignored
    assert not any(c.startswith("PF3") for c in ignored)
    extended = {f["code"] for f in findings(run("check", SEED000, "--select", "PF204", "--extend-select", "PF105"))}
    assert extended == {"PF204", "PF105"}


def test_fail_on_decides_the_exit_code():
    assert run("check", SEED000, "--select", "PF204", "--fail-on", "error").exit_code == 0
    assert run("check", SEED000, "--select", "PF204", "--fail-on", "warning").exit_code == 1
    assert run("check", SEED000, "--select", "PF105", "--fail-on", "error").exit_code == 1


def test_statistics_and_quiet():
    result = run("check", SEED000, "--statistics", "-q")
    assert re.search(r"^\s+\d+\s+PF204\s+成本指标重述预算总额$", result.stdout, re.M)
    assert "── " not in result.stdout and "建议" not in result.stdout


def test_stdin_with_a_filename():
    text = (SEEDS / "000_8fdbf9e2371ab792.txt").read_bytes()
    result = run("check", "-", "--stdin-filename", "batch/000.txt", "--select", "PF204", input=text)
    assert result.exit_code == 1
    assert {f["path"] for f in findings(result)} == {"batch/000.txt"}


def test_folders_and_globs(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "form.txt").write_bytes(CLEAN.read_bytes())
    (tmp_path / "a" / "skip.md").write_text("not checked")
    result = run("check", str(tmp_path / "a"))
    assert "1 个文件" in result.stdout and result.exit_code == 0
    result = run("check", str(tmp_path / "a" / "**" / "*.txt"))
    assert "1 个文件" in result.stdout and result.exit_code == 0


def test_json_report_has_the_contract():
    result = run("check", SEED000, "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) == {"version", "findings", "files", "summary"}
    f = data["findings"][0]
    for key in ("code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column",
                "form", "project", "indicator", "suggestion"):
        assert key in f
    assert data["summary"]["findings"] == len(data["findings"])
    import jsonschema
    schema = json.loads((ROOT / "schemas/report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


# --- configuration (the nearest configuration of each checked file; more cases in test_config.py) ---------
def project(root: Path, config: str, name: str = "perflint.toml") -> Path:
    """A project folder with a configuration file and the seed form in forms/000.txt; returns the form."""
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(config, "utf-8")
    form = root / "forms" / "000.txt"
    form.parent.mkdir(parents=True, exist_ok=True)
    form.write_bytes(Path(SEED000).read_bytes())
    return form


def test_pyproject_configuration_is_found_walking_up_from_the_file(tmp_path, monkeypatch):
    form = project(tmp_path / "unit", '[tool.perflint]\nselect = ["PF204"]\nlang = "en"\n', "pyproject.toml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)      # the current folder has no say: the file's folder decides
    result = CliRunner().invoke(main, ["check", str(form)])
    assert {f["code"] for f in findings(result)} == {"PF204"}
    assert "Checked" in result.stdout


def test_perflint_toml_severity_options_and_per_file_ignores(tmp_path):
    form = project(tmp_path / "unit",
                   'select = ["PF204", "PF311", "PF105"]\n'
                   '[severity]\ncost-equals-budget = "error"\n'
                   '[rules.satisfaction-below-minimum]\nminimum = 95\n'
                   '[per-file-ignores]\n"*000*.txt" = ["PF105"]\n')
    result = CliRunner().invoke(main, ["check", str(form)])
    found = findings(result)
    assert {f["sev"] for f in found if f["code"] == "PF204"} == {"error"}
    assert any(f["code"] == "PF311" for f in found)      # every ≥85% satisfaction is now below 95
    assert not any(f["code"] == "PF105" for f in found)


def test_no_config_ignores_files(tmp_path):
    form = project(tmp_path / "unit", 'select = ["PF204"]\n')
    assert len({f["code"] for f in findings(CliRunner().invoke(main, ["check", str(form), "--no-config"]))}) > 1


@pytest.mark.parametrize("content,key,line", [
    ('selectt = ["PF1"]\n', "selectt", 1),
    ('lang = "en"\nselect = ["PF999"]\n', "select", 2),
    ('[rules.satisfaction-below-minimum]\nminimum = "high"\n', "rules.satisfaction-below-minimum.minimum", 2),
    ('\n[rules.no-such-rule]\nx = 1\n', "rules.no-such-rule", 2),
    ('fail-on = "fatal"\n', "fail-on", 1),
    ('select = "PF1"\n', "select", 1),
    ('[severity]\nPF204 = "loud"\n', "severity.PF204", 2),
    ('lang = "zh"\n\nprofile = "atlantis"\n', "profile", 3),
])
def test_invalid_configuration_exits_2_naming_file_line_and_key(tmp_path, content, key, line):
    form = project(tmp_path / "unit", content)
    result = CliRunner().invoke(main, ["check", str(form)])
    assert result.exit_code == 2, result.output
    assert f"[{key}]" in result.output
    assert f"perflint.toml:{line}:" in result.output, result.output
    assert "Traceback" not in result.output


def test_broken_toml_exits_2(tmp_path):
    form = project(tmp_path / "unit", 'lang = "zh"\nselect = [\n')
    result = CliRunner().invoke(main, ["check", str(form)])
    assert result.exit_code == 2 and "not valid TOML" in result.output
    assert "perflint.toml:3:" in result.output, result.output


def test_usage_errors_exit_2():
    assert run("check").exit_code == 2
    assert run("check", SEED000, "--format", "pdf").exit_code == 2
    assert run("check", SEED000, "--fail-on", "fatal").exit_code == 2


def test_exclude_holds_even_for_files_named_explicitly(tmp_path, monkeypatch):
    (tmp_path / "perflint.toml").write_text('exclude = ["drafts/*"]\n', "utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "000.txt").write_bytes((SEEDS / "000_8fdbf9e2371ab792.txt").read_bytes())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "drafts/000.txt"])
    assert result.exit_code == 0 and findings(result) == []
    assert "drafts/000.txt" in result.stderr and "exclude" in result.stderr     # said, not silent


# --- baselines --------------------------------------------------------------------------------------------
def test_baseline_reports_only_new_findings_even_after_lines_move(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    form = tmp_path / "forms.txt"
    form.write_bytes((SEEDS / "000_8fdbf9e2371ab792.txt").read_bytes())
    wrote = CliRunner().invoke(main, ["check", "forms.txt", "--write-baseline", "base.json"])
    assert wrote.exit_code == 0 and (tmp_path / "base.json").exists()
    assert CliRunner().invoke(main, ["check", "forms.txt", "--baseline", "base.json"]).exit_code == 0
    # three lines added at the top move every finding down: none of them resurfaces
    form.write_text("\n\n\n" + form.read_text("utf-8"), "utf-8")
    again = CliRunner().invoke(main, ["check", "forms.txt", "--baseline", "base.json"])
    assert again.exit_code == 0 and findings(again) == []
    # a new problem does
    form.write_text(form.read_text("utf-8").replace("≥85.00(%)", "≥60.00(%)", 1), "utf-8")
    new = CliRunner().invoke(main, ["check", "forms.txt", "--baseline", "base.json"])
    assert new.exit_code == 1 and {f["code"] for f in findings(new)} == {"PF311"}


def test_unreadable_baseline_exits_2(tmp_path):
    (tmp_path / "base.json").write_text("{}", "utf-8")
    result = run("check", SEED000, "--baseline", str(tmp_path / "base.json"))
    assert result.exit_code == 2 and "baseline" in result.output


# --- rules and their documentation --------------------------------------------------------------------
def test_rules_lists_every_rule():
    result = run("rules")
    assert result.exit_code == 0
    codes = re.findall(r"^(PF\d{3})\s", result.stdout, re.M)
    assert codes == [c.code for c in registry().all() if c.code.startswith("PF")]
    assert len(codes) >= 40


@pytest.mark.parametrize("key", ["PF103", "missing-satisfaction-indicator", "pf103"])
def test_rule_prints_its_documentation(key):
    result = run("rule", key)
    assert result.exit_code == 0
    assert "PF103 missing-satisfaction-indicator" in result.stdout and "缺少满意度指标" in result.stdout
    assert "错误示例：" in result.stdout and "正确示例：" in result.stdout and "**" not in result.stdout


def test_unknown_rule_exits_2():
    assert run("rule", "PF000").exit_code == 2


def test_renamed_rule_keeps_old_code_as_alias():
    class Renamed(Rule):
        """A rule that was renamed."""
        code, name, severity, aliases = "XT002", "new-name", "info", ("XT001", "old-name")

    reg = Registry()
    reg.add(Renamed)
    assert reg.get("XT001") is Renamed and reg.get("old-name") is Renamed
    assert reg.match("XT001") == [Renamed]


def test_value_command():
    result = run("value", "≥85.00(%)")
    assert result.exit_code == 0 and "85" in result.stdout
    data = json.loads(run("value", "≤24万元", "--json").stdout)
    assert (data["op"], data["base_value"], data["dimension"]) == ("<=", 240000.0, "money")


def test_clean_forms_of_every_layout_get_no_warning_or_error():
    """Our own correct forms, in every layout and both kinds, under every rule and profile."""
    layouts = ROOT / "tests/fixtures/layouts"
    for profile in ("national", "sichuan", "band-0.5"):
        (Path.cwd() / "perflint.toml").write_text(f"profile = \"{profile}\"\n", "utf-8")
        result = run("check", str(layouts), "--config", "perflint.toml", "--fail-on", "warning", "--format", "json")
        data = json.loads(result.stdout)
        serious = [f for f in data["findings"] if f["severity"] in ("error", "warning")]
        assert serious == [], (profile, serious)
        assert data["summary"]["forms"] == len(list(layouts.glob("*.txt")))
        assert result.exit_code == 0
