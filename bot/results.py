"""What a command produced, as data. bot/slack/blocks renders these for Slack (and the console)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from bot.grammar import Filters
from bot.search.live import Hit, Similar
from bot.services.briefs import Brief
from bot.services.digest import DigestContent, DigestPlan
from bot.services.experts import Expert
from bot.services.followups import FollowupPage
from bot.services.preferences import Preferences
from bot.services.reports import ConferenceReport
from storage.models import Followup, Takeaway, Talk


class Result:
    """What a command produced. Each kind has one renderer (bot.slack.blocks.render)."""

    __slots__ = ()


@dataclass(frozen=True)
class Added(Result):
    takeaway: Takeaway
    # Near-duplicates already there, closest first (the reply offers to merge).
    similar: tuple[Similar, ...] = ()
    related: tuple[Takeaway, ...] = ()  # worth reading next to it


@dataclass(frozen=True)
class Experts(Result):
    """`/takeaway who`: people ranked by their evidence on a topic."""

    topic: str
    people: list[Expert]


@dataclass(frozen=True)
class MeSettings(Result):
    """`/takeaway me`: the requester's own settings after the change (if any)."""

    who_hidden: bool
    changed: bool


@dataclass(frozen=True)
class Merged(Result):
    takeaway: Takeaway
    merged_ref: int  # the number that now leads to `takeaway`


@dataclass(frozen=True)
class Edited(Result):
    takeaway: Takeaway


@dataclass(frozen=True)
class Deleted(Result):
    takeaway: Takeaway


@dataclass(frozen=True)
class Shown(Result):
    takeaway: Takeaway


@dataclass(frozen=True)
class Listing(Result):
    takeaways: list[Takeaway]
    total: int
    filters: Filters


@dataclass(frozen=True)
class Answer(Result):
    query: str
    filters: Filters
    hits: list[Hit]
    suggestions: list[str] = field(default_factory=list)
    # Answered by a plain scan while the workspace's search index is being built.
    quick: bool = False
    # Nothing matched the question; these notes share some of its words.
    loose: bool = False
    highlight: frozenset[str] = frozenset()  # stems of the query's words, to mark
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (typed, read as)
    # Takeaway id -> up to 3 others worth reading next to it (same talk, tags, text).
    related: dict[int, list[Takeaway]] = field(default_factory=dict)


@dataclass(frozen=True)
class HelpReply(Result):
    topic: str | None = None


@dataclass(frozen=True)
class FollowupCreated(Result):
    followup: Followup
    today: date


@dataclass(frozen=True)
class FollowupList(Result):
    page: FollowupPage


@dataclass(frozen=True)
class FollowupChanged(Result):
    followup: Followup
    today: date
    verb: str  # "done", "dropped" or "snoozed"


@dataclass(frozen=True)
class DigestStatus(Result):
    plan: DigestPlan | None
    next_run: datetime | None
    changed: bool = False


@dataclass(frozen=True)
class DigestPreview(Result):
    content: DigestContent


@dataclass(frozen=True)
class RemindersState(Result):
    enabled: bool
    changed: bool


@dataclass(frozen=True)
class ChannelConf(Result):
    """A channel's default conference after `conf set`, `conf show` or `conf clear`."""

    action: Literal["set", "show", "clear"]
    channel_id: str
    conference: str | None
    set_by: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class ReportShown(Result):
    report: ConferenceReport


@dataclass(frozen=True)
class GoingRecorded(Result):
    conference: str
    new: bool
    talks: int  # in its imported schedule


@dataclass(frozen=True)
class TalkList(Result):
    conference: str
    talks: list[Talk]
    starred: set[int]  # Talk.id
    words: str = ""


@dataclass(frozen=True)
class TalkStarred(Result):
    talk: Talk
    starred: bool
    changed: bool


@dataclass(frozen=True)
class BriefShown(Result):
    brief: Brief


@dataclass(frozen=True)
class MeShown(Result):
    preferences: Preferences
    changed: str | None = None  # the action that changed them (`me tz ...`), if any
    who_hidden: bool = False  # left out of `/takeaway who` (`me hide`)
