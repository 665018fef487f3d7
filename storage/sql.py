"""SQL the ORM does not say directly, the same on SQLite and Postgres."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session


def insert_if_absent(
    session: Session, target: type[DeclarativeBase] | Table, values: dict[str, Any]
) -> bool:
    """INSERT .. ON CONFLICT DO NOTHING; True when this call inserted the row.

    Concurrent "create if missing" (two replicas claiming a digest, the first two adds of
    a new workspace) cannot race: no IntegrityError to catch, which on Postgres would
    poison the transaction. RETURNING rather than rowcount, which psycopg reports as -1.
    """
    table: Table = target if isinstance(target, Table) else target.__table__  # type: ignore[assignment]
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = (
        module.insert(table)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(*table.primary_key.columns)
    )
    return session.execute(stmt).first() is not None
