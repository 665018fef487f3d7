"""Slack listeners, one module per family, each with register(app, services)."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, errors, home, mentions, modal, sharing, shortcuts
from bot.services.container import Services
from bot.slack_users import UserDirectory


def register_all(app: App, services: Services) -> None:
    users = UserDirectory()
    errors.register(app)
    commands.register(app, services, users)
    actions.register(app, services, users)
    modal.register(app, services, users)
    shortcuts.register(app, services, users)
    sharing.register(app, services, users)
    home.register(app, services, users)
    mentions.register(app, services)
