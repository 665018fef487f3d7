"""Bulk-load takeaways and follow-ups from files, in batches, skipping what is already there.

Every record is checked with the same limits as /takeaway add. A bad one is reported with
its file and line and the good ones are stored: a typo on line 40,000 costs one line, not
the import. Each batch is one transaction that also logs its ids in the search change log,
so every replica's index picks them up. Records carry a `uid` (exports write it; otherwise
it is derived from the content) and a uid already in the workspace is skipped, so a file
imported twice adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import exc
from sqlalchemy.orm import Session, sessionmaker

from bot.errors import InvalidInput, Unavailable
from bot.search.glossary import Glossary
from bot.services.clock import Clock
from bot.services.transactions import transaction
from bot.transfer import conference_records
from bot.transfer.markup import NOTE_FORMATS
from bot.transfer.readers import (
    KINDS,
    Bad,
    Parsed,
    Progress,
    kind_of,
    open_counted,
    read_csv,
    read_jsonl,
    read_notes,
)
from bot.transfer.records import Defaults, Record
from storage import takeaways as repo
from storage import transfer

DEFAULT_BATCH = 1000
MAX_REPORTED_ERRORS = 20
# The kinds of file whose records can name their workspace (a team_id field): not notes.
RECORDS = frozenset(KINDS.values()) - frozenset(NOTE_FORMATS.values())
# Where a dry run with no workspace to go to previews records (no team id looks like it).
NO_WORKSPACE_YET = "no workspace yet (choose one with --team)"
NO_TEAM = "no workspace for this record: choose one with --team (a Slack team id like T0123ABCD)"


@dataclass
class ImportReport:
    records: int = 0
    takeaways_created: int = 0
    takeaways_skipped: int = 0
    followups_created: int = 0
    followups_skipped: int = 0
    # Talks and attendances (bot.transfer.conference_records).
    conference_created: int = 0
    conference_skipped: int = 0
    batches: int = 0
    error_count: int = 0
    errors: list[str] = field(default_factory=list)
    teams: set[str] = field(default_factory=set)
    # (team, takeaway id, uid): superseded by a takeaway further down the files.
    superseded_later: list[tuple[str, int, str]] = field(default_factory=list)

    def failed(self, where: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(f"{where}: {message}")


# What a dry run shows for each record: the record, its workspace, and whether it is new.
Preview = Callable[[Record, str, bool], None]


class Importer:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock, glossary: Glossary) -> None:
        self._sessions = sessions
        self._clock = clock
        self._glossary = glossary

    def run(
        self,
        paths: Sequence[Path],
        *,
        team_id: str | None = None,
        default_team: str | None = None,
        defaults: Defaults | None = None,
        batch_size: int = DEFAULT_BATCH,
        dry_run: bool = False,
        preview: Preview | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import the files in order. `team_id` (--team) puts every record in that
        workspace; otherwise a record's own team_id, else `default_team`."""
        defaults = defaults or Defaults()
        kinds = [kind_of(path) for path in paths]  # an unsupported file fails first
        if team_id is None and default_team is None and dry_run:
            # A look before the first import, on a fresh install: everything is new.
            default_team = NO_WORKSPACE_YET
        if team_id is None and default_team is None:
            # A notes file names no workspace: every one of its notes would fail alike, so
            # say it once, before reading anything.
            notes_files = [p for p, k in zip(paths, kinds, strict=True) if k not in RECORDS]
            if notes_files:
                raise InvalidInput(
                    f"{notes_files[0]}: a notes file names no workspace, and the database "
                    "has none or several: choose one with --team",
                    hint="A Slack team id looks like T0123ABCD (the bot records each "
                    "workspace it is installed in or used from).",
                )
        report = ImportReport()
        batch: list[tuple[str, Record]] = []
        seen: set[tuple[str, str]] = set()
        for path in paths:
            for parsed in self._read(path, defaults, progress):
                if isinstance(parsed, Bad):
                    report.failed(f"{path} line {parsed.line}", parsed.message)
                    continue
                team = team_id or parsed.team_id or default_team
                if team is None:
                    report.failed(f"{path} line {parsed.line}", NO_TEAM)
                    continue
                report.records += 1
                batch.append((team, parsed))
                if len(batch) >= batch_size:
                    self._flush(batch, report, dry_run, preview, seen, path)
                    batch = []
            if batch:
                self._flush(batch, report, dry_run, preview, seen, path)
                batch = []
        if report.superseded_later:
            with transaction(self._sessions) as session:
                for team in {t for t, _, _ in report.superseded_later}:
                    pending = [(i, u) for t, i, u in report.superseded_later if t == team]
                    transfer.link_superseded(session=session, team_id=team, pending=pending)
        return report

    def _read(self, path: Path, defaults: Defaults, progress: Progress | None) -> Iterator[Parsed]:
        kind = kind_of(path)
        now = self._clock()
        with open_counted(path, progress) as stream:
            if kind == "jsonl":
                yield from read_jsonl(stream, now=now, defaults=defaults)
            elif kind == "csv":
                yield from read_csv(stream, now=now, defaults=defaults)
            else:
                yield from read_notes(
                    stream,
                    name=path.name,
                    kind=kind,
                    glossary=self._glossary,
                    now=now,
                    defaults=defaults,
                )

    def _flush(
        self,
        batch: list[tuple[str, Record]],
        report: ImportReport,
        dry_run: bool,
        preview: Preview | None,
        seen: set[tuple[str, str]],
        path: Path,
    ) -> None:
        by_team: dict[str, list[Record]] = {}
        for team, record in batch:
            by_team.setdefault(team, []).append(record)
        report.batches += 1
        if dry_run:
            for team, records in by_team.items():
                self._preview(team, records, report, preview, seen)
            return
        try:
            self._store_batch(by_team, report)
        except (exc.DataError, exc.IntegrityError):
            # Something the checks let through and the database refuses (a value its
            # column cannot hold): store the batch record by record to name the bad line.
            for team, record in batch:
                try:
                    self._store_batch({team: [record]}, report)
                except (exc.DataError, exc.IntegrityError) as error:
                    reason = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
                    report.failed(
                        f"{path} line {record.line}", f"the database refused it: {reason}"
                    )
        except Unavailable as error:
            raise Unavailable(
                f"{error.message} {report.takeaways_created} takeaways were stored before; "
                f"the batch ending at {path} line {batch[-1][1].line} and the rest were not."
            ) from error

    def _store_batch(self, by_team: dict[str, list[Record]], report: ImportReport) -> None:
        """One transaction; the report counts only what it committed."""
        counted = ImportReport()
        with transaction(self._sessions) as session:
            for team, records in by_team.items():
                self._store(session, team, records, counted)
        report.teams |= counted.teams
        report.takeaways_created += counted.takeaways_created
        report.takeaways_skipped += counted.takeaways_skipped
        report.followups_created += counted.followups_created
        report.followups_skipped += counted.followups_skipped
        report.conference_created += counted.conference_created
        report.conference_skipped += counted.conference_skipped
        report.superseded_later += counted.superseded_later

    def _store(
        self, session: Session, team: str, records: list[Record], report: ImportReport
    ) -> None:
        enterprise_id = next((r.enterprise_id for r in records if r.enterprise_id), None)
        repo.ensure_workspace(
            session=session, team_id=team, enterprise_id=enterprise_id, now=self._clock()
        )
        items = [
            transfer.ImportItem(team, r.enterprise_id, r.takeaway, r.followups)
            for r in records
            if r.conference_item is None
        ]
        for record in records:
            if record.conference_item is None:
                continue
            if conference_records.store(session, team, record.conference_item):
                report.conference_created += 1
            else:
                report.conference_skipped += 1
        stored = transfer.store(session=session, team_id=team, items=items)
        if stored.takeaway_ids:
            repo.record_change(session=session, team_id=team, takeaway_ids=stored.takeaway_ids)
        report.teams.add(team)
        report.takeaways_created += len(stored.takeaway_ids)
        report.takeaways_skipped += stored.takeaways_skipped
        report.followups_created += stored.followups_created
        report.followups_skipped += stored.followups_skipped
        report.superseded_later += [(team, i, u) for i, u in stored.superseded_later]

    def _preview(
        self,
        team: str,
        records: list[Record],
        report: ImportReport,
        preview: Preview | None,
        seen: set[tuple[str, str]],
    ) -> None:
        """Count (and show) what a real import would create, without writing."""
        takeaway_uids = [r.takeaway.uid for r in records if r.takeaway]
        followup_uids = [f.uid for r in records for f in r.followups]
        with transaction(self._sessions) as session:
            have_takeaways, have_followups = transfer.existing_uids(
                session=session,
                team_id=team,
                takeaway_uids=takeaway_uids,
                followup_uids=followup_uids,
            )
        report.teams.add(team)
        for record in records:
            new = True
            if record.conference_item is not None:
                report.conference_created += 1  # a dry run does not look them up
            if record.takeaway is not None:
                key = (team, "t:" + record.takeaway.uid)
                new = record.takeaway.uid not in have_takeaways and key not in seen
                seen.add(key)
                if new:
                    report.takeaways_created += 1
                else:
                    report.takeaways_skipped += 1
            for f in record.followups:
                key = (team, "f:" + f.uid)
                if f.uid in have_followups or key in seen:
                    report.followups_skipped += 1
                else:
                    report.followups_created += 1
                seen.add(key)
            if preview is not None:
                preview(record, team, new)
