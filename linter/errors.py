"""The project's own error types: everything perflint raises on bad input is one of these."""
from dataclasses import dataclass


class PerflintError(Exception):
    """Base of every error perflint raises on purpose."""


class ValueParseError(PerflintError):
    """A target value could not be read; ``label`` names the kind of problem."""

    def __init__(self, text: str, label: str = "unparsable", detail: str = ""):
        self.text, self.label, self.detail = text, label, detail
        super().__init__(f"{label}: {text!r}{' (' + detail + ')' if detail else ''}")


class InputError(PerflintError):
    """A file could not be read (missing, unreadable, binary, undecodable, not a form)."""

    def __init__(self, path: str, message: str, line: int | None = None, hint: str = ""):
        self.path, self.message, self.line, self.hint = path, message, line, hint
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}" + (f" ({hint})" if hint else ""))


class ConfigError(PerflintError):
    """The configuration is invalid; ``key`` names the offending key."""

    def __init__(self, message: str, key: str | None = None, source: str | None = None):
        self.message, self.key, self.source = message, key, source
        prefix = f"{source}: " if source else ""
        keypart = f"[{key}] " if key else ""
        super().__init__(f"{prefix}{keypart}{message}")


class LimitError(InputError):
    """A file goes over one of the reading limits; ``limit`` is its key in ``[tool.perflint.limits]``."""

    def __init__(self, path: str, message: str, limit: str, hint: str = ""):
        super().__init__(path, f"{message} (limit {limit})", hint=hint or (
            f"if the file is genuine, raise {limit} in [tool.perflint.limits]"))
        self.limit = limit


@dataclass(slots=True)
class FileError:
    """A problem that kept (part of) a file from being read: what, what to do, and where when known."""

    message: str
    hint: str = ""
    line: int | None = None
    location: str | None = None

    @classmethod
    def of(cls, exc: InputError) -> "FileError":
        return cls(exc.message, exc.hint, exc.line)

    def to_dict(self) -> dict:
        out = {"line": self.line, "message": self.message, "hint": self.hint or None}
        if self.location:
            out["location"] = self.location
        return out
