"""Baselines: record today's findings, later report only new ones.

Findings are matched without their line (edits above a finding do not resurface it) and by the path of their
file relative to the project root — the folder of the file's configuration, or the baseline's own folder for
a file that has none — so a baseline matches whatever folder perflint runs from. A baseline is written
atomically and read defensively: a file that is too big, too deep or not a baseline is one clear error.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any, Callable, Iterable

from .errors import ConfigError
from .finding import Finding

FORMAT_VERSION = 2
MAX_BYTES = 64 * 1024 * 1024
MAX_COUNT = 10 ** 9

# the project root of a finding's file, or None when no configuration governs it
RootOf = Callable[[str], "str | None"]
Key = tuple[str, str, str, str]


def anchor(path: str, root: str | None, baseline_path: str) -> str:
    """The path a baseline records: relative to ``root``, else to the baseline's folder; forward slashes."""
    base = root or os.path.dirname(os.path.abspath(baseline_path))
    try:
        return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return os.path.abspath(path).replace(os.sep, "/")


def key(f: Finding, root_of: RootOf, baseline_path: str) -> Key:
    return (anchor(f.path, root_of(f.path), baseline_path), f.project or "", f.code, f.indicator or "")


def write(path: str, findings: Iterable[Finding], root_of: RootOf) -> int:
    """Write the baseline atomically; returns the number of findings it holds."""
    from .output import atomic_open
    counts = Counter(key(f, root_of, path) for f in findings)
    entries = [{"path": p, "project": proj, "code": code, "indicator": ind, "count": n}
               for (p, proj, code, ind), n in sorted(counts.items())]
    with atomic_open(path, "the baseline") as fh:
        json.dump({"version": FORMAT_VERSION, "findings": entries}, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return sum(counts.values())


def _read(path: str) -> Any:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read baseline: {exc.strerror or exc}", key="baseline", source=path) from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"baseline larger than {MAX_BYTES // 1024 // 1024} MB", key="baseline", source=path)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise ConfigError("not a perflint baseline (nested too deeply)", key="baseline", source=path) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not a perflint baseline ({_short(exc)})", key="baseline", source=path) from None


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 160 else text[:157] + "…"


def _entry(e: Any, n: int) -> tuple[Key, int]:
    where = f"entry {n + 1}"
    if not isinstance(e, dict):
        raise ValueError(f"{where} is not an object")
    for name in ("path", "code"):
        if not isinstance(e.get(name), str):
            raise ValueError(f"{where}: {name} must be a string")
    for name in ("project", "indicator"):
        if e.get(name) is not None and not isinstance(e[name], str):
            raise ValueError(f"{where}: {name} must be a string or null")
    count = e.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise ValueError(f"{where}: count must be a whole number from 1 to {MAX_COUNT}")
    return (e["path"], e.get("project") or "", e["code"], e.get("indicator") or ""), count


class Baseline:
    """The findings a baseline holds, and the filter that drops them from a run as often as it holds them."""

    def __init__(self, path: str, counts: Counter, version: int):
        self.path, self.version = path, version
        self.remaining = Counter(counts)

    @classmethod
    def load(cls, path: str) -> "Baseline":
        data = _read(path)
        try:
            if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
                raise ValueError("no list of findings")
            version = data.get("version")
            if version not in (1, FORMAT_VERSION) or isinstance(version, bool):
                raise ValueError(f"unknown version {version!r}")
            counts: Counter = Counter()
            for n, e in enumerate(data["findings"]):
                k, count = _entry(e, n)
                counts[k] += count
        except ValueError as exc:
            raise ConfigError(f"not a perflint baseline ({exc})", key="baseline", source=path) from None
        return cls(path, counts, version)

    def _key(self, f: Finding, root_of: RootOf) -> Key:
        if self.version == 1:   # version 1 recorded paths as given on the command line
            return (f.path, f.project or "", f.code, f.indicator or "")
        return key(f, root_of, self.path)

    def new(self, findings: list[Finding], root_of: RootOf) -> tuple[list[Finding], list[Finding]]:
        """(findings the baseline does not hold, findings it does)."""
        fresh, known = [], []
        for f in findings:
            k = self._key(f, root_of)
            if self.remaining[k] > 0:
                self.remaining[k] -= 1
                known.append(f)
            else:
                fresh.append(f)
        return fresh, known


def load(path: str) -> Baseline:
    return Baseline.load(path)
