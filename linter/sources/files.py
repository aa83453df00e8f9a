"""Reading a file's bytes safely: regular files only, never more than the limit.

A FIFO named ``form.txt`` would block ``open()`` until a writer comes and a ``.txt`` link to ``/dev/zero``
would never end a ``read()``: the file is checked to be a regular file before it is opened, opened
non-blocking (a FIFO swapped in after the check still cannot hang), checked again on the open descriptor, and
read with ``read(limit + 1)``, so a file growing meanwhile is still refused rather than read whole.
"""
from __future__ import annotations

import os
import stat

from ..errors import InputError, LimitError
from .limits import MB

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


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
    shown = f"more than {_mb(limit)}" if size == limit + 1 else _mb(size)
    return LimitError(path, f"file too large ({shown})", "limits.file-mb",
                      hint=f"split it into files under {_mb(limit)}, or raise limits.file-mb in "
                           "[tool.perflint.limits]")


def _mb(size: int) -> str:
    return f"{size // MB} MB" if size >= MB else f"{size:,} bytes"


def _check_regular(path: str, st: os.stat_result, limit: int) -> None:
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a folder", hint="give files, or let perflint check walk the folder")
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise InputError(path, f"not a regular file: {what}", hint="perflint reads only regular files; "
                         "copy the form into a file")
    if st.st_size > limit:
        raise too_large(path, st.st_size, limit)


def _os_error(path: str, exc: OSError) -> InputError:
    hint = "check the file's permissions" if isinstance(exc, PermissionError) else "check the path"
    return InputError(path, f"cannot read: {exc.strerror or exc}", hint=hint)
