"""`takeaways schedule import` as an organiser runs it, and talks in export and import,
on SQLite and Postgres."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

SCHEDULES = Path(__file__).parent / "data" / "schedules"


def _talks(run: Any) -> list[dict[str, Any]]:
    result = run("export")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [r for r in lines if r["type"] == "talk"]


def test_import_a_sched_calendar_then_again(run: Any, tmp_path: Path) -> None:
    ics = tmp_path / "kubecon.ics"
    shutil.copy(SCHEDULES / "kubecon-eu-2025.ics", ics)
    first = run("schedule", "import", str(ics), "--conference", "KubeCon EU 2025", "--team", "T1")
    # One event is broken: the others are stored, the broken one is named, exit 1.
    assert first.exit_code == 1
    assert "KubeCon EU 2025: 5 new talks, 0 updated, 0 unchanged, in T1." in first.stdout
    assert "skipped line 86: 'CANCELLED: Scaling etcd Beyond 10k Nodes' is cancelled" in (
        first.stdout
    )
    assert f"{ics} line 103: DTSTART '2025-04-03 16:00' is not a time" in first.stderr
    talks = _talks(run)
    assert [t["id"] for t in talks] == [1, 2, 3, 4, 5]
    karpenter = next(t for t in talks if t["title"].startswith("Karpenter"))
    assert karpenter["speakers"] == ["Ellis Tarn", "Jonathan Innis, AWS", "Ana Müller-Łukasiewicz"]
    assert karpenter["starts_at"] == "2025-04-02T10:05:00Z"
    assert karpenter["room"] == "Level 3 | ICC Capital Suite 7-9"

    again = run("schedule", "import", str(ics), "--conference", "KubeCon EU 2025")
    assert "5 new talks" not in again.stdout
    assert "0 new talks, 0 updated, 5 unchanged" in again.stdout

    # The organisers move a talk to another room: the next import updates it in place.
    ics.write_bytes(ics.read_bytes().replace(b"ICC Capital Suite 7-9", b"ICC Auditorium"))
    moved = run("schedule", "import", str(ics), "--conference", "KubeCon EU 2025")
    assert "0 new talks, 1 updated, 4 unchanged" in moved.stdout
    after = _talks(run)
    assert [t["id"] for t in after] == [1, 2, 3, 4, 5]
    moved_talk = next(t for t in after if t["uid"] == karpenter["uid"])
    assert moved_talk["room"] == "Level 3 | ICC Auditorium"


def test_the_same_file_for_another_conference_is_other_talks(run: Any) -> None:
    path = str(SCHEDULES / "devopsdays-sessions-view.json")
    run("schedule", "import", path, "--conference", "DevOpsDays Amsterdam 2025", "--team", "T1")
    result = run("schedule", "import", path, "--conference", "DevOpsDays Ghent 2025")
    assert result.exit_code == 0, result.output
    assert "DevOpsDays Ghent 2025: 1 new talk," in result.stdout
    assert {t["conference"] for t in _talks(run)} == {
        "DevOpsDays Amsterdam 2025",
        "DevOpsDays Ghent 2025",
    }


def test_sessionize_json_needs_the_conference_timezone(run: Any) -> None:
    path = str(SCHEDULES / "kcd-munich-2025.sessionize.json")
    refused = run("schedule", "import", path, "--conference", "KCD Munich 2025", "--team", "T1")
    assert refused.exit_code == 1
    assert "Sessionize times have no time zone" in refused.output
    assert "Traceback" not in refused.output
    assert _talks(run) == []
    done = run(
        "schedule",
        "import",
        path,
        "--conference",
        "KCD Munich 2025",
        "--timezone",
        "Europe/Berlin",
        "--team",
        "T1",
    )
    assert "KCD Munich 2025: 3 new talks" in done.stdout
    assert "session 4: the session has no title" in done.stderr
    assert [t["starts_at"] for t in _talks(run)] == [
        "2025-03-28T08:15:00Z",
        "2025-03-28T09:00:00Z",
        "2025-03-31T07:00:00Z",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Title;Start\nKeynote;09:00\n", "not an iCalendar file"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Cut\n", "cut short"),
    ],
)
def test_a_bad_file_stores_nothing_and_says_why(
    run: Any, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "schedule.ics"
    path.write_text(content)
    result = run("schedule", "import", str(path), "--conference", "X 2025", "--team", "T1")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_options_are_refused(run: Any, tmp_path: Path) -> None:
    path = str(SCHEDULES / "kubecon-eu-2025.ics")
    no_conf = run("schedule", "import", path)
    assert no_conf.exit_code == 2 and "--conference" in no_conf.output
    zone = run("schedule", "import", path, "--conference", "K", "--timezone", "Mars/Olympus")
    assert zone.exit_code == 1 and "unknown time zone 'Mars/Olympus'" in zone.output
    empty = run("schedule", "import", path, "--conference", "KubeCon EU 2025")
    assert empty.exit_code == 1 and "--team" in empty.output


def test_dry_run_lists_and_writes_nothing(run: Any) -> None:
    path = str(SCHEDULES / "devopsdays-sessions-view.json")
    result = run("schedule", "import", path, "--conference", "DevOpsDays", "--dry-run")
    assert "2025-10-27 09:00Z  Incident reviews that change something · Auditorium" in (
        result.stdout
    )
    assert "Nothing was written (dry run)." in result.stdout
    assert _talks(run) == []


def test_schedule_without_a_subcommand_still_shows_the_jobs(run: Any) -> None:
    result = run("schedule", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_talks_stars_and_attendance_survive_export_and_import(
    run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "hand.jsonl"
    records = [
        {"type": "takeaway", "team_id": "T1", "text": "Karpenter consolidates by price"},
        {
            "type": "talk",
            "team_id": "T1",
            "uid": "talk-1",
            "conference": "KubeCon EU 2025",
            "title": "Karpenter <!channel> deep dive",
            "speakers": ["Ellis Tarn", "Jonathan Innis, AWS"],
            "starts_at": "2025-04-02T10:05:00Z",
            "ends_at": "2025-04-02T10:40:00Z",
            "room": "Hall 7",
            "url": "https://kccnceu2025.sched.com/event/1txCD",
            "created_at": "2025-03-20T10:00:00Z",
            "updated_at": "2025-03-21T10:00:00Z",
            "starred_by": [
                {"user": "U1", "created_at": "2025-03-25T08:00:00Z"},
                {"user": "U2", "created_at": "2025-03-26T08:00:00Z"},
            ],
        },
        {
            "type": "attendee",
            "team_id": "T1",
            "conference": "KubeCon EU 2025",
            "user": "U1",
            "user_name": "alice",
            "created_at": "2025-02-01T09:00:00Z",
        },
        {
            "type": "settings",
            "team_id": "T1",
            "user": "U1",
            "timezone": "Europe/Paris",
            "work_start": 9,
            "work_end": 17,
            "muted": ["digest", "briefs"],
        },
    ]
    backup.write_text("".join(json.dumps(r) + "\n" for r in records))
    first = run("import", str(backup))
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(
        "Imported 1 takeaway, 0 follow-ups and 3 talk, attendance or settings records into T1"
    )
    again = run("import", str(backup))
    assert again.stdout.startswith(
        "Imported 0 takeaways and 0 follow-ups into T1; 4 already there, skipped"
    )

    exported = run("export", "--output", "one.jsonl")
    assert "and 3 talk, attendance or settings records from 1 workspace" in exported.stderr
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'moved.db'}")
    assert run("import", "one.jsonl").exit_code == 0
    run("export", "--output", "two.jsonl")

    def lines(name: str) -> list[dict[str, Any]]:
        out = [json.loads(x) for x in (tmp_path / name).read_text().splitlines()]
        return [{k: v for k, v in r.items() if k != "id"} for r in out]

    one, two = lines("one.jsonl"), lines("two.jsonl")
    assert one == two
    talk = next(r for r in two if r["type"] == "talk")
    assert {k: talk[k] for k in records[1] if k != "type"} == {
        k: v for k, v in records[1].items() if k != "type"
    }
    settings = next(r for r in two if r["type"] == "settings")
    assert {k: settings[k] for k in records[3] if k != "type"} == {
        k: v for k, v in records[3].items() if k != "type"
    }
    attendee = next(r for r in two if r["type"] == "attendee")
    assert attendee["user"] == "U1" and attendee["created_at"] == "2025-02-01T09:00:00Z"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"type": "talk", "conference": "K"}, "talk `title` is missing"),
        ({"type": "talk", "title": "T"}, "`conference` is missing"),
        ({"type": "talk", "conference": "K", "title": "T", "stars": []}, "unknown talk field"),
        (
            {"type": "talk", "conference": "K", "title": "T", "starred_by": [{"user": "@here"}]},
            "Slack user id",
        ),
        ({"type": "talk", "conference": "K", "title": "T", "url": "javascript:x"}, "http(s)"),
        ({"type": "attendee", "conference": "K"}, "attendee `user` is missing"),
        ({"type": "speaker", "conference": "K"}, "takeaway, followup, talk, attendee or settings"),
        ({"type": "settings", "user": "U1", "timezone": "Mars/Olympus"}, "IANA timezone"),
        ({"type": "settings", "user": "U1", "work_start": 17, "work_end": 9}, "working hours"),
        ({"type": "settings", "user": "U1", "muted": ["everything"]}, "`muted` holds"),
    ],
)
def test_bad_talk_and_attendee_lines_are_reported(
    run: Any, tmp_path: Path, record: dict[str, Any], message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"team_id": "T1", **record}) + "\n")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert message in result.stderr


@pytest.fixture
def schedule_site() -> Iterator[str]:
    """The schedule files served over HTTP on loopback, as a conference site serves them."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(SCHEDULES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_import_from_a_url(run: Any, schedule_site: str) -> None:
    url = f"{schedule_site}/kubecon-eu-2025.ics"
    result = run("schedule", "import", url, "--conference", "KubeCon EU 2025", "--team", "T1")
    assert "KubeCon EU 2025: 5 new talks" in result.stdout
    assert f"{url} line 103: DTSTART" in result.stderr
    missing = run("schedule", "import", f"{schedule_site}/nope.ics", "--conference", "K")
    assert missing.exit_code == 1 and "the server answered 404" in missing.output
    no_file = run("schedule", "import", "nope.ics", "--conference", "K")
    assert no_file.exit_code == 2 and "no file 'nope.ics'" in no_file.output
