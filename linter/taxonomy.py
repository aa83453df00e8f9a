"""The indicator system: canonical level names, their synonyms and the template profiles (from data)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data import load
from .memo import cell_cache

_SPACE = re.compile(r"[\s\u3000]+")
_TRAIL = re.compile(r"[:：、.]+$")


@cell_cache()
def squash(text: str) -> str:
    """A cell as the vocabulary sees it: no spaces (PDF extraction splits words), no trailing colon."""
    return _TRAIL.sub("", _SPACE.sub("", text))


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    level1: tuple[str, ...]
    required: tuple[str, ...]
    satisfaction: tuple[str, ...]
    parents: dict[str, tuple[str, ...]]

    def allowed_parents(self, level2: str) -> tuple[str, ...]:
        return self.parents.get(level2, ())


@lru_cache(maxsize=1)
def _data() -> dict:
    return load("taxonomy.json")


@lru_cache(maxsize=1)
def _lookup() -> tuple[dict[str, str], dict[str, str]]:
    data = _data()
    l1: dict[str, str] = {}
    for canon, aliases in data["level1"].items():
        for name in (canon, *aliases):
            l1[name] = canon
    l2: dict[str, str] = {}
    for canon, spec in data["level2"].items():
        for name in (canon, *spec["aliases"]):
            l2[name] = canon
    return l1, l2


def level1_of(text: str) -> str | None:
    """The canonical level-1 name a cell spells, if any."""
    return _lookup()[0].get(squash(text))


def level2_of(text: str) -> str | None:
    """The canonical level-2 name a cell spells, if any."""
    return _lookup()[1].get(squash(text))


def default_parents(level2: str) -> tuple[str, ...]:
    spec = _data()["level2"].get(level2)
    return tuple(spec["parents"]) if spec else ()


def level_names() -> list[str]:
    """Every spelling of every level, canonical names and synonyms."""
    l1, l2 = _lookup()
    return sorted(set(l1) | set(l2))


def is_level_name(text: str) -> bool:
    s = squash(text)
    l1, l2 = _lookup()
    return s in l1 or s in l2


@lru_cache(maxsize=None)
def profile(name: str) -> Profile:
    spec = _data()["profiles"].get(name) or _data()["profiles"]["national-2021"]
    return Profile(name, spec["label"], tuple(spec["level1"]), tuple(spec["required"]),
                   tuple(spec["satisfaction"]), {k: tuple(v) for k, v in spec["parents"].items()})


def profiles() -> list[str]:
    return list(_data()["profiles"])


def is_satisfaction(level1: str | None, level2: str | None, name: str = "") -> bool:
    """Whether a row is a satisfaction indicator (by its levels or, failing that, its name)."""
    return level1 == "满意度指标" or level2 == "服务对象满意度指标" or "满意度" in name


def keywords() -> dict[str, list[str]]:
    """Words hinting at a 二级 group (used only to guess levels when a layout lost them)."""
    return {k: v for k, v in _data().get("keywords", {}).items() if not k.startswith("_")}


class _Canonical:
    """The canonical level names, as a set that loads the taxonomy on first use."""

    def __init__(self, level: int):
        self.level, self._names = level, None

    def __contains__(self, name: object) -> bool:
        if self._names is None:
            data = _data()
            self._names = frozenset(data["level1"] if self.level == 1 else data["level2"])
        return name in self._names


LEVEL1 = _Canonical(1)
LEVEL2 = _Canonical(2)
