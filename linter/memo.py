"""Caches for the reader's per-cell functions that stay small however long the run."""
from __future__ import annotations

from functools import wraps
from typing import Callable, TypeVar

R = TypeVar("R")


def cell_cache(maxsize: int = 8192, longest: int = 32) -> Callable[[Callable[[str], R]], Callable[[str], R]]:
    """Memoise a function of one cell's text, but only for short texts: labels, level names and values
    repeat across a batch, prose does not, and caching prose would make memory grow with the run. A plain
    dict emptied when full: the per-cell path calls these a million times, and a dict lookup is what it
    can afford (an lru_cache behind a wrapper costs twice as much)."""
    def decorate(fn: Callable[[str], R]) -> Callable[[str], R]:
        cache: dict[str, R] = {}

        @wraps(fn)
        def wrapper(text: str) -> R:
            try:
                return cache[text]
            except KeyError:
                pass
            result = fn(text)
            if len(text) <= longest:
                if len(cache) >= maxsize:
                    cache.clear()
                cache[text] = result
            return result

        wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
        wrapper.cache_info = lambda: {"size": len(cache), "maxsize": maxsize}  # type: ignore[attr-defined]
        return wrapper
    return decorate
