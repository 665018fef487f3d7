"""Send signed requests to the app the way Slack does, and read the replies.

Over real HTTP (a uvicorn server, `SlackDriver(url, ...)`) or in-process
(`SlackDriver.in_process(app, ...)`): the same signed bytes and headers either way, only
the last hop differs. In-process, POST /slack/events goes straight to `App.dispatch`, as
bot/slack/web.py does after its HTTP checks (body size, request id); signature
verification is Bolt's and stays on.
"""

from __future__ import annotations

import contextvars
import itertools
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import httpx
from slack_bolt import App, BoltRequest

from tests.support.fake_slack import FakeSlack
from tests.support.signing import signed_headers

FORM = "application/x-www-form-urlencoded"
EVENTS_PATH = "/slack/events"


class InProcessTransport(httpx.BaseTransport):
    """An httpx transport that hands POST /slack/events to `App.dispatch` in this process.

    Everything else (/healthz, /metrics, the OAuth pages) lives in the Starlette app of
    bot/slack/web.py, which only a real server runs: use the `slack_http` fixture."""

    def __init__(self, app: App) -> None:
        self.app = app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "POST" or request.url.path != EVENTS_PATH:
            raise AssertionError(
                f"{request.method} {request.url.path} is not served in-process: "
                "use the slack_http fixture (a real server) for it"
            )
        multi: dict[str, list[str]] = {}
        for name, value in request.headers.multi_items():
            multi.setdefault(name.lower(), []).append(value)
        headers: dict[str, str | Sequence[str]] = dict(multi)
        bolt_request = BoltRequest(
            body=request.read().decode("utf-8"), query=request.url.query.decode(), headers=headers
        )
        # A fresh context per request, as a server's worker thread has: nothing a
        # listener sets in contextvars leaks into the test or into the next request.
        answer = contextvars.Context().run(self.app.dispatch, bolt_request)
        return httpx.Response(
            answer.status,
            headers=[(k, v) for k, values in answer.headers.items() for v in values],
            content=answer.body.encode("utf-8"),
            request=request,
        )


class SlackDriver:
    def __init__(
        self,
        base_url: str,
        secret: str,
        fake: FakeSlack,
        team_id: str = "T1",
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url
        self.secret = secret
        self.fake = fake
        self.team_id = team_id
        # verify=False: plain HTTP on loopback (or no network at all), never TLS, and loading
        # the CA bundle for nothing costs ~60 ms a client.
        self.http = httpx.Client(base_url=base_url, timeout=15, transport=transport, verify=False)
        self._keys = itertools.count(1)

    @classmethod
    def in_process(cls, app: App, secret: str, fake: FakeSlack, team_id: str = "T1") -> SlackDriver:
        """A driver whose requests go to `app.dispatch` directly, with no server."""
        return cls("http://in-process", secret, fake, team_id, transport=InProcessTransport(app))

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
        path: str = EVENTS_PATH,
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
