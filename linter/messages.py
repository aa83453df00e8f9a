"""Message catalogues: one JSON file per language in ``perflint.data``; rules never hold message text."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .data import load

LANGS = ("zh", "en")


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    return load(f"messages.{lang}.json")


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt(value: Any) -> Any:
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    return value


def error_line(err: dict[str, Any], lang: str = "zh", clean: Any = str) -> str:
    """A file's error (``message``, ``hint``) as one line: the message, then the hint in the brackets of
    ``lang``; ``clean`` makes each part safe for where it is shown (a terminal, a page)."""
    message = clean(err["message"])
    if not err.get("hint"):
        return message
    return render("report.error-with-hint", lang, {"message": message, "hint": clean(err["hint"])}) or message


def render(key: str, lang: str = "zh", params: dict[str, Any] | None = None, default: str | None = None) -> str | None:
    """The text for ``key`` in ``lang`` (falling back to Chinese), with ``params`` filled in."""
    template = catalogue(lang).get(key)
    if template is None and lang != "zh":
        template = catalogue("zh").get(key)
    if template is None:
        return default
    return template.format_map(_Safe({k: _fmt(v) for k, v in (params or {}).items()}))
