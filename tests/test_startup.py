"""Start-up stays cheap: what a command imports is what it uses.

`perflint check` on one small file should cost about as much as `import click, lark` (the benchmark's
start-up floor, see benchmarks/README.md); these tests pin down the imports that decide it, which are
stable where timings on a shared machine are not.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000_8fdbf9e2371ab792.txt"

# optional or heavy machinery a plain text check never needs
HEAVY = ("openpyxl", "pdfplumber", "pdfminer", "docx", "lxml", "yaml", "perflint.reporters.html",
         "perflint.reporters.sarif", "perflint.reporters.xlsx", "perflint.reporters.junit",
         "perflint.reporters.csv_report", "perflint.sources.pdf", "perflint.sources.xlsx", "perflint.sources.docx",
         "sqlalchemy", "alembic", "psycopg", "perflint.history.store", "perflint.history.stage",
         "perflint.history.pairing")


def modules_after(code: str) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def check_run(*args: str) -> str:
    return ("import sys\nfrom perflint.cli import main\n"
            f"sys.argv = ['perflint', 'check', {', '.join(repr(a) for a in args)}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n")


def loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_importing_the_cli_loads_only_click():
    mods = modules_after("import perflint.cli")
    for name in ("lark", "jsonschema", "perflint.reader", "perflint.rules", "perflint.engine", "perflint.values",
                 "perflint.reporters", *HEAVY):
        assert not loaded(mods, name), name


def test_check_of_a_text_file_loads_no_optional_machinery(tmp_path):
    mods = modules_after(check_run(str(SEED), "--no-config", "-o", str(tmp_path / "out.txt")))
    assert "perflint.reporters.text" in mods
    for name in HEAVY:
        assert not loaded(mods, name), name


def test_simple_values_need_no_grammar(tmp_path):
    """A form whose targets are all plain (≥90(%), =3台) never loads lark: start-up of a pre-commit hook."""
    clean = Path(__file__).parent / "fixtures/layouts/target_tab.txt"
    mods = modules_after(check_run(str(clean), "--no-config", "-o", str(tmp_path / "out.txt")))
    assert "perflint.values" in mods and not loaded(mods, "lark")


def test_check_without_rule_options_does_not_import_jsonschema(tmp_path):
    """jsonschema costs about 90 ms to import, half the `import click, lark` floor: only for rule options."""
    mods = modules_after(check_run(str(SEED), "--no-config", "-o", str(tmp_path / "out.txt")))
    assert not loaded(mods, "jsonschema")


def test_value_command_loads_no_rules():
    mods = modules_after("import sys\nfrom perflint.cli import main\nsys.argv = ['perflint', 'value', '≥85%']\n"
                         "try:\n    main()\nexcept SystemExit:\n    pass\n")
    assert not loaded(mods, "perflint.rules") and not loaded(mods, "jsonschema")
