"""Ask results carry a "Share in channel" button that posts the answer visibly, rebuilt
from the database, escaped, with authors as plain names."""

from __future__ import annotations

import json

from tests.support.blocks import assert_no_pings, assert_valid_message, visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import button_press

HOSTILE = "add <!channel> Karpenter &lt;!here&gt; consolidates <@U2|bob> #karpenter"


def test_share_posts_the_answer_in_the_channel(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply(HOSTILE)
    slack.command_reply("add Karpenter spot nodes are cheaper #karpenter #spot")
    slack.command_reply("add Cilium replaces kube-proxy #cilium")
    asked = slack.command_reply("ask karpenter")
    assert_valid_message(asked)
    assert asked["response_type"] == "ephemeral"
    assert "Share in channel" in visible_text(asked)

    press = button_press(asked, "share_answer", response_url=fake_slack.response_url("share"))
    assert slack.interact(press).status_code == 200
    shared = fake_slack.wait_for_response("share")
    assert_valid_message(shared)
    assert_no_pings(shared)
    assert shared["response_type"] == "in_channel"
    assert shared.get("replace_original") is False, "the asker keeps their own reply"
    shown = visible_text(shared)
    assert "*alice* shared what we learned about *karpenter*" in shown
    assert "@channel Karpenter &lt;!here&gt; consolidates @bob" in shown
    assert "Karpenter spot nodes are cheaper" in shown
    assert "Cilium" not in shown
    assert "<@" not in shown, "nobody is mentioned in shared content"
    assert "score" not in shown


def test_share_rereads_the_database(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply("add Karpenter consolidates nodes #karpenter")
    slack.command_reply("add Karpenter drift replaces nodes #karpenter")
    asked = slack.command_reply("ask karpenter")
    slack.command_reply("edit 1 Karpenter consolidates nodes by price")
    slack.command_reply("delete 2")
    press = button_press(asked, "share_answer", response_url=fake_slack.response_url("share"))
    slack.interact(press)
    shown = visible_text(fake_slack.wait_for_response("share"))
    assert "consolidates nodes by price" in shown, "the current text, not the old one"
    assert "drift" not in shown, "a deleted takeaway is not shared"


def test_ids_from_another_workspace_are_refused(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply("add Public plans of workspace two", team="T2")
    slack.command_reply("add Secret roadmap of workspace two #roadmap", team="T2")
    slack.command_reply("add Karpenter consolidates nodes #karpenter", team="T1")
    asked = slack.command_reply("ask karpenter", team="T1")
    # A forged value naming takeaway #2: T2 has one, T1 has not.
    forged = json.dumps({"ids": [2], "q": "roadmap"})
    press = button_press(
        asked, "share_answer", response_url=fake_slack.response_url("share"), value=forged
    )
    slack.interact(press)
    refused = fake_slack.wait_for_response("share")
    assert_valid_message(refused)
    assert refused["response_type"] == "ephemeral"
    assert "not in this workspace" in visible_text(refused)
    assert "roadmap of workspace two" not in visible_text(refused)
    assert all(r.get("response_type") != "in_channel" for r in fake_slack.responses("share"))


def test_a_garbled_button_value_gets_a_clear_reply(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command_reply("add Karpenter consolidates nodes #karpenter")
    asked = slack.command_reply("ask karpenter")
    press = button_press(
        asked, "share_answer", response_url=fake_slack.response_url("share"), value="{oops"
    )
    slack.interact(press)
    assert "out of date" in visible_text(fake_slack.wait_for_response("share"))


def test_no_share_button_when_nothing_was_found(slack: SlackDriver) -> None:
    slack.command_reply("add Karpenter consolidates nodes #karpenter")
    nothing = slack.command_reply("ask backstage")
    assert "Nothing found" in visible_text(nothing)
    assert "Share in channel" not in visible_text(nothing)


def test_share_names_the_person_even_when_slack_cannot_say(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    """users.info failing (missing users:read, Slack down) falls back to the name the
    request carried, not the bare user id."""
    slack.command_reply("add Karpenter consolidates nodes #karpenter")
    asked = slack.command_reply("ask karpenter")
    fake_slack.fail("users.info", "missing_scope", times=5)
    press = button_press(
        asked,
        "share_answer",
        response_url=fake_slack.response_url("share"),
        user="U7",
        user_name="carol",
    )
    slack.interact(press)
    shown = visible_text(fake_slack.wait_for_response("share"))
    assert "*carol* shared what we learned about *karpenter*" in shown
    assert "U7" not in shown
