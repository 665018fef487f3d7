"""The "Add my angle" and "Keep separate" buttons under a save that looks like a
near-duplicate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.services.actor import Actor
from bot.slack.blocks.duplicates import (
    ANGLE_ACTION,
    KEEP_ACTION,
    angle_added,
    kept_separate,
    parse_choice_value,
)
from bot.slack.blocks.kit import Message
from bot.slack.listeners.context import actor_from_interaction
from bot.slack.listeners.deps import Deps, after_ack

# (deps, who pressed, the new takeaway's number, the other one's) -> the reply
Choice = Callable[[Deps, Actor, int, int], Message]


def _add_angle(deps: Deps, actor: Actor, new_ref: int, other_ref: int) -> Message:
    takeaway, merged_ref = deps.services.duplicate_clicks.add_angle(actor, new_ref, other_ref)
    return angle_added(takeaway, merged_ref)


def _keep_separate(deps: Deps, actor: Actor, new_ref: int, other_ref: int) -> Message:
    return kept_separate(deps.services.duplicate_clicks.keep_separate(actor, new_ref, other_ref))


def _on_press(choice: Choice) -> Callable[..., None]:
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
            new_ref, other_ref = parse_choice_value(str(action.get("value") or ""))
            actor = actor_from_interaction(body, context, client, deps.users)
            # The reply replaces the one with the buttons: they cannot be pressed twice.
            respond(replace_original=True, **choice(deps, actor, new_ref, other_ref))

        after_ack(context, respond, job, trigger_id=body.get("trigger_id"))

    pressed.__name__ = choice.__name__.lstrip("_")
    return pressed


add_my_angle = _on_press(_add_angle)
keep_separate = _on_press(_keep_separate)


def register(app: App) -> None:
    app.action(ANGLE_ACTION)(add_my_angle)
    app.action(KEEP_ACTION)(keep_separate)
