"""The pages' words in Chinese (the default) and English: ``messages.zh.json`` and ``messages.en.json`` beside
this module, ``{name}`` placeholders filled by :func:`text`. The language is the ``lang`` cookie's, set by
the switch in the page header; a key missing in English falls back to Chinese, then to the key itself."""
from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

LANGS = ("zh", "en")
DEFAULT = "zh"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    path = os.path.join(os.path.dirname(__file__), f"messages.{lang}.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(lang: str, key: str, **params: Any) -> str:
    template = catalogue(lang if lang in LANGS else DEFAULT).get(key) or catalogue(DEFAULT).get(key) or key
    return template.format_map(_Safe(params)) if params else template


def choose(value: str | None) -> str:
    return value if value in LANGS else DEFAULT
