"""Questions asked by mentioning the bot or in a direct message. Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.grammar import ALIASES, Filters, parse_ask


@dataclass(frozen=True)
class Question:
    text: str
    filters: Filters


def should_answer(event: dict[str, Any], *, bot_user_id: str | None) -> bool:
    """Only what people write: no edits, deletions, joins (any subtype), no bots, not us."""
    if event.get("subtype") or event.get("bot_id") or event.get("bot_profile"):
        return False
    user = event.get("user")
    return bool(user) and user not in {bot_user_id, "USLACKBOT"}


def parse_question(raw: str, *, bot_user_id: str | None) -> Question | None:
    """The question in a mention or DM, without the bot's mention; None asks for help."""
    if bot_user_id:
        raw = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^<>]*)?>", " ", raw)
    words = raw.split(None, 1)
    if words and ALIASES.get(words[0].lower()) == "ask":
        raw = words[1] if len(words) > 1 else ""
    elif words and ALIASES.get(words[0].lower()) == "help" and len(words) == 1:
        return None
    raw = raw.strip()
    if not raw:
        return None
    text, filters = parse_ask(raw)
    if not text and filters.is_empty():
        return None
    return Question(text=text, filters=filters)
