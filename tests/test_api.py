"""The Python API: perflint.check(paths, config, **options) -> Report and perflint.read(path) -> forms; the
command line goes through it; `import perflint` stays cheap."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import perflint
from perflint.cli import main
from perflint.config import Config
from perflint.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests/fixtures/seeds").glob("*.txt"))
SEED = SEEDS[0]
CLEAN = ROOT / "tests/fixtures/layouts/target_tab.txt"


@pytest.fixture(autouse=True)
def _cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_check_returns_a_report():
    report = perflint.check([SEED, CLEAN])
    assert isinstance(report, perflint.Report)
    assert [Path(f.path).name for f in report.files] == [SEED.name, CLEAN.name]
    assert report.forms == sum(f.form_count for f in report.files) > 5
    assert report.findings and all(f.path == str(SEED) for f in report.findings)
    assert report.errors == [] and report.exit_code == 1
    assert perflint.check(CLEAN).exit_code == 0          # one path may be given as such


def test_options_override_the_configuration_and_lists_may_be_strings():
    by_list = perflint.check([SEED], select=["PF204", "PF105"], lang="en")
    by_text = perflint.check([SEED], select="PF204,PF105", lang="en")
    assert {f.code for f in by_list.findings} == {f.code for f in by_text.findings} == {"PF204", "PF105"}
    assert all("budget" in f.message or "satisf" in f.message.lower() for f in by_list.findings
               if f.code == "PF204")
    assert perflint.check([SEED], select=["PF204"], fail_on="error").exit_code == 0
    assert perflint.check([SEED], select=["PF204"], exit_zero=True).exit_code == 0


def test_config_may_be_a_path_a_table_or_a_config(tmp_path):
    toml = tmp_path / "review.toml"
    toml.write_text('select = ["PF204"]\n[severity]\ncost-equals-budget = "error"\n', "utf-8")
    for config in (toml, str(toml), {"select": ["PF204"], "severity": {"cost-equals-budget": "error"}},
                   Config(select=["PF204"], severity={"cost-equals-budget": "error"})):
        report = perflint.check([SEED], config=config)
        assert {(f.code, f.severity) for f in report.findings} == {("PF204", "error")}, config


def test_bad_settings_raise_with_the_closest_names():
    with pytest.raises(TypeError, match="did you mean 'select'"):
        perflint.check([SEED], selct=["PF1"])
    with pytest.raises(ConfigError, match="fail-on"):
        perflint.check([SEED], fail_on="fatal")
    with pytest.raises(ConfigError, match="did you mean 'missing-unit'"):
        perflint.check([SEED], select=["missing-unitt"])
    with pytest.raises(ConfigError, match="severity"):
        perflint.check([SEED], config={"severity": {"PF204": "loud"}})
    with pytest.raises(ConfigError, match="severity.PF204"):
        perflint.check([SEED], severity={"PF204": "loud"})


def test_files_that_cannot_be_read_are_errors_of_the_report(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    report = perflint.check([SEED, empty, tmp_path / "missing.txt"])
    assert report.exit_code == 2
    assert {Path(e["path"]).name for e in report.errors} == {"empty.txt", "missing.txt"}
    assert report.findings                                   # the readable file is still checked


def test_accepted_and_baselined_findings_are_kept_apart(tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    target = forms / "a.txt"
    target.write_bytes(SEED.read_bytes())
    (forms / "perflint-accepted.toml").write_text(
        '[[accepted]]\nproject = "商务接待"\nrule = "PF109"\nreason = "ok"\n', "utf-8")
    report = perflint.check([target], select=["PF109", "PF204"])
    assert [f.code for f in report.accepted] == ["PF109"]
    assert report.exit_code == 1                              # PF204 still fails


def test_read_returns_the_forms_and_the_errors(tmp_path):
    forms = perflint.read(SEED)
    assert len(forms) == 5 and forms[0].project == "商务接待" and forms.errors == []
    assert forms.encoding == "utf-8" and forms.path == str(SEED)
    assert {ind.name for ind in forms[0].indicators} >= {"资金使用合规性"}
    missing = perflint.read(tmp_path / "missing.txt")
    assert list(missing) == [] and missing.errors and missing.errors[0]["message"]


def test_the_command_line_goes_through_the_api(monkeypatch):
    import perflint.api as api
    calls = []
    real = api.Session.run

    def spy(self, *args, **kwargs):
        calls.append(self)
        return real(self, *args, **kwargs)
    monkeypatch.setattr(api.Session, "run", spy)
    result = CliRunner().invoke(main, ["check", str(SEED), "--format", "json", "--select", "PF2,PF3"])
    assert len(calls) == 1 and calls[0].overrides["select"] == ["PF2", "PF3"]
    cli = json.loads(result.stdout)["findings"]
    lib = perflint.check([SEED], select=["PF2", "PF3"]).findings
    from perflint.reporters.base import finding_record   # the JSON report adds the rule's title and basis
    assert cli == [finding_record(f, "zh") for f in lib]


def _modules_after(code: str) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_import_perflint_loads_nothing_else():
    mods = _modules_after("import perflint")
    for name in ("click", "lark", "jsonschema", "pathspec", "tqdm", "perflint.api", "perflint.reader",
                 "perflint.engine", "perflint.config"):
        assert name not in mods, name


def test_a_plain_check_loads_neither_pathspec_nor_tqdm(tmp_path):
    mods = _modules_after("import sys\nfrom perflint.cli import main\n"
                          f"sys.argv = ['perflint', 'check', {str(SEED)!r}, '-o', {str(tmp_path / 'r.txt')!r}]\n"
                          "try:\n    main()\nexcept SystemExit:\n    pass\n")
    assert "perflint.api" in mods and "pathspec" not in mods and "tqdm" not in mods
