from __future__ import annotations

from datetime import date

import pytest

from bot.dates import parse_due, parse_snooze
from bot.errors import InvalidInput

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", MONDAY),
        ("tomorrow", date(2026, 11, 24)),
        ("friday", date(2026, 11, 27)),
        ("Fri", date(2026, 11, 27)),
        ("monday", date(2026, 11, 30)),  # the next Monday, not today
        ("+3d", date(2026, 11, 26)),
        ("+2w", date(2026, 12, 7)),
        ("+1m", date(2026, 12, 23)),
        ("2026-12-15", date(2026, 12, 15)),
    ],
)
def test_due_words(text: str, expected: date) -> None:
    assert parse_due(text, MONDAY) == expected


def test_month_end_is_clamped() -> None:
    assert parse_due("+1m", date(2027, 1, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("someday", "I can't read the due date"),
        ("2026-02-30", "not a real date"),
        ("2026-11-01", "in the past"),
    ],
)
def test_bad_due_dates(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_due(text, MONDAY)
    assert message in raised.value.message


def test_snooze_moves_from_the_later_of_today_and_due() -> None:
    assert parse_snooze("1w", date(2026, 11, 1), MONDAY) == date(2026, 11, 30)
    assert parse_snooze("1w", date(2026, 12, 15), MONDAY) == date(2026, 12, 22)
    assert parse_snooze("3d", None, MONDAY) == date(2026, 11, 26)
    assert parse_snooze("2026-12-24", None, MONDAY) == date(2026, 12, 24)
    with pytest.raises(InvalidInput, match="as a snooze"):
        parse_snooze("later", None, MONDAY)
