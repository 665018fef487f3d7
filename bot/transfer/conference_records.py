"""Talks (with who starred them) and conference attendance in JSON Lines: what export
writes after a workspace's takeaways, and what import reads back (`"type": "talk"`,
`"type": "attendee"`), so a backup keeps a conference's schedule and who went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot import grammar as c
from bot.errors import InvalidInput
from bot.services.preferences import preferences_of
from bot.transfer import schedules
from bot.transfer.records import (
    NAME_LIMIT,
    LineError,
    _check_fields,
    _moment,
    _string,
    _strings,
    _uid,
    _user,
)
from bot.transfer.serialize import iso
from storage import schedules as schedule_repo
from storage import talks
from storage.models import ConferenceAttendee, Talk, TalkStar, UserSettings
from storage.talks import NewTalk, TalkDetails

TYPES = ("talk", "attendee", "settings")
TALK_FIELDS = (
    "uid",
    "conference",
    "title",
    "speakers",
    "starts_at",
    "ends_at",
    "room",
    "url",
    "created_at",
    "updated_at",
    "starred_by",
)
ATTENDEE_FIELDS = ("conference", "user", "user_name", "created_at")
SETTINGS_FIELDS = ("user", "timezone", "work_start", "work_end", "muted", "who_hidden")


@dataclass(frozen=True)
class TalkItem:
    talk: NewTalk
    created_at: datetime
    updated_at: datetime
    stars: tuple[tuple[str, datetime], ...] = ()


@dataclass(frozen=True)
class AttendeeItem:
    conference: str
    user_id: str
    user_name: str
    created_at: datetime


@dataclass(frozen=True)
class SettingsItem:
    """A person's own notification settings (`/takeaway me`)."""

    user_id: str
    timezone: str | None
    work_start: int | None
    work_end: int | None
    muted: tuple[str, ...]
    who_hidden: bool = False  # `/takeaway me hide`: left out of `/takeaway who`


ConferenceItem = TalkItem | AttendeeItem | SettingsItem


def talk_record(talk: Talk, stars: list[TalkStar], enterprise_id: str | None) -> dict[str, Any]:
    return {
        "type": "talk",
        "uid": talk.uid,
        "id": talk.number,
        "team_id": talk.team_id,
        "enterprise_id": enterprise_id,
        "conference": talk.conference,
        "title": talk.title,
        "speakers": list(talk.speakers or []),
        "starts_at": iso(talk.starts_at),
        "ends_at": iso(talk.ends_at),
        "room": talk.room,
        "url": talk.url,
        "created_at": iso(talk.created_at),
        "updated_at": iso(talk.updated_at),
        "starred_by": [{"user": s.user_id, "created_at": iso(s.created_at)} for s in stars],
    }


def attendee_record(row: ConferenceAttendee, enterprise_id: str | None) -> dict[str, Any]:
    return {
        "type": "attendee",
        "team_id": row.team_id,
        "enterprise_id": enterprise_id,
        "conference": row.conference,
        "user": row.user_id,
        "user_name": row.user_name,
        "created_at": iso(row.created_at),
    }


def settings_record(row: UserSettings, enterprise_id: str | None) -> dict[str, Any]:
    prefs = preferences_of(row)
    return {
        "type": "settings",
        "team_id": row.team_id,
        "enterprise_id": enterprise_id,
        "user": row.user_id,
        "timezone": prefs.timezone,
        "work_start": prefs.work_start,
        "work_end": prefs.work_end,
        "muted": list(prefs.muted),
        "who_hidden": row.who_hidden,
    }


def _settings_item(record: dict[str, Any]) -> SettingsItem:
    _check_fields(record, SETTINGS_FIELDS, "settings ")
    user = _user(record, "user")
    if user is None:
        raise LineError("settings `user` is missing (a Slack user id like U0123ABCD)")
    timezone = _string(record, "timezone", 64)
    if timezone is not None:
        try:
            schedules.zone(timezone)
        except InvalidInput:
            raise LineError(f"`timezone` {timezone[:40]!r} is not an IANA timezone") from None
    start, end = record.get("work_start"), record.get("work_end")
    if (start is None) != (end is None) or not all(
        v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in (start, end)
    ):
        raise LineError("`work_start` and `work_end` are hours (0-24), both or neither")
    if start is not None and end is not None and not 0 <= start < end <= 24:
        raise LineError(f"working hours {start}-{end} are not a working day")
    muted = _strings(record, "muted")
    unknown = sorted(set(muted) - set(c.ME_MUTABLE))
    if unknown:
        raise LineError(f"`muted` holds {', '.join(unknown)}; known: {', '.join(c.ME_MUTABLE)}")
    hidden = record.get("who_hidden", False)
    if not isinstance(hidden, bool):
        raise LineError("`who_hidden` is true or false")
    return SettingsItem(user, timezone, start, end, tuple(muted), hidden)


def to_item(kind: str, record: dict[str, Any], *, now: datetime) -> ConferenceItem:
    """A talk, attendee or settings record, checked like takeaways are (same helpers)."""
    if kind == "settings":
        return _settings_item(record)
    if kind == "attendee":
        _check_fields(record, ATTENDEE_FIELDS, "attendee ")
        user = _user(record, "user")
        if user is None:
            raise LineError("attendee `user` is missing (a Slack user id like U0123ABCD)")
        return AttendeeItem(
            conference=_conference(record),
            user_id=user,
            user_name=_string(record, "user_name", NAME_LIMIT) or "",
            created_at=_moment(record, "created_at") or now,
        )
    _check_fields(record, TALK_FIELDS, "talk ")
    conference = _conference(record)
    title = _string(record, "title", c.TALK_LIMIT)
    if title is None:
        raise LineError("talk `title` is missing or empty")
    starts_at = _moment(record, "starts_at")
    uid = _uid(record) or schedules.talk_uid(conference, f"{title}@{starts_at}")
    details = TalkDetails(
        title=title,
        speakers=tuple(_strings(record, "speakers")),
        starts_at=starts_at,
        ends_at=_moment(record, "ends_at"),
        room=_string(record, "room", schedules.ROOM_LIMIT),
        url=_string(record, "url", schedules.URL_LIMIT),
    )
    try:
        talk = NewTalk(uid, conference, schedules.checked(details))
    except ValueError as exc:
        raise LineError(f"talk: {exc}") from None
    created = _moment(record, "created_at") or now
    return TalkItem(
        talk=talk,
        created_at=created,
        updated_at=_moment(record, "updated_at") or created,
        stars=_stars(record, now),
    )


def _conference(record: dict[str, Any]) -> str:
    conference = _string(record, "conference", c.CONFERENCE_LIMIT)
    if conference is None:
        raise LineError("`conference` is missing or empty")
    return str(conference)


def _stars(record: dict[str, Any], now: datetime) -> tuple[tuple[str, datetime], ...]:
    raw = record.get("starred_by") or []
    if not isinstance(raw, list):
        raise LineError("`starred_by` must be a list of objects")
    stars: list[tuple[str, datetime]] = []
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) - {"user", "created_at"}:
            raise LineError('each of `starred_by` is {"user": ..., "created_at": ...}')
        user = _user(entry, "user")
        if user is None:
            raise LineError("a `starred_by` entry has no `user`")
        stars.append((user, _moment(entry, "created_at") or now))
    return tuple(stars)


def store(session: Session, team_id: str, item: ConferenceItem) -> bool:
    """Store one item unless the workspace has it already; True when it was new."""
    if isinstance(item, SettingsItem):
        return schedule_repo.restore_preferences(
            session=session,
            team_id=team_id,
            user_id=item.user_id,
            values={
                "timezone_set": item.timezone,
                "work_start": item.work_start,
                "work_end": item.work_end,
                "mute_digest": "digest" in item.muted,
                "mute_briefs": "briefs" in item.muted,
                "reminders_enabled": "reminders" not in item.muted,
                "who_hidden": item.who_hidden,
            },
        )
    if isinstance(item, AttendeeItem):
        return talks.attend(
            session=session,
            team_id=team_id,
            conference=item.conference,
            user_id=item.user_id,
            user_name=item.user_name,
            now=item.created_at,
        )
    return talks.restore_talk(
        session=session,
        team_id=team_id,
        talk=item.talk,
        created_at=item.created_at,
        updated_at=item.updated_at,
        stars=item.stars,
    )
