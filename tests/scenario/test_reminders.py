"""Reminder DMs: one per owner per local day at their hour, Done/Snooze buttons, failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.grammar import AddFollowup
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.transactions import transaction
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.scheduler import reminder_pass
from storage import followups as followup_repo
from tests.support.blocks import assert_no_pings, assert_valid_message, visible_text
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")
# Tuesday Nov 24 2026, 09:00 in Brussels (CET, UTC+1).
BRUSSELS_NINE = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def add_followup(
    services: Services, text: str, owner: str = "U2", due: str | None = "2026-11-25", **kw: Any
) -> int:
    with transaction(services.sessions) as s:
        return services.followups.add(
            s, ALICE, AddFollowup(text=text, owner=owner, owner_name=owner.lower(), due=due, **kw)
        ).ref


def dms(fake: FakeSlack, user: str = "U2") -> list[dict[str, Any]]:
    calls = fake.calls_to("chat.postMessage")
    return [c.params for c in calls if c.params["channel"] == f"D{user}"]


def buttons(message: dict[str, Any], key: str) -> list[str | None]:
    return [e.get(key) for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def status_of(services: Services, followup_id: int) -> str:
    with transaction(services.sessions) as s:
        found = followup_repo.get_followup(session=s, team_id="T1", ref=followup_id)
        assert found is not None
        return found.status


def test_one_dm_at_the_owners_local_hour_once_a_day(
    services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    add_followup(services, "Trial Karpenter in QA")  # due tomorrow (Wed)
    add_followup(services, "Far away", due="2026-12-20")
    assert reminder_pass(services, clients, BRUSSELS_NINE - timedelta(hours=1)).sent == []
    report = reminder_pass(services, clients, BRUSSELS_NINE)
    assert report.sent == ["T1/U2"]
    assert reminder_pass(services, clients, BRUSSELS_NINE + timedelta(minutes=15)).sent == []
    assert reminder_pass(services, clients, BRUSSELS_NINE + timedelta(hours=1)).sent == []
    (dm,) = dms(fake_slack)
    assert_valid_message(dm)
    text = visible_text(dm)
    assert "You have 1 follow-up due soon" in text
    assert "Trial Karpenter in QA" in text and "due tomorrow (Wed, Nov 25)" in text
    assert "Far away" not in text, "not due within 2 days"
    assert buttons(dm, "action_id") == [
        "followup_done",
        "followup_snooze_day",
        "followup_snooze",
        "followup_snooze_date",  # a date picker: "Snooze until…"
    ]
    # The next local day brings the next DM.
    assert reminder_pass(services, clients, BRUSSELS_NINE + timedelta(days=1)).sent == ["T1/U2"]


def test_each_owner_in_their_own_timezone(
    services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("UNZ", "kiri", tz="Pacific/Auckland")
    add_followup(services, "Overdue in Auckland", owner="UNZ", due="2026-11-23")
    add_followup(services, "Due in Brussels", owner="U2")
    # 20:00 UTC on Nov 23 is 09:00 on Nov 24 in Auckland (NZDT, UTC+13).
    assert reminder_pass(services, clients, datetime(2026, 11, 23, 20, 0, tzinfo=UTC)).sent == [
        "T1/UNZ"
    ]
    assert reminder_pass(services, clients, BRUSSELS_NINE).sent == ["T1/U2"]
    assert "1 overdue" in visible_text(dms(fake_slack, "UNZ")[0])


def test_turned_off_reminders_send_nothing(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients
) -> None:
    add_followup(services, "Trial Karpenter")
    slack.command_reply("reminders off", user="U2", user_name="bob")
    assert reminder_pass(services, clients, BRUSSELS_NINE).sent == []
    slack.command_reply("reminders on", user="U2", user_name="bob")
    assert reminder_pass(services, clients, BRUSSELS_NINE).sent == ["T1/U2"]


def test_done_button_closes_and_updates_the_dm(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    first = add_followup(services, "Trial Karpenter in QA")
    second = add_followup(services, "Write the blog post")
    reminder_pass(services, clients, BRUSSELS_NINE)
    (dm,) = dms(fake_slack)
    response, _ = slack.click(dm, "followup_done", str(first), user="U2", channel="DU2")
    assert response.status_code == 200
    (update,) = fake_slack.wait_for("chat.update")
    assert update.params["channel"] == "DU2"
    updated = update.params
    assert_valid_message(updated)
    text = visible_text(updated)
    assert "~Trial Karpenter in QA~" in text and "Done" in text
    assert "You have 1 follow-up due soon" in text
    assert buttons(updated, "value") == [str(second), str(second), str(second), None]
    assert status_of(services, first) == "done"


def test_snooze_button_moves_it_a_week(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    fid = add_followup(services, "Trial Karpenter in QA")
    reminder_pass(services, clients, BRUSSELS_NINE)
    (dm,) = dms(fake_slack)
    slack.click(dm, "followup_snooze", str(fid), user="U2", channel="DU2")
    (update,) = fake_slack.wait_for("chat.update")
    assert "due Wed, Dec 2" in visible_text(update.params)


def test_strangers_cannot_click_someone_elses_done(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    fid = add_followup(services, "Trial Karpenter in QA")
    reminder_pass(services, clients, BRUSSELS_NINE)
    (dm,) = dms(fake_slack)
    _, key = slack.click(dm, "followup_done", str(fid), user="U3", channel="DU2")
    refusal = fake_slack.wait_for_response(key)
    assert "Only the owner or creator" in visible_text(refusal)
    assert_no_pings(refusal)
    assert status_of(services, fid) == "open"
    # The same button replayed from another workspace finds nothing there.
    _, key = slack.click(dm, "followup_done", str(fid), user="U2", channel="DU2", team="T2")
    assert f"There is no follow-up #{fid}" in visible_text(fake_slack.wait_for_response(key))
    assert fake_slack.calls_to("chat.update") == []
    assert status_of(services, fid) == "open"


def test_one_failure_never_stops_the_others_and_is_retried(
    services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U3", "carol")
    add_followup(services, "For bob", owner="U2")
    add_followup(services, "For carol", owner="U3")
    fake_slack.fail("conversations.open", "cannot_dm_bot")
    report = reminder_pass(services, clients, BRUSSELS_NINE)
    assert report.failed == ["T1/U2"] and report.sent == ["T1/U3"]
    retry = reminder_pass(services, clients, BRUSSELS_NINE + timedelta(minutes=15))
    assert retry.sent == ["T1/U2"] and retry.failed == []
    assert len(dms(fake_slack, "U2")) == 1 and len(dms(fake_slack, "U3")) == 1


@pytest.mark.slow
def test_rate_limits_are_waited_out(
    services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    add_followup(services, "Trial Karpenter")
    # Retry-After: 0 still makes slack_sdk retry (after up to 1 s of jitter); that the
    # wait is honoured is asserted in test_digest.py, here only that both are retried.
    fake_slack.rate_limit("chat.postMessage", times=2, retry_after=0)
    assert reminder_pass(services, clients, BRUSSELS_NINE).sent == ["T1/U2"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 3


def test_forced_pass_ignores_the_hour_but_not_the_day(
    services: Services, clients: SingleWorkspaceClients
) -> None:
    add_followup(services, "Trial Karpenter")
    afternoon = BRUSSELS_NINE + timedelta(hours=6)
    assert reminder_pass(services, clients, afternoon, force=True).sent == ["T1/U2"]
    assert reminder_pass(services, clients, afternoon, force=True).already_sent == ["T1/U2"]
    assert reminder_pass(services, clients, BRUSSELS_NINE + timedelta(days=1)).sent == ["T1/U2"]


def test_a_reminder_claimed_by_a_replica_that_died_is_sent_after_the_lease(
    services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    add_followup(services, "Trial Karpenter")
    clock.set(BRUSSELS_NINE)
    # A replica claims today's reminder, then is killed before it sends the DM.
    with transaction(services.sessions) as s:
        batch = services.reminders.batch_for(
            s, "T1", "U2", "Europe/Brussels", BRUSSELS_NINE, force=False
        )
        assert batch is not None and services.reminders.claim(s, batch)
    clock.set(BRUSSELS_NINE + timedelta(minutes=5))
    report = reminder_pass(services, clients, BRUSSELS_NINE + timedelta(minutes=5))
    assert report.already_sent == ["T1/U2"], "within the lease the claim still holds"
    clock.set(BRUSSELS_NINE + timedelta(minutes=11))
    report = reminder_pass(services, clients, BRUSSELS_NINE + timedelta(minutes=11))
    assert report.sent == ["T1/U2"], "past the lease another replica sends it"
    assert reminder_pass(services, clients, BRUSSELS_NINE + timedelta(minutes=12)).sent == []
    assert len(dms(fake_slack)) == 1
