"""`takeaways schedule import`, `takeaways report` and `takeaways brief`: conferences as
events, on the command line. Registered on the `takeaways` group by bot.cli.main."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.cli.main import _open_services, _settings, _user_errors, cli, resolve_team, schedule
from bot.grammar import CONFERENCE_LIMIT, Brief
from bot.results import BriefShown, ReportShown
from bot.services.actor import Actor
from bot.services.briefs import brief_json
from bot.services.reports import report_json
from bot.slack.blocks import render_result
from bot.slack.blocks.terminal import to_terminal
from bot.transfer.records import LineError, check_team, check_user
from bot.transfer.schedules import fetch_schedule, read_schedule
from bot.transfer.trip_report import trip_report

MAX_SHOWN_PROBLEMS = 20


def _team_option(team: str | None) -> str | None:
    if team is None:
        return None
    try:
        return check_team(team.strip(), "--team")
    except LineError as exc:
        raise click.BadParameter(str(exc), param_hint="--team") from None


def _conference_option(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise click.BadParameter("give the conference's name", param_hint="--conference")
    if len(value) > CONFERENCE_LIMIT:
        raise click.BadParameter(
            f"at most {CONFERENCE_LIMIT} characters", param_hint="--conference"
        )
    return value


@schedule.command("import")
@click.argument("source", metavar="FILE_OR_URL")
@click.option("--conference", required=True, help='The conference, like "KubeCon EU 2025".')
@click.option(
    "--timezone",
    help="IANA zone for times that carry none (Sessionize JSON, floating .ics times).",
)
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
@click.option("--dry-run", is_flag=True, help="List the talks found; store nothing.")
def schedule_import(
    source: str, conference: str, timezone: str | None, team: str | None, dry_run: bool
) -> None:
    """Import a conference's schedule: iCalendar (.ics, from Sched or Sessionize) or
    Sessionize JSON, from a file or an http(s) address. Importing it again updates
    changed talks and adds nothing twice. An event that cannot be read is reported with
    its line (exit code 1); the others are stored.

    Example: takeaways schedule import kubecon-eu-2025.ics --conference "KubeCon EU 2025"
    """
    conference = _conference_option(conference)
    team = _team_option(team)
    web = source.lower().startswith(("http://", "https://"))
    if not web and not Path(source).is_file():
        raise click.BadParameter(f"no file {source!r}", param_hint="FILE_OR_URL")
    with _user_errors():
        if web:
            parsed = fetch_schedule(source, timezone=timezone)
        else:
            parsed = read_schedule(Path(source), timezone=timezone)
    if dry_run:
        for talk in (t.details for t in parsed.talks):
            when = f"{talk.starts_at:%Y-%m-%d %H:%M}Z" if talk.starts_at else "no time"
            room = f" · {talk.room}" if talk.room else ""
            speakers = f" · {', '.join(talk.speakers)}" if talk.speakers else ""
            click.echo(f"{when}  {talk.title}{room}{speakers}")
        click.echo(f"Would import {len(parsed.talks)} talks. Nothing was written (dry run).")
    else:
        services = _open_services(_settings())
        team_id = resolve_team(services, team)
        if team_id is None:
            raise click.ClickException(
                "the database has no workspace yet; say which with --team (like T0123ABCD)"
            )
        with _user_errors():
            done = services.schedules.store(team_id, conference, parsed.talks)
        click.echo(
            f"{done.conference}: {done.created} new talk{'s' if done.created != 1 else ''}, "
            f"{done.updated} updated, "
            f"{done.unchanged} unchanged, in {team_id}."
        )
    for note in parsed.skipped[:MAX_SHOWN_PROBLEMS]:
        click.echo(f"  skipped {note}")
    if len(parsed.skipped) > MAX_SHOWN_PROBLEMS:
        click.echo(f"  ... and {len(parsed.skipped) - MAX_SHOWN_PROBLEMS} more skipped")
    if parsed.errors:
        count = len(parsed.errors)
        click.echo(f"{count} event{'s' if count != 1 else ''} could not be imported:", err=True)
        for bad in parsed.errors[:MAX_SHOWN_PROBLEMS]:
            click.echo(f"  {source} {parsed.unit} {bad.line}: {bad.message}", err=True)
        if len(parsed.errors) > MAX_SHOWN_PROBLEMS:
            click.echo(f"  ... and {len(parsed.errors) - MAX_SHOWN_PROBLEMS} more", err=True)
        sys.exit(1)


@cli.command()
@click.option("--conference", required=True, help='The conference, like "KubeCon EU 2025".')
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md"]),
    default="text",
    show_default=True,
    help="text: as Slack shows it; json: the numbers; md: the trip report for a wiki.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (default: standard output).",
)
def report(conference: str, fmt: str, as_json: bool, team: str | None, output: Path | None) -> None:
    """A conference's follow-through: takeaways, follow-ups done on time, late, open,
    overdue and dropped, the learned-vs-acted ratio and who went; `--format md` writes
    the trip report (themes, per talk, best takeaways, follow-ups) for a wiki.

    Example: takeaways report --conference "KubeCon EU 2025" --format md -o trip.md
    """
    conference = _conference_option(conference)
    fmt = "json" if as_json else fmt
    services = _open_services(_settings())
    team_id = resolve_team(services, _team_option(team))
    if team_id is None:
        raise click.ClickException("the database has no workspace yet; nothing to report")
    with _user_errors():
        found = services.reports.report(team_id, conference, detail=fmt != "json")
    if fmt == "json":
        text = json.dumps(report_json(found), indent=2) + "\n"
    elif fmt == "md":
        text = trip_report(found)
    else:
        text = to_terminal(render_result(ReportShown(found))) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    click.echo(f"Wrote the {found.conference} report to {output}.", err=True)


@cli.command()
@click.option("--conference", required=True, help='The conference, like "KubeCon EU 2025".')
@click.option("--user", "user_id", required=True, help="Whose brief: a Slack user id (U0123ABCD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--team", help="Workspace (team id); default: the only one in the database.")
def brief(conference: str, user_id: str, as_json: bool, team: str | None) -> None:
    """The pre-conference brief of one attendee: for the talks they starred, what the team
    already knows and who to ask, what nobody has covered, and what is still open from
    the previous edition.

    Example: takeaways brief --conference "KubeCon EU 2025" --user U0123ABCD --json
    """
    conference = _conference_option(conference)
    try:
        user = check_user(user_id.strip(), "--user")
    except LineError as exc:
        raise click.BadParameter(str(exc), param_hint="--user") from None
    services = _open_services(_settings())
    team_id = resolve_team(services, _team_option(team))
    if team_id is None:
        raise click.ClickException("the database has no workspace yet; nothing to brief on")
    with _user_errors():
        result = services.dispatcher.execute(
            Actor(team_id=team_id, user_id=user), Brief(conference)
        )
    assert isinstance(result, BriefShown)
    if as_json:
        click.echo(json.dumps(brief_json(result.brief), indent=2))
    else:
        click.echo(to_terminal(render_result(result)))
