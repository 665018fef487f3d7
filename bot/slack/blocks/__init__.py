"""Pure Block Kit builders: data in, message dicts out. All user text is escaped here.

Importing the package registers every result renderer (see registry.py).
"""

from __future__ import annotations

from bot.slack.blocks import (
    channels,
    conferences,
    digest,
    duplicates,
    experts,
    followups,
    help,
    preferences,
    reports,
    takeaways,
)
from bot.slack.blocks.registry import render_result

__all__ = [
    "channels",
    "conferences",
    "digest",
    "duplicates",
    "experts",
    "followups",
    "help",
    "preferences",
    "render_result",
    "reports",
    "takeaways",
]
