"""Per-conference follow-through: what the team learned at an event and what it did
about it (`/takeaway report`, `takeaways report`, the digest's conference lines)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.errors import NotFound
from bot.services.clock import Clock
from bot.services.conferences import conference_name
from bot.services.transactions import transaction
from storage import reports as repo
from storage import talks as talk_repo
from storage.followups import DONE, DROPPED
from storage.reports import FollowupFact, TakeawayLine

# A follow-up's state in a report. Every follow-up has exactly one, so they add up to
# `created`.
STATES = ("done_on_time", "done_late", "open", "overdue", "dropped")
# The digest names conferences with a takeaway recorded or a talk held this recently.
RECENT_CONFERENCE_DAYS = 30
THEMES_SHOWN = 10
BEST_SHOWN = 5
PER_TALK_SHOWN = 3


@dataclass(frozen=True)
class FollowupCounts:
    created: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0
    dropped: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late


@dataclass(frozen=True)
class Attendee:
    user_id: str
    name: str


@dataclass(frozen=True)
class TalkSection:
    """A talk the team took notes at: what the schedule says of it, and the notes."""

    title: str
    takeaways: int
    top: list[TakeawayLine]
    speakers: tuple[str, ...] = ()
    starts_at: datetime | None = None
    room: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ConferenceReport:
    team_id: str
    conference: str
    today: date
    takeaways: int
    followups: FollowupCounts
    acted_ratio: float | None
    median_days_to_done: float | None
    attendees: list[Attendee]
    # What the trip report and Slack show besides the numbers (empty in a summary).
    themes: list[tuple[str, int]] = field(default_factory=list)
    talks: list[TalkSection] = field(default_factory=list)
    best: list[TakeawayLine] = field(default_factory=list)
    followup_items: list[tuple[str, FollowupFact]] = field(default_factory=list)


@dataclass(frozen=True)
class ConferenceLine:
    """One line of the digest: "KubeCon EU 2025: 42 takeaways, 9 follow-ups, 5 done, 2 overdue"."""

    conference: str
    takeaways: int
    followups: int
    done: int
    overdue: int


def followup_state(fact: FollowupFact, today: date) -> str:
    """Done on time (by its due date, or with none), done late, dropped, overdue or open.
    Days are UTC days."""
    if fact.status == DROPPED:
        return "dropped"
    if fact.status == DONE:
        closed = (fact.closed_at or fact.created_at).date()
        return "done_late" if fact.due is not None and closed > fact.due else "done_on_time"
    return "overdue" if fact.due is not None and fact.due < today else "open"


def report_json(report: ConferenceReport) -> dict[str, Any]:
    """`takeaways report --json`: the contract other tools read."""
    counts = report.followups
    return {
        "conference": report.conference,
        "takeaways": report.takeaways,
        "followups": {
            "created": counts.created,
            "done_on_time": counts.done_on_time,
            "done_late": counts.done_late,
            "open": counts.open,
            "overdue": counts.overdue,
            "dropped": counts.dropped,
        },
        "acted_ratio": report.acted_ratio,
        "median_days_to_done": report.median_days_to_done,
        "attendees": [a.user_id for a in report.attendees],
    }


class ReportService:
    """Entity service: each call takes the caller's session."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> datetime:
        return self._clock()

    def resolve(self, session: Session, team_id: str, name: str) -> str:
        """The conference as the workspace spells it ("kubecon eu 2025" finds "KubeCon EU
        2025"); NotFound naming the known ones otherwise."""
        wanted = conference_name(name)
        known = repo.conference_names(session=session, team_id=team_id)
        if wanted in known:
            return wanted
        same = [k for k in known if k.casefold() == wanted.casefold()]
        if same:
            return same[0]
        shown = ", ".join(f'"{k}"' for k in known[-10:]) or "none yet"
        raise NotFound(f'No conference "{wanted}" here. Known conferences: {shown}.')

    def report(
        self,
        session: Session,
        team_id: str,
        name: str,
        *,
        detail: bool = True,
        now: datetime | None = None,
    ) -> ConferenceReport:
        """As of `now` (default: the clock), which decides what is overdue."""
        conference = self.resolve(session, team_id, name)
        today = (now or self._clock()).date()
        takeaways = repo.count_takeaways(session=session, team_id=team_id, conference=conference)
        facts = repo.followup_facts(session=session, team_id=team_id, conference=conference)
        states = [(followup_state(f, today), f) for f in facts]
        tally = dict.fromkeys(STATES, 0)
        for state, _ in states:
            tally[state] += 1
        counts = FollowupCounts(created=len(facts), **tally)
        days = [
            (f.closed_at - f.created_at).total_seconds() / 86400
            for state, f in states
            if state.startswith("done") and f.closed_at is not None
        ]
        report = ConferenceReport(
            team_id=team_id,
            conference=conference,
            today=today,
            takeaways=takeaways,
            followups=counts,
            acted_ratio=round(counts.done / takeaways, 3) if takeaways else None,
            median_days_to_done=round(statistics.median(days), 1) if days else None,
            attendees=self._attendees(session, team_id, conference),
        )
        if not detail:
            return report
        led_to = Counter(f.takeaway_number for f in facts if f.takeaway_number is not None)
        lines = repo.takeaway_lines(
            session=session, team_id=team_id, conference=conference, followups=led_to
        )
        return replace(
            report,
            themes=repo.tag_counts(
                session=session, team_id=team_id, conference=conference, limit=THEMES_SHOWN
            ),
            talks=_talk_sections(session, team_id, conference, lines),
            best=_best(lines, BEST_SHOWN),
            followup_items=states,
        )

    def _attendees(self, session: Session, team_id: str, conference: str) -> list[Attendee]:
        """Who said they were going, and who recorded takeaways there."""
        people: dict[str, str] = {}
        for row in talk_repo.attendees(session=session, team_id=team_id, conference=conference):
            people[row.user_id] = row.user_name
        for user, name in repo.authors(session=session, team_id=team_id, conference=conference):
            people[user] = people.get(user) or name
        return sorted(
            (Attendee(user, name) for user, name in people.items()),
            key=lambda a: ((a.name or a.user_id).casefold(), a.user_id),
        )

    def digest_lines(self, session: Session, team_id: str, now: datetime) -> list[ConferenceLine]:
        """A line per conference of the last RECENT_CONFERENCE_DAYS days."""
        names = repo.recent_conferences(
            session=session,
            team_id=team_id,
            since=now - timedelta(days=RECENT_CONFERENCE_DAYS),
            until=now,
        )
        lines = []
        for name in names:
            report = self.report(session, team_id, name, detail=False, now=now)
            counts = report.followups
            lines.append(
                ConferenceLine(name, report.takeaways, counts.created, counts.done, counts.overdue)
            )
        return lines


def _best(lines: list[TakeawayLine], limit: int) -> list[TakeawayLine]:
    """The takeaways most people said they learned too (+1s), then those that led to the
    most follow-ups, then the newest; never one its author marked outdated or superseded."""
    current = [t for t in lines if t.status == "current"]
    ranked = sorted(
        current, key=lambda t: (t.plus_ones, t.followups, t.created_at, t.number), reverse=True
    )
    return ranked[:limit]


def _talk_sections(
    session: Session, team_id: str, conference: str, lines: list[TakeawayLine]
) -> list[TalkSection]:
    """The talks the team took notes at, with what the schedule (if imported) says."""
    schedule = {
        t.title.casefold(): t
        for t in talk_repo.talks_of(session=session, team_id=team_id, conference=conference)
    }
    by_talk: dict[str, list[TakeawayLine]] = {}
    for line in lines:
        if line.talk:
            by_talk.setdefault(line.talk, []).append(line)
    talks = []
    for title, notes in by_talk.items():
        known = schedule.get(title.casefold())
        talks.append(
            TalkSection(
                title=title,
                takeaways=len(notes),
                top=_best(notes, PER_TALK_SHOWN),
                speakers=tuple(known.speakers or ()) if known else (),
                starts_at=known.starts_at if known else None,
                room=known.room if known else None,
                url=known.url if known else None,
            )
        )
    # Most-noted talks first; then in the order they were held.
    talks.sort(
        key=lambda s: (
            -s.takeaways,
            s.starts_at.timestamp() if s.starts_at else float("inf"),
            s.title.casefold(),
        )
    )
    return talks


class Reports:
    """Use case: one report, one transaction (the CLI)."""

    def __init__(self, sessions: sessionmaker[Session], reports: ReportService) -> None:
        self._sessions = sessions
        self._reports = reports

    def report(self, team_id: str, conference: str, *, detail: bool = True) -> ConferenceReport:
        with transaction(self._sessions) as session:
            return self._reports.report(session, team_id, conference, detail=detail)
