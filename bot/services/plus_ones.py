"""+1: who else learned a takeaway ("Me too" on an answer, or a 👍 reaction on the
message it was saved from), and how that and a takeaway's standing weigh in answers.
No Slack, no SQL."""

from __future__ import annotations

import math

from sqlalchemy.orm import Session, sessionmaker

from bot.errors import InvalidInput
from bot.search.live import Hit
from bot.services.actor import Actor
from bot.services.clock import Clock
from bot.services.takeaways import TakeawayService
from bot.services.transactions import transaction
from storage import merges
from storage.models import Takeaway

# Reactions that mean "me too".
PLUS_ONE_REACTIONS = frozenset({"+1", "thumbsup", "heavy_plus_sign", "raised_hands", "100"})


def means_me_too(reaction: str) -> bool:
    """Whether a reaction (":+1::skin-tone-2:" included) says "me too"."""
    return reaction.split("::")[0] in PLUS_ONE_REACTIONS


# Each +1 lifts an answer a little, with diminishing returns: 3 people lift it by about
# 7%, 10 by 12%. Enough to order near-equal answers, never to bury a better match.
PLUS_ONE_LIFT = 0.05


def lifted(hits: list[Hit]) -> list[Hit]:
    """Answers re-ordered: current takeaways before outdated or superseded ones, and by
    score lifted for the +1s each has (stable among equals)."""
    scored = [
        (
            h.takeaway.status != "current",
            h.score * (1.0 + PLUS_ONE_LIFT * math.log1p(len(h.takeaway.plus_ones))),
            n,
            h,
        )
        for n, h in enumerate(hits)
    ]
    scored.sort(key=lambda item: (item[0], -item[1], item[2]))
    return [h for *_, h in scored]


class PlusOneService:
    """Entity service: takes the caller's session."""

    def __init__(self, clock: Clock, takeaways: TakeawayService) -> None:
        self._clock = clock
        self._takeaways = takeaways

    def add(self, session: Session, actor: Actor, takeaway: Takeaway) -> bool:
        """Record that the actor learned it too; False when they already had."""
        if actor.user_id == takeaway.author or actor.user_id in takeaway.coauthor_ids:
            raise InvalidInput(
                f"You wrote takeaway #{takeaway.ref}; +1s are for the others who learned it."
            )
        return merges.add_plus_one(
            session=session, takeaway=takeaway, user_id=actor.user_id, now=self._clock()
        )


class PlusOnes:
    """Use cases: the "Me too" button and +1 reactions, one transaction each."""

    def __init__(
        self, sessions: sessionmaker[Session], takeaways: TakeawayService, plus_ones: PlusOneService
    ) -> None:
        self._sessions = sessions
        self._takeaways = takeaways
        self._plus_ones = plus_ones

    def me_too(self, actor: Actor, ref: int) -> tuple[Takeaway, bool]:
        """+1 takeaway #ref; returns it and whether this was new."""
        with transaction(self._sessions) as session:
            takeaway = self._takeaways.get(session, actor, ref)
            added = self._plus_ones.add(session, actor, takeaway)
            return takeaway, added

    def reaction(
        self, actor: Actor, channel_id: str, ts: str, reaction: str, *, added: bool
    ) -> Takeaway | None:
        """A reaction on a message: +1 (or take it back) the takeaway saved from it, if
        any and if the reaction means "me too". Silent otherwise: reactions are not
        commands, and nobody is told."""
        if not means_me_too(reaction):
            return None
        with transaction(self._sessions) as session:
            takeaway = merges.takeaway_of_message(
                session=session, team_id=actor.team_id, channel_id=channel_id, ts=ts
            )
            if takeaway is None:
                return None
            if actor.user_id in {takeaway.author, *takeaway.coauthor_ids}:
                return None
            if added:
                self._plus_ones.add(session, actor, takeaway)
            else:
                merges.remove_plus_one(session=session, takeaway=takeaway, user_id=actor.user_id)
            return takeaway
