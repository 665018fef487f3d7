"""The `takeaways` command: a thin layer over the services."""

from __future__ import annotations

import io
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from bot import __version__
from bot.config import ConfigError, Settings, load_settings
from bot.errors import TakeawaysError
from bot.grammar import CONFERENCE_LIMIT, QUERY_LIMIT, TALK_LIMIT, parse, parse_filters
from bot.logs import configure_logging
from bot.results import Experts
from bot.search.glossary import GlossaryError, load_glossary
from bot.search.live import Hit
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.database import open_engine
from bot.services.delivery import Delivery
from bot.services.duplicates import DuplicateGroup
from bot.services.experts import Expert
from bot.services.reminder_runs import ReminderReport
from bot.services.takeaways import Credited, credited_author, day_shown
from bot.services.workspaces import EVERY_STATUS, OPEN_ONLY
from bot.slack.blocks.digest import digest as digest_message
from bot.slack.blocks.terminal import to_terminal
from bot.transfer.conference_records import AttendeeItem, ConferenceItem, TalkItem
from bot.transfer.exporter import ExportReport
from bot.transfer.importer import DEFAULT_BATCH, ImportReport
from bot.transfer.records import (
    Defaults,
    LineError,
    Record,
    check_source_url,
    check_team,
    check_user,
)
from bot.transfer.serialize import followup_json, takeaway_json
from bot.transfer.writers import FORMATS
from bot.wording import counted

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
CLI_USER = "UCLI"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn configuration, database and domain errors into a clear message and exit 1."""
    try:
        yield
    except (ConfigError, GlossaryError) as exc:
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
        engine = open_engine(settings.database)
        glossary = load_glossary(settings.search.glossary_file or None)
    services = build_services(engine, settings=settings, glossary=glossary)
    if migrate_first:
        try:
            services.database.upgrade()
        except Exception as exc:  # any failure here means "cannot reach or migrate"
            raise click.ClickException(
                f"cannot prepare the database at {services.database.where}: "
                f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            ) from exc
    return services


def resolve_team(services: Services, team: str | None) -> str | None:
    """--team, or the only workspace in the database; None when there is none yet."""
    if team:
        return team
    teams = services.workspaces.team_ids()
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
    from bot.slack.server import run_server

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
        services.database.upgrade(revision)
    except Exception as exc:
        raise click.ClickException(f"migration failed: {exc}") from exc
    click.echo(f"database is at revision {services.database.revision()}")


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
            json.dumps(
                [
                    takeaway_json(
                        h.takeaway, score=h.score, related=answer.related.get(h.takeaway.id)
                    )
                    for h in answer.hits
                ],
                indent=2,
            )
        )
        return
    if answer.corrections:
        click.echo("Read " + ", ".join(f"{a} as {b}" for a, b in answer.corrections) + ".")
    if not answer.hits:
        click.echo(f"Nothing found for {text!r}.")
        if answer.suggestions:
            click.echo("Did you mean: " + ", ".join(answer.suggestions))
        return
    for hit in answer.hits:
        t = hit.takeaway
        click.echo(f"#{t.ref}  [{hit.score:.0f}]  {t.text}")
        click.echo("      " + " · ".join(_answer_facts(hit)))


def _answer_facts(hit: Hit) -> list[str]:
    """What Slack shows under a hit: tags, talk, conference, when (the event's day when
    known, not the import's), who, and the source."""
    t = hit.takeaway
    facts = [f"#{tag}" for tag in t.tags]
    if t.talk:
        facts.append(f'"{t.talk}"')
    if t.conference:
        facts.append(t.conference)
    facts.append(day_shown(t, lambda moment: moment.date().isoformat()))
    who = credited_author(t)
    if who:
        facts.append(f"by {who}")
    if t.source_url:
        facts.append(t.source_url)
    return facts


def _only_team(services: Services) -> str | None:
    """The database's workspace when it has exactly one."""
    teams = services.workspaces.team_ids()
    return teams[0] if len(teams) == 1 else None


def _limited(value: str | None, limit: int, flag: str) -> str | None:
    value = (value or "").strip() or None
    if value is not None and len(value) > limit:
        raise click.BadParameter(f"at most {limit} characters", param_hint=flag)
    return value


@cli.command("import")
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
)
@click.option("--conference", help="Conference of records (and notes) that name none.")
@click.option("--talk", help="Talk of records (and notes) that name none.")
@click.option("--author", help="Slack user id for records without an author (default UIMPORT).")
@click.option("--source-url", help="The post or page the notes come from (records that name none).")
@click.option(
    "--date",
    "event_date",
    help="Day of the event or post, YYYY-MM-DD (records that name none); shown with answers.",
)
@click.option(
    "--team",
    help="Put everything in this workspace; default: each record's team_id, else the only one.",
)
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=DEFAULT_BATCH,
    show_default=True,
    help="Records stored per transaction.",
)
def import_(
    paths: tuple[Path, ...],
    conference: str | None,
    talk: str | None,
    author: str | None,
    source_url: str | None,
    event_date: str | None,
    team: str | None,
    dry_run: bool,
    batch_size: int,
) -> None:
    """Import takeaways from JSON Lines or CSV (the export formats) or notes (.md, .txt,
    .html, .org, .rst, .adoc, .tid, .wiki, .eml, .vtt...; any other text file as plain text).

    Notes files are split into takeaway-sized notes: headings become the talk, bullet
    fragments are merged, and each note is tagged with the cloud-native terms it names.
    A bad line is reported with its number and the good ones are imported (exit code 1
    if any line failed). Records already in the database are skipped, so importing the
    same file twice adds nothing.

    Example: takeaways import kubecon-eu-2024.md --conference "KubeCon EU 2024" --dry-run
    """
    defaults = Defaults(
        conference=_limited(conference, CONFERENCE_LIMIT, "--conference"),
        talk=_limited(talk, TALK_LIMIT, "--talk"),
        author=_checked_user(author),
        source_url=_checked_source(source_url),
        event_date=_day_option(event_date, "--date"),
    )
    if team is not None:
        try:
            team = check_team(team.strip(), "--team")
        except LineError as exc:
            raise click.BadParameter(str(exc), param_hint="--team") from None
    services = _open_services(_settings())
    started = time.perf_counter()
    bar_total = sum(p.stat().st_size for p in paths)
    # A bar only where someone watches it: never in logs, pipes or a dry run's listing.
    show_bar = sys.stderr.isatty() and not dry_run
    with (
        _user_errors(),
        click.progressbar(
            length=bar_total, label="Importing", file=sys.stderr if show_bar else io.StringIO()
        ) as bar,
    ):
        report = services.importer.run(
            list(paths),
            team_id=team,
            default_team=_only_team(services),
            defaults=defaults,
            batch_size=batch_size,
            dry_run=dry_run,
            preview=_print_preview if dry_run else None,
            progress=bar.update if show_bar else None,
        )
    _print_import_report(report, dry_run, time.perf_counter() - started)
    if report.error_count:
        sys.exit(1)


def _checked_source(url: str | None) -> str | None:
    if url is None:
        return None
    try:
        return check_source_url(url.strip(), "--source-url")
    except LineError as exc:
        raise click.BadParameter(str(exc), param_hint="--source-url") from None


def _day_option(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2024-03-20", param_hint=flag
        ) from None


def _checked_user(user: str | None, flag: str = "--author") -> str | None:
    """A Slack user id like U0123ABCD: authors and owners end up in <@...> mentions."""
    if user is None:
        return None
    try:
        return check_user(user.strip(), flag)
    except LineError as exc:
        raise click.BadParameter(str(exc), param_hint=flag) from None


def _print_preview(record: Record, team_id: str, new: bool) -> None:
    where = f"line {record.line}"
    state = "new " if new else "have"
    t = record.takeaway
    if record.conference_item is not None:
        click.echo(f"{state}  {where:<10}  {_conference_preview(record.conference_item)}")
        return
    if t is None:
        f = record.followups[0]
        click.echo(f"{state}  {where:<10}  follow-up for {f.owner}: {_one_line(f.text, 100)}")
        return
    context = " / ".join(v for v in (t.conference, t.talk) if v)
    tags = " ".join(f"#{tag}" for tag in t.tags)
    click.echo(f"{state}  {where:<10}  {_one_line(t.text, 100)}")
    extras = [v for v in (context, tags) if v]
    if record.followups:
        extras.append(f"{len(record.followups)} follow-up(s)")
    if extras:
        click.echo(f"{'':18}{' · '.join(extras)}")


def _conference_preview(item: ConferenceItem) -> str:
    if isinstance(item, TalkItem):
        return f"talk of {item.talk.conference}: {_one_line(item.talk.details.title, 100)}"
    if isinstance(item, AttendeeItem):
        return f"{item.user_id} goes to {item.conference}"
    return f"settings of {item.user_id}"


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _print_import_report(report: ImportReport, dry_run: bool, seconds: float) -> None:
    # Nothing imported goes into no workspace: say so without naming one.
    teams = ", ".join(sorted(report.teams))
    verb = "Would import" if dry_run else "Imported"
    counts = (
        f"{counted(report.takeaways_created, 'takeaway')} and "
        f"{counted(report.followups_created, 'follow-up')}"
    )
    if report.conference_created:
        counts = counts.replace(" and ", ", ") + (
            f" and {counted(report.conference_created, 'talk, attendance or settings record')}"
        )
    summary = f"{verb} {counts} into {teams}" if teams else f"{verb} {counts}"
    skipped = report.takeaways_skipped + report.followups_skipped + report.conference_skipped
    if skipped:
        summary += f"; {skipped} already there, skipped"
    summary += f" ({seconds:.1f} s)." if not dry_run else ". Nothing was written (dry run)."
    click.echo(summary)
    if report.error_count:
        click.echo(f"{counted(report.error_count, 'line')} could not be imported:", err=True)
        for error in report.errors:
            click.echo(f"  {error}", err=True)
        more = report.error_count - len(report.errors)
        if more > 0:
            click.echo(f"  ... and {more} more", err=True)


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2024-03-20 (or 2024-03-20T14:30:00Z)",
            param_hint="--since",
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl: lossless (backups, moving databases); csv: spreadsheets; md: a wiki page.",
)
@click.option("--team", help="Only this workspace (default: every workspace).")
@click.option("--since", help="Only takeaways created on or after this date (UTC).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (default: standard output).",
)
def export(fmt: str, team: str | None, since: str | None, output: Path | None) -> None:
    """Export takeaways and their follow-ups.

    The jsonl export imports back with `takeaways import`, into SQLite or Postgres.

    Example: takeaways export --format jsonl --output backup.jsonl
    """
    since_at = _since(since)
    services = _open_services(_settings())
    with _user_errors():
        if output is None:
            report = services.exporter.export(sys.stdout, fmt=fmt, team_id=team, since=since_at)
        else:
            report = _export_to_file(services, output, fmt, team, since_at)
    click.echo(
        f"Exported {counted(report.takeaways, 'takeaway')} and "
        f"{counted(report.followups, 'follow-up')} "
        + (
            f"and {counted(report.talks, 'talk, attendance or settings record')} "
            if report.talks
            else ""
        )
        + "from "
        f"{counted(report.workspaces, 'workspace')}" + (f" to {output}." if output else "."),
        err=True,
    )


def _export_to_file(
    services: Services, output: Path, fmt: str, team: str | None, since: datetime | None
) -> ExportReport:
    """Write beside the target and rename: a failed export never leaves half a backup."""
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            report = services.exporter.export(out, fmt=fmt, team_id=team, since=since)
        partial.replace(output)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return report


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

    from bot.cli.console import run_console

    user_id = _checked_user(user_id, "--user") or "ULOCAL"
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


def _slack_delivery(settings: Settings, services: Services) -> Delivery:
    """Slack, through SLACK_BOT_TOKEN or, in OAuth mode, each workspace's installation."""
    with _user_errors():
        settings.require_slack_jobs()
    from bot.slack.app import make_slack_clients
    from bot.slack.delivery import SlackDelivery

    return SlackDelivery(make_slack_clients(settings, services))


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
    items = services.workspaces.followups(
        team_id, statuses=EVERY_STATUS if include_closed else OPEN_ONLY
    )
    if as_json:
        click.echo(json.dumps([followup_json(f) for f in items], indent=2))
        return
    if not items:
        click.echo("No open follow-ups." if not include_closed else "No follow-ups.")
        return
    for f in items:
        due = f.due.isoformat() if f.due else "no due date"
        linked = f" (takeaway #{f.takeaway_ref})" if f.takeaway_ref is not None else ""
        click.echo(f"#{f.ref}  [{f.status}]  {due}  {f.owner_name or f.owner}: {f.text}{linked}")


@cli.command()
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def duplicates(team: str | None, as_json: bool) -> None:
    """List groups of takeaways that look like near-duplicates, for an admin to merge.

    Example: takeaways duplicates --json
    """
    services = _open_services(_settings())
    team_id = resolve_team(services, team)
    groups = services.duplicate_report.groups(team_id) if team_id is not None else []
    _echo_items(
        groups,
        as_json=as_json,
        as_dict=lambda g: {
            "score": g.score,
            "reasons": g.reasons,
            "takeaways": [takeaway_json(t) for t in g.takeaways],
        },
        empty="No likely duplicates.",
        line=_duplicate_group_lines,
    )


def _credit(t: Credited) -> str:
    return credited_author(t) or "imported"


def _duplicate_group_lines(g: DuplicateGroup) -> str:
    lines = [f"{round(g.score * 100)}% alike ({', '.join(g.reasons)}):"]
    lines += [f"  #{t.ref}  {_credit(t)}: {_one_line(t.text, 100)}" for t in g.takeaways]
    merge = " ".join(str(t.ref) for t in g.takeaways[:2])
    lines.append(f"  merge in Slack: /takeaway merge {merge}")
    return "\n".join(lines)


@cli.command()
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def stale(team: str | None, as_json: bool) -> None:
    """List the takeaways due or overdue for review (revisit date today or before).

    Example: takeaways stale --json
    """
    services = _open_services(_settings())
    team_id = resolve_team(services, team)
    items = services.revisits.stale(team_id) if team_id is not None else []
    _echo_items(
        items,
        as_json=as_json,
        as_dict=takeaway_json,
        empty="Nothing is due for review.",
        line=lambda t: (
            f"#{t.ref}  revisit {t.revisit_on.isoformat() if t.revisit_on else ''}  "
            f"{_credit(t)}: {_one_line(t.text, 90)}"
        ),
    )


@cli.command()
@click.argument("topic", nargs=-1, required=True)
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, best first.")
def who(topic: tuple[str, ...], team: str | None, as_json: bool) -> None:
    """Who knows about a topic, like /takeaway who, with the evidence.

    Example: takeaways who karpenter --json
    """
    services = _open_services(_settings())
    team_id = resolve_team(services, team)
    people: list[Expert] = []
    if team_id is not None:
        with _user_errors():
            found = services.dispatcher.execute(
                Actor(team_id=team_id, user_id=CLI_USER), parse(f"who {' '.join(topic)}")
            )
        assert isinstance(found, Experts)
        people = found.people
    _echo_items(
        people,
        as_json=as_json,
        as_dict=lambda e: {
            "user": e.user,
            "score": e.score,
            "takeaways": e.takeaways,
            "followups_closed": e.followups_closed,
        },
        empty="Nobody has written about that yet.",
        line=lambda e: (
            f"{e.name or e.user} ({e.user})  score {e.score:g}: {e.takeaways} takeaways, "
            f"{len(e.talks)} talks, {e.followups_closed} follow-ups closed, +1 on {e.plus_ones}"
        ),
    )


def _echo_items(
    items: Sequence[T],
    *,
    as_json: bool,
    as_dict: Callable[[T], dict[str, Any]],
    empty: str,
    line: Callable[[T], str],
) -> None:
    """A JSON array of `items`, or a line (or a few) each; `empty` when there are none."""
    if as_json:
        click.echo(json.dumps([as_dict(item) for item in items], indent=2))
        return
    if not items:
        click.echo(empty)
    for item in items:
        click.echo(line(item))


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
    delivery = None if dry_run else _slack_delivery(settings, services)
    with _user_errors():
        outcome = services.digest_runs.post_now(delivery, team_id, dry_run=dry_run)
    if outcome.status == "dry-run" and outcome.content is not None:
        click.echo(to_terminal(digest_message(outcome.content)))
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
    report = services.reminder_runs.run(
        _slack_delivery(settings, services), force=True, team_id=team
    )
    _echo_dm_report(report)


@cli.command()
@click.option("--now", "now_flag", is_flag=True, help="Run the revisit pass now (required).")
@click.option("--team", help="Only this workspace.")
def revisit(now_flag: bool, team: str | None) -> None:
    """DM every author with takeaways due for review now, whatever their local hour.

    Still at most one bot DM per person and local day: whoever already had today's
    (reminders, a brief) is asked on the next quiet day. Exits 1 if any DM failed.

    Example: takeaways revisit --now
    """
    if not now_flag:
        raise click.UsageError("say --now to send revisit DMs now")
    settings = _settings()
    services = _open_services(settings)
    report = services.revisit_runs.run(
        _slack_delivery(settings, services), force=True, team_id=team
    )
    _echo_dm_report(report)


def _echo_dm_report(report: ReminderReport) -> None:
    """What a forced DM pass did; exits 1 when a DM failed."""
    click.echo(
        f"sent {len(report.sent)}, already sent today {len(report.already_sent)}, "
        f"failed {len(report.failed)}"
    )
    for key in report.failed:
        click.echo(f"failed: {key}", err=True)
    if report.failed:
        sys.exit(1)


@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def schedule(ctx: click.Context, as_json: bool) -> None:
    """Show each scheduled job's next run time per workspace; `schedule import` reads a
    conference's schedule.

    Example: takeaways schedule --json
    """
    if ctx.invoked_subcommand is not None:
        return
    settings = _settings()
    services = _open_services(settings)
    rows = services.schedule.rows(settings)
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


# The conference commands live in their own module, which adds them to the group above.
from bot.cli import conferences as _conferences  # noqa: E402, F401
