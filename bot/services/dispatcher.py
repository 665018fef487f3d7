"""Run a parsed command for an actor, in one transaction, and say what happened.

Each command kind (a bot.grammar.Command) has exactly one handler, registered here with
`@handles`; each result kind (a bot.results.Result) has one renderer in bot.slack.blocks.
Adding a subcommand is: its type and parse branch in bot/grammar.py, a handler below
(over an entity service), and a renderer (tests/unit/test_registries.py checks that
every kind has both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from bot import grammar as c
from bot.errors import InvalidInput
from bot.metrics import timing_ask
from bot.results import (
    Added,
    Answer,
    BriefShown,
    ChannelConf,
    Deleted,
    DigestPreview,
    DigestStatus,
    Edited,
    Experts,
    FollowupChanged,
    FollowupCreated,
    FollowupList,
    GoingRecorded,
    HelpReply,
    Listing,
    Merged,
    MeSettings,
    MeShown,
    RemindersState,
    ReportShown,
    Result,
    Shown,
    TalkList,
    TalkStarred,
)
from bot.search import ranking
from bot.search.live import Hit, IndexedSearch
from bot.services.actor import Actor
from bot.services.briefs import BriefService
from bot.services.channels import ChannelConferences
from bot.services.conferences import AttendanceService
from bot.services.digest import DigestPlan, DigestService
from bot.services.duplicates import DuplicateService, MergeService
from bot.services.experts import ExpertService
from bot.services.followups import FollowupService
from bot.services.plus_ones import lifted
from bot.services.preferences import PreferenceService
from bot.services.reminders import ReminderService
from bot.services.reports import ReportService
from bot.services.takeaways import TakeawayService, filter_for
from bot.services.transactions import transaction


@dataclass(frozen=True)
class Entities:
    """The entity services handlers work with; each takes the handler's session."""

    takeaways: TakeawayService
    search: IndexedSearch
    followups: FollowupService
    digest: DigestService
    reminders: ReminderService
    channels: ChannelConferences
    reports: ReportService
    attendance: AttendanceService
    briefs: BriefService
    preferences: PreferenceService
    duplicates: DuplicateService
    merges: MergeService
    experts: ExpertService


@dataclass(frozen=True)
class Run:
    """One command being handled: its transaction, who asked, and the entity services."""

    session: Session
    actor: Actor
    entities: Entities


C = TypeVar("C", bound=c.Command)
Handler = Callable[[Run, Any], Result]
HANDLERS: dict[type[c.Command], Handler] = {}


def handles(kind: type[C]) -> Callable[[Callable[[Run, C], Result]], Callable[[Run, C], Result]]:
    """Register the handler of one command kind."""

    def register(handler: Callable[[Run, C], Result]) -> Callable[[Run, C], Result]:
        if kind in HANDLERS:
            raise RuntimeError(f"{kind.__name__} already has a handler")
        HANDLERS[kind] = handler
        return handler

    return register


class CommandDispatcher:
    def __init__(self, sessions: sessionmaker[Session], entities: Entities) -> None:
        self._sessions = sessions
        self._entities = entities

    def execute(self, actor: Actor, command: c.Command) -> Result:
        if isinstance(command, c.Help):
            return HelpReply(topic=command.topic)  # no database: help works when it is down
        handler = HANDLERS.get(type(command))
        if handler is None:
            raise AssertionError(f"no handler for {type(command).__name__}")
        with transaction(self._sessions) as session:
            return handler(Run(session, actor, self._entities), command)

    def ask(
        self, actor: Actor, text: str, filters: c.Filters, *, limit: int = c.ASK_LIMIT
    ) -> Answer:
        answer = self.execute(actor, c.Ask(text=text, filters=filters, limit=limit))
        assert isinstance(answer, Answer)
        return answer


# --- takeaways ---------------------------------------------------------------------------


@handles(c.Add)
def add(run: Run, command: c.Add) -> Added:
    if command.draft is None:
        raise InvalidInput("A takeaway needs some text.", hint=f"Usage: `{c.USAGE['add']}`")
    # A starred talk running now beats the channel's conference: it says more.
    draft = run.entities.attendance.prefill(run.session, run.actor, command.draft)
    draft = run.entities.channels.apply_default(run.session, run.actor, draft)
    # Before storing: the check reads what is committed (the index never holds a note
    # this transaction might still roll back).
    duplicates = run.entities.duplicates
    similar = duplicates.like(run.session, run.actor, draft)
    shown = {s.takeaway.id for s in similar[:1]}
    related = duplicates.related_to_draft(run.session, run.actor, draft, leave_out=shown)
    takeaway = run.entities.takeaways.add(run.session, run.actor, draft)
    return Added(takeaway, tuple(similar), tuple(related))


# Takeaways read to judge who knows about a topic.
WHO_NOTES = 200


@handles(c.Who)
def who(run: Run, command: c.Who) -> Experts:
    result = run.entities.search.search(
        run.session,
        team_id=run.actor.team_id,
        text=command.topic,
        flt=filter_for(run.actor, c.Filters()),
        limit=WHO_NOTES,
    )
    topic = [h.takeaway for h in relevant(result.hits)]
    return Experts(command.topic, run.entities.experts.rank(run.session, run.actor, topic))


@handles(c.Merge)
def merge(run: Run, command: c.Merge) -> Merged:
    merges = run.entities.merges
    takeaway, gone = merges.merge(run.session, run.actor, command.keep_id, command.gone_id)
    return Merged(takeaway, gone)


@handles(c.Ask)
def ask(run: Run, command: c.Ask) -> Answer:
    flt = filter_for(run.actor, command.filters)
    with timing_ask():
        result = run.entities.search.search(
            run.session, team_id=run.actor.team_id, text=command.text, flt=flt, limit=command.limit
        )
    hits = lifted(relevant(result.hits))
    related = run.entities.duplicates.related_to(
        run.session, run.actor.team_id, [h.takeaway for h in hits], within=flt
    )
    return Answer(
        query=command.text,
        filters=command.filters,
        hits=hits,
        related=related,
        suggestions=result.suggestions,
        quick=result.quick,
        loose=result.loose,
        highlight=result.highlight,
        corrections=result.corrections,
    )


# Hits scoring under this share of the best one are noise next to it: "karpenter" should
# answer with the Karpenter notes, not with every note that names nodes.
RELATIVE_CUT = 0.4


def relevant(hits: list[Hit]) -> list[Hit]:
    """The hits that stand comparison with the best one (all of them when none scores).

    A sentence about a talk ("This one was about getting nodes fast when pods are
    pending") can repeat the question's words and outscore everything the talk taught;
    it does not set the bar for them, or the answer would be that sentence alone."""
    best = max(
        (h.score for h in hits if not ranking.is_about_the_talk(h.takeaway.text)), default=0.0
    )
    best = best or max((h.score for h in hits), default=0.0)
    return [h for h in hits if h.score >= best * RELATIVE_CUT]


@handles(c.ListTakeaways)
def list_takeaways(run: Run, command: c.ListTakeaways) -> Listing:
    page = run.entities.takeaways.list(run.session, run.actor, command.filters)
    return Listing(takeaways=page.items, total=page.total, filters=command.filters)


@handles(c.Show)
def show(run: Run, command: c.Show) -> Shown:
    return Shown(run.entities.takeaways.get(run.session, run.actor, command.takeaway_id))


@handles(c.Edit)
def edit(run: Run, command: c.Edit) -> Edited:
    takeaways = run.entities.takeaways
    return Edited(takeaways.edit(run.session, run.actor, command.takeaway_id, command.draft))


@handles(c.Delete)
def delete(run: Run, command: c.Delete) -> Deleted:
    return Deleted(run.entities.takeaways.delete(run.session, run.actor, command.takeaway_id))


@handles(c.Export)
def export(run: Run, command: c.Export) -> Result:
    # A file needs Slack to carry it: the Slack listener sends it itself.
    raise InvalidInput(
        "`export` sends a file in Slack. Here, use "
        "`takeaways export --format md --output takeaways.md`."
    )


# --- follow-ups --------------------------------------------------------------------------


@handles(c.AddFollowup)
def add_followup(run: Run, command: c.AddFollowup) -> FollowupCreated:
    followups = run.entities.followups
    followup = followups.add(run.session, run.actor, command)
    return FollowupCreated(followup, followups.today_for(run.actor))


@handles(c.ListFollowups)
def list_followups(run: Run, command: c.ListFollowups) -> FollowupList:
    return FollowupList(run.entities.followups.list(run.session, run.actor, command))


@handles(c.CloseFollowup)
def close_followup(run: Run, command: c.CloseFollowup) -> FollowupChanged:
    followups = run.entities.followups
    followup = followups.close(run.session, run.actor, command.followup_id, command.status)
    return FollowupChanged(followup, followups.today_for(run.actor), command.status)


@handles(c.SnoozeFollowup)
def snooze_followup(run: Run, command: c.SnoozeFollowup) -> FollowupChanged:
    followups = run.entities.followups
    followup = followups.snooze(run.session, run.actor, command.followup_id, command.until)
    return FollowupChanged(followup, followups.today_for(run.actor), "snoozed")


@handles(c.SetReminders)
def set_reminders(run: Run, command: c.SetReminders) -> RemindersState:
    state = run.entities.reminders.set_enabled(run.session, run.actor, command.enabled)
    return RemindersState(enabled=state, changed=command.enabled is not None)


# --- the digest --------------------------------------------------------------------------


def _next_digest(run: Run, plan: DigestPlan | None) -> datetime | None:
    if plan is None or not plan.enabled:
        return None
    return plan.schedule.next_after(run.entities.followups.now())


@handles(c.ConfigureDigest)
def configure_digest(run: Run, command: c.ConfigureDigest) -> DigestStatus | DigestPreview:
    digest, session, actor = run.entities.digest, run.session, run.actor
    if command.action == "show":
        plan = digest.plan(session, actor.team_id)
        return DigestStatus(plan, _next_digest(run, plan))
    if command.action == "preview":
        now = run.entities.followups.now()
        plan = digest.plan(session, actor.team_id)
        content = digest.compose(
            session,
            actor.team_id,
            window_start=digest.window_start(session, actor.team_id, now),
            window_end=now,
            timezone=plan.schedule.timezone if plan else actor.timezone(),
        )
        return DigestPreview(content)
    plan = digest.configure(session, actor, command)
    return DigestStatus(plan, _next_digest(run, plan), changed=True)


# --- a channel's conference --------------------------------------------------------------


@handles(c.ConfSet)
def conf_set(run: Run, command: c.ConfSet) -> ChannelConf:
    row = run.entities.channels.set(run.session, run.actor, command.conference)
    return ChannelConf("set", row.channel_id, row.conference, row.set_by, row.updated_at)


@handles(c.ConfShow)
def conf_show(run: Run, command: c.ConfShow) -> ChannelConf:
    found = run.entities.channels.get(run.session, run.actor)
    if found is None:
        return ChannelConf("show", run.actor.channel_id or "", None)
    return ChannelConf("show", found.channel_id, found.conference, found.set_by, found.updated_at)


@handles(c.ConfClear)
def conf_clear(run: Run, command: c.ConfClear) -> ChannelConf:
    current = run.entities.channels.get(run.session, run.actor)
    run.entities.channels.clear(run.session, run.actor)
    return ChannelConf("clear", run.actor.channel_id or "", current.conference if current else None)


# --- conferences -------------------------------------------------------------------------


@handles(c.Report)
def report(run: Run, command: c.Report) -> ReportShown:
    found = run.entities.reports.report(run.session, run.actor.team_id, command.conference)
    return ReportShown(found)


@handles(c.Going)
def going(run: Run, command: c.Going) -> GoingRecorded:
    found = run.entities.attendance.going(run.session, run.actor, command.conference)
    return GoingRecorded(*found)


@handles(c.Talks)
def talks(run: Run, command: c.Talks) -> TalkList:
    attendance = run.entities.attendance
    conference, found, starred = attendance.talks(
        run.session, run.actor, command.conference, command.words
    )
    return TalkList(conference, found, starred, command.words)


@handles(c.Attend)
def attend(run: Run, command: c.Attend) -> TalkStarred:
    talk, starred, changed = run.entities.attendance.star(
        run.session, run.actor, command.talk_id, command.star
    )
    return TalkStarred(talk, starred, changed)


@handles(c.Brief)
def brief(run: Run, command: c.Brief) -> BriefShown:
    now = run.entities.followups.now()
    found = run.entities.briefs.brief(
        run.session, run.actor.team_id, run.actor.user_id, command.conference, now=now
    )
    return BriefShown(found)


# --- the requester's own settings ------------------------------------------------------


@handles(c.Me)
def me(run: Run, command: c.Me) -> MeShown | MeSettings:
    """`/takeaway me`: whether `who` names you (hide, show), or your notification settings."""
    experts = run.entities.experts
    if command.action in {"hide", "show"}:
        hidden = experts.set_hidden(run.session, run.actor, command.action == "hide")
        return MeSettings(who_hidden=hidden, changed=True)
    preferences = run.entities.preferences
    hidden = experts.set_hidden(run.session, run.actor, None)
    if command.action == "settings":
        return MeShown(preferences.show(run.session, run.actor), who_hidden=hidden)
    changed = preferences.change(run.session, run.actor, command)
    return MeShown(changed, command.action, who_hidden=hidden)
