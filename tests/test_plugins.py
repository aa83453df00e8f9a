"""Third-party rules: a plugin package installed into a fresh environment runs; a broken one is skipped."""
from __future__ import annotations

import os
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "tests/plugins"
FORM = ROOT / "tests/fixtures/layouts/target_tab.txt"


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    """A new virtual environment that sees perflint (and its dependencies) from this one, and nothing else."""
    home = tmp_path_factory.mktemp("plugin-env")
    venv.create(home, with_pip=True)
    py = home / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # process this environment's site-packages (and its .pth files, e.g. perflint's editable install)
    parent = sysconfig.get_paths()["purelib"]
    Path(site, "_parent_env.pth").write_text(f"import site; site.addsitedir({parent!r})\n", "utf-8")
    return py


def _pip_install(py: Path, package: Path) -> None:
    # a normal install, as a user would do it (the build backend comes from the package index)
    done = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", str(package)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _perflint(py: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(py), "-m", "perflint.cli", *args], capture_output=True, text=True, cwd=ROOT / "tests",
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_plugin_rule_runs_and_broken_plugin_is_skipped(fresh_env):
    before = _perflint(fresh_env, "rules")
    assert before.returncode == 0 and "XD001" not in before.stdout

    _pip_install(fresh_env, PLUGINS / "demo")
    listed = _perflint(fresh_env, "rules")
    assert "XD001   project-name-without-year" in listed.stdout
    doc = _perflint(fresh_env, "rule", "project-name-without-year")
    assert "Bad:" in doc.stdout

    checked = _perflint(fresh_env, "check", "--no-config", "--select", "XD001", str(FORM))
    assert checked.returncode == 1, checked.stderr
    assert "XD001 [警告] 项目名称“社区居家养老服务补贴”未写明年度" in checked.stdout
    english = _perflint(fresh_env, "check", "--no-config", "--select", "XD001", "--lang", "en", str(FORM))
    assert "does not say its year" in english.stdout

    _pip_install(fresh_env, PLUGINS / "broken")
    still = _perflint(fresh_env, "check", "--no-config", "--select", "XD001,PF103", str(FORM))
    assert still.returncode == 1
    assert "plugin 'broken'" in still.stderr and "skipped" in still.stderr
    assert "this plugin is broken on purpose" in still.stderr
    assert "Traceback" not in still.stderr
    assert "XD001" in still.stdout
