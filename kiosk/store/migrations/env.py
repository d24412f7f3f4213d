"""Alembic environment for the kiosk store: always runs on a connection handed in by Store."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
