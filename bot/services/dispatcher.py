"""Run a parsed command for an actor, in one transaction, and say what happened."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot import grammar as c
from bot.errors import InvalidInput
from bot.metrics import timing_ask
from bot.results import (
    Added,
    Answer,
    ChannelConf,
    Deleted,
    DigestPreview,
    DigestStatus,
    Edited,
    FollowupChanged,
    FollowupCreated,
    FollowupList,
    HelpReply,
    Listing,
    RemindersState,
    Reply,
    Shown,
)
from bot.search.live import SearchEngine
from bot.services.actor import Actor
from bot.services.channels import ChannelConferences
from bot.services.digest import DigestContent, DigestPlan, DigestService
from bot.services.followups import FollowupService
from bot.services.reminders import ReminderService
from bot.services.takeaways import TakeawayService, filter_for
from bot.services.transactions import transaction

ASK_LIMIT = 5


class CommandDispatcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        takeaways: TakeawayService,
        search: SearchEngine,
        followups: FollowupService,
        digest: DigestService,
        reminders: ReminderService,
        channels: ChannelConferences,
    ) -> None:
        self._sessions = sessions
        self._takeaways = takeaways
        self._search = search
        self._followups = followups
        self._digest = digest
        self._reminders = reminders
        self._channels = channels

    def execute(self, actor: Actor, command: c.Command) -> Reply:
        if isinstance(command, c.Help):
            return HelpReply(topic=command.topic)
        with transaction(self._sessions) as session:
            return self._run(session, actor, command)

    def ask(self, actor: Actor, text: str, filters: c.Filters, *, limit: int = ASK_LIMIT) -> Answer:
        with transaction(self._sessions) as session:
            return self._ask(session, actor, text, filters, limit)

    def _ask(
        self, session: Session, actor: Actor, text: str, filters: c.Filters, limit: int
    ) -> Answer:
        flt = filter_for(actor, filters)
        with timing_ask():
            result = self._search.search(
                session, team_id=actor.team_id, text=text, flt=flt, limit=limit
            )
        return Answer(query=text, filters=filters, hits=result.hits, suggestions=result.suggestions)

    def _run(self, session: Session, actor: Actor, command: c.Command) -> Reply:
        match command:
            case c.Add(draft=None):
                raise InvalidInput("A takeaway needs some text.", hint=f"Usage: `{c.USAGE['add']}`")
            case c.Add(draft=draft) if draft is not None:
                draft = self._channels.apply_default(session, actor, draft)
                return Added(self._takeaways.add(session, actor, draft))
            case c.Ask(text=text, filters=filters):
                return self._ask(session, actor, text, filters, ASK_LIMIT)
            case c.ListTakeaways(filters=filters):
                page = self._takeaways.list(session, actor, filters)
                return Listing(takeaways=page.items, total=page.total, filters=filters)
            case c.Show(takeaway_id=takeaway_id):
                return Shown(self._takeaways.get(session, actor, takeaway_id))
            case c.Edit(takeaway_id=takeaway_id, draft=draft):
                return Edited(self._takeaways.edit(session, actor, takeaway_id, draft))
            case c.Delete(takeaway_id=takeaway_id):
                return Deleted(self._takeaways.delete(session, actor, takeaway_id))
            case c.AddFollowup():
                followup = self._followups.add(session, actor, command)
                return FollowupCreated(followup, self._followups.today_for(actor))
            case c.ListFollowups():
                return FollowupList(self._followups.list(session, actor, command))
            case c.CloseFollowup(followup_id=followup_id, status=status):
                followup = self._followups.close(session, actor, followup_id, status)
                return FollowupChanged(followup, self._followups.today_for(actor), status)
            case c.SnoozeFollowup(followup_id=followup_id, until=until):
                followup = self._followups.snooze(session, actor, followup_id, until)
                return FollowupChanged(followup, self._followups.today_for(actor), "snoozed")
            case c.ConfigureDigest(action="show"):
                plan = self._digest.plan(session, actor.team_id)
                return DigestStatus(plan, self._next_digest(plan))
            case c.ConfigureDigest(action="preview"):
                return DigestPreview(self._digest_preview(session, actor))
            case c.ConfigureDigest():
                plan = self._digest.configure(session, actor, command)
                return DigestStatus(plan, self._next_digest(plan), changed=True)
            case c.SetReminders(enabled=enabled):
                state = self._reminders.set_enabled(session, actor, enabled)
                return RemindersState(enabled=state, changed=enabled is not None)
            case c.ConfSet(conference=conference):
                row = self._channels.set(session, actor, conference)
                return ChannelConf(
                    "set", row.channel_id, row.conference, row.set_by, row.updated_at
                )
            case c.ConfShow():
                found = self._channels.get(session, actor)
                if found is None:
                    return ChannelConf("show", actor.channel_id or "", None)
                return ChannelConf(
                    "show", found.channel_id, found.conference, found.set_by, found.updated_at
                )
            case c.ConfClear():
                current = self._channels.get(session, actor)
                self._channels.clear(session, actor)
                return ChannelConf(
                    "clear", actor.channel_id or "", current.conference if current else None
                )
            case c.Export():
                # A file needs Slack to carry it; the Slack listener sends it itself.
                raise InvalidInput(
                    "`export` sends a file in Slack. Here, use "
                    "`takeaways export --format md --output takeaways.md`."
                )
        raise AssertionError(f"unhandled command {command!r}")

    def _next_digest(self, plan: DigestPlan | None) -> datetime | None:
        if plan is None or not plan.enabled:
            return None
        return plan.schedule.next_after(self._digest_clock())

    def _digest_clock(self) -> datetime:
        return self._followups.now()

    def _digest_preview(self, session: Session, actor: Actor) -> DigestContent:
        now = self._followups.now()
        plan = self._digest.plan(session, actor.team_id)
        timezone = plan.schedule.timezone if plan else actor.timezone()
        return self._digest.compose(
            session,
            actor.team_id,
            window_start=self._digest.window_start(session, actor.team_id, now),
            window_end=now,
            timezone=timezone,
        )
