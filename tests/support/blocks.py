"""Assertions on messages as Slack would receive them."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_sdk.models.blocks import Block

# Control sequences that notify people; none may come out of user text.
PING_RE = re.compile(r"<!(channel|here|everyone)\b|<!subteam\^")


def assert_valid_message(message: dict[str, Any], *, max_blocks: int = 50) -> None:
    """Within Slack's limits, every block accepted by slack_sdk's Block Kit models."""
    blocks = message.get("blocks") or []
    assert len(blocks) <= max_blocks, f"{len(blocks)} blocks"
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()
    assert message.get("text"), "messages need a plain-text fallback"
    size = len(json.dumps(blocks, ensure_ascii=False))
    assert size < 13_000, f"Slack refuses messages this long ({size} characters of blocks)"


def visible_text(message: dict[str, Any]) -> str:
    """All text of a message, blocks and fallback, joined."""
    parts = [str(message.get("text") or "")]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                parts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks") or [])
    return "\n".join(parts)


def assert_no_pings(message: dict[str, Any]) -> None:
    text = visible_text(message)
    assert not PING_RE.search(text), f"message would notify people: {text!r}"


_BOLD_RE = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")


def read_text(message: dict[str, Any]) -> str:
    """What a person reads: the visible text with mrkdwn bold markers taken off
    (answers mark the words of the question in bold)."""
    return _BOLD_RE.sub(r"\1", visible_text(message))
