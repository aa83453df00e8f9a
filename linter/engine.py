"""The engine: choose the rules of a run, run them over forms, stamp and filter their findings."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from . import messages
from .config import Config, did_you_mean
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


def unknown_rule(reg: Registry, key: str) -> str:
    """``'key'`` with the closest rule codes, names or aliases suggested: for messages about a rule not known."""
    return f"{key!r}{did_you_mean(key, [*reg.rules, *reg.by_name, *reg.aliases])}"


def _selected(reg: Registry, cfg: Config) -> list[type[Rule]]:
    def expand(selectors: Iterable[str], key: str) -> set[str]:
        codes: set[str] = set()
        for sel in selectors:
            found = reg.match(sel)
            if not found:
                raise ConfigError(f"unknown rule or prefix {unknown_rule(reg, sel)} (see `perflint rules`)", key=key,
                                  source=cfg.source)
            codes.update(c.code for c in found)
        return codes

    chosen = expand(cfg.select, "select") | expand(cfg.extend_select, "extend-select")
    chosen -= expand(cfg.ignore, "ignore")
    return [reg.rules[c] for c in sorted(chosen)]


def build_rules(cfg: Config, reg: Registry | None = None) -> list[Rule]:
    """Instantiate the selected rules with their validated options."""
    reg = reg or registry()
    options_by_code: dict[str, dict[str, Any]] = {}
    for key, opts in cfg.rules.items():
        cls = reg.get(key)
        if cls is None:
            raise ConfigError(f"unknown rule {unknown_rule(reg, key)} (see `perflint rules`)", key=f"rules.{key}",
                              source=cfg.source)
        import jsonschema  # only when options are configured: it costs a tenth of a second to import
        validator = jsonschema.Draft202012Validator(cls.options_schema)
        for err in validator.iter_errors(opts):
            where = ".".join(str(p) for p in err.path)
            raise ConfigError(err.message, key=f"rules.{key}" + (f".{where}" if where else ""), source=cfg.source)
        options_by_code[cls.code] = opts
    for key, sev in cfg.severity.items():
        if reg.get(key) is None:
            raise ConfigError(f"unknown rule {unknown_rule(reg, key)}", key=f"severity.{key}", source=cfg.source)
    for pattern, codes in cfg.per_file_ignores.items():
        for code in codes:
            if not reg.match(code):
                raise ConfigError(f"unknown rule or prefix {unknown_rule(reg, code)}",
                                  key=f"per-file-ignores.{pattern}", source=cfg.source)
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

    def severity_of(self, rule: Rule) -> str:
        return self._severity.get(rule.code, rule.severity)

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
        return Finding(rule.code, rule.name, self.severity_of(rule), text, path, span.line, span.column,
                       end_line, end_col, index, project, problem.indicator, suggestion, source)

    def lint_result(self, result: FileResult) -> FileReport:
        ignored = self.cfg.ignored_codes(result.path)
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
        out.sort(key=Finding.sort_key)
        return out

    def fails(self, findings: Iterable[Finding]) -> bool:
        return any(SEVERITY_RANK[f.severity] >= self._fail_rank for f in findings)


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
