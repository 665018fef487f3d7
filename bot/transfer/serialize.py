"""Takeaways as JSON-ready dicts (CLI --json output; the export format builds on it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from storage.models import Followup, Takeaway


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def takeaway_json(
    t: Takeaway, *, score: float | None = None, related: list[Takeaway] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": t.ref,
        "team_id": t.team_id,
        "text": t.text,
        "tags": list(t.tags),
        "conference": t.conference,
        "talk": t.talk,
        "links": list(t.links or []),
        "author": t.author,
        "author_name": t.author_name,
        "source_url": t.source_url,
        "event_date": t.event_date.isoformat() if t.event_date else None,
        "coauthors": [
            {"user": str(c.get("user") or ""), "name": str(c.get("name") or "")}
            for c in t.coauthors or []
        ],
        "plus_ones": list(t.plus_ones),
        "status": t.status,
        "verified_at": iso(t.verified_at),
        "superseded_by": t.superseded_by_ref,
        "revisit_on": t.revisit_on.isoformat() if t.revisit_on else None,
        # Worth reading next to it (same talk, shared tags, similar text): computed, so
        # exports leave it out.
        "related": [r.ref for r in related or []],
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at),
    }
    if score is not None:
        data["score"] = score
    return data


def followup_json(f: Followup) -> dict[str, Any]:
    return {
        "id": f.ref,
        "team_id": f.team_id,
        "text": f.text,
        "owner": f.owner,
        "owner_name": f.owner_name,
        "creator": f.creator,
        "due": f.due.isoformat() if f.due else None,
        "status": f.status,
        "takeaway_id": f.takeaway_ref,
        "created_at": iso(f.created_at),
        "updated_at": iso(f.updated_at),
        "closed_at": iso(f.closed_at),
    }
