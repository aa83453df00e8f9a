"""Caches for the reader's per-cell functions that stay small however long the run."""
from __future__ import annotations

from functools import lru_cache, wraps
from typing import Callable, TypeVar

R = TypeVar("R")


def cell_cache(maxsize: int = 8192, longest: int = 32) -> Callable[[Callable[[str], R]], Callable[[str], R]]:
    """Memoise a function of one cell's text, but only for short texts: labels, level names and values
    repeat across a batch, prose does not, and caching prose would make memory grow with the run."""
    def decorate(fn: Callable[[str], R]) -> Callable[[str], R]:
        cached = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def wrapper(text: str) -> R:
            return cached(text) if len(text) <= longest else fn(text)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = cached.cache_info    # type: ignore[attr-defined]
        return wrapper
    return decorate
