"""Configuration: found by walking up from the current folder, validated against the config schema."""
from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_FILES = ("perflint.toml", ".perflint.toml", "pyproject.toml")


@dataclass
class Config:
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
    limits: dict[str, float] = field(default_factory=dict)   # [tool.perflint.limits]: perflint.sources.limits
    source: str | None = None   # the file the configuration came from
    root: str | None = None     # the folder paths in per-file-ignores / exclude are relative to

    def is_excluded(self, path: str) -> bool:
        rel = self.relative(path)
        return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(os.path.basename(path), pat)
                   for pat in self.exclude)

    def relative(self, path: str) -> str:
        if self.root:
            try:
                return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
            except ValueError:
                pass
        return path.replace(os.sep, "/")


def _toml():
    """tomllib, imported only when there is a configuration file to read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def _schema() -> dict[str, Any]:
    from perflint import schemas
    return schemas.load("config.schema.json")


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest perflint.toml, .perflint.toml or pyproject.toml with a [tool.perflint] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                text = candidate.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if "perflint" not in text:  # most pyproject.toml files: no need to parse them
                continue
            tomllib = _toml()
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                continue
            if "perflint" in data.get("tool", {}):
                return candidate
    return None


def load_table(path: Path) -> dict[str, Any]:
    tomllib = _toml()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", source=str(path)) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", source=str(path)) from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("perflint", {})
    return data.get("tool", {}).get("perflint", data)


def validate_table(table: dict[str, Any], source: str | None = None) -> None:
    import jsonschema
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(table), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        key = ".".join(str(p) for p in err.path) or _unknown_key(err)
        raise ConfigError(err.message, key=key, source=source)


def _unknown_key(err: Any) -> str | None:
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed]
        return extra[0] if extra else None
    return None


def from_table(table: dict[str, Any], source: str | None = None, root: str | None = None) -> Config:
    validate_table(table, source)
    cfg = Config(source=source, root=root)
    for key, value in table.items():
        setattr(cfg, key.replace("-", "_"), value)
    return cfg


def load(config_path: str | None = None, no_config: bool = False) -> Config:
    """The configuration of this run: the given file, else the nearest one, else defaults."""
    if no_config:
        return Config(root=os.getcwd())
    path = Path(config_path) if config_path else find_config_file()
    if path is None:
        return Config(root=os.getcwd())
    if not path.is_file():
        raise ConfigError("configuration file not found", source=str(path))
    return from_table(load_table(path), source=str(path), root=str(path.resolve().parent))
