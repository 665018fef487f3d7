"""Small Block Kit constructors. Callers pass already-escaped mrkdwn; limits enforced here."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, TypedDict

from bot.mrkdwn import escape, truncate, truncate_escaped

Block = dict[str, Any]

SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150
CONTEXT_TEXT_LIMIT = 3000
MESSAGE_BLOCK_LIMIT = 50
BUTTON_TEXT_LIMIT = 75
# A link we print as <url|label> must not be able to smuggle a control sequence.
SAFE_URL_RE = re.compile(r"https?://[^\s<>|]+")
LINK_LABEL_LIMIT = 80
LINK_URL_LIMIT = 500


class Message(TypedDict):
    text: str
    blocks: list[Block]


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def section(escaped_mrkdwn: str) -> Block:
    return {
        "type": "section",
        "text": mrkdwn(truncate_escaped(escaped_mrkdwn, SECTION_TEXT_LIMIT) or " "),
    }


def header(text: str) -> Block:
    return {"type": "header", "text": plain(truncate(text, HEADER_TEXT_LIMIT))}


def context(*escaped_parts: str) -> Block:
    parts = [p for p in escaped_parts if p][:10]
    return {
        "type": "context",
        "elements": [mrkdwn(truncate_escaped(p, CONTEXT_TEXT_LIMIT)) for p in parts]
        or [mrkdwn(" ")],
    }


def divider() -> Block:
    return {"type": "divider"}


def link(url: str, label: str | None = None) -> str:
    """A clickable link when the URL is safe to embed and of sane length; else plain text."""
    shown = escape(truncate(label if label is not None else url, LINK_LABEL_LIMIT))
    if SAFE_URL_RE.fullmatch(url) and len(url) <= LINK_URL_LIMIT:
        return f"<{url.replace('&', '&amp;')}|{shown}>"
    return shown


def date(moment: datetime) -> str:
    """A date Slack renders in the reader's own timezone, with a UTC fallback."""
    return f"<!date^{int(moment.timestamp())}^{{date_short}}|{moment:%Y-%m-%d}>"


def message_size(blocks: list[Block]) -> int:
    """Characters of blocks as Slack counts them (not \\u-escaped bytes)."""
    return len(json.dumps(blocks, ensure_ascii=False))


def message(text: str, blocks: list[Block]) -> Message:
    """A message with a plain-text fallback (used in notifications; escaped like the rest)."""
    return {"text": truncate_escaped(text, 300), "blocks": blocks[:MESSAGE_BLOCK_LIMIT]}


VIEW_BLOCK_LIMIT = 100
BUTTON_VALUE_LIMIT = 2000


def button(
    text: str, action_id: str, *, value: str | None = None, style: str | None = None
) -> Block:
    """A button; `text` is plain text (not mrkdwn), cut to Slack's 75 characters."""
    element: Block = {
        "type": "button",
        "text": plain(truncate(text, BUTTON_TEXT_LIMIT)),
        "action_id": action_id,
    }
    if value is not None:
        if len(value) > BUTTON_VALUE_LIMIT:
            raise ValueError(f"button value of {len(value)} characters")
        element["value"] = value
    if style is not None:
        element["style"] = style
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)[:25]}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def section_with_button(
    escaped_mrkdwn: str, accessory: Block, *, block_id: str | None = None
) -> Block:
    block = section(escaped_mrkdwn)
    block["accessory"] = accessory
    if block_id is not None:
        block["block_id"] = block_id
    return block


_USER_ID_RE = re.compile(r"[UW][A-Z0-9]{1,63}")


def user_mention(user_id: str, fallback: str | None = None) -> str:
    """`<@U123>` for a Slack user id; anything else (a stored id from an old import, say)
    is shown escaped, so it can never become a channel ping."""
    if _USER_ID_RE.fullmatch(user_id):
        return f"<@{user_id}>"
    return escape(fallback or user_id)
