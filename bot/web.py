"""The ASGI application served by uvicorn: Slack's endpoint, the OAuth install pages (in
OAuth mode) and the health check.

Bolt's Starlette adapter calls the synchronous App.dispatch (and the OAuth flow, which
talks to the database and to Slack) inside the event loop, which would serialise every
request; here they run in a worker thread instead.
"""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.services.container import Services
from storage.db import ping

# Slack's payloads are a few KB; refuse anything absurd before reading it all.
MAX_BODY_BYTES = 1_000_000


def build_asgi(bolt_app: App | None, services: Services) -> Starlette:
    """Serve POST /slack/events (when a Bolt app is given), GET /slack/install and
    GET /slack/oauth_redirect (when it installs with OAuth) and GET /healthz."""

    async def slack_events(request: Request) -> Response:
        assert bolt_app is not None
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return PlainTextResponse("payload too large", status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return PlainTextResponse("payload too large", status_code=413)
        bolt_response = await run_in_threadpool(bolt_app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def oauth_install(request: Request) -> Response:
        """Redirect to Slack's consent page with a new single-use state (and its cookie)."""
        assert bolt_app is not None and bolt_app.oauth_flow is not None
        bolt_request = to_bolt_request(request, b"")
        bolt_response = await run_in_threadpool(
            bolt_app.oauth_flow.handle_installation, bolt_request
        )
        return to_starlette_response(bolt_response)

    async def oauth_redirect(request: Request) -> Response:
        """Slack sends the installer back here: check the state, exchange the code, save."""
        assert bolt_app is not None and bolt_app.oauth_flow is not None
        bolt_request = to_bolt_request(request, b"")
        bolt_response = await run_in_threadpool(bolt_app.oauth_flow.handle_callback, bolt_request)
        return to_starlette_response(bolt_response)

    async def healthz(_: Request) -> Response:
        healthy = await run_in_threadpool(ping, services.engine)
        return JSONResponse(
            {"status": "ok" if healthy else "unavailable", "database": healthy},
            status_code=200 if healthy else 503,
        )

    routes = [Route("/healthz", healthz, methods=["GET"])]
    if bolt_app is not None:
        routes.append(Route("/slack/events", slack_events, methods=["POST"]))
        flow = bolt_app.oauth_flow
        if flow is not None:
            routes.append(Route(flow.install_path, oauth_install, methods=["GET"]))
            routes.append(Route(flow.redirect_uri_path, oauth_redirect, methods=["GET"]))
    return Starlette(routes=routes)
