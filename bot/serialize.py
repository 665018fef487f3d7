"""Takeaways as JSON-ready dicts (CLI --json output; the export format builds on it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from storage.models import Takeaway


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def takeaway_json(t: Takeaway, *, score: float | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": t.id,
        "team_id": t.team_id,
        "text": t.text,
        "tags": list(t.tags),
        "conference": t.conference,
        "talk": t.talk,
        "links": list(t.links or []),
        "author": t.author,
        "author_name": t.author_name,
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at),
    }
    if score is not None:
        data["score"] = score
    return data
