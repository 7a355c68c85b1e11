"""Alembic environment: the connection is handed in by data_access.engine.upgrade."""

from alembic import context

from data_access.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - `alembic` CLI use
    from data_access.engine import make_engine

    connection = make_engine().connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
