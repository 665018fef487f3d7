"""A stand-in for the follow-up service (built on another branch), implementing the
FollowupPort the modal and App Home use. It records in memory what the surfaces hand it,
and stores nothing in the database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from bot.services.actor import Actor
from bot.services.followup_port import FollowupDraft, OpenFollowup
from storage.models import Takeaway


@dataclass(frozen=True)
class Open:
    id: int
    text: str
    due: date | None = None


@dataclass
class RecordingFollowups:
    created: list[tuple[str, int, FollowupDraft]] = field(default_factory=list)
    open: list[Open] = field(default_factory=list)
    fail_with: Exception | None = None

    def create(
        self, session: Session, actor: Actor, *, takeaway: Takeaway, draft: FollowupDraft
    ) -> object:
        if self.fail_with is not None:
            raise self.fail_with
        self.created.append((actor.user_id, takeaway.id, draft))
        return draft

    def open_for(self, session: Session, actor: Actor, *, limit: int) -> Sequence[OpenFollowup]:
        return self.open[:limit]
