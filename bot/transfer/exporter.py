"""Write a database's takeaways and follow-ups out: a backup, a move between SQLite and
Postgres, a spreadsheet, a wiki page."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Protocol

from sqlalchemy.orm import Session, sessionmaker

from bot.errors import InvalidInput
from bot.services.clock import Clock
from bot.services.transactions import transaction
from bot.transfer.conference_records import attendee_record, settings_record, talk_record
from bot.transfer.writers import FORMATS, CsvWriter, JsonlWriter, MarkdownWriter
from storage import schedules as schedule_repo
from storage import talks as talk_repo
from storage import transfer
from storage.models import Followup, Workspace
from storage.transfer import ExportedTakeaway


class _Writer(Protocol):
    def takeaway(self, item: ExportedTakeaway) -> None: ...
    def followup(self, f: Followup, enterprise_id: str | None) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class ExportReport:
    workspaces: int
    takeaways: int
    followups: int
    talks: int = 0  # talks and attendances: JSON Lines only


class Exporter:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def export(
        self,
        out: IO[str],
        *,
        fmt: str,
        team_id: str | None = None,
        since: datetime | None = None,
    ) -> ExportReport:
        """Every workspace's records (or one workspace's), created at or after `since`."""
        if fmt not in FORMATS:
            raise InvalidInput(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        takeaways = followups = talks = 0
        with transaction(self._sessions) as session:
            _snapshot(session)
            workspaces = transfer.teams(session=session, team_id=team_id)
            if team_id is not None and not workspaces:
                raise InvalidInput(f"this database has no workspace {team_id}")
            # JSON Lines and CSV are one stream; Markdown is a report per workspace.
            shared: _Writer | None = (
                JsonlWriter(out) if fmt == "jsonl" else CsvWriter(out) if fmt == "csv" else None
            )
            for workspace in workspaces:
                writer = shared or MarkdownWriter(out, title=f"Takeaways of {workspace.team_id}")
                for item in transfer.export_takeaways(
                    session=session, team_id=workspace.team_id, since=since
                ):
                    writer.takeaway(item)
                    takeaways += 1
                    followups += len(item.followups)
                for f in transfer.unlinked_followups(
                    session=session, team_id=workspace.team_id, since=since
                ):
                    writer.followup(f, workspace.enterprise_id)
                    followups += 1
                if isinstance(shared, JsonlWriter):
                    talks += _write_conferences(session, shared, workspace)
                if shared is None:
                    writer.close()
            if shared is not None:
                shared.close()
            elif not workspaces:
                MarkdownWriter(out, title="Takeaways").close()
        return ExportReport(len(workspaces), takeaways, followups, talks)

    def markdown(self, team_id: str) -> tuple[str, ExportReport]:
        """One workspace's report as Markdown text (what /takeaway export sends)."""
        with transaction(self._sessions) as session:
            known = bool(transfer.teams(session=session, team_id=team_id))
        if not known:  # nothing was ever recorded here
            return "", ExportReport(0, 0, 0)
        out = io.StringIO()
        report = self.export(out, fmt="md", team_id=team_id)
        return out.getvalue(), report


def _write_conferences(session: Session, writer: JsonlWriter, workspace: Workspace) -> int:
    """The workspace's talks (with who starred them), who went where and people's own
    notification settings: JSON Lines only,
    like follow-ups of no takeaway (a spreadsheet row or a wiki page has no place for them)."""
    rows = talk_repo.all_talks(session=session, team_id=workspace.team_id)
    stars = talk_repo.stars_by_talk(session=session, talk_ids=[t.id for t in rows])
    for talk in rows:
        writer.record(talk_record(talk, stars.get(talk.id, []), workspace.enterprise_id))
    going = talk_repo.attendees(session=session, team_id=workspace.team_id)
    for row in going:
        writer.record(attendee_record(row, workspace.enterprise_id))
    people = schedule_repo.people_with_preferences(session=session, team_id=workspace.team_id)
    for person in people:
        writer.record(settings_record(person, workspace.enterprise_id))
    return len(rows) + len(going) + len(people)


def _snapshot(session: Session) -> None:
    """Read every table as of one moment: a backup taken while the bot runs stays whole."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        # Python's sqlite3 opens a transaction only before a write, so each SELECT would
        # see the latest commit; an explicit BEGIN holds one WAL snapshot until COMMIT.
        session.connection().exec_driver_sql("BEGIN")
