"""Writing reports and baselines so that nothing is lost.

A file is written to a temporary file in its own folder, flushed to disk, then renamed over the target in one
step (``os.replace``): an interrupt, an error or a full disk leaves the previous file whole and no temporary
file behind, and of two runs writing one file, one complete report wins. The rename replaces a symlink planted
at the target instead of writing through it. Paths that would destroy an input are refused before anything is
read; a character device or FIFO (``/dev/null``, a pipe) is written directly; ``-`` is standard output.
"""
from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from typing import IO, Iterable, Iterator

from .errors import PerflintError

# errors of writing out a file, as opposed to the many other ways an OSError may surface
WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.EACCES, errno.EPERM}


class OutputError(PerflintError):
    """A report or baseline cannot be written where asked (an environment error: exit 2)."""


def _explain(exc: OSError) -> str:
    reasons = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "disk quota exceeded",
               errno.EROFS: "the folder is on a read-only file system", errno.EACCES: "permission denied",
               errno.EPERM: "permission denied", errno.ENOENT: "the folder does not exist",
               errno.ENOTDIR: "a part of the path is not a folder", errno.EISDIR: "it is a folder",
               errno.ENAMETOOLONG: "the name is too long"}
    return reasons.get(exc.errno or 0) or exc.strerror or str(exc)


def _fail(what: str, path: str, reason: str) -> OutputError:
    from .discovery import printable
    return OutputError(f"cannot write {what} {printable(path)}: {reason}")


def refuse_unsafe(path: str, what: str, inputs: Iterable[str], folders: Iterable[str],
                  suffixes: tuple[str, ...]) -> None:
    """Refuse an output path that is one of the inputs (any name of it: symlink, hard link), that lies in a
    checked folder with a form's suffix (the next run would read the report as a form), that is a folder,
    or whose folder does not exist — before anything is read or written."""
    if path == "-":
        return
    from .discovery import printable
    if os.path.isdir(path):
        raise _fail(what, path, "it is a folder")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise _fail(what, path, f"the folder {printable(parent)} does not exist")
    if os.path.exists(path):
        target = os.stat(path)
        if stat.S_ISBLK(target.st_mode) or stat.S_ISSOCK(target.st_mode):
            raise _fail(what, path, "it is a device or socket, not a file")
        ident = (target.st_dev, target.st_ino)
        for name in inputs:
            try:
                st = os.stat(name)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == ident:
                raise OutputError(f"refusing to write {what} over {printable(name)}: it is one of the inputs "
                                  f"(choose another file name)")
    if path.lower().endswith(suffixes):
        real = os.path.realpath(path)
        for folder in folders:
            root = os.path.realpath(folder)
            if os.path.commonpath([root, real]) == root:
                raise OutputError(f"refusing to write {what} {printable(path)} inside the checked folder "
                                  f"{printable(folder)}: the next run would read it as a form (write it elsewhere)")


def _direct(path: str) -> bool:
    """A character device or FIFO is written as it is: there is nothing to replace atomically."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


@contextlib.contextmanager
def atomic_open(path: str, what: str = "the report") -> Iterator[IO[str]]:
    """A text stream (UTF-8, newlines as written; ``.buffer`` for binary formats) whose content replaces
    ``path`` when the block ends without an exception, and is thrown away otherwise."""
    if _direct(path):
        with _direct_open(path, what) as fh:
            yield fh
        return
    folder = os.path.dirname(os.path.abspath(path))
    tmp, fd = _create_temp(folder, os.path.basename(path), what, path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _keep_mode(path, tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS | {errno.ENOENT, errno.EISDIR, errno.ENOTDIR}:
            raise _fail(what, path, _explain(exc)) from None
        raise
    _sync_folder(folder)


def _create_temp(folder: str, name: str, what: str, path: str) -> tuple[str, int]:
    """A new file beside the target, created exclusively (never through a planted symlink), mode 0666 less
    the umask like any file the user writes."""
    for _ in range(100):
        tmp = os.path.join(folder, f".{name[:80]}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _fail(what, path, _explain(exc)) from None
    raise _fail(what, path, "cannot create a temporary file beside it")


def _keep_mode(path: str, tmp: str) -> None:
    """A report written again keeps the permissions it had (the symlink itself is replaced, not followed)."""
    try:
        st = os.lstat(path)
    except OSError:
        return
    if stat.S_ISREG(st.st_mode):
        with contextlib.suppress(OSError):
            os.chmod(tmp, stat.S_IMODE(st.st_mode))


def _sync_folder(folder: str) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _direct_open(path: str, what: str) -> Iterator[IO[str]]:
    try:
        fh = open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise _fail(what, path, _explain(exc)) from None
    try:
        with fh:
            yield fh
            fh.flush()
    except OSError as exc:
        if exc.errno in WRITE_ERRNOS:
            raise _fail(what, path, _explain(exc)) from None
        raise


@contextlib.contextmanager
def open_report(path: str | None) -> Iterator[IO[str]]:
    """Where a report goes: standard output for None or ``-``, else ``path`` written atomically."""
    if path is None or path == "-":
        try:
            yield sys.stdout
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            if exc.errno in WRITE_ERRNOS:
                raise OutputError(f"cannot write the report to standard output: {_explain(exc)}") from None
            raise
        return
    with atomic_open(path) as fh:
        yield fh
