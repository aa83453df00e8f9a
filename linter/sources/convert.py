"""Older and other office formats through LibreOffice: .doc, .wps, .rtf, .odt into .docx; .ods (and .xls
without xlrd) into .xlsx — then read like any .docx / .xlsx.

``soffice`` is looked for on PATH (and where the installers put it). Each conversion runs in a temporary
folder of its own with its own LibreOffice profile (``-env:UserInstallation``), so it neither meets a running
LibreOffice of the user's nor leaves anything behind; it is killed, with everything it started, after
``convert-seconds``. The input is copied there under a plain name: LibreOffice never sees the user's path.
Without LibreOffice, the file is a per-file error naming what to install.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError, LimitError
from .files import read_file
from .limits import Limits, key
from .sniff import Kind

_FILTERS = {Kind.DOCX: ("docx", "MS Word 2007 XML"), Kind.XLSX: ("xlsx", "Calc MS Excel 2007 XML")}
# what LibreOffice is told the input is, by what its bytes are
_INPUT_SUFFIX = {Kind.DOC: ".doc", Kind.RTF: ".rtf", Kind.ODT: ".odt", Kind.ODS: ".ods", Kind.XLS: ".xls",
                 Kind.OLE: ".doc"}
_PLACES = ("/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice",
           "/Applications/LibreOffice.app/Contents/MacOS/soffice",
           r"C:\Program Files\LibreOffice\program\soffice.exe")


def find_soffice() -> str | None:
    """LibreOffice's command: ``soffice`` (or ``libreoffice``) on PATH, else where installers put it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _PLACES if os.path.isfile(p) and os.access(p, os.X_OK)), None)


def convert(data: bytes, path: str, kind: Kind, into: Kind, limits: Limits) -> bytes:
    """The bytes of ``data`` (of ``kind``) converted by LibreOffice into ``into`` (.docx or .xlsx)."""
    soffice = find_soffice()
    what = os.path.splitext(path)[1].lower() or kind.suffix
    if soffice is None:
        raise InputError(path, "input.needs-libreoffice", params={"suffix": what, "target": _FILTERS[into][0]})
    target, filter_name = _FILTERS[into]
    with tempfile.TemporaryDirectory(prefix="perflint-convert-") as tmp:
        folder = Path(tmp)
        source = folder / ("input" + _INPUT_SUFFIX.get(kind, kind.suffix))
        source.write_bytes(data)
        out = folder / "out"
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", f"{target}:{filter_name}", "--outdir", str(out), str(source)]
        _run(command, path, limits, what)
        result = out / f"input.{target}"
        if not result.is_file():
            raise InputError(path, "input.convert-failed", params={"suffix": what, "target": target})
        return read_file(str(result), limits.bytes("file_mb") * 4)


def _run(command: list[str], path: str, limits: Limits, what: str) -> None:
    """Run LibreOffice in a session of its own; on time-out kill the whole session (soffice starts
    soffice.bin as a child)."""
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise InputError(path, "input.libreoffice-start", params={"reason": exc.strerror or str(exc)}) from None
    try:
        proc.wait(timeout=limits.convert_seconds)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise LimitError(path, "input.convert-slow", key("convert_seconds"),
                         params={"seconds": f"{limits.convert_seconds:g}", "suffix": what}) from None
    except BaseException:      # Ctrl-C: leave no LibreOffice behind
        _kill(proc)
        raise
    finally:
        _kill_group(proc)


def _kill(proc: subprocess.Popen) -> None:
    _kill_group(proc)
    proc.wait()


def _kill_group(proc: subprocess.Popen) -> None:
    """Whatever is left of the conversion's process session (a soffice.bin outliving its launcher)."""
    if hasattr(os, "killpg"):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    elif proc.poll() is None:
        proc.kill()
