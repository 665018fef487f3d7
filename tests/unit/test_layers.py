"""The direction of imports (docs/architecture.md): Slack and the CLI on top, services in
the middle, storage at the bottom. A newcomer can trust the map because this test fails
when a module crosses a layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(*patterns: str) -> list[Path]:
    paths = {p for pattern in patterns for p in ROOT.glob(pattern)}
    assert paths, patterns  # a pattern that matches nothing checks nothing
    return sorted(paths)


def crossing(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {}
    for path in paths:
        hits = sorted(
            m for m in imports_of(path) if any(m == f or m.startswith(f + ".") for f in forbidden)
        )
        if hits:
            bad[str(path.relative_to(ROOT))] = hits
    return bad


SLACK = ("bot.slack", "slack_bolt", "slack_sdk")
STORAGE = ("storage", "sqlalchemy")


def test_storage_knows_nothing_of_the_bot() -> None:
    # The migrations' env.py reads DATABASE_URL through bot.config, as `alembic` runs it.
    paths = [p for p in modules("storage/**/*.py") if p.name != "env.py"]
    assert crossing(paths, ("bot",)) == {}


def test_services_search_transfer_and_the_grammar_know_nothing_of_slack_or_the_cli() -> None:
    paths = modules(
        "bot/services/*.py",
        "bot/search/*.py",
        "bot/transfer/*.py",
        "bot/*.py",
    )
    paths = [p for p in paths if p.name != "__main__.py"]  # `python -m bot` runs the CLI
    assert crossing(paths, (*SLACK, "bot.cli")) == {}


@pytest.mark.parametrize(
    "pattern",
    ["bot/slack/listeners/*.py", "bot/cli/*.py", "bot/slack/scheduler.py", "bot/slack/delivery.py"],
)
def test_listeners_jobs_and_the_cli_never_touch_storage(pattern: str) -> None:
    assert crossing(modules(pattern), STORAGE) == {}


def test_the_rest_of_slack_touches_storage_only_where_it_must() -> None:
    # Block builders render the mapped rows they are given (storage.models, as data); the
    # OAuth module hands our engine to slack_sdk's SQLAlchemy installation and state stores.
    allowed = {"storage.models"}
    paths = modules("bot/slack/**/*.py")
    bad = {
        path: [m for m in found if m not in allowed]
        for path, found in crossing(paths, STORAGE).items()
        if path != "bot/slack/oauth.py"
    }
    assert {path: found for path, found in bad.items() if found} == {}


def test_the_search_engine_is_pure() -> None:
    # Only the live index (live.py) reads the database; the engine is data in, ranks out.
    paths = [p for p in modules("bot/search/*.py") if p.name != "live.py"]
    assert crossing(paths, STORAGE) == {}
