"""Replies to a "Me too"."""

from __future__ import annotations

from bot.mrkdwn import escape, truncate
from bot.slack.blocks.kit import Message, message, section
from storage.models import Takeaway


def plus_one_noted(t: Takeaway, added: bool) -> Message:
    count = len(t.plus_ones)
    others = f"{count} {'person has' if count == 1 else 'people have'} learned it too"
    lead = "Noted" if added else "Already noted"
    text = (
        f":raised_hands: {lead}: you learned takeaway *#{t.ref}* too ({others}, +{count}).\n"
        f"_{escape(truncate(t.text, 150))}_"
    )
    return message(f"{lead}: you learned takeaway #{t.ref} too", [section(text)])
