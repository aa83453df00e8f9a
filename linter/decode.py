"""Turn the bytes of a file into text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""
from __future__ import annotations

import codecs

from .errors import InputError

# a file larger than this is refused rather than read whole (province-wide batches are many files): one file
# is read by one process and held in memory at about 20× its size, and reads at about 0.4 MB per CPU-second,
# so 16 MB (some 9,000 forms) is a minute and a few hundred MB at most; a 50 MB file would be minutes and GBs.
# The default of limits.file-mb (perflint.sources.limits), which sets it per run.
MAX_BYTES = 16 * 1024 * 1024


def decode(data: bytes, path: str, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError with what is wrong and what to do."""
    if not data.strip():
        raise InputError(path, "input.empty", hint="input.empty.hint-text")
    if len(data) > max_bytes:
        from .sources.files import too_large
        raise too_large(path, len(data), max_bytes)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", path), "utf-16"
    if b"\x00" in data[:4096]:
        raise InputError(path, "input.binary-nul")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, "input.undecodable", line=line, hint="input.hint.save-utf8",
                         params={"byte": exc.start}) from None
    if _looks_binary(text):
        raise InputError(path, "input.binary")
    return text, "gb18030"


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, "input.invalid-encoding", hint="input.hint.save-utf8",
                         params={"encoding": encoding, "byte": exc.start}) from None


def _looks_binary(text: str) -> bool:
    """GB18030 decodes almost any byte string; real text has few control characters."""
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls / len(sample) > 0.01
