"""Takeaways that come from a form (the add modal, "Save as takeaway"), with an optional
follow-up stored in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.grammar import Draft
from bot.search.live import Similar
from bot.services.actor import Actor
from bot.services.channels import ChannelConferences
from bot.services.conferences import AttendanceService
from bot.services.duplicates import DuplicateService
from bot.services.followups import FollowupDraft, FollowupService
from bot.services.takeaways import TakeawayService
from bot.services.transactions import transaction
from storage import takeaways as repo
from storage.models import Takeaway


@dataclass(frozen=True)
class TakeawayForm:
    """What a form collected, validated."""

    draft: Draft
    source_author: str | None = None
    source_author_name: str | None = None
    followup: FollowupDraft | None = None


@dataclass(frozen=True)
class Prefill:
    conference: str | None = None
    talk: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class Saved:
    takeaway: Takeaway
    similar: tuple[Similar, ...] = ()  # near-duplicates already there, closest first
    related: tuple[Takeaway, ...] = ()  # worth reading next to it


class SubmissionService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        takeaways: TakeawayService,
        channels: ChannelConferences,
        followups: FollowupService,
        duplicates: DuplicateService,
        attendance: AttendanceService | None = None,
    ) -> None:
        self._attendance = attendance  # the starred talk going on now, for the form
        self._sessions = sessions
        self._takeaways = takeaways
        self._channels = channels
        self._followups = followups
        self._duplicates = duplicates

    def prefill(self, actor: Actor) -> Prefill:
        """What the form starts with: the starred talk going on now (its conference, title
        and link), else the channel's default conference, else the one of the actor's
        newest takeaway."""
        with transaction(self._sessions) as session:
            talk = self._attendance.talk_now(session, actor) if self._attendance else None
            if talk is not None:
                return Prefill(talk.conference, talk.title, talk.url)
            return Prefill(
                self._channels.default_for(session, actor)
                or repo.last_conference_of(
                    session=session, team_id=actor.team_id, author=actor.user_id
                )
            )

    def submit(self, actor: Actor, form: TakeawayForm) -> Saved:
        """Store the takeaway and its follow-up together, or neither; say what it looks
        like a near-duplicate of (checked before storing, as `/takeaway add` does)."""
        with transaction(self._sessions) as session:
            similar = self._duplicates.like(session, actor, form.draft)
            shown = {s.takeaway.id for s in similar[:1]}
            related = self._duplicates.related_to_draft(session, actor, form.draft, leave_out=shown)
            takeaway = self._takeaways.add(
                session,
                actor,
                form.draft,
                source_author=form.source_author,
                source_author_name=form.source_author_name,
            )
            if form.followup is not None:
                self._followups.create(session, actor, takeaway=takeaway, draft=form.followup)
            return Saved(takeaway, tuple(similar), tuple(related))
