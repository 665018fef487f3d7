"""Due dates in everyday words ("friday", "+2w", "2026-12-15"), relative to the user's today."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.errors import InvalidInput

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_OFFSET_RE = re.compile(r"\+?(\d{1,3})\s*(d|day|days|w|wk|week|weeks|m|mo|month|months)")
DUE_FORMS = "today, tomorrow, a weekday (friday), +3d, +2w, +1m, or a date like 2026-12-15"
# The same bound on every path (slash command, modal, snooze): far enough for any plan,
# near enough that date arithmetic never overflows.
MAX_YEARS_AHEAD = 10


def too_far_ahead(due: date, today: date) -> bool:
    return due.year > today.year + MAX_YEARS_AHEAD


def _within_reach(due: date, today: date, text: str) -> date:
    if too_far_ahead(due, today):
        raise InvalidInput(
            f"`{text}` is too far ahead: follow-ups can be due at most {MAX_YEARS_AHEAD} years "
            f"from now (by {today.year + MAX_YEARS_AHEAD}-12-31)."
        )
    return due


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _offset(text: str, base: date) -> date | None:
    match = _OFFSET_RE.fullmatch(text)
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    try:
        if unit.startswith("d"):
            return base + timedelta(days=amount)
        if unit.startswith("w"):
            return base + timedelta(weeks=amount)
        return add_months(base, amount)
    except (OverflowError, ValueError):
        return date.max  # past any bound: refused by the caller, never a crash


def parse_due(text: str, today: date) -> date:
    """A due date; weekday names mean the next such day after today."""
    word = text.strip().lower()
    if word in {"today", "tod", "eod"}:
        return today
    if word in {"tomorrow", "tmr", "tmrw"}:
        return today + timedelta(days=1)
    for index, name in enumerate(WEEKDAYS):
        if word in {name, name[:3]}:
            ahead = (index - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    if word.startswith("+"):
        found = _offset(word, today)
        if found is not None:
            return _within_reach(found, today, text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        try:
            due = date.fromisoformat(word)
        except ValueError as exc:
            raise InvalidInput(f"`{text}` is not a real date.") from exc
        if due < today:
            raise InvalidInput(f"`{text}` is in the past (today is {today.isoformat()}).")
        return _within_reach(due, today, text)
    raise InvalidInput(f"I can't read the due date `{text}`. Use {DUE_FORMS}.")


def parse_snooze(text: str, due: date | None, today: date) -> date:
    """The new due date after snoozing: `1w` moves it a week past today or the old due date."""
    base = max(due, today) if due else today
    word = text.strip().lower()
    found = _offset(word, base)
    if found is not None:
        return _within_reach(found, today, text)
    try:
        return parse_due(word, today)
    except InvalidInput:
        raise InvalidInput(
            f"I can't read `{text}` as a snooze. Use 3d, 1w, 2w, 1m or a date like 2026-12-15."
        ) from None
