"""perflint as a pre-commit hook, run for real: pre-commit clones this repository at HEAD, installs perflint
into its own virtualenv and runs the hook declared in .pre-commit-hooks.yaml on a temporary repository."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seeds" / "000_8fdbf9e2371ab792.txt"
# the first form of the seed: its 资金使用合规性 row is a budget item posing as an indicator (PF109)
BAD_ROW, GOOD_ROW = "资金使用合规性\t\t合规", "接待服务合格率\t\t≥95.00(%)"

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None and not os.environ.get("CI"),
                       reason="pre-commit is not installed (pip install -e '.[dev]')"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="the project is not a git checkout"),
]


def _defective_form() -> str:
    lines = SEED.read_text("utf-8").splitlines(keepends=True)[:25]
    text = "".join(lines)
    assert BAD_ROW in text
    return text


def test_hook_declaration():
    import yaml
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "perflint")
    assert hook["entry"] == "perflint check --"      # file names after `--` are never options
    assert hook["language"] == "python"
    assert hook["files"] == r"\.txt$"
    assert hook.get("pass_filenames", True) is True


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A git repository using this project's hook at the current HEAD, with pre-commit's cache in tmp."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    committed = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{head}:.pre-commit-hooks.yaml"])
    assert committed.returncode == 0, ".pre-commit-hooks.yaml must be committed: pre-commit clones HEAD"
    path = tmp_path_factory.mktemp("budget-unit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid", "NO_COLOR": "1"}
    env.pop("PERFLINT_CONFIG", None)
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=path, env=env, capture_output=True, text=True, check=True)

    git("init", "-q", "-b", "main")
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT.as_posix()}\n  rev: {head}\n  hooks:\n  - id: perflint\n", "utf-8")
    # only PF109 is selected so that rules colleagues add later cannot make the fixed form fail
    (path / "perflint.toml").write_text('select = ["PF109"]\nexclude = ["drafts/*"]\n', "utf-8")
    git("add", ".pre-commit-config.yaml", "perflint.toml")
    git("commit", "-q", "-m", "setup")
    return path, env, git


def pre_commit(repo, *args: str) -> subprocess.CompletedProcess:
    path, env, _ = repo
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=path, env=env, capture_output=True,
                          text=True, timeout=900)


def test_defective_form_fails_then_fixed_form_passes(repo):
    path, _, git = repo
    form = path / "forms" / "商务接待.txt"
    form.parent.mkdir()
    form.write_text(_defective_form(), "utf-8")
    git("add", str(form))
    run = pre_commit(repo, "run", "--files", str(form.relative_to(path)))
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "Failed" in out and "PF109" in out and "资金使用合规性" in out, out

    form.write_text(_defective_form().replace(BAD_ROW, GOOD_ROW), "utf-8")
    git("add", str(form))
    run = pre_commit(repo, "run", "--files", str(form.relative_to(path)))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout


def test_commit_is_blocked_by_the_installed_hook(repo):
    path, env, git = repo
    assert pre_commit(repo, "install").returncode == 0
    form = path / "forms" / "宣传与推广.txt"
    form.parent.mkdir(exist_ok=True)
    form.write_text(_defective_form(), "utf-8")
    git("add", str(form))
    blocked = subprocess.run(["git", "commit", "-q", "-m", "defective"], cwd=path, env=env, capture_output=True,
                             text=True, timeout=900)
    assert blocked.returncode != 0 and "PF109" in blocked.stdout + blocked.stderr
    form.write_text(_defective_form().replace(BAD_ROW, GOOD_ROW), "utf-8")
    git("add", str(form))
    git("commit", "-q", "-m", "fixed")


def test_configured_exclude_holds_when_pre_commit_names_the_file(repo):
    path, _, git = repo
    draft = path / "drafts" / "草稿.txt"
    draft.parent.mkdir()
    draft.write_text(_defective_form(), "utf-8")
    git("add", str(draft))
    run = pre_commit(repo, "run", "--files", str(draft.relative_to(path)))
    out = run.stdout + run.stderr
    # pre-commit does pass the file (the hook runs, not "no files to check") and perflint drops it
    assert "no files to check" not in out.lower(), out
    assert run.returncode == 0, out
    assert "PF109" not in out


def test_a_committed_file_named_like_an_option_is_checked_as_a_file(repo):
    """pre-commit appends file names to the entry; `--` keeps `--output=victim.txt` a file, not an option."""
    path, _, git = repo
    trap = path / "--output=victim.txt"
    trap.write_text(_defective_form(), "utf-8")
    git("add", "--", trap.name)
    run = pre_commit(repo, "run", "--all-files")
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "--output=victim.txt" in out and "PF109" in out, out
    assert not (path / "victim.txt").exists()
    assert trap.read_text("utf-8") == _defective_form()
    git("rm", "-q", "--cached", "--", trap.name)
    trap.unlink()
