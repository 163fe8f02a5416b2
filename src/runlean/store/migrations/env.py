"""Alembic environment of runlean's database, driven from code by :func:`runlean.store.db.migrate`.

The caller passes an open SQLAlchemy connection in ``config.attributes["connection"]``; no
``alembic.ini`` and no working directory are needed. ``render_as_batch`` lets later migrations
alter SQLite tables (SQLite has no general ``ALTER TABLE``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

import runlean.store.models  # noqa: F401  (registers every table on Base.metadata)
from runlean.store import log_models as _log_models  # noqa: F401  (daily log tables)
from runlean.store.base import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on the connection given by the caller, or on ``sqlalchemy.url``."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, render_as_batch=True,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
