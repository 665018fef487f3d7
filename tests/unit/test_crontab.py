"""Standard crontab semantics on APScheduler 3, with timezones and DST."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.crontab import parse_schedule
from bot.errors import InvalidInput


def fires(cron: str, tz: str, start: datetime, n: int) -> list[datetime]:
    schedule = parse_schedule(cron, tz)
    out, t = [], start
    for _ in range(n):
        nxt = schedule.next_after(t)
        assert nxt is not None
        out.append(nxt)
        t = nxt
    return out


def test_day_one_is_monday_like_crontab_not_tuesday() -> None:
    (first,) = fires("0 9 * * 1", "UTC", datetime(2026, 11, 23, 10, tzinfo=UTC), 1)
    assert first.strftime("%A %H:%M") == "Monday 09:00"


@pytest.mark.parametrize(
    ("dow", "days"),
    [
        ("0", {"Sunday"}),
        ("7", {"Sunday"}),
        ("1-5", {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}),
        ("5-7", {"Friday", "Saturday", "Sunday"}),
        ("0,6", {"Saturday", "Sunday"}),
        ("*/2", {"Sunday", "Tuesday", "Thursday", "Saturday"}),
        ("mon,wed", {"Monday", "Wednesday"}),
    ],
)
def test_day_of_week_fields(dow: str, days: set[str]) -> None:
    got = fires(f"0 9 * * {dow}", "UTC", datetime(2026, 11, 22, tzinfo=UTC), 14)
    assert {f.strftime("%A") for f in got} == days


def test_monday_nine_in_brussels_stays_nine_across_both_dst_changes() -> None:
    autumn = fires("0 9 * * 1", "Europe/Brussels", datetime(2026, 10, 12, tzinfo=UTC), 3)
    spring = fires("0 9 * * 1", "Europe/Brussels", datetime(2027, 3, 22, tzinfo=UTC), 3)
    for fire in autumn + spring:
        assert (fire.strftime("%A"), fire.hour, fire.minute) == ("Monday", 9, 0)
    # The UTC instants move by an hour: 07:00Z in summer time, 08:00Z in winter time.
    assert [f.astimezone(UTC).hour for f in autumn] == [7, 7, 8]
    assert [f.astimezone(UTC).hour for f in spring] == [8, 7, 7]


def test_day_of_month_and_week_together_mean_either() -> None:
    got = fires("0 8 1 * 5", "UTC", datetime(2026, 11, 23, tzinfo=UTC), 4)
    assert [f.strftime("%a %d") for f in got] == ["Fri 27", "Tue 01", "Fri 04", "Fri 11"]


def test_latest_between() -> None:
    schedule = parse_schedule("0 9 * * 1", "UTC")
    latest = schedule.latest_between(
        datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 23, 12, tzinfo=UTC)
    )
    assert latest == datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert (
        schedule.latest_between(
            datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 23, 12, tzinfo=UTC)
        )
        is None
    )


@pytest.mark.parametrize(
    ("cron", "tz", "message"),
    [
        ("0 9 * *", "UTC", "not a 5-field cron expression"),
        ("0 25 * * 1", "UTC", "not a valid cron expression"),
        ("0 9 * * 8", "UTC", "must be 0-7"),
        ("0 9 * * 5-2", "UTC", "runs backwards"),
        ("0 9 * * 1", "Mars/Olympus", "not a timezone I know"),
    ],
)
def test_bad_schedules_are_explained(cron: str, tz: str, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_schedule(cron, tz)
    assert message in raised.value.message
