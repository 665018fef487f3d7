"""Replies through a response_url that survive a 429 or a 5xx from Slack.

Bolt's `respond` posts once and hands back whatever Slack answered: a rate limit or a
server error loses the reply without a word, and the user, seeing nothing, adds the
takeaway again. This one retries connection errors, 429s (after Retry-After) and 500/503
with backoff, and when Slack still refuses, logs it and counts it in /metrics.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_bolt import Respond
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient, WebhookResponse

from bot.metrics import REPLIES_FAILED

log = logging.getLogger(__name__)


class ReliableRespond(Respond):
    def __call__(  # type: ignore[override]
        self,
        text: str = "",
        blocks: Sequence[dict[str, Any]] | None = None,
        response_type: str | None = None,
        replace_original: bool | None = None,
        delete_original: bool | None = None,
        unfurl_links: bool | None = None,
        unfurl_media: bool | None = None,
        thread_ts: str | None = None,
        **extra: Any,
    ) -> WebhookResponse:
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        fields = {
            "text": text,
            "blocks": list(blocks) if blocks is not None else None,
            "response_type": response_type,
            "replace_original": replace_original,
            "delete_original": delete_original,
            "unfurl_links": unfurl_links,
            "unfurl_media": unfurl_media,
            "thread_ts": thread_ts,
            **extra,
        }
        client = WebhookClient(
            url=self.response_url,
            proxy=self.proxy,
            ssl=self.ssl,
            retry_handlers=[
                ConnectionErrorRetryHandler(max_retry_count=2),
                RateLimitErrorRetryHandler(max_retry_count=3),
                ServerErrorRetryHandler(max_retry_count=3),
            ],
        )
        response = client.send_dict({k: v for k, v in fields.items() if v is not None})
        if response.status_code != 200:
            REPLIES_FAILED.labels(str(response.status_code)).inc()
            # The URL carries a secret: log where it leads, not the URL.
            log.warning(
                "Slack did not take a reply after retries (HTTP %s: %s); the user saw nothing: %s",
                response.status_code,
                (response.body or "")[:100],
                text[:100],
            )
        return response


def reliable(respond: Respond | None) -> Respond | None:
    """Bolt's respond for this request, as a ReliableRespond on the same response_url."""
    if respond is None or respond.response_url is None or isinstance(respond, ReliableRespond):
        return respond
    return ReliableRespond(response_url=respond.response_url, proxy=respond.proxy, ssl=respond.ssl)
