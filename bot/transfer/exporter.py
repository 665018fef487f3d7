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
from bot.transfer.writers import FORMATS, CsvWriter, JsonlWriter, MarkdownWriter
from storage import transfer
from storage.models import Followup
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
        takeaways = followups = 0
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
                if shared is None:
                    writer.close()
            if shared is not None:
                shared.close()
            elif not workspaces:
                MarkdownWriter(out, title="Takeaways").close()
        return ExportReport(len(workspaces), takeaways, followups)

    def markdown(self, team_id: str) -> tuple[str, ExportReport]:
        """One workspace's report as Markdown text (what /takeaway export sends)."""
        with transaction(self._sessions) as session:
            known = bool(transfer.teams(session=session, team_id=team_id))
        if not known:  # nothing was ever recorded here
            return "", ExportReport(0, 0, 0)
        out = io.StringIO()
        report = self.export(out, fmt="md", team_id=team_id)
        return out.getvalue(), report


def _snapshot(session: Session) -> None:
    """Read every table as of one moment: a backup taken while the bot runs stays whole."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        # Python's sqlite3 opens a transaction only before a write, so each SELECT would
        # see the latest commit; an explicit BEGIN holds one WAL snapshot until COMMIT.
        session.connection().exec_driver_sql("BEGIN")
