"""A reply after the ack survives Slack's 429s and 5xx on the response_url; when Slack
still refuses, the operator learns it (a log line and takeaways_replies_failed_total)."""

from __future__ import annotations

import logging
import time

import pytest
from prometheus_client import REGISTRY

from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver


def failed_replies(status: str) -> float:
    value = REGISTRY.get_sample_value("takeaways_replies_failed_total", {"status": status})
    return value or 0.0


def test_a_rate_limited_reply_is_sent_after_retry_after(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    fake_slack.rate_limit("response_url", times=1, retry_after=1)
    response, key = slack.command("add Karpenter consolidates nodes #karpenter")
    assert response.status_code == 200
    fake_slack.wait_for("response_url", 2)
    first, second = fake_slack.responses(key)
    assert first == second, "the same reply, sent again"
    assert "Saved takeaway #1" in second["text"]
    calls = [c for c in fake_slack.calls if c.method == "response_url"]
    assert calls[1].at - calls[0].at >= 0.9, "Retry-After was honoured"


def test_a_server_error_is_retried(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    fake_slack.fail("response_url", "oops", times=1, status=503)
    response, key = slack.command("add Cilium replaces kube-proxy")
    assert response.status_code == 200
    fake_slack.wait_for("response_url", 2)
    assert "Saved takeaway #1" in fake_slack.responses(key)[-1]["text"]


@pytest.mark.slow
def test_a_reply_slack_never_takes_is_logged_and_counted(
    slack: SlackDriver, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    before = failed_replies("500")
    fake_slack.fail("response_url", "down", times=4, status=500)  # the try and 3 retries
    response, _ = slack.command("add Still stored when the reply is lost")
    assert response.status_code == 200
    fake_slack.wait_for("response_url", 4, timeout=15)

    def logged() -> list[str]:
        return [r.getMessage() for r in caplog.records if "did not take a reply" in r.getMessage()]

    deadline = time.monotonic() + 5
    while not logged() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert logged() and "HTTP 500" in logged()[0]
    assert failed_replies("500") == before + 1
    assert "Still stored" in slack.command_reply("show 1")["text"]
