"""Pair by implementer too (a department renamed in a reorganisation keeps its implementers), and keep who
ran each check (many reviewers share a PostgreSQL store). Fills the implementer key of stored forms.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from perflint.history.names import unit_key

    op.add_column("runs", sa.Column("user", sa.String(128)))
    op.add_column("forms", sa.Column("implementer_key", sa.Text, nullable=False, server_default=""))
    forms = sa.table("forms", sa.column("id", sa.Integer), sa.column("implementer", sa.Text),
                     sa.column("implementer_key", sa.Text))
    conn = op.get_bind()
    rows = conn.execute(sa.select(forms.c.id, forms.c.implementer).where(forms.c.implementer.is_not(None))).all()
    updates = [{"fid": fid, "key": unit_key(name)} for fid, name in rows if unit_key(name)]
    if updates:
        conn.execute(forms.update().where(forms.c.id == sa.bindparam("fid"))
                     .values(implementer_key=sa.bindparam("key")), updates)
    op.create_index("ix_forms_implementer", "forms", ["implementer_key", "year"])


def downgrade() -> None:
    op.drop_index("ix_forms_implementer", "forms")
    with op.batch_alter_table("forms") as batch:
        batch.drop_column("implementer_key")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("user")
