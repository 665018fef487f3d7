"""Slack listeners, one module per family, each with register(app, services)."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, errors
from bot.services.container import Services
from bot.slack_users import UserDirectory


def register_all(app: App, services: Services) -> None:
    users = UserDirectory()
    errors.register(app)
    commands.register(app, services, users)
    actions.register(app, services, users)
