"""The units table (linter/data/units.json): every unit's dimension and its scale to the dimension's base unit."""
from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    """A canonical unit: ``value * scale`` is the value in the base unit of ``dimension``.

    For a rate (dimension ``money_rate``) ``per`` names the dimension of the denominator, because
    元/人 and 元/天 share a dimension but must not be compared: the base is 元 per one base unit of
    ``per`` (元 per 1 for counts, 元 per 小时, 元 per ㎡).
    """

    name: str
    dimension: str
    scale: float
    per: str | None = None


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str
    base: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class _Table:
    units: dict[str, Unit]          # canonical name -> Unit
    aliases: dict[str, str]         # other spelling -> canonical name
    dimensions: dict[str, Dimension]
    scale_words: tuple[tuple[str, float], ...]  # longest first, so 十万 wins over 万


def _number(spec: int | float | str) -> float:
    # fractions such as "1/60" keep the data exact and readable (分钟, 亩)
    if isinstance(spec, str):
        num, _, den = spec.partition("/")
        return float(num) / float(den or 1)
    return float(spec)


def _build(data: dict) -> _Table:
    units: dict[str, Unit] = {}
    dims: dict[str, Dimension] = {}
    for dname, spec in data["dimensions"].items():
        dims[dname] = Dimension(dname, spec["base"], spec["zh"], spec["en"])
        for uname, scale in spec["units"].items():
            if uname in units:
                raise ValueError(f"units.json: unit {uname!r} listed twice")
            units[uname] = Unit(uname, dname, _number(scale))
    aliases = dict(data.get("aliases", {}))
    for alias, target in aliases.items():
        if target not in units:
            raise ValueError(f"units.json: alias {alias!r} points to unknown unit {target!r}")
        if alias in units:
            raise ValueError(f"units.json: alias {alias!r} is also a unit")
    for rate in data.get("rates", []):
        numerators = [u for u in units.values() if u.dimension == rate["numerator"]]
        denominators = [u for u in units.values() if u.dimension in rate["denominators"]]
        for num in numerators:
            for den in denominators:
                name = f"{num.name}/{den.name}"
                units.setdefault(name, Unit(name, rate["dimension"], num.scale / den.scale, den.dimension))
    words = sorted(((w, _number(s)) for w, s in data.get("scale_words", {}).items()),
                   key=lambda ws: -len(ws[0]))
    return _Table(units, aliases, dims, tuple(words))


@functools.lru_cache(maxsize=1)
def _table() -> _Table:
    from .data import load
    return _build(load("units.json"))


@functools.lru_cache(maxsize=1)
def _max_len() -> int:
    # the longest spelling a unit can have, scale words in front included
    table = _table()
    names = list(table.units) + list(table.aliases)
    return max(map(len, names)) + max((len(w) for w, _ in table.scale_words), default=0)


@functools.lru_cache(maxsize=4096)
def lookup(unit: str) -> Unit | None:
    """The Unit for a spelling (canonical or alias, rates such as 元/平方米 included), or None."""
    if not unit:
        return None
    table = _table()
    unit = unit.strip()
    name = table.aliases.get(unit, unit)
    found = table.units.get(name)
    if found is not None or "/" not in unit:
        return found
    # a rate written with an alias on either side (元/平方米, 万元/工作日): canonicalise both halves
    num, _, den = unit.partition("/")
    num_u, den_u = lookup(num), lookup(den)
    if num_u is None or den_u is None:
        return None
    return table.units.get(f"{num_u.name}/{den_u.name}")


def canonical(unit: str) -> str | None:
    """The canonical spelling of a unit (百分比 → %, 平方米 → ㎡), or None if the unit is unknown."""
    found = lookup(unit)
    return found.name if found else None


@functools.lru_cache(maxsize=4096)
def resolve(text: str) -> tuple[float, Unit | None] | None:
    """Read a unit that may start with a scale word: ``(multiplier, unit)``.

    万㎡ is a listed unit, so it resolves to ``(1, 万㎡)``; 万人次 is not, so ``(10000, 人次)``;
    a bare 万 is ``(10000, None)``. Returns None when the text is no unit at all.
    """
    if len(text) > _max_len():
        return None  # longer than any unit: also keeps the recursion below shallow
    found = lookup(text)
    if found is not None:
        return 1.0, found
    for word, factor in _table().scale_words:
        if text.startswith(word):
            rest = text[len(word):]
            if not rest:
                return factor, None
            inner = resolve(rest)
            if inner is not None and inner[1] is not None:
                return factor * inner[0], inner[1]
    return None


def split_known(text: str) -> tuple[float, Unit, str] | None:
    """The longest known unit (with scale words) at the start of ``text`` and the rest.

    Used for values glued to the next cell's text (``3台网络安全设备维护数量``).
    """
    for end in range(min(len(text) - 1, _max_len()), 0, -1):
        head = resolve(text[:end])
        if head is not None and head[1] is not None:
            return head[0], head[1], text[end:]
    return None


def all_units() -> tuple[Unit, ...]:
    """Every canonical unit, generated rates included."""
    return tuple(_table().units.values())


def aliases() -> dict[str, str]:
    """Every alias spelling and the canonical unit it stands for."""
    return dict(_table().aliases)


def dimensions() -> dict[str, Dimension]:
    """Every dimension by name, with its base unit and its zh/en labels."""
    return dict(_table().dimensions)


def base_unit(dimension: str | None) -> str | None:
    """The base unit of a dimension (元 for money), or None."""
    found = _table().dimensions.get(dimension or "")
    return found.base if found else None


def comparable(a: Unit, b: Unit) -> bool:
    """True when values in ``a`` and ``b`` can be compared through their base values."""
    return a.dimension == b.dimension and a.per == b.per
