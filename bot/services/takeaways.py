"""Recording, editing, deleting and listing takeaways. No Slack, no SQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.orm import Session

from bot import mrkdwn, periods
from bot.errors import NotAllowed, NotFound
from bot.grammar import Draft, Filters
from bot.mrkdwn import truncate
from bot.services.actor import Actor
from bot.services.clock import Clock
from storage import merges
from storage import takeaways as repo
from storage.models import IMPORT_AUTHOR, IMPORT_AUTHOR_NAME, Takeaway

LIST_PAGE = 10
AUTHOR_NAME_CHARS = 80


class Credited(Protocol):
    """What the credit line reads: a takeaway, or a report's line of one."""

    @property
    def author(self) -> str: ...
    @property
    def author_name(self) -> str: ...
    @property
    def source_author_name(self) -> str | None: ...
    @property
    def coauthors(self) -> list[dict[str, str]]: ...


def day_shown(t: Takeaway, created: Callable[[datetime], str]) -> str:
    """When a takeaway is from, as answers show it: the day of the event or post when
    known (a 2019 write-up imported today is 2019); else the day it was recorded, in
    `created`'s form, said to be an import's day for a note imported without one, so it
    does not pass for one learned that day."""
    if t.event_date:
        return t.event_date.isoformat()
    imported = t.author == IMPORT_AUTHOR  # no Slack author of its own (no --author)
    return ("imported " if imported else "") + created(t.created_at)


def credited_author(t: Credited) -> str:
    """Who to credit, as plain text: the person, not "import" (an imported note has no
    Slack author, only the name its source gave, if any), and the co-authors of a merged
    takeaway, by name. Slack, the CLI and the reports all show it."""
    coauthors = [
        truncate(p.get("name") or p.get("user") or "", AUTHOR_NAME_CHARS) for p in t.coauthors or []
    ]
    if t.author == IMPORT_AUTHOR and t.author_name in {"", IMPORT_AUTHOR_NAME}:
        named = [truncate(t.source_author_name or "", AUTHOR_NAME_CHARS), *coauthors]
        return ", ".join(n for n in named if n)
    who = ", ".join([truncate(t.author_name or t.author, AUTHOR_NAME_CHARS), *coauthors])
    if t.source_author_name:
        # Saved from someone else's message: credit them too, by name (never a mention).
        who = f"{who}, from a message by {truncate(t.source_author_name, AUTHOR_NAME_CHARS)}"
    return who


@dataclass(frozen=True)
class Page:
    items: list[Takeaway]
    total: int


def filter_for(actor: Actor, filters: Filters) -> repo.TakeawayFilter:
    """What `list` and `ask` narrow to; `mine` means the person asking."""
    return repo.TakeawayFilter(
        author=actor.user_id if filters.mine else filters.author,
        tags=filters.tags,
        conference=filters.conference,
    )


class TakeawayService:
    def __init__(self, clock: Clock, *, revisit_after: str = "12m") -> None:
        self._clock = clock
        self._revisit_after = revisit_after  # [revisit] after

    def _revisit_on(self, draft: Draft) -> date | None:
        """When the author is asked whether it still holds: `revisit:` as typed, else the
        workspace default."""
        today = self._clock().date()
        if draft.revisit:
            return periods.parse_revisit(draft.revisit, today)
        return periods.default_revisit(today, self._revisit_after)

    def add(
        self,
        session: Session,
        actor: Actor,
        draft: Draft,
        *,
        source_author: str | None = None,
        source_author_name: str | None = None,
    ) -> Takeaway:
        """Store a takeaway authored by the actor; `source_author` is who wrote the message
        it was saved from, if anyone."""
        now = self._clock()
        revisit_on = self._revisit_on(draft)
        repo.ensure_workspace(
            session=session, team_id=actor.team_id, enterprise_id=actor.enterprise_id, now=now
        )
        takeaway = repo.add_takeaway(
            session=session,
            team_id=actor.team_id,
            enterprise_id=actor.enterprise_id,
            text=draft.text,
            tags=draft.tags or (),
            conference=draft.conference or None,
            talk=draft.talk or None,
            links=draft.links,
            author=actor.user_id,
            author_name=actor.user_name,
            now=now,
            source_author=source_author,
            source_author_name=source_author_name,
        )
        takeaway.revisit_on = revisit_on
        # A +1 reaction on the Slack message it was saved from counts for it.
        merges.remember_messages(
            session=session, takeaway=takeaway, messages=mrkdwn.messages_linked(draft.links)
        )
        repo.record_change(session=session, team_id=actor.team_id, takeaway_ids=[takeaway.id])
        return takeaway

    def get(self, session: Session, actor: Actor, takeaway_id: int) -> Takeaway:
        takeaway = repo.get_takeaway(session=session, team_id=actor.team_id, ref=takeaway_id)
        if takeaway is None:
            raise NotFound(
                f"There is no takeaway #{takeaway_id} in this workspace.",
                hint="`/takeaway list` shows the recent ones with their ids.",
            )
        return takeaway

    def _check_may_change(self, actor: Actor, takeaway: Takeaway, verb: str) -> None:
        if takeaway.author == actor.user_id or actor.is_admin():
            return
        raise NotAllowed(
            f"Only the author of takeaway #{takeaway.ref} or a workspace admin can {verb} it."
        )

    def edit(self, session: Session, actor: Actor, takeaway_id: int, draft: Draft) -> Takeaway:
        takeaway = self.get(session, actor, takeaway_id)
        self._check_may_change(actor, takeaway, "edit")
        if draft.text:
            takeaway.text = draft.text
            # Links typed in the new text replace the old ones; a text without links keeps them.
            if draft.links:
                takeaway.links = list(draft.links)
        if draft.tags is not None:
            repo.set_tags(session=session, takeaway=takeaway, tags=draft.tags)
        if draft.conference is not None:
            takeaway.conference = draft.conference or None
        if draft.talk is not None:
            takeaway.talk = draft.talk or None
        if draft.revisit:
            takeaway.revisit_on = self._revisit_on(draft)
        takeaway.updated_at = self._clock()
        session.flush()
        repo.record_change(session=session, team_id=actor.team_id, takeaway_ids=[takeaway.id])
        return takeaway

    def delete(self, session: Session, actor: Actor, takeaway_id: int) -> Takeaway:
        takeaway = self.get(session, actor, takeaway_id)
        self._check_may_change(actor, takeaway, "delete")
        repo.delete_takeaway(session=session, takeaway=takeaway)
        repo.record_change(session=session, team_id=actor.team_id, takeaway_ids=[takeaway.id])
        return takeaway

    def list(
        self, session: Session, actor: Actor, filters: Filters, *, limit: int = LIST_PAGE
    ) -> Page:
        flt = filter_for(actor, filters)
        items = repo.list_takeaways(session=session, team_id=actor.team_id, flt=flt, limit=limit)
        total = (
            len(items)
            if len(items) < limit
            else repo.count_takeaways(session=session, team_id=actor.team_id, flt=flt)
        )
        return Page(items=items, total=total)
