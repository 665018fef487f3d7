"""Near-duplicates: the warning on save (slash command and form) with "Add my angle" and
"Keep separate", and `/takeaway merge`. Signed requests to the real app, on SQLite and
Postgres."""

from __future__ import annotations

from typing import Any

from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import button_press, opened_view, submission

ALICE = (
    "Karpenter consolidates nodes by price, zone and instance type; it replaced our "
    "cluster autoscaler #karpenter https://karpenter.sh"
)
BOB = (
    "Learned that Karpenter picks cheaper instance types and consolidates underused nodes, "
    "way better than cluster-autoscaler #finops"
)
OTHER = "Cilium replaces kube-proxy with eBPF #cilium"


def reply(slack: SlackDriver, text: str, **kwargs: Any) -> dict[str, Any]:
    message = slack.command_reply(text, **kwargs)
    assert_valid_message(message)
    assert_no_pings(message)
    return message


def as_bob(slack: SlackDriver, text: str) -> dict[str, Any]:
    return reply(slack, text, user="U2", user_name="bob")


def press(
    slack: SlackDriver, fake: FakeSlack, message: dict[str, Any], action: str, key: str, **kw: Any
) -> dict[str, Any]:
    payload = button_press(message, action, response_url=fake.response_url(key), **kw)
    assert slack.interact(payload).status_code == 200
    answer = fake.wait_for_response(key)
    assert_valid_message(answer)
    assert_no_pings(answer)
    return answer


def test_a_near_duplicate_save_says_so_and_offers_the_choice(slack: SlackDriver) -> None:
    first = reply(slack, f"add {ALICE}")
    assert "looks like" not in visible_text(first), "nothing similar yet: no extra prompt"
    assert "Add my angle" not in visible_text(reply(slack, f"add {OTHER}"))

    second = as_bob(slack, f"add {BOB}")
    shown = read_text(second)
    assert "Saved as takeaway #3" in shown, "the save is never blocked"
    assert "This looks like takeaway #1 by alice" in shown
    assert "Karpenter consolidates nodes by price" in shown
    assert "Add my angle to #1" in shown and "Keep separate" in shown


def test_add_my_angle_merges_into_the_existing_one(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    reply(slack, f"add {ALICE}")
    second = as_bob(slack, f"add {BOB}")
    reply(slack, "followup Trial Karpenter in QA for:2", user="U2", user_name="bob")

    merged = press(slack, fake_slack, second, "duplicate_add_angle", "angle", user="U2")
    assert merged.get("replace_original") is True, "the buttons go away"
    shown = read_text(merged)
    assert "Your angle is now part of takeaway #1" in shown
    assert "Karpenter consolidates nodes by price" in shown and "picks cheaper" in shown
    assert "`#karpenter` `#finops`" in shown
    assert "by alice, bob" in shown

    # The old number leads to the merged takeaway; ask finds it once.
    assert "picks cheaper" in read_text(reply(slack, "show 2"))
    answer = read_text(reply(slack, "ask karpenter consolidates"))
    assert "1 best match" in answer
    followups = read_text(reply(slack, "followups", user="U2", user_name="bob"))
    assert "Trial Karpenter in QA" in followups and "takeaway #1" in followups


def test_keep_separate_keeps_both_and_asks_no_more(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    reply(slack, f"add {ALICE}")
    second = as_bob(slack, f"add {BOB}")
    kept = press(slack, fake_slack, second, "duplicate_keep_separate", "keep", user="U2")
    shown = read_text(kept)
    assert "Kept separate" in shown and "Add my angle" not in shown
    assert "picks cheaper" in read_text(reply(slack, "show 2"))
    assert "Karpenter consolidates" in read_text(reply(slack, "show 1"))


def test_someone_else_cannot_press_add_my_angle(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    reply(slack, f"add {ALICE}")
    second = as_bob(slack, f"add {BOB}")
    refused = press(slack, fake_slack, second, "duplicate_add_angle", "angle", user="U1")
    assert "Only the author of takeaway #2" in visible_text(refused)
    assert "picks cheaper" not in read_text(reply(slack, "show 1"))


def test_the_form_warns_too(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    reply(slack, f"add {ALICE}")
    response, key = slack.command("add", user="U2", user_name="bob")
    assert response.status_code == 200
    fake_slack.wait_for("views.open")
    _, view = opened_view(fake_slack)
    payload = submission(view, {"text": BOB.replace(" #finops", "")}, user="U2")
    assert slack.interact(payload).status_code == 200
    saved = fake_slack.wait_for_response(key)
    assert_valid_message(saved)
    shown = read_text(saved)
    assert "Saved as takeaway #2" in shown
    assert "This looks like takeaway #1" in shown and "Add my angle to #1" in shown
    merged = press(slack, fake_slack, saved, "duplicate_add_angle", "angle", user="U2")
    assert "Your angle is now part of takeaway #1" in read_text(merged)


def test_merge_command_keeps_everything_and_checks_who_may(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    reply(slack, 'add <!channel> Karpenter &lt;b&gt; drift #karpenter talk:"Karpenter deep dive"')
    reply(slack, "add Karpenter consolidates by price https://karpenter.sh/c #finops")
    as_bob(slack, f"add {OTHER}")
    refused = read_text(as_bob(slack, "merge 1 2"))
    assert "Only someone who wrote both #1 and #2 (or a workspace admin)" in refused
    refused = read_text(reply(slack, "merge 1 3"))
    assert "can merge them" in refused, "alice did not write #3"

    merged = reply(slack, "merge 1 2")
    shown = visible_text(merged)
    assert "Merged *#2* into *#1*" in shown
    assert "@channel Karpenter &lt;b&gt; drift" in shown, "escaped: nobody is pinged"
    assert "consolidates by price" in shown
    assert "`#karpenter` `#finops`" in shown
    assert "Karpenter deep dive" in shown and "https://karpenter.sh/c" in shown
    assert "consolidates by price" in read_text(reply(slack, "show 2"))
    assert "already one takeaway" in read_text(reply(slack, "merge 1 2"))
    assert "There is no takeaway #9" in read_text(reply(slack, "merge 1 9"))
    assert "takes two ids" in read_text(reply(slack, "merge 1"))

    admin = read_text(reply(slack, "merge 3 1", user="UADMIN", user_name="root"))
    assert "Merged #1 into #3" in admin
    assert "drift" in read_text(reply(slack, "show 2")), "a merged number follows every merge"


def test_merging_over_the_length_limit_is_refused(slack: SlackDriver) -> None:
    reply(slack, "add " + "Karpenter " * 200)
    reply(slack, "add " + "Cilium " * 200)
    refused = read_text(reply(slack, "merge 1 2"))
    assert "a takeaway holds 3000" in refused and "Nothing was merged" in refused
    assert "Cilium" in read_text(reply(slack, "show 2"))


def test_a_mention_saves_and_warns_too(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    def mention(user: str, text: str, ts: str) -> dict[str, Any]:
        event = {
            "type": "app_mention",
            "user": user,
            "text": f"<@UBOT> {text}",
            "channel": "C1",
            "ts": ts,
            "event_ts": ts,
        }
        assert slack.event(event, event_id=f"Ev{ts}").status_code == 200
        posted = fake_slack.wait_for(
            "chat.postMessage", len(fake_slack.calls_to("chat.postMessage")) + 1
        )
        message = posted[-1].params
        assert message["thread_ts"] == ts, "answered in the thread"
        assert_valid_message(message)
        assert_no_pings(message)
        return message

    first = read_text(mention("U1", f"add {ALICE}", "1700000001.000100"))
    assert "Saved as takeaway #1" in first and "by alice" in first
    second = mention("U2", f"remember: {BOB}", "1700000002.000100")
    shown = read_text(second)
    assert "Saved as takeaway #2" in shown and "This looks like takeaway #1 by alice" in shown
    merged = press(slack, fake_slack, second, "duplicate_add_angle", "angle", user="U2")
    assert "Your angle is now part of takeaway #1" in read_text(merged)
