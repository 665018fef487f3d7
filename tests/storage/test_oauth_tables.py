"""Migration 0006_oauth creates exactly the tables slack_sdk's SQLAlchemy stores expect,
and the stores work on them (SQLite and Postgres) without ever creating tables."""

from __future__ import annotations

import time
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, MetaData, inspect

from bot.config import Settings, SlackSettings
from bot.slack.oauth import installation_store, state_store
from storage import migrate
from storage.db import make_engine
from storage.oauth_tables import LIBRARY_TABLES, is_library_table

SETTINGS = Settings(slack=SlackSettings(client_id="111.222", client_secret="shh"))


def store_metadata(engine: Engine) -> MetaData:
    """The tables exactly as the stores the bot builds define them."""
    metadata = MetaData()
    for table in (
        *installation_store(SETTINGS, engine).metadata.sorted_tables,
        *state_store(engine).metadata.sorted_tables,
    ):
        table.to_metadata(metadata)
    return metadata


def test_migrated_tables_match_what_the_stores_expect(engine: Engine) -> None:
    expected = store_metadata(engine)
    assert set(expected.tables) == LIBRARY_TABLES
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_name": lambda name, type_, _: type_ != "table" or is_library_table(name)
            },
        )
        diff = compare_metadata(context, expected)
    assert diff == []
    # compare_metadata skips index column order; the stores' lookups rely on it.
    inspector = inspect(engine)
    for name, table in expected.tables.items():
        for index in table.indexes:
            (found,) = [i for i in inspector.get_indexes(name) if i["name"] == index.name]
            assert found["column_names"] == [c.name for c in index.columns]


def test_building_the_stores_creates_no_table(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    store_metadata(engine)
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_stores_save_find_and_delete_on_the_migrated_schema(engine: Engine) -> None:
    store = installation_store(SETTINGS, engine)
    expires = int(time.time()) + 3600
    store.save(
        Installation(
            app_id="A1",
            enterprise_id="E1",
            team_id="T1",
            team_name="Acme",
            bot_token="xoxb-1",
            bot_id="B1",
            bot_user_id="UBOT",
            bot_scopes="commands,chat:write",
            bot_refresh_token="xoxe-1",
            bot_token_expires_at=expires,
            user_id="U1",
        )
    )
    bot = store.find_bot(enterprise_id="E1", team_id="T1")
    assert bot is not None
    assert (bot.bot_token, bot.bot_refresh_token, bot.bot_token_expires_at) == (
        "xoxb-1",
        "xoxe-1",
        expires,
    )
    assert bot.bot_scopes == ["commands", "chat:write"]
    assert store.find_bot(enterprise_id=None, team_id="T1") is None, "keyed by enterprise too"
    store.delete_all(enterprise_id="E1", team_id="T1")
    assert store.find_bot(enterprise_id="E1", team_id="T1") is None

    states = state_store(engine)
    state = states.issue()
    assert states.consume(state) is True
    assert states.consume(state) is False, "a state is good for one use"


def test_downgrade_drops_them_and_upgrade_brings_them_back(engine: Engine) -> None:
    migrate.downgrade(engine, "0003_surfaces")
    assert not LIBRARY_TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= LIBRARY_TABLES
