"""What the HTTP server does before Bolt sees a request (bot/slack/web.py): refuse bodies
over the limit and give every request an id. Most scenarios hand requests to Bolt
in-process, so these go over real HTTP on purpose."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.slack.front_door import MAX_BODY_BYTES
from tests.support.blocks import visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.signing import signed_headers
from tests.support.slack_driver import FORM, SlackDriver


def test_the_request_id_is_echoed_cut_or_made(slack_http: SlackDriver) -> None:
    def request_id(extra: dict[str, str]) -> str:
        body, _ = slack_http.command_body("help")
        response = slack_http.post(body, extra_headers=extra)
        assert response.status_code == 200, response.text
        return str(response.headers["x-request-id"])

    assert request_id({"X-Request-Id": "from-the-load-balancer"}) == "from-the-load-balancer"
    assert request_id({"X-Request-Id": "x" * 100}) == "x" * 64
    made, other = request_id({}), request_id({})
    assert re.fullmatch(r"[0-9a-f]{16}", made) and made != other


def test_a_body_over_the_limit_is_refused_before_bolt(
    slack_http: SlackDriver, fake_slack: FakeSlack
) -> None:
    # Signed as Slack would: only the size can make the server refuse it.
    body, key = slack_http.command_body("add " + "x" * MAX_BODY_BYTES)
    assert slack_http.post(body).status_code == 413

    # Without a Content-Length (chunked), the limit is checked on what was read.
    chunked, chunked_key = slack_http.command_body("add " + "y" * MAX_BODY_BYTES)
    headers = signed_headers(slack_http.secret, chunked, content_type=FORM)

    def chunks() -> Iterator[bytes]:
        data = chunked.encode()
        for start in range(0, len(data), 65536):
            yield data[start : start + 65536]

    refused = slack_http.http.post("/slack/events", content=chunks(), headers=headers)
    assert refused.status_code == 413
    assert "content-length" not in refused.request.headers
    assert fake_slack.responses(key) == [] and fake_slack.responses(chunked_key) == []
    assert "No takeaways yet" in visible_text(slack_http.command_reply("list"))
