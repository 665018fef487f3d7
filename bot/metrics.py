"""Prometheus metrics, served on GET /metrics. Names follow Prometheus conventions:
`takeaways_` prefix, `_total` counters, `_seconds` histograms."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.errors import InvalidInput, NotAllowed, NotFound, TakeawaysError, Unavailable

COMMANDS = Counter(
    "takeaways_commands_total",
    "Slash commands handled, by subcommand and outcome.",
    ["subcommand", "outcome"],
)
ASK_SECONDS = Histogram(
    "takeaways_ask_seconds",
    "Time to answer a question (search and database), every surface.",
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
DIGESTS = Counter(
    "takeaways_digests_total",
    "Digest attempts by outcome (posted, failed, skipped: another replica had it).",
    ["outcome"],
)
REMINDERS = Counter(
    "takeaways_reminders_total",
    "Reminder DMs by outcome (sent, failed, already_sent).",
    ["outcome"],
)
SLACK_API_ERRORS = Counter(
    "takeaways_slack_api_errors_total",
    "Slack Web API errors by method and error (ratelimited, 5xx and connection errors "
    "are counted as they are retried).",
    ["method", "error"],
)
DATABASE_ERRORS = Counter(
    "takeaways_database_errors_total",
    "Database errors that made a request or job fail, by kind.",
    ["kind"],
)
EVENTS_DEDUPLICATED = Counter(
    "takeaways_events_deduplicated_total",
    "Slack event deliveries dropped because a replica already took that event_id.",
)


def outcome_of(error: BaseException | None) -> str:
    if error is None:
        return "ok"
    for kind, label in (
        (InvalidInput, "invalid_input"),
        (NotFound, "not_found"),
        (NotAllowed, "not_allowed"),
        (Unavailable, "unavailable"),
        (TakeawaysError, "refused"),
    ):
        if isinstance(error, kind):
            return label
    return "error"


@contextmanager
def counting_command(subcommand: str) -> Iterator[None]:
    try:
        yield
    except BaseException as error:
        COMMANDS.labels(subcommand, outcome_of(error)).inc()
        raise
    COMMANDS.labels(subcommand, "ok").inc()


@contextmanager
def timing_ask() -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        ASK_SECONDS.observe(time.perf_counter() - started)


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


def exposition() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
