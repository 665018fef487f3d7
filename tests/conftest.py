"""Shared fixtures: every storage and scenario test runs on SQLite and on Postgres.

Postgres comes from TAKEAWAYS_TEST_DATABASE_URL. Without it the Postgres half is skipped
locally, but under CI=true its absence fails the run.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from slack_bolt import App
from sqlalchemy import Engine, make_url, text

from bot.cli.main import cli
from bot.config import DatabaseSettings, Settings, SlackSettings
from bot.search.glossary import Glossary, load_glossary
from bot.services.container import Services, build_services
from bot.slack.app import build_app, make_web_client
from bot.slack.background import BackgroundWork
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.web import build_asgi
from storage import migrate
from storage.db import make_engine
from storage.models import Base
from storage.oauth_tables import LIBRARY_TABLES
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.server import AppServer
from tests.support.slack_driver import SlackDriver

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
PG_ENV = "TAKEAWAYS_TEST_DATABASE_URL"
PG_SKIP_REASON = f"{PG_ENV} is not set"
BACKENDS = ["sqlite", "postgres"]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_configure(config: pytest.Config) -> None:
    if _in_ci() and not os.environ.get(PG_ENV):
        raise pytest.UsageError(f"CI=true but {PG_ENV} is not set: the Postgres half cannot run")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, slow tests first: handed out one by one (--maxschedchunk=1, see
    pyproject.toml) they spread over the workers while the short ones fill the gaps,
    instead of one worker finishing a 10 s test alone at the end. A stable sort: every
    worker must collect the same order, and the rest keeps its fixture-friendly order."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _is_postgres_skip(report: pytest.TestReport) -> bool:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.endswith(PG_SKIP_REASON)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Generator[None]:
    """One line for the Postgres half instead of one "SKIPPED" line per test (-ra), so
    that the other skip reasons stay visible. Outermost wrapper: the terminal reporter
    prints its short summary when the inner hooks are done, and the final count (after
    this returns) still includes these skips."""
    stats = terminalreporter.stats
    skipped = stats.get("skipped", [])
    postgres = [r for r in skipped if _is_postgres_skip(r)]
    if postgres:
        stats["skipped"] = [r for r in skipped if not _is_postgres_skip(r)]
    try:
        return (yield)
    finally:
        if postgres:
            stats["skipped"] = skipped
            tests = "test" if len(postgres) == 1 else "tests"
            terminalreporter.write_line(
                f"Postgres half skipped: {len(postgres)} {tests} (set {PG_ENV} to run them)"
            )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _migrate(url: str) -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_base_url() -> Iterator[str | None]:
    """This process's Postgres database, migrated. Under pytest-xdist each worker gets its
    own, `<database>_gw0` and so on, created here and dropped at the end: every test
    truncates all tables first, which would pull rows from under another worker's test."""
    url = os.environ.get(PG_ENV)
    if not url:
        yield None
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1...; unset without xdist
    if worker is None:
        _migrate(url)
        yield url
        return
    base = make_url(url)
    name = f"{base.database}_{worker}"
    if not re.fullmatch(r"[A-Za-z0-9_]{1,63}", name):
        raise pytest.UsageError(f"{PG_ENV}: cannot derive a per-worker database from {name!r}")
    admin = make_engine(url, isolation_level="AUTOCOMMIT")

    def drop() -> None:
        # WITH (FORCE): an engine a test forgot to dispose must not keep it alive.
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    try:
        drop()  # left over by a run that was killed
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        own = base.set(database=name).render_as_string(hide_password=False)
        _migrate(own)
        yield own
    finally:
        drop()
        admin.dispose()


def truncate_all(engine: Engine) -> None:
    names = [t.name for t in Base.metadata.sorted_tables] + sorted(LIBRARY_TABLES)
    tables = ", ".join(names)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_base_url: str | None,
) -> str:
    if request.param == "sqlite":
        path = tmp_path / "takeaways.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    if postgres_base_url is None:
        if _in_ci():
            pytest.fail(f"{PG_ENV} is required under CI=true")
        pytest.skip(PG_SKIP_REASON)
    engine = make_engine(postgres_base_url)
    truncate_all(engine)
    engine.dispose()
    return postgres_base_url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture(scope="session")
def builtin_glossary() -> Glossary:
    """Parsed once: reading and indexing bot/data/glossary.toml takes ~16 ms, and nothing
    changes a Glossary once built (tests/unit/test_glossary.py tests loading it)."""
    return load_glossary()


@pytest.fixture
def services(engine: Engine, clock: FrozenClock, builtin_glossary: Glossary) -> Services:
    return build_services(engine, clock=clock, glossary=builtin_glossary)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(team_id="T1").start()
    fake.add_user("U1", "alice")
    fake.add_user("U2", "bob")
    fake.add_user("UADMIN", "root", is_admin=True)
    yield fake
    fake.stop()


@pytest.fixture
def settings(fake_slack: FakeSlack, db_url: str) -> Settings:
    return Settings(
        database=DatabaseSettings(url=db_url),
        slack=SlackSettings(
            api_url=fake_slack.url, bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET
        ),
    )


@pytest.fixture
def clients(settings: Settings) -> SingleWorkspaceClients:
    """What scheduled jobs use to reach Slack: the fake, with the real retry handlers."""
    return SingleWorkspaceClients(make_web_client(settings))


def stop_app(app: App, work: BackgroundWork) -> None:
    """Let a test's app finish before the database goes away: listeners still running after
    their ack first (they may hand more to `work`), then the work they handed over."""
    app.listener_runner.listener_executor.shutdown(wait=True)
    work.shutdown()


@pytest.fixture
def bolt_app(settings: Settings, services: Services) -> Iterator[App]:
    """The real Bolt app (token mode), shut down at teardown."""
    work = BackgroundWork(settings.server.work_threads)
    app = build_app(settings, services, client=make_web_client(settings), work=work)
    yield app
    stop_app(app, work)


@pytest.fixture
def app_server(bolt_app: App, services: Services) -> Iterator[AppServer]:
    """`bolt_app` behind the real ASGI app under uvicorn (stopped before the app is)."""
    server = AppServer(build_asgi(bolt_app, services, signing_secret=SIGNING_SECRET)).start()
    yield server
    server.stop()


@pytest.fixture
def slack(bolt_app: App, fake_slack: FakeSlack) -> Iterator[SlackDriver]:
    """Slack's side of the app, in-process: signed requests go to App.dispatch directly.
    Most scenarios are about what the bot does, not about HTTP; see `slack_http`."""
    driver = SlackDriver.in_process(bolt_app, SIGNING_SECRET, fake_slack)
    yield driver
    driver.close()


@pytest.fixture
def slack_http(app_server: AppServer, fake_slack: FakeSlack) -> Iterator[SlackDriver]:
    """Slack's side over real HTTP, for what only a server does: refusing requests before
    Bolt sees them, /healthz, /metrics, request ids."""
    driver = SlackDriver(app_server.url, SIGNING_SECRET, fake_slack)
    yield driver
    driver.close()


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[object]:
    """The `takeaways` command line on this test's database, as a user runs it (no
    config file, in an empty working directory): `run("export", "--format", "md")`."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("TAKEAWAYS_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)

    yield invoke
