"""The digest: set from Slack by an admin, posted exactly once per scheduled time (even with
three schedulers on one database), catch-up within the grace window, DST, Slack limits."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from sqlalchemy import Engine, text

from bot.config import DigestSettings, Settings
from bot.grammar import AddFollowup, Draft
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.scheduler import build_scheduler, digest_tick
from storage import schedules
from tests.support.blocks import assert_no_pings, assert_valid_message, visible_text
from tests.support.clock import FrozenClock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver

CHANNEL = "CDIGEST"
# Mondays 09:00 in Brussels; the digest is configured on Monday Nov 23 2026 at 10:00 UTC.
MONDAY_NINE = '"0 9 * * 1" tz Europe/Brussels'
NEXT_FIRE = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 CET
ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")


def setup_digest(slack: SlackDriver, schedule: str = MONDAY_NINE) -> str:
    message = slack.command_reply(f"digest here cron {schedule}", user="UADMIN", channel=CHANNEL)
    return visible_text(message)


def posts(fake: FakeSlack) -> list[dict[str, Any]]:
    return [c.params for c in fake.calls_to("chat.postMessage") if c.params["channel"] == CHANNEL]


def add_takeaway(services: Services, text: str, conference: str | None = None) -> None:
    with transaction(services.sessions) as s:
        services.takeaways.add(s, ALICE, Draft(text=text, conference=conference))


def add_followup(services: Services, text: str, owner: str, name: str, due: str | None) -> None:
    with transaction(services.sessions) as s:
        services.followups.add(
            s, ALICE, AddFollowup(text=text, owner=owner, owner_name=name, due=due)
        )


def test_only_admins_choose_the_digest_channel(slack: SlackDriver) -> None:
    refused = visible_text(slack.command_reply("digest here", user="U1", channel=CHANNEL))
    assert "Only a workspace admin" in refused
    assert "No digest is set up" in visible_text(slack.command_reply("digest"))
    configured = setup_digest(slack)
    assert f"will now go to <#{CHANNEL}> on `0 9 * * 1` (Europe/Brussels)" in configured
    assert "Next one: Mon Nov 30, 09:00 CET" in configured
    bad = visible_text(slack.command_reply('digest here cron "0 9 * *"', user="UADMIN"))
    assert "not a 5-field cron expression" in bad
    assert "Europe/Brussels" in visible_text(slack.command_reply("digest"))
    off = visible_text(slack.command_reply("digest off", user="UADMIN"))
    assert "The digest is off" in off


def test_scheduled_digest_posts_once_with_grouped_content(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    add_takeaway(services, "Karpenter consolidates by price", "KubeCon EU 2024")
    add_takeaway(services, "Cilium replaces kube-proxy", "KubeCon EU 2024")
    add_takeaway(services, "SLOs need error budgets", "SREcon")
    add_takeaway(services, "Untitled hallway chat")
    add_followup(services, "Trial Karpenter in QA", "U2", "bob", "2026-11-25")
    add_followup(services, "Write up Crik", "U1", "alice", "2026-12-10")
    setup_digest(slack)

    assert digest_tick(services, clients, NEXT_FIRE - timedelta(minutes=1)) == []
    (outcome,) = digest_tick(services, clients, NEXT_FIRE + timedelta(seconds=30))
    assert outcome.status == "posted"
    assert digest_tick(services, clients, NEXT_FIRE + timedelta(minutes=1)) == []
    (posted,) = posts(fake_slack)
    assert_valid_message(posted)
    assert_no_pings(posted)
    text = visible_text(posted)
    assert "*4* new takeaways · *2* open follow-ups, *1* overdue" in text
    # Follow-ups by owner, overdue first; takeaways by conference, biggest first.
    assert text.index("*bob* · 1 (1 overdue)") < text.index("*alice* · 1")
    assert "Trial Karpenter in QA" in text and "5 days overdue" in text
    assert text.index("*KubeCon EU 2024* · 2") < text.index("*SREcon* · 1")
    assert text.index("*SREcon* · 1") < text.index("*Other takeaways* · 1")
    assert "more open follow-up" not in text


def test_next_digest_counts_only_takeaways_since_the_previous_one(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    clock: FrozenClock,
) -> None:
    add_takeaway(services, "Before the first digest")
    setup_digest(slack)
    digest_tick(services, clients, NEXT_FIRE)
    clock.set(NEXT_FIRE + timedelta(days=2))
    add_takeaway(services, "Between the digests")
    digest_tick(services, clients, NEXT_FIRE + timedelta(days=7))
    first, second = posts(fake_slack)
    assert "Before the first digest" in visible_text(first)
    assert "Between the digests" in visible_text(second)
    assert "Before the first digest" not in visible_text(second)


def test_missed_digest_is_caught_up_once_within_the_grace_window(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    setup_digest(slack)
    # Every replica was down at 09:00; the first tick after start-up, three hours late.
    (late,) = digest_tick(services, clients, NEXT_FIRE + timedelta(hours=3))
    assert late.status == "posted"
    assert digest_tick(services, clients, NEXT_FIRE + timedelta(hours=3, minutes=1)) == []
    # A week later everything is down for 13 hours: too late (grace is 12 h), skipped.
    assert digest_tick(services, clients, NEXT_FIRE + timedelta(days=7, hours=13)) == []
    assert len(posts(fake_slack)) == 1


def test_configuring_does_not_post_a_digest_for_an_earlier_time(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, clock: FrozenClock
) -> None:
    # Configured at 10:00 UTC on a Monday whose 09:00 CET digest time (08:00 UTC) has passed.
    setup_digest(slack)
    assert digest_tick(services, clients, clock()) == []


def test_monday_nine_brussels_across_the_dst_change(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    clock: FrozenClock,
    fake_slack: FakeSlack,
) -> None:
    clock.set(datetime(2026, 10, 14, 12, 0, tzinfo=UTC))
    setup_digest(slack)
    summer = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert [o.status for o in digest_tick(services, clients, summer)] == ["posted"]
    # Clocks go back on Sunday Oct 25: at 07:00 UTC on Monday Oct 26 it is only 08:00.
    assert digest_tick(services, clients, datetime(2026, 10, 26, 7, 0, tzinfo=UTC)) == []
    winter = datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # 09:00 CET
    (outcome,) = digest_tick(services, clients, winter)
    assert outcome.run_key == "scheduled:2026-10-26T08:00Z"
    assert len(posts(fake_slack)) == 2


@pytest.mark.slow
def test_three_schedulers_on_one_database_post_each_digest_once(
    slack: SlackDriver,
    engine: Engine,
    settings: Settings,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    db_url: str,
) -> None:
    setup_digest(slack)
    replicas = []
    ran = threading.Barrier(4, timeout=30)
    errors: list[BaseException] = []
    for _ in range(3):
        replica = build_services(
            __import__("storage.db", fromlist=["make_engine"]).make_engine(db_url),
            clock=FrozenClock(NEXT_FIRE + timedelta(seconds=20)),
            settings=settings,
        )
        scheduler = build_scheduler(replica, clients)

        def on_event(event: JobExecutionEvent) -> None:
            if event.job_id == "digest-tick":
                if event.exception is not None:
                    errors.append(event.exception)
                ran.wait()

        scheduler.add_listener(on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        replicas.append((replica, scheduler))
    for _, scheduler in replicas:
        scheduler.start()
    try:
        ran.wait()  # all three digest ticks have run (they start ~2 s after start-up)
    finally:
        for replica, scheduler in replicas:
            scheduler.shutdown(wait=True)
            replica.engine.dispose()
    assert errors == []
    assert len(posts(fake_slack)) == 1
    with transaction(replicas[0][0].sessions) as s:
        run = schedules.get_digest_run(
            session=s, team_id="T1", run_key="scheduled:2026-11-30T08:00Z"
        )
        assert run is not None and run.status == "posted"


def test_120_open_followups_fit_and_none_is_lost(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    for i in range(40):
        add_takeaway(
            services, f"Takeaway number {i} " + "about platform engineering " * 4, f"Conf {i % 5}"
        )
    owners = [(f"U{i:02d}", f"owner{i:02d}") for i in range(12)]
    for i in range(120):
        owner, name = owners[i % len(owners)]
        due = (date(2026, 11, 20) + timedelta(days=i % 20)).isoformat() if i % 3 else None
        add_followup(
            services,
            f"Follow-up {i:03d} " + "with a fairly long description " * 3,
            owner,
            name,
            due if due and due >= "2026-11-23" else None,
        )
    setup_digest(slack)
    digest_tick(services, clients, NEXT_FIRE)
    (posted,) = posts(fake_slack)
    assert_valid_message(posted)
    text = visible_text(posted)
    shown_followups = sum(1 for n in range(120) if f"Follow-up {n:03d} " in text)
    shown_takeaways = sum(1 for n in range(40) if f"Takeaway number {n} " in text)
    assert 0 < shown_followups < 120
    hidden = 120 - shown_followups
    where = "see the app's Home tab or `/takeaway followups all`"
    assert f"{hidden} more open follow-ups: {where}" in text
    if shown_takeaways < 40:
        assert f"{40 - shown_takeaways} more new takeaways: `/takeaway list`" in text
    assert "*120* open follow-ups" in text and "*40* new takeaways" in text


def test_user_text_never_pings_and_owners_are_names(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    add_takeaway(services, "Wake up <!channel> and <!here> <@U1>", "<!everyone> conf")
    add_followup(services, "Ping <!subteam^S1|@sre>", "U2", "<!channel>", None)
    setup_digest(slack)
    digest_tick(services, clients, NEXT_FIRE)
    (posted,) = posts(fake_slack)
    assert_no_pings(posted)
    assert "<@U" not in visible_text(posted)
    assert "&lt;!channel&gt;" in visible_text(posted)


def test_owners_are_mentioned_when_configured(
    slack: SlackDriver,
    engine: Engine,
    clock: FrozenClock,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
) -> None:
    services = build_services(
        engine, clock=clock, settings=Settings(digest=DigestSettings(mention_owners=True))
    )
    add_followup(services, "Trial Karpenter", "U2", "bob", None)
    setup_digest(slack)
    digest_tick(services, clients, NEXT_FIRE)
    (posted,) = posts(fake_slack)
    assert "*<@U2>* · 1" in visible_text(posted)


@pytest.mark.slow
def test_rate_limited_post_is_retried_after_retry_after(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    setup_digest(slack)
    # slack_sdk sleeps int(Retry-After) plus up to 1 s of jitter. The first 429 says 0 (the
    # retry is what counts there); the second says 1, and that wait is asserted below.
    fake_slack.rate_limit("chat.postMessage", times=1, retry_after=0)
    fake_slack.rate_limit("chat.postMessage", times=1, retry_after=1)
    (outcome,) = digest_tick(services, clients, NEXT_FIRE)
    assert outcome.status == "posted"
    calls = fake_slack.calls_to("chat.postMessage")
    assert len(calls) == 3
    assert calls[2].at - calls[1].at >= 0.9, "waited for Retry-After"


def test_failed_post_is_retried_by_a_later_tick(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    setup_digest(slack)
    fake_slack.fail("chat.postMessage", "not_in_channel")
    (failed,) = digest_tick(services, clients, NEXT_FIRE)
    assert (failed.status, failed.error) == ("failed", "not_in_channel")
    (retried,) = digest_tick(services, clients, NEXT_FIRE + timedelta(minutes=1))
    assert retried.status == "posted"
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_preview_is_only_for_the_asker(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply("add Karpenter consolidates nodes #karpenter")
    message = slack.command_reply("digest preview")
    assert message["response_type"] == "ephemeral"
    assert_valid_message(message)
    assert "Preview: only you see this." in visible_text(message)
    assert "Karpenter consolidates nodes" in visible_text(message)
    assert posts(fake_slack) == []


@pytest.fixture(autouse=True)
def _admin_in_fake(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("UADMIN", "root", is_admin=True)


@pytest.mark.slow
def test_slack_server_errors_are_retried(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    setup_digest(slack)
    fake_slack.fail("chat.postMessage", "internal_error", status=503, times=2)
    (outcome,) = digest_tick(services, clients, NEXT_FIRE)
    assert outcome.status == "posted"
    assert len(fake_slack.calls_to("chat.postMessage")) == 3


@pytest.mark.slow
def test_connection_resets_are_retried(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    setup_digest(slack)
    fake_slack.drop("chat.postMessage")
    (outcome,) = digest_tick(services, clients, NEXT_FIRE)
    assert outcome.status == "posted"
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def _wait_until_no_job_lock(engine: Engine, timeout: float = 10.0) -> None:
    """Until no session holds an advisory (job) lock in this database (Postgres only)."""
    if engine.dialect.name != "postgresql":
        return
    deadline = time.monotonic() + timeout
    query = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            if not conn.scalar(query):
                return
        time.sleep(0.05)
    raise AssertionError("the killed replica's job lock was never released")


REPLICA = """
import sys
from datetime import datetime
from bot.config import Settings, DatabaseSettings, SlackSettings
from bot.services.container import build_services
from bot.services.database import open_engine
from bot.slack.app import make_web_client
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.scheduler import digest_tick
url, api, when = sys.argv[1:4]
settings = Settings(
    database=DatabaseSettings(url=url),
    slack=SlackSettings(api_url=api, bot_token="xoxb-test-token", signing_secret="s"),
)
at = datetime.fromisoformat(when)
services = build_services(open_engine(settings.database), clock=lambda: at, settings=settings)
digest_tick(services, SingleWorkspaceClients(make_web_client(settings)), at)
"""


@pytest.mark.slow
def test_a_replica_killed_mid_post_leaves_a_claim_another_takes_over_after_the_lease(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    clock: FrozenClock,
    db_url: str,
) -> None:
    setup_digest(slack)
    fake_slack.delay("chat.postMessage", 30)  # the replica hangs in its post...
    replica = subprocess.Popen(
        [sys.executable, "-c", REPLICA, db_url, fake_slack.url, NEXT_FIRE.isoformat()],
        stderr=subprocess.DEVNULL,
    )
    try:
        fake_slack.wait_for("chat.postMessage", timeout=20)
    finally:
        replica.kill()  # ...and is killed (SIGKILL: no clean-up runs)
        replica.wait()
    # Postgres frees the dead replica's tick lock once it has reaped its backend, which
    # under load can take a moment after the process is gone; until then a tick skips.
    _wait_until_no_job_lock(services.engine)
    fake_slack.delay("chat.postMessage", 0)
    attempts = len(posts(fake_slack))

    clock.set(NEXT_FIRE + timedelta(minutes=5))
    assert digest_tick(services, clients, NEXT_FIRE + timedelta(minutes=5)) == []
    assert len(posts(fake_slack)) == attempts, "within the lease, nobody posts it again"

    clock.set(NEXT_FIRE + timedelta(minutes=11))
    (outcome,) = digest_tick(services, clients, NEXT_FIRE + timedelta(minutes=11))
    assert outcome.status == "posted"
    assert len(posts(fake_slack)) == attempts + 1
    clock.set(NEXT_FIRE + timedelta(minutes=12))
    assert digest_tick(services, clients, NEXT_FIRE + timedelta(minutes=12)) == []


def test_one_replica_does_each_tick_on_postgres(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    fake_slack: FakeSlack,
    clock: FrozenClock,
) -> None:
    setup_digest(slack)
    clock.set(NEXT_FIRE + timedelta(seconds=20))
    # Another replica is in the middle of its tick: it holds the job's lock.
    with services.database.job_lock("digest-tick") as other_replica:
        assert other_replica
        outcomes = digest_tick(services, clients, NEXT_FIRE + timedelta(seconds=20))
    if services.engine.dialect.name == "postgresql":
        assert outcomes == [], "the tick is skipped: the other replica does it"
        assert posts(fake_slack) == []
        (outcome,) = digest_tick(services, clients, NEXT_FIRE + timedelta(seconds=30))
    else:
        (outcome,) = outcomes  # SQLite: one writer anyway, the lock is every caller's
    assert outcome.status == "posted"
    assert len(posts(fake_slack)) == 1


def test_an_import_is_one_line_not_a_list_of_new_notes(
    slack: SlackDriver,
    services: Services,
    clients: SingleWorkspaceClients,
    clock: FrozenClock,
    fake_slack: FakeSlack,
    tmp_path: Path,
) -> None:
    add_takeaway(services, "Karpenter consolidates by price", "KubeCon EU 2024")
    old_post = tmp_path / "kubecon-eu-2022.md"
    old_post.write_text(
        "# KubeCon EU 2022 notes\n\n"
        "Kyverno policies run as admission webhooks before anything is stored.\n\n"
        "KEDA scales consumers from the Kafka lag, down to zero at night.\n\n"
        "Cilium replaced kube-proxy on the production clusters after a month.\n",
        encoding="utf-8",
    )
    report = services.importer.run([old_post], team_id="T1")
    assert report.takeaways_created == 3
    setup_digest(slack)
    (outcome,) = digest_tick(services, clients, NEXT_FIRE + timedelta(seconds=30))
    assert outcome.status == "posted"
    (posted,) = posts(fake_slack)
    assert_valid_message(posted)
    text = visible_text(posted)
    assert "*1* new takeaway ·" in text, "people's takeaways only"
    assert ":inbox_tray: *3* notes imported from *KubeCon EU 2022*" in text
    assert "Kyverno policies" not in text and "Karpenter consolidates by price" in text
