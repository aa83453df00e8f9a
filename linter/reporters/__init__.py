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


def get_reporter(fmt: str, out: IO[str], lang: str = "zh", color: bool = False, statistics: bool = False,
                 quiet: bool = False, sort: str = "file") -> Reporter:
    """The reporter of ``fmt``; ``sort`` orders the forms of the HTML and xlsx reports (``file`` or
    ``worst``: the lowest quality score first)."""
    module_name, cls_name = FORMATS[fmt].split(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    return cls(out=out, lang=lang, color=color, statistics=statistics, quiet=quiet, sort=sort)


__all__ = ["FORMATS", "Reporter", "Summary", "get_reporter"]
