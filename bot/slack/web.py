"""The ASGI application served by uvicorn: Slack's endpoint, the OAuth install pages (in
OAuth mode), the health checks (/healthz for readiness, /livez for liveness) and metrics.

Bolt's Starlette adapter calls the synchronous App.dispatch (and the OAuth flow, which
talks to the database and to Slack) inside the event loop, which would serialise every
request; here they run in a worker thread instead.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.logs import new_request_id, request_id
from bot.metrics import exposition
from bot.services.container import Services
from bot.services.database import HEALTH_TIMEOUT_S
from bot.slack.front_door import Refused, check_shape, check_signed, read_limited, refuse
from bot.slack.rate_limit import SlidingWindowLimit

# GET /slack/install per minute: from one address, and in all.
INSTALLS_PER_CLIENT = 10
INSTALLS_OVERALL = 120


def build_asgi(
    bolt_app: App | None,
    services: Services,
    *,
    signing_secret: str = "",
    on_shutdown: Sequence[Callable[[], object]] = (),
) -> Starlette:
    """Serve POST /slack/events (when a Bolt app is given, with its signing secret),
    GET /slack/install and GET /slack/oauth_redirect (when it installs with OAuth),
    GET /healthz, GET /livez and GET /metrics. `on_shutdown` runs, in order, when the server
    stops."""
    if bolt_app is not None and not signing_secret:
        raise ValueError("serving /slack/events needs the signing secret")
    # Each visit of the install page stores a state: crawlers must not fill the table.
    install_limit = SlidingWindowLimit(per_client=INSTALLS_PER_CLIENT, overall=INSTALLS_OVERALL)

    async def slack_events(request: Request) -> Response:
        assert bolt_app is not None
        try:
            body = await read_limited(request.stream(), request.headers.get("content-length"))
            check_signed(body, request.headers, signing_secret)
            check_shape(body, request.headers.get("content-type", ""))
        except Refused as refused:
            refuse(refused, request.client.host if request.client else "unknown")
            return PlainTextResponse(refused.detail, status_code=refused.status)
        # Threads started from here (dispatch, listeners, work) inherit the request id.
        rid = request.headers.get("x-request-id") or new_request_id()
        request_id.set(rid[:64])
        bolt_response = await run_in_threadpool(bolt_app.dispatch, to_bolt_request(request, body))
        response = to_starlette_response(bolt_response)
        response.headers["X-Request-Id"] = rid[:64]
        return response

    async def oauth_install(request: Request) -> Response:
        """Redirect to Slack's consent page with a new single-use state (and its cookie)."""
        assert bolt_app is not None and bolt_app.oauth_flow is not None
        client = request.client.host if request.client else "unknown"
        if not install_limit.allow(client):
            refuse(Refused(429, "install_rate", "too many install page visits"), client)
            return PlainTextResponse(
                "Too many install attempts from here; try again in a minute.",
                status_code=429,
                headers={"Retry-After": "60"},
            )
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
        try:
            healthy = await asyncio.wait_for(
                run_in_threadpool(services.database.ping), timeout=HEALTH_TIMEOUT_S
            )
        except TimeoutError:
            healthy = False  # the database does not answer: unhealthy, now
        return JSONResponse(
            {"status": "ok" if healthy else "unavailable", "database": healthy},
            status_code=200 if healthy else 503,
        )

    async def livez(_: Request) -> Response:
        # Liveness: the process serves HTTP. No database check on purpose: restarting
        # every replica because the database is down would not bring it back.
        return JSONResponse({"status": "ok"})

    async def metrics(_: Request) -> Response:
        body, content_type = exposition()
        return Response(body, media_type=content_type)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/livez", livez, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
    if bolt_app is not None:
        routes.append(Route("/slack/events", slack_events, methods=["POST"]))
        flow = bolt_app.oauth_flow
        if flow is not None:
            routes.append(Route(flow.install_path, oauth_install, methods=["GET"]))
            routes.append(Route(flow.redirect_uri_path, oauth_redirect, methods=["GET"]))

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        # uvicorn runs this after in-flight requests finished on SIGTERM, and re-raises
        # the signal right after: the last chance to drain work and stop the scheduler.
        for stop in on_shutdown:
            await run_in_threadpool(stop)

    return Starlette(routes=routes, lifespan=lifespan)
