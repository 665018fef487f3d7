"""What a command produced, as data. bot/blocks renders these for Slack (and the console)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.commands import Filters
from bot.services.search import Hit
from storage.models import Takeaway


@dataclass(frozen=True)
class Added:
    takeaway: Takeaway


@dataclass(frozen=True)
class Edited:
    takeaway: Takeaway


@dataclass(frozen=True)
class Deleted:
    takeaway: Takeaway


@dataclass(frozen=True)
class Shown:
    takeaway: Takeaway


@dataclass(frozen=True)
class Listing:
    takeaways: list[Takeaway]
    total: int
    filters: Filters


@dataclass(frozen=True)
class Answer:
    query: str
    filters: Filters
    hits: list[Hit]
    suggestions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HelpReply:
    topic: str | None = None


@dataclass(frozen=True)
class ChannelConf:
    """A channel's default conference after `conf set`, `conf show` or `conf clear`."""

    action: Literal["set", "show", "clear"]
    channel_id: str
    conference: str | None
    set_by: str | None = None
    updated_at: datetime | None = None


Reply = Added | Edited | Deleted | Shown | Listing | Answer | HelpReply | ChannelConf
