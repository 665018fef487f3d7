"""WebClients for work done outside a Slack request (digests, reminders)."""

from __future__ import annotations

from typing import Protocol

from slack_sdk import WebClient


class SlackClients(Protocol):
    def for_team(self, team_id: str) -> WebClient:
        """A client whose token may act in this workspace."""
        ...


class SingleWorkspaceClients:
    """Token mode: one bot token serves the one workspace."""

    def __init__(self, client: WebClient) -> None:
        self._client = client

    def for_team(self, team_id: str) -> WebClient:
        return self._client
