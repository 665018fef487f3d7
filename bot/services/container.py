"""The Services object listeners and jobs close over, and how to build it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.search.glossary import Glossary, load_glossary
from bot.services.clock import Clock, utc_now
from bot.services.dispatcher import CommandDispatcher
from bot.services.importer import Importer
from bot.services.search import IndexedSearch
from bot.services.takeaways import TakeawayService
from storage.db import make_sessionmaker


@dataclass
class Services:
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    takeaways: TakeawayService
    search: IndexedSearch
    dispatcher: CommandDispatcher
    importer: Importer


def build_services(
    engine: Engine, *, clock: Clock = utc_now, glossary: Glossary | None = None
) -> Services:
    sessions = make_sessionmaker(engine)
    takeaways = TakeawayService(clock)
    search = IndexedSearch(glossary or load_glossary())
    return Services(
        engine=engine,
        sessions=sessions,
        clock=clock,
        takeaways=takeaways,
        search=search,
        dispatcher=CommandDispatcher(sessions, takeaways, search),
        importer=Importer(sessions, clock),
    )
