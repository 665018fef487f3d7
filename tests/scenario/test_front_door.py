"""What anyone on the internet can send to /slack/events: refused before Bolt parses it,
with a 4xx and one short log line, never a traceback (real HTTP: this is about HTTP)."""

from __future__ import annotations

import logging
import socket
from urllib.parse import urlparse

import pytest

from bot.services.container import Services
from bot.slack.front_door import MAX_BODY_BYTES
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver

MALFORMED = [
    ("application/json", b"[1]"),
    ("application/json", b"null"),
    ("application/json", b"not json"),
    ("application/x-www-form-urlencoded", b"payload=%5B%5D"),
    ("application/x-www-form-urlencoded", b"payload=%7Boops"),
    ("application/x-www-form-urlencoded", b"text=\xff\xfe&team_id=T1"),
]


@pytest.fixture
def slack(slack_http: SlackDriver) -> SlackDriver:
    """All of this is about HTTP: a real server, not the in-process dispatch."""
    return slack_http


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


@pytest.mark.parametrize(("content_type", "body"), MALFORMED)
def test_unsigned_junk_is_refused_with_401_and_one_line(
    slack: SlackDriver, caplog: pytest.LogCaptureFixture, content_type: str, body: bytes
) -> None:
    caplog.set_level(logging.INFO)
    response = slack.http.post(
        "/slack/events", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 401
    no_tracebacks(caplog)
    refusals = [r for r in caplog.records if "refused a request" in r.getMessage()]
    assert len(refusals) == 1 and len(caplog.records) <= 2, [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize(("content_type", "body"), MALFORMED)
def test_signed_junk_is_refused_with_400(
    slack: SlackDriver, caplog: pytest.LogCaptureFixture, content_type: str, body: bytes
) -> None:
    # Signed with the real secret: only Slack (or whoever holds it) can send these, and
    # a bug on its side must still not reach Bolt's parser.
    from tests.support.signing import signature

    timestamp = str(int(__import__("time").time()))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature(slack.secret, timestamp, body.decode("latin-1")),
    }
    if b"\xff" in body:  # signature() encodes text as UTF-8: sign the raw bytes instead
        import hashlib
        import hmac

        base = f"v0:{timestamp}:".encode() + body
        digest = hmac.new(slack.secret.encode(), base, hashlib.sha256).hexdigest()
        headers["X-Slack-Signature"] = "v0=" + digest
    response = slack.http.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 400, response.text
    no_tracebacks(caplog)


def test_a_non_numeric_timestamp_is_refused(slack: SlackDriver) -> None:
    body, _ = slack.command_body("add x")
    response = slack.http.post(
        "/slack/events",
        content=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": "soon",
            "X-Slack-Signature": "v0=00",
        },
    )
    assert response.status_code == 401
    assert "timestamp" in response.text.lower()


def test_a_signed_command_without_its_workspace_is_a_clear_400(
    slack: SlackDriver, caplog: pytest.LogCaptureFixture
) -> None:
    body, _ = slack.command_body("add Karpenter consolidates nodes")
    without_team = "&".join(p for p in body.split("&") if not p.startswith("team_id="))
    response = slack.post(without_team)
    assert response.status_code == 400
    assert "team_id" in response.text
    no_tracebacks(caplog)


def test_a_chunked_body_is_refused_at_the_limit_without_reading_the_rest(
    slack: SlackDriver,
) -> None:
    url = urlparse(slack.base_url)
    chunk = b"a" * 65_536
    with socket.create_connection((url.hostname, url.port), timeout=10) as conn:
        conn.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        sent = 0
        # Past the limit, then stop sending (the body never ends): the answer must come
        # anyway, so the server did not wait for the rest.
        while sent <= MAX_BODY_BYTES + len(chunk):
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]


def test_a_declared_huge_body_is_refused_before_reading(slack: SlackDriver) -> None:
    url = urlparse(slack.base_url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as conn:
        conn.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 50000000\r\n\r\n{}"
        )
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]


def test_a_replayed_slash_command_runs_once(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    body, key = slack.command_body("add Replayed once #replay")
    first = slack.post(body)
    assert first.status_code == 200
    assert "Saved takeaway #1" in fake_slack.wait_for_response(key)["text"]
    # The same signed bytes again, within Slack's 5 minutes (an attacker replaying them).
    again = slack.post(body)
    assert again.status_code == 200
    reply = slack.command_reply("list #replay")
    assert reply["text"] == "1 takeaways"
    assert len(fake_slack.responses(key)) == 1
