"""Export formats: JSON Lines (lossless), CSV (for spreadsheets), Markdown (for a wiki).

JSON Lines holds one takeaway a line, with its follow-ups inside it, then one line per
follow-up that belongs to no takeaway (`"type": "followup"`). `takeaways import` reads
all three back; Markdown only as notes.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from bot.services.takeaways import credited_author
from bot.transfer.records import TAKEAWAY_FIELDS
from bot.transfer.serialize import followup_json, takeaway_json
from storage.models import Followup
from storage.transfer import ExportedTakeaway

FORMATS = ("jsonl", "csv", "md")
# The takeaway fields of JSON Lines, with the follow-ups as a JSON array in the last one.
CSV_COLUMNS = (
    "id",
    "uid",
    "team_id",
    "enterprise_id",
    *(f for f in TAKEAWAY_FIELDS if f != "uid"),
)
# A spreadsheet runs a cell that starts with one of these as a formula: a takeaway
# reading "=HYPERLINK(...)" must stay text. The quote is taken off again on import.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def followup_record(f: Followup) -> dict[str, Any]:
    """`takeaways followups --json`'s fields, with the uid and who closed it; the
    workspace and takeaway are where the record sits."""
    data = followup_json(f)
    del data["team_id"], data["takeaway_id"]
    return {"uid": f.uid, **data, "closed_by": f.closed_by}


def takeaway_record(item: ExportedTakeaway) -> dict[str, Any]:
    """`takeaways ask --json`'s fields and everything else a restore needs."""
    t = item.takeaway
    data = takeaway_json(t)
    # Numbers of other takeaways change in another database: their uids stand in.
    del data["superseded_by"], data["related"]
    return {
        "type": "takeaway",
        "uid": t.uid,
        "id": data.pop("id"),
        "team_id": data.pop("team_id"),
        "enterprise_id": t.enterprise_id,
        **data,
        "source_author": t.source_author,
        "source_author_name": t.source_author_name,
        "merged_from": list(item.merged_from),
        "separate_from": list(item.separate_from),
        # `superseded_by` is its number here; the uid finds it in another database.
        "superseded_by_uid": t.superseded_by.uid if t.superseded_by is not None else None,
        "followups": [followup_record(f) for f in item.followups],
    }


def unlinked_followup_record(f: Followup, enterprise_id: str | None) -> dict[str, Any]:
    return {"type": "followup", "team_id": f.team_id, "enterprise_id": enterprise_id} | (
        followup_record(f)
    )


def _json_line(record: dict[str, Any]) -> str:
    # ensure_ascii=False keeps emoji and accents readable; JSON still escapes newlines.
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


class JsonlWriter:
    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def takeaway(self, item: ExportedTakeaway) -> None:
        self._out.write(_json_line(takeaway_record(item)))

    def followup(self, f: Followup, enterprise_id: str | None) -> None:
        self._out.write(_json_line(unlinked_followup_record(f, enterprise_id)))

    def record(self, record: dict[str, Any]) -> None:
        """Any other record (talks, attendances) as one line."""
        self._out.write(_json_line(record))

    def close(self) -> None:
        pass


def protect_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def unprotect_cell(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


class CsvWriter:
    """One row per takeaway; its follow-ups as a JSON array in the last column. Follow-ups
    of no takeaway are in JSON Lines only."""

    def __init__(self, out: IO[str]) -> None:
        self._csv = csv.writer(out, lineterminator="\r\n")
        self._csv.writerow(CSV_COLUMNS)

    def takeaway(self, item: ExportedTakeaway) -> None:
        record = takeaway_record(item)
        record["tags"] = " ".join(record["tags"])
        record["links"] = " ".join(record["links"])
        for key in ("plus_ones", "merged_from", "separate_from"):
            record[key] = " ".join(record[key])
        record["coauthors"] = (
            json.dumps(record["coauthors"], ensure_ascii=False) if record["coauthors"] else ""
        )
        record["followups"] = (
            json.dumps(record["followups"], ensure_ascii=False) if record["followups"] else ""
        )
        self._csv.writerow(
            protect_cell("" if record[k] is None else str(record[k])) for k in CSV_COLUMNS
        )

    def followup(self, f: Followup, enterprise_id: str | None) -> None:
        pass

    def close(self) -> None:
        pass


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINK = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)
_MD_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+[.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Literal text in Markdown: no emphasis, links, HTML or headings from a takeaway."""
    return _MD_LINE_START.sub(r"\1\\\2", _MD_SPECIAL.sub(r"\\\1", text))


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def _md_followup(f: Followup) -> str:
    box = "[x]" if f.status == "done" else "[ ]"
    text = md_escape(f.text).replace("\n", " ")
    if f.status == "dropped":
        text = f"~~{text}~~ (dropped)"
    who = md_escape(f.owner_name or f.owner)
    due = f", due {f.due.isoformat()}" if f.due else ""
    return f"  - {box} {text} — {who}{due}"


def _md_takeaway(item: ExportedTakeaway) -> str:
    t = item.takeaway
    body = md_escape(t.text).replace("\n", "\n  ")
    lines = [f"- {body}"]
    details = [" ".join(f"`#{tag}`" for tag in t.tags)] if t.tags else []
    who = credited_author(t)
    # The day of the event or post when known (a 2019 write-up imported today is 2019).
    day = t.event_date.isoformat() if t.event_date else _when(t.created_at)
    details.append(f"{md_escape(who)}, {day}" if who else day)
    if t.status != "current":
        details.append(t.status)
    lines.append("  " + " · ".join(details))
    # Only web addresses become links in a wiki; anything else stored stays out.
    lines.extend(f"  <{link}>" for link in t.links or [] if _MD_LINK.fullmatch(link))
    lines.extend(_md_followup(f) for f in item.followups)
    return "\n".join(lines)


@dataclass(frozen=True)
class _MdEntry:
    """A takeaway already rendered, with what places it in the report: 100k of these fit
    in tens of MB, where the ORM objects took half a GB."""

    conference: str | None
    talk: str | None
    created_at: datetime
    id: int
    rendered: str


class MarkdownWriter:
    """A report grouped by conference, then talk: newest conference first, talks and
    takeaways in the order they were recorded. It needs every takeaway before writing."""

    NO_CONFERENCE = "Other takeaways"
    NO_TALK = "General"

    def __init__(self, out: IO[str], *, title: str) -> None:
        self._out = out
        self._title = title
        self._entries: list[_MdEntry] = []
        self._unlinked: list[str] = []

    def takeaway(self, item: ExportedTakeaway) -> None:
        t = item.takeaway
        self._entries.append(
            _MdEntry(t.conference, t.talk, t.created_at, t.ref, _md_takeaway(item))
        )

    def followup(self, f: Followup, enterprise_id: str | None) -> None:
        self._unlinked.append(_md_followup(f).removeprefix("  "))

    def close(self) -> None:
        for line in render_markdown(self._title, self._entries, self._unlinked):
            self._out.write(line + "\n")


def render_markdown(title: str, entries: list[_MdEntry], unlinked: list[str]) -> Iterator[str]:
    groups: dict[str | None, dict[str | None, list[_MdEntry]]] = {}
    for entry in sorted(entries, key=lambda e: (e.created_at, e.id)):
        groups.setdefault(entry.conference, {}).setdefault(entry.talk, []).append(entry)

    def newest(conference: str | None) -> tuple[bool, datetime]:
        latest = max(e.created_at for talk in groups[conference].values() for e in talk)
        # Takeaways of no conference come last, whatever their dates.
        return (conference is not None, latest)

    yield f"# {md_escape(title)}"
    yield ""
    yield f"{len(entries)} takeaway{'s' if len(entries) != 1 else ''}."
    for conference in sorted(groups, key=newest, reverse=True):
        yield ""
        yield f"## {md_escape(conference or MarkdownWriter.NO_CONFERENCE)}"
        for talk, talk_entries in groups[conference].items():
            yield ""
            yield f"### {md_escape(talk or MarkdownWriter.NO_TALK)}"
            yield ""
            for entry in talk_entries:
                yield entry.rendered
    if unlinked:
        yield ""
        yield "## Follow-ups not tied to a takeaway"
        yield ""
        yield from unlinked
