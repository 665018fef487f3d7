"""Sending a DM exactly once across replicas: the claim is committed before the send, the
outcome after it (reminders, revisits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from bot.services.transactions import transaction


class Finish(Protocol):
    def __call__(
        self,
        session: Session,
        *,
        sent: bool,
        channel_id: str | None = None,
        message_ts: str | None = None,
    ) -> None: ...


def send_once(
    sessions: sessionmaker[Session],
    *,
    claim: Callable[[Session], bool],
    send: Callable[[], tuple[str, str]],
    finish: Finish,
) -> bool:
    """Claim, send, record; False when another pass (or replica) holds the claim. A send
    that raises is recorded as failed (the next pass claims it again) and re-raised."""
    with transaction(sessions) as session:
        if not claim(session):
            return False
    try:
        channel, ts = send()
    except Exception:
        with transaction(sessions) as session:
            finish(session, sent=False)
        raise
    with transaction(sessions) as session:
        finish(session, sent=True, channel_id=channel, message_ts=ts)
    return True
