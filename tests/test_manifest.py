"""manifest.yml creates, in one paste, an app that sends the bot everything it handles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.slack.listeners.commands import COMMAND
from bot.slack.listeners.shortcuts import SAVE_SHORTCUT
from bot.slack.oauth import BOT_SCOPES

ROOT = Path(__file__).resolve().parents[1]


def manifest() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert isinstance(data, dict)
    return data


def test_slash_command_is_escaped() -> None:
    (command,) = manifest()["features"]["slash_commands"]
    assert command["command"] == COMMAND
    # The parser expects Slack's escaping: mentions as <@U..|name>, & as &amp;.
    assert command["should_escape"] is True


def test_message_shortcut_matches_the_listener() -> None:
    (shortcut,) = manifest()["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", SAVE_SHORTCUT)
    assert shortcut["name"] == "Save as takeaway"


def test_events_scopes_interactivity_and_home() -> None:
    data = manifest()
    settings = data["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "app_home_opened",
        "message.im",
        # Only sent when subscribed: how the bot learns an installation is gone.
        "app_uninstalled",
        "tokens_revoked",
        # A 👍 on a message saved as a takeaway is a +1.
        "reaction_added",
        "reaction_removed",
    }
    assert set(data["oauth_config"]["scopes"]["bot"]) >= {
        "commands",
        "chat:write",
        "users:read",
        "im:write",
        "app_mentions:read",
        "im:history",
        "files:write",
        "reactions:read",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert data["features"]["app_home"]["messages_tab_enabled"] is True


def test_every_url_is_the_one_endpoint_serve_answers() -> None:
    data = manifest()
    urls = [
        data["features"]["slash_commands"][0]["url"],
        data["settings"]["event_subscriptions"]["request_url"],
        data["settings"]["interactivity"]["request_url"],
    ]
    assert len(set(urls)) == 1
    assert urls[0].startswith("https://") and urls[0].endswith("/slack/events")


def test_oauth_installs_ask_for_the_manifest_scopes() -> None:
    scopes = manifest()["oauth_config"]["scopes"]["bot"]
    assert sorted(scopes) == sorted(BOT_SCOPES)
    assert len(set(BOT_SCOPES)) == len(BOT_SCOPES)
    assert "user" not in manifest()["oauth_config"]["scopes"], "bot tokens only"


def test_redirect_url_is_served_next_to_the_events_url() -> None:
    data = manifest()
    (redirect,) = data["oauth_config"]["redirect_urls"]
    events = data["settings"]["event_subscriptions"]["request_url"]
    assert redirect == events.removesuffix("/slack/events") + "/slack/oauth_redirect"
