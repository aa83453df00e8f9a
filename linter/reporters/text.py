"""Plain-text output: ``path:line:col: CODE [severity] message`` grouped by form, then a summary.

Severity words, rule titles, the basis of each rule and the summary are in the run's language. Everything
that comes from a form or a file name passes through :func:`safe.terminal`, so no form can colour the
terminal or start a line of its own.
"""
from __future__ import annotations

from functools import cached_property
from itertools import groupby

from ..engine import FileReport
from ..finding import Finding
from .across import counterpart_label, resubmission_line
from .base import Reporter, Summary, rule_meta
from .safe import terminal

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "bold": "\033[1m", "dim": "\033[2m"}
_RESET = "\033[0m"


class TextReporter(Reporter):
    def _c(self, what: str, text: str) -> str:
        return f"{_COLORS[what]}{text}{_RESET}" if self.color else text

    def _line(self, f: Finding) -> str:
        # English keeps the severity as the format always wrote it, for tools that read the lines
        word = f.severity if self.lang == "en" else self.severity_word(f.severity)
        sev = self._c(f.severity, f"[{word}]")
        where = f" ({terminal(f.location)})" if f.location else ""
        line = f"{terminal(f.path)}:{f.line}:{f.column}:{where} {self._c('bold', f.code)} {sev} {terminal(f.message)}"
        if f.accepted:   # stays in the report, marked, with the reviewer's reason
            line += " " + self._c("dim", f"[{terminal(self.accepted_text(f))}]")
        return line

    def _about(self, f: Finding) -> str:
        """The rule's title, what it rests on and whether it binds: ``指标值缺少计量单位 · 依据：… · 参考性``
        (the same for every finding of a rule: made once a rule)."""
        key = (f.code, f.name)
        if key not in self._abouts:
            meta = rule_meta(f.code, f.name)
            basis = self.t("report.basis", basis=self.basis_text(meta))
            self._abouts[key] = self._c("dim", f"    {terminal(meta.title(self.lang))} · {basis} · "
                                               f"{self.binding_text(meta)}")
        return self._abouts[key]

    @cached_property
    def _abouts(self) -> dict[tuple[str, str], str]:
        return {}

    def _print_findings(self, findings: list[Finding]) -> None:
        for form, group in groupby(findings, key=lambda f: (f.path, f.form, f.project)):
            path, index, project = form
            if not self.quiet:
                label = self.t("report.form-heading", index=(index + 1) if index is not None else "-",
                               project=terminal(project) if project else self.t("report.unnamed"))
                self.out.write(self._c("dim", f"── {terminal(path)} · {label}") + "\n")
            for f in group:
                self.out.write(self._line(f) + "\n")
                if self.quiet:
                    continue
                self.out.write(self._about(f) + "\n")
                if f.suggestion:
                    self.out.write(f"    {self.t('report.suggestion')}: {terminal(f.suggestion)}\n")

    def file(self, report: FileReport) -> None:
        tag = self._c("error", f"[{self.t('report.input-error')}]")
        for err in report.errors:
            path = terminal(err.get("path") or report.path)
            where = f"{path}:{err['line']}" if err.get("line") else path
            self.out.write(f"{where}: {tag} {self.error_text(err, terminal)}\n")
        if not self.quiet:
            for entry in report.pairings:
                self.out.write(self._c("dim", self._pairing_line(report.path, entry)) + "\n")
        self._print_findings(report.findings)

    def _pairing_line(self, path: str, entry: dict) -> str:
        """One line per form with counterparts: what it was compared with, and a resubmission's tally."""
        parts = [counterpart_label(self.t, cp, terminal) for cp in entry["counterparts"]]
        label = self.t("report.form-heading", index=entry["form"] + 1,
                       project=terminal(entry["project"]) if entry["project"] else self.t("report.unnamed"))
        sep = "；" if self.lang == "zh" else "; "
        line = f"↔ {terminal(path)} · {label} · " + self.t("report.pairing-line", counterparts=sep.join(parts))
        resub = resubmission_line(self.t, entry)
        return f"{line} · {resub}" if resub else line

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        self._print_findings(late_findings)
        if self.statistics:
            for code, n in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
                self.out.write(f"{n:6d}  {code}  {terminal(rule_meta(code).title(self.lang))}\n")
        if self.quiet:   # -q: findings only
            return
        self.out.write(summary_line(self, summary) + "\n")


def summary_line(reporter: Reporter, summary: Summary) -> str:
    """``共检查 … 发现 N 个问题（错误 …），另有 M 条识别提示``: defects and reader notes counted apart."""
    sev = summary.defects
    line = reporter.t("report.summary-with-notes" if summary.notes else "report.summary", files=summary.files,
                      forms=summary.forms, findings=sum(sev.values()), error=sev["error"],
                      warning=sev["warning"], info=sev["info"], notes=summary.notes)
    if summary.accepted:
        line += reporter.t("report.summary-accepted", accepted=summary.accepted)
    return line
