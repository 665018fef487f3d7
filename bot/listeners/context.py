"""Build the Actor from a signed Slack payload."""

from __future__ import annotations

from functools import cache
from typing import Any

from slack_sdk import WebClient

from bot.services.actor import Actor
from bot.slack_users import UserDirectory


def actor_from_command(command: dict[str, Any], client: WebClient, users: UserDirectory) -> Actor:
    team_id = command["team_id"]
    user_id = command["user_id"]

    @cache
    def is_admin() -> bool:
        return users.profile(client, team_id, user_id).is_admin

    return Actor(
        team_id=team_id,
        enterprise_id=command.get("enterprise_id") or None,
        user_id=user_id,
        user_name=command.get("user_name") or user_id,
        admin_check=is_admin,
    )
