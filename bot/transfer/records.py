"""Import records: a JSON object (a line of JSON Lines, or a CSV row turned into one)
checked with the same limits as /takeaway add, and turned into what storage inserts.

The fields are those `takeaways export --format jsonl` writes, so an export imports as
is. A record without a `uid` gets one derived from its content: importing the same file
twice finds the first import's rows instead of adding them again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from bot import grammar as c
from bot.mrkdwn import extract_links
from storage.followups import DONE, DROPPED, OPEN
from storage.models import IMPORT_AUTHOR, IMPORT_AUTHOR_NAME
from storage.revisits import CURRENT
from storage.revisits import STATUSES as TAKEAWAY_STATUSES
from storage.transfer import NewFollowup, NewTakeaway

if TYPE_CHECKING:
    from bot.transfer.conference_records import ConferenceItem

USER_LIMIT = 64
NAME_LIMIT = 200
UID_LIMIT = 64
SOURCE_URL_LIMIT = 2000

TAKEAWAY_FIELDS = (
    "text",
    "tags",
    "conference",
    "talk",
    "links",
    "author",
    "author_name",
    "source_author",
    "source_author_name",
    "source_url",
    "event_date",
    "created_at",
    "updated_at",
    "uid",
    "coauthors",
    "plus_ones",
    "merged_from",
    "separate_from",
    "status",
    "revisit_on",
    "verified_at",
    "superseded_by_uid",
    "followups",
)
FOLLOWUP_FIELDS = (
    "text",
    "owner",
    "owner_name",
    "creator",
    "due",
    "status",
    "created_at",
    "updated_at",
    "closed_at",
    "closed_by",
    "uid",
)
# Written by export (or `ask --json`) and read back only to place the record: ids are
# the old database's, team_id and enterprise_id choose the workspace when --team is not
# given, type tells takeaways from follow-ups.
CONTEXT_FIELDS = (
    "type",
    "id",
    "team_id",
    "enterprise_id",
    "score",
    "takeaway_id",
    # What `ask --json` adds: the other takeaways' numbers in the old database.
    "superseded_by",
    "related",
)
STATUSES = (OPEN, DONE, DROPPED)
_TAG_RE = re.compile(c.TAG_PATTERN)
_UID_RE = re.compile(r"[\w.:-]+")
# A Slack user id (and the CLI's UCLI, ULOCAL, UIMPORT): authors and owners are put in
# <@...> mentions, so anything else could ping a channel from the digest.
_USER_RE = re.compile(r"[UW][A-Z0-9]{1,63}")
# Links go back to Slack and into Markdown: web addresses, one word each.
_LINK_RE = re.compile(r"https?://[^\s\x00-\x1f\x7f]{1,8000}", re.IGNORECASE)


class LineError(ValueError):
    """One record cannot be imported; the message says why."""


@dataclass(frozen=True)
class Defaults:
    """What the import command line fills in where a record says nothing."""

    conference: str | None = None
    talk: str | None = None
    author: str | None = None
    source_url: str | None = None
    event_date: date | None = None


@dataclass(frozen=True)
class Record:
    """A valid record, not yet placed in a workspace."""

    line: int
    team_id: str | None
    enterprise_id: str | None
    takeaway: NewTakeaway | None
    followups: tuple[NewFollowup, ...]
    # A talk, an attendance or a person's settings (bot.transfer.conference_records).
    conference_item: ConferenceItem | None = None


def content_uid(*parts: object) -> str:
    """A stable uid for a record that has none: the same content gives the same uid."""
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()
    return digest[:32]


def check_user(value: str, what: str) -> str:
    if not _USER_RE.fullmatch(value):
        raise LineError(f"{what} must be a Slack user id like U0123ABCD, got {value[:40]!r}")
    return value


def _string(record: dict[str, Any], key: str, limit: int) -> str | None:
    """The value as written (an export comes back as it went out); blank means absent."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError(f"`{key}` must be a string, got {type(value).__name__}")
    if len(value) > limit:
        raise LineError(f"`{key}` is {len(value)} characters; the limit is {limit}")
    return value if value.strip() else None


def _storable(value: object, where: str = "") -> None:
    """Text any database takes, as every other entry checks it (bot.grammar.text_problem):
    Postgres refuses NUL, and JSON can carry lone surrogates that are not Unicode at all."""
    if isinstance(value, str):
        problem = c.text_problem(value)
        if problem is not None:
            raise LineError(f"{where or 'a value'} contains {problem}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(key, "a field name")
            _storable(item, f"`{key}`")
    elif isinstance(value, list):
        for item in value:
            _storable(item, where)


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
        # A time without a zone, or a bare date, is taken as UTC. Converting can overflow
        # at the edge of the calendar ("0001-01-01T00:00+01:00").
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise LineError(
            f"`{key}` is not an ISO 8601 date-time: {value[:40]!r} "
            '(e.g. "2024-03-20T14:30:00Z" or "2024-03-20")'
        ) from None
    return moment


def _day(record: dict[str, Any], key: str) -> date | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LineError(f"`{key}` must be a date string like 2024-04-01")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise LineError(f"`{key}` is not a date like 2024-04-01: {value[:40]!r}") from None


def _uid(record: dict[str, Any]) -> str | None:
    return _uid_of(record, "uid")


def _user(record: dict[str, Any], key: str) -> str | None:
    value = _string(record, key, USER_LIMIT)
    if value is not None and not _USER_RE.fullmatch(value):
        raise LineError(f"`{key}` must be a Slack user id like U0123ABCD, got {value[:40]!r}")
    return value


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


def _check_fields(record: dict[str, Any], known: tuple[str, ...], what: str) -> None:
    unknown = set(record) - {*known, *CONTEXT_FIELDS}
    if unknown:
        raise LineError(
            f"unknown {what}field{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(f'`{k}`' for k in sorted(unknown))} (known: {', '.join(known)})"
        )


def to_takeaway(record: dict[str, Any], *, now: datetime, defaults: Defaults) -> NewTakeaway:
    _check_fields(record, TAKEAWAY_FIELDS, "")
    text = _string(record, "text", c.TEXT_LIMIT)
    if text is None:
        raise LineError("`text` is missing or empty")
    # An export's empty list means "no links": only a record without the field gets the
    # addresses found in its text (those that are web addresses).
    if "links" in record:
        links = _strings(record, "links")
        for link in links:
            if not _LINK_RE.fullmatch(link):
                raise LineError(f"link {link[:60]!r} must be an http(s) URL")
    else:
        links = [link for link in extract_links(text) if _LINK_RE.fullmatch(link)]
    if len(links) > c.MAX_LINKS:
        raise LineError(f"{len(links)} links; a takeaway can keep at most {c.MAX_LINKS}")
    conference = _string(record, "conference", c.CONFERENCE_LIMIT) or defaults.conference
    talk = _string(record, "talk", c.TALK_LIMIT) or defaults.talk
    author = _user(record, "author") or defaults.author
    created = _moment(record, "created_at")
    uid = _uid(record) or content_uid(
        "takeaway", text, conference, talk, author, record.get("created_at")
    )
    created = created or now
    return NewTakeaway(
        uid=uid,
        text=text,
        tags=_tags(record),
        conference=conference,
        talk=talk,
        links=tuple(links),
        author=author or IMPORT_AUTHOR,
        author_name=_string(record, "author_name", NAME_LIMIT)
        or ("" if author else IMPORT_AUTHOR_NAME),
        source_author=_user(record, "source_author"),
        source_author_name=_string(record, "source_author_name", NAME_LIMIT),
        source_url=_source_url(record) or defaults.source_url,
        event_date=_day(record, "event_date") or defaults.event_date,
        created_at=created,
        updated_at=_moment(record, "updated_at") or created,
        coauthors=_coauthors(record),
        plus_ones=tuple(
            dict.fromkeys(check_user(u, "`plus_ones`") for u in _strings(record, "plus_ones"))
        ),
        merged_from=_uids(record, "merged_from"),
        separate_from=_uids(record, "separate_from"),
        status=_status(record),
        revisit_on=_day(record, "revisit_on"),
        verified_at=_moment(record, "verified_at"),
        superseded_by=_uid_of(record, "superseded_by_uid"),
    )


def _status(record: dict[str, Any]) -> str:
    status = _string(record, "status", 16) or CURRENT
    if status not in TAKEAWAY_STATUSES:
        raise LineError(f"`status` must be one of {', '.join(TAKEAWAY_STATUSES)}, not {status!r}")
    return status


def _uid_of(record: dict[str, Any], key: str) -> str | None:
    value = _string(record, key, UID_LIMIT)
    if value is not None and not _UID_RE.fullmatch(value):
        raise LineError(f"`{key}` may hold only letters, digits and . _ : -")
    return value


def _uids(record: dict[str, Any], key: str) -> tuple[str, ...]:
    uids = _strings(record, key)
    for uid in uids:
        if len(uid) > UID_LIMIT or not _UID_RE.fullmatch(uid):
            raise LineError(f"`{key}` holds {uid[:40]!r}, which is not a uid")
    return tuple(dict.fromkeys(uids))


def _coauthors(record: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    value = record.get("coauthors")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise LineError('`coauthors` must be a list like [{"user": "U0123ABCD", "name": "bob"}]')
    people: dict[str, str] = {}
    for person in value:
        if not isinstance(person, dict) or not isinstance(person.get("user"), str):
            raise LineError('each of `coauthors` must be like {"user": "U0123ABCD", "name": "bob"}')
        name = person.get("name") or ""
        if not isinstance(name, str) or len(name) > NAME_LIMIT:
            raise LineError(
                f"a co-author's `name` must be a string of at most {NAME_LIMIT} characters"
            )
        people.setdefault(check_user(person["user"], "a co-author's `user`"), name)
    return tuple(people.items())


def check_source_url(value: str, what: str) -> str:
    if len(value) > SOURCE_URL_LIMIT or not _LINK_RE.fullmatch(value):
        raise LineError(f"{what} must be an http(s) URL of at most {SOURCE_URL_LIMIT} characters")
    return value


def _source_url(record: dict[str, Any]) -> str | None:
    value = _string(record, "source_url", SOURCE_URL_LIMIT)
    return check_source_url(value, "`source_url`") if value is not None else None


def to_followup(record: object, *, now: datetime, parent_uid: str | None) -> NewFollowup:
    if not isinstance(record, dict):
        raise LineError("each follow-up must be a JSON object")
    _check_fields(record, FOLLOWUP_FIELDS, "follow-up ")
    text = _string(record, "text", c.FOLLOWUP_TEXT_LIMIT)
    if text is None:
        raise LineError("follow-up `text` is missing or empty")
    owner = _user(record, "owner")
    if owner is None:
        raise LineError("follow-up `owner` is missing (a Slack user id like U0123ABCD)")
    status = _string(record, "status", 16) or OPEN
    if status not in STATUSES:
        raise LineError(f"follow-up `status` must be one of {', '.join(STATUSES)}, not {status!r}")
    due = _day(record, "due")
    created = _moment(record, "created_at")
    uid = _uid(record) or content_uid(
        "followup", parent_uid, text, owner, record.get("due"), record.get("created_at")
    )
    created = created or now
    closed_at = _moment(record, "closed_at")
    return NewFollowup(
        uid=uid,
        text=text,
        owner=owner,
        owner_name=_string(record, "owner_name", NAME_LIMIT) or "",
        creator=_user(record, "creator") or owner,
        due=due,
        status=status,
        created_at=created,
        updated_at=_moment(record, "updated_at") or created,
        closed_at=closed_at if status != OPEN else None,
        closed_by=_user(record, "closed_by") if status != OPEN else None,
    )


def check_team(value: str, what: str) -> str:
    if len(value) > 32 or not _UID_RE.fullmatch(value):
        raise LineError(f"{what} must be a Slack id like T0123ABCD")
    return value


def _context(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise LineError(f"`{key}` must be a Slack id like T0123ABCD")
    return check_team(value, f"`{key}`")


def to_record(line: int, record: object, *, now: datetime, defaults: Defaults) -> Record:
    """Validate one decoded object; raises LineError."""
    if not isinstance(record, dict):
        raise LineError("each line must be a JSON object")
    _storable(record)
    kind = record.get("type", "takeaway")
    team_id = _context(record, "team_id")
    enterprise_id = _context(record, "enterprise_id")
    if kind == "followup":
        followup = to_followup(record, now=now, parent_uid=None)
        return Record(line, team_id, enterprise_id, None, (followup,))
    if kind in ("talk", "attendee", "settings"):
        # Imported here, not at the top: that module reads fields with this one's helpers.
        from bot.transfer import conference_records

        item = conference_records.to_item(kind, record, now=now)
        return Record(line, team_id, enterprise_id, None, (), item)
    if kind != "takeaway":
        raise LineError(
            f"`type` must be takeaway, followup, talk, attendee or settings, not {str(kind)[:40]!r}"
        )
    takeaway = to_takeaway(record, now=now, defaults=defaults)
    raw_followups = record.get("followups") or []
    if not isinstance(raw_followups, list):
        raise LineError("`followups` must be a list of objects")
    followups = []
    for n, raw in enumerate(raw_followups, start=1):
        try:
            followups.append(to_followup(raw, now=now, parent_uid=takeaway.uid))
        except LineError as exc:
            raise LineError(f"follow-up {n}: {exc}") from None
    return Record(line, team_id, enterprise_id, takeaway, tuple(followups))
