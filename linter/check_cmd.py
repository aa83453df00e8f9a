"""`perflint check` around the library call: safe output paths, notes, progress, the reporter, the closing
line and the baseline. The check itself is perflint.api's."""
from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import IO, Any

from . import messages
from .api import EXIT_CLEAN, EXIT_ERROR, Report, Session
from .discovery import form_suffixes, printable
from .errors import PerflintError
from .output import open_report, refuse_unsafe
from .progress import Progress, wanted


def reporter_class(fmt: str) -> Any:
    import importlib
    from .reporters import FORMATS
    module_name, cls_name = FORMATS[fmt].split(":")
    return getattr(importlib.import_module(module_name), cls_name)


class _Sink(io.TextIOBase):
    """Where the report goes with -qq and no -o: nowhere."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def summary_of(report: Report, summary: Any = None) -> Any:
    """The run's summary: ``summary`` with the findings of each file already counted (a streamed run
    keeps none of them), else counted from the report."""
    from .reporters.base import Summary
    if summary is None:
        summary = Summary()
        summary.add(report.findings)
    else:
        summary.add(report.cross_form)
    summary.files, summary.forms, summary.file_errors = report.checked, report.forms, len(report.errors)
    summary.exit_code = report.exit_code
    return summary


class Run:
    """One `perflint check`: ``quiet`` 1 prints findings only, 2 nothing (a report file is still written)."""

    def __init__(self, session: Session, fmt: str, output: str | None, quiet: int = 0, statistics: bool = False,
                 color: bool | None = None, sort: str = "file"):
        self.session, self.fmt, self.output = session, fmt, output
        self.quiet, self.statistics, self.color = quiet, statistics, color
        self.sort = sort   # the order of the forms in html and xlsx reports
        self.to_stdout = output in (None, "-")

    @staticmethod
    def needs_forms(fmt: str) -> bool:
        return bool(reporter_class(fmt).needs_forms)

    @staticmethod
    def shows_comparison(fmt: str) -> bool:
        return bool(reporter_class(fmt).shows_comparison)

    def _say(self, key: str, **params: Any) -> None:
        if not self.quiet:
            print("perflint: " + (messages.render(key, self.session.lang, params) or key), file=sys.stderr)

    def _refuse_unsafe(self, write_baseline: str | None) -> None:
        s = self.session
        inputs, folders, suffixes = s.inputs(), s.discovery.folders, form_suffixes()
        if not self.to_stdout:
            refuse_unsafe(self.output, "the report", inputs, folders, suffixes)
        if write_baseline:
            refuse_unsafe(write_baseline, "the baseline", inputs, folders, suffixes)
            if not self.to_stdout and os.path.abspath(write_baseline) == os.path.abspath(self.output):
                raise PerflintError("-o and --write-baseline name the same file")

    def execute(self, write_baseline: str | None = None) -> int:
        self._refuse_unsafe(write_baseline)
        for ex in self.session.discovery.excluded:
            self._say("cli.excluded", path=printable(ex.path), config=printable(ex.config or "?"))
        report, summary = self._report()
        if not self.to_stdout:
            self._say("cli.written", path=printable(self.output), files=summary.files, forms=report.forms,
                      findings=summary.findings)
        if write_baseline:
            from . import baseline
            n = baseline.write(write_baseline, report.findings + report.baselined, self.session.root_of)
            self._say("cli.baseline-written", path=printable(write_baseline), findings=n)
            return EXIT_ERROR if report.errors else EXIT_CLEAN   # recording findings is not failing on them
        return report.exit_code

    def _report(self) -> tuple[Report, Any]:
        from .reporters.base import Summary
        s = self.session
        summary = Summary()   # counted as the files come: the streamed run keeps no file's findings
        total = sum(len(g.targets) for g in s.groups)
        progress = Progress(total, s.lang, wanted(total, self.quiet))
        quiet_stdout = self.quiet >= 2 and self.to_stdout
        target = contextlib.nullcontext(_Sink()) if quiet_stdout else open_report(self.output)
        try:
            with target as out:
                relay = progress.active and out is sys.stdout and _isatty(out)
                stream = io.StringIO() if relay else out
                color = self.color if self.color is not None else (
                    out is sys.stdout and _isatty(out) and "NO_COLOR" not in os.environ)
                reporter = reporter_class(self.fmt)(out=stream, lang=s.lang, color=color,
                                                    statistics=self.statistics, quiet=self.quiet > 0, sort=self.sort)
                reporter.start()

                def on_file(fr: Any) -> None:
                    summary.add(fr.findings)
                    reporter.file(fr)
                    progress.advance()
                    if relay:
                        progress.relay(stream, out)

                report = s.run(on_file)
                progress.close()
                reporter.finish(report.cross_form, summary_of(report, summary))
                if relay:
                    progress.relay(stream, out)
        finally:
            progress.close()
        return report, summary
