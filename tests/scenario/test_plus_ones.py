"""+1: "Me too" beside answers and 👍 on a message saved as a takeaway; answers show
"+2" and rank what more people confirmed a little higher. Signed requests to the real
app, on SQLite and Postgres."""

from __future__ import annotations

import time
from typing import Any

from tests.support.blocks import assert_no_pings, assert_valid_message, read_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import button_press

PERMALINK = "https://acme.slack.com/archives/C1/p1700000001000100"


def reply(slack: SlackDriver, text: str, **kwargs: Any) -> dict[str, Any]:
    message = slack.command_reply(text, **kwargs)
    assert_valid_message(message)
    assert_no_pings(message)
    return message


def me_too(
    slack: SlackDriver, fake: FakeSlack, answer: dict[str, Any], ref: int, user: str, key: str
) -> str:
    press = button_press(
        answer, "plus_one", value=str(ref), user=user, response_url=fake.response_url(key)
    )
    assert slack.interact(press).status_code == 200
    noted = fake.wait_for_response(key)
    assert_valid_message(noted)
    assert_no_pings(noted)
    assert noted["response_type"] == "ephemeral" and noted["replace_original"] is False
    return read_text(noted)


def test_me_too_counts_once_per_person_and_shows_in_answers(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    reply(slack, "add <!channel> Karpenter consolidates nodes by price #karpenter")
    answer = reply(slack, "ask karpenter", user="U2", user_name="bob")
    assert "+1" not in read_text(answer)

    noted = me_too(slack, fake_slack, answer, 1, "U2", "bob")
    assert "Noted: you learned takeaway #1 too (1 person has learned it too, +1)" in noted
    assert "@channel Karpenter" in noted, "quoted, escaped"
    again = me_too(slack, fake_slack, answer, 1, "U2", "bob-again")
    assert "Already noted" in again and "+1)" in again
    own = me_too(slack, fake_slack, answer, 1, "U1", "alice")
    assert "You wrote takeaway #1" in own

    me_too(slack, fake_slack, answer, 1, "UADMIN", "root")
    assert ":raised_hands: +2" in read_text(reply(slack, "ask karpenter"))
    assert ":raised_hands: +2" in read_text(reply(slack, "show 1"))


def test_more_confirmed_answers_rank_a_little_higher(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    reply(slack, "add Karpenter consolidates nodes alpha")
    reply(slack, "add Karpenter consolidates nodes gamma")
    before = read_text(reply(slack, "ask karpenter consolidates", user="U2", user_name="bob"))
    assert before.index("gamma") < before.index("alpha"), "equal scores: the newer first"
    answer = reply(slack, "ask karpenter consolidates", user="U2", user_name="bob")
    me_too(slack, fake_slack, answer, 1, "U2", "bob")
    after = read_text(reply(slack, "ask karpenter consolidates"))
    assert after.index("alpha") < after.index("gamma"), "a +1 breaks the tie"
    # A far better match is never buried by +1s.
    reply(slack, "add Cilium hubble draws service maps")
    me_too(slack, fake_slack, reply(slack, "ask karpenter"), 1, "UADMIN", "root")
    assert read_text(reply(slack, "ask hubble")).count("best match") == 1


def test_a_shared_answer_offers_me_too_to_the_channel(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    reply(slack, "add Karpenter consolidates nodes by price #karpenter")
    asked = reply(slack, "ask karpenter")
    share = button_press(asked, "share_answer", response_url=fake_slack.response_url("share"))
    slack.interact(share)
    shared = fake_slack.wait_for_response("share")
    assert "Me too" in read_text(shared)
    noted = me_too(slack, fake_slack, shared, 1, "U2", "bob")
    assert "Noted" in noted


def _shown_after(slack: SlackDriver, ref: int, wanted: str, *, present: bool) -> str:
    deadline = time.monotonic() + 10
    while True:
        shown = read_text(reply(slack, f"show {ref}"))
        if (wanted in shown) == present or time.monotonic() > deadline:
            return shown
        time.sleep(0.05)


def test_a_thumbs_up_on_the_saved_message_is_a_plus_one(slack: SlackDriver) -> None:
    reply(slack, f"add Karpenter consolidates nodes {PERMALINK}")
    reply(slack, "add Cilium replaces kube-proxy")

    def react(kind: str, reaction: str, user: str, event_id: str) -> None:
        event = {
            "type": kind,
            "user": user,
            "reaction": reaction,
            "item": {"type": "message", "channel": "C1", "ts": "1700000001.000100"},
            "item_user": "U1",
            "event_ts": "1700000002.000100",
        }
        assert slack.event(event, event_id=event_id).status_code == 200

    react("reaction_added", "tada", "UADMIN", "Ev1")  # not a "me too"
    react("reaction_added", "+1", "U1", "Ev2")  # the author's own
    react("reaction_added", "+1::skin-tone-3", "U2", "Ev3")
    assert ":raised_hands: +1" in _shown_after(slack, 1, "+1", present=True)
    react("reaction_removed", "+1::skin-tone-3", "U2", "Ev4")
    assert "+1" not in _shown_after(slack, 1, "+1", present=False)
    assert "+1" not in read_text(reply(slack, "show 2"))
