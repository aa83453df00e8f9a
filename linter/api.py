"""The Python API — ``perflint.check(paths)`` and ``perflint.read(path)`` — which the command line uses too.

A check resolves each file's settings (its nearest configuration, the options on top), finds the files,
lints them with one linter per configuration, drops what the baseline holds, marks what reviewers accepted
and picks the exit code. It writes nothing: reports and baselines are the caller's (see perflint.output).
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .accepted import Finder
from .config import COMMAND_LINE, Config, Resolver, apply, from_table, locate, validate_options
from .discovery import Discovery, Excluded, Target, discover
from .engine import FileReport, Linter
from .errors import ConfigError
from .finding import Finding
from .model import Form

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class Report:
    """The outcome of a check."""

    files: list[FileReport] = field(default_factory=list)      # one per file read, in order
    findings: list[Finding] = field(default_factory=list)      # every finding reported, accepted ones included
    errors: list[dict[str, Any]] = field(default_factory=list)  # per-file errors: path, line, message, hint
    forms: int = 0
    checked: int = 0                                           # files read (also when not kept: streaming)
    exit_code: int = EXIT_CLEAN
    cross_form: list[Finding] = field(default_factory=list)    # findings comparing forms (also in findings)
    excluded: list[Excluded] = field(default_factory=list)     # files named but excluded by configuration
    baselined: list[Finding] = field(default_factory=list)     # findings the baseline held (not reported)

    @property
    def accepted(self) -> list[Finding]:
        return [f for f in self.findings if f.accepted]


class Forms(list):
    """The forms of one file (a list of :class:`~perflint.model.Form`), with the errors met reading it."""

    def __init__(self, forms: Iterable[Form], path: str, encoding: str | None, errors: list[dict[str, Any]]):
        super().__init__(forms)
        self.path, self.encoding, self.errors = path, encoding, errors


def read(path: str | os.PathLike[str], lang: str = "zh") -> Forms:
    """The forms of a file (text, PDF, Excel or Word); problems are in ``.errors`` (their words in ``lang``),
    never raised."""
    from .reader import read_path
    result = read_path(os.fspath(path), lang=lang)
    return Forms(result.forms, result.path, result.encoding, result.errors)


@dataclass
class _Group:
    """The files of one configuration, linted by one linter."""

    linter: Linter
    targets: list[Target] = field(default_factory=list)


def resolve(config: Any, options: dict[str, Any]) -> Resolver | Config:
    """What gives each file its settings: ``config`` as check() takes it, ``options`` on top."""
    return _settings(config, _overrides(options))


def _settings(config: Any, overrides: dict[str, Any]) -> Resolver | Config:
    if config is None:
        return Resolver(overrides)
    if isinstance(config, Config):
        return apply(config, overrides)
    if isinstance(config, dict):
        return apply(from_table(config, source=None, root=os.getcwd()), overrides)
    if isinstance(config, (str, os.PathLike)):
        return Resolver(overrides, config_path=os.fspath(config))
    raise TypeError(f"config must be None, a path, a dict or a Config, not {type(config).__name__}")


def _overrides(options: dict[str, Any]) -> dict[str, Any]:
    """Settings given as options: lists may be given as 'A,B' strings; values checked like the file's."""
    out = {}
    for name, value in options.items():
        if isinstance(value, str) and name in ("select", "ignore", "extend_select", "exclude"):
            value = [v.strip() for v in value.split(",") if v.strip()]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    validate_options(out)
    return out


class Session:
    """A check prepared: settings resolved, files found, rules chosen; :meth:`run` lints.

    ``keep_forms`` keeps each form's summary in the file reports (for reports that show the forms);
    ``comparison`` False leaves out the cross-year rows side by side of paired forms (for reports that do not
    show them: the counterparts and the resubmission tally stay).
    ``stream`` hands each file's report to ``on_file`` and keeps none of them: ``Report.files`` stays
    empty and ``Report.findings`` holds only the cross-form findings, so a run of any size holds only its
    cross-form digests (the command line streams; the library keeps everything).
    """

    def __init__(self, paths: Iterable[str | os.PathLike[str]], config: Any = None, *,
                 stdin_filename: str | None = None, baseline: str | None = None, exit_zero: bool = False,
                 keep_forms: bool = False, comparison: bool = True, previous: list[str] | None = None,
                 history: str | None = None, stream: bool = False, **options: Any):
        self.overrides = _overrides(options)
        self.settings = _settings(config, self.overrides)
        self.exit_zero, self.keep_forms, self.stream = exit_zero, keep_forms, stream
        self.discovery: Discovery = discover([os.fspath(p) for p in paths], self.settings, stdin_filename)
        first = self._settings_of(self.discovery.targets[0]) if self.discovery.targets else \
            self.settings.settings_for(os.path.join(os.getcwd(), "-"))
        # the language and the worker count are the run's: the option, else the first file's configuration
        self.lang: str = self.overrides.get("lang") or first.lang
        self.jobs: int = self.overrides.get("jobs") or first.jobs
        self.baseline = _load_baseline(baseline) if baseline else None
        self.acceptances = Finder()
        self.groups = self._group(self.discovery.targets)
        if not self.groups:   # nothing to check: the selection is still validated
            self._linter(first)
        # across time (perflint.history): earlier forms to pair with and the store — the options, else the
        # first file's configuration ("" for history: none)
        self.history = None
        if previous or first.previous or (history if history is not None else first.history):
            from .history.stage import HistoryRun  # only then: the store's libraries are an optional extra
            self.history = HistoryRun.open(first, previous, history, comparison=comparison,
                                           files=len(self.discovery.targets))
            for group in self.groups:
                group.linter.history = self.history.stage

    def _settings_of(self, target: Target) -> Config:
        return self.settings.settings_for(target.display if target.path == "-" else target.path)

    def _group(self, targets: list[Target]) -> list[_Group]:
        groups: dict[int, _Group] = {}
        for t in targets:
            cfg = self._settings_of(t)
            group = groups.get(id(cfg))
            if group is None:
                group = groups[id(cfg)] = _Group(self._linter(cfg))
            group.targets.append(t)
            self.acceptances.for_path(t.display)   # a broken perflint-accepted.toml fails before any file is read
        return list(groups.values())

    def _linter(self, cfg: Config) -> Linter:
        try:
            return Linter(dataclasses.replace(cfg, lang=self.lang), keep_forms=self.keep_forms)
        except ConfigError as exc:
            raise _placed(exc, cfg) from None

    def root_of(self, path: str) -> str | None:
        """The project root of ``path``: its configuration's folder, None when no configuration governs it."""
        cfg = self.settings.settings_for(path)
        return cfg.root if cfg.source else None

    def inputs(self) -> list[str]:
        """Every file the run reads: the forms, configurations, baseline and accepted findings."""
        out = [t.path for t in self.discovery.targets if t.path != "-"]
        out += [c.source for c in _configs(self.settings) if c.source]
        out += self.acceptances.sources() + ([self.baseline.path] if self.baseline else [])
        return out

    def run(self, on_file: Callable[[FileReport], None] | None = None) -> Report:
        """Lint every file; ``on_file`` gets each file's report as it is done (cross-form findings come last,
        in ``Report.cross_form``)."""
        found = [e.to_dict(self.lang) for e in self.discovery.errors]
        report = Report(errors=list(found), excluded=list(self.discovery.excluded))
        for err in found:
            if on_file:
                on_file(FileReport(err["path"], None, [], [], [err], 0))
        failed = False
        try:
            for group in self.groups:
                failed = self._run_group(group, report, on_file) or failed
            if self.history is not None:
                self.history.finish(report.forms)
        finally:
            if self.history is not None:
                self.history.close()
        report.findings = sorted([f for fr in report.files for f in fr.findings] + report.cross_form,
                                 key=Finding.sort_key)
        report.cross_form.sort(key=Finding.sort_key)
        report.exit_code = (EXIT_ERROR if report.errors else
                            EXIT_FINDINGS if failed and not self.exit_zero else EXIT_CLEAN)
        return report

    def _run_group(self, group: _Group, report: Report, on_file: Callable[[FileReport], None] | None) -> bool:
        """Lint one configuration's files; whether any finding fails the run."""
        from .runner import run
        failed = False
        digests: list[Any] = []
        linter = group.linter
        with contextlib.closing(run(group.targets, linter.cfg, self.jobs, self.keep_forms, linter)) as results:
            for fr in results:
                fr.findings = self._settle(fr.findings, report)
                failed = linter.fails(f for f in fr.findings if not f.accepted) or failed
                if not self.stream:
                    report.files.append(fr)
                report.checked += 1
                report.forms += fr.form_count
                report.errors.extend({**e, "path": e.get("path") or fr.path} for e in fr.errors)
                digests.extend(fr.digests)
                if self.history is not None:
                    self.history.record(fr)  # stored before it is reported: an interrupt loses nothing reported
                if on_file:
                    on_file(fr)
        late = self._settle(linter.finish(digests), report)
        for err in linter.late_errors:   # a cross-form rule that failed: no one file is at fault
            err = {**err, "path": "(cross-form rules)"}
            report.errors.append(err)
            if on_file:
                on_file(FileReport(err["path"], None, [], [], [err], 0))
        report.cross_form.extend(late)
        return linter.fails(f for f in late if not f.accepted) or failed

    def _settle(self, findings: list[Finding], report: Report) -> list[Finding]:
        """Mark what reviewers accepted; drop (into ``report.baselined``) what the baseline holds."""
        for f in findings:
            if f.accepted is None:
                f.accepted = self.acceptances.for_path(f.path).reason(f)
        if self.baseline is None:
            return findings
        fresh, known = self.baseline.new([f for f in findings if not f.accepted], self.root_of)
        report.baselined.extend(known)
        keep = {id(f) for f in fresh}
        return [f for f in findings if f.accepted or id(f) in keep]


def _load_baseline(path: str) -> Any:
    from .baseline import Baseline   # only for a run that has one
    return Baseline.load(path)


def _configs(settings: Resolver | Config) -> list[Config]:
    return settings.configs() if isinstance(settings, Resolver) else [settings]


def _placed(exc: ConfigError, cfg: Config) -> ConfigError:
    """A rule-selection error, pointed at where the setting came from: a file's line, or the command line."""
    top = (exc.key or "").split(".")[0]
    origin = cfg.origin(top)
    if origin == COMMAND_LINE:
        return ConfigError(exc.message, key=exc.key, source=f"command line (--{top})")
    return ConfigError(exc.message, key=exc.key, source=locate(exc.source, exc.key))


def check(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], config: Any = None,
          **options: Any) -> Report:
    """Check forms and return the :class:`Report`.

    ``paths``: files, folders, globs (or one of them). ``config``: None for each file's nearest configuration
    file, a path for one file, a dict shaped like ``[tool.perflint]``, or a :class:`~perflint.config.Config`.
    ``options``: settings that override the configuration (``select``, ``ignore``, ``extend_select``,
    ``fail_on``, ``lang``, ``template``, ``profile``, ``jobs``, …) and ``baseline`` (a baseline file),
    ``exit_zero``, ``stdin_filename``. Invalid settings raise :class:`~perflint.errors.ConfigError`.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return Session(paths, config, **options).run()


__all__ = ["Forms", "Report", "Session", "check", "read"]
