"""Which files a run checks: files named, folders walked, globs expanded, exclusions applied.

Folders are walked in a stable order without going into the usual tool and environment folders (``.git``,
``.venv``, ``node_modules``, …) or into folders the configuration excludes. A file named on the command line
is checked unless its configuration excludes it — then it is skipped with a note, so that a tool such as
pre-commit, which names every file, cannot bring back an excluded draft.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from typing import Any, Iterator, Protocol

from .config import DEFAULT_EXCLUDE, Config
from .errors import FileError


def form_suffixes() -> tuple[str, ...]:
    """The file suffixes perflint reads: plain text and every document format of perflint.sources."""
    from .sources import SUFFIXES
    return (".txt", *SUFFIXES)


class Settings(Protocol):
    def settings_for(self, path: str) -> Config: ...


@dataclass
class Target:
    """A path to lint, or stdin (``path == '-'``) with the name to report it under."""

    path: str
    display: str


@dataclass
class Excluded:
    """A file named on the command line that its configuration excludes."""

    path: str
    config: str | None


@dataclass
class Discovery:
    targets: list[Target] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)    # paths that name nothing to read (each with its path)
    excluded: list[Excluded] = field(default_factory=list)
    # the folders whose forms a run like this one reads: those walked, and the folder of each glob
    folders: list[str] = field(default_factory=list)


def printable(path: str) -> str:
    """A path as it can be shown: bytes that are not UTF-8 as \\xNN, control characters escaped."""
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


def _undecodable(path: str) -> bool:
    try:
        path.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _error(path: str, key: str, hint: str | None = None, **params: Any) -> FileError:
    error = FileError.keyed(key, hint=hint, **params)
    error.path = printable(path)
    return error


class _Collector:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.out = Discovery()
        self.seen: set[str] = set()
        self.suffixes = form_suffixes()

    def add(self, path: str, explicit: bool) -> None:
        norm = os.path.normpath(path)
        if norm in self.seen:
            return
        self.seen.add(norm)
        if _undecodable(norm):
            self.out.errors.append(_error(norm, "input.name-not-utf8"))
            return
        cfg = self.settings.settings_for(norm)
        if cfg.is_excluded(norm):
            if explicit:
                self.out.excluded.append(Excluded(norm, cfg.source))
            return
        self.out.targets.append(Target(norm, norm))

    def walk(self, root: str) -> None:
        self.out.folders.append(root)
        for found in _walk(root, self):
            self.add(found, False)

    def glob(self, pattern: str) -> None:
        self.out.folders.append(os.path.dirname(_literal(pattern)) or ".")
        matches = sorted(glob.glob(pattern, recursive=True))
        if not matches:
            self.out.errors.append(_error(pattern, "input.glob-no-match"))
        for m in matches:
            if os.path.isdir(m):
                self.walk(m)
            elif not _in_default_excluded(m, pattern):
                self.add(m, False)


def discover(paths: list[str], settings: Settings, stdin_filename: str | None = None) -> Discovery:
    """Expand files, folders and globs into targets; paths that do not exist become errors (rendered in the run's
    language by the caller, who knows it once the files' configurations are found).

    ``settings`` gives each file its configuration: a :class:`~perflint.config.Config` for all of them, or a
    :class:`~perflint.config.Resolver` for the nearest configuration of each.
    """
    c = _Collector(settings)
    for raw in paths:
        if raw == "-":
            c.out.targets.append(Target("-", stdin_filename or "<stdin>"))
        elif os.path.isdir(raw):
            c.walk(raw)
        elif os.path.exists(raw) or os.path.islink(raw):
            c.add(raw, True)
        elif glob.has_magic(raw):
            c.glob(raw)
        else:
            c.out.errors.append(_error(raw, "input.not-found", "input.hint.check-path"))
    return c.out


def _literal(pattern: str) -> str:
    """The part of a glob before its first wildcard."""
    return pattern.split("*")[0].split("?")[0].split("[")[0]


def _in_default_excluded(match: str, pattern: str) -> bool:
    """Whether a glob match lies in a default-excluded folder below the pattern's literal part."""
    rest = os.path.relpath(match, os.path.dirname(_literal(pattern)) or ".")
    return any(part in DEFAULT_EXCLUDE for part in rest.split(os.sep)[:-1])


def _walk(root: str, c: _Collector) -> Iterator[str]:
    """Form files under ``root`` in a stable order, following no symlinked folder twice."""
    visited: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=lambda e: c.out.errors.append(
            _error(e.filename or root, "input.cannot-list", reason=e.strerror))):
        try:
            st = os.stat(folder)
        except OSError:
            dirs[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited:  # a symlink loop: do not go round again
            dirs[:] = []
            continue
        visited.add(key)
        cfg = c.settings.settings_for(os.path.join(folder, "-"))
        dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDE
                         and not cfg.is_excluded(os.path.join(folder, d), folder=True))
        for name in sorted(files):
            if name.lower().endswith(c.suffixes) and not name.startswith("~$"):  # ~$: Office lock files
                yield os.path.join(folder, name)
