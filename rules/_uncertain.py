"""The base of the extraction family: turn what the reader was unsure of into findings."""
from __future__ import annotations

from perflint.model import Span
from perflint.rule import Rule


class UncertaintyRule(Rule):
    """Reports each of the form's uncertainties whose code is ``uncertainty``."""

    uncertainty = ""
    # reader notes: a form gets at most one of them, the most severe (the others are consequences of it)
    per_form = "reader-note"
    group = "extraction"
    source = "heuristic"
    kinds = ("target", "self_eval")

    def check(self, form):
        for u in form.uncertainties:
            if u.code == self.uncertainty:
                lines = u.lines or [u.line]
                span = Span(u.line, u.column)
                yield self.problem(span, first=lines[0], last=lines[-1], count=len(lines), detail=u.detail,
                                   suggest=True)
