"""Counting what Slack's Web API answers, for /metrics (takeaways_slack_api_errors_total)."""

from __future__ import annotations

from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.metrics import SLACK_API_ERRORS


def _method_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "unknown"


class CountingRetryHandler(RetryHandler):
    """Never retries: sees every Slack Web API answer first (slack_sdk asks each retry
    handler about each response) and counts the errors, `ok: false` ones included."""

    def __init__(self) -> None:
        # slack_sdk stops asking a handler after max_retry_count attempts; never stop.
        super().__init__(max_retry_count=1_000_000)

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = _method_of(request.url)
        if response is not None and response.status_code == 200:
            body = response.body or {}
            if body.get("ok") is False:
                SLACK_API_ERRORS.labels(method, str(body.get("error") or "unknown")).inc()
        elif response is not None and response.status_code == 429:
            SLACK_API_ERRORS.labels(method, "ratelimited").inc()
        elif response is not None and response.status_code >= 500:
            SLACK_API_ERRORS.labels(method, f"http_{response.status_code}").inc()
        elif error is not None:
            SLACK_API_ERRORS.labels(method, error.__class__.__name__).inc()
        return False
