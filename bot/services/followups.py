"""Follow-ups: create, list, close, snooze. No Slack, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from bot import grammar as c
from bot.dates import parse_due, parse_snooze
from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.services.actor import Actor
from bot.services.clock import Clock
from storage import followups as repo
from storage import takeaways as takeaway_repo
from storage.models import Followup, Takeaway

LIST_LIMIT = 30


def local_now(now: datetime, timezone: str) -> datetime:
    """`now` on the wall clock of `timezone` (UTC when Slack gave us a zone we don't know)."""
    try:
        return now.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return now.astimezone(UTC)


def local_today(now: datetime, timezone: str) -> date:
    return local_now(now, timezone).date()


@dataclass(frozen=True)
class FollowupDraft:
    """A follow-up from the add modal (or a parsed command) before it is stored."""

    text: str
    owner: str | None  # a Slack user id; None: the person adding the takeaway
    due: date | None
    owner_name: str | None = None  # filled from Slack before storing


@dataclass(frozen=True)
class FollowupPage:
    items: list[Followup]
    total: int
    everyone: bool
    owner: str | None
    today: date
    mine: bool = False


class FollowupService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> datetime:
        return self._clock()

    def today_for(self, actor: Actor) -> date:
        return local_today(self._clock(), actor.timezone())

    def add(self, session: Session, actor: Actor, command: c.AddFollowup) -> Followup:
        """`/takeaway followup ...`: the due date is read in the requester's timezone."""
        takeaway = None
        if command.takeaway_id is not None:
            takeaway = takeaway_repo.get_takeaway(
                session=session, team_id=actor.team_id, ref=command.takeaway_id
            )
            if takeaway is None:
                raise NotFound(
                    f"There is no takeaway #{command.takeaway_id} to link this follow-up to.",
                    hint="`/takeaway list` shows takeaways with their ids.",
                )
        due = parse_due(command.due, self.today_for(actor)) if command.due else None
        takeaway_repo.ensure_workspace(
            session=session,
            team_id=actor.team_id,
            enterprise_id=actor.enterprise_id,
            now=self._clock(),
        )
        draft = FollowupDraft(
            text=command.text, owner=command.owner, due=due, owner_name=command.owner_name
        )
        return self._store(session, actor, draft, takeaway=takeaway)

    def create(
        self, session: Session, actor: Actor, *, takeaway: Takeaway, draft: FollowupDraft
    ) -> Followup:
        """The follow-up of the add modal, linked to the takeaway it came with."""
        return self._store(session, actor, draft, takeaway=takeaway)

    def _store(
        self, session: Session, actor: Actor, draft: FollowupDraft, *, takeaway: Takeaway | None
    ) -> Followup:
        owner = draft.owner or actor.user_id
        owner_name = draft.owner_name or (actor.user_name if owner == actor.user_id else owner)
        return repo.add_followup(
            session=session,
            team_id=actor.team_id,
            text=draft.text,
            owner=owner,
            owner_name=owner_name,
            creator=actor.user_id,
            due=draft.due,
            takeaway=takeaway,
            now=self._clock(),
        )

    def open_for(self, session: Session, actor: Actor, *, limit: int) -> list[Followup]:
        """The actor's open follow-ups, soonest due first (App Home)."""
        return repo.list_followups(
            session=session, team_id=actor.team_id, owner=actor.user_id, limit=limit
        )

    def get(self, session: Session, actor: Actor, followup_id: int) -> Followup:
        followup = repo.get_followup(session=session, team_id=actor.team_id, ref=followup_id)
        if followup is None:
            raise NotFound(
                f"There is no follow-up #{followup_id} in this workspace.",
                hint="`/takeaway followups all` lists the open ones with their ids.",
            )
        return followup

    def _check_may_change(self, actor: Actor, followup: Followup, verb: str) -> None:
        if actor.user_id in {followup.owner, followup.creator} or actor.is_admin():
            return
        raise NotAllowed(
            f"Only the owner or creator of follow-up #{followup.ref}, or a workspace admin, "
            f"can {verb} it."
        )

    def close(self, session: Session, actor: Actor, followup_id: int, status: str) -> Followup:
        followup = self.get(session, actor, followup_id)
        verb = "close" if status == repo.DONE else "drop"
        self._check_may_change(actor, followup, verb)
        if followup.status != repo.OPEN:
            raise InvalidInput(f"Follow-up #{followup.ref} is already {followup.status}.")
        now = self._clock()
        followup.status = status
        followup.closed_at = now
        followup.closed_by = actor.user_id
        followup.updated_at = now
        session.flush()
        return followup

    def snooze(self, session: Session, actor: Actor, followup_id: int, until: str) -> Followup:
        followup = self.get(session, actor, followup_id)
        self._check_may_change(actor, followup, "snooze")
        if followup.status != repo.OPEN:
            raise InvalidInput(f"Follow-up #{followup.ref} is already {followup.status}.")
        followup.due = parse_snooze(until, followup.due, self.today_for(actor))
        followup.updated_at = self._clock()
        session.flush()
        return followup

    def list(
        self, session: Session, actor: Actor, command: c.ListFollowups, *, limit: int = LIST_LIMIT
    ) -> FollowupPage:
        owner = None if command.everyone else (command.owner or actor.user_id)
        items = repo.list_followups(
            session=session, team_id=actor.team_id, owner=owner, limit=limit
        )
        total = (
            len(items)
            if len(items) < limit
            else repo.count_followups(session=session, team_id=actor.team_id, owner=owner)
        )
        return FollowupPage(
            items=items,
            total=total,
            everyone=command.everyone,
            owner=owner,
            today=self.today_for(actor),
            mine=owner == actor.user_id,
        )
