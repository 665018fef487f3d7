"""Share an answer in a channel: re-read the takeaways by id, this workspace's only."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from bot.errors import NotFound
from bot.services.actor import Actor
from bot.services.transactions import transaction
from storage import takeaways as repo
from storage.models import Takeaway

MAX_SHARED = 10


class AnswerSharing:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def takeaways(self, actor: Actor, ids: Sequence[int]) -> list[Takeaway]:
        """The takeaways still there, in the given order. Ids of other workspaces are
        never read; when nothing is left the share is refused."""
        wanted = list(dict.fromkeys(ids))[:MAX_SHARED]
        with transaction(self._sessions) as session:
            found = repo.get_takeaways_by_ref(session=session, team_id=actor.team_id, refs=wanted)
        # Two numbers merged into one takeaway share it once.
        items = list({found[i].id: found[i] for i in wanted if i in found}.values())
        if not items:
            raise NotFound(
                "Those takeaways are not in this workspace any more, so there is nothing to share."
            )
        return items
