"""`perflint accept FILE:LINE RULE --reason …`: record a reviewer's acceptance of one finding."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import messages
from .accepted import FILE_NAME, Acceptance, append
from .discovery import printable
from .errors import ConfigError, PerflintError


def accept_finding(path: str, line: int, rule: str, reason: str, who: str | None, lang: str | None) -> str:
    """Accept the findings of ``rule`` on ``line`` of ``path``; returns the note to print."""
    from .api import Session
    from .engine import unknown_rule
    from .rule import registry
    if not reason.strip():
        raise PerflintError("--reason must say why the finding is accepted")
    reg = registry()
    cls = reg.get(rule) or reg.get(rule.upper())
    if cls is None:
        raise ConfigError(f"unknown rule {unknown_rule(reg, rule)}")
    session = Session([path], None, lang=lang)
    report = session.run()
    if report.errors:
        err = report.errors[0]
        raise PerflintError(f"{printable(err['path'])}: {err['message']}")
    lang = session.lang
    on_line = [f for f in report.findings if f.line == line]
    matches = [f for f in on_line if f.code == cls.code]
    say = lambda key, **p: messages.render(key, lang, p) or key  # noqa: E731
    if not matches:
        found = ", ".join(f"{f.code} {f.name}" for f in on_line)
        raise PerflintError(say("cli.accept-none", path=printable(path), line=line, rule=rule)
                            + ("; " + say("cli.accept-on-line", found=found) if found else ""))
    if any(not (f.project or "").strip() for f in matches):
        raise PerflintError(say("cli.accept-no-project", path=printable(path), line=line, code=cls.code))
    target = _accepted_file(session, path)
    notes = []
    for f in {(f.project.strip(), (f.indicator or "").strip() or None): f for f in matches}.values():
        what = f.project.strip() + (f" · {f.indicator}" if f.indicator else "")
        if f.accepted:
            notes.append(say("cli.accept-already", code=cls.code, what=what, path=printable(str(target))))
            continue
        append(target, Acceptance(f.project.strip(), cls.code, (f.indicator or "").strip() or None,
                                  reason.strip(), who, dt.date.today().isoformat()))
        notes.append(say("cli.accept-done", code=cls.code, what=what, path=printable(str(target))))
    return "\n".join("perflint: " + n for n in notes)


def _accepted_file(session, path: str) -> Path:
    """The nearest perflint-accepted.toml, else a new one at the project root (or beside the form)."""
    existing = session.acceptances.for_path(path).source
    if existing:
        return Path(existing)
    return Path(session.root_of(path) or os.path.dirname(os.path.abspath(path))) / FILE_NAME
