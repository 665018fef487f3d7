"""Errors shown to the user. Messages may quote their input, so everything is escaped."""

from __future__ import annotations

from bot.errors import NotAllowed, NotFound, TakeawaysError, Unavailable
from bot.mrkdwn import escape
from bot.slack.blocks.kit import Block, Message, context, message, section

ICONS: list[tuple[type[TakeawaysError], str]] = [
    (NotAllowed, ":no_entry:"),
    (NotFound, ":grey_question:"),
    (Unavailable, ":hourglass:"),
]


def error_message(error: TakeawaysError) -> Message:
    icon = next((i for kind, i in ICONS if isinstance(error, kind)), ":warning:")
    blocks: list[Block] = [section(f"{icon} {escape(error.message)}")]
    if error.hint:
        blocks.append(context(escape(error.hint)))
    return message(escape(error.message), blocks)


def internal_error_message() -> Message:
    text = (
        ":boom: Something went wrong on our side and nothing was saved. "
        "Please try again; if it keeps happening, tell whoever runs Takeaways."
    )
    return message("Something went wrong; nothing was saved.", [section(text)])
