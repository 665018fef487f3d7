"""The Services object listeners and jobs close over, and how to build it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.search.glossary import Glossary, load_glossary
from bot.search.live import IndexedSearch
from bot.services.channels import ChannelConferences
from bot.services.clock import Clock, utc_now
from bot.services.digest import DigestService
from bot.services.dispatcher import CommandDispatcher
from bot.services.event_claims import EventClaims
from bot.services.followups import FollowupService
from bot.services.home import HomeService
from bot.services.reminders import ReminderService
from bot.services.sharing import AnswerSharing
from bot.services.submissions import SubmissionService
from bot.services.takeaways import TakeawayService
from bot.transfer.exporter import Exporter
from bot.transfer.importer import Importer
from storage.db import make_sessionmaker


@dataclass
class Services:
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    takeaways: TakeawayService
    search: IndexedSearch
    followups: FollowupService
    digest: DigestService
    reminders: ReminderService
    channels: ChannelConferences
    dispatcher: CommandDispatcher
    submissions: SubmissionService
    home: HomeService
    sharing: AnswerSharing
    event_claims: EventClaims
    importer: Importer
    exporter: Exporter


def build_services(
    engine: Engine,
    *,
    clock: Clock = utc_now,
    settings: Settings | None = None,
    glossary: Glossary | None = None,
) -> Services:
    settings = settings or Settings()
    sessions = make_sessionmaker(engine)
    takeaways = TakeawayService(clock)
    glossary = glossary or load_glossary()
    search = IndexedSearch(glossary)
    followups = FollowupService(clock)
    digest = DigestService(clock, settings.digest)
    reminders = ReminderService(clock, settings.reminders)
    channels = ChannelConferences(clock)
    return Services(
        engine=engine,
        sessions=sessions,
        clock=clock,
        takeaways=takeaways,
        search=search,
        followups=followups,
        digest=digest,
        reminders=reminders,
        channels=channels,
        dispatcher=CommandDispatcher(
            sessions, takeaways, search, followups, digest, reminders, channels
        ),
        submissions=SubmissionService(sessions, takeaways, channels, followups),
        home=HomeService(sessions, followups),
        sharing=AnswerSharing(sessions),
        event_claims=EventClaims(sessions, clock),
        importer=Importer(sessions, clock, glossary),
        exporter=Exporter(sessions, clock),
    )
