"""Mentions are answered in the message's thread, DMs in the DM; bots, edits and the
bot's own messages are ignored; a retried event is answered once."""

from __future__ import annotations

import threading
from typing import Any

from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.fake_slack import BOT_USER_ID, FakeSlack
from tests.support.slack_driver import SlackDriver

KARPENTER = 'add Karpenter consolidates nodes by price #karpenter conf:"KubeCon EU 2024"'


def mention(text: str, *, ts: str = "1700000500.000100", **extra: Any) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "U1",
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": "C1",
        "event_ts": ts,
        **extra,
    }


def dm(text: str, *, ts: str = "1700000600.000100", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "U1",
        "text": text,
        "ts": ts,
        "event_ts": ts,
        **extra,
    }


def answers(fake: FakeSlack, count: int) -> list[dict[str, Any]]:
    posted = [c.params for c in fake.wait_for("chat.postMessage", count)]
    for message in posted:
        assert_valid_message(message)
        assert_no_pings(message)
    return posted


def test_a_mention_gets_a_threaded_answer(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply(KARPENTER)
    slack.command_reply("add Cilium replaces kube-proxy #cilium")
    response = slack.event(mention("what did we learn about karpenter?"), event_id="Ev1")
    assert response.status_code == 200
    (answer,) = answers(fake_slack, 1)
    assert answer["channel"] == "C1"
    assert answer["thread_ts"] == "1700000500.000100", "in the message's thread"
    shown = read_text(answer)
    assert "Karpenter consolidates nodes" in shown and "Cilium" not in shown
    assert "Share in channel" not in shown, "it is already public"


def test_a_mention_inside_a_thread_answers_in_that_thread(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command_reply(KARPENTER)
    slack.event(mention("karpneter", thread_ts="1700000400.000001"), event_id="Ev1")
    (answer,) = answers(fake_slack, 1)
    assert answer["thread_ts"] == "1700000400.000001"
    assert "Karpenter consolidates nodes" in read_text(answer)


def test_a_direct_message_is_answered_in_the_dm(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply(KARPENTER)
    slack.event(dm("ask karpenter"), event_id="Ev1")
    (answer,) = answers(fake_slack, 1)
    assert answer["channel"] == "D1"
    assert "thread_ts" not in answer
    assert "Karpenter consolidates nodes" in read_text(answer)


def test_a_retried_event_is_answered_once(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply(KARPENTER)
    slack.event(mention("karpenter"), event_id="EvSame")
    answers(fake_slack, 1)
    # Slack retries (it thought we missed it), and a second replica gets one at once.
    retries = [
        threading.Thread(target=slack.event, args=(mention("karpenter"),), kwargs=kw)
        for kw in ({"event_id": "EvSame", "retry_num": 1}, {"event_id": "EvSame", "retry_num": 2})
    ]
    for thread in retries:
        thread.start()
    for thread in retries:
        thread.join()
    # A later, different question is answered: when its answer is in, the retries are done.
    slack.event(mention("cilium", ts="1700000900.000100"), event_id="EvOther")
    posted = answers(fake_slack, 2)
    assert [p["thread_ts"] for p in posted].count("1700000500.000100") == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_simultaneous_deliveries_of_one_event_answer_once(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command_reply(KARPENTER)
    deliveries = [
        threading.Thread(
            target=slack.event, args=(mention("karpenter"),), kwargs={"event_id": "EvRace"}
        )
        for _ in range(4)
    ]
    for thread in deliveries:
        thread.start()
    for thread in deliveries:
        thread.join()
    slack.event(mention("cilium", ts="1700000900.000100"), event_id="EvAfter")
    answers(fake_slack, 2)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_bots_edits_and_the_bot_itself_are_ignored(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command_reply(KARPENTER)
    ignored = [
        dm("karpenter", bot_id="B2", user="U9"),  # another bot
        dm("karpenter", user=BOT_USER_ID),  # ourselves
        dm("karpenter", bot_id="BBOT"),  # ourselves, as a bot message
        dm("karpenter", subtype="message_changed"),
        dm("karpenter", subtype="channel_join"),
        {**dm("karpenter"), "channel_type": "channel", "channel": "C1"},  # not a DM
        mention("karpenter", channel="D1"),  # the DM's message event answers it
    ]
    for i, event in enumerate(ignored):
        assert slack.event(event, event_id=f"EvIgnored{i}").status_code == 200
    slack.event(dm("karpenter", ts="1700000999.000100"), event_id="EvReal")
    (answer,) = answers(fake_slack, 1)
    assert answer["channel"] == "D1"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_an_empty_mention_explains_how_to_ask(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.event(mention(""), event_id="Ev1")
    slack.event(dm("help"), event_id="Ev2")
    in_channel, in_dm = sorted(answers(fake_slack, 2), key=lambda p: p["channel"])
    assert "`@Takeaways what did we learn about karpenter?`" in visible_text(in_channel)
    assert in_channel["thread_ts"] == "1700000500.000100"
    assert "`what did we learn about karpenter?`" in visible_text(in_dm)


def test_answers_in_public_never_ping(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply("add <!channel> Karpenter &lt;!here&gt; <!subteam^S1|@sre> #karpenter")
    slack.event(mention("karpenter by:<@U1|alice>"), event_id="Ev1")
    slack.event(mention("nothingmatches by:<@U2|bob>", ts="1700000501.1"), event_id="Ev2")
    posted = answers(fake_slack, 2)
    for message in posted:
        assert "<@" not in visible_text(message), "no one is mentioned in a public answer"
    assert any("&lt;!here&gt;" in visible_text(p) for p in posted)


def test_bad_questions_get_a_clear_answer(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.event(mention("karpenter by:nobody"), event_id="Ev1")
    (answer,) = answers(fake_slack, 1)
    assert "needs a person" in visible_text(answer)
    assert answer["thread_ts"] == "1700000500.000100"
