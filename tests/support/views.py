"""Views as Slack would receive them, and the payloads Slack sends back from them."""

from __future__ import annotations

import itertools
import json
from typing import Any

from slack_sdk.models.views import View

from tests.support.blocks import visible_text
from tests.support.fake_slack import FakeSlack

# "Leave the field as the view opened it" (a prefilled value is submitted as is).
AS_OPENED: Any = object()

# Slack gives every user action its own trigger_id; the bot drops a repeated one (a replay).
_TRIGGERS = itertools.count(1)


def assert_valid_view(view: dict[str, Any], *, max_blocks: int = 100) -> None:
    """Accepted by slack_sdk's models, recursively, with no key lost on the way (a
    misspelt key is dropped by the models, and ignored or refused by Slack)."""
    assert len(view.get("blocks") or []) <= max_blocks, f"{len(view['blocks'])} blocks"
    parsed = View(**view).to_dict()
    assert _without_emoji_flags(parsed) == _without_emoji_flags(view)
    assert len(json.dumps(view).encode()) < 250_000, "views.publish refuses payloads over 250 KB"


def _without_emoji_flags(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_emoji_flags(v) for k, v in node.items() if k != "emoji"}
    if isinstance(node, list):
        return [_without_emoji_flags(v) for v in node]
    return node


def opened_view(fake: FakeSlack, index: int = -1) -> tuple[str, dict[str, Any]]:
    """The trigger_id and view of a views.open call (the newest by default)."""
    call = fake.wait_for("views.open")[index]
    view = call.params["view"]
    return str(call.params["trigger_id"]), json.loads(view) if isinstance(view, str) else view


def published_view(fake: FakeSlack, count: int = 1) -> tuple[str, dict[str, Any]]:
    """The user_id and view of the `count`-th views.publish call."""
    call = fake.wait_for("views.publish", count)[count - 1]
    view = call.params["view"]
    return str(call.params["user_id"]), json.loads(view) if isinstance(view, str) else view


def input_blocks(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def _state(block: dict[str, Any], given: Any) -> dict[str, Any]:
    element = block["element"]
    kind = element["type"]
    if kind in {"plain_text_input", "url_text_input"}:
        value = element.get("initial_value") if given is AS_OPENED else given
        return {"type": kind, "value": value or None}
    if kind == "users_select":
        value = element.get("initial_user") if given is AS_OPENED else given
        return {"type": kind, "selected_user": value}
    if kind == "static_select":
        chosen = [o for o in element["options"] if o["value"] == given]
        return {"type": kind, "selected_option": chosen[0] if chosen else None}
    if kind == "datepicker":
        value = element.get("initial_date") if given is AS_OPENED else given
        return {"type": kind, "selected_date": value}
    raise AssertionError(f"no state for a {kind}")


def submission(
    view: dict[str, Any],
    inputs: dict[str, Any],
    *,
    user: str = "U1",
    user_name: str = "alice",
    team: str = "T1",
) -> dict[str, Any]:
    """The view_submission payload Slack sends when the user fills `inputs` (block id ->
    value) into this view and presses Save. Fields not given keep their initial value."""
    blocks = input_blocks(view)
    unknown = set(inputs) - set(blocks)
    assert not unknown, f"the view has no field {unknown}"
    values = {
        block_id: {block["element"]["action_id"]: _state(block, inputs.get(block_id, AS_OPENED))}
        for block_id, block in blocks.items()
    }
    return {
        "type": "view_submission",
        "team": {"id": team, "domain": "acme"},
        "user": {"id": user, "username": user_name, "name": user_name, "team_id": team},
        "api_app_id": "A1",
        "token": "legacy-verification-token",
        "trigger_id": f"trigger-submit-{next(_TRIGGERS)}",
        "view": {
            **view,
            "id": "V1",
            "team_id": team,
            "app_id": "A1",
            "bot_id": "BBOT",
            "root_view_id": "V1",
            "hash": "1700000000.abc",
            "state": {"values": values},
        },
        "response_urls": [],
        "is_enterprise_install": False,
    }


def button_press(
    message: dict[str, Any],
    action_id: str,
    *,
    response_url: str,
    user: str = "U1",
    user_name: str = "alice",
    team: str = "T1",
    channel: str = "C1",
    value: str | None = None,
) -> dict[str, Any]:
    """The block_actions payload for pressing a button of an (ephemeral) message."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or [block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                action = {
                    **element,
                    "block_id": block.get("block_id", "b"),
                    "action_ts": "1700000001.000200",
                }
                if value is not None:
                    action["value"] = value
                return {
                    "type": "block_actions",
                    "team": {"id": team, "domain": "acme"},
                    "user": {"id": user, "username": user_name, "name": user_name, "team_id": team},
                    "api_app_id": "A1",
                    "token": "legacy-verification-token",
                    "container": {"type": "message", "is_ephemeral": True},
                    "trigger_id": f"trigger-button-{next(_TRIGGERS)}",
                    "channel": {"id": channel, "name": "kubecon"},
                    "response_url": response_url,
                    "actions": [action],
                }
    raise AssertionError(f"no {action_id} button in {visible_text(message)!r}")
