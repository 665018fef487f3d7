"""The tables of slack_sdk's SQLAlchemy installation and OAuth state stores.

The stores define these tables on their own MetaData; migration 0006_oauth creates them
with the same columns and indexes, and tests/storage/test_oauth_tables.py compares the
migrated schema with the stores' metadata. They are not our models: autogenerate and the
model comparison leave them alone (`is_library_table`).
"""

from __future__ import annotations

INSTALLATIONS_TABLE = "slack_installations"
BOTS_TABLE = "slack_bots"
OAUTH_STATES_TABLE = "slack_oauth_states"
LIBRARY_TABLES = frozenset({INSTALLATIONS_TABLE, BOTS_TABLE, OAUTH_STATES_TABLE})


def is_library_table(name: str | None) -> bool:
    """True for a table owned by slack_sdk's stores (and created by migration 0006_oauth)."""
    return name in LIBRARY_TABLES


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic `include_name` hook: compare our models only. The store tables are not
    models, and must never show up in autogenerate as tables to drop."""
    return not (type_ == "table" and is_library_table(name))
