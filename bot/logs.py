"""Logging for the server and the CLI: text or JSON lines, each with the request id, and
known secrets masked whatever code logs them."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

# The Slack request (or scheduled job) a log line belongs to.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
REDACTED = "[redacted]"
REFUSED_PREFIX = "Invalid request signature detected"


def new_request_id(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex[:16]


class ContextFilter(logging.Filter):
    """Adds `request_id` to every record and masks secrets in its message."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Short values would mask ordinary words; real secrets are long.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        message = record.getMessage()
        masked = message
        if masked.startswith(REFUSED_PREFIX):
            # Bolt logs the whole body of a request whose signature failed: whoever sent it,
            # it stays out of the logs.
            masked = f"{REFUSED_PREFIX} (body withheld)"
        for secret in self._secrets:
            masked = masked.replace(secret, REDACTED)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def configure_logging(level: str, fmt: str = "text", secrets: Iterable[str] = ()) -> None:
    """Configure the root logger once per process (later calls replace the handler)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(ContextFilter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    quiet = max(logging.WARNING, root.level)
    # The Slack SDK logs request bodies at DEBUG; keep tokens and payloads out of logs.
    logging.getLogger("slack_sdk").setLevel(max(logging.INFO, root.level))
    logging.getLogger("slack_bolt").setLevel(max(logging.INFO, root.level))
    # Alembic narrates every check at INFO; `serve` and `db upgrade` report the revision.
    logging.getLogger("alembic").setLevel(quiet)
