"""A fake Slack Web API on loopback: records every call, answers like Slack, can answer 429.

It also receives response_url posts (path /response/<id>), so slash-command replies sent
after the ack can be asserted on.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER_ID = "UBOT"
DROP = -1  # an injected "status": close the connection without an answer
BOT_ID = "BBOT"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


@dataclass
class _Injected:
    method: str
    remaining: int
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


class FakeSlack:
    def __init__(self, team_id: str = "T1") -> None:
        self.team_id = team_id
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self._injected: list[_Injected] = []
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}
        self._delays: dict[str, float] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length).decode()
                status, body, headers = fake._handle(self.path, raw, dict(self.headers))
                if status == DROP:
                    # Hang up without answering: the client sees a connection reset.
                    self.close_connection = True
                    return
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval: stop() waits up to one interval, once per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # --- lifecycle -------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    def response_url(self, key: str = "1") -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/response/{key}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- configuration ---------------------------------------------------------
    def add_user(
        self,
        user_id: str,
        name: str | None = None,
        *,
        is_admin: bool = False,
        tz: str = "Europe/Brussels",
        is_bot: bool = False,
    ) -> None:
        name = name or user_id.lower()
        self.users[user_id] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": name.title(),
            "is_admin": is_admin,
            "is_owner": False,
            "is_primary_owner": False,
            "is_bot": is_bot,
            "tz": tz,
            "profile": {"display_name": name, "real_name": name.title()},
        }

    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 1) -> None:
        """The next `times` calls of `method` get HTTP 429 with Retry-After."""
        with self._lock:
            self._injected.append(
                _Injected(
                    method,
                    times,
                    429,
                    {"ok": False, "error": "ratelimited"},
                    {"Retry-After": str(retry_after)},
                )
            )

    def fail(self, method: str, error: str, *, times: int = 1, status: int = 200) -> None:
        """The next `times` calls of `method` answer ok=false with this error."""
        with self._lock:
            body = {"ok": False, "error": error}
            self._injected.append(_Injected(method, times, status, body, {}))

    def drop(self, method: str, *, times: int = 1) -> None:
        """The next `times` calls of `method` get no answer: the connection is closed."""
        with self._lock:
            self._injected.append(_Injected(method, times, DROP, {}, {}))

    def delay(self, method: str, seconds: float) -> None:
        """Every later call of `method` takes this long to answer (a slow Slack)."""
        self._delays[method] = seconds

    def on(self, method: str, handler: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self._handlers[method] = handler

    # --- assertions ------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(
                        f"expected {count} call(s) to {method}, got {len(found)}; saw {seen}"
                    )
                self._lock.wait(remaining)

    def wait_for_response(self, key: str, timeout: float = 10.0) -> dict[str, Any]:
        """The message posted to response_url `key` (a slash command's reply after the ack)."""
        return self.wait_for_response_call(key, timeout).params

    def wait_for_response_call(self, key: str, timeout: float = 10.0) -> Call:
        """The first post to response_url `key`, with the time it arrived (`at`)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for call in self.calls:
                    if call.method == "response_url" and call.params.get("_key") == key:
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no reply was posted to response_url {key!r}")
                self._lock.wait(remaining)

    def responses(self, key: str) -> list[dict[str, Any]]:
        with self._lock:
            return [
                c.params
                for c in self.calls
                if c.method == "response_url" and c.params.get("_key") == key
            ]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()

    # --- serving ---------------------------------------------------------------
    def _handle(
        self, path: str, raw: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        params = _parse_body(raw, headers.get("Content-Type") or headers.get("content-type") or "")
        if path.startswith("/response/"):
            method = "response_url"
            params["_key"] = path.rsplit("/", 1)[1]
        else:
            method = path.split("/api/", 1)[-1].split("?")[0]
        with self._lock:
            self.calls.append(Call(method, params, headers))
            injected = next(
                (i for i in self._injected if i.method == method and i.remaining > 0), None
            )
            if injected:
                injected.remaining -= 1
            self._lock.notify_all()
        if method in self._delays:
            time.sleep(self._delays[method])
        if injected:
            return injected.status, injected.body, injected.headers
        if method in self._handlers:
            return 200, self._handlers[method](params), {}
        return 200, self._answer(method, params), {}

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "response_url":
            return {"ok": True}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://acme.slack.com/",
                "team": "Acme",
                "user": "takeaways",
                "team_id": self.team_id,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
            }
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": user}
        if method in {"chat.postMessage", "chat.update", "chat.postEphemeral"}:
            ts = f"{1700000000 + next(self._ts)}.000100"
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts") or ts}
        if method == "conversations.open":
            users = str(params.get("users", ""))
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0]}}
        if method in {"views.open", "views.publish", "views.update", "views.push"}:
            view = params.get("view")
            if isinstance(view, str):
                view = json.loads(view)
            return {"ok": True, "view": {"id": "V1", **(view or {})}}
        if method == "chat.getPermalink":
            ts = str(params.get("message_ts", "")).replace(".", "")
            link = f"https://acme.slack.com/archives/{params.get('channel')}/p{ts}"
            return {"ok": True, "permalink": link}
        return {"ok": True}


def _parse_body(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        data = json.loads(raw)
        return data if isinstance(data, dict) else {"_body": data}
    params: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    for key in ("blocks", "view", "attachments"):
        if isinstance(params.get(key), str):
            with contextlib.suppress(json.JSONDecodeError):
                params[key] = json.loads(params[key])
    return params
