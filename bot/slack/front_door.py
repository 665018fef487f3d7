"""What every POST to /slack/events must pass before Bolt parses it.

Anyone on the internet can reach this endpoint, so it reads at most MAX_BODY_BYTES (even
when the body comes chunked, without a Content-Length), checks the timestamp's shape and
the signature on the raw bytes, and only then that the body is what Slack sends: UTF-8,
a JSON object, or a form whose `payload` is a JSON object and whose slash command names
its workspace and user. A refusal is a 4xx and one short log line, never a traceback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Mapping
from urllib.parse import parse_qs

from bot.metrics import REQUESTS_REFUSED

log = logging.getLogger(__name__)

# Slack's payloads are a few KB; refuse anything absurd before reading it all.
MAX_BODY_BYTES = 1_000_000
_TIMESTAMP_RE = re.compile(r"\d{1,12}")
# As Slack and Bolt: a request signed more than 5 minutes ago (or ahead) is refused.
MAX_CLOCK_SKEW_S = 300


class Refused(Exception):
    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.reason = reason  # a metrics label
        self.detail = detail  # the answer's body, and the log line


def refuse(error: Refused, client: str) -> None:
    """Count and log a refusal in one line."""
    REQUESTS_REFUSED.labels(error.reason).inc()
    log.warning("refused a request from %s: %s", client, error.detail)


async def read_limited(
    chunks: AsyncIterator[bytes], declared: str | None, limit: int = MAX_BODY_BYTES
) -> bytes:
    """The whole body, or Refused(413) as soon as it passes `limit` bytes."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Refused(413, "too_large", "payload too large")
    body = bytearray()
    async for chunk in chunks:
        body.extend(chunk)
        if len(body) > limit:
            raise Refused(413, "too_large", "payload too large")
    return bytes(body)


def check_signed(body: bytes, headers: Mapping[str, str], signing_secret: str) -> None:
    """Refused(401) unless Slack signed exactly these bytes within the last 5 minutes.
    The HMAC is over the raw bytes: a body that is not UTF-8 is refused, not a crash."""
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if timestamp is None or signature is None:
        raise Refused(401, "unsigned", "unsigned request")
    if not _TIMESTAMP_RE.fullmatch(timestamp):
        raise Refused(401, "bad_timestamp", "malformed X-Slack-Request-Timestamp")
    if abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW_S:
        raise Refused(401, "unsigned", "stale X-Slack-Request-Timestamp")
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise Refused(401, "unsigned", "invalid signature")


def _object(raw: str, what: str) -> dict[str, object]:
    try:
        value = json.loads(raw)
    except ValueError:
        raise Refused(400, "malformed", f"{what} is not JSON") from None
    if not isinstance(value, dict):
        raise Refused(400, "malformed", f"{what} is not a JSON object")
    return value


def check_shape(body: bytes, content_type: str) -> None:
    """Refused(400) unless the (signed) body has the shape of a Slack request."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "malformed", "body is not UTF-8") from None
    if content_type.split(";")[0].strip().lower() == "application/json":
        _object(text, "body")
        return
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        payload = _object(form["payload"][0], "payload")
        if not isinstance(payload.get("type"), str):
            raise Refused(400, "malformed", "payload has no type")
        return
    if "ssl_check" in form:
        return
    for field in ("team_id", "user_id", "command"):
        if not (form.get(field) or [""])[0]:
            raise Refused(400, "malformed", f"form body without {field}")
