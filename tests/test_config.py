"""Configuration like ruff's: the nearest configuration of each checked file, errors with their line, gitignore
exclusions, default excludes, baselines relative to the project root, --show-settings, --exit-zero, -q/-qq."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from perflint.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests/fixtures/seeds").glob("*.txt"))
SEED = SEEDS[0]
CLEAN = ROOT / "tests/fixtures/layouts/target_tab.txt"
LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) \[", re.M)


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path, monkeypatch):
    """Every run starts in an empty folder of its own, outside the projects the test builds."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)


def perflint(*args: str, cwd: Path | None = None):
    if cwd is not None:
        os.chdir(cwd)
    return CliRunner().invoke(main, [str(a) for a in args])


def form(path: Path, source: Path = SEED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(source.read_bytes())
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def codes_by_file(result) -> dict[str, set[str]]:
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    out: dict[str, set[str]] = {Path(f["path"]).name: set() for f in data["files"]}
    for f in data["findings"]:
        out[Path(f["path"]).name].add(f["code"])
    return out


def checked(result) -> set[str]:
    return {Path(f["path"]).name for f in json.loads(result.stdout)["files"]}


# --- the nearest configuration of each file ------------------------------------------------------------------
def test_two_nested_projects_each_file_gets_its_own_configuration(tmp_path):
    outer, inner = tmp_path / "bureau", tmp_path / "bureau" / "unit"
    write(outer / "perflint.toml", 'select = ["PF204"]\n')
    write(inner / "pyproject.toml", '[project]\nname = "x"\n[tool.perflint]\nselect = ["PF105"]\n')
    form(outer / "forms" / "a.txt")
    form(inner / "forms" / "b.txt")
    expected = {"a.txt": {"PF204"}, "b.txt": {"PF105"}}
    # one run over both, from outside either project, from the inner one, and naming the files one by one
    assert codes_by_file(perflint("check", outer, "--format", "json")) == expected
    assert codes_by_file(perflint("check", "../forms/a.txt", "forms/b.txt", "--format", "json", cwd=inner)) \
        == expected
    assert codes_by_file(perflint("check", outer / "forms/a.txt", inner / "forms/b.txt", "--format", "json",
                                  cwd=tmp_path)) == expected


def test_perflint_toml_wins_over_pyproject_in_one_folder_and_a_foreign_pyproject_is_passed_by(tmp_path):
    project = tmp_path / "p"
    write(project / "perflint.toml", 'select = ["PF204"]\n')
    write(project / "pyproject.toml", '[tool.perflint]\nselect = ["PF105"]\n')
    # a pyproject.toml that does not configure perflint (even a broken one) does not stop the walk up
    write(project / "forms" / "pyproject.toml", '[project\nname = "not ours"\n')
    form(project / "forms" / "a.txt")
    assert codes_by_file(perflint("check", project / "forms", "--format", "json")) == {"a.txt": {"PF204"}}


def test_command_line_options_override_every_configuration(tmp_path):
    write(tmp_path / "a" / "perflint.toml", 'select = ["PF204"]\n')
    write(tmp_path / "b" / "perflint.toml", 'select = ["PF105"]\n')
    form(tmp_path / "a" / "x.txt")
    form(tmp_path / "b" / "y.txt")
    result = perflint("check", tmp_path / "a", tmp_path / "b", "--select", "PF109", "--format", "json")
    assert codes_by_file(result) == {"x.txt": {"PF109"}, "y.txt": {"PF109"}}


# --- malformed files are errors naming the file and line ------------------------------------------------
@pytest.mark.parametrize("name,text,where", [
    ("perflint.toml", 'select = ["PF1"]\nlang = "zh\n', ":2:"),
    ("perflint.toml", 'select = ["PF1"]\nselect = ["PF2"]\n', ":2:"),
    (".perflint.toml", '[severity\nPF204 = "error"\n', ":1:"),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.perflint]\nselect = ["PF1"\nlang = "en"\n', ":6:"),
])
def test_malformed_toml_is_an_error_with_file_and_line(tmp_path, name, text, where):
    config = write(tmp_path / "p" / name, text)
    target = form(tmp_path / "p" / "forms" / "a.txt")
    result = perflint("check", target)
    assert result.exit_code == 2, result.output
    assert f"{config}{where}" in result.stderr and "not valid TOML" in result.stderr, result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_configuration_that_is_not_utf8_names_its_line(tmp_path):
    config = tmp_path / "p" / "perflint.toml"
    config.parent.mkdir()
    config.write_bytes('select = ["PF1"]\n# 说明\n'.encode("gbk"))
    result = perflint("check", form(tmp_path / "p" / "a.txt"))
    assert result.exit_code == 2 and f"{config}:2" in result.stderr and "UTF-8" in result.stderr


def test_a_configuration_named_with_config_that_is_missing_is_an_error(tmp_path):
    result = perflint("check", form(tmp_path / "a.txt"), "--config", tmp_path / "nope.toml")
    assert result.exit_code == 2 and "not found" in result.stderr


# --- exclude: gitignore semantics, relative to the configuration's folder ---------------------------------
@pytest.mark.parametrize("pattern,excluded", [
    ("drafts", {"d1.txt", "d2.txt", "d3.txt"}),
    ("drafts/", {"d1.txt", "d2.txt", "d3.txt"}),
    ("**/drafts/**", {"d1.txt", "d2.txt", "d3.txt"}),
    ("/drafts", {"d1.txt", "d2.txt"}),               # anchored: the top drafts folder only
    ("drafts/*", {"d1.txt", "d2.txt"}),              # a slash inside anchors it too
    ("*.draft.txt", {"x.draft.txt"}),
    ("forms/草稿*", {"草稿1.txt"}),
])
def test_exclude_patterns_have_gitignore_semantics(tmp_path, pattern, excluded):
    p = tmp_path / "p"
    write(p / "perflint.toml", f"exclude = [{json.dumps(pattern, ensure_ascii=False)}]\n")
    names = {"forms/a.txt", "drafts/d1.txt", "drafts/deep/d2.txt", "forms/drafts/d3.txt", "forms/x.draft.txt",
             "forms/草稿1.txt"}
    for name in names:
        form(p / name, CLEAN)
    everything = {Path(n).name for n in names}
    # the patterns are relative to the configuration's folder, whatever folder perflint runs from
    for cwd in (tmp_path / "cwd", p, p / "forms"):
        result = perflint("check", p, "--format", "json", cwd=cwd)
        assert checked(result) == everything - excluded, (pattern, cwd)


def test_an_excluded_folder_is_not_walked_into_and_a_negation_brings_a_file_back(tmp_path):
    p = tmp_path / "p"
    write(p / "perflint.toml", 'exclude = ["archive/*", "!archive/keep.txt"]\n')
    form(p / "archive" / "old.txt", CLEAN)
    form(p / "archive" / "keep.txt", CLEAN)
    form(p / "new.txt", CLEAN)
    assert checked(perflint("check", p, "--format", "json")) == {"keep.txt", "new.txt"}


def test_an_excluded_file_named_explicitly_is_skipped_with_a_note(tmp_path):
    p = tmp_path / "p"
    config = write(p / "perflint.toml", 'exclude = ["drafts"]\n')
    draft = form(p / "drafts" / "草稿.txt")
    result = perflint("check", draft)
    assert result.exit_code == 0, result.output
    assert "共检查 0 个文件" in result.stdout
    assert str(draft) in result.stderr and str(config) in result.stderr and "exclude" in result.stderr
    english = perflint("check", draft, "--lang", "en")
    assert "excluded by the exclude setting" in english.stderr
    # -q: findings only, so no note; a file found by walking a folder is left out without a note
    assert perflint("check", draft, "-q").stderr == ""
    walked = perflint("check", p)
    assert walked.stderr == "" and "共检查 0 个文件" in walked.stdout


def test_default_excludes_are_not_walked_but_an_explicit_name_is_checked(tmp_path):
    p = tmp_path / "p"
    form(p / "forms" / "a.txt", CLEAN)
    for folder in (".venv/lib/site", "venv", "node_modules/x", "__pycache__", ".git", "build", "dist"):
        form(p / folder / "LICENSE.txt", CLEAN)
    assert checked(perflint("check", p, "--format", "json")) == {"a.txt"}
    # default excludes are about walking: a file or folder named on the command line is checked
    assert checked(perflint("check", p / "build" / "LICENSE.txt", "--format", "json")) == {"LICENSE.txt"}
    assert checked(perflint("check", p / "venv", "--format", "json")) == {"LICENSE.txt"}


def test_per_file_ignores_have_gitignore_semantics(tmp_path):
    p = tmp_path / "p"
    write(p / "perflint.toml", 'select = ["PF105", "PF204"]\n[per-file-ignores]\n'
                               '"archive/" = ["PF105"]\n"**/2019/*.txt" = ["PF2"]\n')
    form(p / "archive" / "a.txt")
    form(p / "x" / "2019" / "b.txt")
    form(p / "c.txt")
    result = perflint("check", p, "--format", "json", cwd=p / "x")
    assert codes_by_file(result) == {"a.txt": {"PF204"}, "b.txt": {"PF105"}, "c.txt": {"PF105", "PF204"}}


# --- close matches -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("config,args,expected", [
    ('selct = ["PF1"]\n', [], "did you mean 'select'?"),
    ('[per-file-ignore]\n"a" = ["PF1"]\n', [], "did you mean 'per-file-ignores'?"),
    ('select = ["missing-unitt"]\n', [], "did you mean 'missing-unit'?"),
    ('[severity]\ncost-equal-budget = "error"\n', [], "did you mean 'cost-equals-budget'?"),
    ('[rules.satisfaction-below-minimun]\nminimum = 90\n', [], "did you mean 'satisfaction-below-minimum'?"),
    ("", ["--ignore", "goals-copy"], "did you mean 'goals-copied'?"),
])
def test_unknown_names_suggest_the_closest(tmp_path, config, args, expected):
    write(tmp_path / "p" / "perflint.toml", config)
    result = perflint("check", form(tmp_path / "p" / "a.txt"), *args)
    assert result.exit_code == 2 and expected in result.stderr, result.stderr


def test_unknown_rule_of_perflint_rule_suggests_the_closest():
    result = perflint("rule", "missing-unitt")
    assert result.exit_code == 2 and "did you mean 'missing-unit'?" in result.stderr


# --- --show-settings -------------------------------------------------------------------------------------
def test_show_settings_names_each_value_and_where_it_came_from(tmp_path):
    p = tmp_path / "p"
    config = write(p / "perflint.toml", 'select = ["PF1"]\nexclude = ["drafts"]\n')
    target = form(p / "forms" / "a.txt")
    result = perflint("check", "--show-settings", target, p / "drafts" / "b.txt", "--fail-on", "error")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"configuration = {json.dumps(str(config))}" in out
    assert f"project-root = {json.dumps(str(p))}" in out
    assert f'select = ["PF1"]  # {config}' in out
    assert 'fail-on = "error"  # 命令行' in out
    assert 'template = "auto"  # 默认' in out
    assert "excluded = false" in out and "excluded = true" in out
    assert '"node_modules"' in out                         # the default excludes are shown too
    none = perflint("check", "--show-settings", "--no-config", "--lang", "en", target)
    assert 'select = ["ALL"]  # default' in none.stdout and 'configuration = ""' in none.stdout


# --- exit codes and verbosity ------------------------------------------------------------------------------
def test_exit_zero_passes_findings_but_not_errors(tmp_path):
    target = form(tmp_path / "a.txt")
    assert perflint("check", target).exit_code == 1
    result = perflint("check", target, "--exit-zero")
    assert result.exit_code == 0 and LINE.search(result.stdout)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert perflint("check", target, empty, "--exit-zero").exit_code == 2


def test_quiet_prints_findings_only_and_very_quiet_nothing(tmp_path):
    target = form(tmp_path / "a.txt")
    normal = perflint("check", target)
    quiet = perflint("check", target, "-q")
    lines = quiet.stdout.splitlines()
    assert quiet.exit_code == 1 and lines and all(LINE.match(line) for line in lines), quiet.stdout
    assert len(lines) == len(LINE.findall(normal.stdout))
    assert "共检查" in normal.stdout and "共检查" not in quiet.stdout
    silent = perflint("check", target, "-qq")
    assert silent.exit_code == 1 and silent.stdout == "" and silent.stderr == ""
    # with -o the report is still written, only the terminal stays quiet
    report = tmp_path / "report.txt"
    written = perflint("check", target, "-qq", "-o", report)
    assert written.exit_code == 1 and written.output == "" and LINE.search(report.read_text("utf-8"))
    told = perflint("check", target, "-o", report)
    assert "报告已写入" in told.stderr and str(report) in told.stderr


# --- baselines are relative to the project root --------------------------------------------------------------
@pytest.mark.parametrize("with_config", [True, False])
def test_a_baseline_matches_whatever_folder_perflint_runs_from(tmp_path, with_config):
    p = tmp_path / "p"
    if with_config:
        write(p / "perflint.toml", 'select = ["ALL"]\n')
    target = form(p / "forms" / "2026" / "a.txt")
    base = p / "ci" / "baseline.json" if with_config else p / "baseline.json"
    base.parent.mkdir(parents=True, exist_ok=True)
    wrote = perflint("check", "forms", "--write-baseline", base, cwd=p)
    assert wrote.exit_code == 0, wrote.output
    recorded = {e["path"] for e in json.loads(base.read_text("utf-8"))["findings"]}
    assert recorded == {"forms/2026/a.txt"}                # relative to the project root, forward slashes
    for cwd, name in ((p, "forms/2026/a.txt"), (target.parent, "a.txt"), (tmp_path / "cwd", str(target)),
                      (p / "forms", "2026")):
        result = perflint("check", name, "--baseline", base, cwd=cwd)
        assert result.exit_code == 0 and not LINE.search(result.stdout), (cwd, result.output)
    # a finding the baseline does not hold still shows
    target.write_text(target.read_text("utf-8").replace("≥85.00(%)", "≥60.00(%)", 1), "utf-8")
    result = perflint("check", "a.txt", "--baseline", base, cwd=target.parent)
    assert result.exit_code == 1 and {m["code"] for m in LINE.finditer(result.stdout)} == {"PF311"}
