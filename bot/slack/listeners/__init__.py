"""Slack listeners, one module per family; each has register(app)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import (
    actions,
    commands,
    conferences,
    duplicates,
    errors,
    home,
    mentions,
    modal,
    plus_ones,
    revisits,
    sharing,
    shortcuts,
)
from bot.slack.listeners.deps import Deps, provide


def register_all(app: App, deps: Deps) -> None:
    """Listeners ack and hand slow work to `deps.work`, so acks never wait behind it."""
    provide(app, deps)
    for family in (
        errors,
        commands,
        actions,
        modal,
        shortcuts,
        sharing,
        home,
        mentions,
        conferences,
        duplicates,
        plus_ones,
        revisits,
    ):
        family.register(app)
