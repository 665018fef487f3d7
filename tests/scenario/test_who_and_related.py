"""`/takeaway who` (and "who knows about X?" in a mention), `/takeaway me hide`, and the
related takeaways under saves and answers. Signed requests to the real app, on SQLite
and Postgres."""

from __future__ import annotations

from typing import Any

from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import button_press

TALK = 'talk:"Karpenter deep dive"'


def reply(slack: SlackDriver, text: str, **kwargs: Any) -> dict[str, Any]:
    message = slack.command_reply(text, **kwargs)
    assert_valid_message(message)
    assert_no_pings(message)
    return message


def bob(slack: SlackDriver, text: str) -> dict[str, Any]:
    return reply(slack, text, user="U2", user_name="bob")


def seed(slack: SlackDriver, fake: FakeSlack) -> None:
    reply(slack, f"add Karpenter consolidates nodes by price #karpenter {TALK}")
    reply(slack, 'add Karpenter drift replaces outdated AMIs #karpenter talk:"Day 2 ops"')
    bob(slack, "add Karpenter handles spot interruptions #karpenter")
    reply(slack, "add Cilium replaces kube-proxy #cilium", user="UADMIN", user_name="root")
    bob(slack, "followup Trial Karpenter in QA for:3")
    bob(slack, "done 1")
    asked = reply(slack, "ask karpenter consolidates", user="UADMIN", user_name="root")
    press = button_press(
        asked, "plus_one", value="1", user="UADMIN", response_url=fake.response_url("me-too")
    )
    slack.interact(press)
    fake.wait_for_response("me-too")


def test_who_ranks_people_with_their_evidence(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    seed(slack, fake_slack)
    shown = read_text(reply(slack, "who karpenter", user="U2", user_name="bob"))
    assert "Who knows about karpenter" in shown
    lines = [line for line in shown.splitlines() if line[:2] in {"1.", "2.", "3."}]
    assert lines[0].startswith("1. <@U1>: 2 takeaways, 2 talks")
    assert lines[1].startswith("2. <@U2>: 1 takeaway, 1 follow-up closed")
    assert lines[2].startswith("3. <@UADMIN>: +1 on 1 takeaway")
    assert "latest 2026-11-23" in lines[0]
    assert "Nobody here has written about *wasm*" in visible_text(reply(slack, "who wasm"))
    assert "Who knows about what?" in read_text(reply(slack, "who"))


def test_me_hide_leaves_you_out(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    seed(slack, fake_slack)
    assert "may list you" in read_text(reply(slack, "me"))
    assert "You are hidden from `/takeaway who`" in read_text(reply(slack, "me hide"))
    shown = read_text(reply(slack, "who karpenter"))
    assert "<@U1>" not in shown and shown.count("<@") == 2
    reply(slack, "me show")
    assert "1. <@U1>" in read_text(reply(slack, "who karpenter"))
    assert "`me frob`?" in read_text(reply(slack, "me frob"))


def test_who_knows_in_a_mention_names_nobody_loudly(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    seed(slack, fake_slack)
    event = {
        "type": "app_mention",
        "user": "U2",
        "text": "<@UBOT> who knows about karpenter?",
        "channel": "C1",
        "ts": "1700000005.000100",
    }
    assert slack.event(event, event_id="EvWho").status_code == 200
    (posted,) = fake_slack.wait_for("chat.postMessage")
    message = posted.params
    assert_no_pings(message)
    shown = visible_text(message)
    assert "Who knows about karpenter" in shown and "*alice*" in shown and "*bob*" in shown
    assert "<@" not in shown, "a message everyone sees mentions nobody"
    assert message["thread_ts"] == "1700000005.000100"


def test_related_takeaways_under_saves_and_answers(slack: SlackDriver) -> None:
    reply(slack, f"add Karpenter consolidates nodes by price #karpenter {TALK}")
    reply(slack, "add Cilium replaces kube-proxy #cilium")
    saved = read_text(reply(slack, f"add Karpenter drift replaces outdated AMIs #karpenter {TALK}"))
    assert "Related: #1 Karpenter consolidates nodes by price" in saved
    assert "Cilium" not in saved

    answer = read_text(reply(slack, "ask consolidates price"))
    assert "1 best match" in answer
    assert "Related: #3 Karpenter drift replaces outdated AMIs" in answer
    filtered = read_text(reply(slack, "ask consolidates price #finops"))
    assert "Related" not in filtered
