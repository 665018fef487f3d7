"""Logging set-up shared by the server and the CLI."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    quiet = max(logging.WARNING, logging.getLogger().level)
    # The Slack SDK logs request bodies at DEBUG; keep tokens and payloads out of logs.
    logging.getLogger("slack_sdk").setLevel(max(logging.INFO, logging.getLogger().level))
    # Alembic narrates every check at INFO; `serve` and `db upgrade` report the revision.
    logging.getLogger("alembic").setLevel(quiet)
