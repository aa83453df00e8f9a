"""What an upload may be, and saving it to the batch's folder.

Everything here treats the upload as hostile: names become safe relative paths (no ``..``, no absolute
path, no drive letter, no control character) or the upload is refused; every file and every zip member is
counted against the size and count limits while it is written, never trusted from a header; an archive is
refused before anything is unpacked when it declares too many members, too many bytes or a compression
ratio only a zip bomb has, and a member that is a symlink refuses it too. Word and Excel files are zip
archives as well: they are measured the same way before a reader opens them.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable

MIB = 1024 * 1024
CHUNK = 256 * 1024
# below this many unpacked bytes a member (or archive) is not judged by its ratio: small texts pack well
RATIO_FLOOR = MIB
# files a batch may hold, by suffix; a zip is unpacked, Word and Excel files are measured as archives
ARCHIVE = ".zip"
CONTAINERS = (".xlsx", ".docx")
# parts of a path that are an operating system's bookkeeping, not a reviewer's file: left out quietly
JUNK = re.compile(r"^(__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|~\$.*)$", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Limits:
    """The limits of one upload (``perflint serve --max-file-mb`` … set the first three)."""

    max_file_bytes: int = 20 * MIB         # one file, uploaded or unpacked
    max_batch_bytes: int = 200 * MIB       # the request, and everything a batch unpacks to
    max_files: int = 2000                  # files to check in one batch, after unpacking
    max_zip_members: int = 5000            # entries of one archive (folders included)
    max_ratio: float = 100.0               # unpacked ÷ packed, of an archive and of each large member
    max_document_bytes: int = 100 * MIB    # what one .xlsx or .docx unpacks to
    max_depth: int = 16                    # folder levels of a name
    max_part_bytes: int = 255              # bytes of one part of a name (a file system's limit)

    @property
    def max_request_bytes(self) -> int:
        """The request body: the batch plus room for the multipart framing of every file."""
        return self.max_batch_bytes + MIB + 1024 * self.max_files


class Refused(Exception):
    """A request refused (an upload over a limit, a bad name, a missing CSRF token, a batch not found): the
    HTTP status, the key of the pages' message catalogue and its parameters; the page says why."""

    def __init__(self, status: int, key: str, **params: Any):
        super().__init__(key)
        self.status, self.key, self.params = status, key, params


@dataclass
class Saved:
    """A batch written to its folder: the files to check (relative paths), what was left out, the bytes."""

    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    bytes: int = 0


def safe_name(name: str, limits: Limits, where: str | None = None) -> str | None:
    """``name`` as a relative path inside the batch's folder, None for an operating system's bookkeeping
    file; an absolute path, a drive, ``..``, a control character or an overlong name refuses the upload."""
    key = "error.zip-path" if where else "error.bad-name"
    shown = _printable(name)
    if not name or _CONTROL.search(name):
        raise Refused(400, key, name=shown, archive=where)
    text = name.replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text):
        raise Refused(400, key, name=shown, archive=where)
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or len(parts) > limits.max_depth:
        raise Refused(400, key, name=shown, archive=where)
    if any(len(p.encode("utf-8")) > limits.max_part_bytes for p in parts):
        raise Refused(400, key, name=shown, archive=where)
    if any(JUNK.match(p) for p in parts):
        return None
    return "/".join(parts)


def _printable(name: str) -> str:
    """A name as an error message may show it: control characters visible, at most 200 characters."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", name or "")
    return text if len(text) <= 200 else text[:199] + "…"


class BatchWriter:
    """Writes the files of one upload into ``folder``, counting every byte against the limits."""

    def __init__(self, folder: Path, limits: Limits, readable: Iterable[str]):
        self.folder, self.limits = folder, limits
        self.readable = tuple(s.lower() for s in readable)
        self.saved = Saved()

    # --- the upload's files ----------------------------------------------------------------------------
    def add(self, filename: str, stream: IO[bytes]) -> None:
        """One uploaded file: a form file, or a zip of them; any other type refuses the upload."""
        name = safe_name(filename, self.limits)
        if name is None:
            self.saved.skipped.append(_printable(filename))
            return
        suffix = os.path.splitext(name)[1].lower()
        if suffix == ARCHIVE:
            self._archive(name, stream)
        elif suffix in self.readable:
            self._file(name, stream, name)
        else:
            raise Refused(415, "error.wrong-type", name=name, accepted=" ".join(self.readable + (ARCHIVE,)))

    def _file(self, name: str, stream: IO[bytes], shown: str) -> None:
        if len(self.saved.files) >= self.limits.max_files:
            raise Refused(413, "error.too-many-files", limit=self.limits.max_files)
        target = self._place(name)
        written = 0
        with open(target, "xb") as out:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                written += len(chunk)
                self.saved.bytes += len(chunk)
                if written > self.limits.max_file_bytes:
                    raise Refused(413, "error.file-too-large", name=shown, limit=_mib(self.limits.max_file_bytes))
                if self.saved.bytes > self.limits.max_batch_bytes:
                    raise Refused(413, "error.batch-too-large", limit=_mib(self.limits.max_batch_bytes))
                out.write(chunk)
        if os.path.splitext(name)[1].lower() in CONTAINERS:
            measure_document(target, shown, self.limits)
        self.saved.files.append(str(target.relative_to(self.folder).as_posix()))

    def _place(self, name: str) -> Path:
        """A path for ``name`` in the folder that no earlier file has taken (``a (2).txt`` then)."""
        target = self.folder / name
        stem, suffix = os.path.splitext(name)
        n = 1
        while target.exists():
            n += 1
            target = self.folder / f"{stem} ({n}){suffix}"
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return target

    # --- a zip of a batch ------------------------------------------------------------------------------
    def _archive(self, name: str, stream: IO[bytes]) -> None:
        """Unpack a zip under a folder named after it, after measuring it whole."""
        try:
            zf = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise Refused(400, "error.bad-zip", name=name) from None
        with zf:
            infos = zf.infolist()
            self._measure(name, infos)
            base = os.path.splitext(name)[0]
            for info in infos:
                self._member(zf, info, name, base)

    def _measure(self, name: str, infos: list[zipfile.ZipInfo]) -> None:
        limits = self.limits
        if len(infos) > limits.max_zip_members:
            raise Refused(413, "error.zip-members", name=name, count=len(infos), limit=limits.max_zip_members)
        unpacked = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos)
        if unpacked > RATIO_FLOOR and unpacked > limits.max_ratio * max(packed, 1):
            raise Refused(413, "error.zip-ratio", name=name, limit=f"{limits.max_ratio:g}")
        if unpacked + self.saved.bytes > limits.max_batch_bytes:
            raise Refused(413, "error.batch-too-large", limit=_mib(limits.max_batch_bytes))

    def _member(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, archive: str, base: str) -> None:
        member = member_name(info)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise Refused(400, "error.zip-symlink", name=_printable(member), archive=archive)
        rel = safe_name(member, self.limits, where=archive)
        if info.is_dir():
            return
        shown = f"{archive}/{_printable(member)}"
        if rel is None or os.path.splitext(rel)[1].lower() not in self.readable:
            self.saved.skipped.append(shown)
            return
        if info.flag_bits & 0x1:
            raise Refused(400, "error.zip-encrypted", name=shown)
        if info.file_size > RATIO_FLOOR and info.file_size > self.limits.max_ratio * max(info.compress_size, 1):
            raise Refused(413, "error.zip-ratio", name=shown, limit=f"{self.limits.max_ratio:g}")
        if info.file_size > self.limits.max_file_bytes:
            raise Refused(413, "error.file-too-large", name=shown, limit=_mib(self.limits.max_file_bytes))
        try:
            with zf.open(info) as src:
                self._file(f"{base}/{rel}", src, shown)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
            # a damaged member, an unknown compression method: the archive cannot be read as sent
            raise Refused(400, "error.bad-zip-member", name=shown) from None


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name: zips from Chinese Windows write GBK names without the UTF-8 flag, which Python
    reads as code page 437; those are read back as UTF-8 or GB18030."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def measure_document(path: Path, shown: str, limits: Limits) -> None:
    """An Excel or Word file is a zip: refuse one that would unpack to more than a reader should hold. One
    that is no zip at all is left to the reader, which says so as a per-file error."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if (len(infos) > limits.max_zip_members or unpacked > limits.max_document_bytes
            or (unpacked > RATIO_FLOOR and unpacked > limits.max_ratio * max(packed, 1))):
        raise Refused(413, "error.document-bomb", name=shown, limit=_mib(limits.max_document_bytes))


def _mib(n: int) -> str:
    return f"{n / MIB:g} MB"


def remove(folder: Path | str) -> None:
    """Delete a batch's folder and everything in it (uploads are kept no longer than they are read)."""
    shutil.rmtree(folder, ignore_errors=True)
