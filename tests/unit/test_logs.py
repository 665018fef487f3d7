from __future__ import annotations

import json
import logging

from bot.logs import ContextFilter, JsonFormatter, request_id


def record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("x", logging.INFO, __file__, 1, message, args, None)


def test_secrets_are_masked_and_refused_bodies_withheld() -> None:
    flt = ContextFilter(["xoxb-very-secret-token", "short"])
    masked = record("calling with %s", "xoxb-very-secret-token")
    flt.filter(masked)
    assert masked.getMessage() == "calling with [redacted]"
    refused = record("Invalid request signature detected (signature: v0=1, body: text=hi)")
    flt.filter(refused)
    assert refused.getMessage() == "Invalid request signature detected (body withheld)"
    plain = record("a short word")
    flt.filter(plain)
    assert plain.getMessage() == "a short word", "too-short values are not treated as secrets"


def test_json_lines_carry_the_request_id() -> None:
    token = request_id.set("req-123")
    try:
        rec = record("hello %s", "world")
        ContextFilter().filter(rec)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(rec))
    assert line["message"] == "hello world"
    assert line["request_id"] == "req-123"
    assert line["level"] == "INFO"


def test_every_configured_secret_is_masked(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """OAuth's client secret as much as the bot token: any of them in a log line is hidden
    (the client id is public: it is in every install link)."""
    from bot.config import SECRET_ENV, load_settings

    secret = [name for key, name in SECRET_ENV.items() if key != "client_id"]
    monkeypatch.setenv("TAKEAWAYS_CONFIG", "")
    for name in SECRET_ENV.values():
        monkeypatch.setenv(name, f"secret-value-of-{name.lower()}")
    settings = load_settings()
    flt = ContextFilter(settings.secrets())
    for name in secret:
        line = record("oops: %s", f"secret-value-of-{name.lower()}")
        flt.filter(line)
        assert line.getMessage() == "oops: [redacted]", name
