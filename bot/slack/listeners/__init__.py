"""Slack listeners, one module per family, each with register(app, services, ...)."""

from __future__ import annotations

from slack_bolt import App

from bot.services.container import Services
from bot.slack.background import BackgroundWork
from bot.slack.listeners import (
    actions,
    commands,
    errors,
    home,
    mentions,
    modal,
    sharing,
    shortcuts,
)
from bot.slack.users import UserDirectory


def register_all(app: App, services: Services, work: BackgroundWork) -> None:
    """Listeners ack and hand slow work to `work`, so acks never wait behind it."""
    users = UserDirectory()
    errors.register(app)
    commands.register(app, services, users, work)
    actions.register(app, services, users, work)
    modal.register(app, services, users, work)
    shortcuts.register(app, services, users, work)
    sharing.register(app, services, users, work)
    home.register(app, services, users, work)
    mentions.register(app, services, work)
