"""Show a Block Kit message in a terminal (the console): what Slack would show, as text."""

from __future__ import annotations

import re
from typing import Any

from bot.mrkdwn import unescape_entities
from bot.slack.blocks.kit import Message

_CONTROL = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
# As Slack reads them: the marked text neither starts nor ends with a space.
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
_EMOJI = re.compile(r":([a-z0-9_+-]+):")
EMOJI = {
    "white_check_mark": "✅",
    "mag": "🔍",
    "pencil2": "✏️",
    "wastebasket": "🗑️",
    "warning": "⚠️",
    "no_entry": "⛔",
    "grey_question": "❔",
    "hourglass": "⏳",
    "boom": "💥",
    "round_pushpin": "📍",
    "microphone": "🎤",
    "link": "🔗",
    "bell": "🔔",
    "no_bell": "🔕",
    "red_circle": "🔴",
    "large_orange_circle": "🟠",
    "large_yellow_circle": "🟡",
    "zzz": "💤",
    "calendar": "📅",
    "tada": "🎉",
}


def _mrkdwn_to_text(text: str) -> str:
    def control(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("!date^"):
            return label or ""
        if target.startswith(("@", "#")):
            return label or target
        if label and label != target:
            return f"{label} ({target})"
        return target

    text = _CONTROL.sub(control, text)
    # Emphasis marks are markup outside code spans only: `"0 9 * * 1"` is a cron line to
    # copy, and stripping its stars would break the schedule pasted from it.
    pieces = _CODE_SPAN.split(text)
    for i in range(0, len(pieces), 2):
        plain = _BOLD.sub(r"\1", _ITALIC.sub(r"\1", pieces[i]))
        pieces[i] = _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), plain)
    return unescape_entities("".join(pieces))


def _block_lines(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "divider":
        return ["-" * 40]
    if kind == "header":
        title = str(block["text"]["text"])
        return [title, "=" * min(len(title), 60)]
    if kind == "section":
        lines = [_mrkdwn_to_text(block["text"]["text"])] if block.get("text") else []
        for field in block.get("fields", []):
            lines.append(_mrkdwn_to_text(field["text"]))
        return lines
    if kind == "context":
        parts = [_mrkdwn_to_text(e.get("text", "")) for e in block.get("elements", [])]
        return ["   " + "  ".join(p for p in parts if p.strip())]
    if kind == "actions":
        labels = [e.get("text", {}).get("text", "") for e in block.get("elements", [])]
        return ["   [" + "] [".join(labels) + "]"]
    return []


def to_terminal(msg: Message) -> str:
    lines: list[str] = []
    for block in msg["blocks"]:
        lines.extend(_block_lines(block))
    return "\n".join(lines) if lines else _mrkdwn_to_text(msg["text"])
