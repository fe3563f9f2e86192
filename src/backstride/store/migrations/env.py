"""Alembic environment: runs on the connection open_store() hands over, or on
BACKSTRIDE_DATABASE_URL when a developer runs the alembic command."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from backstride.store.tables import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = os.environ.get("BACKSTRIDE_DATABASE_URL") or context.config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("set BACKSTRIDE_DATABASE_URL to the database to migrate")
    with create_engine(url).connect() as own_connection:
        _run(own_connection)
        own_connection.commit()
