"""Read import files: JSON Lines and CSV (the export's formats) and notes (.md, .txt).

Each reader yields, per record, either a valid `Record` or a `Bad` line with its number
and what is wrong, so one broken line does not stop the rest of the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from bot.errors import InvalidInput
from bot.search.glossary import Glossary
from bot.transfer import notes
from bot.transfer.markup import NOTE_FORMATS
from bot.transfer.records import (
    Defaults,
    LineError,
    Record,
    content_uid,
    to_record,
)
from bot.transfer.writers import CSV_COLUMNS, unprotect_cell
from storage.models import IMPORT_AUTHOR, IMPORT_AUTHOR_NAME
from storage.transfer import NewTakeaway

KINDS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    # Notes: Markdown, plain text, and Org mode, reStructuredText and AsciiDoc (rewritten
    # as Markdown first).
    **NOTE_FORMATS,
}
# The longest CSV cell read: a 3000-character text, or a takeaway's follow-ups as JSON.
CSV_CELL_LIMIT = 1_000_000
_TAG_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class Bad:
    line: int
    message: str


Parsed = Record | Bad
Progress = Callable[[int], None]


# Files that are no notes as they are, and what to import instead. Any other name is read
# as plain text (a "notes.log", a "NOTES" without a suffix, a note app's own suffix); a
# file that is not UTF-8 text is refused when read, before anything of it is stored.
_NOT_NOTES = {
    ".json": "a JSON array is not read: use JSON Lines (.jsonl, one record per line), as "
    "`takeaways export` writes",
    **dict.fromkeys(
        (".pdf", ".doc", ".docx", ".odt", ".rtf", ".pages", ".ppt", ".pptx", ".key",
         ".xls", ".xlsx", ".ods", ".png", ".jpg", ".jpeg", ".gif", ".heic", ".ipynb",
         ".enex"),
        "copy its text into a .txt or .md file",
    ),
    **dict.fromkeys((".mhtml", ".mht"), "save the page as \"Webpage, HTML only\" (.html)"),
    **dict.fromkeys((".gz", ".zip", ".tar", ".tgz", ".bz2", ".xz", ".7z"), "unpack it first"),
}  # fmt: skip
_FORMATS_HINT = (
    "Takeaways reads .jsonl (or .ndjson), .csv, .md (.qmd, .rmd, .mdx), .txt, .org, .rst, "
    ".adoc, .taskpaper, .tid, .wiki, .html, .eml, and transcripts as .vtt or .srt; any other "
    "text file is read as plain text."
)


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _NOT_NOTES:
        raise InvalidInput(
            f"{path}: cannot import a {suffix} file; {_NOT_NOTES[suffix]}", hint=_FORMATS_HINT
        )
    kind = KINDS.get(suffix)
    if kind is None and _looks_like_json(path):
        # "takeaways export > backup" without a suffix: records, not notes.
        raise InvalidInput(
            f"{path}: this file holds JSON, not notes; records are imported from JSON Lines "
            "named .jsonl (one record per line, as `takeaways export` writes)",
            hint=_FORMATS_HINT,
        )
    return kind or "text"


def _looks_like_json(path: Path) -> bool:
    """Whether a file of no known suffix starts with a JSON object or array."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).lstrip()
    except OSError:
        return False  # read later, and its error reported there
    text = head.decode("utf-8", errors="replace")
    first = text.split("\n", 1)[0].strip()
    if first.startswith("{"):
        try:
            return isinstance(json.loads(first), dict)  # a JSON Lines record
        except ValueError:
            return False  # "{{title}}", "{ Notes from KubeCon }"
    # an array of records; not "[ ] todo" or "[[Wiki link]]"
    return bool(re.match(r"\[\s*(?:\{\s*\"|\]\s*$)", text))


class _Counting(io.RawIOBase):
    """Reports the bytes read from a file, for the progress bar."""

    def __init__(self, raw: IO[bytes], progress: Progress) -> None:
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        if data:
            self._progress(len(data))
        return len(data)


def open_counted(path: Path, progress: Progress | None) -> IO[bytes]:
    raw = path.open("rb")
    if progress is None:
        return raw
    return io.BufferedReader(_Counting(raw, progress))


def _checked(line: int, record: object, now: datetime, defaults: Defaults) -> Parsed:
    try:
        return to_record(line, record, now=now, defaults=defaults)
    except LineError as exc:
        return Bad(line, str(exc))


def read_jsonl(stream: IO[bytes], *, now: datetime, defaults: Defaults) -> Iterator[Parsed]:
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            yield Bad(number, "not UTF-8 text")
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Bad(number, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        yield _checked(number, record, now, defaults)


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, cell in row.items():
        value = unprotect_cell(cell)
        if value == "":
            continue
        if key == "tags":
            record[key] = [v for v in _TAG_SPLIT.split(value) if v]
        elif key in {"links", "plus_ones", "merged_from", "separate_from"}:
            # Web addresses, user ids and uids may hold a comma, never a space.
            record[key] = value.split()
        elif key in {"followups", "coauthors"}:
            try:
                record[key] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise LineError(f"`{key}` is not valid JSON ({exc.msg})") from None
        else:
            record[key] = value
    return record


def read_csv(stream: IO[bytes], *, now: datetime, defaults: Defaults) -> Iterator[Parsed]:
    """A header row naming export columns (any subset with `text`, in any order)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    csv.field_size_limit(CSV_CELL_LIMIT)
    reader = csv.reader(text)
    try:
        header = [h.strip() for h in next(reader, [])]
        unknown = [h for h in header if h not in CSV_COLUMNS]
        if not header:
            return
        if unknown:
            yield Bad(
                1,
                f"unknown column{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(f'`{h}`' for h in unknown)} (known: {', '.join(CSV_COLUMNS)}); "
                "nothing in this file was imported",
            )
            return
        if "text" not in header:
            yield Bad(1, "no `text` column; nothing in this file was imported")
            return
        start = reader.line_num + 1
        for row in reader:
            number, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield Bad(number, f"{len(row)} cells; the header has {len(header)}")
                continue
            try:
                record = _csv_record(dict(zip(header, row, strict=True)))
            except LineError as exc:
                yield Bad(number, str(exc))
                continue
            yield _checked(number, record, now, defaults)
    except UnicodeDecodeError:
        yield Bad(reader.line_num + 1, "not UTF-8 text; the rest of the file was not read")
    except csv.Error as exc:
        yield Bad(reader.line_num, f"not valid CSV ({exc}); the rest of the file was not read")


def read_notes(
    stream: IO[bytes],
    *,
    name: str = "",
    kind: str,
    glossary: Glossary,
    now: datetime,
    defaults: Defaults,
) -> Iterator[Parsed]:
    """Notes split into takeaways. The command line's --conference and --talk win over
    what the file's headings suggest; --author is the author of every note."""
    try:
        source = stream.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = stream_line_of(exc)
        yield Bad(line, "not UTF-8 text; nothing in this file was imported")
        return
    author = defaults.author or IMPORT_AUTHOR
    found = notes.notes_of_kind(source, kind, name=name, glossary=glossary)
    if not found and source.strip():
        yield Bad(
            1,
            "no takeaway found in this file: every line reads as page chrome, trip chat, "
            "code or a table; nothing was imported",
        )
        return
    for note in found:
        conference = defaults.conference or note.conference
        talk = defaults.talk or note.talk
        takeaway = NewTakeaway(
            uid=content_uid("note", note.text, conference, talk),
            text=note.text,
            tags=note.tags,
            conference=conference,
            talk=talk,
            links=note.links,
            author=author,
            author_name="" if defaults.author else IMPORT_AUTHOR_NAME,
            # The write-up's author, credited by name ("by Kavya Menon"), unless --author
            # names the Slack user the notes belong to.
            source_author_name=None if defaults.author else note.author,
            source_url=defaults.source_url or note.source_url,
            event_date=defaults.event_date or note.event_date,
            created_at=now,
            updated_at=now,
        )
        yield Record(note.line, None, None, takeaway, ())


def stream_line_of(exc: UnicodeDecodeError) -> int:
    """The line of the first byte that is not UTF-8."""
    return exc.object[: exc.start].count(b"\n") + 1
