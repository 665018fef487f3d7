"""Exactly-once answers to Events API deliveries: Slack retries an event (up to three
times, over about five minutes) when it thinks we missed it, and replicas share no memory,
so each event id is claimed in the database before it is answered."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.services.clock import Clock
from bot.services.transactions import transaction
from storage import takeaways as repo

# Far beyond Slack's last retry; older claims are pruned as new ones come in, at most
# once per PRUNE_EVERY on each replica (not on every event).
KEEP_CLAIMS = timedelta(hours=24)
PRUNE_EVERY = timedelta(minutes=5)


class EventClaims:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock
        self._pruned_at: datetime | None = None

    def claim(self, *, event_id: str, team_id: str) -> bool:
        """True for the first delivery of this event anywhere; False for any repeat."""
        now = self._clock()
        prune = self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY
        with transaction(self._sessions) as session:
            if prune:
                repo.prune_event_claims(session=session, before=now - KEEP_CLAIMS)
            first = repo.claim_event(session=session, event_id=event_id, team_id=team_id, now=now)
        if prune:
            self._pruned_at = now
        return first
