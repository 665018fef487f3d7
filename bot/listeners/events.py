"""Events API deliveries have one effect: the first delivery of an event_id anywhere is
handled; Slack's retries (X-Slack-Retry-Num) of it, on this replica or another, are acked
and dropped. The claim is a row in the database, so replicas agree."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.errors import Unavailable
from bot.metrics import EVENTS_DEDUPLICATED
from bot.services.container import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    @app.middleware
    def drop_repeated_events(body: dict[str, Any], next: Callable[[], None]) -> Any:
        event_id = body.get("event_id")
        if body.get("type") != "event_callback" or not event_id:
            return next()
        try:
            first = services.event_claims.claim(
                event_id=str(event_id), team_id=str(body.get("team_id") or "")
            )
        except Unavailable:
            # No database: handle it (listeners will say what they can); a retry may repeat.
            log.warning("could not claim event %s: database unavailable", event_id)
            return next()
        if first:
            return next()
        EVENTS_DEDUPLICATED.inc()
        log.info("event %s was already handled; dropping this delivery", event_id)
        return BoltResponse(status=200, body="")
