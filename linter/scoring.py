"""Self-evaluation scoring profiles (data in ``perflint.data/scoring.json``): how a province does the arithmetic."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .data import load

DEFAULT_PROFILE = "national"
DENOMINATORS = ("full_year", "initial")
LE_FORMULAS = ("ratio", "linear")
VERDICTS = ("met", "partial", "missed")


@dataclass(frozen=True)
class ScoringProfile:
    """One province's self-evaluation arithmetic.

    ``qualitative_bands`` maps a verdict (met / partial / missed) to the share of 分值 it may earn,
    ``[low, high]``; a score equal to ``high`` belongs to the band above (80% is 达成, not 部分达成),
    except for ``met`` whose ``high`` is the full score. ``grades`` lists (grade, minimum total), best first.
    """

    name: str
    label: str
    budget_weight: float
    total_weight: float
    exec_rate_denominator: str
    min_exec_rate: float | None
    qualitative_bands: dict[str, tuple[float, float]]
    le_formulas: tuple[str, ...]
    grades: tuple[tuple[str, float], ...]
    category_weights: dict[str, float]
    category_merge: dict[str, str]

    def grade_for(self, total: float, grades: tuple[tuple[str, float], ...] | None = None) -> str:
        """The grade a total earns (``grades`` overrides the profile's bands)."""
        bands = grades or self.grades
        for name, minimum in bands:
            if total >= minimum - 1e-9:
                return name
        return bands[-1][0]

    def category_of(self, level1: str | None) -> str | None:
        """The scoring category a 一级指标 counts in (成本指标 counts as 产出 in 10号 profiles)."""
        if level1 is None:
            return None
        return self.category_merge.get(level1, level1)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load("scoring.json")


def profiles() -> list[str]:
    """Names of the known scoring profiles."""
    return [k for k in _data()["profiles"] if not k.startswith("_")]


@lru_cache(maxsize=None)
def profile(name: str = DEFAULT_PROFILE) -> ScoringProfile:
    """The scoring profile ``name``; an unknown name is a ``ValueError`` naming the known ones."""
    spec = _data()["profiles"].get(name)
    if spec is None or name.startswith("_"):
        raise ValueError(f"unknown scoring profile {name!r} (known: {', '.join(profiles())})")
    if spec["exec_rate_denominator"] not in DENOMINATORS:
        raise ValueError(f"profile {name!r}: exec_rate_denominator must be one of {DENOMINATORS}")
    bands = {k: (float(v[0]), float(v[1])) for k, v in spec["qualitative_bands"].items()}
    if set(bands) != set(VERDICTS):
        raise ValueError(f"profile {name!r}: qualitative_bands must name {VERDICTS}")
    return ScoringProfile(
        name=name, label=spec["label"],
        budget_weight=float(spec["budget_weight"]), total_weight=float(spec["total_weight"]),
        exec_rate_denominator=spec["exec_rate_denominator"],
        min_exec_rate=None if spec.get("min_exec_rate") is None else float(spec["min_exec_rate"]),
        qualitative_bands=bands,
        le_formulas=tuple(f for f in spec["le_formulas"] if f in LE_FORMULAS),
        grades=tuple((g, float(m)) for g, m in spec["grades"]),
        category_weights={k: float(v) for k, v in spec["category_weights"].items()},
        category_merge=dict(spec.get("category_merge", {})),
    )


def vocabulary() -> dict[str, Any]:
    """Verdict words, empty-reason placeholders and the names of budget-execution indicators."""
    return _data()["vocabulary"]


def profile_option(description: str = "Scoring profile of self-evaluations (linter/data/scoring.json); "
                                      "the engine fills in the run's `profile` unless set here.") -> dict[str, Any]:
    """The JSON Schema fragment of the ``profile`` option every self-evaluation rule declares."""
    return {"type": "string", "enum": profiles(), "default": DEFAULT_PROFILE, "description": description}
