"""Alembic environment: the engine comes from storage.migrate (or DATABASE_URL via bot.config)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from storage.models import Base
from storage.oauth_tables import include_name

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine  # type: ignore[no-any-return]
    # Plain `alembic` CLI use by developers: same settings as the bot.
    from bot.config import load_settings
    from storage.db import make_engine

    return make_engine(load_settings().database.url)


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # A migration may rewrite big tables: the bot's statement timeout is not for it.
            connection.exec_driver_sql("SET statement_timeout = 0")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things; batch mode copies the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
