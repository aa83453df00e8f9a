"""Stored models compressed with Zstandard (three times as fast as zlib's fastest level, and as small). The
tables do not change: models stored before stay zlib streams and read as they are; the version tells a
perflint that reads only zlib to refuse the store. Downgrading compresses the newer models with zlib again.

Revision ID: 0003
Revises: 0002
"""
import zlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    from perflint.history.records import ZSTD_MAGIC, decode_model, std_dumps

    forms = sa.table("forms", sa.column("id", sa.Integer), sa.column("model", sa.LargeBinary))
    conn = op.get_bind()
    rows = conn.execute(sa.select(forms.c.id, forms.c.model)).all()
    updates = [{"fid": fid, "blob": zlib.compress(std_dumps(decode_model(blob)), 1)}
               for fid, blob in rows if bytes(blob[:4]) == ZSTD_MAGIC]
    if updates:
        conn.execute(forms.update().where(forms.c.id == sa.bindparam("fid")).values(model=sa.bindparam("blob")),
                     updates)
