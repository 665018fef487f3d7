"""Each person's calm-notification settings: their timezone (theirs wins over Slack's),
the working hours DMs keep to, and what they muted. No Slack, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot import grammar as c
from bot.errors import InvalidInput
from bot.services.actor import Actor
from bot.services.followups import local_now
from bot.transfer.schedules import zone
from storage import schedules as repo
from storage.models import UserSettings


@dataclass(frozen=True)
class Preferences:
    timezone: str | None  # set with `me tz`; None: Slack's
    work_start: int | None
    work_end: int | None
    muted: tuple[str, ...]  # of bot.grammar.ME_MUTABLE

    @property
    def hours(self) -> str | None:
        if self.work_start is None or self.work_end is None:
            return None
        return f"{self.work_start}-{self.work_end}"


def preferences_of(row: UserSettings | None) -> Preferences:
    if row is None:
        return Preferences(None, None, None, ())
    muted = tuple(
        what
        for what, on in (
            ("digest", row.mute_digest),
            ("reminders", not row.reminders_enabled),
            ("briefs", row.mute_briefs),
        )
        if on
    )
    return Preferences(row.timezone_set, row.work_start, row.work_end, muted)


def send_hour(row: UserSettings | None, default: int) -> int:
    """The local hour a person's DM goes at: the start of their working hours, else the
    configured reminder hour."""
    return row.work_start if row is not None and row.work_start is not None else default


def is_send_time(row: UserSettings | None, default: int, now: datetime, timezone: str) -> bool:
    """Whether `now` is the hour a person's daily DM goes, in their own timezone."""
    return local_now(now, timezone).hour == send_hour(row, default)


class PreferenceService:
    """Entity service: each call takes the caller's session."""

    def show(self, session: Session, actor: Actor) -> Preferences:
        return preferences_of(
            repo.get_user_settings(session=session, team_id=actor.team_id, user_id=actor.user_id)
        )

    def change(self, session: Session, actor: Actor, command: c.Me) -> Preferences:
        row = repo.user_settings_for(session=session, team_id=actor.team_id, user_id=actor.user_id)
        if command.action == "tz":
            (name,) = command.args
            try:
                zone(name)
            except InvalidInput:
                raise InvalidInput(
                    f"`{name}` is not a timezone I know; use an IANA name like Europe/Paris "
                    "or America/New_York."
                ) from None
            row.timezone_set = name
        elif command.action == "hours":
            row.work_start, row.work_end = (int(v) for v in command.args)
        elif command.action in {"mute", "unmute"}:
            (what,) = command.args
            on = command.action == "mute"
            if what == "digest":
                row.mute_digest = on
            elif what == "briefs":
                row.mute_briefs = on
            else:
                row.reminders_enabled = not on
        return preferences_of(row)
