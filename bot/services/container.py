"""The Services object listeners, jobs and the CLI work with, and how to build it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.search.glossary import Glossary, load_glossary
from bot.search.live import IndexedSearch
from bot.services.briefs import BriefService
from bot.services.channels import ChannelConferences
from bot.services.clock import Clock, utc_now
from bot.services.conferences import AttendanceService, ScheduleImports
from bot.services.database import Database
from bot.services.digest import DigestService
from bot.services.digest_runs import DigestRuns
from bot.services.dispatcher import CommandDispatcher, Entities
from bot.services.duplicates import (
    DuplicateClicks,
    DuplicateReport,
    DuplicateService,
    MergeService,
)
from bot.services.event_claims import EventClaims
from bot.services.experts import ExpertService
from bot.services.followup_clicks import FollowupClicks
from bot.services.followups import FollowupService
from bot.services.home import HomeService
from bot.services.plus_ones import PlusOnes, PlusOneService
from bot.services.preferences import PreferenceService
from bot.services.reminder_runs import ReminderRuns
from bot.services.reminders import ReminderService
from bot.services.reports import Reports, ReportService
from bot.services.revisits import RevisitRuns, Revisits, RevisitService
from bot.services.schedule import ScheduleOverview
from bot.services.sharing import AnswerSharing
from bot.services.submissions import SubmissionService
from bot.services.takeaways import TakeawayService
from bot.services.workspaces import Workspaces
from bot.transfer.exporter import Exporter
from bot.transfer.importer import Importer
from storage.db import make_sessionmaker


@dataclass
class Services:
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    database: Database
    # Entity services: each call takes the caller's session.
    takeaways: TakeawayService
    search: IndexedSearch
    followups: FollowupService
    digest: DigestService
    reminders: ReminderService
    channels: ChannelConferences
    duplicates: DuplicateService
    merges: MergeService
    # Use cases: each call is one transaction (or several, for jobs and imports).
    dispatcher: CommandDispatcher
    submissions: SubmissionService
    home: HomeService
    sharing: AnswerSharing
    followup_clicks: FollowupClicks
    event_claims: EventClaims
    digest_runs: DigestRuns
    reminder_runs: ReminderRuns
    schedule: ScheduleOverview
    workspaces: Workspaces
    importer: Importer
    exporter: Exporter
    schedules: ScheduleImports
    reports: Reports
    duplicate_clicks: DuplicateClicks
    duplicate_report: DuplicateReport
    plus_ones: PlusOnes
    revisits: Revisits
    revisit_runs: RevisitRuns


def build_services(
    engine: Engine,
    *,
    clock: Clock = utc_now,
    settings: Settings | None = None,
    glossary: Glossary | None = None,
) -> Services:
    settings = settings or Settings()
    sessions = make_sessionmaker(engine)
    takeaways = TakeawayService(clock, revisit_after=settings.revisit.after)
    glossary = glossary or load_glossary()
    search = IndexedSearch(
        glossary, sessions, memory_budget=settings.search.memory_budget_mb * 1024 * 1024
    )
    followups = FollowupService(clock)
    lease = timedelta(minutes=settings.scheduler.claim_lease_minutes)
    report_service = ReportService(clock)
    attendance = AttendanceService(clock)
    briefs = BriefService(
        search, report_service, clock=clock, days_before=settings.briefs.days_before, lease=lease
    )
    digest = DigestService(clock, settings.digest, lease=lease, reports=report_service)
    reminders = ReminderService(clock, settings.reminders, lease=lease)
    channels = ChannelConferences(clock)
    database = Database(engine)
    preferences = PreferenceService()
    reminder_runs = ReminderRuns(sessions, clock, reminders, database, briefs)
    duplicates = DuplicateService(search)
    revisit_service = RevisitService(
        clock,
        takeaways,
        send_time=reminders.send_time,
        after=settings.revisit.after,
        lease=lease,
    )
    merges = MergeService(clock, takeaways)
    return Services(
        engine=engine,
        sessions=sessions,
        clock=clock,
        database=database,
        takeaways=takeaways,
        search=search,
        followups=followups,
        digest=digest,
        reminders=reminders,
        channels=channels,
        duplicates=duplicates,
        merges=merges,
        dispatcher=CommandDispatcher(
            sessions,
            Entities(
                takeaways,
                search,
                followups,
                digest,
                reminders,
                channels,
                report_service,
                attendance,
                briefs,
                preferences,
                duplicates=duplicates,
                merges=merges,
                experts=ExpertService(),
            ),
        ),
        submissions=SubmissionService(
            sessions, takeaways, channels, followups, duplicates, attendance
        ),
        home=HomeService(sessions, followups, attendance, report_service, preferences),
        sharing=AnswerSharing(sessions),
        followup_clicks=FollowupClicks(sessions, followups),
        event_claims=EventClaims(sessions, clock),
        digest_runs=DigestRuns(sessions, clock, digest, database),
        reminder_runs=reminder_runs,
        schedule=ScheduleOverview(sessions, clock, digest),
        workspaces=Workspaces(sessions),
        importer=Importer(sessions, clock, glossary),
        exporter=Exporter(sessions, clock),
        schedules=ScheduleImports(sessions, clock),
        reports=Reports(sessions, report_service),
        duplicate_clicks=DuplicateClicks(sessions, merges),
        duplicate_report=DuplicateReport(sessions, duplicates),
        plus_ones=PlusOnes(sessions, takeaways, PlusOneService(clock, takeaways)),
        revisits=Revisits(sessions, revisit_service, takeaways, duplicates),
        revisit_runs=RevisitRuns(sessions, clock, revisit_service, reminder_runs, database),
    )
