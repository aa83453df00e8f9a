"""SARIF 2.1.0 output for code-scanning services (GitHub, Azure DevOps), valid against the subset schema
in schemas/sarif-2.1.0-subset.schema.json."""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..engine import FileReport
from ..finding import Finding
from .base import Reporter, Summary

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "perflintFindingHash/v1"


def information_uri() -> str | None:
    """The project's Homepage (or first) URL from its metadata; SARIF makes it optional, so none is invented."""
    from importlib.metadata import PackageNotFoundError, metadata
    try:
        urls = metadata("perflint").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    pairs = [u.split(",", 1) for u in urls if "," in u]
    by_label = {label.strip().lower(): url.strip() for label, url in pairs}
    return by_label.get("homepage") or (pairs[0][1].strip() if pairs else None)


def artifact_uri(path: str) -> str:
    """A relative URI with forward slashes (percent-encoded) for a path under the current folder."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
        else:
            return "file://" + quote(path.replace(os.sep, "/"))
    return quote(path.replace(os.sep, "/"), safe="/")


def artifact_location(path: str) -> dict[str, str]:
    uri = artifact_uri(path)
    # relative URIs resolve against the folder perflint ran in; absolute ones stand alone
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "%SRCROOT%"}


def fingerprints(findings: list[Finding]) -> list[str]:
    """A stable hash per finding: its file, project, rule and indicator plus an occurrence index among
    findings sharing those — never the line, so an edit above a finding does not make it look new."""
    seen: Counter = Counter()
    out = []
    for f in findings:
        key = (f.path.replace(os.sep, "/"), f.project or "", f.code, f.indicator or "")
        n = seen[key]
        seen[key] += 1
        text = "\x1f".join((*key, str(n)))
        out.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])
    return out


def region(f: Finding) -> dict[str, int]:
    start_col = max(1, f.column)
    out = {"startLine": max(1, f.line), "startColumn": start_col}
    end_line = max(out["startLine"], f.end_line or f.line)
    out["endLine"] = end_line
    # SARIF's endColumn is exclusive, as ours is; a zero-width span means "the line": leave endColumn out
    if end_line != out["startLine"] or (f.end_column or 0) > start_col:
        out["endColumn"] = max(1, f.end_column)
    return out


def _markdown(doc: str) -> str:
    # docstrings end example headings with reStructuredText's "::"; indented blocks are code in both
    return re.sub(r"::$", ":", doc, flags=re.M)


def rule_descriptor(cls: type) -> dict[str, Any]:
    doc = cls.documentation()
    summary = cls.summary() or cls.name
    body = doc[len(summary):].strip() if doc.startswith(summary) else doc
    return {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": body.split("\n\n")[0] if body else summary},
        "help": {"text": doc or summary, "markdown": f"**{cls.code} {cls.name}**\n\n{_markdown(doc or summary)}"},
        "defaultConfiguration": {"level": LEVELS[cls.severity]},
        "properties": {"tags": [t for t in (cls.group, cls.source) if t]},
    }


class SarifReporter(Reporter):
    def start(self) -> None:
        self.findings: list[Finding] = []
        self.errors: list[dict[str, Any]] = []

    def file(self, report: FileReport) -> None:
        self.findings.extend(report.findings)
        self.errors.extend({**e, "path": e.get("path") or report.path} for e in report.errors)

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        from ..rule import registry
        rules = registry().all()
        index = {cls.code: i for i, cls in enumerate(rules)}
        descriptors = [rule_descriptor(cls) for cls in rules]
        findings = sorted(self.findings + late_findings, key=Finding.sort_key)
        results = []
        for f, fp in zip(findings, fingerprints(findings)):
            if f.code not in index:  # a rule that vanished from the registry mid-run: describe it anyway
                index[f.code] = len(descriptors)
                descriptors.append({"id": f.code, "name": f.name, "shortDescription": {"text": f.name},
                                    "defaultConfiguration": {"level": LEVELS[f.severity]}})
            where = f" ({f.location})" if f.location else ""
            text = f.message + where + (f"\n{f.suggestion}" if f.suggestion else "")
            props = {k: v for k, v in (("form", f.form), ("project", f.project), ("indicator", f.indicator),
                                       ("suggestion", f.suggestion), ("source", f.source),
                                       ("location", f.location), ("accepted", f.accepted)) if v is not None}
            results.append({
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": LEVELS[f.severity],
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact_location(f.path),
                    "region": region(f)}}],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
                "properties": props,
            })
        notifications = []
        for e in self.errors:
            note: dict[str, Any] = {"level": "error",
                                    "message": {"text": e["message"] + (f" ({e['hint']})" if e.get("hint") else "")}}
            loc: dict[str, Any] = {"artifactLocation": artifact_location(e["path"])}
            if e.get("line"):
                loc["region"] = {"startLine": e["line"]}
            note["locations"] = [{"physicalLocation": loc}]
            notifications.append(note)
        driver = {"name": "perflint", "version": __version__, "semanticVersion": __version__, "rules": descriptors}
        uri = information_uri()
        if uri:
            driver["informationUri"] = uri
        root = "file://" + quote(os.getcwd().replace(os.sep, "/").rstrip("/") + "/")
        doc = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": driver},
                "invocations": [{"executionSuccessful": not self.errors, "exitCode": summary.exit_code,
                                 "toolExecutionNotifications": notifications}],
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }
        json.dump(doc, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
