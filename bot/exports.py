"""Export formats: JSON Lines (lossless), CSV (for spreadsheets), Markdown (for a wiki).

JSON Lines holds one takeaway a line, with its follow-ups inside it, then one line per
follow-up that belongs to no takeaway (`"type": "followup"`). `takeaways import` reads
all three back; Markdown only as notes.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any

from bot.serialize import iso
from storage.models import Followup
from storage.transfer import ExportedTakeaway

FORMATS = ("jsonl", "csv", "md")
CSV_COLUMNS = (
    "id",
    "uid",
    "team_id",
    "enterprise_id",
    "text",
    "tags",
    "conference",
    "talk",
    "links",
    "author",
    "author_name",
    "source_author",
    "source_author_name",
    "created_at",
    "updated_at",
    "followups",
)
# A spreadsheet runs a cell that starts with one of these as a formula: a takeaway
# reading "=HYPERLINK(...)" must stay text. The quote is taken off again on import.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def followup_record(f: Followup) -> dict[str, Any]:
    return {
        "uid": f.uid,
        "id": f.id,
        "text": f.text,
        "owner": f.owner,
        "owner_name": f.owner_name,
        "creator": f.creator,
        "due": f.due.isoformat() if f.due else None,
        "status": f.status,
        "created_at": iso(f.created_at),
        "updated_at": iso(f.updated_at),
        "closed_at": iso(f.closed_at),
        "closed_by": f.closed_by,
    }


def takeaway_record(item: ExportedTakeaway) -> dict[str, Any]:
    t = item.takeaway
    return {
        "type": "takeaway",
        "uid": t.uid,
        "id": t.id,
        "team_id": t.team_id,
        "enterprise_id": t.enterprise_id,
        "text": t.text,
        "tags": list(t.tags),
        "conference": t.conference,
        "talk": t.talk,
        "links": list(t.links or []),
        "author": t.author,
        "author_name": t.author_name,
        "source_author": t.source_author,
        "source_author_name": t.source_author_name,
        "created_at": iso(t.created_at),
        "updated_at": iso(t.updated_at),
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


def _md_takeaway(item: ExportedTakeaway) -> list[str]:
    t = item.takeaway
    body = md_escape(t.text).replace("\n", "\n  ")
    lines = [f"- {body}"]
    details = [" ".join(f"`#{tag}`" for tag in t.tags)] if t.tags else []
    details.append(f"{md_escape(t.author_name or t.author)}, {_when(t.created_at)}")
    lines.append("  " + " · ".join(details))
    lines.extend(f"  <{link}>" for link in t.links or [] if ">" not in link)
    lines.extend(_md_followup(f) for f in item.followups)
    return lines


class MarkdownWriter:
    """A report grouped by conference, then talk: newest conference first, talks and
    takeaways in the order they were recorded. It needs every takeaway before writing."""

    NO_CONFERENCE = "Other takeaways"
    NO_TALK = "General"

    def __init__(self, out: IO[str], *, title: str) -> None:
        self._out = out
        self._title = title
        self._items: list[ExportedTakeaway] = []
        self._unlinked: list[Followup] = []

    def takeaway(self, item: ExportedTakeaway) -> None:
        self._items.append(item)

    def followup(self, f: Followup, enterprise_id: str | None) -> None:
        self._unlinked.append(f)

    def close(self) -> None:
        self._out.write("\n".join(render_markdown(self._title, self._items, self._unlinked)))
        self._out.write("\n")


def render_markdown(
    title: str, items: Iterable[ExportedTakeaway], unlinked: Iterable[Followup]
) -> list[str]:
    groups: dict[str | None, dict[str | None, list[ExportedTakeaway]]] = {}
    for item in sorted(items, key=lambda i: (i.takeaway.created_at, i.takeaway.id)):
        t = item.takeaway
        groups.setdefault(t.conference, {}).setdefault(t.talk, []).append(item)

    def newest(conference: str | None) -> tuple[bool, datetime]:
        latest = max(i.takeaway.created_at for talk in groups[conference].values() for i in talk)
        # Takeaways of no conference come last, whatever their dates.
        return (conference is not None, latest)

    count = sum(len(talk) for talks in groups.values() for talk in talks.values())
    lines = [f"# {md_escape(title)}", "", f"{count} takeaway{'s' if count != 1 else ''}."]
    for conference in sorted(groups, key=newest, reverse=True):
        lines += ["", f"## {md_escape(conference or MarkdownWriter.NO_CONFERENCE)}"]
        for talk, talk_items in groups[conference].items():
            lines += ["", f"### {md_escape(talk or MarkdownWriter.NO_TALK)}", ""]
            for item in talk_items:
                lines.extend(_md_takeaway(item))
    unlinked = list(unlinked)
    if unlinked:
        lines += ["", "## Follow-ups not tied to a takeaway", ""]
        lines.extend(_md_followup(f).removeprefix("  ") for f in unlinked)
    return lines
