"""The project's own error types: everything perflint raises on bad input is one of these."""
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from . import messages


class PerflintError(Exception):
    """Base of every error perflint raises on purpose."""


class ValueParseError(PerflintError):
    """A target value could not be read; ``label`` names the kind of problem."""

    def __init__(self, text: str, label: str = "unparsable", detail: str = ""):
        self.text, self.label, self.detail = text, label, detail
        super().__init__(f"{label}: {text!r}{' (' + detail + ')' if detail else ''}")


@dataclass(frozen=True, slots=True)
class Text:
    """Words for a person, by catalogue key (``input.not-found``) and parameters, rendered in the run's language
    once it is known. A parameter may itself be a Text (the name of a format). A key that no catalogue holds is
    shown as it is: a plugin's own message, the text of an exception."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def render(self, lang: str) -> str:
        params = {k: _EDGE + v.render(lang) + _EDGE if isinstance(v, Text) else v for k, v in self.params.items()}
        out = messages.render(self.key, lang, params, default=self.key) or self.key
        return _spaced(out) if lang == "zh" else out.replace(_EDGE, "")


# where an inner Text meets the words around it: in Chinese a Latin word is set off from Chinese by a space
# ("该 .txt 文件是 PNG 图片"), whichever the inner Text is
_EDGE = "\x00"
_CJK_THEN_LATIN = r"(?<=[\u4e00-\u9fff])\x00(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])\x00(?=[\u4e00-\u9fff])"


def _spaced(rendered: str) -> str:
    if _EDGE not in rendered:
        return rendered
    # compiled on first use (re caches it): a clean run renders no error and should not pay for it at start-up
    return re.sub(_CJK_THEN_LATIN, " ", rendered).replace(_EDGE, "")


def text(message: str | Text, params: Mapping[str, Any] | None = None) -> Text:
    return message if isinstance(message, Text) else Text(message, params or {})


def _hint(hint: str | Text | None, message: Text) -> Text | None:
    """The hint given, else the message's own (``<key>.hint`` in the catalogues) if it has one."""
    if hint is not None:
        return text(hint, message.params) if hint else None
    key = message.key + ".hint"
    return Text(key, message.params) if key in messages.catalogue("en") else None


class InputError(PerflintError):
    """A file could not be read (missing, unreadable, binary, undecodable, not a form).

    ``message`` is a catalogue key (``input.…``) filled with ``params``, or a Text; its hint is ``hint``, else
    the key's own ``<key>.hint``. A plugin may give plain words instead of keys: they are shown as they are."""

    def __init__(self, path: str, message: str | Text, line: int | None = None, hint: str | Text | None = None,
                 *, params: Mapping[str, Any] | None = None):
        self.path, self.line = path, line
        self.message = text(message, params)
        self.hint = _hint(hint, self.message)
        where = f"{path}:{line}" if line else path
        english = self.message.render("en")
        super().__init__(f"{where}: {english}" + (f" ({self.hint.render('en')})" if self.hint else ""))


class ConfigError(PerflintError):
    """The configuration is invalid; ``key`` names the offending key."""

    def __init__(self, message: str, key: str | None = None, source: str | None = None):
        self.message, self.key, self.source = message, key, source
        prefix = f"{source}: " if source else ""
        keypart = f"[{key}] " if key else ""
        super().__init__(f"{prefix}{keypart}{message}")


class LimitError(InputError):
    """A file goes over one of the reading limits; ``limit`` is its key in ``[tool.perflint.limits]``."""

    def __init__(self, path: str, message: str | Text, limit: str, hint: str | Text | None = None,
                 *, params: Mapping[str, Any] | None = None):
        what = text(message, params)
        super().__init__(path, Text("input.limit", {"what": what, "limit": limit}),
                         hint=_hint(hint, what) or Text("input.limit.hint", {"limit": limit}))
        self.limit = limit


@dataclass(slots=True)
class FileError:
    """A problem that kept (part of) a file from being read: what, what to do, and where when known
    (``path`` for a problem found before any file was read: a path that does not exist)."""

    message: Text
    hint: Text | None = None
    line: int | None = None
    location: str | None = None
    path: str | None = None

    @classmethod
    def of(cls, exc: InputError) -> "FileError":
        return cls(exc.message, exc.hint, exc.line)

    @classmethod
    def keyed(cls, key: str, line: int | None = None, hint: str | Text | None = None, **params: Any) -> "FileError":
        """The error of catalogue key ``key`` with ``params``; its hint ``hint``, else the key's own."""
        message = Text(key, params)
        return cls(message, _hint(hint, message), line)

    def to_dict(self, lang: str = "zh") -> dict:
        """The error as reports take it, its words in ``lang``."""
        out = {"line": self.line, "message": self.message.render(lang),
               "hint": self.hint.render(lang) if self.hint else None}
        if self.path is not None:
            out = {"path": self.path, **out}
        if self.location:
            out["location"] = self.location
        return out
