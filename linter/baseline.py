"""Baselines: record today's findings, later report only new ones (matched without line numbers)."""
from __future__ import annotations

import json
from collections import Counter
from typing import Iterable

from .errors import ConfigError
from .finding import Finding

FORMAT_VERSION = 1


def write(path: str, findings: Iterable[Finding]) -> int:
    counts = Counter(f.baseline_key() for f in findings)
    entries = [{"path": p, "project": proj, "code": code, "indicator": ind, "count": n}
               for (p, proj, code, ind), n in sorted(counts.items())]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"version": FORMAT_VERSION, "findings": entries}, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return sum(counts.values())


def load(path: str) -> Counter:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return Counter({(e["path"], e["project"], e["code"], e["indicator"]): int(e["count"])
                        for e in data["findings"]})
    except OSError as exc:
        raise ConfigError(f"cannot read baseline: {exc.strerror}", key="baseline", source=path) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"not a perflint baseline ({exc})", key="baseline", source=path) from None


class Filter:
    """Drops findings the baseline already holds, as many times as it holds them."""

    def __init__(self, known: Counter):
        self.remaining = Counter(known)

    def new(self, findings: list[Finding]) -> list[Finding]:
        out = []
        for f in findings:
            key = f.baseline_key()
            if self.remaining[key] > 0:
                self.remaining[key] -= 1
            else:
                out.append(f)
        return out
