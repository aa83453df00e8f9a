"""The rule base class and the registry of built-in and plugin rules."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from typing import Any, ClassVar, Iterable

from .finding import Problem, SEVERITIES
from .model import Form, Span

ENTRY_POINT_GROUP = "perflint.rules"


# an example of a rule's docstring: **Bad**:: or **Good**:: and the indented block under it
_EXAMPLE = re.compile(r"^\*\*(Bad|Good)\*\*::\n\n((?:[ \t]+\S.*\n|[ \t]*\n)+)", re.M)


class Rule:
    """A rule: stable ``code``, kebab-case ``name``, default ``severity``, an options schema and a check.

    The class docstring is the rule's documentation (what, why, source, a bad and a good example): it is
    what ``perflint rule NAME`` prints. ``check`` yields :class:`Problem` values; the engine stamps the
    code, name, severity and the message text from the catalogue.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    # the rule's title as a reviewer reads it, in Chinese (the default language) and in English
    title_zh: ClassVar[str] = ""
    title_en: ClassVar[str] = ""
    # the rule's documentation in Chinese, with the same sections as the (English) docstring
    doc_zh: ClassVar[str] = ""
    # what the rule rests on, as a reviewer cites it: "财预〔2021〕101号", "财预〔2020〕10号 附件2", or "" for
    # a heuristic (shown as 经验规则 / rule of thumb)
    basis: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    # old codes or names that keep selecting this rule after a rename
    aliases: ClassVar[tuple[str, ...]] = ()
    # which form kinds the rule looks at
    kinds: ClassVar[tuple[str, ...]] = ("target", "self_eval")
    # "binding" (a regulation says so) or "heuristic" (our judgement: a warning with thresholds)
    source: ClassVar[str] = "heuristic"
    # JSON Schema of the options object; defaults are taken from each property's "default"
    options_schema: ClassVar[dict[str, Any]] = {"type": "object", "properties": {}, "additionalProperties": False}
    # the family the rule belongs to: structure, funds, values, goals, self-eval, extraction
    group: ClassVar[str] = ""
    # plugins bring their own message templates: {"zh": {key: template}, "en": {...}}; built-in rules keep
    # theirs in the catalogues of perflint.data
    messages: ClassVar[dict[str, dict[str, str]]] = {}
    # -- one finding per problem (the engine applies these declarations; see perflint.engine) --
    # rules (codes or names) whose findings on the same indicator row this rule's finding replaces: they
    # would report the same cause a second time, in less exact terms
    supersedes: ClassVar[tuple[str, ...]] = ()
    # rules that share a slot give a form at most one finding between them, the most severe (reader notes)
    per_form: ClassVar[str] = ""
    # off by default: the rule runs only when select / extend-select names it by code, name or alias
    opt_in: ClassVar[bool] = False
    # the default severity of a lesser variant of the rule (variant -> severity); configuration still wins
    variant_severity: ClassVar[dict[str, str]] = {}

    @classmethod
    def title(cls, lang: str = "zh") -> str:
        """The rule's title in ``lang``, falling back to the other language and then to its name."""
        first, second = (cls.title_en, cls.title_zh) if lang == "en" else (cls.title_zh, cls.title_en)
        return first or second or cls.name

    def __init__(self, options: dict[str, Any] | None = None):
        self.options = {**self.default_options(), **(options or {})}

    @classmethod
    def default_options(cls) -> dict[str, Any]:
        props = cls.options_schema.get("properties", {})
        return {k: v["default"] for k, v in props.items() if "default" in v}

    @classmethod
    def summary(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0] if doc else ""

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""

    @classmethod
    def documentation_zh(cls) -> str:
        """The Chinese documentation: ``doc_zh``, and under 错误示例 / 正确示例 the docstring's **Bad** and
        **Good** examples when ``doc_zh`` does not write its own (form text reads the same in both
        languages, so it is written once); "" when the rule has no Chinese text."""
        doc = inspect.cleandoc(cls.doc_zh) if cls.doc_zh else ""
        if not doc or "**错误示例**" in doc:
            return doc
        examples = {m.group(1): m.group(2).rstrip() for m in _EXAMPLE.finditer(cls.documentation() + "\n")}
        for label, heading in (("Bad", "错误示例"), ("Good", "正确示例")):
            if label in examples:
                doc += f"\n\n**{heading}**::\n\n{examples[label]}"
        return doc

    def applies(self, form: Form) -> bool:
        return form.kind in self.kinds

    def check(self, form: Form) -> Iterable[Problem]:
        return ()

    def problem(self, span: Span, variant: str | None = None, indicator: str | None = None,
                suggest: bool = False, key: Any = None, **params: Any) -> Problem:
        return Problem(span, variant, params, indicator, suggest, key)


class CrossFormRule(Rule):
    """A rule that compares forms of one run. It keeps only a small digest per form, so a run over tens
    of thousands of forms streams; ``finish`` sees every digest at the end."""

    def check(self, form: Form) -> Iterable[Problem]:
        return ()

    def digest(self, form: Form) -> Any:
        return None

    def finish(self, digests: list[tuple[dict[str, Any], Any]]) -> Iterable[tuple[dict[str, Any], Problem]]:
        """``digests`` holds (form reference, digest); yield (form reference, problem)."""
        return ()


class ReviewRule(Rule):
    """A rule that reads what the other rules found in the same form (a resubmission's findings against
    the earlier version's, say). The engine runs it after them and hands it the form's findings, each
    already marked with its resubmission ``status`` where the form has an earlier version."""

    def review(self, form: Form, findings: list[Any]) -> Iterable[Problem]:
        return ()


class Registry:
    """All rules known to this run, by code, name and alias."""

    def __init__(self) -> None:
        self.rules: dict[str, type[Rule]] = {}      # code -> class
        self.by_name: dict[str, type[Rule]] = {}
        self.aliases: dict[str, type[Rule]] = {}
        self.plugin_errors: list[str] = []

    def add(self, cls: type[Rule]) -> None:
        if not cls.code or not cls.name:
            raise ValueError(f"rule {cls.__name__} has no code or name")
        for sev in (cls.severity, *cls.variant_severity.values()):
            if sev not in SEVERITIES:
                raise ValueError(f"rule {cls.code} has unknown severity {sev!r}")
        if cls.code in self.rules and self.rules[cls.code] is not cls:
            raise ValueError(f"rule code {cls.code} is used twice ({self.rules[cls.code].__name__}, {cls.__name__})")
        self.rules[cls.code] = cls
        self.by_name[cls.name] = cls
        for alias in cls.aliases:
            self.aliases[alias] = cls

    def get(self, key: str) -> type[Rule] | None:
        return self.rules.get(key) or self.by_name.get(key) or self.aliases.get(key)

    def all(self) -> list[type[Rule]]:
        return sorted(self.rules.values(), key=lambda c: c.code)

    def match(self, selector: str) -> list[type[Rule]]:
        """Rules a selector names: ``ALL``, a code, a code prefix (``PF1``), a name or an alias."""
        if selector.upper() == "ALL":
            return self.all()
        exact = self.get(selector)
        if exact is not None:
            return [exact]
        sel = selector.upper()
        return [c for c in self.all() if c.code.startswith(sel)]


def _rule_classes(module: Any) -> list[type[Rule]]:
    out = []
    for obj in vars(module).values():
        if inspect.isclass(obj) and issubclass(obj, Rule) and obj not in (Rule, CrossFormRule, ReviewRule) \
                and obj.__module__ == module.__name__ and obj.code:
            out.append(obj)
    return out


_REGISTRY: Registry | None = None


def registry(load_plugins: bool = True) -> Registry:
    """The registry of built-in rules (every module of ``perflint.rules``) and entry-point plugins."""
    global _REGISTRY
    if _REGISTRY is not None:
        return _REGISTRY
    reg = Registry()
    import perflint.rules as builtin
    for info in sorted(pkgutil.iter_modules(builtin.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{builtin.__name__}.{info.name}")
        for cls in _rule_classes(module):
            reg.add(cls)
    if load_plugins:
        _load_plugins(reg)
    _REGISTRY = reg
    return reg


def _plugins_installed() -> bool:
    """Whether any installed distribution declares perflint rules: a scan of entry_points.txt files that
    spares the common run (no plugin) the import of importlib.metadata, a tenth of the start-up floor."""
    import os
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder or ".", name, "entry_points.txt"), encoding="utf-8") as fh:
                        if ENTRY_POINT_GROUP in fh.read():
                            return True
                except OSError:
                    continue
    return False


def _load_plugins(reg: Registry) -> None:
    if not _plugins_installed():
        return
    from importlib.metadata import entry_points
    try:
        eps = entry_points(group=ENTRY_POINT_GROUP)
    except Exception as exc:  # a broken installation must not stop the run
        reg.plugin_errors.append(f"cannot list plugins: {exc}")
        return
    import contextlib
    for ep in eps:
        # each plugin in isolation: a broken one is reported and skipped, never fatal; what it prints while
        # it loads goes to stderr, never into a report on stdout
        try:
            with contextlib.redirect_stdout(sys.stderr):
                obj = ep.load()
            classes = [obj] if inspect.isclass(obj) else _rule_classes(obj)
            if not classes:
                raise ValueError("entry point names no Rule subclass")
            for cls in classes:
                reg.add(cls)
        except (Exception, SystemExit) as exc:
            why = f"called sys.exit({exc.code!r})" if isinstance(exc, SystemExit) else f"{type(exc).__name__}: {exc}"
            msg = f"perflint: plugin {ep.name!r} ({ep.value}) skipped: {why}"
            reg.plugin_errors.append(msg)
            print(msg, file=sys.stderr)


def options(**properties: dict[str, Any]) -> dict[str, Any]:
    """The options schema of a rule: an object of the given properties, nothing else allowed."""
    return {"type": "object", "additionalProperties": False, "properties": properties}


def words(default: list[str], description: str = "") -> dict[str, Any]:
    """The schema of a keyword-list option (names that mark cost, rates, satisfaction …)."""
    schema: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}, "default": default}
    if description:
        schema["description"] = description
    return schema
