"""Bulk-load takeaways from a file: validate every line first, then store in batches.

A file with a bad line stores nothing: the error names every bad line (up to a limit), so
the file can be fixed and imported again. Valid files are stored one transaction per
batch; each batch logs its ids in the search change log, so every replica's index picks
them up.

JSON Lines (one object a line) is the first format. Its fields are those of
`takeaways ask --json`: `text` (required), `tags`, `conference`, `talk`, `author`,
`created_at`, plus `author_name`, `links` and `updated_at`; `id`, `team_id` and `score`
are accepted and ignored, so an exported file imports as is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot import commands as c
from bot.errors import InvalidInput, Unavailable
from bot.services.clock import Clock
from bot.services.transactions import transaction
from bot.slack_text import extract_links
from storage import repositories as repo

DEFAULT_BATCH = 1000
MAX_REPORTED_ERRORS = 20
IMPORT_AUTHOR = "UIMPORT"
IMPORT_AUTHOR_NAME = "import"
AUTHOR_LIMIT = 64
AUTHOR_NAME_LIMIT = 200
FIELDS = ("text", "tags", "conference", "talk", "author", "created_at")
EXPORT_FIELDS = ("author_name", "links", "updated_at")
IGNORED_FIELDS = ("id", "team_id", "score")
_TAG_RE = re.compile(r"[^\W\d_][\w.+-]*")


class ImportFailed(InvalidInput):
    """Some lines cannot be imported; nothing was stored."""

    def __init__(self, errors: list[str], total: int) -> None:
        more = total - len(errors)
        listed = "\n".join(errors) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(
            f"{total} line{'s' if total != 1 else ''} cannot be imported; nothing was stored.",
            hint=listed,
        )
        self.errors = errors
        self.total = total


@dataclass(frozen=True)
class ImportReport:
    imported: int
    lines: int
    batches: int


class LineError(ValueError):
    """One line is not a takeaway; the message says why."""


def _string(record: dict[str, Any], key: str, limit: int) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError(f"`{key}` must be a string, got {type(value).__name__}")
    value = value.strip()
    if len(value) > limit:
        raise LineError(f"`{key}` is {len(value)} characters; the limit is {limit}")
    return value or None


def _strings(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LineError(f"`{key}` must be a list of strings")
    return value


def _moment(record: dict[str, Any], key: str) -> datetime | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError(f"`{key}` must be an ISO 8601 date-time string")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise LineError(
            f"`{key}` is not an ISO 8601 date-time: {value[:40]!r} "
            '(e.g. "2024-03-20T14:30:00Z" or "2024-03-20")'
        ) from None
    # A time without a zone, or a bare date, is taken as UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _tags(record: dict[str, Any]) -> tuple[str, ...]:
    tags: list[str] = []
    for raw in _strings(record, "tags"):
        tag = c.normalize_tag(raw)
        if not _TAG_RE.fullmatch(tag):
            raise LineError(f"tag {raw[:40]!r} must start with a letter (like #karpenter)")
        if len(tag) > c.TAG_LIMIT:
            raise LineError(f"tag {raw[:40]!r} is too long (at most {c.TAG_LIMIT} characters)")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > c.MAX_TAGS:
        raise LineError(f"{len(tags)} tags; a takeaway can have at most {c.MAX_TAGS}")
    return tuple(tags)


def to_takeaway(record: object, *, now: datetime) -> repo.NewTakeaway:
    """Validate one decoded record (same limits as /takeaway add)."""
    if not isinstance(record, dict):
        raise LineError("each line must be a JSON object")
    unknown = set(record) - {*FIELDS, *EXPORT_FIELDS, *IGNORED_FIELDS}
    if unknown:
        raise LineError(
            f"unknown field{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(f'`{k}`' for k in sorted(unknown))} (known: {', '.join(FIELDS)}, "
            f"{', '.join(EXPORT_FIELDS)})"
        )
    text = _string(record, "text", c.TEXT_LIMIT)
    if text is None:
        raise LineError("`text` is missing or empty")
    links = _strings(record, "links") or extract_links(text)
    if len(links) > c.MAX_LINKS:
        raise LineError(f"{len(links)} links; a takeaway can keep at most {c.MAX_LINKS}")
    created = _moment(record, "created_at") or now
    return repo.NewTakeaway(
        text=text,
        tags=_tags(record),
        conference=_string(record, "conference", c.CONFERENCE_LIMIT),
        talk=_string(record, "talk", c.TALK_LIMIT),
        links=tuple(links),
        author=_string(record, "author", AUTHOR_LIMIT) or IMPORT_AUTHOR,
        author_name=_string(record, "author_name", AUTHOR_NAME_LIMIT) or IMPORT_AUTHOR_NAME,
        created_at=created,
        updated_at=_moment(record, "updated_at") or created,
    )


def parse_line(number: int, raw: bytes, *, now: datetime) -> repo.NewTakeaway | None:
    """One line of a JSON Lines file: a takeaway, or None for a blank line."""
    try:
        line = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise LineError(f"line {number}: not UTF-8 text") from None
    if not line:
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineError(
            f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})"
        ) from None
    try:
        return to_takeaway(record, now=now)
    except LineError as exc:
        raise LineError(f"line {number}: {exc}") from None


def read_jsonl(lines: Iterable[bytes], *, now: datetime) -> Iterator[tuple[int, repo.NewTakeaway]]:
    """(line number, takeaway) for each non-blank line; stops at the first bad one."""
    for number, raw in enumerate(lines, start=1):
        takeaway = parse_line(number, raw, now=now)
        if takeaway is not None:
            yield number, takeaway


class Importer:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def check_jsonl(self, path: Path) -> int:
        """Validate a whole file; the number of takeaways in it. Raises ImportFailed."""
        errors: list[str] = []
        total_errors = 0
        count = 0
        now = self._clock()
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                try:
                    if parse_line(number, raw, now=now) is not None:
                        count += 1
                except LineError as exc:
                    total_errors += 1
                    if len(errors) < MAX_REPORTED_ERRORS:
                        errors.append(str(exc))
        if total_errors:
            raise ImportFailed(errors, total_errors)
        return count

    def import_jsonl(
        self,
        path: Path,
        *,
        team_id: str,
        enterprise_id: str | None = None,
        batch_size: int = DEFAULT_BATCH,
    ) -> ImportReport:
        """Validate the file, then store it one transaction per batch."""
        self.check_jsonl(path)
        now = self._clock()
        imported = batches = last_line = 0
        batch: list[repo.NewTakeaway] = []
        with path.open("rb") as fh:
            for number, takeaway in read_jsonl(fh, now=now):
                batch.append(takeaway)
                last_line = number
                if len(batch) >= batch_size:
                    imported += self._store(team_id, enterprise_id, batch, imported, last_line)
                    batches += 1
                    batch = []
            if batch:
                imported += self._store(team_id, enterprise_id, batch, imported, last_line)
                batches += 1
        return ImportReport(imported=imported, lines=last_line, batches=batches)

    def _store(
        self,
        team_id: str,
        enterprise_id: str | None,
        batch: list[repo.NewTakeaway],
        stored: int,
        last_line: int,
    ) -> int:
        try:
            with transaction(self._sessions) as session:
                repo.ensure_workspace(
                    session=session, team_id=team_id, enterprise_id=enterprise_id, now=self._clock()
                )
                ids = repo.add_takeaways(
                    session=session, team_id=team_id, enterprise_id=enterprise_id, rows=batch
                )
                repo.record_change(session=session, team_id=team_id, takeaway_ids=ids)
        except Unavailable as exc:
            raise Unavailable(
                f"{exc.message} The first {stored} takeaways of the file were stored; "
                f"the batch ending at line {last_line} and the rest were not."
            ) from exc
        return len(ids)
