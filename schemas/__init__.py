"""JSON Schemas: the form model, the configuration and the JSON report."""
from __future__ import annotations

import json
import os
from typing import Any

_HERE = os.path.dirname(__file__)


def load(name: str) -> Any:
    """One of the schemas of this folder."""
    with open(os.path.join(_HERE, name), encoding="utf-8") as fh:
        return json.load(fh)
