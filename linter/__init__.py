"""perflint: lint Chinese budget performance forms.

    import perflint
    report = perflint.check(["2026年申报/"], select=["PF1", "PF3"])
    forms = perflint.read("商务接待.txt")

Importing perflint loads nothing else: the API's modules load on first use (a pre-commit hook pays the
start-up of every run).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"
__all__ = ["Report", "Forms", "check", "read", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .api import Forms, Report


def check(paths: Any, config: Any = None, **options: Any) -> "Report":
    """Check forms; see :func:`perflint.api.check`."""
    from .api import check as _check
    return _check(paths, config, **options)


def read(path: Any) -> "Forms":
    """The forms of one file; see :func:`perflint.api.read`."""
    from .api import read as _read
    return _read(path)


def __getattr__(name: str) -> Any:
    if name in ("Report", "Forms"):
        from . import api
        return getattr(api, name)
    raise AttributeError(f"module 'perflint' has no attribute {name!r}")
