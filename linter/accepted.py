"""Accepted findings: a reviewer's decision, with its reason, that a finding is known and allowed.

They are kept in ``perflint-accepted.toml`` next to the forms, found like configuration (the nearest one,
walking up from each checked file's folder)::

    [[accepted]]
    project = "商务接待"            # 项目名称, as the form gives it
    rule = "PF109"                 # code or name
    indicator = "资金使用合规性"     # optional: only this indicator's findings
    reason = "专项审计要求保留的合规指标，经绩效处同意"
    by = "张三"                     # optional
    date = 2026-03-01              # optional

An accepted finding is never dropped: every report shows it, marked 已接受 with the reason, and it does not
count toward the exit code.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import did_you_mean, read_toml, toml_module
from .errors import ConfigError
from .finding import Finding

FILE_NAME = "perflint-accepted.toml"
TABLE = "accepted"
KEYS = ("project", "rule", "indicator", "reason", "by", "date")
HEADER = ("# Findings accepted by a reviewer, each with its reason (see `perflint accept --help`).\n"
          "# An accepted finding stays in every report, marked 已接受, and does not fail the check.\n")


@dataclass(frozen=True)
class Acceptance:
    project: str
    code: str
    indicator: str | None
    reason: str
    by: str | None = None
    date: str | None = None

    def matches(self, f: Finding) -> bool:
        return (f.code == self.code and (f.project or "").strip() == self.project
                and (self.indicator is None or (f.indicator or "").strip() == self.indicator))


class Acceptances:
    """The entries of one perflint-accepted.toml (or none)."""

    def __init__(self, source: str | None = None, entries: list[Acceptance] | None = None):
        self.source, self.entries = source, entries or []

    def reason(self, f: Finding) -> str | None:
        for entry in self.entries:
            if entry.matches(f):
                return entry.reason
        return None

    def mark(self, findings: list[Finding]) -> None:
        if self.entries:
            for f in findings:
                f.accepted = self.reason(f)


def _text(entry: dict[str, Any], name: str, where: str, required: bool) -> str | None:
    value = entry.get(name)
    if value is None and not required:
        return None
    if isinstance(value, (dt.date, dt.datetime)) and name == "date":
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: `{name}` must be a non-empty string" + ("" if required else " if given"))
    return value.strip()


def _entry(raw: Any, where: str) -> Acceptance:
    from .engine import unknown_rule
    from .rule import registry
    if not isinstance(raw, dict):
        raise ValueError(f"{where} is not a table")
    for name in raw:
        if name not in KEYS:
            raise ValueError(f"{where}: unknown key {name!r}{did_you_mean(name, KEYS)}")
    rule = _text(raw, "rule", where, True)
    reg = registry()
    cls = reg.get(rule) or reg.get(rule.upper())
    if cls is None:
        raise ValueError(f"{where}: unknown rule {unknown_rule(reg, rule)}")
    return Acceptance(_text(raw, "project", where, True), cls.code, _text(raw, "indicator", where, False),
                      _text(raw, "reason", where, True), _text(raw, "by", where, False),
                      _text(raw, "date", where, False))


def load(path: Path) -> Acceptances:
    table, text = read_toml(path, "accepted findings")
    entries = table.get(TABLE, [])
    unknown = [k for k in table if k != TABLE]
    if unknown:
        raise ConfigError(f"unknown table {unknown[0]!r}{did_you_mean(unknown[0], [TABLE])}; "
                          f"entries are [[{TABLE}]] tables", source=str(path))
    if not isinstance(entries, list):
        raise ConfigError(f"`{TABLE}` must be a list of [[{TABLE}]] tables", source=str(path))
    out = []
    for n, raw in enumerate(entries):
        try:
            out.append(_entry(raw, f"[[{TABLE}]] number {n + 1}"))
        except ValueError as exc:
            raise ConfigError(str(exc), source=_entry_line(path, text, n)) from None
    return Acceptances(str(path), out)


def _entry_line(path: Path, text: str, n: int) -> str:
    """``file:line`` of the n-th ``[[accepted]]`` header."""
    seen = -1
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().replace(" ", "") == f"[[{TABLE}]]":
            seen += 1
            if seen == n:
                return f"{path}:{number}"
    return str(path)


class Finder:
    """The nearest perflint-accepted.toml of each checked file, each read once."""

    def __init__(self) -> None:
        self._folders: dict[str, Acceptances] = {}
        self._files: dict[str, Acceptances] = {}

    def for_path(self, path: str) -> Acceptances:
        folder = os.path.dirname(os.path.abspath(path))
        found = self._folders.get(folder)
        if found is not None:
            return found
        here = Path(folder).resolve()
        found = Acceptances()
        for candidate in (here, *here.parents):
            file = candidate / FILE_NAME
            if file.is_file():
                key = str(file)
                if key not in self._files:
                    self._files[key] = load(file)
                found = self._files[key]
                break
        self._folders[folder] = found
        return found

    def sources(self) -> list[str]:
        return list(self._files)


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")


def entry_text(entry: Acceptance) -> str:
    lines = [f"\n[[{TABLE}]]", f"project = {toml_string(entry.project)}", f"rule = {toml_string(entry.code)}"]
    if entry.indicator:
        lines.append(f"indicator = {toml_string(entry.indicator)}")
    lines.append(f"reason = {toml_string(entry.reason)}")
    if entry.by:
        lines.append(f"by = {toml_string(entry.by)}")
    if entry.date:
        lines.append(f"date = {entry.date}")
    return "\n".join(lines) + "\n"


def append(path: Path, entry: Acceptance) -> None:
    """Add an entry to ``path`` (created if missing), atomically, and check the result reads back."""
    from .output import atomic_open
    if path.exists():
        load(path)   # a broken file is reported, never overwritten
        text = path.read_text("utf-8-sig")
    else:
        text = HEADER
    text = text + ("" if text.endswith("\n") else "\n") + entry_text(entry)
    toml_module().loads(text)   # what is written reads back
    with atomic_open(str(path), "the accepted findings") as fh:
        fh.write(text)
