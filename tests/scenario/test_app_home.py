"""App Home: app_home_opened publishes a Home view within Slack's limits; its "Add
takeaway" button opens the modal, and saving refreshes Home."""

from __future__ import annotations

from typing import Any

import pytest

from bot.grammar import AddFollowup
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.transactions import transaction
from tests.support.blocks import assert_no_pings, visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import (
    assert_valid_view,
    button_press,
    opened_view,
    published_view,
    submission,
)


def home_opened(user: str = "U1", tab: str = "home") -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user, "channel": "D1", "tab": tab}


def test_opening_home_publishes_it(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply("add Karpenter consolidates nodes #karpenter #finops")
    slack.command_reply("add Karpenter drift #karpenter", user="U2", user_name="bob")
    slack.command_reply("add <!channel> Cilium replaces kube-proxy #cilium", user="U2")
    assert slack.event(home_opened(), event_id="EvHome").status_code == 200

    user_id, view = published_view(fake_slack)
    assert user_id == "U1"
    assert_valid_view(view)
    assert_no_pings({"text": "home", "blocks": view["blocks"]})
    assert view["type"] == "home"
    shown = visible_text({"blocks": view["blocks"]})
    mine = shown[shown.index("Your recent takeaways") : shown.index("Newest in this workspace")]
    assert "Karpenter consolidates nodes" in mine and "drift" not in mine
    newest = shown[shown.index("Newest in this workspace") : shown.index("Top tags")]
    assert newest.index("Cilium") < newest.index("drift") < newest.index("consolidates")
    assert "@channel Cilium" in newest, "shown as text, escaped"
    tags = shown[shown.index("Top tags") :]
    assert "`#karpenter` 2" in tags and "`#cilium` 1" in tags
    assert tags.index("#karpenter") < tags.index("#cilium"), "most used first"
    assert "Add takeaway" in shown
    assert "Your open follow-ups" in shown and "Nothing open." in shown


def test_home_of_a_new_workspace_is_friendly(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.event(home_opened(), event_id="EvHome")
    _, view = published_view(fake_slack)
    assert_valid_view(view)
    shown = visible_text({"blocks": view["blocks"]})
    assert "You have not added any yet" in shown and "No tags yet" in shown


def test_the_messages_tab_publishes_nothing(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.event(home_opened(tab="messages"), event_id="EvMessages")
    slack.event(home_opened(user="U2"), event_id="EvHome")
    user_id, _ = published_view(fake_slack)
    assert user_id == "U2"
    assert len(fake_slack.calls_to("views.publish")) == 1


def test_home_stays_within_limits_with_long_takeaways(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    links = " ".join(f"https://example.com/{i}" for i in range(20))
    for i in range(12):
        tags = " ".join(f"#tag{i}x{j}" for j in range(20))
        slack.command_reply(f"add {'w' * 2500} {links} {tags}")
    slack.event(home_opened(), event_id="EvHome")
    _, view = published_view(fake_slack)
    assert_valid_view(view)
    assert len(view["blocks"]) <= 100


def test_add_from_home_opens_the_modal_and_refreshes_home(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command_reply('add Earlier one conf:"KubeCon EU 2024"')
    slack.event(home_opened(), event_id="EvHome")
    _, home = published_view(fake_slack)
    press = button_press({"blocks": home["blocks"]}, "home_add_takeaway", response_url="")
    press["container"] = {"type": "view", "view_id": "VHOME"}
    del press["response_url"], press["channel"]
    press["trigger_id"] = "trigger-home"
    slack.interact(press)

    trigger, view = opened_view(fake_slack)
    assert trigger == "trigger-home"
    assert_valid_view(view)
    conference = next(b for b in view["blocks"] if b.get("block_id") == "conference")
    assert conference["element"]["initial_value"] == "KubeCon EU 2024", "the last one used"

    slack.interact(submission(view, {"text": "Added from Home"}))
    _, refreshed = published_view(fake_slack, count=2)
    assert_valid_view(refreshed)
    shown = visible_text({"blocks": refreshed["blocks"]})
    assert "Added from Home" in shown[: shown.index("Newest in this workspace")]
    assert fake_slack.calls_to("chat.postMessage") == [], "Home itself is the confirmation"


def test_saved_from_home_is_confirmed_by_dm_when_home_cannot_refresh(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.event(home_opened(), event_id="EvHome")
    _, home = published_view(fake_slack)
    press = button_press({"blocks": home["blocks"]}, "home_add_takeaway", response_url="")
    del press["response_url"], press["channel"]
    slack.interact(press)
    _, view = opened_view(fake_slack)
    fake_slack.fail("views.publish", "internal_error", times=5)
    slack.interact(submission(view, {"text": "Saved anyway"}))
    (dm,) = [c.params for c in fake_slack.wait_for("chat.postMessage")]
    assert dm["channel"] == "U1", "the person's DM with the app"
    assert "Saved as takeaway *#1*" in visible_text(dm)


def add_followups(services: Services) -> list[int]:
    actor = Actor(team_id="T1", user_id="U1", user_name="alice")
    with transaction(services.sessions) as session:
        return [
            services.followups.add(session, actor, AddFollowup(text=text, due=due)).id
            for text, due in (
                ("Try consolidation on staging <!here>", "2026-11-30"),
                ("Write it up", None),
            )
        ]


def test_open_follow_ups_have_done_buttons(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    first, second = add_followups(services)
    slack.event(home_opened(), event_id="EvHome")
    _, view = published_view(fake_slack)
    assert_valid_view(view)
    assert_no_pings({"text": "home", "blocks": view["blocks"]})
    assert done_buttons(view) == [str(first), str(second)]
    shown = visible_text({"blocks": view["blocks"]})
    assert shown.index("Your open follow-ups") < shown.index("Your recent takeaways")
    assert "Try consolidation on staging &lt;!here&gt;" in shown


def test_done_in_home_closes_the_follow_up_and_refreshes_home(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    first, second = add_followups(services)
    slack.event(home_opened(), event_id="EvHome")
    _, home = published_view(fake_slack)
    press = button_press(
        {"blocks": home["blocks"]}, "followup_done", response_url="", value=str(first)
    )
    del press["response_url"], press["channel"]
    press["container"] = {"type": "view", "view_id": "V1"}
    press["view"] = {"id": "V1", "type": "home", "blocks": home["blocks"]}
    assert slack.interact(press).status_code == 200
    _, refreshed = published_view(fake_slack, count=2)
    assert_valid_view(refreshed)
    assert done_buttons(refreshed) == [str(second)]
    listed = visible_text(slack.command_reply("followups"))
    assert "Try consolidation" not in listed and "Write it up" in listed


def done_buttons(view: dict[str, Any]) -> list[str]:
    return [
        b["accessory"]["value"]
        for b in view["blocks"]
        if b.get("accessory", {}).get("action_id") == "followup_done"
    ]


@pytest.mark.slow
def test_a_retried_event_has_one_effect(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    assert slack.event(home_opened(), event_id="EvOnce").status_code == 200
    published_view(fake_slack)
    retry = slack.event(home_opened(), event_id="EvOnce", retry_num=1)
    assert retry.status_code == 200
    slack.event(home_opened(), event_id="EvOther")
    fake_slack.wait_for("views.publish", 2)
    # The retry was dropped: one publish for EvOnce, one for EvOther, and no third comes.
    with pytest.raises(AssertionError, match="expected 3 call"):
        fake_slack.wait_for("views.publish", 3, timeout=1.5)
