"""The "Share in channel" button under ask results, and the message it posts.

The button carries ids, not text (values are limited to 2000 characters): the shared
message is rebuilt from the database when the button is pressed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.errors import InvalidInput
from bot.mrkdwn import escape, truncate
from bot.results import Answer
from bot.slack.blocks.kit import Block, Message, actions, button, context, divider, message, section
from bot.slack.blocks.takeaways import ANSWER_TEXT_LIMITS, _fitting, answer, takeaway_blocks
from storage.models import Takeaway

SHARE_ACTION = "share_answer"
SHARE_BLOCK = "share"
# Room for the ids of five answers (up to 18 digits each) within the 2000 characters.
QUERY_IN_VALUE = 500


def share_value(reply: Answer) -> str:
    ids = [hit.takeaway.ref for hit in reply.hits]
    return json.dumps(
        {"ids": ids, "q": truncate(reply.query, QUERY_IN_VALUE)},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def share_actions(reply: Answer) -> Block | None:
    """The button block, or None when there is nothing to share."""
    if not reply.hits:
        return None
    return actions(
        button("Share in channel", SHARE_ACTION, value=share_value(reply)), block_id=SHARE_BLOCK
    )


def parse_share_value(value: str) -> tuple[list[int], str]:
    """The ids and query a share button carries."""
    try:
        data = json.loads(value)
        ids = [int(i) for i in data["ids"]]
        query = str(data.get("q") or "")
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidInput("That button is out of date; run the search again.") from exc
    return ids, query


def shared_answer(takeaways: Sequence[Takeaway], *, query: str, shared_by: str) -> Message:
    """The answer as everyone in the channel sees it: no scores, names as plain text."""
    about = f" about *{escape(query)}*" if query else ""
    title = f":mag: *{escape(shared_by)}* shared what we learned{about}:"

    def build(limit: int, max_links: int) -> list[Block]:
        blocks = [section(title)]
        for t in takeaways:
            blocks.append(divider())
            blocks.extend(takeaway_blocks(t, text_limit=limit, max_links=max_links, plus_one=True))
        return blocks

    blocks = _fitting(build, ANSWER_TEXT_LIMITS)
    blocks.append(context("Find more with `/takeaway ask &lt;question&gt;`."))
    fallback = f"{escape(shared_by)} shared {len(takeaways)} takeaways{about.replace('*', '')}"
    return message(fallback, blocks)


def shareable_answer(reply: Answer) -> Message:
    """An answer for an ephemeral reply: with a "Share in channel" button under it."""
    shown = answer(reply)
    share = share_actions(reply)
    if share is not None:
        shown["blocks"].append(share)
    return shown
