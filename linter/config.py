"""Configuration like ruff's: the nearest configuration file of each checked file, with the command line on top.

Each checked file is governed by the nearest ``perflint.toml``, ``.perflint.toml`` or ``pyproject.toml`` with a
``[tool.perflint]`` table, found by walking up from the file's own folder (not from the current one). The folder
of that file is the project root: ``exclude`` and ``per-file-ignores`` patterns (gitignore semantics) and
baseline paths are relative to it. A file that cannot be read as TOML is an error naming its line, never
skipped. Options given on the command line override every configuration file.
"""
from __future__ import annotations

import dataclasses
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import ConfigError

CONFIG_FILES = ("perflint.toml", ".perflint.toml", "pyproject.toml")
MAX_CONFIG_BYTES = 4 * 1024 * 1024
# folders never walked into (a folder named on the command line is still walked; a file named is still read)
DEFAULT_EXCLUDE = (".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache",
                   ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv",
                   ".vscode", "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist",
                   "node_modules", "site-packages", "venv")
COMMAND_LINE = "command line"


@dataclass
class Config:
    """The settings that govern one checked file (or, built directly, every file of a run)."""

    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    template: str = "auto"
    profile: str = "national"
    lang: str = "zh"
    fail_on: str = "warning"
    exclude: list[str] = field(default_factory=list)
    jobs: int = 0
    file_time_limit: float = 60.0   # seconds one file may take to read and check
    # across time (perflint.history): the store (a file or a postgresql:// URL), the earlier forms to pair
    # with, and the pairing thresholds and override map ([tool.perflint.pairing])
    history: str | None = None
    previous: list[str] = field(default_factory=list)
    pairing: dict[str, Any] = field(default_factory=dict)
    limits: dict[str, float] = field(default_factory=dict)   # [tool.perflint.limits]: perflint.sources.limits
    source: str | None = None   # the configuration file, None for the defaults
    root: str | None = None     # the folder exclude / per-file-ignores / baseline paths are relative to
    # where each setting came from: key (as in the file, kebab-case) -> configuration file or COMMAND_LINE
    origins: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def settings_for(self, path: str) -> "Config":
        """A configuration built directly governs every file (the same protocol as :class:`Resolver`)."""
        return self

    def relative(self, path: str) -> str:
        """``path`` relative to the project root (else the current folder), with forward slashes."""
        try:
            return os.path.relpath(os.path.abspath(path), self.root or os.getcwd()).replace(os.sep, "/")
        except ValueError:  # another drive on Windows
            return path.replace(os.sep, "/")

    def _inside(self, path: str) -> str | None:
        rel = self.relative(path)
        return None if rel == ".." or rel.startswith("../") or os.path.isabs(rel) else rel

    def is_excluded(self, path: str, folder: bool = False) -> bool:
        """Whether the configuration's ``exclude`` patterns (gitignore semantics) exclude ``path``."""
        if not self.exclude:
            return False
        rel = self._inside(path)
        return rel is not None and rel != "." and _spec(tuple(self.exclude)).match_file(rel + ("/" if folder else ""))

    def ignored_codes(self, path: str) -> list[str]:
        """The rules ``per-file-ignores`` switch off for ``path``."""
        if not self.per_file_ignores:
            return []
        rel = self._inside(path)
        if rel is None:
            return []
        return [code for pattern, codes in self.per_file_ignores.items() if _spec((pattern,)).match_file(rel)
                for code in codes]

    def origin(self, key: str) -> str | None:
        return self.origins.get(key)


_SPECS: dict[tuple[str, ...], Any] = {}


def _spec(patterns: tuple[str, ...]) -> Any:
    """A compiled gitignore-style pattern set (pathspec is imported only when a configuration has patterns)."""
    spec = _SPECS.get(patterns)
    if spec is None:
        import pathspec
        spec = _SPECS[patterns] = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` naming the closest candidates (all as close as the best one), or ``''``."""
    import difflib
    pool = list(dict.fromkeys(candidates))
    scored = sorted(((difflib.SequenceMatcher(None, word.lower(), c.lower()).ratio(), c) for c in pool),
                    key=lambda sc: -sc[0])
    if not scored or scored[0][0] < 0.6:
        return ""
    best = scored[0][0]
    close = [c for score, c in scored[:3] if score >= best - 0.02]
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)"


# --- reading files ----------------------------------------------------------------------------------------
def toml_module():
    """tomllib, imported only when there is a TOML file to read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$|\s*\(at end of document\)\s*$")


def read_toml(path: Path, what: str = "configuration") -> tuple[dict[str, Any], str]:
    """A TOML file's table and text; any problem is a ConfigError naming the file, line and column."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read {what}: {exc.strerror or exc}", source=str(path)) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{what} file larger than {MAX_CONFIG_BYTES // 1024 // 1024} MB", source=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigError("not UTF-8 text (save the file as UTF-8)", source=f"{path}:{line}") from None
    tomllib = toml_module()
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _WHERE.search(message)
        if m and m.group(1):
            where = f"{path}:{m.group(1)}:{m.group(2)}"
        else:
            where = f"{path}:{text.count(chr(10)) + 1}"
        problem = _WHERE.sub("", message) if m else message
        raise ConfigError(f"not valid TOML: {problem}", source=where) from None


def _declares_perflint(path: Path) -> bool:
    """Whether a pyproject.toml is a perflint configuration. One that does not mention perflint cannot
    configure it and is not parsed (most are not ours); one that does must be valid TOML."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError:
        return False
    if b"perflint" not in head:
        return False
    table, _ = read_toml(path)
    return isinstance(table.get("tool"), dict) and "perflint" in table["tool"]


def config_in(folder: Path) -> Path | None:
    """The configuration file of this very folder, if it has one."""
    for name in CONFIG_FILES:
        candidate = folder / name
        if not candidate.is_file():
            continue
        if name != "pyproject.toml" or _declares_perflint(candidate):
            return candidate
    return None


def load_table(path: Path) -> dict[str, Any]:
    table, _ = read_toml(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("perflint", {})
    else:
        table = table.get("tool", {}).get("perflint", table)
    if not isinstance(table, dict):
        raise ConfigError("[tool.perflint] must be a table", source=str(path))
    return table


# --- validating ----------------------------------------------------------------------------------------------
def _schema() -> dict[str, Any]:
    from perflint import schemas
    return schemas.load("config.schema.json")


def validate_table(table: dict[str, Any], source: str | None = None) -> None:
    import jsonschema
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(table), key=lambda e: list(e.path))
    if not errors:
        return
    err = errors[0]
    unknown = _unknown_key(err)
    if unknown is not None:
        known = err.schema.get("properties", {})
        key = ".".join([*(str(p) for p in err.path), unknown])
        raise ConfigError(f"unknown key {unknown!r}{did_you_mean(unknown, known)}", key=key,
                          source=locate(source, key))
    key = ".".join(str(p) for p in err.path) or None
    raise ConfigError(err.message, key=key, source=locate(source, key))


def _unknown_key(err: Any) -> str | None:
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed]
        return extra[0] if extra else None
    return None


def locate(source: str | None, key: str | None) -> str | None:
    """``file:line`` of the line that sets ``key`` (dotted: ``rules.x.minimum``) in a configuration file, as
    closely as the text shows it; the file alone when the line cannot be told."""
    if not source or not key or not os.path.isfile(source):
        return source
    try:
        with open(source, encoding="utf-8-sig", errors="replace") as fh:
            lines = fh.read(MAX_CONFIG_BYTES).splitlines()
    except OSError:
        return source
    parts = key.split(".")
    start = 0
    for i in range(len(parts) - 1, 0, -1):     # the header of the deepest table named, [x.y] or [tool.perflint.x.y]
        header = re.compile(r"^\s*\[\s*(tool\s*\.\s*perflint\s*\.\s*)?" +
                            r"\s*\.\s*".join(_key_re(p) for p in parts[:i]) + r"\s*\]")
        hit = next((n for n, line in enumerate(lines) if header.match(line)), None)
        if hit is not None:
            start = hit
            break
    assign = re.compile(r"^\s*" + _key_re(parts[-1]) + r"\s*=")
    table = re.compile(r"^\s*\[\s*(tool\s*\.\s*perflint\s*\.\s*)?" + r"\s*\.\s*".join(_key_re(p) for p in parts))
    for n in range(start, len(lines)):
        if assign.match(lines[n]) or table.match(lines[n]):
            return f"{source}:{n + 1}"
    return source


def _key_re(part: str) -> str:
    return r"""["']?""" + re.escape(part) + r"""["']?"""


def from_table(table: dict[str, Any], source: str | None = None, root: str | None = None) -> Config:
    validate_table(table, source)
    cfg = Config(source=source, root=root)
    for key, value in table.items():
        setattr(cfg, key.replace("-", "_"), value)
        cfg.origins[key] = source or "the config argument"
    return cfg


# --- command-line overrides and resolution ---------------------------------------------------------------
# how an option given on the command line combines with the file's value
_EXTENDS = ("ignore", "extend_select")


def apply(cfg: Config, overrides: dict[str, Any]) -> Config:
    """A copy of ``cfg`` with the options (checked by :func:`validate_options`) on top; ``ignore`` and
    ``extend_select`` add to the file's lists, the others replace its values."""
    if not overrides:
        return cfg
    out = dataclasses.replace(cfg, origins=dict(cfg.origins))
    for name, value in overrides.items():
        if value is None:
            continue
        setattr(out, name, list(getattr(cfg, name)) + list(value) if name in _EXTENDS else value)
        out.origins[name.replace("_", "-")] = COMMAND_LINE
    return out


def _option_names() -> list[str]:
    return [f.name for f in dataclasses.fields(Config) if f.name not in ("source", "root", "origins")]


def validate_options(options: dict[str, Any]) -> None:
    """Settings given as options (the command line, the Python API) checked against the configuration
    schema's types and choices — cheaply, without jsonschema, whose import a start-up would pay."""
    names = _option_names()
    for name in options:
        if name not in names:
            raise TypeError(f"unknown option {name!r}{did_you_mean(name, names)}")
    given = {name.replace("_", "-"): value for name, value in options.items() if value is not None}
    if not given:
        return
    props = _schema()["properties"]
    for key, value in given.items():
        expected = _expected(value, props.get(key, {}))
        if expected:
            raise ConfigError(f"{value!r} is not valid: expected {expected}", key=key, source=COMMAND_LINE)
    tables = {k: v for k, v in given.items() if isinstance(v, dict)}
    if tables:   # tables (severity, rules, per-file-ignores) only come from the Python API: check them fully
        validate_table(tables, COMMAND_LINE)


def _expected(value: Any, schema: dict[str, Any]) -> str | None:
    """What ``value`` should have been, or None when it fits the schema's enum or type."""
    if value is None:
        return None
    if "enum" in schema:
        return None if value in schema["enum"] else f"one of {', '.join(map(repr, schema['enum']))}"
    kind = schema.get("type")
    if kind == "array":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if ok else "a list of strings"
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= schema.get("minimum", 0)
        return None if ok else "a whole number"
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else "a number"
    if kind == "string":
        return None if isinstance(value, str) else "a string"
    if kind == "object":
        return None if isinstance(value, dict) else "a table"
    return None   # anything else is left to the full check of the schema


class Resolver:
    """The settings of each checked file: its nearest configuration, the options on top.

    ``config_path`` fixes one configuration file for every file (``--config``). Folders and files are looked
    up once; files under one configuration share one :class:`Config`.
    """

    def __init__(self, overrides: dict[str, Any] | None = None, config_path: str | None = None):
        self.overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
        self._folders: dict[str, Config] = {}
        self._loaded: dict[str, Config] = {}
        self._defaults = apply(Config(), self.overrides)
        self.fixed: Config | None = None
        if config_path is not None:
            path = Path(config_path)
            if not path.is_file():
                raise ConfigError("configuration file not found", source=str(path))
            self.fixed = self._load(path)

    def _load(self, path: Path) -> Config:
        key = str(path.resolve())
        cfg = self._loaded.get(key)
        if cfg is None:
            cfg = from_table(load_table(path), source=str(path), root=str(path.resolve().parent))
            cfg = self._loaded[key] = apply(cfg, self.overrides)
        return cfg

    def settings_for(self, path: str) -> Config:
        """The settings that govern ``path`` (a file, or ``-`` under the name given to stdin)."""
        return self.fixed or self.for_folder(os.path.dirname(os.path.abspath(path)))

    def for_folder(self, folder: str) -> Config:
        """The settings of the files in ``folder``: the first configuration of it or a parent, else defaults."""
        if self.fixed is not None:
            return self.fixed
        found = self._folders.get(folder)
        if found is not None:
            return found
        here = Path(folder).resolve()
        walked = [folder]
        for candidate in (here, *here.parents):
            found = self._folders.get(str(candidate))
            if found is not None:
                break
            walked.append(str(candidate))
            path = config_in(candidate)
            if path is not None:
                found = self._load(path)
                break
        found = found or self._defaults
        for name in walked:
            self._folders[name] = found
        return found

    def configs(self) -> list[Config]:
        """The configuration files read so far."""
        return list(self._loaded.values())


def describe(cfg: Config) -> list[tuple[str, Any, str | None]]:
    """Every setting as (key, value, origin): what ``--show-settings`` prints. Origin None: the default."""
    rows = []
    for f in dataclasses.fields(Config):
        if f.name in ("source", "root", "origins"):
            continue
        key = f.name.replace("_", "-")
        rows.append((key, getattr(cfg, f.name), cfg.origin(key)))
    return rows


def load(folder: str | None = None) -> Config:
    """The configuration that governs ``folder`` (default: the current one): its nearest file, else the
    defaults — for commands about the project rather than about checked files (perflint history)."""
    return Resolver().for_folder(folder or os.getcwd())
