"""Data tables: units, indicator taxonomy profiles, scoring profiles, message catalogues."""
from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

_HERE = os.path.dirname(__file__)


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """A JSON table of this folder, read once. Read beside this module rather than through
    importlib.resources, whose import alone costs a tenth of the start-up a pre-commit hook pays."""
    with open(os.path.join(_HERE, name), encoding="utf-8") as fh:
        return json.load(fh)
