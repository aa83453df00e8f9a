"""Plain-text output: ``path:line:col: CODE [severity] message`` grouped by form, then a summary."""
from __future__ import annotations

from itertools import groupby

from .. import messages
from ..engine import FileReport
from ..finding import Finding
from .base import Reporter, Summary

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "bold": "\033[1m", "dim": "\033[2m"}
_RESET = "\033[0m"


class TextReporter(Reporter):
    accepted = 0   # findings shown as accepted, counted as they are written

    def _c(self, what: str, text: str) -> str:
        return f"{_COLORS[what]}{text}{_RESET}" if self.color else text

    def _t(self, key: str, **params) -> str:
        return messages.render(key, self.lang, params) or key

    def _line(self, f: Finding) -> str:
        sev = self._c(f.severity, f"[{f.severity}]")
        where = f" ({f.location})" if f.location else ""
        line = f"{f.path}:{f.line}:{f.column}:{where} {self._c('bold', f.code)} {sev} {f.message}"
        if f.accepted:
            self.accepted += 1
            line += " " + self._c("dim", f"[{self._t('report.accepted-reason', reason=f.accepted)}]")
        return line

    def _print_findings(self, findings: list[Finding]) -> None:
        for form, group in groupby(findings, key=lambda f: (f.path, f.form, f.project)):
            path, index, project = form
            if not self.quiet:
                label = self._t("report.form-heading", index=(index + 1) if index is not None else "-",
                                project=project or self._t("report.unnamed"))
                self.out.write(self._c("dim", f"── {path} · {label}") + "\n")
            for f in group:
                self.out.write(self._line(f) + "\n")
                if f.suggestion and not self.quiet:
                    self.out.write(f"    {self._t('report.suggestion')}: {f.suggestion}\n")

    def file(self, report: FileReport) -> None:
        for err in report.errors:
            where = f"{report.path}:{err['line']}" if err.get("line") else report.path
            hint = f" ({err['hint']})" if err.get("hint") else ""
            self.out.write(f"{where}: {self._c('error', 'E000')} {err['message']}{hint}\n")
        if not self.quiet:
            for entry in report.pairings:
                self.out.write(self._c("dim", self._pairing_line(report.path, entry)) + "\n")
        self._print_findings(report.findings)

    def _pairing_line(self, path: str, entry: dict) -> str:
        """One line per form with counterparts: what it was compared with, and a resubmission's tally."""
        parts = []
        for cp in entry["counterparts"]:
            how = self._t(f"report.paired-by.{cp['paired_by']}", score=cp["score"])
            total = len(cp["indicators"]) + len(cp["unpaired"])
            parts.append(self._t("report.counterpart", relation=self._t(f"report.relation.{cp['relation']}",
                                                                        year=cp["year"]),
                                 path=cp["path"], number=cp["index"] + 1, how=how, paired=len(cp["indicators"]),
                                 total=total))
        label = self._t("report.form-heading", index=entry["form"] + 1,
                        project=entry["project"] or self._t("report.unnamed"))
        line = f"↔ {path} · {label} · " + self._t("report.pairing-line", counterparts=("；" if self.lang == "zh" else "; ").join(parts))
        resub = entry.get("resubmission")
        if resub and resub.get("counts"):
            line += " · " + self._t("report.resubmission-line", **resub["counts"])
        return line

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        self._print_findings(late_findings)
        if self.statistics:
            for code, n in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
                self.out.write(f"{n:6d}  {code}\n")
        if self.quiet:   # -q: findings only
            return
        sev = summary.by_severity
        self.out.write(self._t("report.summary", files=summary.files, forms=summary.forms,
                               findings=summary.findings, error=sev["error"], warning=sev["warning"],
                               info=sev["info"])
                       + (self._t("report.summary-accepted", accepted=self.accepted) if self.accepted else "") + "\n")
