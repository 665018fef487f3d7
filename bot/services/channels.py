"""A channel's default conference (`/takeaway conf set ...`): adds typed in that channel
without `conf:` are filed under it, and the add modal opened there is prefilled with it."""

from __future__ import annotations

import dataclasses

from sqlalchemy.orm import Session

from bot.errors import InvalidInput
from bot.grammar import Draft
from bot.services.actor import Actor
from bot.services.clock import Clock
from storage import takeaways as repo
from storage.models import ChannelConference


def _channel_of(actor: Actor) -> str:
    if not actor.channel_id:
        raise InvalidInput(
            "A conference belongs to a Slack channel: run "
            '`/takeaway conf set "KubeCon EU 2024"` in that channel.'
        )
    return actor.channel_id


class ChannelConferences:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def set(self, session: Session, actor: Actor, conference: str) -> ChannelConference:
        channel_id = _channel_of(actor)
        now = self._clock()
        repo.ensure_workspace(
            session=session, team_id=actor.team_id, enterprise_id=actor.enterprise_id, now=now
        )
        return repo.set_channel_conference(
            session=session,
            team_id=actor.team_id,
            channel_id=channel_id,
            conference=conference,
            set_by=actor.user_id,
            now=now,
        )

    def get(self, session: Session, actor: Actor) -> ChannelConference | None:
        return repo.get_channel_conference(
            session=session, team_id=actor.team_id, channel_id=_channel_of(actor)
        )

    def clear(self, session: Session, actor: Actor) -> bool:
        return repo.clear_channel_conference(
            session=session, team_id=actor.team_id, channel_id=_channel_of(actor)
        )

    def default_for(self, session: Session, actor: Actor) -> str | None:
        """The conference of the actor's channel, if it has one."""
        if not actor.channel_id:
            return None
        row = repo.get_channel_conference(
            session=session, team_id=actor.team_id, channel_id=actor.channel_id
        )
        return row.conference if row else None

    def apply_default(self, session: Session, actor: Actor, draft: Draft) -> Draft:
        """Fill in the channel's conference when none was typed (`conf:""` means none)."""
        if draft.conference is not None:
            return draft
        conference = self.default_for(session, actor)
        return dataclasses.replace(draft, conference=conference) if conference else draft
