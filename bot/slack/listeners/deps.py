"""What listeners work with, carried in each request's context, and the hand-off after ack.

Listeners are module-level functions (importable and testable alone, as in Bolt's
starter template). They receive their collaborators from the request context, which a
middleware fills for every request: `deps_of(context)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from slack_bolt import App, BoltContext, BoltResponse, Respond

from bot.services.container import Services
from bot.slack.background import BackgroundWork
from bot.slack.listeners.errors import errors_replied
from bot.slack.listeners.events import first_trigger
from bot.slack.respond import reliable
from bot.slack.users import UserDirectory

CONTEXT_KEY = "takeaways"


@dataclass(frozen=True)
class Deps:
    services: Services
    users: UserDirectory
    work: BackgroundWork


def provide(app: App, deps: Deps) -> None:
    """Put `deps` (and a respond that retries) in every request's context, before any
    listener runs."""

    def add_deps(context: BoltContext, next_: Callable[[], BoltResponse]) -> BoltResponse:
        context[CONTEXT_KEY] = deps
        # Listeners' `respond` retries 429s and 5xx (and says when it could not).
        respond = reliable(context.respond)
        if respond is not None:
            context["respond"] = respond
        return next_()

    app.middleware(add_deps)


def deps_of(context: BoltContext) -> Deps:
    return cast(Deps, context[CONTEXT_KEY])


def after_ack(
    context: BoltContext,
    respond: Respond | None,
    job: Callable[[Deps], None],
    *,
    trigger_id: str | None,
) -> None:
    """Run `job` on the work pool, so the ack never waits for it; whatever it raises
    becomes a clear reply through `respond` (or is logged when there is none). A replay
    of a request already handled (same trigger_id) does nothing."""
    deps = deps_of(context)
    team_id = context.team_id

    def run() -> None:
        with errors_replied(respond, team_id=team_id):
            if first_trigger(deps.services, trigger_id, team_id):
                job(deps)

    deps.work.submit(run)
