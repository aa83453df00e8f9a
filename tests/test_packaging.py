"""Name and install: a distribution name of our own, one version everywhere, a wheel that works outside the
clone (data files included), and README commands and pre-commit rev that agree with it."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import perflint

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
README = (ROOT / "README.md").read_text("utf-8")


def test_the_distribution_has_its_own_name_and_one_version():
    project = PYPROJECT["project"]
    # `perflint` on the package index is another project (a pylint extension): ours is perflint-cn
    assert project["name"] == "perflint-cn"
    assert project["scripts"] == {"perflint": "perflint.cli:main"}
    assert project["version"] == perflint.__version__
    for dep in ("pathspec", "tqdm"):
        assert any(d.startswith(dep) for d in project["dependencies"]), dep


def test_the_readme_installs_this_distribution_and_pins_an_existing_release():
    version = PYPROJECT["project"]["version"]
    commands = [re.split(r"#|&&", c)[0] for c in re.findall(r"pip install[^\n`]*", README)]
    assert commands, "the README shows how to install"
    for command in commands:
        assert not re.search(r"""["' ]perflint(\[|["' ]|$)""", command), command   # never the other project
    assert re.search(r'pip install "perflint-cn\[pdf,office\]"', README)
    assert re.search(r"pip install -e \"\.\[", README) and "pip wheel" in README
    revs = re.findall(r"^\s*rev:\s*(\S+)", README, re.M)
    assert revs and all(rev == f"v{version}" for rev in revs), revs
    assert "pin a commit" in README


def _source_copy(tmp_path: Path) -> Path:
    """The project as a clean clone has it (no build folders, no egg-info)."""
    src = tmp_path / "src"
    for name in ("linter", "rules", "grammar", "schemas"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, src / name)
    return src


def test_a_built_wheel_works_outside_the_clone(tmp_path):
    src = _source_copy(tmp_path)
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    [wheel] = dist.glob("perflint_cn-*.whl")
    assert wheel.name.startswith(f"perflint_cn-{perflint.__version__}-")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(next(n for n in names if n.endswith("METADATA"))).decode("utf-8")
        zf.extractall(tmp_path / "site")
    for needed in ("perflint/schemas/report.schema.json", "perflint/schemas/config.schema.json",
                   "perflint/grammar/value.lark", "perflint/data/messages.zh.json", "perflint/discovery.py",
                   "perflint/api.py", "perflint/rules/__init__.py"):
        assert needed in names, needed
    for extra in ("pdf", "office"):
        assert f"Provides-Extra: {extra}" in metadata
    # the unpacked wheel, not the clone: run from elsewhere with only the wheel on the path
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples", work / "examples")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    proc = subprocess.run([sys.executable, "-m", "perflint", "check", "examples/", "--format", "json"],
                          capture_output=True, text=True, timeout=300, cwd=work, env=env)
    assert proc.returncode == 1, proc.stderr[-3000:]
    data = json.loads(proc.stdout)
    assert data["summary"]["files"] == len(list((ROOT / "examples").glob("*.txt"))) and data["findings"]
    where = subprocess.run([sys.executable, "-c", "import perflint.api; print(perflint.api.__file__)"],
                           capture_output=True, text=True, cwd=work, env=env, timeout=60)
    assert where.stdout.strip().startswith(str(tmp_path / "site")), where.stdout + where.stderr
