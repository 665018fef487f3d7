"""The Services object listeners and jobs close over, and how to build it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.services.channels import ChannelConferences
from bot.services.clock import Clock, utc_now
from bot.services.dispatcher import CommandDispatcher
from bot.services.event_claims import EventClaims
from bot.services.followup_port import FollowupPort
from bot.services.home import HomeService
from bot.services.search import FuzzySearch, SearchEngine
from bot.services.sharing import AnswerSharing
from bot.services.submissions import SubmissionService
from bot.services.takeaways import TakeawayService
from storage.db import make_sessionmaker


@dataclass
class Services:
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    takeaways: TakeawayService
    search: SearchEngine
    dispatcher: CommandDispatcher
    channels: ChannelConferences
    submissions: SubmissionService
    home: HomeService
    sharing: AnswerSharing
    event_claims: EventClaims
    # The follow-up service, once there is one: the add modal and App Home use it.
    followups: FollowupPort | None = None


def build_services(
    engine: Engine, *, clock: Clock = utc_now, followups: FollowupPort | None = None
) -> Services:
    sessions = make_sessionmaker(engine)
    takeaways = TakeawayService(clock)
    search = FuzzySearch()
    channels = ChannelConferences(clock)
    return Services(
        engine=engine,
        sessions=sessions,
        clock=clock,
        takeaways=takeaways,
        search=search,
        dispatcher=CommandDispatcher(sessions, takeaways, search, channels),
        channels=channels,
        submissions=SubmissionService(sessions, takeaways, channels, followups),
        home=HomeService(sessions, followups),
        sharing=AnswerSharing(sessions),
        event_claims=EventClaims(sessions, clock),
        followups=followups,
    )
