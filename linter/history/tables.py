"""The store's tables as SQLAlchemy Core sees them at the newest schema version (``HEAD``); the
migrations in ``migrations/versions`` build them, version by version."""
from __future__ import annotations

import sqlalchemy as sa

# the newest schema version: the last migration's revision
HEAD = "0003"
# every version this perflint knows (a store at another one was written by a newer perflint)
KNOWN = ("0001", "0002", "0003")

metadata = sa.MetaData()

runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.String(32), nullable=False),     # ISO 8601, UTC
    sa.Column("finished_at", sa.String(32)),                    # null: still running, or interrupted
    sa.Column("version", sa.String(32), nullable=False),        # the perflint that ran
    sa.Column("files", sa.Integer),
    sa.Column("forms", sa.Integer),
    sa.Column("user", sa.String(128)),                          # who ran it (a shared store), since 0002
)

forms = sa.Table(
    "forms", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
    sa.Column("recorded_at", sa.String(32), nullable=False),
    sa.Column("source_file", sa.Text, nullable=False),
    sa.Column("form_index", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("year", sa.Integer),
    sa.Column("project", sa.Text),
    sa.Column("department", sa.Text),
    sa.Column("implementer", sa.Text),
    sa.Column("project_key", sa.Text, nullable=False),
    sa.Column("department_key", sa.Text, nullable=False),
    sa.Column("implementer_key", sa.Text, nullable=False, server_default=""),   # since 0002
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("finding_count", sa.Integer, nullable=False),
    # compressed JSON of Form.to_dict(cells=False): Zstandard since 0003, zlib before
    sa.Column("model", sa.LargeBinary, nullable=False),
    sa.Index("ix_forms_project", "project_key", "year"),
    sa.Index("ix_forms_department", "department_key", "year"),
    sa.Index("ix_forms_implementer", "implementer_key", "year"),
    sa.Index("ix_forms_hash", "content_hash"),
)

findings = sa.Table(
    "findings", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("form_id", sa.Integer, sa.ForeignKey("forms.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("code", sa.String(16), nullable=False),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Column("col", sa.Integer, nullable=False),
    sa.Column("indicator", sa.Text),
)
