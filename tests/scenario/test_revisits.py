"""Revisit and verify: `revisit:` on add, one DM a day per author at their local hour
(exactly once, whichever replica runs the pass), Still true / Outdated / Superseded by…,
and how answers show and rank it. Signed requests to the real app, on SQLite and
Postgres."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.scheduler import daily_dm_pass, revisit_pass
from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import assert_valid_view, opened_view, submission

# Tuesday Nov 24 2026, 09:00 in Brussels (CET, UTC+1); the clock starts on Nov 23.
BRUSSELS_NINE = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def reply(slack: SlackDriver, text: str, **kwargs: Any) -> dict[str, Any]:
    message = slack.command_reply(text, **kwargs)
    assert_valid_message(message)
    assert_no_pings(message)
    return message


def dms(fake: FakeSlack, user: str = "U1") -> list[dict[str, Any]]:
    return [
        c.params for c in fake.calls_to("chat.postMessage") if c.params["channel"] == f"D{user}"
    ]


def click(
    slack: SlackDriver, fake: FakeSlack, dm: dict[str, Any], action: str, ref: int, **kw: Any
) -> dict[str, Any]:
    response, key = slack.click(dm, action, str(ref), channel="DU1", **kw)
    assert response.status_code == 200
    redrawn = fake.wait_for_response(key)
    assert_valid_message(redrawn)
    assert_no_pings(redrawn)
    return redrawn


def seed(slack: SlackDriver) -> None:
    reply(slack, "add <!channel> Karpenter drift replaces nodes #karpenter revisit:2026-11-24")
    reply(slack, "add Karpenter consolidation saves 30% #karpenter revisit:+6m")
    reply(slack, "add Cilium replaces kube-proxy #cilium")  # the default: 12 months


def test_revisit_dates_on_add(slack: SlackDriver, services: Services) -> None:
    seed(slack)
    assert [t.revisit_on.isoformat() for t in services.revisits.stale("T1")] == []
    shown = read_text(reply(slack, "add Flux bumps image tags revisit:2020-01-01"))
    assert "`revisit:2020-01-01` is in the past" in shown
    assert "I can't read `revisit:soon`" in read_text(reply(slack, "add Flux revisit:soon"))
    assert "There is no takeaway #4" in read_text(reply(slack, "show 4")), "nothing saved"


def test_one_dm_per_author_per_day_whichever_replica_runs_it(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    engine: Engine,
) -> None:
    seed(slack)
    reply(slack, "add Bob's note revisit:2026-11-24", user="U2", user_name="bob")
    assert revisit_pass(services, clients, BRUSSELS_NINE - timedelta(hours=1)).sent == []
    assert revisit_pass(services, clients, BRUSSELS_NINE).sent == ["T1/U1", "T1/U2"]
    other_replica = build_services(engine, clock=FrozenClock())
    assert revisit_pass(other_replica, clients, BRUSSELS_NINE).sent == []
    assert revisit_pass(services, clients, BRUSSELS_NINE + timedelta(minutes=15)).sent == []
    (dm,) = dms(fake_slack)
    assert_valid_message(dm)
    assert_no_pings(dm)
    text = visible_text(dm)
    assert "Still true?" in text and "Karpenter drift replaces nodes" in text
    assert "@channel" in text and "consolidation" not in text, "only what is due"
    # Not answered: asked again on the next local day.
    assert revisit_pass(services, clients, BRUSSELS_NINE + timedelta(days=1)).sent == [
        "T1/U1",
        "T1/U2",
    ]


def test_still_true_and_outdated(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    seed(slack)
    reply(slack, "add Karpenter spot interruptions are handled #karpenter revisit:2026-11-24")
    revisit_pass(services, clients, BRUSSELS_NINE)
    (dm,) = dms(fake_slack)
    redrawn = click(slack, fake_slack, dm, "revisit_still_true", 1)
    shown = read_text(redrawn)
    assert "verified 2026-11" in shown and "next look 2027-11-23" in shown
    assert "Still true" in shown, "the other takeaway keeps its buttons"
    outdated = read_text(click(slack, fake_slack, redrawn, "revisit_outdated", 4))
    assert "outdated" in outdated

    answer = read_text(reply(slack, "ask karpenter spot interruptions drift"))
    assert "verified 2026-11" in answer and ":warning: outdated" in answer
    hits = [line for line in answer.splitlines() if "#1 ·" in line or "#4 ·" in line]
    assert "#1 ·" in hits[0], "the outdated one ranks below the current ones"
    assert services.revisits.stale("T1") == []

    refused = click(slack, fake_slack, dm, "revisit_outdated", 1, user="U2")
    assert "Only the authors of takeaway #1" in read_text(refused)


def test_superseded_by_another_takeaway(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    seed(slack)
    revisit_pass(services, clients, BRUSSELS_NINE)
    (dm,) = dms(fake_slack)
    response, _ = slack.click(dm, "revisit_superseded", "1", channel="DU1")
    assert response.status_code == 200
    fake_slack.wait_for("views.open")
    _, view = opened_view(fake_slack)
    assert_valid_view(view)
    assert "Which takeaway replaces *#1*?" in visible_text({"blocks": view["blocks"]})
    (pick,) = [b for b in view["blocks"] if b.get("block_id") == "superseded_pick"]
    options = [o["text"]["text"] for o in pick["element"]["options"]]
    assert options == ["#2 Karpenter consolidation saves 30%"], "its related takeaways"

    bad = slack.interact(submission(view, {"superseded_by": "soon"}))
    assert bad.json()["errors"] == {
        "superseded_by": "Pick one, or give the takeaway's number, like 42."
    }
    assert slack.interact(submission(view, {"superseded_pick": "2"})).status_code == 200
    (update,) = fake_slack.wait_for("chat.update")
    assert update.params["channel"] == "DU1"
    assert ":warning: superseded by #2" in visible_text(update.params)
    assert ":warning: superseded by #2" in read_text(reply(slack, "show 1"))


def test_merging_with_the_takeaway_that_replaced_it(slack: SlackDriver, services: Services) -> None:
    seed(slack)
    reply(slack, "add Karpenter drift also covers Kubernetes version changes #karpenter")
    reply(slack, "add Cilium kube-proxy replacement needs kernel 5.10 #cilium")
    alice = Actor(team_id="T1", user_id="U1")
    services.revisits.answer(alice, 1, "superseded", superseded_by=4)
    services.revisits.answer(alice, 3, "superseded", superseded_by=1)
    merged = read_text(reply(slack, "merge 1 4"))
    assert "Merged #4 into #1" in merged and "superseded" not in merged, "current again"
    assert ":warning: superseded by #1" in read_text(reply(slack, "show 3"))


def test_a_day_with_reminders_brings_no_second_dm_the_revisit_waits(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
) -> None:
    seed(slack)  # takeaway #1 is due for review on Nov 24
    reply(slack, "followup Trial drift replacement in QA due:2026-11-24")
    daily_dm_pass(services, clients, BRUSSELS_NINE)
    (dm,) = dms(fake_slack)
    assert "Trial drift replacement in QA" in visible_text(dm)
    assert "Still true?" not in visible_text(dm)
    # The same day, the pass runs again (and another replica's): still one DM.
    daily_dm_pass(services, clients, BRUSSELS_NINE + timedelta(minutes=15))
    assert len(dms(fake_slack)) == 1
    # The follow-up is done; the next day is quiet, and the revisit comes.
    reply(slack, "done 1")
    daily_dm_pass(services, clients, BRUSSELS_NINE + timedelta(days=1))
    _, second = dms(fake_slack)
    assert "Still true?" in visible_text(second)
    assert "Karpenter drift replaces nodes" in visible_text(second)


def test_a_failed_reminder_keeps_its_day_and_is_retried_before_any_revisit(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
) -> None:
    seed(slack)  # takeaway #1 is due for review on Nov 24
    reply(slack, "followup Trial drift replacement in QA due:2026-11-24")
    fake_slack.fail("chat.postMessage", "internal_error")
    daily_dm_pass(services, clients, BRUSSELS_NINE)
    (failed,) = dms(fake_slack)  # the reminder's attempt, refused by Slack
    assert "Trial drift replacement in QA" in visible_text(failed)
    daily_dm_pass(services, clients, BRUSSELS_NINE + timedelta(minutes=15))
    texts = [visible_text(dm) for dm in dms(fake_slack)]
    assert len(texts) == 2 and "Trial drift replacement in QA" in texts[1], "retried"
    assert not any("Still true?" in text for text in texts), "the day stays the reminder's"


def test_a_review_that_waited_a_week_takes_the_day_before_the_reminders(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
) -> None:
    seed(slack)  # takeaway #1 is due for review on Nov 24
    reply(slack, "followup Trial drift replacement in QA due:2026-11-24")  # overdue daily
    for day in range(8):  # Nov 24 .. Dec 1: the follow-up is never done
        daily_dm_pass(services, clients, BRUSSELS_NINE + timedelta(days=day))
    texts = [visible_text(dm) for dm in dms(fake_slack)]
    assert len(texts) == 8, "one DM a day, never two"
    assert all("Trial drift replacement in QA" in text for text in texts[:7])
    assert "Still true?" in texts[7] and "Trial drift" not in texts[7], "a week on: its turn"
    daily_dm_pass(services, clients, BRUSSELS_NINE + timedelta(days=8))
    assert "Trial drift replacement in QA" in visible_text(dms(fake_slack)[8])
