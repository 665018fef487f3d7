"""Related takeaways, one skimmable line under a save or an answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.mrkdwn import escape, truncate
from bot.slack.blocks.kit import Block, context
from storage.models import Takeaway

SHOWN = 3
TEXT_SHOWN = 70


def related_blocks(related: Iterable[Takeaway], *, leave_out: Sequence[int] = ()) -> list[Block]:
    """Up to three related takeaways (not those in `leave_out`, by id), or nothing."""
    chosen: dict[int, Takeaway] = {}
    for t in related:
        if t.id not in leave_out and t.id not in chosen:
            chosen[t.id] = t
        if len(chosen) == SHOWN:
            break
    if not chosen:
        return []
    items = " · ".join(
        f"*#{t.ref}* {escape(truncate(t.text.replace(chr(10), ' '), TEXT_SHOWN))}"
        for t in chosen.values()
    )
    return [context(f":link: Related: {items}")]
