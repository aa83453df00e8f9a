"""Alembic's entry point: migrate the connection perflint.history.store passes in (inside its transaction,
which holds the store's write lock), never one of its own."""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection)
with context.begin_transaction():
    context.run_migrations()
