"""Reading conference schedules as Sched and Sessionize export them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import InvalidInput
from bot.transfer.schedules import read_ical, read_schedule, read_sessionize, talk_uid

DATA = Path(__file__).parents[1] / "data" / "schedules"
KUBECON = DATA / "kubecon-eu-2025.ics"


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_sched_calendar_gives_its_talks_in_utc() -> None:
    schedule = read_schedule(KUBECON)
    by_title = {t.details.title: t for t in schedule.talks}
    assert len(schedule.talks) == 5
    found = by_title["Keynote: Welcome + Opening Remarks"]
    assert found.source_id == "1txAB7d2c5a8f2e8d2c@kccnceu2025.sched.com"
    keynote = found.details
    # 09:15 in London on April 2nd is British Summer Time: 08:15 UTC.
    assert keynote.starts_at == _utc(2025, 4, 2, 8, 15)
    assert keynote.ends_at == _utc(2025, 4, 2, 8, 30)
    assert keynote.room == "Level 1 | Hall 7 | Keynote Stage"
    assert (
        keynote.url == "https://kccnceu2025.sched.com/event/1txAB/keynote-welcome-opening-remarks"
    )
    # The description's "Speakers:" line, with its escaped comma.
    assert keynote.speakers == ("Chris Aniszczyk", "Priyanka Sharma")


def test_folded_lines_escaped_commas_and_several_speakers() -> None:
    talks = {t.source_id.split("@")[0]: t.details for t in read_schedule(KUBECON).talks}
    karpenter = talks["1txCD9e44b1f3f0c7e1"]
    # Folded over two lines, with `\,` in it; a UTC (Z) time; a VALARM inside the event
    # whose DESCRIPTION is not the talk's.
    assert karpenter.title == (
        "Karpenter Deep Dive: Consolidation, Drift, and Disruption Budgets in Production "
        "at Scale \u2013 Lessons From Running 4,000 Nodes"
    )
    assert karpenter.starts_at == _utc(2025, 4, 2, 10, 5)
    # ATTENDEE CNs, quoted (with a comma inside) or not, one folded inside a character.
    assert karpenter.speakers == ("Ellis Tarn", "Jonathan Innis, AWS", "Ana Müller-Łukasiewicz")
    otel = talks["1txGH5f1e3c9d0a2b4c"]
    # Folded in the middle of multi-byte characters (é, 日), `\;` unescaped.
    assert otel.title.endswith("Durchsatz; Résumé; 日本語のタイトル")
    assert otel.speakers == ("Juraci Paixão Kröhling",)


def test_duration_and_tzid_with_a_vendor_prefix() -> None:
    talks = {t.source_id.split("@")[0]: t.details for t in read_schedule(KUBECON).talks}
    cilium = talks["1txEF0c2a5d7b9e3f1a"]
    assert cilium.ends_at == _utc(2025, 4, 2, 11, 25)  # DURATION:PT30M after 11:55 BST
    assert cilium.speakers == ("Liz Rice", "Thomas Graf")
    assert "<!channel>" in cilium.title  # kept as text; escaped where it is shown
    backstage = talks["1txOP4d5e6f7a8b9c0d"]
    assert backstage.starts_at == _utc(2025, 4, 4, 10, 0)  # TZID="/citadel.org/.../Europe/London"


def test_cancelled_all_day_and_broken_events_are_reported_not_imported() -> None:
    schedule = read_schedule(KUBECON)
    assert [s.split(":")[0] for s in schedule.skipped] == ["line 86", "line 95"]
    assert "cancelled" in schedule.skipped[0]
    assert "all-day" in schedule.skipped[1]
    [bad] = schedule.errors
    assert bad.line == 103
    assert "2025-04-03 16:00" in bad.message


def _calendar(*event_lines: str, header: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", *header.splitlines()]
    lines += ["BEGIN:VEVENT", *event_lines, "END:VEVENT", "END:VCALENDAR"]
    return "\n".join(lines).encode()  # LF only, as hand-made files often are


def test_floating_times_need_a_zone() -> None:
    event = ("UID:1", "SUMMARY:Talk", "DTSTART:20251026T013000")
    schedule = read_ical(_calendar(*event))
    assert "no time zone" in schedule.errors[0].message
    # The calendar's X-WR-TIMEZONE, or --timezone, says which. 01:30 on the day Europe
    # leaves summer time is ambiguous: the first one (summer time) is taken.
    from_calendar = read_ical(_calendar(*event, header="X-WR-TIMEZONE:Europe/Paris"))
    assert from_calendar.talks[0].details.starts_at == _utc(2025, 10, 25, 23, 30)
    from bot.transfer.schedules import zone

    given = read_ical(_calendar(*event), fallback=zone("America/New_York"))
    assert given.talks[0].details.starts_at == _utc(2025, 10, 26, 5, 30)


def test_an_unknown_tzid_is_a_clear_error_unless_a_zone_is_given() -> None:
    event = ("UID:1", "SUMMARY:Talk", "DTSTART;TZID=GMT Standard Time:20250402T100000")
    assert "GMT Standard Time" in read_ical(_calendar(*event)).errors[0].message
    from bot.transfer.schedules import zone

    fixed = read_ical(_calendar(*event), fallback=zone("Europe/London"))
    assert fixed.talks[0].details.starts_at == _utc(2025, 4, 2, 9, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Title,Start\nKeynote,09:00\n", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Cut here\n", "cut short"),
        (b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "no events"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VTODO\nEND:VCALENDAR\n", "closes VEVENT"),
        (b"BEGIN:VCALENDAR\nSUMMARY:caf\xe9\nEND:VCALENDAR\n", "not UTF-8"),
    ],
)
def test_files_that_are_not_calendars_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_ical(data)


def test_sessionize_all_view_across_a_dst_change() -> None:
    schedule = read_schedule(DATA / "kcd-munich-2025.sessionize.json", timezone="Europe/Berlin")
    titles = [t.details.title for t in schedule.talks]
    assert titles == [
        "GitOps at Scale: Argo CD, Flux & the 2,000-cluster fleet",
        "Kyverno vs. OPA Gatekeeper \u2013 a year later",
        "Day 2 keynote: Running Kubernetes on the Wiesn",
    ]
    gitops, kyverno, keynote = (t.details for t in schedule.talks)
    assert gitops.starts_at == _utc(2025, 3, 28, 8, 15)  # 09:15 CET
    assert keynote.starts_at == _utc(2025, 3, 31, 7, 0)  # 09:00 CEST, after the change
    assert gitops.speakers == ("Zoë Schmidt", "Kenji O'Brien")
    assert gitops.room == "Room Isar"
    assert gitops.url == "https://www.youtube.com/watch?v=abc123XYZ"
    assert kyverno.room is None
    assert [s.split(":")[1].strip() for s in schedule.skipped] == [
        "'Welcome & Registration' is a service session",
        "'Lunch' is a service session",
    ]
    assert [(b.line, b.message) for b in schedule.errors] == [(4, "the session has no title")]


def test_sessionize_times_without_a_zone_need_timezone() -> None:
    with pytest.raises(InvalidInput, match="--timezone"):
        read_schedule(DATA / "kcd-munich-2025.sessionize.json")


def test_sessionize_sessions_view_with_offsets() -> None:
    schedule = read_schedule(DATA / "devopsdays-sessions-view.json")
    [talk] = (t.details for t in schedule.talks)
    assert talk.speakers == ("Nora Jones", "J. Paul Reed")
    assert talk.room == "Auditorium"
    assert talk.starts_at == _utc(2025, 10, 27, 9, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"sessions": [', "not valid JSON"),
        (b'{"speakers": []}', "no sessions found"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_bad_sessionize_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_sessionize(data)


def test_other_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "schedule.csv"
    path.write_text("title,start\n")
    with pytest.raises(InvalidInput, match=r"\.ics.*\.json"):
        read_schedule(path)


def test_a_talk_uid_depends_on_the_conference_not_on_its_case() -> None:
    assert talk_uid("KubeCon EU 2025", "1") == talk_uid("kubecon eu 2025", "1")
    assert talk_uid("KubeCon EU 2025", "1") != talk_uid("KubeCon NA 2025", "1")
