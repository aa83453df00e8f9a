"""JUnit XML for CI dashboards: a test suite per file, a test case per form, a failure per finding at or
above warning (info findings go to the case's system-out), an error per file that could not be read."""
from __future__ import annotations

from typing import Any

from ..engine import FileReport
from ..finding import SEVERITY_RANK, Finding
from .base import Reporter, Summary, rule_meta
from .quality import group_by_form
from .safe import xml_text

FAIL_RANK = SEVERITY_RANK["warning"]


class JunitReporter(Reporter):
    # the project name of forms without findings comes from the form summaries
    needs_forms = True

    def start(self) -> None:
        self.files: list[tuple[str, list[dict[str, Any]], int]] = []
        self.findings: list[Finding] = []
        self.errors: dict[str, list[dict[str, Any]]] = {}

    def file(self, report: FileReport) -> None:
        # keep only what the XML shows, not the whole summaries with their source lines
        slim = [{"index": f.get("index"), "project": f.get("project")} for f in report.forms]
        self.files.append((report.path, slim, report.form_count))
        self.findings.extend(report.findings)
        if report.errors:
            self.errors.setdefault(report.path, []).extend(report.errors)

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        import xml.etree.ElementTree as ET

        entries = group_by_form(self.files, self.findings + late_findings)
        root = ET.Element("testsuites", name="perflint")
        suites: dict[str, ET.Element] = {}
        totals = {"tests": 0, "failures": 0, "errors": 0}

        def suite(path: str) -> ET.Element:
            if path not in suites:
                suites[path] = ET.SubElement(root, "testsuite", name=path, tests="0", failures="0",
                                             errors="0", skipped="0", time="0")
            return suites[path]

        def bump(el: ET.Element, key: str) -> None:
            el.set(key, str(int(el.get(key, "0")) + 1))
            totals[key] += 1

        for path, _forms, _count in self.files:
            suite(path)
        for entry in entries:
            s = suite(entry.path)
            number = entry.index + 1 if entry.index is not None else "-"
            name = self.t("report.form-heading", index=number, project=entry.project or self.t("report.unnamed"))
            case = ET.SubElement(s, "testcase", classname=entry.path, name=name, time="0")
            bump(s, "tests")
            notes = []
            failed = False
            for f in entry.findings:
                where = f"{f.path}:{f.line}:{f.column}" + (f" ({f.location})" if f.location else "")
                meta = rule_meta(f.code, f.name)
                about = (f"{where}: {f.code} {meta.title(self.lang)} [{self.severity_word(f.severity)}] "
                         f"{self.t('report.basis', basis=self.basis_text(meta))} · {self.binding_text(meta)}")
                body = "\n".join(x for x in (about, f.message, self.accepted_text(f) or None,
                                             f"> {f.source}" if f.source else None,
                                             f"{self.t('report.suggestion')}: {f.suggestion}" if f.suggestion
                                             else None) if x)
                if SEVERITY_RANK[f.severity] >= FAIL_RANK and not f.accepted:   # accepted: not a failure
                    el = ET.SubElement(case, "failure", message=f"{f.code} {f.message}", type=f.code)
                    el.text = body
                    failed = True
                else:
                    notes.append(body)
            if failed:
                bump(s, "failures")
            if notes:
                ET.SubElement(case, "system-out").text = "\n\n".join(notes)
        for path, errs in self.errors.items():
            s = suite(path)
            case = ET.SubElement(s, "testcase", classname=path, name=path, time="0")
            bump(s, "tests")
            for err in errs:
                where = f"{path}:{err['line']}" if err.get("line") else path
                el = ET.SubElement(case, "error", message=err["message"], type="input-error")
                el.text = f"{where}: {self.error_text(err)}"
            bump(s, "errors")
        for key, n in totals.items():
            root.set(key, str(n))
        ET.indent(root)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        # characters XML cannot hold (control characters PDF extraction leaves) are dropped, bidi shown
        self.out.write(xml_text(ET.tostring(root, encoding="unicode")))
        self.out.write("\n")
