"""The seam between Slack surfaces (the add modal, App Home) and follow-ups: they talk
to follow-ups only through this protocol (bot.services.followups.FollowupService)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from bot.services.actor import Actor
from storage.models import Takeaway


@dataclass(frozen=True)
class FollowupDraft:
    """The optional follow-up of the add modal."""

    text: str
    owner: str | None  # a Slack user id; None: the person adding the takeaway
    due: date | None
    owner_name: str | None = None  # filled from Slack before storing


class OpenFollowup(Protocol):
    """What App Home shows of an open follow-up (its Done button carries the id)."""

    @property
    def id(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def due(self) -> date | None: ...


class FollowupPort(Protocol):
    """Implemented by the follow-up service. Both calls run inside the caller's
    transaction: a follow-up that cannot be stored also undoes its takeaway."""

    def create(
        self, session: Session, actor: Actor, *, takeaway: Takeaway, draft: FollowupDraft
    ) -> object: ...

    def open_for(self, session: Session, actor: Actor, *, limit: int) -> Sequence[OpenFollowup]:
        """The actor's open follow-ups, soonest due first."""
        ...
