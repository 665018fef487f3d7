"""Standard 5-field crontab expressions as APScheduler 3 triggers, and fire-time arithmetic.

APScheduler 3 numbers weekdays from 0 = Monday, while crontab numbers 0 (and 7) = Sunday:
`CronTrigger.from_crontab("0 9 * * 1")` would fire on Tuesdays. We expand the day-of-week
field ourselves and hand APScheduler day *names*, which mean the same to both.
Standard cron also ORs day-of-month and day-of-week when both are restricted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from bot.errors import InvalidInput

DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
_NAME_TO_NUMBER = {name: i for i, name in enumerate(DAY_NAMES)}


@dataclass(frozen=True)
class Schedule:
    """A validated crontab expression in a timezone."""

    cron: str
    timezone: str
    trigger: BaseTrigger

    def next_after(self, moment: datetime) -> datetime | None:
        """The first fire time strictly after `moment`."""
        fire: datetime | None = self.trigger.get_next_fire_time(
            None, moment + timedelta(microseconds=1)
        )
        return fire

    def latest_between(self, start: datetime, end: datetime) -> datetime | None:
        """The last fire time in (start, end], or None."""
        latest = None
        fire = self.next_after(start)
        steps = 0
        while fire is not None and fire <= end and steps < 100_000:
            latest = fire
            fire = self.next_after(fire)
            steps += 1
        return latest


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"`{name}` is not a timezone I know. Use an IANA name like Europe/Brussels or UTC."
        ) from exc


def _day_number(token: str, expr: str) -> int:
    token = token.lower()
    if token in _NAME_TO_NUMBER:
        return _NAME_TO_NUMBER[token]
    if token.isdigit() and 0 <= int(token) <= 7:
        return int(token) % 7
    raise InvalidInput(
        f"`{expr}`: day of week `{token}` must be 0-7 (0 and 7 are Sunday) or mon-sun"
    )


def _expand_days(field: str) -> list[int]:
    """A crontab day-of-week field as a sorted list of 0=Sunday..6=Saturday."""
    days: set[int] = set()
    for part in field.split(","):
        base, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise InvalidInput(f"`{field}`: bad step `/{step_text}` in day of week")
            step = int(step_text)
        if base == "*":
            first, last = 0, 6
        elif "-" in base:
            lo, hi = base.split("-", 1)
            first, last = _day_number(lo, field), _day_number(hi, field)
            if hi == "7":
                last = 7  # 5-7 means Friday to Sunday
            if last < first:
                raise InvalidInput(f"`{field}`: day range `{base}` runs backwards")
        else:
            first = last = _day_number(base, field)
            if step_text:
                last = 6
        days.update(d % 7 for d in range(first, last + 1, step))
    return sorted(days)


def parse_schedule(cron: str, timezone: str) -> Schedule:
    """Validate a crontab expression (minute hour day-of-month month day-of-week)."""
    fields = cron.split()
    if len(fields) != 5:
        raise InvalidInput(
            f"`{cron}` is not a 5-field cron expression "
            '(minute hour day-of-month month day-of-week), e.g. "0 9 * * 1" for Mondays at 09:00'
        )
    minute, hour, dom, month, dow = fields
    tz = zone(timezone)
    try:
        days = None if dow == "*" else ",".join(DAY_NAMES[d] for d in _expand_days(dow))
        common = {"minute": minute, "hour": hour, "month": month, "timezone": tz}
        if days is not None and dom != "*":
            trigger: BaseTrigger = OrTrigger(
                [CronTrigger(day=dom, **common), CronTrigger(day_of_week=days, **common)]
            )
        else:
            trigger = CronTrigger(day=dom, day_of_week=days, **common)
    except ValueError as exc:
        raise InvalidInput(f"`{cron}` is not a valid cron expression: {exc}") from exc
    return Schedule(cron=" ".join(fields), timezone=timezone, trigger=trigger)
