"""WebClients for work done outside a Slack request (digests, reminders)."""

from __future__ import annotations

from typing import Protocol

from slack_sdk import WebClient

from bot.errors import TakeawaysError


class NotInstalled(TakeawaysError):
    """The workspace has no usable installation (OAuth mode): never installed, uninstalled,
    or its bot token was revoked."""

    def __init__(self, team_id: str, install_url: str | None = None) -> None:
        super().__init__(
            f"Takeaways is not installed in workspace {team_id} (never installed, "
            f"uninstalled, or its token was revoked); install it from "
            f"{install_url or '/slack/install'}"
        )
        self.team_id = team_id


class SlackClients(Protocol):
    def for_team(self, team_id: str) -> WebClient:
        """A client whose token may act in this workspace; NotInstalled when there is none."""
        ...


class SingleWorkspaceClients:
    """Token mode: one bot token serves the one workspace."""

    def __init__(self, client: WebClient) -> None:
        self._client = client

    def for_team(self, team_id: str) -> WebClient:
        return self._client
