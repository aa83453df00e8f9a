"""The engine: choose the rules of a run, run them over forms, stamp and filter their findings."""
from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from . import messages
from .config import Config, did_you_mean
from .errors import ConfigError, FileError, Text
from .finding import Finding, Problem, SEVERITY_RANK
from .model import FileResult, Form, Part, Span
from .rule import CrossFormRule, Registry, ReviewRule, Rule, registry


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
    # across time (perflint.history), when the run pairs forms: per form with counterparts what the reports
    # show of them; and when it keeps a store, the record of each form
    pairings: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    # findings held back on parts of forms the reader could not read reliably (see PF908)
    held_back: int = 0


def unknown_rule(reg: Registry, key: str) -> str:
    """``'key'`` with the closest rule codes, names or aliases suggested: for messages about a rule not known."""
    return f"{key!r}{did_you_mean(key, [*reg.rules, *reg.by_name, *reg.aliases])}"


def _selected(reg: Registry, cfg: Config) -> list[type[Rule]]:
    def expand(selectors: Iterable[str], key: str, opt_in: bool = False) -> set[str]:
        codes: set[str] = set()
        for sel in selectors:
            found = reg.match(sel)
            if not found:
                raise ConfigError(f"unknown rule or prefix {unknown_rule(reg, sel)} (see `perflint rules`)", key=key,
                                  source=cfg.source)
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
        rules.append(_start(cls, opts))
    return rules


def _start(cls: type[Rule], opts: dict[str, Any]) -> Rule:
    """A rule instance; a rule that cannot start (a plugin's bug) is a configuration error, not a traceback."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return cls(opts)
    except (Exception, SystemExit) as exc:
        raise ConfigError(f"rule {cls.code} ({cls.name}) cannot start: it {_what_failed(exc)}; "
                          f"leave it out with --ignore {cls.code}", key="select") from None


class Linter:
    """Runs a fixed set of rules; cheap to build once per process and reuse for every file."""

    def __init__(self, cfg: Config, rules: list[Rule] | None = None, keep_forms: bool = False,
                 history: Any = None):
        self.cfg = cfg
        self.rules = rules if rules is not None else build_rules(cfg)
        self.keep_forms = keep_forms
        # the history stage (perflint.history.stage.HistoryStage): pairing before the rules, resubmission
        # status after them; None when the run looks at no earlier forms
        self.history = history
        self._review_codes = frozenset(r.code for r in self.rules if isinstance(r, ReviewRule))
        reg = registry()
        self._severity: dict[str, str] = {}
        for key, sev in cfg.severity.items():
            cls = reg.get(key)
            if cls is not None:
                self._severity[cls.code] = sev
        self._fail_rank = SEVERITY_RANK[cfg.fail_on]
        self._held = 0      # findings held back on the file being linted (doubtful parts)
        self.late_errors: list[dict[str, Any]] = []
        self._settle = OnePerProblem(self.rules, reg)

    def severity_of(self, rule: Rule, variant: str | None = None) -> str:
        """The configured severity of a rule, else its variant's default, else the rule's default."""
        return self._severity.get(rule.code) or rule.variant_severity.get(variant or "", rule.severity)

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
        ignored = self.cfg.ignored_codes(result.path)
        reg = registry()
        skip = {c.code for sel in ignored for c in reg.match(sel)}
        findings: list[Finding] = []
        digests: list[tuple[dict[str, Any], str, Any]] = []
        smap = getattr(result, "source_map", None)
        guard = RuleGuard()
        self._held = 0
        history = self.history
        if history is not None:
            history.before(result)
        pairings = []
        with guard.redirected():
            for form in result.forms:
                if self.cfg.template != "auto":
                    form.template = self.cfg.template
                mine = self._lint_form(form, result.path, skip, digests, smap, guard)
                if history is not None:
                    summary = history.summary(form, mine)
                    if summary is not None:
                        pairings.append(summary)
                findings.extend(mine)
        findings = self._settle.file(findings)
        if smap is not None:
            for f in findings:
                f.location = smap.locate(f.line, f.column, self.cfg.lang)
        findings.sort(key=Finding.sort_key)
        forms = [summarise(f) for f in result.forms] if self.keep_forms else []
        records = history.records(result, findings) if history is not None else []
        errors = result.errors + guard.errors(self.cfg.lang)
        return FileReport(result.path, result.encoding, forms, findings, errors,
                          len(result.forms), digests, pairings, records, self._held)

    def _lint_form(self, form: Form, path: str, skip: set[str], digests: list, smap: Any,
                   guard: "RuleGuard") -> list[Finding]:
        """The findings of one form: its rules (each behind the guard), then (across time) the
        resubmission status and the rules that review the others' findings. Cross-form rules leave a
        digest for ``finish``."""
        out: list[Finding] = []
        reviews = []
        ref: dict[str, Any] | None = None     # one reference to the form, shared by its digests
        for rule in self.rules:
            if rule.code in skip:
                continue
            if isinstance(rule, ReviewRule):
                reviews.append(rule)
            elif isinstance(rule, CrossFormRule):
                if form.doubts and held_back(rule, form, None):
                    continue
                d = guard.call(rule, form, _digest, rule, form)
                if d is not None:
                    if ref is None:
                        ref = form_ref(form, path)
                        if smap is not None:
                            ref["locations"] = {n: smap.locate(n, 1, self.cfg.lang) for n in form.source}
                    digests.append((ref, rule.code, d))
            else:
                found = guard.findings(rule, form, self.stamp, path)
                if form.doubts:
                    kept = [f for f in found if not held_back(rule, form, f.line)]
                    self._held += len(found) - len(kept)
                    found = kept
                out.extend(found)
        if self.history is not None:
            self.history.after(form, out, self._review_codes)
        for rule in reviews:
            reviewed = guard.call(rule, form, self._review, rule, form, out, path)
            out.extend(reviewed or [])
        return out

    def _review(self, rule: ReviewRule, form: Form, findings: list[Finding], path: str) -> list[Finding]:
        if not rule.applies(form):
            return []
        return [self.stamp(rule, _checked(problem), form, path) for problem in rule.review(form, findings)]

    def finish(self, digests: list[tuple[dict[str, Any], str, Any]]) -> list[Finding]:
        """Run the cross-form rules over the digests of the whole run; a rule that fails here leaves its
        error in ``late_errors``."""
        out: list[Finding] = []
        guard = RuleGuard()
        with guard.redirected():
            for rule in self.rules:
                if isinstance(rule, CrossFormRule):
                    mine = [(ref, d) for ref, code, d in digests if code == rule.code]
                    out.extend(guard.late_findings(rule, mine, self.stamp))
        self.late_errors = guard.errors(self.cfg.lang)
        out = self._settle.across(out, digests)
        out.sort(key=Finding.sort_key)
        return out

    def fails(self, findings: Iterable[Finding]) -> bool:
        return any(SEVERITY_RANK[f.severity] >= self._fail_rank for f in findings)


# the rules that accuse, by the part of the form they read: where the reader could not read a form's table
# reliably, the rules about the table stay quiet on the whole form; others only on the lines it doubts
_TABLE_GROUPS = frozenset({"structure", "values", "self-eval", "history"})


def held_back(rule: Rule, form: Form, line: int | None) -> bool:
    """Whether a finding of ``rule`` on ``form`` (at ``line``) rests on a part the reader is unsure of."""
    if rule.group == "extraction":
        return False
    if rule.group in _TABLE_GROUPS and form.doubtful(Part.TABLE):
        return True
    return line is not None and any(d.covers(line) for d in form.doubts)


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


# --- the rule guard ---------------------------------------------------------------------------------------
# Whatever a rule does on a form (raise, call sys.exit, yield what is not a Problem, write to stdout) costs
# only its own findings on that form: it becomes one per-file error naming the rule, and the other rules
# and forms of the file are checked as usual. Built-in rules and plugins alike.

@dataclass
class _Failure:
    rule: Rule
    form: Form | None   # the last form it failed on
    line: int | None    # the first
    what: Text
    count: int = 1      # forms it failed on


class RuleGuard:
    """Calls a rule's methods for one file (or the end of a run) and keeps what went wrong, by rule."""

    def __init__(self) -> None:
        self._stdout = io.StringIO()
        self._failures: dict[str, _Failure] = {}

    @contextlib.contextmanager
    def redirected(self) -> Iterator[None]:
        """While rules run, stdout is a buffer: a print in a rule never reaches a report on stdout."""
        with contextlib.redirect_stdout(self._stdout):
            yield

    def call(self, rule: Rule, form: Form | None, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)``, or None when it failed (the failure is kept)."""
        try:
            result = fn(*args)
        except (Exception, SystemExit) as exc:  # KeyboardInterrupt and time limits go through
            self._fail(rule, form, _what_failed(exc))
            result = None
        if self._stdout.tell():
            self._said(rule, form)
        return result

    def findings(self, rule: Rule, form: Form, stamp: Callable[..., Finding], path: str) -> list[Finding]:
        """The rule's findings on the form (if it applies), stamped; those yielded before a failure are kept.
        The hot path of a run: the same as ``call`` written out, without a closure per rule and form."""
        out: list[Finding] = []
        try:
            if rule.applies(form):
                for problem in rule.check(form):
                    out.append(stamp(rule, _checked(problem), form, path))
        except (Exception, SystemExit) as exc:
            self._fail(rule, form, _what_failed(exc))
        if self._stdout.tell():
            self._said(rule, form)
        return out

    def late_findings(self, rule: CrossFormRule, digests: list[tuple[dict[str, Any], Any]],
                      stamp: Callable[..., Finding]) -> list[Finding]:
        """A cross-form rule's findings over the digests of the run."""
        out: list[Finding] = []

        def collect() -> None:
            for ref, problem in rule.finish(digests):
                finding = stamp(rule, _checked(problem), ref, ref["path"])
                finding.location = (ref.get("locations") or {}).get(finding.line)
                out.append(finding)
        self.call(rule, None, collect)
        return out

    def errors(self, lang: str = "zh") -> list[dict[str, Any]]:
        """One per-file error for each rule that failed, at the first form it failed on, in ``lang``."""
        out = []
        for f in self._failures.values():
            key = "input.rule-failed-more" if f.count > 1 else "input.rule-failed"
            error = FileError.keyed(key, f.line, "input.rule-failed.hint", code=f.rule.code, name=f.rule.name,
                                    what=f.what, more=f.count - 1)
            out.append({**error.to_dict(lang), "rule": f.rule.code})
        return out

    def _said(self, rule: Rule, form: Form | None) -> None:
        said = " ".join(self._stdout.getvalue().split())
        self._stdout.seek(0)
        self._stdout.truncate()
        self._fail(rule, form, Text("input.rule.stdout", {"said": repr(_short(said, 80))}))

    def _fail(self, rule: Rule, form: Form | None, what: Text) -> None:
        known = self._failures.get(rule.code)
        if known is None:
            self._failures[rule.code] = _Failure(rule, form, form.line if form is not None else None, what)
        elif form is not known.form:
            known.form = form
            known.count += 1


def _digest(rule: CrossFormRule, form: Form) -> Any:
    return rule.digest(form) if rule.applies(form) else None


class _NotAProblem(Exception):
    def __init__(self, what: Text):
        self.what = what
        super().__init__(what.render("en"))


def _checked(problem: Any) -> Problem:
    """The problem, if it is one the engine can place; else the rule is at fault."""
    if not isinstance(problem, Problem):
        raise _NotAProblem(Text("input.rule.not-a-problem",
                                {"type": type(problem).__name__, "value": _short(repr(problem), 60)}))
    span = problem.span
    if not (isinstance(span, Span) and type(span.line) is int and type(span.column) is int
            and all(v is None or type(v) is int for v in (span.end_line, span.end_column))
            and all(v is None or isinstance(v, str) for v in (problem.variant, problem.indicator))
            and isinstance(problem.params, dict)):
        raise _NotAProblem(Text("input.rule.unplaceable", {"value": _short(repr(problem), 100)}))
    return problem


def _what_failed(exc: BaseException) -> Text:
    if isinstance(exc, _NotAProblem):
        return exc.what
    if isinstance(exc, SystemExit):
        return Text("input.rule.exit", {"code": repr(exc.code)})
    import traceback
    where = traceback.extract_tb(exc.__traceback__)[-1:]
    error = f"{type(exc).__name__}: {_short(str(exc), 160)}"
    if not where:
        return Text("input.rule.raised", {"error": error})
    at = f"{'/'.join(where[0].filename.replace(os.sep, '/').split('/')[-2:])}:{where[0].lineno}"
    return Text("input.rule.raised-at", {"error": error, "where": at})


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
