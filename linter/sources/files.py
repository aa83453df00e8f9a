"""Reading a file's bytes safely: regular files only, never more than the limit.

A FIFO named ``form.txt`` would block ``open()`` until a writer comes and a ``.txt`` link to ``/dev/zero``
would never end a ``read()``: the file is checked to be a regular file before it is opened, opened
non-blocking (a FIFO swapped in after the check still cannot hang), checked again on the open descriptor, and
read with ``read(limit + 1)``, so a file growing meanwhile is still refused rather than read whole.
"""
from __future__ import annotations

import os
import stat

from ..errors import InputError, LimitError, Text
from .limits import MB

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_KINDS = ((stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "char-device"), (stat.S_ISBLK, "block-device"),
          (stat.S_ISSOCK, "socket"))


def read_file(path: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them.

    Raises InputError (LimitError for a file over ``limit``) with what is wrong and what to do."""
    try:
        _check_regular(path, os.stat(path), limit)
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise _os_error(path, exc) from None
    try:
        _check_regular(path, os.fstat(fd), limit)
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            data = fh.read(limit + 1)
    except OSError as exc:
        raise _os_error(path, exc) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise too_large(path, len(data), limit)
    return data


def read_stream(stream, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of an open binary stream (stdin): enough to tell that it is too large."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def too_large(path: str, size: int, limit: int) -> LimitError:
    """``size`` is what was read: one byte over the limit says only that there is more."""
    shown = Text("input.size.more-than", {"size": _mb(limit)}) if size == limit + 1 else _mb(size)
    return LimitError(path, "input.too-large", "limits.file-mb", params={"size": shown, "most": _mb(limit)})


def _mb(size: int) -> Text:
    return Text("input.size.mb", {"n": size // MB}) if size >= MB else Text("input.size.bytes", {"n": size})


def _check_regular(path: str, st: os.stat_result, limit: int) -> None:
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(path, "input.is-folder")
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _KINDS if test(mode)), "other")
        raise InputError(path, "input.not-regular", params={"what": Text("input.special." + what)})
    if st.st_size > limit:
        raise too_large(path, st.st_size, limit)


def _os_error(path: str, exc: OSError) -> InputError:
    hint = "input.hint.permissions" if isinstance(exc, PermissionError) else "input.hint.check-path"
    return InputError(path, "input.cannot-read", hint=hint, params={"reason": exc.strerror or str(exc)})
