"""Output formats for findings: each reporter consumes the run as a stream of file reports."""
from __future__ import annotations

import importlib
from typing import IO

from .base import Reporter, Summary

# format name -> module:class; loaded only when chosen, so a plain run never imports the report machinery
FORMATS = {
    "text": "perflint.reporters.text:TextReporter",
    "json": "perflint.reporters.json_report:JsonReporter",
    "sarif": "perflint.reporters.sarif:SarifReporter",
    "github": "perflint.reporters.github:GithubReporter",
    "junit": "perflint.reporters.junit:JunitReporter",
    "csv": "perflint.reporters.csv_report:CsvReporter",
    "html": "perflint.reporters.html:HtmlReporter",
    "xlsx": "perflint.reporters.xlsx:XlsxReporter",
}
# the format a report file's name asks for when --format is not given (``-o report.xlsx``)
BY_SUFFIX = {".json": "json", ".sarif": "sarif", ".xml": "junit", ".csv": "csv", ".html": "html", ".htm": "html",
             ".xlsx": "xlsx"}


def format_for(fmt: str | None, output: str | None) -> str:
    """``fmt`` when given, else the format the output file's suffix names, else text."""
    if fmt:
        return fmt
    import os
    suffix = os.path.splitext(output or "")[1].lower()
    return BY_SUFFIX.get(suffix, "text") if output and output != "-" else "text"


def get_reporter(fmt: str, out: IO[str], lang: str = "zh", color: bool = False, statistics: bool = False,
                 quiet: bool = False, sort: str = "file") -> Reporter:
    """The reporter of ``fmt``; ``sort`` orders the forms of the HTML and xlsx reports (``file`` or
    ``worst``: the lowest quality score first)."""
    module_name, cls_name = FORMATS[fmt].split(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    return cls(out=out, lang=lang, color=color, statistics=statistics, quiet=quiet, sort=sort)


__all__ = ["FORMATS", "Reporter", "Summary", "format_for", "get_reporter"]
