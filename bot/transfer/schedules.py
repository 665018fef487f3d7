"""Read a conference schedule: iCalendar (.ics, as Sched and Sessionize export it) and
Sessionize's JSON API (the `All`, `Sessions` and `GridSmart` views).

Pure: bytes in, talks out. A file that is not a schedule at all is an `InvalidInput`;
one event that cannot be read (no title, a time that is not a time, an unknown zone) is
a `Bad` entry with its line, and the rest of the file is still read.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import InvalidInput
from bot.grammar import TALK_LIMIT, text_problem
from storage.talks import TalkDetails

ROOM_LIMIT = 200
SPEAKER_LIMIT = 200
URL_LIMIT = 2000
MAX_SPEAKERS = 30
_URL_RE = re.compile(r"https?://[^\s\x00-\x1f\x7f<>]{1,2000}", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedTalk:
    """One talk as the schedule gives it; `source_id` is the schedule's own id for it."""

    line: int
    source_id: str
    details: TalkDetails


@dataclass(frozen=True)
class Bad:
    line: int
    message: str


@dataclass
class Schedule:
    talks: list[ParsedTalk] = field(default_factory=list)
    errors: list[Bad] = field(default_factory=list)
    # Events that are not talks (cancelled, all-day, breaks), said so in the report.
    skipped: list[str] = field(default_factory=list)
    # What an error's number counts: lines of an .ics, sessions of Sessionize's JSON.
    unit: str = "line"


def talk_uid(conference: str, source_id: str) -> str:
    """The talk's uid in a workspace: the same event of the same conference is the same
    talk, whichever file (or version of the file) it comes from."""
    key = json.dumps(["talk", conference.casefold(), source_id], ensure_ascii=False)
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def zone(name: str) -> tzinfo:
    """An IANA zone; InvalidInput naming it otherwise."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"unknown time zone {name[:60]!r}; use an IANA name like Europe/London"
        ) from None


ICAL_SUFFIXES = {".ics", ".ical", ".ifb", ".icalendar"}
# A schedule is a few MB at most (KubeCon's: 1.5 MB); more is not a schedule.
FETCH_LIMIT = 20 * 1024 * 1024
FETCH_TIMEOUT = 30


def read_schedule(path: Path, *, timezone: str | None = None) -> Schedule:
    """The talks of an .ics or Sessionize .json file. `timezone` reads times that carry
    no zone of their own (Sessionize's, an .ics's floating times)."""
    fallback = zone(timezone) if timezone else None
    suffix = path.suffix.lower()
    if suffix not in ICAL_SUFFIXES and suffix != ".json":
        raise InvalidInput(
            f"{path}: cannot import a {suffix or 'extensionless'} schedule; "
            "use an iCalendar file (.ics) or Sessionize JSON (.json)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if suffix in ICAL_SUFFIXES:
        return read_ical(data, fallback=fallback, name=str(path))
    return read_sessionize(data, fallback=fallback, name=str(path))


def fetch_schedule(url: str, *, timezone: str | None = None) -> Schedule:
    """The talks of a schedule on the web (Sched's or Sessionize's export link): which
    format it is comes from the address, else the Content-Type, else the content."""
    fallback = zone(timezone) if timezone else None
    if not re.match(r"https?://", url, re.IGNORECASE):
        raise InvalidInput(f"{url[:80]}: only http(s) addresses can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": "takeaways-schedule-import"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(FETCH_LIMIT + 1)
            content_type = str(response.headers.get("Content-Type") or "").lower()
    except urllib.error.HTTPError as exc:
        raise InvalidInput(f"{url[:80]}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InvalidInput(f"{url[:80]}: cannot fetch it ({reason})") from None
    if len(data) > FETCH_LIMIT:
        raise InvalidInput(f"{url[:80]}: over {FETCH_LIMIT // 1024 // 1024} MB; not a schedule")
    suffix = Path(urllib.parse.urlparse(url).path).suffix.lower()
    start = data.lstrip(b"\xef\xbb\xbf \r\n\t")[:15].upper()
    if suffix in ICAL_SUFFIXES or "calendar" in content_type or start.startswith(b"BEGIN:"):
        return read_ical(data, fallback=fallback, name=url)
    return read_sessionize(data, fallback=fallback, name=url)


# --- iCalendar ---------------------------------------------------------------------------


@dataclass
class _Prop:
    line: int
    name: str
    params: dict[str, list[str]]
    value: str


def _logical_lines(data: bytes, name: str) -> Iterator[tuple[int, str]]:
    """Unfolded content lines with the number of the physical line each starts on.

    Folding happens on bytes (RFC 5545 folds at 75 octets, so Sched and Outlook split a
    UTF-8 character across two lines): lines are joined before they are decoded."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    pending: bytearray | None = None
    start = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        physical = raw.removesuffix(b"\r")
        if physical[:1] in (b" ", b"\t") and pending is not None:
            pending += physical[1:]
            continue
        if pending is not None:
            yield start, _decoded(pending, start, name)
        pending, start = bytearray(physical), number
    if pending is not None:
        yield start, _decoded(pending, start, name)


def _decoded(raw: bytearray, line: int, name: str) -> str:
    try:
        return bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{name} line {line}: not UTF-8 text; nothing was imported") from None


def _split_line(line: int, text: str) -> _Prop:
    """`NAME;PARAM=a,"b:c";P2=x:value`: the first colon outside quotes ends the params."""
    in_quotes = False
    cut = -1
    for index, char in enumerate(text):
        if char == '"':
            in_quotes = not in_quotes
        elif char == ":" and not in_quotes:
            cut = index
            break
    if cut == -1:
        raise ValueError("a line without a colon")
    head, value = text[:cut], text[cut + 1 :]
    parts = _split_unquoted(head, ";")
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, _, raw = part.partition("=")
        params[key.strip().upper()] = [v.strip('"') for v in _split_unquoted(raw, ",")]
    return _Prop(line, parts[0].strip().upper(), params, value)


def _split_unquoted(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    in_quotes = False
    for char in text:
        if char == '"':
            in_quotes = not in_quotes
        if char == sep and not in_quotes:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


_TEXT_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def unescape_text(value: str) -> str:
    """RFC 5545 TEXT: `\\,` `\\;` `\\\\` and `\\n` (or `\\N`) for a line break."""
    return _TEXT_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _tz_of(prop: _Prop, calendar_zone: tzinfo | None, fallback: tzinfo | None) -> tzinfo | None:
    names = prop.params.get("TZID")
    if not names:
        return calendar_zone or fallback
    name = names[0]
    # Some exporters prefix the IANA name ("/citadel.org/20190914_1/Europe/London").
    candidates = [name, "/".join(name.strip("/").split("/")[-2:]), name.strip("/").split("/")[-1]]
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    if fallback is not None:
        return fallback
    raise ValueError(f"unknown time zone {name[:60]!r} (give --timezone with the conference's)")


def _moment(prop: _Prop, calendar_zone: tzinfo | None, fallback: tzinfo | None) -> datetime | date:
    value = prop.value.strip()
    if prop.params.get("VALUE", [""])[0].upper() == "DATE" or re.fullmatch(r"\d{8}", value):
        try:
            return datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            raise ValueError(f"{prop.name} {value[:40]!r} is not a date") from None
    match = re.fullmatch(r"(\d{8}T\d{6})(Z?)", value)
    if not match:
        raise ValueError(f"{prop.name} {value[:40]!r} is not a time like 20250402T110000Z")
    try:
        naive = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S")
    except ValueError:
        raise ValueError(f"{prop.name} {value[:40]!r} is not a time") from None
    if match.group(2):
        return naive.replace(tzinfo=UTC)
    tz = _tz_of(prop, calendar_zone, fallback)
    if tz is None:
        raise ValueError(
            f"{prop.name} {value} has no time zone (give --timezone with the conference's)"
        )
    return naive.replace(tzinfo=tz).astimezone(UTC)


_DURATION = re.compile(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")


def _duration(value: str) -> timedelta:
    match = _DURATION.fullmatch(value.strip().lstrip("+"))
    if not match or not any(match.groups()):
        raise ValueError(f"DURATION {value[:40]!r} is not a duration like PT45M")
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)


_SPEAKERS_LINE = re.compile(r"^\s*speakers?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def _speakers(props: list[_Prop], description: str) -> tuple[str, ...]:
    """Attendees named as speakers (ATTENDEE;CN=...), else a "Speakers: a, b" line of the
    description (Sessionize's and many hand-made calendars)."""
    names: list[str] = []
    for prop in props:
        if prop.name != "ATTENDEE":
            continue
        role = prop.params.get("ROLE", [""])[0].upper()
        if role == "NON-PARTICIPANT":
            continue
        cn = prop.params.get("CN", [""])[0].strip()
        if cn:
            names.append(cn)
    if not names:
        line = _SPEAKERS_LINE.search(description)
        if line:
            names = [n.strip() for n in re.split(r",|;| & | and ", line.group(1)) if n.strip()]
    unique: list[str] = []
    for name in names:
        if name not in unique:
            unique.append(name)
    return tuple(unique)


def read_ical(data: bytes, *, fallback: tzinfo | None = None, name: str = "schedule") -> Schedule:
    """Every VEVENT of every VCALENDAR; nested components (VALARM) are not the event's."""
    schedule = Schedule()
    stack: list[str] = []
    event: list[_Prop] | None = None
    event_line = 0
    calendar_zone: tzinfo | None = None
    seen_calendar = False
    for line, text in _logical_lines(data, name):
        if not text.strip():
            continue
        try:
            prop = _split_line(line, text)
        except ValueError:
            if not seen_calendar:
                raise InvalidInput(
                    f"{name}: not an iCalendar file (it should start with BEGIN:VCALENDAR)"
                ) from None
            schedule.errors.append(Bad(line, "a line without a colon; it was ignored"))
            continue
        if prop.name == "BEGIN":
            kind = prop.value.strip().upper()
            if not stack and kind != "VCALENDAR":
                raise InvalidInput(
                    f"{name}: not an iCalendar file (it should start with BEGIN:VCALENDAR)"
                )
            seen_calendar = True
            stack.append(kind)
            if stack == ["VCALENDAR", "VEVENT"]:
                event, event_line = [], line
            continue
        if prop.name == "END":
            kind = prop.value.strip().upper()
            if not stack or stack[-1] != kind:
                raise InvalidInput(
                    f"{name} line {line}: END:{kind[:20]} closes "
                    f"{stack[-1] if stack else 'nothing'}; the file is cut or broken"
                )
            if stack == ["VCALENDAR", "VEVENT"] and event is not None:
                _add_event(schedule, event_line, event, calendar_zone, fallback)
                event = None
            stack.pop()
            continue
        if stack == ["VCALENDAR"] and prop.name == "X-WR-TIMEZONE":
            try:
                calendar_zone = ZoneInfo(prop.value.strip())
            except (ZoneInfoNotFoundError, ValueError):
                calendar_zone = None  # TZID or --timezone must then say it
        elif stack == ["VCALENDAR", "VEVENT"] and event is not None:
            event.append(prop)
    if not seen_calendar:
        raise InvalidInput(f"{name}: not an iCalendar file (it should start with BEGIN:VCALENDAR)")
    if stack:
        raise InvalidInput(f"{name}: the file ends inside {stack[-1]}; it is cut short")
    if not schedule.talks and not schedule.errors and not schedule.skipped:
        raise InvalidInput(f"{name}: the calendar holds no events (VEVENT)")
    return schedule


def _first(props: list[_Prop], name: str) -> _Prop | None:
    return next((p for p in props if p.name == name), None)


def _add_event(
    schedule: Schedule,
    line: int,
    props: list[_Prop],
    calendar_zone: tzinfo | None,
    fallback: tzinfo | None,
) -> None:
    summary = _first(props, "SUMMARY")
    title = " ".join(unescape_text(summary.value).split()) if summary else ""
    status = _first(props, "STATUS")
    if status is not None and status.value.strip().upper() == "CANCELLED":
        schedule.skipped.append(f"line {line}: {title[:60] or 'an event'!r} is cancelled")
        return
    try:
        if not title:
            raise ValueError("the event has no SUMMARY (title)")
        start_prop = _first(props, "DTSTART")
        if start_prop is None:
            raise ValueError(f"{title[:60]!r} has no DTSTART (start time)")
        start = _moment(start_prop, calendar_zone, fallback)
        if not isinstance(start, datetime):
            schedule.skipped.append(f"line {line}: {title[:60]!r} is an all-day event")
            return
        end: datetime | None = None
        end_prop = _first(props, "DTEND")
        duration = _first(props, "DURATION")
        if end_prop is not None:
            found = _moment(end_prop, calendar_zone, fallback)
            end = found if isinstance(found, datetime) else None
        elif duration is not None:
            end = start + _duration(duration.value)
        if end is not None and end < start:
            raise ValueError(f"{title[:60]!r} ends before it starts")
        description = unescape_text(p.value) if (p := _first(props, "DESCRIPTION")) else ""
        location = _first(props, "LOCATION")
        url = _first(props, "URL")
        uid = _first(props, "UID")
        details = TalkDetails(
            title=title,
            speakers=_speakers(props, description),
            starts_at=start,
            ends_at=end,
            room=" ".join(unescape_text(location.value).split()) or None if location else None,
            url=url.value.strip() or None if url else None,
        )
        source_id = uid.value.strip() if uid and uid.value.strip() else f"{title}@{start}"
        schedule.talks.append(ParsedTalk(line, source_id, checked(details)))
    except ValueError as exc:
        schedule.errors.append(Bad(line, str(exc)))


def checked(talk: TalkDetails) -> TalkDetails:
    """ValueError when a talk breaks a limit; what storage and Slack can hold otherwise."""
    for what, value in (("title", talk.title), ("room", talk.room or "")):
        problem = text_problem(value)
        if problem is not None:
            raise ValueError(f"the {what} contains {problem}")
    if len(talk.title) > TALK_LIMIT:
        raise ValueError(f"the title is {len(talk.title)} characters (at most {TALK_LIMIT})")
    if talk.room is not None and len(talk.room) > ROOM_LIMIT:
        raise ValueError(f"the room is {len(talk.room)} characters (at most {ROOM_LIMIT})")
    if len(talk.speakers) > MAX_SPEAKERS:
        raise ValueError(f"{len(talk.speakers)} speakers (at most {MAX_SPEAKERS})")
    for speaker in talk.speakers:
        if len(speaker) > SPEAKER_LIMIT or text_problem(speaker):
            raise ValueError(f"the speaker {speaker[:40]!r} is too long or not text")
    if talk.url is not None and not _URL_RE.fullmatch(talk.url):
        raise ValueError(f"the link {talk.url[:60]!r} is not an http(s) URL")
    return talk


# --- Sessionize JSON ---------------------------------------------------------------------


def read_sessionize(
    data: bytes, *, fallback: tzinfo | None = None, name: str = "schedule"
) -> Schedule:
    """Sessionize's JSON: `All` ({sessions, speakers, rooms}), `Sessions` (groups of
    sessions) or `GridSmart` (days of rooms of sessions). Service sessions (breaks,
    lunch) are not talks."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput(f"{name}: not UTF-8 text; nothing was imported") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{name} line {exc.lineno}: not valid JSON ({exc.msg}); nothing was imported"
        ) from None
    speakers: dict[str, str] = {}
    rooms: dict[str, str] = {}
    if isinstance(document, dict):
        speakers = {
            str(s.get("id")): str(s.get("fullName") or "").strip()
            for s in document.get("speakers") or []
            if isinstance(s, dict)
        }
        rooms = {
            str(r.get("id")): str(r.get("name") or "").strip()
            for r in document.get("rooms") or []
            if isinstance(r, dict)
        }
    sessions = list(_sessions_in(document))
    if not sessions:
        raise InvalidInput(
            f"{name}: no sessions found; expected Sessionize's JSON (the All, Sessions or "
            "GridSmart view of its API)"
        )
    if fallback is None and any(_floating(s.get("startsAt")) for s in sessions):
        # Sessionize gives the conference's local time without saying which zone.
        raise InvalidInput(
            f"{name}: Sessionize times have no time zone; add --timezone with the "
            "conference's (like --timezone Europe/London)"
        )
    schedule = Schedule(unit="session")
    seen: set[str] = set()
    for number, session in enumerate(sessions, start=1):
        source_id = str(session.get("id", "")).strip()
        if source_id and source_id in seen:
            continue  # GridSmart repeats a plenary session in every room
        seen.add(source_id)
        where = number  # JSON has no useful line numbers: the session's position
        title = " ".join(str(session.get("title") or "").split())
        if session.get("isServiceSession"):
            schedule.skipped.append(f"session {where}: {title[:60]!r} is a service session")
            continue
        try:
            schedule.talks.append(_session_talk(where, session, title, speakers, rooms, fallback))
        except ValueError as exc:
            schedule.errors.append(Bad(where, str(exc)))
    return schedule


def _sessions_in(document: Any) -> Iterator[dict[str, Any]]:
    """Every object in a `sessions` list, wherever the view nests it."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "sessions" and isinstance(value, list):
                yield from (s for s in value if isinstance(s, dict))
            elif isinstance(value, list | dict):
                yield from _sessions_in(value)
    elif isinstance(document, list):
        for item in document:
            yield from _sessions_in(item)


def _session_talk(
    where: int,
    session: dict[str, Any],
    title: str,
    speakers: dict[str, str],
    rooms: dict[str, str],
    fallback: tzinfo | None,
) -> ParsedTalk:
    if not title:
        raise ValueError("the session has no title")
    names: list[str] = []
    for speaker in session.get("speakers") or []:
        if isinstance(speaker, dict):
            found = str(speaker.get("name") or speaker.get("fullName") or "").strip()
        else:
            found = speakers.get(str(speaker), "")
        if found and found not in names:
            names.append(found)
    room = session.get("room")
    if not isinstance(room, str):
        room = rooms.get(str(session.get("roomId")), "") if session.get("roomId") else ""
    start = _iso(session.get("startsAt"), "startsAt", title, fallback)
    end = _iso(session.get("endsAt"), "endsAt", title, fallback)
    if start is not None and end is not None and end < start:
        raise ValueError(f"{title[:60]!r} ends before it starts")
    url = next(
        (
            str(session[k]).strip()
            for k in ("url", "liveUrl", "recordingUrl")
            if isinstance(session.get(k), str) and session[k].strip()
        ),
        None,
    )
    source_id = str(session.get("id") or "").strip() or f"{title}@{start}"
    details = TalkDetails(
        title=title,
        speakers=tuple(names),
        starts_at=start,
        ends_at=end,
        room=" ".join(room.split()) or None,
        url=url,
    )
    return ParsedTalk(where, source_id, checked(details))


def _floating(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value.strip()).tzinfo is None
    except ValueError:
        return False


def _iso(value: object, key: str, title: str, fallback: tzinfo | None) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{title[:60]!r}: `{key}` is not a time")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{title[:60]!r}: `{key}` {value[:40]!r} is not a time") from None
    if moment.tzinfo is None:
        if fallback is None:
            raise ValueError(f"{title[:60]!r}: `{key}` has no time zone; give --timezone")
        moment = moment.replace(tzinfo=fallback)
    return moment.astimezone(UTC)
