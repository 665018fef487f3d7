"""Send signed requests to the running app the way Slack does, and read the replies."""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import urlencode

import httpx

from tests.support.fake_slack import FakeSlack
from tests.support.signing import signed_headers

FORM = "application/x-www-form-urlencoded"


class SlackDriver:
    def __init__(self, base_url: str, secret: str, fake: FakeSlack, team_id: str = "T1") -> None:
        self.base_url = base_url
        self.secret = secret
        self.fake = fake
        self.team_id = team_id
        self.http = httpx.Client(base_url=base_url, timeout=15)
        self._keys = itertools.count(1)

    def close(self) -> None:
        self.http.close()

    def post(
        self,
        body: str,
        *,
        content_type: str = FORM,
        timestamp: int | None = None,
        secret: str | None = None,
        extra_headers: dict[str, str] | None = None,
        path: str = "/slack/events",
    ) -> httpx.Response:
        headers = signed_headers(
            secret or self.secret, body, timestamp=timestamp, content_type=content_type
        )
        headers.update(extra_headers or {})
        return self.http.post(path, content=body.encode(), headers=headers)

    def command_body(
        self,
        text: str,
        *,
        user: str = "U1",
        user_name: str = "alice",
        team: str | None = None,
        channel: str = "C1",
        enterprise: str | None = None,
        key: str | None = None,
    ) -> tuple[str, str]:
        key = key or f"cmd{next(self._keys)}"
        fields = {
            "token": "legacy-verification-token",
            "team_id": team or self.team_id,
            "team_domain": "acme",
            "enterprise_id": enterprise or "",
            "channel_id": channel,
            "channel_name": "kubecon",
            "user_id": user,
            "user_name": user_name,
            "command": "/takeaway",
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": self.fake.response_url(key),
            "trigger_id": f"trigger-{key}",
        }
        return urlencode(fields), key

    def command(self, text: str, **kwargs: Any) -> tuple[httpx.Response, str]:
        body, key = self.command_body(text, **kwargs)
        return self.post(body), key

    def command_reply(self, text: str, **kwargs: Any) -> dict[str, Any]:
        """Run a slash command and return the message the user sees (ack body or reply)."""
        response, key = self.command(text, **kwargs)
        assert response.status_code == 200, response.text
        if response.content:
            acked = response.json()
            if acked.get("blocks") or acked.get("text"):
                return dict(acked)
        return self.fake.wait_for_response(key)

    def interact(self, payload: dict[str, Any]) -> httpx.Response:
        return self.post(urlencode({"payload": json.dumps(payload)}))

    def click(
        self,
        message: dict[str, Any],
        action_id: str,
        value: str,
        *,
        user: str = "U1",
        channel: str = "D1",
        ts: str = "1700000001.000100",
        key: str | None = None,
        team: str | None = None,
    ) -> tuple[httpx.Response, str]:
        """Click a button of a message the bot posted (block_actions, as Slack sends it)."""
        key = key or f"click{next(self._keys)}"
        block_id = next(
            (
                b.get("block_id", "")
                for b in message.get("blocks", [])
                for e in b.get("elements", [])
                if isinstance(e, dict)
                and e.get("action_id") == action_id
                and e.get("value") == value
            ),
            "",
        )
        team = team or self.team_id
        payload = {
            "type": "block_actions",
            "team": {"id": team, "domain": "acme"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": "A1",
            "token": "legacy",
            "container": {
                "type": "message",
                "message_ts": ts,
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "trigger_id": f"trigger-{key}",
            "channel": {"id": channel, "name": "directmessage"},
            "message": {"type": "message", "ts": ts, "text": message.get("text"), **message},
            "response_url": self.fake.response_url(key),
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": block_id,
                    "value": value,
                    "type": "button",
                    "action_ts": "1700000002.000200",
                }
            ],
        }
        return self.interact(payload), key

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str = "Ev1",
        retry_num: int | None = None,
        team: str | None = None,
    ) -> httpx.Response:
        team = team or self.team_id
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": 1700000000,
                "event": event,
                "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
            }
        )
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(body, content_type="application/json", extra_headers=headers)
