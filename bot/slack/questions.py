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


_WHO_RE = re.compile(
    r"^\s*who(?:'s| is)?\s+(?:knows|knew|is into|an expert (?:on|in)|to ask)\s+"
    r"(?:(?:about|on|of)\s+)?(?P<topic>.+?)[\s?!.]*$",
    re.IGNORECASE | re.DOTALL,
)


# Words that make a mention a takeaway to save rather than a question.
_SAVE_WORDS = {"add", "new", "save", "remember"}


def _without_bot(raw: str, bot_user_id: str | None) -> str:
    if bot_user_id:
        raw = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^<>]*)?>", " ", raw)
    return raw.strip()


def takeaway_to_save(raw: str, *, bot_user_id: str | None) -> str | None:
    """The takeaway in "@Takeaways add <text> #tag ..." (or save, remember), as typed
    (`/takeaway add`'s grammar); None for anything else."""
    words = _without_bot(raw, bot_user_id).split(None, 1)
    if len(words) == 2 and words[0].lower().rstrip(":") in _SAVE_WORDS:
        return words[1]
    return None


def who_topic(raw: str, *, bot_user_id: str | None) -> str | None:
    """The topic of "who knows about X?" (also "who knows X", "who's an expert on X",
    "who to ask about X"), or None for any other question."""
    match = _WHO_RE.match(_without_bot(raw, bot_user_id))
    return match.group("topic").strip() if match else None


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
