"""Alembic environment of the register: runs on the connection :mod:`catchments.register` opens.

The caller (:func:`catchments.register.migrate`) passes an open connection, already inside a
transaction, in ``config.attributes["connection"]``, so the register's engine settings (SQLite's
``BEGIN IMMEDIATE``, WAL) apply to migrations too. On PostgreSQL a transaction-level advisory lock
makes two processes that migrate at once run one after the other.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from catchments.register import metadata

MIGRATION_LOCK = 0x656D68616E61  # "emhana" in ASCII: the advisory lock's key


def run_migrations() -> None:
    """Run the migrations on the caller's connection (online mode only)."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "catchments/migrations runs only through catchments.register.migrate "
            "(or `emhana register migrate`), which passes the connection"
        )
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(
                sa.select(sa.func.pg_advisory_xact_lock(sa.literal(MIGRATION_LOCK, sa.BigInteger)))
            )
        context.run_migrations()


run_migrations()
