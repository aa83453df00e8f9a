"""`perflint check` as a library call: discover, lint, filter by baseline, report, pick the exit code."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from . import baseline as baseline_mod
from .config import Config
from .engine import Linter
from .reporters import get_reporter
from .reporters.base import Summary
from .runner import discover, run

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


@dataclass
class CheckOptions:
    paths: list[str]
    fmt: str = "text"
    output: str | None = None
    statistics: bool = False
    quiet: bool = False
    stdin_filename: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    jobs: int | None = None
    color: bool | None = None
    # across time: earlier forms to pair with (None: the configuration's), the store (None: the
    # configuration's; "" with --no-history: none)
    previous: list[str] | None = None
    history: str | None = None


def run_check(cfg: Config, opts: CheckOptions) -> int:
    """Run a check and write its report; returns the exit code."""
    known = baseline_mod.load(opts.baseline) if opts.baseline else None
    linter = Linter(cfg)  # validates selection and rule options before any file is read
    found = discover(opts.paths, cfg, opts.stdin_filename)
    history = None
    if opts.previous or cfg.previous or (opts.history if opts.history is not None else cfg.history):
        from .history.stage import HistoryRun  # only then: the store's libraries are an optional extra
        history = HistoryRun.open(cfg, opts.previous, opts.history)
        linter.history = history.stage
    out = open(opts.output, "w", encoding="utf-8", newline="") if opts.output else sys.stdout
    reports = None
    try:
        color = opts.color if opts.color is not None else (out is sys.stdout and sys.stdout.isatty()
                                                           and "NO_COLOR" not in os.environ)
        reporter = get_reporter(opts.fmt, out, cfg.lang, color, opts.statistics, opts.quiet)
        linter.keep_forms = reporter.needs_forms
        summary = Summary()
        filt = baseline_mod.Filter(known) if known is not None else None
        all_for_baseline = []
        digests = []
        failed = False
        reporter.start()
        for err in found.errors:
            summary.file_errors += 1
            _emit_path_error(reporter, err)
        reports = run(found.targets, cfg, opts.jobs or 0, reporter.needs_forms, linter)
        for report in reports:
            summary.files += 1
            summary.forms += report.form_count
            summary.file_errors += len(report.errors)
            digests.extend(report.digests)
            if opts.write_baseline:
                all_for_baseline.extend(report.findings)
            if filt is not None:
                report.findings = filt.new(report.findings)
            summary.add(report.findings)
            failed = failed or linter.fails(report.findings)
            if history is not None:
                history.record(report)  # stored before it is reported: an interrupt loses nothing reported
            reporter.file(report)
        late = linter.finish(digests)
        for err in linter.late_errors:  # a cross-form rule that failed: no one file is at fault
            summary.file_errors += 1
            _emit_path_error(reporter, {"path": "(cross-form rules)", **err})
        if opts.write_baseline:
            all_for_baseline.extend(late)
        if filt is not None:
            late = filt.new(late)
        summary.add(late)
        failed = failed or linter.fails(late)
        summary.exit_code = EXIT_ERROR if summary.file_errors else (EXIT_FINDINGS if failed else EXIT_CLEAN)
        reporter.finish(late, summary)
        if history is not None:
            history.finish(summary.forms)
    finally:
        if reports is not None:
            reports.close()  # whatever ended the loop (Ctrl-C too): the worker processes stop now
        if out is not sys.stdout:
            out.close()
        if history is not None:
            history.close()
    if opts.write_baseline:
        n = baseline_mod.write(opts.write_baseline, all_for_baseline)
        print(f"perflint: baseline of {n} findings written to {opts.write_baseline}", file=sys.stderr)
        return EXIT_CLEAN if not summary.file_errors else EXIT_ERROR
    return summary.exit_code


def _emit_path_error(reporter, err: dict) -> None:
    from .engine import FileReport
    reporter.file(FileReport(err["path"], None, [], [], [err], 0))
