"""Events API deliveries, slash commands and interactions have one effect each.

Slack signatures carry no nonce: a signed request replayed within its 5 minutes would
run again. Events are deduped on their event_id (Slack's retries reuse it); commands and
interactions on their trigger_id, which Slack makes unique per user action.

Events API deliveries have one effect: the first delivery of an event_id anywhere is
handled; Slack's retries (X-Slack-Retry-Num) of it, on this replica or another, are
dropped. The claim is a row in the database, so replicas agree.

Listeners ack first and claim in their background work: a database write before the ack
could hold it past Slack's 3 s (a locked SQLite file, a Postgres failover), and Slack
would retry, or in the end turn the subscription off. Events nobody acts on (message
edits, the bot's own DMs) are never claimed.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from bot.errors import Unavailable
from bot.metrics import EVENTS_DEDUPLICATED, REQUESTS_REFUSED
from bot.services.container import Services

log = logging.getLogger(__name__)


def first_delivery(services: Services, body: dict[str, Any]) -> bool:
    """True unless this event id was already handled (then the delivery is dropped)."""
    event_id = body.get("event_id")
    if not event_id:
        return True
    try:
        first = services.event_claims.claim(
            event_id=str(event_id), team_id=str(body.get("team_id") or "")
        )
    except Unavailable:
        # No database: handle it (listeners will say what they can); a retry may repeat.
        log.warning("could not claim event %s: database unavailable", event_id)
        return True
    if not first:
        EVENTS_DEDUPLICATED.inc()
        log.info("event %s was already handled; dropping this delivery", event_id)
    return first


def _trigger_key(trigger_id: str) -> str:
    # Claims share the event_id column (64 characters); trigger ids are ~50.
    key = f"trigger:{trigger_id}"
    return key if len(key) <= 64 else "trigger:" + hashlib.sha256(key.encode()).hexdigest()[:48]


def first_trigger(services: Services, trigger_id: str | None, team_id: str | None) -> bool:
    """True unless a request with this trigger_id was already handled: a replay."""
    if not trigger_id:
        return True
    try:
        first = services.event_claims.claim(
            event_id=_trigger_key(trigger_id), team_id=team_id or ""
        )
    except Unavailable:
        log.warning("could not claim trigger %s: database unavailable", trigger_id)
        return True
    if not first:
        REQUESTS_REFUSED.labels("replayed").inc()
        log.warning("trigger %s was already handled; dropping this replay", trigger_id)
    return first
