"""A fake Slack Web API on loopback: records every call, answers like Slack, can answer 429.

It also receives response_url posts (path /response/<id>), so slash-command replies sent
after the ack can be asserted on, and file uploads (files.getUploadURLExternal hands out
an upload URL on this server; `uploads` holds what was posted to it, by file id).

For OAuth installs it plays Slack's side too: `approve_install` is what an admin clicking
"Allow" produces (a code), oauth.v2.access exchanges a code or a refresh token for a bot
token of that workspace, auth.test answers per token, and tokens can be made to expire or
be revoked (every call with them is then refused, as Slack does).
"""

from __future__ import annotations

import base64
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

    @property
    def token(self) -> str | None:
        """The token the call was made with (Authorization: Bearer, or a token field)."""
        auth = next((v for k, v in self.headers.items() if k.lower() == "authorization"), "")
        if auth.startswith("Bearer "):
            return auth.removeprefix("Bearer ")
        token = self.params.get("token")
        return str(token) if token else None


@dataclass
class FakeToken:
    """A bot token Slack issued: the workspace it acts in, and why it is refused, if it is."""

    token: str
    team_id: str
    team_name: str
    enterprise_id: str | None = None
    refused: str | None = None  # token_expired, token_revoked


@dataclass
class _Grant:
    """What an admin agreed to on Slack's consent page."""

    team_id: str
    team_name: str
    enterprise_id: str | None
    user_id: str
    scopes: tuple[str, ...]
    rotating: bool
    expires_in: int


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
        # OAuth: the app's credentials, pending codes, refresh tokens, issued bot tokens.
        self._oauth_app: tuple[str, str, str | None] | None = None
        self._codes: dict[str, _Grant] = {}
        self._refresh_tokens: dict[str, _Grant] = {}
        self._token_ids = itertools.count(1)
        self.tokens: dict[str, FakeToken] = {}
        self.uploads: dict[str, bytes] = {}
        self._file_ids = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def handle(self) -> None:
                # The client may give up waiting (a test's timeout, a hung-up reply):
                # nobody is left to answer, and a traceback would only be noise.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super().handle()

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                data = self.rfile.read(length)
                if self.path.startswith("/upload/"):
                    # What Slack's file servers receive: the bytes, not an API call.
                    with fake._lock:
                        fake.uploads[self.path.rsplit("/", 1)[1]] = data
                    data = b"OK - " + str(len(data)).encode()
                    self.send_response(200)
                    self.send_header("content-type", "text/plain")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                raw = data.decode()
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
        # A short poll interval: stop() waits up to one interval, and every test with a
        # fake stops one (5 ms of idle polling costs nothing; 50 ms was seconds a run).
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.005}, daemon=True
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

    # --- OAuth -----------------------------------------------------------------
    def oauth_app(self, client_id: str, client_secret: str, redirect_uri: str | None) -> None:
        """oauth.v2.access accepts only these credentials (and this redirect_uri for codes)."""
        self._oauth_app = (client_id, client_secret, redirect_uri)

    def approve_install(
        self,
        team_id: str,
        *,
        team_name: str | None = None,
        enterprise_id: str | None = None,
        user: str = "U1",
        scopes: tuple[str, ...] = ("commands", "chat:write"),
        rotating: bool = False,
        expires_in: int = 43200,
    ) -> str:
        """An admin of `team_id` clicked Allow: the single-use code Slack redirects with.
        With `rotating`, the bot token expires in `expires_in` seconds (token rotation)."""
        code = f"code-{team_id}-{next(self._token_ids)}"
        with self._lock:
            self._codes[code] = _Grant(
                team_id,
                team_name or f"Team {team_id}",
                enterprise_id,
                user,
                scopes,
                rotating,
                expires_in,
            )
        return code

    def add_token(self, token: str, team_id: str, *, enterprise_id: str | None = None) -> None:
        with self._lock:
            self.tokens[token] = FakeToken(token, team_id, f"Team {team_id}", enterprise_id)

    def refuse_token(self, token: str, error: str = "token_expired") -> None:
        """Every later call with this token answers ok=false with `error`."""
        with self._lock:
            self.tokens[token].refused = error

    def tokens_of(self, team_id: str) -> list[str]:
        """The bot tokens issued for a workspace, oldest first."""
        with self._lock:
            return [t.token for t in self.tokens.values() if t.team_id == team_id]

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
        call = Call(method, params, headers)
        with self._lock:
            self.calls.append(call)
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
        if method == "oauth.v2.access":
            return 200, self._oauth_v2_access(params, headers), {}
        known = self.tokens.get(call.token or "") if method != "response_url" else None
        if known is not None and known.refused:
            return 200, {"ok": False, "error": known.refused}, {}
        if method in self._handlers:
            return 200, self._handlers[method](params), {}
        if method == "auth.test" and known is not None:
            return 200, self._auth_test(known), {}
        return 200, self._answer(method, params), {}

    def _auth_test(self, token: FakeToken) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "ok": True,
            "url": f"https://{token.team_id.lower()}.slack.com/",
            "team": token.team_name,
            "user": "takeaways",
            "team_id": token.team_id,
            "user_id": BOT_USER_ID,
            "bot_id": f"B{token.team_id}",
            "is_enterprise_install": False,
        }
        if token.enterprise_id:
            answer["enterprise_id"] = token.enterprise_id
        return answer

    def _oauth_v2_access(self, params: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """Exchange a code (installation) or a refresh token (rotation) for a bot token."""
        with self._lock:
            if self._oauth_app is not None:
                client_id, secret, redirect_uri = self._oauth_app
                auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
                given = base64.b64decode(auth.removeprefix("Basic ")).decode() if auth else ":"
                given_id, _, given_secret = given.partition(":")
                if given_id != client_id:
                    return {"ok": False, "error": "invalid_client_id"}
                if given_secret != secret:
                    return {"ok": False, "error": "bad_client_secret"}
            else:
                redirect_uri = None
            if params.get("grant_type") == "refresh_token":
                # Single use, as at Slack: the answer carries the next refresh token.
                grant = self._refresh_tokens.pop(str(params.get("refresh_token") or ""), None)
                if grant is None:
                    return {"ok": False, "error": "invalid_refresh_token"}
                return self._issue(grant, expires_in=43200)
            grant = self._codes.pop(str(params.get("code") or ""), None)
            if grant is None:
                return {"ok": False, "error": "invalid_code"}
            if redirect_uri is not None and params.get("redirect_uri") != redirect_uri:
                return {"ok": False, "error": "bad_redirect_uri"}
            return self._issue(grant, expires_in=grant.expires_in)

    def _issue(self, grant: _Grant, *, expires_in: int) -> dict[str, Any]:
        n = next(self._token_ids)
        prefix = "xoxe.xoxb-1" if grant.rotating else "xoxb"
        token = f"{prefix}-{grant.team_id}-{n}"
        self.tokens[token] = FakeToken(token, grant.team_id, grant.team_name, grant.enterprise_id)
        answer: dict[str, Any] = {
            "ok": True,
            "app_id": "A1",
            "access_token": token,
            "token_type": "bot",
            "scope": ",".join(grant.scopes),
            "bot_user_id": BOT_USER_ID,
            "team": {"id": grant.team_id, "name": grant.team_name},
            "enterprise": (
                {"id": grant.enterprise_id, "name": f"Org {grant.enterprise_id}"}
                if grant.enterprise_id
                else None
            ),
            "is_enterprise_install": False,
            "authed_user": {"id": grant.user_id},
        }
        if grant.rotating:
            refresh = f"xoxe-1-refresh-{grant.team_id}-{n}"
            self._refresh_tokens[refresh] = grant
            answer.update(refresh_token=refresh, expires_in=expires_in)
        return answer

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
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._file_ids):06d}"
            host, port = self._server.server_address[:2]
            return {
                "ok": True,
                "upload_url": f"http://{host}:{port}/upload/{file_id}",
                "file_id": file_id,
            }
        if method == "files.completeUploadExternal":
            files = params.get("files")
            if isinstance(files, str):
                files = json.loads(files)
            return {"ok": True, "files": files or []}
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
