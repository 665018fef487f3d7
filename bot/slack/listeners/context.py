"""Build the Actor from a signed Slack payload."""

from __future__ import annotations

from functools import cache
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.services.actor import Actor
from bot.slack.users import UserDirectory


def _actor(
    *,
    team_id: str,
    user_id: str,
    user_name: str,
    enterprise_id: str | None,
    channel_id: str | None,
    client: WebClient,
    users: UserDirectory,
) -> Actor:
    @cache
    def is_admin() -> bool:
        return users.profile(client, team_id, user_id).is_admin

    @cache
    def timezone() -> str | None:
        return users.profile(client, team_id, user_id).tz

    return Actor(
        team_id=team_id,
        enterprise_id=enterprise_id or None,
        user_id=user_id,
        user_name=user_name or user_id,
        channel_id=channel_id or None,
        admin_check=is_admin,
        timezone_lookup=timezone,
    )


def actor_from_command(command: dict[str, Any], client: WebClient, users: UserDirectory) -> Actor:
    return _actor(
        team_id=command["team_id"],
        user_id=command["user_id"],
        user_name=command.get("user_name") or "",
        enterprise_id=command.get("enterprise_id"),
        channel_id=command.get("channel_id"),
        client=client,
        users=users,
    )


def team_of(body: dict[str, Any]) -> str:
    """The workspace of an interaction payload (block_actions, view_submission, ...)."""
    team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    return str(team)


def actor_from_interaction(
    body: dict[str, Any],
    context: BoltContext,
    client: WebClient,
    users: UserDirectory,
    *,
    channel_id: str | None = None,
) -> Actor:
    """The person behind a view_submission, block_actions or message_action payload."""
    user = body.get("user") or {}
    team_id = context.team_id or team_of(body)
    return _actor(
        team_id=str(team_id),
        user_id=str(user["id"]),
        # The same name slash commands carry (user_name), so authors read alike.
        user_name=user.get("username") or user.get("name") or "",
        enterprise_id=context.enterprise_id,
        channel_id=channel_id or (body.get("channel") or {}).get("id"),
        client=client,
        users=users,
    )


def display_name(
    client: WebClient, users: UserDirectory, team_id: str, user_id: str, *, fallback: str
) -> str:
    """A person's display name for text everyone sees (a name, never a mention). When
    Slack cannot say (users.info failed), the profile's name is the bare id: `fallback`
    (e.g. the user_name the request carried) reads better."""
    name = users.profile(client, team_id, user_id).name
    return fallback if name == user_id else name
