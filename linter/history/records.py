"""What the store keeps of a checked form, built where the form was checked (a worker process), so the
process that writes the store only writes: the model compressed, its keys, its findings."""
from __future__ import annotations

import json
import zlib
from typing import Any, Iterable

from ..model import Form, PriorFinding
from .names import project_key, unit_key
from .pairing import content_hash


def encode_model(model: dict[str, Any]) -> bytes:
    """A form model as stored: compact JSON, zlib-compressed at the fastest level (a form's model is 4–8 KB,
    about 1.5 KB so)."""
    return zlib.compress(json.dumps(model, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def decode_model(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def form_record(form: Form, path: str, findings: Iterable[Any]) -> dict[str, Any]:
    """The row of a form and the rows of its findings (``Finding`` objects of that form)."""
    return {
        "source_file": path, "form_index": form.index, "kind": form.kind, "year": form.year,
        "project": form.project, "department": form.department, "implementer": form.implementer,
        "project_key": project_key(form.project), "department_key": unit_key(form.department),
        "implementer_key": unit_key(form.implementer), "content_hash": content_hash(form),
        "model": encode_model(form.to_dict()),
        "findings": [{"code": f.code, "name": f.name, "severity": f.severity, "message": f.message,
                      "line": f.line, "col": f.column, "indicator": f.indicator} for f in findings],
    }


def prior_finding(row: Any) -> PriorFinding:
    """A stored finding (a row with code, name, severity, message, line, indicator) as the model holds it."""
    return PriorFinding(row.code, row.name, row.severity, row.message, row.line, row.indicator)
