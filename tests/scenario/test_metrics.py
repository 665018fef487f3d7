"""GET /metrics: what an operator would graph and alert on moves when things happen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.services.container import Services
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.scheduler import digest_tick, reminder_pass
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver


@pytest.fixture
def slack(slack_http: SlackDriver) -> SlackDriver:
    """GET /metrics is served by the ASGI app, not by Bolt: this file needs a real server."""
    return slack_http


def scrape(slack: SlackDriver) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = slack.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def delta(before: dict, after: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    key = (name, tuple(sorted(labels.items())))
    return float(after.get(key, 0.0) - before.get(key, 0.0))


@pytest.mark.slow
def test_commands_asks_jobs_and_slack_errors_are_counted(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    before = scrape(slack)
    slack.command_reply("add Karpenter consolidates nodes #karpenter")
    slack.command_reply("ask karpenter")
    slack.command_reply("delete 99")
    slack.command_reply("frobnicate")
    slack.command_reply("followup Trial it due:today", user="U2", user_name="bob")
    slack.command_reply('digest here cron "0 9 * * *" tz UTC', user="UADMIN", channel="CDIGEST")
    fake_slack.fail("chat.postMessage", "channel_not_found")
    digest_tick(services, clients, datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    # Retry-After: 0, as only the count matters here: slack_sdk waits int(Retry-After)
    # plus up to 1 s of jitter before it retries.
    fake_slack.rate_limit("chat.postMessage", times=1, retry_after=0)
    reminder_pass(services, clients, datetime(2026, 11, 23, 10, 30, tzinfo=UTC), force=True)
    after = scrape(slack)

    assert delta(before, after, "takeaways_commands_total", subcommand="add", outcome="ok") == 1
    assert delta(before, after, "takeaways_commands_total", subcommand="ask", outcome="ok") == 1
    assert (
        delta(before, after, "takeaways_commands_total", subcommand="delete", outcome="not_found")
        == 1
    )
    assert (
        delta(
            before, after, "takeaways_commands_total", subcommand="unknown", outcome="invalid_input"
        )
        == 1
    )
    assert delta(before, after, "takeaways_ask_seconds_count") == 1
    assert delta(before, after, "takeaways_digests_total", outcome="failed") == 1
    assert delta(before, after, "takeaways_reminders_total", outcome="sent") == 1
    assert (
        delta(
            before,
            after,
            "takeaways_slack_api_errors_total",
            method="chat.postMessage",
            error="channel_not_found",
        )
        == 1
    )
    assert (
        delta(
            before,
            after,
            "takeaways_slack_api_errors_total",
            method="chat.postMessage",
            error="ratelimited",
        )
        == 1
    )
