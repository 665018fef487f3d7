"""Revisit dates: `revisit:2026-06-01`, `revisit:+6m` and the workspace default
(`[revisit] after = "12m"`). Pure."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.dates import MAX_YEARS_AHEAD, add_months
from bot.errors import InvalidInput

_PERIOD_RE = re.compile(r"\+?(\d{1,3})\s*(d|w|m|y)", re.IGNORECASE)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
REVISIT_FORMS = "a date like 2026-06-01, or a period from today: +90d, +8w, +6m, +1y"
# `[revisit] after` values that turn the default off.
OFF = frozenset({"", "off", "never", "0"})


def is_period(text: str) -> bool:
    return _PERIOD_RE.fullmatch(text.strip()) is not None


def after(day: date, period: str) -> date:
    """`day` plus a period like 12m, 6m, 2w, 90d, 1y."""
    match = _PERIOD_RE.fullmatch(period.strip())
    if match is None:
        raise InvalidInput(f"`{period}` is not a period; use {REVISIT_FORMS}.")
    amount, unit = int(match.group(1)), match.group(2).lower()
    if unit == "d":
        return day + timedelta(days=amount)
    if unit == "w":
        return day + timedelta(weeks=amount)
    return add_months(day, amount * (12 if unit == "y" else 1))


def check_revisit(text: str) -> None:
    """InvalidInput unless `text` reads as a revisit date or period (its value is read
    against the day of the save: parse_revisit)."""
    if not (is_period(text) or _DATE_RE.fullmatch(text.strip())):
        raise InvalidInput(f"I can't read `revisit:{text[:40]}`. Use {REVISIT_FORMS}.")


def parse_revisit(text: str, today: date) -> date:
    """The day to revisit a takeaway: a date (today or later) or a period from today."""
    word = text.strip()
    check_revisit(word)
    if is_period(word):
        found = after(today, word)
    else:
        try:
            found = date.fromisoformat(word)
        except ValueError:
            raise InvalidInput(f"`revisit:{word}` is not a real date.") from None
        if found < today:
            raise InvalidInput(f"`revisit:{word}` is in the past (today is {today.isoformat()}).")
    if found.year > today.year + MAX_YEARS_AHEAD:
        raise InvalidInput(f"`revisit:{word}` is too far ahead (at most {MAX_YEARS_AHEAD} years).")
    return found


def default_revisit(today: date, setting: str) -> date | None:
    """The workspace default (`[revisit] after`), or None when it is off."""
    if setting.strip().lower() in OFF:
        return None
    return after(today, setting)
