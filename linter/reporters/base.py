"""The reporter interface, the run summary every format shares and what reports say about each rule."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any, Callable

from .. import messages
from ..engine import FileReport
from ..finding import SEVERITIES, Finding

# the family of rules that say how a form was read, not what is wrong with it
READER_GROUP = "extraction"


@dataclass(frozen=True)
class RuleMeta:
    """What a report shows of a rule next to each of its findings."""

    code: str
    name: str
    title_zh: str
    title_en: str
    basis: str          # the regulation cited, "" for a rule of thumb
    binding: bool       # a regulation requires it (约束性), or our judgement (参考性)
    group: str

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh

    @property
    def note(self) -> bool:
        """A reader note: the extraction family's "read this form by hand", not a defect of the form. A
        binding rule of that family (no indicator table at all) is a defect."""
        return self.group == READER_GROUP and not self.binding


@lru_cache(maxsize=None)
def rule_meta(code: str, name: str = "") -> RuleMeta:
    """The metadata of the rule ``code`` from the registry; a rule it does not know shows its name."""
    from ..rule import registry
    cls = registry().get(code)
    if cls is None:
        return RuleMeta(code, name, name or code, name or code, "", False, "")
    return RuleMeta(cls.code, cls.name, cls.title("zh"), cls.title("en"), cls.basis, cls.source == "binding",
                    cls.group)


def is_note(f: Finding) -> bool:
    return rule_meta(f.code, f.name).note


def finding_record(f: Finding, lang: str) -> dict[str, Any]:
    """A finding with what reviewers read about its rule: title, family, basis and whether it binds."""
    meta = rule_meta(f.code, f.name)
    return {**f.to_dict(), "title": meta.title(lang), "group": meta.group or None, "basis": meta.basis or None,
            "binding": meta.binding}


def _zero() -> Counter:
    return Counter({s: 0 for s in SEVERITIES})


@dataclass
class Summary:
    files: int = 0
    forms: int = 0
    findings: int = 0
    by_severity: Counter = field(default_factory=_zero)
    by_rule: Counter = field(default_factory=Counter)
    file_errors: int = 0
    exit_code: int = 0
    # the findings split as reviewers read them: defects by severity, and reader notes
    defects: Counter = field(default_factory=_zero)
    notes: int = 0
    # findings a reviewer accepted (perflint-accepted.toml): shown, counted, not failing the run
    accepted: int = 0

    def add(self, findings: list[Finding]) -> None:
        for f in findings:
            self.findings += 1
            self.by_severity[f.severity] += 1
            self.by_rule[f.code] += 1
            if is_note(f):
                self.notes += 1
            else:
                self.defects[f.severity] += 1
            if f.accepted:
                self.accepted += 1

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "forms": self.forms, "findings": self.findings,
                "by_severity": {k: self.by_severity.get(k, 0) for k in SEVERITIES},
                "by_rule": dict(sorted(self.by_rule.items())), "file_errors": self.file_errors,
                "exit_code": self.exit_code}


class Reporter:
    """Receives each file's report in order, then the cross-form findings and the summary."""

    # reporters that show form contents (HTML, xlsx) ask the engine to keep form summaries
    needs_forms = False
    # reporters that show the cross-year rows side by side (JSON, HTML, xlsx) ask the history stage for them
    shows_comparison = False

    def __init__(self, out: IO[str], lang: str = "zh", color: bool = False, statistics: bool = False,
                 quiet: bool = False, sort: str = "file"):
        self.out, self.lang, self.color, self.statistics, self.quiet = out, lang, color, statistics, quiet
        # the order of forms in reports that list them (HTML, xlsx): file order, or the worst score first
        self.sort = sort

    def t(self, key: str, **params: Any) -> str:
        return messages.render(key, self.lang, params) or key

    def error_text(self, err: dict[str, Any], clean: Callable[[Any], str] = str) -> str:
        """A file's error as one line: its message, then its hint in the brackets of the run's language."""
        return messages.error_line(err, self.lang, clean)

    def severity_word(self, severity: str) -> str:
        return self.t(f"report.severity.{severity}")

    def basis_text(self, meta: RuleMeta) -> str:
        """``财预〔2021〕101号`` or ``经验规则`` (rule of thumb)."""
        return meta.basis or self.t("report.basis.none")

    def accepted_text(self, f: Finding) -> str:
        """``已接受：reason`` for a finding a reviewer accepted, else ""."""
        return self.t("report.accepted-reason", reason=f.accepted) if f.accepted else ""

    def binding_text(self, meta: RuleMeta) -> str:
        """``约束性`` (binding) or ``参考性`` (advisory)."""
        return self.t("report.binding.yes" if meta.binding else "report.binding.no")

    def start(self) -> None:
        pass

    def file(self, report: FileReport) -> None:
        raise NotImplementedError

    def finish(self, late_findings: list[Finding], summary: Summary) -> None:
        raise NotImplementedError
