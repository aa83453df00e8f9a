"""What the store keeps of a checked form, built where the form was checked (a worker process), so the
process that writes the store only writes: the model compressed, its keys, its findings."""
from __future__ import annotations

import json
import threading
import zlib
from typing import Any, Callable, Iterable

from ..errors import ConfigError
from ..model import Form, PriorFinding
from .names import project_key, unit_key
from .pairing import content_hash


def std_dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def std_loads(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def _json_codec() -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    """Compact UTF-8 JSON both ways: orjson (the history extra installs it; four times faster, the same
    bytes), else the standard library, which also takes what orjson refuses (an integer past 64 bits)."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - perflint installed without its history extra
        return std_dumps, std_loads

    def dumps(obj: Any) -> bytes:
        try:
            return orjson.dumps(obj)
        except TypeError:
            return std_dumps(obj)

    return dumps, orjson.loads


_dumps, _loads = _json_codec()

# the first bytes of a Zstandard frame; a model stored before schema 0003 is a zlib stream (0x78 …)
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def _zstd() -> tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]] | None:
    """Zstandard at level 1 both ways: the standard library's (Python 3.14) or the zstandard package's (the
    history extra installs it), whose contexts serve one call at a time: one pair per thread (the web page
    reads stored forms in threads; no lock, which a fork could inherit held); None without either."""
    try:
        from compression import zstd  # type: ignore[import-not-found]
        return (lambda data: zstd.compress(data, 1)), zstd.decompress
    except ImportError:
        pass
    try:
        import zstandard
    except ImportError:  # pragma: no cover - perflint installed without its history extra
        return None
    local = threading.local()

    def compress(data: bytes) -> bytes:
        if not hasattr(local, "compressor"):
            local.compressor = zstandard.ZstdCompressor(level=1)
        return local.compressor.compress(data)

    def decompress(data: bytes) -> bytes:
        if not hasattr(local, "decompressor"):
            local.decompressor = zstandard.ZstdDecompressor()
        return local.decompressor.decompress(data)

    return compress, decompress


_ZSTD = _zstd()


def encode_model(model: dict[str, Any]) -> bytes:
    """A form model as stored: compact JSON, compressed with Zstandard at level 1 (a form's model is 4–11 KB,
    about 2 KB so; three times as fast as zlib's fastest level, and as small), or zlib without it."""
    data = _dumps(model)
    return _ZSTD[0](data) if _ZSTD is not None else zlib.compress(data, 1)


def decode_model(blob: bytes) -> dict[str, Any]:
    """A stored model back, whichever way it was compressed (zlib before schema 0003)."""
    if blob[:4] != ZSTD_MAGIC:
        return _loads(zlib.decompress(blob))
    if _ZSTD is None:
        raise ConfigError("the store's models are compressed with Zstandard: pip install 'perflint-cn[history]'",
                          key="history")
    return _loads(_ZSTD[1](blob))


def form_record(form: Form, path: str, findings: Iterable[Any], digest: str | None = None) -> dict[str, Any]:
    """The row of a form and the rows of its findings (``Finding`` objects of that form); ``digest``: its
    content hash, when computed already."""
    return {
        "source_file": path, "form_index": form.index, "kind": form.kind, "year": form.year,
        "project": form.project, "department": form.department, "implementer": form.implementer,
        "project_key": project_key(form.project), "department_key": unit_key(form.department),
        "implementer_key": unit_key(form.implementer), "content_hash": digest or content_hash(form),
        "model": encode_model(form.to_dict(cells=False)),
        "findings": [{"code": f.code, "name": f.name, "severity": f.severity, "message": f.message,
                      "line": f.line, "col": f.column, "indicator": f.indicator} for f in findings],
    }


def prior_finding(row: Any) -> PriorFinding:
    """A stored finding (a row with code, name, severity, message, line, indicator) as the model holds it."""
    return PriorFinding(row.code, row.name, row.severity, row.message, row.line, row.indicator)
