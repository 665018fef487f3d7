"""The one shape of a button listener: ack, then (after the ack) the person who pressed,
the button's value, one use case, one reply through the response_url."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.services.actor import Actor
from bot.slack.listeners.context import actor_from_interaction
from bot.slack.listeners.deps import Deps, after_ack


@dataclass(frozen=True)
class Press:
    actor: Actor  # who pressed
    value: str  # the button's value
    body: dict[str, Any]  # the whole block_actions payload (the message, its container)


# (deps, the press) -> respond()'s arguments
Reply = Callable[[Deps, Press], dict[str, Any]]


def on_button(reply: Reply) -> Callable[..., None]:
    """A Bolt action listener running `reply` after the ack; what it raises is answered
    as any listener error is."""

    def pressed(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()

        def job(deps: Deps) -> None:
            actor = actor_from_interaction(body, context, client, deps.users)
            respond(**reply(deps, Press(actor, str(action.get("value") or ""), body)))

        after_ack(context, respond, job, trigger_id=body.get("trigger_id"))

    pressed.__name__ = reply.__name__.lstrip("_")
    return pressed
