"""SARIF 2.1.0 output for code-scanning services (GitHub, Azure DevOps), valid against the official OASIS
schema (tests/schemas/sarif-schema-2.1.0.json) and the subset the project documents
(schemas/sarif-2.1.0-subset.schema.json).

Rule descriptions and help are in the run's language; each rule and result carries its basis and whether
it binds in ``properties``. Paths are relative to ``%SRCROOT%``, the folder perflint ran in, which the log
names without writing down where that folder is on this machine.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..engine import FileReport
from ..finding import Finding
from . import rule_docs
from .base import Reporter, Summary, rule_meta
from .safe import json_text, page

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "perflintFindingHash/v1"
ROOT_DESCRIPTION = "The folder perflint ran in; relative artifact URIs resolve against it."


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
            return "file://" + quote(path.replace(os.sep, "/"), errors="surrogateescape")
    # a file name that did not decode keeps its bytes, percent-encoded
    return quote(path.replace(os.sep, "/"), safe="/", errors="surrogateescape")


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
        out.append(hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32])
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


def rule_descriptor(cls: type, lang: str = "zh") -> dict[str, Any]:
    doc = rule_docs.source(cls, lang)
    summary = rule_docs.summary(cls, lang) or cls.name
    title = cls.title(lang)
    props: dict[str, Any] = {"tags": [t for t in (cls.group, cls.source) if t], "title_zh": cls.title_zh,
                             "title_en": cls.title_en, "binding": cls.source == "binding"}
    if cls.basis:
        props["basis"] = cls.basis
    return {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": summary},
        "help": {"text": rule_docs.plain(doc, rule_docs.doc_lang(cls, lang)) if doc else summary,
                 "markdown": f"**{cls.code} {title}**\n\n{rule_docs.markdown(doc) if doc else summary}"},
        "defaultConfiguration": {"level": LEVELS[cls.severity]},
        "properties": props,
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
        descriptors = [rule_descriptor(cls, self.lang) for cls in rules]
        findings = sorted(self.findings + late_findings, key=Finding.sort_key)
        results = []
        for f, fp in zip(findings, fingerprints(findings)):
            if f.code not in index:  # a rule that vanished from the registry mid-run: describe it anyway
                index[f.code] = len(descriptors)
                descriptors.append({"id": f.code, "name": f.name, "shortDescription": {"text": f.name},
                                    "defaultConfiguration": {"level": LEVELS[f.severity]}})
            where = f" ({f.location})" if f.location else ""
            # the message is shown to people: bidi and control characters as markers; properties stay exact
            text = page(f.message + where + (f"\n{f.suggestion}" if f.suggestion else ""))
            meta = rule_meta(f.code, f.name)
            props = {k: v for k, v in (("form", f.form), ("project", f.project), ("indicator", f.indicator),
                                       ("suggestion", f.suggestion), ("source", f.source),
                                       ("location", f.location), ("accepted", f.accepted),
                                       ("title", meta.title(self.lang)),
                                       ("basis", meta.basis or None), ("binding", meta.binding)) if v is not None}
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
            text = self.error_text(e)
            note: dict[str, Any] = {"level": "error", "message": {"text": page(text)}}
            loc: dict[str, Any] = {"artifactLocation": artifact_location(e["path"])}
            if e.get("line"):
                loc["region"] = {"startLine": e["line"]}
            note["locations"] = [{"physicalLocation": loc}]
            notifications.append(note)
        driver = {"name": "perflint", "version": __version__, "semanticVersion": __version__, "rules": descriptors}
        uri = information_uri()
        if uri:
            driver["informationUri"] = uri
        doc = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": driver},
                "invocations": [{"executionSuccessful": not self.errors, "exitCode": summary.exit_code,
                                 "toolExecutionNotifications": notifications}],
                # no "uri": the folder's place on this machine is not the reader's business
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": ROOT_DESCRIPTION}}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }
        self.out.write(json_text(doc, indent=2))
        self.out.write("\n")
