"""Follow-ups over signed Slack requests: create, list, done/drop/snooze, who may do what."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.support.blocks import assert_no_pings, assert_valid_message, visible_text
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver


def reply(slack: SlackDriver, text: str, **kwargs: Any) -> str:
    message = slack.command_reply(text, **kwargs)
    assert_valid_message(message)
    assert_no_pings(message)
    return visible_text(message)


def test_create_list_and_close(slack: SlackDriver) -> None:
    created = reply(slack, "followup Trial Karpenter in the QA cluster <@U2|bob> due:2026-12-15")
    assert "Follow-up *#1* is tracked for bob: Trial Karpenter in the QA cluster" in created
    assert "due Tue, Dec 15" in created
    assert "Write" in reply(slack, "followup Write up the Crik spike due:friday")
    mine = reply(slack, "followups")
    assert "*Your open follow-ups* (1)" in mine
    assert "Write up the Crik spike" in mine and "Karpenter" not in mine
    assert "due Fri, Nov 27" in mine
    bobs = reply(slack, "followups <@U2|bob>")
    assert "*Open follow-ups of bob* (1)" in bobs
    assert "Trial Karpenter" in bobs and "Crik" not in bobs
    everyone = reply(slack, "followups all")
    assert everyone.index("Crik") < everyone.index("Karpenter"), "soonest due first"
    assert "Follow-up *#1* is done" in reply(slack, "done 1", user="U2", user_name="bob")
    assert "Karpenter" not in reply(slack, "followups all")
    assert "already done" in reply(slack, "done 1", user="U2", user_name="bob")
    assert "Dropped follow-up *#2*" in reply(slack, "drop 2")
    assert "none" in reply(slack, "followups all")


def test_linked_takeaway_must_exist_in_this_workspace(slack: SlackDriver) -> None:
    slack.command_reply("add Crik checkpoints running containers #crik")
    assert "Linked to takeaway #1" in reply(slack, "followup Try Crik at R&amp;D day for:1")
    assert "There is no takeaway #1" in reply(slack, "followup Sneaky for:1", team="T2")
    assert "There is no takeaway #9" in reply(slack, "followup Nope for:9")
    assert "none" in reply(slack, "followups all", team="T2")


def test_only_owner_creator_or_admin_may_change(slack: SlackDriver) -> None:
    reply(slack, "followup Trial Karpenter <@U2|bob> due:+1w", user="U1")
    refused = reply(slack, "done 1", user="U3", user_name="carol")
    assert "Only the owner or creator of follow-up #1, or a workspace admin" in refused
    refused = reply(slack, "snooze 1 1w", user="U3", user_name="carol")
    assert "can snooze it" in refused
    assert "snoozed" in reply(slack, "snooze 1 1w", user="U1").lower()  # the creator
    assert "is done" in reply(slack, "done 1", user="UADMIN")


def test_due_dates_are_read_in_the_requesters_timezone(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    # 12:00 UTC on Monday Nov 23 is already 01:00 on Tuesday Nov 24 in Auckland.
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    fake_slack.add_user("UNZ", "kiri", tz="Pacific/Auckland")
    nz = reply(slack, "followup Review the PR due:tomorrow", user="UNZ", user_name="kiri")
    assert "due tomorrow (Wed, Nov 25)" in nz
    be = reply(slack, "followup Review the PR due:tomorrow", user="U1")
    assert "due tomorrow (Tue, Nov 24)" in be


def test_snooze_moves_the_due_date(slack: SlackDriver) -> None:
    reply(slack, "followup Write the blog post due:2026-11-25")
    assert "due Wed, Dec 2" in reply(slack, "snooze 1 1w")
    assert "due Wed, Dec 16" in reply(slack, "snooze 1 2w")


def test_bad_input_stores_nothing(slack: SlackDriver) -> None:
    assert "can't read the due date `someday`" in reply(slack, "followup Do it due:someday")
    assert "in the past" in reply(slack, "followup Do it due:2020-01-01")
    assert "There is no follow-up #5" in reply(slack, "done 5")
    assert "none" in reply(slack, "followups all")


def test_hostile_text_never_pings(slack: SlackDriver) -> None:
    text = reply(slack, "followup Tell &lt;!channel&gt; about <!here> stuff <@U2|bob>")
    assert "Tell &lt;!channel&gt; about @here stuff" in text
    assert "&lt;!channel&gt;" in reply(slack, "followups all")


def test_reminders_can_be_turned_off_and_on(slack: SlackDriver) -> None:
    assert "Reminders are on" in reply(slack, "reminders")
    assert "Reminders are off" in reply(slack, "reminders off")
    assert "Reminders are off" in reply(slack, "reminders")
    assert "Reminders are on" in reply(slack, "reminders on")
