"""Prometheus metrics, served on GET /metrics. Names follow Prometheus conventions:
`takeaways_` prefix, `_total` counters, `_seconds` histograms."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

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
REPLIES_FAILED = Counter(
    "takeaways_replies_failed_total",
    "Replies to a response_url Slack did not take after retries, by final status.",
    ["status"],
)
REQUESTS_REFUSED = Counter(
    "takeaways_requests_refused_total",
    "Requests to /slack/events refused before Bolt saw them, by reason (unsigned, "
    "bad_timestamp, too_large, malformed, replayed) and install page visits over the rate "
    "limit (install_rate).",
    ["reason"],
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


def exposition() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
