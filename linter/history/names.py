"""Names as pairing compares them: project, department and indicator keys, and one similarity measure."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..data import load

# a year in a name: 2024年度, 2024年, (2024), 二〇二四年
_YEAR = re.compile(r"[（(]?(?:19|20)\d{2}\s*(?:年度|年)?[)）]?|[（(]?[一二三四五六七八九〇零○]{4}年度?[)）]?")
_PUNCT = re.compile(r"[\s\u3000，。、；：,.;:！!？?（）()【】\[\]《》<>“”\"'‘’—\-…·/|_]+")
# a unit in brackets at the end of an indicator name: 在职职工人数(人), 覆盖率（%）
_UNIT_SUFFIX = re.compile(r"[（(][^（()）]{1,6}[)）]$")


def _plain(text: str) -> str:
    """Full-width letters and digits as half-width, Latin letters in lower case."""
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=1)
def _noise() -> tuple[str, ...]:
    return tuple(sorted((_plain(w) for w in load("pairing.json")["project_noise"]), key=len, reverse=True))


@lru_cache(maxsize=65536)
def project_key(name: str | None) -> str:
    """A project name with its years, 项目 and punctuation removed: what stays the same from year to year."""
    if not name:
        return ""
    s = _YEAR.sub("", _plain(name))
    for word in _noise():
        s = s.replace(word, "")
    return _PUNCT.sub("", s)


@lru_cache(maxsize=65536)
def unit_key(name: str | None) -> str:
    """A department or implementer name without spaces and punctuation."""
    return _PUNCT.sub("", _plain(name)) if name else ""


@lru_cache(maxsize=65536)
def indicator_key(name: str | None) -> str:
    """An indicator name without spaces, punctuation, a year or a trailing unit in brackets."""
    if not name:
        return ""
    s = _plain(name).strip()
    s = _UNIT_SUFFIX.sub("", re.sub(r"\s+", "", s))
    return _PUNCT.sub("", _YEAR.sub("", s))


@lru_cache(maxsize=65536)
def _grams(key: str) -> tuple[frozenset[str], frozenset[tuple[str, int]]]:
    """A key's character bigrams, and its characters as a set of (character, its n-th occurrence): the size
    of the intersection of two such sets is the number of characters they share, repeats counted."""
    bigrams = frozenset(key[i:i + 2] for i in range(len(key) - 1)) or frozenset((key,))
    seen: dict[str, int] = {}
    chars = []
    for ch in key:
        seen[ch] = seen.get(ch, 0) + 1
        chars.append((ch, seen[ch]))
    return bigrams, frozenset(chars)


def _score(a: str, b: str, floor: float) -> float | None:
    """The similarity of two keys, or None as soon as it cannot reach ``floor``: the characters' Dice comes
    first, and the mean reaches ``floor`` only if that Dice reaches ``2 * floor - 1`` (the bigrams' is at
    most 1)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    ga, ca = _grams(a)
    gb, cb = _grams(b)
    chars = 2 * len(ca & cb) / (len(a) + len(b))
    if (1 + chars) / 2 < floor:
        return None
    return (2 * len(ga & gb) / (len(ga) + len(gb)) + chars) / 2


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """How alike two keys are, 0 to 1: the mean of the Dice coefficients of their character bigrams (order)
    and of their characters (content). Words swapped (社区居家 / 居家社区) keep the characters and lose a
    few bigrams (0.89); another project of the same department (社区养老服务补贴 / 社区养老服务设施建设)
    shares only a part of both (0.65)."""
    return _score(a, b, 0.0)  # type: ignore[return-value]  # a floor of 0 is always reached


def similar(a: str, b: str, threshold: float) -> float | None:
    """``similarity(a, b)`` when it reaches ``threshold``, else None, without the bigrams when the characters
    alone rule it out. Not cached: a department's names compared with each other come once each."""
    score = _score(a, b, threshold)
    return score if score is not None and score >= threshold else None
