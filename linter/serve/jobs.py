"""The server's one adapter over perflint: check a batch, write its reports, render a stored form.

This is the only module of ``perflint.serve`` that calls the runner, the engine, the reporters and the
history stage; the rest of the server sees :class:`JobSpec` in and :class:`Outcome` out. It runs in a job
process of its own (see ``batches``): the upload folder is its working folder, so the reports name files
as the reviewer sent them (``部门A/项目1.txt``), never by where the server keeps them.
"""
from __future__ import annotations

import contextlib
import io
import os
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

from ..config import Config
from ..engine import FileReport, summarise
from ..errors import PerflintError
from ..finding import Finding
from ..reporters import get_reporter
from ..reporters.base import Summary
from ..discovery import form_suffixes

# what a batch may hold besides zips of it: every format perflint reads
READABLE = form_suffixes()
# the downloads of a batch: format -> file name in the batch's result folder
DOWNLOADS = {"html": "report.html", "xlsx": "report.xlsx", "json": "report.json", "sarif": "report.sarif"}


@dataclass
class JobSpec:
    """What a job process needs: the folder of the upload (its working folder), the files in it (relative
    paths), where the reports go, the configuration, the language and the store (absolute path or URL)."""

    folder: str
    files: list[str]
    out: str
    cfg: Config
    lang: str = "zh"
    history: str | None = None
    workers: int = 0


@dataclass
class Outcome:
    """What the pages show of a finished batch besides the report itself."""

    summary: dict[str, Any]
    errors: list[dict[str, Any]] = field(default_factory=list)
    # per resubmitted form: path, form, project, counts {new, open, fixed} and the fixed findings
    resubmissions: list[dict[str, Any]] = field(default_factory=list)
    # per form paired with an earlier year's: path, form, project, year, what it was paired with
    paired: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Batch:
    reports: list[FileReport]
    late: list[Finding]
    summary: Summary


Progress = Callable[[int, int], None]


def check_batch(spec: JobSpec, progress: Progress) -> Batch:
    """Check the batch as ``perflint check --history`` would (the same Session), keeping every file's
    report for the writers."""
    from ..api import Session
    from ..check_cmd import summary_of
    session = Session(spec.files, spec.cfg, keep_forms=True, history=spec.history or "", lang=spec.lang,
                      jobs=spec.workers or None)
    total = sum(len(g.targets) for g in session.groups)
    reports: list[FileReport] = []
    progress(0, total)

    def on_file(report: FileReport) -> None:
        reports.append(report)
        if report.encoding is not None or report.form_count or report.findings:
            progress(min(total, sum(1 for r in reports if r.path != "(cross-form rules)")), total)
    result = session.run(on_file)
    return Batch(reports, result.cross_form, summary_of(result))


def write_reports(batch: Batch, out: str, lang: str) -> None:
    """Every download of the batch, each by its own reporter over the same file reports."""
    for fmt, name in DOWNLOADS.items():
        path = os.path.join(out, name)
        with open(path, "w", encoding="utf-8", newline="") as stream, \
                contextlib.redirect_stderr(io.StringIO()):  # the xlsx writer tells file errors on stderr
            reporter = get_reporter(fmt, stream, lang)
            reporter.start()
            for report in batch.reports:
                reporter.file(report)
            reporter.finish(batch.late, batch.summary)


def outcome(batch: Batch) -> Outcome:
    from ..history.names import project_key, unit_key
    result = Outcome(batch.summary.to_dict())
    for report in batch.reports:
        result.errors.extend({**e, "path": e.get("path") or report.path} for e in report.errors)
        departments = {f.get("index"): f.get("department") for f in report.forms}
        for entry in report.pairings:
            base = {"path": report.path, "form": entry["form"], "project": entry["project"], "year": entry["year"],
                    "kind": entry["kind"], "project_key": project_key(entry["project"]),
                    "department_key": unit_key(departments.get(entry["form"]))}
            resub = entry.get("resubmission")
            if resub is not None:
                result.resubmissions.append({**base, "counts": resub["counts"], "fixed": resub["fixed"],
                                             "stored_id": resub.get("stored_id"), "recorded_at": resub.get("recorded_at")})
            others = [c for c in entry["counterparts"] if c.get("relation") != "earlier-version"]
            if others:
                result.paired.append({**base, "counterparts": others})
    return result


def run_job(spec: JobSpec, conn: Any) -> None:
    """The job process: check, write the reports, send (kind, payload) messages to the server, and delete
    the upload whatever happens (only the store keeps anything of the forms: their models and findings)."""
    from .limits import remove
    try:
        os.chdir(spec.folder)

        def progress(done: int, total: int) -> None:
            conn.send(("progress", (done, total)))
        batch = check_batch(spec, progress)
        os.chdir(spec.out)
        remove(spec.folder)  # read: the upload is gone before the reports are written
        conn.send(("writing", None))
        write_reports(batch, spec.out, spec.lang)
        conn.send(("done", outcome(batch)))
    except PerflintError as exc:
        conn.send(("failed", str(exc)))
    except Exception as exc:  # noqa: BLE001 - a bug of perflint: the batch fails, the server stays
        traceback.print_exc(file=sys.stderr)
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        with contextlib.suppress(OSError):
            os.chdir("/")
        remove(spec.folder)
        conn.close()


# --- stored forms (the history views) --------------------------------------------------------------------

def stored_report(path: str, form: Any, findings: list[Finding], pairings: list[dict[str, Any]], lang: str) -> str:
    """The HTML report of one stored form: the HTML reporter's own page, from the stored model and findings."""
    report = FileReport(path, None, [summarise(form)], findings, [], 1, pairings=pairings)
    summary = Summary(files=1, forms=1)
    summary.add(findings)
    stream = io.StringIO()
    reporter = get_reporter("html", stream, lang)
    reporter.start()
    reporter.file(report)
    reporter.finish([], summary)
    return stream.getvalue()
