"""Pure Block Kit builders: data in, message dicts out. All user text is escaped here.

Importing the package registers every result renderer (see registry.py).
"""

from __future__ import annotations

from bot.slack.blocks import (
    channels,
    digest,
    duplicates,
    experts,
    followups,
    help,
    takeaways,
)
from bot.slack.blocks.registry import render_result

__all__ = [
    "channels",
    "digest",
    "duplicates",
    "experts",
    "followups",
    "help",
    "render_result",
    "takeaways",
]
