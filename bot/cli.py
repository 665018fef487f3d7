"""The `takeaways` command: a thin layer over the services."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy import Engine

from bot import __version__
from bot.blocks.terminal import to_terminal
from bot.commands import QUERY_LIMIT, parse_filters
from bot.config import ConfigError, Settings, load_settings
from bot.errors import TakeawaysError
from bot.jobs import digest_now, reminder_pass, schedule_overview
from bot.logs import configure_logging
from bot.search.glossary import GlossaryError, load_glossary
from bot.serialize import followup_json, takeaway_json
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.importer import DEFAULT_BATCH
from bot.services.transactions import transaction
from bot.slack_clients import SlackClients
from storage import followups as followup_repo
from storage import migrate
from storage import repositories as repo
from storage.db import DatabaseUrlError, make_engine

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
CLI_USER = "UCLI"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn configuration, database and domain errors into a clear message and exit 1."""
    try:
        yield
    except (ConfigError, DatabaseUrlError, GlossaryError) as exc:
        raise click.ClickException(str(exc)) from exc
    except TakeawaysError as exc:
        message = exc.message + (f"\n{exc.hint}" if exc.hint else "")
        raise click.ClickException(message) from exc


def _settings() -> Settings:
    with _user_errors():
        settings = load_settings()
    configure_logging(settings.logging.level, settings.logging.format, settings.secrets())
    return settings


def _open_services(settings: Settings, *, migrate_first: bool = True) -> Services:
    with _user_errors():
        engine = make_engine(settings.database.url)
        glossary = load_glossary(settings.search.glossary_file or None)
    if migrate_first:
        _upgrade(engine)
    return build_services(engine, settings=settings, glossary=glossary)


def _upgrade(engine: Engine) -> None:
    try:
        migrate.upgrade(engine)
    except Exception as exc:  # any failure here means "cannot reach or migrate"
        raise click.ClickException(
            f"cannot prepare the database at {engine.url.render_as_string(hide_password=True)}: "
            f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        ) from exc


def resolve_team(services: Services, team: str | None) -> str | None:
    """--team, or the only workspace in the database; None when there is none yet."""
    if team:
        return team
    with transaction(services.sessions) as session:
        teams = repo.team_ids(session=session)
    if len(teams) > 1:
        raise click.ClickException(
            f"this database holds {len(teams)} workspaces ({', '.join(teams)}); "
            "choose one with --team"
        )
    return teams[0] if teams else None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="takeaways")
def cli() -> None:
    """Takeaways: keep what your team learns at conferences, and find it again.

    Settings come from $TAKEAWAYS_CONFIG (or ./config.toml) and the environment
    (DATABASE_URL, SLACK_BOT_TOKEN or SLACK_CLIENT_ID + SLACK_CLIENT_SECRET,
    SLACK_SIGNING_SECRET, ...).
    """


@cli.command()
@click.option("--port", type=int, default=None, help="Port to listen on (default: $PORT or 3000).")
@click.option("--host", default=None, help="Address to bind (default 0.0.0.0).")
@click.option(
    "--socket", "socket_mode", is_flag=True, help="Use Socket Mode (needs SLACK_APP_TOKEN)."
)
def serve(port: int | None, host: str | None, socket_mode: bool) -> None:
    """Run the bot: HTTP on /slack/events and /healthz, or Socket Mode.

    Applies database migrations first. With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth
    mode) it also serves /slack/install and /slack/oauth_redirect, for many workspaces.

    Example: SLACK_BOT_TOKEN=xoxb-... SLACK_SIGNING_SECRET=... takeaways serve --port 3000
    """
    from bot.server import run_server

    settings = _settings()
    with _user_errors():
        if socket_mode:
            settings.require_slack_socket()
        else:
            settings.require_slack_http()
    services = _open_services(settings)
    with _user_errors():
        run_server(
            settings,
            services,
            port=port or settings.server.port,
            host=host or settings.server.host,
            socket_mode=socket_mode,
        )


@cli.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def db_upgrade(revision: str) -> None:
    """Apply migrations (SQLite and Postgres).

    Example: DATABASE_URL=postgresql://postgres@localhost/takeaways takeaways db upgrade
    """
    settings = _settings()
    services = _open_services(settings, migrate_first=False)
    try:
        migrate.upgrade(services.engine, revision)
    except Exception as exc:
        raise click.ClickException(f"migration failed: {exc}") from exc
    click.echo(f"database is at revision {migrate.current_revision(services.engine)}")


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, best match first.")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True)
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
def ask(query: tuple[str, ...], as_json: bool, limit: int, team: str | None) -> None:
    """Search the takeaways, like /takeaway ask.

    Example: takeaways ask karpenter consolidation --json --limit 3
    """
    text = " ".join(query)
    if len(text) > QUERY_LIMIT:
        raise click.ClickException(f"the query is too long (at most {QUERY_LIMIT} characters)")
    services = _open_services(_settings())
    team_id = resolve_team(services, team)
    if team_id is None:
        click.echo("[]" if as_json else "No takeaways recorded yet.")
        return
    with _user_errors():
        words, filters = parse_filters(text, allow_text=True)
        answer = services.dispatcher.ask(
            Actor(team_id=team_id, user_id=CLI_USER), words, filters, limit=limit
        )
    if as_json:
        click.echo(
            json.dumps([takeaway_json(h.takeaway, score=h.score) for h in answer.hits], indent=2)
        )
        return
    if not answer.hits:
        click.echo(f"Nothing found for {text!r}.")
        if answer.suggestions:
            click.echo("Did you mean: " + ", ".join(answer.suggestions))
        return
    for hit in answer.hits:
        t = hit.takeaway
        extras = [f"#{tag}" for tag in t.tags]
        if t.conference:
            extras.append(t.conference)
        if t.talk:
            extras.append(f'"{t.talk}"')
        click.echo(f"#{t.id}  [{hit.score:.0f}]  {t.text}")
        if extras:
            click.echo("      " + " · ".join(extras))


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=DEFAULT_BATCH,
    show_default=True,
    help="Takeaways stored per transaction.",
)
def import_(file: Path, team: str | None, batch_size: int) -> None:
    """Bulk-load takeaways from a JSON Lines file (one JSON object a line).

    Fields: text (required), tags, conference, talk, author, created_at (ISO 8601).
    Every line is checked first: a file with a bad line stores nothing.

    Example: takeaways import kubecon-notes.jsonl --team T0123ABCD
    """
    services = _open_services(_settings())
    team_id = resolve_team(services, team)
    if team_id is None:
        raise click.ClickException(
            "this database has no workspace yet; choose one with --team (a Slack team id)"
        )
    started = time.perf_counter()
    with _user_errors():
        report = services.importer.import_jsonl(file, team_id=team_id, batch_size=batch_size)
    click.echo(
        f"Imported {report.imported} takeaways into {team_id} "
        f"({report.batches} batch{'es' if report.batches != 1 else ''}, "
        f"{time.perf_counter() - started:.1f} s)."
    )


@cli.command()
@click.option(
    "--team", help="Workspace to use; default: the only one in the database, else TLOCAL."
)
@click.option("--user", "user_id", default="ULOCAL", show_default=True, help="Local user id.")
@click.option("--name", "user_name", default=None, help="Display name (default: $USER).")
@click.option("--channel", default=None, help="Slack channel id the commands count as typed in.")
def console(team: str | None, user_id: str, user_name: str | None, channel: str | None) -> None:
    """A local prompt with the /takeaway grammar, on the same database. No Slack needed.

    Example: echo 'add Cilium replaces kube-proxy #cilium' | takeaways console
    """
    import getpass

    from bot.console import run_console

    services = _open_services(_settings())
    team_id = resolve_team(services, team) or "TLOCAL"
    try:
        name = user_name or getpass.getuser()
    except Exception:  # no passwd entry in some containers
        name = "local"
    # The local user owns the database file, so it may edit anything.
    actor = Actor(
        team_id=team_id,
        user_id=user_id,
        user_name=name,
        channel_id=channel,
        admin_check=lambda: True,
        timezone_lookup=_local_timezone,
    )
    run_console(services, actor, sys.stdin, sys.stdout)


def _required_team(services: Services, team: str | None) -> str:
    team_id = resolve_team(services, team)
    if team_id is None:
        raise click.ClickException("the database has no workspace yet; nothing to do")
    return team_id


def _slack_clients(settings: Settings, services: Services) -> SlackClients:
    """SLACK_BOT_TOKEN's client, or in OAuth mode each workspace's installation."""
    with _user_errors():
        settings.require_slack_jobs()
    from bot.app import make_slack_clients

    return make_slack_clients(settings, services)


@cli.command()
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
@click.option("--all", "include_closed", is_flag=True, help="Also list done and dropped ones.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def followups(team: str | None, include_closed: bool, as_json: bool) -> None:
    """List the workspace's open follow-ups, soonest due first.

    Example: takeaways followups --json
    """
    services = _open_services(_settings())
    team_id = resolve_team(services, team)
    if team_id is None:
        click.echo("[]" if as_json else "No follow-ups yet.")
        return
    statuses = ("open", "done", "dropped") if include_closed else ("open",)
    with transaction(services.sessions) as session:
        items = followup_repo.list_followups(session=session, team_id=team_id, statuses=statuses)
    if as_json:
        click.echo(json.dumps([followup_json(f) for f in items], indent=2))
        return
    if not items:
        click.echo("No open follow-ups." if not include_closed else "No follow-ups.")
        return
    for f in items:
        due = f.due.isoformat() if f.due else "no due date"
        linked = f" (takeaway #{f.takeaway_id})" if f.takeaway_id else ""
        click.echo(f"#{f.id}  [{f.status}]  {due}  {f.owner_name or f.owner}: {f.text}{linked}")


@cli.command()
@click.option("--now", "now_flag", is_flag=True, help="Post the digest now (required).")
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
@click.option("--dry-run", is_flag=True, help="Print the digest instead of posting it.")
def digest(now_flag: bool, team: str | None, dry_run: bool) -> None:
    """Post the digest of new takeaways and open follow-ups at once (or print it).

    Example: takeaways digest --now --dry-run
    """
    if not now_flag:
        raise click.UsageError("say --now to post the digest now (add --dry-run to only print it)")
    settings = _settings()
    services = _open_services(settings)
    team_id = _required_team(services, team)
    clients = None if dry_run else _slack_clients(settings, services)
    with _user_errors():
        outcome = digest_now(services, clients, team_id, dry_run=dry_run)
    if outcome.status == "dry-run" and outcome.message is not None:
        click.echo(to_terminal(outcome.message))
        return
    if outcome.status != "posted":
        raise click.ClickException(f"the digest was not posted: {outcome.error or outcome.status}")
    click.echo(f"digest posted for {team_id}")


@cli.command()
@click.option("--now", "now_flag", is_flag=True, help="Run the reminder pass now (required).")
@click.option("--team", help="Only this workspace.")
def remind(now_flag: bool, team: str | None) -> None:
    """DM every owner with overdue or soon-due follow-ups now, whatever their local hour.

    Still at most one DM per owner per local day. Exits 1 if any DM failed.

    Example: takeaways remind --now
    """
    if not now_flag:
        raise click.UsageError("say --now to send reminders now")
    settings = _settings()
    services = _open_services(settings)
    report = reminder_pass(services, _slack_clients(settings, services), force=True, team_id=team)
    click.echo(
        f"sent {len(report.sent)}, already sent today {len(report.already_sent)}, "
        f"failed {len(report.failed)}"
    )
    for key in report.failed:
        click.echo(f"failed: {key}", err=True)
    if report.failed:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def schedule(as_json: bool) -> None:
    """Show each scheduled job's next run time per workspace.

    Example: takeaways schedule --json
    """
    settings = _settings()
    services = _open_services(settings)
    rows = schedule_overview(services, settings)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No workspace yet: nothing is scheduled.")
    for row in rows:
        detail = (
            f"{row['cron']} ({row['timezone']}) to {row['channel']}"
            if row["job"] == "digest" and row["enabled"]
            else ("not set up" if row["job"] == "digest" else f"at {row['hour']}:00 local")
        )
        click.echo(f"{row['team_id']}  {row['job']:<9}  next {row['next_run'] or '-'}  {detail}")


def _local_timezone() -> str | None:
    """The machine's IANA timezone (for due dates typed at the console), if it has one."""
    import os
    from pathlib import Path

    if os.environ.get("TZ"):
        return os.environ["TZ"].lstrip(":")
    link = Path("/etc/localtime")
    if link.is_symlink() and "zoneinfo/" in str(link.resolve()):
        return str(link.resolve()).split("zoneinfo/", 1)[1]
    return None


def main() -> None:
    cli(prog_name="takeaways")
