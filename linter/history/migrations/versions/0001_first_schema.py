"""The first schema: runs, the forms they checked (model, keys, content hash) and their findings.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32)),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("files", sa.Integer),
        sa.Column("forms", sa.Integer),
    )
    op.create_table(
        "forms",
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
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("finding_count", sa.Integer, nullable=False),
        sa.Column("model", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_forms_project", "forms", ["project_key", "year"])
    op.create_index("ix_forms_department", "forms", ["department_key", "year"])
    op.create_index("ix_forms_hash", "forms", ["content_hash"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("form_id", sa.Integer, sa.ForeignKey("forms.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("col", sa.Integer, nullable=False),
        sa.Column("indicator", sa.Text),
    )
    op.create_index("ix_findings_form_id", "findings", ["form_id"])


def downgrade() -> None:
    op.drop_table("findings")
    op.drop_table("forms")
    op.drop_table("runs")
