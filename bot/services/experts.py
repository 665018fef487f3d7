"""Who knows about a topic: people ranked by the takeaways they wrote on it, the +1s
they gave, the follow-ups they closed and the talks they attended, with the evidence.
No Slack, no SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.services.actor import Actor
from storage import experts as repo
from storage.models import IMPORT_AUTHOR, Takeaway

# How much each piece of evidence counts. Writing on the topic says the most; closing a
# follow-up means acting on it; a +1 or one more talk, a little.
WEIGHTS = {"takeaways": 3.0, "followups_closed": 2.0, "talks": 1.0, "plus_ones": 1.0}
# People shown.
SHOWN = 10


@dataclass
class Expert:
    user: str
    name: str = ""
    takeaways: int = 0
    plus_ones: int = 0
    followups_closed: int = 0
    talks: set[tuple[str, str]] = field(default_factory=set)
    latest: datetime | None = None

    @property
    def score(self) -> float:
        return round(
            WEIGHTS["takeaways"] * self.takeaways
            + WEIGHTS["followups_closed"] * self.followups_closed
            + WEIGHTS["talks"] * len(self.talks)
            + WEIGHTS["plus_ones"] * self.plus_ones,
            2,
        )

    def seen(self, t: Takeaway) -> None:
        moment = t.created_at
        if self.latest is None or moment > self.latest:
            self.latest = moment


class ExpertService:
    """Entity service: takes the caller's session."""

    def rank(self, session: Session, actor: Actor, topic: Sequence[Takeaway]) -> list[Expert]:
        """People of this workspace, best evidence first, from the takeaways on the topic;
        those who hide (`/takeaway me hide`) and imports' authors are left out."""
        people: dict[str, Expert] = {}

        def person(user: str, name: str = "") -> Expert:
            found = people.setdefault(user, Expert(user))
            found.name = found.name or name
            return found

        for t in topic:
            writers = [(t.author, t.author_name)]
            writers += [(str(c.get("user") or ""), str(c.get("name") or "")) for c in t.coauthors]
            for user, name in writers:
                if user and user != IMPORT_AUTHOR:
                    expert = person(user, name)
                    expert.takeaways += 1
                    expert.seen(t)
                    if t.talk:
                        expert.talks.add(((t.conference or "").lower(), t.talk.lower()))
            for user in t.plus_ones:
                expert = person(user)
                expert.plus_ones += 1
                expert.seen(t)
        closed = repo.followups_closed_by(session=session, takeaway_ids=[t.id for t in topic])
        for user, count in closed.items():
            person(user).followups_closed += count
        hidden = repo.hidden_users(session=session, team_id=actor.team_id)
        ranked = [e for e in people.values() if e.user not in hidden]
        ranked.sort(key=lambda e: (-e.score, -(e.latest.timestamp() if e.latest else 0), e.user))
        return ranked[:SHOWN]

    def set_hidden(self, session: Session, actor: Actor, hidden: bool | None) -> bool:
        return repo.set_hidden(
            session=session, team_id=actor.team_id, user_id=actor.user_id, hidden=hidden
        )
