"""Going to a conference over signed requests: `going`, `talks` with Attend buttons,
`attend`, the Home tab's talks, the brief, and the brief DM'd once before the event."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.grammar import AddFollowup, Draft
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.delivery import SlackDelivery
from bot.transfer.schedules import read_schedule
from storage.db import make_engine
from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import (
    assert_valid_view,
    button_press,
    input_blocks,
    opened_view,
    published_view,
)

KUBECON = "KubeCon EU 2025"
SCHEDULE = Path(__file__).parents[1] / "data" / "schedules" / "kubecon-eu-2025.ics"
BOB = Actor(team_id="T1", user_id="U2", user_name="bob")
# The first talk (the keynote) starts on Wednesday April 2nd, 2025 at 08:15 UTC.
FIRST_TALK = datetime(2025, 4, 2, 8, 15, tzinfo=UTC)


@pytest.fixture
def schedule(services: Services, clock: FrozenClock) -> Services:
    """KubeCon EU 2025's schedule; what bob learned at KubeCon EU 2024."""
    clock.set(datetime(2025, 3, 1, 9, 0, tzinfo=UTC))
    services.schedules.store("T1", KUBECON, read_schedule(SCHEDULE).talks)
    with transaction(services.sessions) as s:
        karpenter = services.takeaways.add(
            s,
            BOB,
            Draft(
                text="Karpenter consolidation saved us 30% on spot nodes",
                conference="KubeCon EU 2024",
                tags=("karpenter",),
            ),
        )
        services.followups.add(
            s, BOB, AddFollowup(text="Trial Karpenter drift in QA", takeaway_id=karpenter.ref)
        )
    return services


def reply(slack: SlackDriver, text: str, **kw: Any) -> str:
    message = slack.command_reply(text, **kw)
    assert_valid_message(message)
    assert_no_pings(message)
    return read_text(message)


def test_going_talks_and_attend(slack: SlackDriver, schedule: Services) -> None:
    going = reply(slack, 'going "kubecon eu 2025"')
    assert "You're going to KubeCon EU 2025. Its schedule has 5 talks" in going
    assert "already down for KubeCon EU 2025" in reply(slack, "going KubeCon EU 2025")

    listed = slack.command_reply(f'talks "{KUBECON}" cilium')
    assert_no_pings(listed)  # a talk title holds <!channel>
    text = read_text(listed)
    assert "KubeCon EU 2025: 1 talk with “cilium”" in text
    assert "#3 eBPF Everywhere: Cilium Replacing kube-proxy &lt;!channel&gt;" in text
    # The Attend button stars it; pressing it again takes the star back.
    response, key = slack.click(listed, "talk_attend", "3")
    assert response.status_code == 200
    starred = slack.fake.wait_for_response(key)
    assert_no_pings(starred)
    assert ":star: Starred #3" in read_text(starred)
    assert "Starred ✓" in read_text(slack.command_reply(f'talks "{KUBECON}" cilium'))

    assert "Already starred #3" in reply(slack, "attend 3")
    assert "Took the star off #3" in reply(slack, "unattend 3")
    assert "There is no talk #42 here" in reply(slack, "attend 42")
    assert "is not a talk id" in reply(slack, "attend karpenter")
    assert "Starred #2" in reply(slack, "attend #2", user="U2", user_name="bob")
    assert "No talks with “wasm”" in reply(slack, f'talks "{KUBECON}" wasm')


def test_home_lists_the_talks_of_conferences_you_go_to(
    slack: SlackDriver, fake_slack: FakeSlack, schedule: Services
) -> None:
    slack.command_reply(f'going "{KUBECON}"')
    slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    _, home = published_view(fake_slack)
    assert_valid_view(home)
    assert_no_pings({"text": "home", "blocks": home["blocks"]})
    shown = visible_text({"blocks": home["blocks"]})
    assert "Your conferences" in shown and "Karpenter Deep Dive" in shown
    press = button_press({"blocks": home["blocks"]}, "talk_attend", response_url="", value="2")
    del press["response_url"], press["channel"]
    press["container"] = {"type": "view", "view_id": "V1"}
    press["view"] = {"id": "V1", "type": "home", "blocks": home["blocks"]}
    assert slack.interact(press).status_code == 200
    _, refreshed = published_view(fake_slack, count=2)
    stars = [
        b["accessory"]["value"]
        for b in refreshed["blocks"]
        if b.get("accessory", {}).get("text", {}).get("text", "").startswith("Starred")
    ]
    assert stars == ["2"]


def test_the_brief_says_what_the_team_knows_and_what_is_still_open(
    slack: SlackDriver, schedule: Services
) -> None:
    slack.command_reply("attend 2")  # Karpenter Deep Dive
    slack.command_reply("attend 3")  # eBPF Everywhere: nobody has notes on it
    text = reply(slack, f'brief "{KUBECON}"')
    assert "Brief: KubeCon EU 2025" in text
    karpenter = text.split("#2 Karpenter Deep Dive")[1].split("#3 eBPF")[0]
    assert "Karpenter consolidation saved us 30% on spot nodes — bob, KubeCon EU 2024" in karpenter
    assert "Who to ask\nbob (1 note)" in text
    assert "Nobody has covered yet\n#3 eBPF Everywhere" in text
    assert "Still open from KubeCon EU 2024\n• Trial Karpenter drift in QA — bob" in text
    nothing = reply(slack, f'brief "{KUBECON}"', user="U2", user_name="bob")
    assert "You have not starred any talk of KubeCon EU 2025 yet" in nothing
    assert 'No conference "SREcon 2031"' in reply(slack, 'brief "SREcon 2031"')
    # Bob asked not to be named as someone who knows: the brief does not name him either.
    reply(slack, "me hide", user="U2", user_name="bob")
    hidden = reply(slack, f'brief "{KUBECON}"')
    assert "bob (1 note)" not in hidden
    assert "Karpenter consolidation saved us 30% on spot nodes" in hidden, "his notes stay"


def _dms(fake: FakeSlack) -> list[dict[str, Any]]:
    return [c.params for c in fake.calls_to("chat.postMessage") if c.params["channel"][0] == "D"]


def test_the_brief_is_dmed_once_days_before_at_the_reminder_hour(
    slack: SlackDriver,
    schedule: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    settings: Settings,
    db_url: str,
) -> None:
    slack.command_reply(f'going "{KUBECON}"')  # alice, Europe/Brussels (UTC+2 in March 30+)
    slack.command_reply("attend 2", user="U2", user_name="bob")  # bob goes by starring
    delivery = SlackDelivery(clients)
    # Eight days before: too early. Seven days before, 09:00 Brussels (07:00 UTC): sent.
    assert schedule.reminder_runs.run(delivery, FIRST_TALK - timedelta(days=8)).sent == []
    day = datetime(2025, 3, 26, tzinfo=UTC)
    assert schedule.reminder_runs.run(delivery, day.replace(hour=6)).sent == []  # 07:00 CET
    # Three replicas run the 09:00 pass at once: each brief goes out once.
    replicas = [
        build_services(make_engine(db_url), clock=FrozenClock(day), settings=settings)
        for _ in range(3)
    ]
    reports: list[Any] = []
    threads = [
        threading.Thread(
            target=lambda r=r: reports.append(r.reminder_runs.run(delivery, day.replace(hour=8)))
        )
        for r in replicas
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in replicas:
        r.engine.dispose()
    sent = sorted(key for report in reports for key in report.sent)
    assert sent == ["T1/U1", "T1/U2"]
    dms = _dms(fake_slack)
    assert sorted(d["channel"] for d in dms) == ["DU1", "DU2"]
    for dm in dms:
        assert_valid_message(dm)
        assert_no_pings(dm)
    bobs = next(d for d in dms if d["channel"] == "DU2")
    assert "Brief: KubeCon EU 2025" in visible_text(bobs)
    # The next day's pass, and a forced one, send nothing more.
    assert schedule.reminder_runs.run(delivery, day + timedelta(days=1, hours=8)).sent == []
    assert schedule.reminder_runs.run(delivery, day, force=True).sent == []
    assert len(_dms(fake_slack)) == 2


def test_a_failed_brief_is_sent_by_a_later_pass(
    slack: SlackDriver, schedule: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    slack.command_reply(f'going "{KUBECON}"')
    delivery = SlackDelivery(clients)
    fake_slack.fail("chat.postMessage", "channel_not_found")
    now = datetime(2025, 3, 27, 8, 0, tzinfo=UTC)
    first = schedule.reminder_runs.run(delivery, now)
    assert first.failed == ["T1/U1"] and first.sent == []
    again = schedule.reminder_runs.run(delivery, now + timedelta(days=1))
    assert again.sent == ["T1/U1"]
    assert len(_dms(fake_slack)) == 2  # the one Slack refused, then the one sent


def test_a_takeaway_during_a_starred_talk_gets_the_talk(
    slack: SlackDriver, schedule: Services, fake_slack: FakeSlack, clock: FrozenClock
) -> None:
    slack.command_reply("attend 2")  # Karpenter Deep Dive, April 2nd 10:05-10:40 UTC
    slack.command_reply("conf set KubeCon Hallway", user="UADMIN")
    clock.set(datetime(2025, 4, 2, 10, 20, tzinfo=UTC))
    added = reply(slack, "add Consolidation works per NodePool #karpenter")
    assert "Karpenter Deep Dive: Consolidation, Drift" in added
    assert "KubeCon EU 2025" in added
    assert "kccnceu2025.sched.com/event/1txCD" in added  # the talk's link
    # Another conference typed, or `conf:""`, is kept as typed.
    other = reply(slack, 'add Try Kepler conf:"SREcon 2025"')
    assert "SREcon 2025" in other and "Karpenter Deep Dive" not in other
    # The form opened now starts with the talk and its conference.
    slack.command("add")
    _, view = opened_view(fake_slack)
    fields = input_blocks(view)
    assert fields["conference"]["element"]["initial_value"] == KUBECON
    assert fields["talk"]["element"]["initial_value"].startswith("Karpenter Deep Dive")
    # Long after the talk: the channel's conference, no talk.
    clock.set(datetime(2025, 4, 2, 16, 0, tzinfo=UTC))
    later = reply(slack, "add Hallway chat about spot instances")
    assert "KubeCon Hallway" in later and "Karpenter Deep Dive" not in later


def test_a_conference_named_like_a_ping_never_pings(
    slack: SlackDriver, services: Services, fake_slack: FakeSlack
) -> None:
    # Names come from files too (schedule import, JSON Lines), not only from Slack.
    name = "<!channel> Summit 2025"
    services.schedules.store("T1", name, read_schedule(SCHEDULE).talks)
    with transaction(services.sessions) as s:
        services.takeaways.add(
            s, BOB, Draft(text="Hi <!here>", conference=name, talk="<!everyone>")
        )
    for text in (
        f'going "{name}"',
        f'talks "{name}" karpenter',
        "attend 2",
        f'brief "{name}"',
        f'report "{name}"',
    ):
        message = slack.command_reply(text.replace("<", "&lt;").replace(">", "&gt;"))
        assert_valid_message(message)
        assert_no_pings(message)
        assert "&lt;!channel&gt; Summit 2025" in visible_text(message), text
