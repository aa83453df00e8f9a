"""The engine: choose the rules of a run, run them over forms, stamp and filter their findings."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from . import messages
from .config import Config
from .errors import ConfigError
from .finding import Finding, Problem, SEVERITY_RANK
from .model import FileResult, Form
from .rule import CrossFormRule, Registry, Rule, registry


@dataclass
class FileReport:
    """One file's outcome: the forms read (as summaries), the findings, the per-file errors."""

    path: str
    encoding: str | None
    forms: list[dict[str, Any]]
    findings: list[Finding]
    errors: list[dict[str, Any]]
    form_count: int = 0
    digests: list[tuple[dict[str, Any], str, Any]] = field(default_factory=list)


def _selected(reg: Registry, cfg: Config) -> list[type[Rule]]:
    def expand(selectors: Iterable[str], key: str, opt_in: bool = False) -> set[str]:
        codes: set[str] = set()
        for sel in selectors:
            found = reg.match(sel)
            if not found:
                raise ConfigError(f"unknown rule or prefix {sel!r} (see `perflint rules`)", key=key, source=cfg.source)
            named = reg.get(sel) is not None
            # an opt-in rule runs only when named itself; ALL and prefixes choose the rules on by default
            codes.update(c.code for c in found if named or opt_in or not c.opt_in)
        return codes

    chosen = expand(cfg.select, "select") | expand(cfg.extend_select, "extend-select")
    chosen -= expand(cfg.ignore, "ignore", opt_in=True)
    return [reg.rules[c] for c in sorted(chosen)]


def build_rules(cfg: Config, reg: Registry | None = None) -> list[Rule]:
    """Instantiate the selected rules with their validated options."""
    reg = reg or registry()
    options_by_code: dict[str, dict[str, Any]] = {}
    for key, opts in cfg.rules.items():
        cls = reg.get(key)
        if cls is None:
            raise ConfigError(f"unknown rule {key!r} (see `perflint rules`)", key=f"rules.{key}", source=cfg.source)
        import jsonschema  # only when options are configured: it costs a tenth of a second to import
        validator = jsonschema.Draft202012Validator(cls.options_schema)
        for err in validator.iter_errors(opts):
            where = ".".join(str(p) for p in err.path)
            raise ConfigError(err.message, key=f"rules.{key}" + (f".{where}" if where else ""), source=cfg.source)
        options_by_code[cls.code] = opts
    for key, sev in cfg.severity.items():
        if reg.get(key) is None:
            raise ConfigError(f"unknown rule {key!r}", key=f"severity.{key}", source=cfg.source)
    for pattern, codes in cfg.per_file_ignores.items():
        for code in codes:
            if not reg.match(code):
                raise ConfigError(f"unknown rule or prefix {code!r}", key=f"per-file-ignores.{pattern}", source=cfg.source)
    from . import scoring
    if cfg.profile not in scoring.profiles():
        raise ConfigError(f"unknown scoring profile {cfg.profile!r}; known: {', '.join(scoring.profiles())}",
                          key="profile", source=cfg.source)
    rules = []
    for cls in _selected(reg, cfg):
        opts = dict(options_by_code.get(cls.code) or {})
        # the run's scoring profile reaches every rule that has a profile option, unless set per rule
        if "profile" in cls.options_schema.get("properties", {}):
            opts.setdefault("profile", cfg.profile)
        rules.append(cls(opts))
    return rules


class Linter:
    """Runs a fixed set of rules; cheap to build once per process and reuse for every file."""

    def __init__(self, cfg: Config, rules: list[Rule] | None = None, keep_forms: bool = False):
        self.cfg = cfg
        self.rules = rules if rules is not None else build_rules(cfg)
        self.keep_forms = keep_forms
        reg = registry()
        self._severity: dict[str, str] = {}
        for key, sev in cfg.severity.items():
            cls = reg.get(key)
            if cls is not None:
                self._severity[cls.code] = sev
        self._fail_rank = SEVERITY_RANK[cfg.fail_on]
        self._settle = OnePerProblem(self.rules, reg)

    def severity_of(self, rule: Rule, variant: str | None = None) -> str:
        """The configured severity of a rule, else its variant's default, else the rule's default."""
        return self._severity.get(rule.code) or rule.variant_severity.get(variant or "", rule.severity)

    def _ignored_codes(self, path: str) -> list[str]:
        rel = self.cfg.relative(path)
        out: list[str] = []
        for pattern, codes in self.cfg.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern):
                out.extend(codes)
        return out

    def stamp(self, rule: Rule, problem: Problem, form: Form | dict[str, Any], path: str) -> Finding:
        lang = self.cfg.lang
        key = rule.name + (f".{problem.variant}" if problem.variant else "")
        text = (messages.render(key, lang, problem.params) or _own(rule, key, lang, problem.params)
                or messages.render(rule.name, lang, problem.params) or _own(rule, rule.name, lang, problem.params)
                or rule.summary() or rule.name)
        suggestion = (messages.render(key + ".suggestion", lang, problem.params)
                      or _own(rule, key + ".suggestion", lang, problem.params)) if problem.suggest else None
        span = problem.span
        if isinstance(form, Form):
            index, project, source = form.index, form.project, form.source.get(span.line)
        else:
            index, project, source = form.get("index"), form.get("project"), form.get("source")
        end_line = span.end_line if span.end_line is not None else span.line
        end_col = span.end_column if span.end_column is not None else span.column
        return Finding(rule.code, rule.name, self.severity_of(rule, problem.variant), text, path, span.line, span.column,
                       end_line, end_col, index, project, problem.indicator, suggestion, source, key=problem.key)

    def lint_result(self, result: FileResult) -> FileReport:
        ignored = self._ignored_codes(result.path)
        reg = registry()
        skip = {c.code for sel in ignored for c in reg.match(sel)}
        findings: list[Finding] = []
        digests: list[tuple[dict[str, Any], str, Any]] = []
        template = self.cfg.template
        smap = getattr(result, "source_map", None)
        for form in result.forms:
            if template != "auto":
                form.template = template
            for rule in self.rules:
                if rule.code in skip or not rule.applies(form):
                    continue
                if isinstance(rule, CrossFormRule):
                    d = rule.digest(form)
                    if d is not None:
                        ref = form_ref(form, result.path)
                        if smap is not None:
                            ref["locations"] = {n: smap.locate(n, 1, self.cfg.lang) for n in form.source}
                        digests.append((ref, rule.code, d))
                    continue
                for problem in rule.check(form):
                    findings.append(self.stamp(rule, problem, form, result.path))
        findings = self._settle.file(findings)
        if smap is not None:
            for f in findings:
                f.location = smap.locate(f.line, f.column, self.cfg.lang)
        findings.sort(key=Finding.sort_key)
        forms = [summarise(f) for f in result.forms] if self.keep_forms else []
        return FileReport(result.path, result.encoding, forms, findings, result.errors,
                          len(result.forms), digests)

    def finish(self, digests: list[tuple[dict[str, Any], str, Any]]) -> list[Finding]:
        """Run the cross-form rules over the digests of the whole run."""
        out: list[Finding] = []
        for rule in self.rules:
            if not isinstance(rule, CrossFormRule):
                continue
            mine = [(ref, d) for ref, code, d in digests if code == rule.code]
            for ref, problem in rule.finish(mine):
                out.append(self.stamp(rule, problem, ref, ref["path"]))
                out[-1].location = (ref.get("locations") or {}).get(out[-1].line)
        out = self._settle.across(out, digests)
        out.sort(key=Finding.sort_key)
        return out

    def fails(self, findings: Iterable[Finding]) -> bool:
        return any(SEVERITY_RANK[f.severity] >= self._fail_rank for f in findings)


class OnePerProblem:
    """One finding per problem, as the rules declare it: a filter over stamped findings.

    On one form (``file``): a finding is dropped when another finding on the same indicator row (same line
    and indicator) comes from a rule that supersedes its rule (``Rule.supersedes``); among rules sharing a
    ``Rule.per_form`` slot the form keeps one finding, the most severe (then the first by line). Across
    forms (``across``): findings of one rule with the same ``key`` are one problem, kept once, on the latest
    form of the run.
    """

    def __init__(self, rules: list[Rule], reg: Registry):
        self.supersedes: dict[str, frozenset[str]] = {}
        self.slot: dict[str, str] = {}
        for rule in rules:
            codes = {cls.code for key in rule.supersedes for cls in [reg.get(key)] if cls is not None}
            if codes:
                self.supersedes[rule.code] = frozenset(codes)
            if rule.per_form:
                self.slot[rule.code] = rule.per_form

    def file(self, findings: list[Finding]) -> list[Finding]:
        """A file's findings, settled form by form."""
        if not self.supersedes and not self.slot:
            return findings
        by_form: dict[int | None, list[Finding]] = {}
        for f in findings:
            by_form.setdefault(f.form, []).append(f)
        return [f for group in by_form.values() for f in self.form(group)]

    @staticmethod
    def across(findings: list[Finding], digests: list[tuple[dict[str, Any], str, Any]]) -> list[Finding]:
        """Cross-form findings with the same rule and key reduced to the one on the latest form of the run."""
        order = {(ref["path"], ref["index"]): n for n, (ref, _, _) in enumerate(digests)}
        latest: dict[tuple[str, Any], Finding] = {}
        out = []
        for f in findings:
            if f.key is None:
                out.append(f)
                continue
            kept = latest.get((f.code, f.key))
            if kept is None or order.get((f.path, f.form), -1) >= order.get((kept.path, kept.form), -1):
                latest[(f.code, f.key)] = f
        return out + list(latest.values())

    def form(self, findings: list[Finding]) -> list[Finding]:
        """One form's findings: superseded ones dropped, one per slot."""
        if self.supersedes:
            rows: dict[tuple[int, str | None], set[str]] = {}
            for f in findings:
                rows.setdefault((f.line, f.indicator), set()).update(self.supersedes.get(f.code, ()))
            findings = [f for f in findings if f.code not in rows[(f.line, f.indicator)]]
        if self.slot:
            best: dict[str, Finding] = {}
            for f in findings:
                slot = self.slot.get(f.code)
                if slot and (slot not in best or _outranks(f, best[slot])):
                    best[slot] = f
            findings = [f for f in findings if f.code not in self.slot or best[self.slot[f.code]] is f]
        return findings


def _outranks(a: Finding, b: Finding) -> bool:
    return (-SEVERITY_RANK[a.severity], a.line, a.code) < (-SEVERITY_RANK[b.severity], b.line, b.code)


def _own(rule: Rule, key: str, lang: str, params: dict[str, Any]) -> str | None:
    """A message from the rule's own templates (plugins), in ``lang`` or else Chinese."""
    table = rule.messages.get(lang) or rule.messages.get("zh") or {}
    template = table.get(key)
    return template.format_map(messages._Safe(params)) if template else None


def form_ref(form: Form, path: str) -> dict[str, Any]:
    """What cross-form rules keep of a form: enough to place a finding, nothing more."""
    return {"path": path, "index": form.index, "project": form.project, "line": form.line,
            "source": form.source.get(form.line)}


def summarise(form: Form) -> dict[str, Any]:
    """The form as the reports show it: the model plus the quoted source lines of its indicators."""
    data = form.to_dict()
    data["path"] = form.path
    data["source_lines"] = {str(k): v for k, v in form.source.items()}
    return data
