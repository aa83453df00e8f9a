"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

GitHub shows at most 10 annotations of each kind per step (and 50 per job); the rest are dropped without a
word. When a run exceeds that the reporter says so in the log and points to SARIF upload, which has no cap.

Text from forms and file names is escaped for the terminal first (:func:`safe.terminal`): a newline in a
project name cannot start a ``::error::`` line of its own, an ANSI escape cannot colour the log.
"""
from __future__ import annotations

import os

from .. import messages
from ..engine import FileReport
from ..finding import Finding
from .base import Reporter, Summary, rule_meta
from .safe import terminal
from .text import summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
# annotations GitHub displays per type and step
STEP_CAP = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: object) -> str:
    parts = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind} {parts}::{escape_data(message)}" if parts else f"::{kind}::{escape_data(message)}"


def annotation(f: Finding, lang: str = "zh", kind: str | None = None) -> str:
    end_line = max(f.line, f.end_line or f.line)
    single = end_line == f.line
    where = f" ({terminal(f.location)})" if f.location else ""
    # each part on one line of its own: the only line breaks are those between message, suggestion and
    # the reason a reviewer accepted the finding
    text = terminal(f.message) + where + (f"\n{terminal(f.suggestion)}" if f.suggestion else "")
    if f.accepted:
        text += "\n[" + terminal(messages.render("report.accepted-reason", lang, {"reason": f.accepted})) + "]"
    return command(kind or COMMANDS[f.severity], text,
                   file=terminal(f.path).replace(os.sep, "/"), line=f.line,
                   col=max(1, f.column) if single else None,
                   endLine=end_line,
                   endColumn=f.end_column if single and f.end_column > f.column else None,
                   title=f"{f.code} {terminal(rule_meta(f.code, f.name).title(lang))}")


class GithubReporter(Reporter):
    def start(self) -> None:
        self.emitted = {"error": 0, "warning": 0, "notice": 0}

    def _emit(self, findings: list[Finding]) -> None:
        for f in findings:
            kind = "notice" if f.accepted else COMMANDS[f.severity]   # an accepted finding fails nothing
            self.emitted[kind] += 1
            self.out.write(annotation(f, self.lang, kind) + "\n")

    def file(self, report: FileReport) -> None:
        for err in report.errors:
            message = self.error_text(err, terminal)
            path = terminal(err.get("path") or report.path).replace(os.sep, "/")
            self.emitted["error"] += 1
            self.out.write(command("error", message, file=path, line=err.get("line"), title="perflint") + "\n")
        self._emit(report.findings)

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        self._emit(late_findings)
        self.out.write(f"perflint: {summary_line(self, summary)}\n")
        over = {k: n for k, n in self.emitted.items() if n > STEP_CAP}
        if over:
            counts = ", ".join(f"{n} {k}" for k, n in over.items())
            self.out.write(f"perflint: GitHub shows only {STEP_CAP} annotations of each type per step ({counts} "
                           f"emitted); upload `perflint check --format sarif -o perflint.sarif` with "
                           f"github/codeql-action/upload-sarif to see them all\n")
