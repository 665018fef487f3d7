"""The "Add my angle" and "Keep separate" buttons under a save that looks like a
near-duplicate."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.slack.blocks.duplicates import (
    ANGLE_ACTION,
    KEEP_ACTION,
    angle_added,
    kept_separate,
    parse_choice_value,
)
from bot.slack.listeners.buttons import Press, on_button
from bot.slack.listeners.deps import Deps


def _add_angle(deps: Deps, press: Press) -> dict[str, Any]:
    new_ref, other_ref = parse_choice_value(press.value)
    clicks = deps.services.duplicate_clicks
    takeaway, merged_ref = clicks.add_angle(press.actor, new_ref, other_ref)
    # The reply replaces the one with the buttons: they cannot be pressed twice.
    return {"replace_original": True, **angle_added(takeaway, merged_ref)}


def _keep_separate(deps: Deps, press: Press) -> dict[str, Any]:
    new_ref, other_ref = parse_choice_value(press.value)
    kept = deps.services.duplicate_clicks.keep_separate(press.actor, new_ref, other_ref)
    return {"replace_original": True, **kept_separate(kept)}


add_my_angle = on_button(_add_angle)
keep_separate = on_button(_keep_separate)


def register(app: App) -> None:
    app.action(ANGLE_ACTION)(add_my_angle)
    app.action(KEEP_ACTION)(keep_separate)
