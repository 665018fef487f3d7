"""Slow work never holds the ack: acks come from listener threads that only ack."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.config import Settings
from bot.services.container import Services
from bot.slack.app import build_app, make_web_client
from bot.slack.background import BackgroundWork
from bot.slack.web import build_asgi
from tests.conftest import SIGNING_SECRET
from tests.support.blocks import visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.server import AppServer
from tests.support.slack_driver import SlackDriver


@pytest.fixture
def few_threads_slack(
    settings: Settings, services: Services, fake_slack: FakeSlack
) -> Iterator[SlackDriver]:
    """The real app with only two listener threads and four work threads."""
    narrow = dataclasses.replace(
        settings, server=dataclasses.replace(settings.server, listener_threads=2, work_threads=4)
    )
    work = BackgroundWork(narrow.server.work_threads)
    app = build_app(narrow, services, client=make_web_client(narrow), work=work)
    server = AppServer(build_asgi(app, services, signing_secret=SIGNING_SECRET)).start()
    driver = SlackDriver(server.url, SIGNING_SECRET, fake_slack)
    yield driver
    driver.close()
    server.stop()
    work.shutdown()


@pytest.mark.slow
def test_twenty_concurrent_slow_commands_are_all_acked_within_three_seconds(
    few_threads_slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack = few_threads_slack
    slack.command_reply("add Karpenter consolidates nodes", user="U1")
    # Each command below needs users.info (is this person an admin?), and Slack is slow.
    fake_slack.delay("users.info", 1.0)
    users = [f"UX{i:02d}" for i in range(20)]

    def delete_as(user: str) -> tuple[int, float, str]:
        started = time.monotonic()
        response, key = slack.command("delete 1", user=user, user_name=user.lower())
        return response.status_code, time.monotonic() - started, key

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(delete_as, users))
    assert [status for status, _, _ in results] == [200] * 20
    slowest = max(elapsed for _, elapsed, _ in results)
    assert slowest < 3.0, f"an ack took {slowest:.1f} s"
    # The work queued behind four threads (five rounds of a one-second users.info, longer
    # than any ack took) and then answered everyone.
    for _, _, key in results:
        reply = fake_slack.wait_for_response(key, timeout=30)
        assert "Only the author of takeaway #1" in visible_text(reply)


def test_fifty_concurrent_adds_from_ten_users_are_all_stored(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    def add(n: int) -> tuple[int, str]:
        user = f"UL{n % 10}"
        response, key = slack.command(f"add Concurrent note {n:02d} #load", user=user)
        return response.status_code, key

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(add, range(50)))
    assert [status for status, _ in results] == [200] * 50
    ids = set()
    for _, key in results:
        text = visible_text(fake_slack.wait_for_response(key, timeout=60))
        assert "Saved as takeaway" in text, text
        ids.add(text.split("takeaway *#", 1)[1].split("*", 1)[0])
    assert len(ids) == 50, "fifty distinct takeaways"
    listed = visible_text(slack.command_reply("list #load"))
    assert "Showing the newest 10 of 50" in listed
