"""`/takeaway report "<conference>"` over signed requests, and the digest's line per
recent conference, within Slack's limits and without pinging anyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.grammar import AddFollowup, Draft
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.transactions import transaction
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.scheduler import digest_tick
from storage import talks
from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import assert_valid_view, published_view

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")
KUBECON = "KubeCon EU 2025"


def _add(services: Services, text: str, talk: str | None = None, tags: tuple[str, ...] = ()) -> int:
    with transaction(services.sessions) as s:
        draft = Draft(text=text, conference=KUBECON, talk=talk, tags=tags or None)
        return services.takeaways.add(s, ALICE, draft).ref


def _followup(services: Services, text: str, of: int, due: str | None = None) -> int:
    with transaction(services.sessions) as s:
        return services.followups.add(s, ALICE, AddFollowup(text=text, due=due, takeaway_id=of)).ref


def test_report_in_slack_shows_the_numbers_and_who_went(
    slack: SlackDriver, services: Services, clock: FrozenClock
) -> None:
    first = _add(services, "Karpenter consolidates by price", "Karpenter deep dive", ("karpenter",))
    _add(services, "Drift replaces nodes whose spec changed", "Karpenter deep dive", ("karpenter",))
    _followup(services, "Trial Karpenter in QA", first, due="2026-11-24")
    done = _followup(services, "Read the consolidation docs", first)
    slack.command_reply(f"done {done}")
    with transaction(services.sessions) as s:
        talks.attend(
            session=s,
            team_id="T1",
            conference=KUBECON,
            user_id="U2",
            user_name="bob",
            now=datetime(2026, 11, 1, tzinfo=UTC),
        )

    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    message = slack.command_reply("report \u201ckubecon eu 2025\u201d")
    assert_valid_message(message)
    assert_no_pings(message)
    text = read_text(message)
    assert "Report: KubeCon EU 2025" in text
    assert "Takeaways\n2" in text and "Follow-ups\n2" in text
    assert "Done on time\n1" in text and "Overdue\n:red_circle: 1" in text
    assert "Learned → acted\n50%" in text
    assert "Who went: alice, bob" in text
    assert "`#karpenter` 2" in text
    assert "Karpenter deep dive · 2 takeaways" in text
    assert ":red_circle: Trial Karpenter in QA — alice · due 2026-11-24" in text
    assert "<@U" not in visible_text(message)  # names, never mentions


def test_unknown_conference_and_missing_name_are_clear_replies(slack: SlackDriver) -> None:
    unknown = visible_text(slack.command_reply('report "DevConf 2031"'))
    assert 'No conference "DevConf 2031" here. Known conferences: none yet.' in unknown
    missing = visible_text(slack.command_reply("report"))
    assert "Which conference?" in missing and "/takeaway report" in missing


def test_a_huge_conference_stays_within_slack_limits_and_never_pings(
    slack: SlackDriver, services: Services, clock: FrozenClock
) -> None:
    long_text = "<!channel> " + "consolidation " * 200  # 2,800+ characters
    for n in range(60):
        ref = _add(services, f"{n} {long_text}", f"Talk {n} <!here> " + "x" * 250, ("k8s",))
        _followup(services, f"Follow <!everyone> up {n} " + "y" * 900, ref, due="2026-11-24")
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    message = slack.command_reply(f'report "{KUBECON}"')
    assert_valid_message(message)
    assert_no_pings(message)
    for block in message["blocks"]:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000
    text = visible_text(message)
    assert "…and 52 more: the trip report has them all" in text
    assert "more: `/takeaway followups all`" in text
    assert "&lt;!channel&gt;" in text


def test_the_digest_names_each_recent_conference(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    ref = _add(services, "Cilium <!channel> replaces kube-proxy")
    _followup(services, "Benchmark Cilium", ref, due="2026-11-24")
    slack.command_reply('digest here cron "0 9 * * 1" tz Europe/Brussels', user="UADMIN")
    fire = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    digest_tick(services, clients, fire + timedelta(seconds=30))
    (posted,) = [c.params for c in fake_slack.calls_to("chat.postMessage")]
    assert_valid_message(posted)
    assert_no_pings(posted)
    assert (
        ":round_pushpin: *KubeCon EU 2025*: 1 takeaway, 1 follow-up, 0 done, 1 overdue"
        in visible_text(posted)
    )


def test_home_has_a_panel_of_recent_conferences(
    slack: SlackDriver, services: Services, fake_slack: FakeSlack
) -> None:
    ref = _add(services, "Cilium <!channel> replaces kube-proxy")
    _followup(services, "Benchmark Cilium", ref, due="2026-11-24")
    slack.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    _, home = published_view(fake_slack)
    assert_valid_view(home)
    assert_no_pings({"text": "home", "blocks": home["blocks"]})
    shown = visible_text({"blocks": home["blocks"]})
    assert "Recent conferences" in shown
    assert "*KubeCon EU 2025*: 1 takeaway, 1 follow-up, 0 done, 0 overdue" in shown
