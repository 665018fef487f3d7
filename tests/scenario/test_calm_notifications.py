"""Calm notifications over signed requests: `/takeaway me` (timezone, working hours,
mutes), at most one DM a day per person (follow-ups and briefs together), at the start of
their working day in their own timezone, across both daylight-saving changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.config import DigestSettings, Settings
from bot.grammar import AddFollowup
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.scheduler import digest_tick, reminder_pass
from bot.transfer.schedules import read_schedule
from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import assert_valid_view, button_press, published_view

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")
SCHEDULE = Path(__file__).parents[1] / "data" / "schedules" / "kubecon-eu-2025.ics"


def reply(slack: SlackDriver, text: str, **kw: Any) -> str:
    message = slack.command_reply(text, **kw)
    assert_valid_message(message)
    assert_no_pings(message)
    return read_text(message)


def dms(fake: FakeSlack, user: str = "U1") -> list[dict[str, Any]]:
    return [
        c.params for c in fake.calls_to("chat.postMessage") if c.params["channel"] == f"D{user}"
    ]


def followup(services: Services, due: str, text: str = "Trial Karpenter in QA") -> None:
    with transaction(services.sessions) as s:
        services.followups.add(s, ALICE, AddFollowup(text=text, due=due))


def test_me_shows_and_changes_the_settings(slack: SlackDriver) -> None:
    shown = reply(slack, "me")
    assert "Timezone: your Slack timezone" in shown
    assert "Working hours: not set" in shown and "Muted: nothing" in shown
    assert "Timezone set." in reply(slack, "me tz Europe/Paris")
    changed = reply(slack, "me hours 8-16")
    assert "Working hours set." in changed and "8:00 to 16:00: DMs come at 8:00" in changed
    reply(slack, "me mute briefs")
    muted = reply(slack, "me mute digest")
    assert "Timezone: Europe/Paris" in muted and "Muted: digest, briefs" in muted
    assert "Muted: briefs" in reply(slack, "me unmute digest")
    # `reminders off` and `me mute reminders` are the same switch.
    reply(slack, "reminders off")
    assert "Muted: reminders, briefs" in reply(slack, "me")
    assert "Unmuted.\nTimezone: Europe/Paris" in reply(slack, "me unmute reminders")
    assert "Reminders are on" in reply(slack, "reminders")
    assert "not a timezone I know" in reply(slack, "me tz Mars/Olympus")
    assert "Working hours look like `9-17`" in reply(slack, "me hours early")
    assert "`mute` what?" in reply(slack, "me mute &lt;!channel&gt;")
    # Settings are per person: bob's are untouched.
    assert "Muted: nothing" in reply(slack, "me", user="U2", user_name="bob")


@pytest.mark.parametrize(
    ("day", "utc_hour", "season"),
    [
        # Europe/Paris leaves winter time on Sunday March 29, 2026 (02:00 -> 03:00).
        (datetime(2026, 3, 27, tzinfo=UTC), 7, "winter, the Friday before"),  # 08:00 CET
        (datetime(2026, 3, 30, tzinfo=UTC), 6, "summer, the Monday after"),  # 08:00 CEST
        # ...and goes back on Sunday October 25, 2026 (03:00 -> 02:00).
        (datetime(2026, 10, 23, tzinfo=UTC), 6, "summer, the Friday before"),
        (datetime(2026, 10, 26, tzinfo=UTC), 7, "winter, the Monday after"),
    ],
)
def test_the_dm_comes_at_the_start_of_working_hours_across_dst(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    clock: FrozenClock,
    day: datetime,
    utc_hour: int,
    season: str,
) -> None:
    # Slack says Brussels; alice says Paris (same rules, her choice wins) and 8 to 16.
    clock.set(day - timedelta(days=1))
    reply(slack, "me tz Europe/Paris")
    reply(slack, "me hours 8-16")
    followup(services, (day + timedelta(days=1)).date().isoformat())
    for hour in range(24):
        if hour != utc_hour:
            assert reminder_pass(services, clients, day.replace(hour=hour)).sent == [], season
    assert reminder_pass(services, clients, day.replace(hour=utc_hour)).sent == ["T1/U1"]
    assert len(dms(fake_slack)) == 1, season


@pytest.fixture
def kubecon(services: Services, clock: FrozenClock) -> Services:
    """KubeCon EU 2025's schedule (first talk: Wednesday April 2nd), imported March 20th."""
    clock.set(datetime(2025, 3, 20, 9, 0, tzinfo=UTC))
    services.schedules.store("T1", "KubeCon EU 2025", read_schedule(SCHEDULE).talks)
    return services


def test_a_brief_and_reminders_come_in_one_dm_a_day(
    slack: SlackDriver, kubecon: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    services = kubecon
    reply(slack, "attend 2")  # alice goes to KubeCon EU 2025 (first talk: Wed April 2nd)
    followup(services, "2025-03-27", "Book the hotel for <!here>")
    # Wednesday March 26, 09:00 in Brussels: her reminder and her brief, together.
    nine = datetime(2025, 3, 26, 8, 0, tzinfo=UTC)
    assert reminder_pass(services, clients, nine).sent == ["T1/U1"]
    [dm] = dms(fake_slack)
    assert_valid_message(dm)
    assert_no_pings(dm)
    text = visible_text(dm)
    assert "Book the hotel for &lt;!here&gt;" in text
    assert "Brief: KubeCon EU 2025" in text and "#2" in text
    # The next day: the follow-up is still due, the brief is not sent again.
    assert reminder_pass(services, clients, nine + timedelta(days=1)).sent == ["T1/U1"]
    second = visible_text(dms(fake_slack)[1])
    assert "Book the hotel" in second and "Brief: KubeCon EU 2025" not in second


def test_muted_briefs_and_reminders_send_nothing(
    slack: SlackDriver, kubecon: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    services = kubecon
    reply(slack, 'going "KubeCon EU 2025"')
    reply(slack, "me mute briefs")
    nine = datetime(2025, 3, 26, 8, 0, tzinfo=UTC)
    assert reminder_pass(services, clients, nine).sent == []
    followup(services, "2025-03-27")
    reply(slack, "me mute reminders")
    assert reminder_pass(services, clients, nine + timedelta(days=1)).sent == []
    reply(slack, "me unmute briefs")  # the brief is still due: it goes now
    assert reminder_pass(services, clients, nine + timedelta(days=2)).sent == ["T1/U1"]
    text = visible_text(dms(fake_slack)[0])
    assert "Brief: KubeCon EU 2025" in text and "Trial Karpenter" not in text


def test_a_timezone_set_by_hand_wins_over_slacks(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    clock: FrozenClock,
) -> None:
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    reply(slack, "me tz Asia/Tokyo")  # Slack says Brussels; alice is travelling
    followup(services, "2026-11-25")
    brussels_nine = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert reminder_pass(services, clients, brussels_nine).sent == []
    tokyo_nine = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    assert reminder_pass(services, clients, tokyo_nine).sent == ["T1/U1"]


def test_digest_as_a_thread_mentions_only_who_did_not_mute_it(
    slack: SlackDriver,
    engine: Engine,
    settings: Settings,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    clock: FrozenClock,
) -> None:
    digest = DigestSettings(channel="CDIGEST", mention_owners=True, thread=True)
    services = build_services(engine, clock=clock, settings=replace(settings, digest=digest))
    with transaction(services.sessions) as s:
        for owner, name in (("U1", "alice"), ("U2", "bob")):
            services.followups.add(
                s, ALICE, AddFollowup(text=f"Task of {name}", owner=owner, owner_name=name)
            )
    reply(slack, "me mute digest", user="U2", user_name="bob")
    # Monday Nov 30, 09:00 UTC (the config's default schedule).
    assert digest_tick(services, clients, datetime(2026, 11, 30, 9, 0, 30, tzinfo=UTC))
    summary, details = [c.params for c in fake_slack.calls_to("chat.postMessage")]
    assert summary["channel"] == details["channel"] == "CDIGEST"
    assert "thread_ts" not in summary and details["thread_ts"]
    for posted in (summary, details):
        assert_valid_message(posted)
        assert_no_pings(posted)
    assert "2* open follow-ups" in visible_text(summary)
    assert "Task of alice" not in visible_text(summary)
    shown = visible_text(details)
    assert "<@U1>" in shown  # alice is mentioned, as configured
    assert "<@U2>" not in shown and "*bob* · 1" in shown  # bob muted the digest


def test_a_failed_thread_reply_never_posts_the_digest_twice(
    engine: Engine,
    settings: Settings,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    digest = DigestSettings(channel="CDIGEST", mention_owners=True, thread=True)
    services = build_services(engine, clock=clock, settings=replace(settings, digest=digest))
    with transaction(services.sessions) as s:
        services.followups.add(s, ALICE, AddFollowup(text="Task of alice", owner="U1"))

    def thread_replies_fail(params: dict[str, Any]) -> dict[str, Any]:
        if params.get("thread_ts"):
            return {"ok": False, "error": "internal_error"}
        return fake_slack._answer("chat.postMessage", params)

    fake_slack.on("chat.postMessage", thread_replies_fail)
    monday_nine = datetime(2026, 11, 30, 9, 0, 30, tzinfo=UTC)
    for minute in range(3):  # the tick and the two after it
        digest_tick(services, clients, monday_nine + timedelta(minutes=minute))
    posted = [c.params for c in fake_slack.calls_to("chat.postMessage")]
    summaries = [p for p in posted if not p.get("thread_ts")]
    assert len(summaries) == 1, "the summary is in the channel once, its owners pinged once"
    assert "digest details thread in CDIGEST failed" in caplog.text


def test_snooze_a_day_or_until_a_picked_date(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    clock: FrozenClock,
) -> None:
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    followup(services, "2026-11-25")
    reminder_pass(services, clients, datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    [dm] = dms(fake_slack)
    slack.click(dm, "followup_snooze_day", "1", user="U1", channel="DU1")
    [first] = fake_slack.wait_for("chat.update")
    assert "due Thu, Nov 26" in visible_text(first.params)  # a day past its due date
    # The date picker carries no value: its block says which follow-up it is.
    [picker] = [
        (b["block_id"], e)
        for b in dm["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "datepicker"
    ]
    block_id, element = picker
    payload = {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "acme"},
        "user": {"id": "U1", "username": "alice", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "DU1"},
        "trigger_id": "trigger-picker",
        "channel": {"id": "DU1", "name": "directmessage"},
        "message": {"type": "message", "ts": "1.2", **dm},
        "response_url": fake_slack.response_url("picker"),
        "actions": [
            {
                "action_id": element["action_id"],
                "block_id": block_id,
                "type": "datepicker",
                "selected_date": "2026-12-15",
                "action_ts": "1.3",
            }
        ],
    }
    assert slack.interact(payload).status_code == 200
    second = fake_slack.wait_for("chat.update", 2)[1]
    assert "due Tue, Dec 15" in visible_text(second.params)


def test_mute_from_the_home_tab(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    _, home = published_view(fake_slack)
    assert_valid_view(home)
    assert "Your notifications" in visible_text({"blocks": home["blocks"]})
    press = button_press(
        {"blocks": home["blocks"]}, "me_mute_toggle", response_url="", value="mute:briefs"
    )
    del press["response_url"], press["channel"]
    press["container"] = {"type": "view", "view_id": "V1"}
    press["view"] = {"id": "V1", "type": "home", "blocks": home["blocks"]}
    assert slack.interact(press).status_code == 200
    _, refreshed = published_view(fake_slack, count=2)
    labels = [
        e["text"]["text"]
        for b in refreshed["blocks"]
        if b.get("block_id") == "home-notifications"
        for e in b["elements"]
    ]
    assert labels == ["Mute digest", "Mute reminders", "Unmute briefs"]
    assert "Muted: briefs" in read_text(slack.command_reply("me"))
