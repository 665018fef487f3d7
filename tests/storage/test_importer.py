"""Import from JSON Lines, CSV and notes files, on SQLite and Postgres."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.errors import InvalidInput
from bot.grammar import Filters
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from bot.transfer.records import Defaults
from bot.transfer.serialize import takeaway_json
from storage import takeaways as repo
from tests.support.clock import FrozenClock

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")
NOTES = Path(__file__).parent.parent / "data" / "notes"


def write(tmp_path: Path, lines: list[Any], name: str = "notes.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


def texts(services: Services, team_id: str = "T1") -> list[str]:
    with transaction(services.sessions) as s:
        rows = repo.list_takeaways(session=s, team_id=team_id, flt=repo.TakeawayFilter(), limit=500)
        return sorted(t.text for t in rows)


KARPENTER = {
    "text": "Karpenter consolidates nodes by price",
    "tags": ["Karpenter", "#finops"],
    "conference": "KubeCon EU 2024",
    "talk": "Karpenter deep dive",
    "author": "U0123",
    "source_url": "https://example.com/blog/kubecon-eu-2024?part=2",
    "event_date": "2024-03-20",
    "created_at": "2024-03-20T14:30:00Z",
}


def test_import_stores_every_field_and_search_finds_it(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            KARPENTER,
            "",
            {
                "text": "VPA recommendations https://github.com/kubernetes/autoscaler",
                "created_at": "2024-03-21",
            },
        ],
    )
    report = services.importer.run([path], team_id="T1")
    assert (report.takeaways_created, report.records, report.batches) == (2, 2, 1)
    assert report.error_count == 0
    with transaction(services.sessions) as s:
        first, second = repo.list_takeaways(
            session=s, team_id="T1", flt=repo.TakeawayFilter(), limit=10
        )[::-1]
        assert takeaway_json(first) | {"id": 0} == {
            "id": 0,
            "team_id": "T1",
            "text": "Karpenter consolidates nodes by price",
            "tags": ["karpenter", "finops"],
            "conference": "KubeCon EU 2024",
            "talk": "Karpenter deep dive",
            "links": [],
            "author": "U0123",
            "author_name": "",
            "source_url": "https://example.com/blog/kubecon-eu-2024?part=2",
            "event_date": "2024-03-20",
            "coauthors": [],
            "plus_ones": [],
            "status": "current",
            "verified_at": None,
            "superseded_by": None,
            "revisit_on": None,
            "related": [],
            "created_at": "2024-03-20T14:30:00Z",
            "updated_at": "2024-03-20T14:30:00Z",
        }
        assert second.links == ["https://github.com/kubernetes/autoscaler"]
        assert second.created_at.isoformat() == "2024-03-21T00:00:00+00:00"
        assert (second.author, second.author_name) == ("UIMPORT", "import")
    answer = services.dispatcher.ask(ALICE, "vertical pod autoscaler", Filters())
    assert [h.takeaway.text[:3] for h in answer.hits] == ["VPA"]


def test_bad_lines_are_named_and_the_good_ones_imported(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            KARPENTER,
            {"text": "  "},
            "not json {",
            {"text": "x", "tag": ["typo in the field name"]},
            {"text": "x", "tags": ["2024"]},
            {"text": "x", "created_at": "20/03/2024"},
            {"text": "y" * 3001},
            {"text": "x", "tags": [f"t{i}" for i in range(21)]},
            ["not", "an", "object"],
            {"text": "x", "conference": 2024},
            {"text": "x", "followups": [{"text": "do it"}]},
            {"text": "x", "links": ["javascript:alert(1)"]},
            {"text": "Cilium replaces kube-proxy with eBPF"},
        ],
    )
    report = services.importer.run([path], team_id="T1")
    assert report.error_count == 11
    assert report.errors == [
        f"{path} line 2: `text` is missing or empty",
        f"{path} line 3: not valid JSON (Expecting value at column 1)",
        f"{path} line 4: unknown field `tag` (known: text, tags, conference, talk, links, "
        "author, author_name, source_author, source_author_name, source_url, event_date, "
        "created_at, updated_at, uid, coauthors, plus_ones, merged_from, separate_from, "
        "status, revisit_on, verified_at, superseded_by_uid, followups)",
        f"{path} line 5: tag '2024' must start with a letter (like #karpenter)",
        f"{path} line 6: `created_at` is not an ISO 8601 date-time: '20/03/2024' "
        '(e.g. "2024-03-20T14:30:00Z" or "2024-03-20")',
        f"{path} line 7: `text` is 3001 characters; the limit is 3000",
        f"{path} line 8: 21 tags; a takeaway can have at most 20",
        f"{path} line 9: each line must be a JSON object",
        f"{path} line 10: `conference` must be a string, got int",
        f"{path} line 11: follow-up 1: follow-up `owner` is missing (a Slack user id like "
        "U0123ABCD)",
        f"{path} line 12: link 'javascript:alert(1)' must be an http(s) URL",
    ]
    assert report.takeaways_created == 2
    assert texts(services) == [
        "Cilium replaces kube-proxy with eBPF",
        "Karpenter consolidates nodes by price",
    ]


def test_not_utf8_is_named_by_line_and_the_rest_still_imports(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"text": "Argo CD syncs waves"}\n{"text": "caf\xe9"}\n{"text": "OK too"}\n')
    report = services.importer.run([path], team_id="T1")
    assert report.errors == [f"{path} line 2: not UTF-8 text"]
    assert texts(services) == ["Argo CD syncs waves", "OK too"]


def test_batches_are_transactions_logged_for_other_replicas(
    engine: Engine, services: Services, tmp_path: Path
) -> None:
    other = build_services(engine, clock=FrozenClock())
    assert other.dispatcher.ask(ALICE, "kyverno", Filters()).hits == []
    path = write(tmp_path, [{"text": f"Kyverno policy number {i}"} for i in range(5)])
    report = services.importer.run([path], team_id="T1", batch_size=2)
    assert report.batches == 3
    with transaction(services.sessions) as s:
        assert repo.content_version(session=s, team_id="T1") == 3
    hits = other.dispatcher.ask(ALICE, "kyverno", Filters(), limit=10).hits
    assert len(hits) == 5


def test_the_same_file_twice_adds_nothing_the_second_time(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, [KARPENTER, {"text": "Flux bootstraps itself from Git"}])
    assert services.importer.run([path], team_id="T1").takeaways_created == 2
    again = services.importer.run([path], team_id="T1")
    assert (again.takeaways_created, again.takeaways_skipped) == (0, 2)
    assert len(texts(services)) == 2
    # A changed line is a new record; the unchanged one is still skipped.
    path = write(tmp_path, [KARPENTER, {"text": "Flux bootstraps itself from Git, twice"}])
    third = services.importer.run([path], team_id="T1")
    assert (third.takeaways_created, third.takeaways_skipped) == (1, 1)


def test_ask_json_output_imports_into_another_workspace(services: Services, tmp_path: Path) -> None:
    services.importer.run([write(tmp_path, [KARPENTER])], team_id="T1")
    with transaction(services.sessions) as s:
        exported = [
            takeaway_json(t, score=50.0)
            for t in repo.list_takeaways(
                session=s, team_id="T1", flt=repo.TakeawayFilter(), limit=10
            )
        ]
    path = write(tmp_path, exported, "export.jsonl")
    report = services.importer.run([path], team_id="T2")
    assert report.takeaways_created == 1
    with transaction(services.sessions) as s:
        (copy,) = repo.list_takeaways(session=s, team_id="T2", flt=repo.TakeawayFilter(), limit=5)
        assert (copy.text, copy.tags, copy.author) == (
            KARPENTER["text"],
            ["karpenter", "finops"],
            "U0123",
        )


def test_records_without_a_workspace_need_team(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, [{"text": "Crossplane composes cloud resources"}])
    report = services.importer.run([path])
    assert report.takeaways_created == 0
    assert report.errors == [
        f"{path} line 1: no workspace for this record: choose one with --team "
        "(a Slack team id like T0123ABCD)"
    ]
    # With one workspace in the database, that one is meant.
    report = services.importer.run([path], default_team="T1")
    assert report.takeaways_created == 1


def test_defaults_fill_what_records_leave_out(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, [{"text": "OpenCost splits the bill per namespace"}, KARPENTER])
    defaults = Defaults(conference="KubeCon NA 2023", talk="FinOps panel", author="U777")
    services.importer.run([path], team_id="T1", defaults=defaults)
    with transaction(services.sessions) as s:
        rows = repo.list_takeaways(session=s, team_id="T1", flt=repo.TakeawayFilter(), limit=5)
        got = {t.text: (t.conference, t.talk, t.author) for t in rows}
    assert got == {
        "OpenCost splits the bill per namespace": ("KubeCon NA 2023", "FinOps panel", "U777"),
        KARPENTER["text"]: ("KubeCon EU 2024", "Karpenter deep dive", "U0123"),
    }


def test_csv_with_a_subset_of_columns(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "\ufefftext,tags,conference\r\n"
        '"Karpenter, by price",#karpenter finops,KubeCon EU 2024\r\n'
        '"Multi\nline note about Falco",falco,\r\n'
        ",,\r\n"
        "only one cell\r\n"
        "'=SUM(A1:A2) is not a formula,,\r\n",
        encoding="utf-8",
    )
    report = services.importer.run([path], team_id="T1")
    assert report.errors == [f"{path} line 6: 1 cells; the header has 3"]
    assert texts(services) == [
        "=SUM(A1:A2) is not a formula",
        "Karpenter, by price",
        "Multi\nline note about Falco",
    ]


def test_csv_with_an_unknown_column_imports_nothing_from_it(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("text,speaker\nKarpenter by price,Jane\n", encoding="utf-8")
    report = services.importer.run([path], team_id="T1")
    assert report.errors == [
        f"{path} line 1: unknown column `speaker` (known: id, uid, team_id, enterprise_id, "
        "text, tags, conference, talk, links, author, author_name, source_author, "
        "source_author_name, source_url, event_date, created_at, updated_at, coauthors, "
        "plus_ones, merged_from, separate_from, status, revisit_on, verified_at, "
        "superseded_by_uid, followups); "
        "nothing in this file was imported"
    ]
    assert texts(services) == []


def test_an_unsupported_file_fails_before_anything_is_stored(
    services: Services, tmp_path: Path
) -> None:
    good = write(tmp_path, [KARPENTER])
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK")
    with pytest.raises(InvalidInput, match=r"cannot import a \.docx file; copy its text into"):
        services.importer.run([good, odd], team_id="T1")
    assert texts(services) == []


def test_a_text_file_of_any_other_name_is_read_as_plain_notes(
    services: Services, tmp_path: Path
) -> None:
    # A note app's own suffix, or none at all: read as the pasted text it is.
    plain = tmp_path / "NOTES"
    plain.write_text("Karpenter consolidates nodes by price, not by count.\n")
    tiddler = tmp_path / "promcon18 notes.tid"
    tiddler.write_text("title: PromCon 2018\n\n!! Thanos\n* the sidecar uploads 2h blocks\n")
    transcript = tmp_path / "debrief.vtt"
    transcript.write_text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n"
        "<v Ana>Kueue admits a job only when its whole quota is free.</v>\n"
    )
    report = services.importer.run([plain, tiddler, transcript], team_id="T1")
    assert report.error_count == 0
    assert set(texts(services)) == {
        "Karpenter consolidates nodes by price, not by count.",
        "Thanos: the sidecar uploads 2h blocks",
        "Kueue admits a job only when its whole quota is free.",
    }


def test_a_json_array_or_a_pdf_is_refused_with_what_to_do(
    services: Services, tmp_path: Path
) -> None:
    array = tmp_path / "takeaways.json"
    array.write_text('[{"text": "Karpenter consolidates nodes"}]')
    with pytest.raises(InvalidInput, match=r"\.json file; .*JSON Lines \(\.jsonl"):
        services.importer.run([array], team_id="T1")
    backup = tmp_path / "backup"  # `takeaways export > backup`
    backup.write_text('{"type": "takeaway", "text": "Karpenter consolidates nodes"}\n')
    with pytest.raises(InvalidInput, match=r"backup: this file holds JSON, not notes; records"):
        services.importer.run([backup], team_id="T1")
    packed = tmp_path / "notes.txt.gz"
    packed.write_bytes(b"\x1f\x8b")
    with pytest.raises(InvalidInput, match=r"\.gz file; unpack it first"):
        services.importer.run([packed], team_id="T1")
    slides = tmp_path / "deck.pdf"
    slides.write_bytes(b"%PDF-1.7")
    with pytest.raises(InvalidInput, match=r"\.pdf file; copy its text into a \.txt or \.md"):
        services.importer.run([slides], team_id="T1")
    assert texts(services) == []
    # notes that open with a bracket are notes
    todo = tmp_path / "todo"
    todo.write_text("[ ] check which clusters still run Karpenter v0.37 and plan the upgrade\n")
    assert services.importer.run([todo], team_id="T1").error_count == 0


def test_notes_files_become_tagged_takeaways_once(services: Services) -> None:
    paths = sorted(NOTES.iterdir())
    assert {p.suffix for p in paths} == {".md", ".txt"}
    report = services.importer.run(paths, team_id="T1")
    assert report.error_count == 0
    assert report.takeaways_created >= 20
    with transaction(services.sessions) as s:
        rows = repo.list_takeaways(session=s, team_id="T1", flt=repo.TakeawayFilter(), limit=500)
    assert all(0 < len(t.text) <= 600 for t in rows)
    assert all(t.author == "UIMPORT" for t in rows)
    tagged = {tag for t in rows for tag in t.tags}
    assert {"karpenter", "keda"} <= tagged
    assert any(t.talk for t in rows) and any(t.conference for t in rows)
    hits = services.dispatcher.ask(ALICE, "karpenter", Filters(), limit=3).hits
    assert hits and "karpenter" in hits[0].takeaway.tags
    again = services.importer.run(paths, team_id="T1")
    assert (again.takeaways_created, again.takeaways_skipped) == (0, report.takeaways_created)


def test_dry_run_writes_nothing_and_says_what_would_happen(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, [KARPENTER, {"text": "Thanos keeps metrics for a year"}, KARPENTER])
    services.importer.run([write(tmp_path, [KARPENTER], "first.jsonl")], team_id="T1")
    seen: list[tuple[str, bool]] = []
    report = services.importer.run(
        [path],
        team_id="T1",
        dry_run=True,
        preview=lambda record, team, new: seen.append((record.takeaway.text, new)),  # type: ignore[union-attr]
    )
    assert (report.takeaways_created, report.takeaways_skipped) == (1, 2)
    assert seen == [
        (KARPENTER["text"], False),
        ("Thanos keeps metrics for a year", True),
        (KARPENTER["text"], False),
    ]
    assert texts(services) == [KARPENTER["text"]]


def test_values_no_database_can_store_are_bad_lines_not_crashes(
    services: Services, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        [
            {"text": "NUL \u0000 inside"},
            '{"text": "lone surrogate \\ud800 here"}',
            {"text": "x", "created_at": "0001-01-01T00:00:00+01:00"},
            {"text": "x", "author": "two words"},
            {"text": "x", "team_id": "T" * 40},
            {"text": "a bell \u0007 rings"},
            # An owner that would ping the whole channel from the digest's mentions.
            {"text": "x", "followups": [{"text": "do it", "owner": "U1><!channel><@U2"}]},
            {"type": "followup", "text": "do it", "owner": "<!here>"},
            {"text": "Still imported after all that"},
        ],
    )
    report = services.importer.run([path], team_id="T1", batch_size=1)
    assert [e.split(": ", 1)[1] for e in report.errors] == [
        "`text` contains a NUL character",
        "`text` contains characters that are not valid Unicode (a lone surrogate)",
        "`created_at` is not an ISO 8601 date-time: '0001-01-01T00:00:00+01:00' "
        '(e.g. "2024-03-20T14:30:00Z" or "2024-03-20")',
        "`author` must be a Slack user id like U0123ABCD, got 'two words'",
        "`team_id` must be a Slack id like T0123ABCD",
        "`text` contains a control character (U+0007)",
        "follow-up 1: `owner` must be a Slack user id like U0123ABCD, got 'U1><!channel><@U2'",
        "`owner` must be a Slack user id like U0123ABCD, got '<!here>'",
    ]
    assert texts(services) == ["Still imported after all that"]


def test_each_record_keeps_its_enterprise(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            {"text": "From the grid org", "team_id": "T1", "enterprise_id": "E1"},
            {"text": "From nowhere in particular", "team_id": "T1"},
        ],
    )
    services.importer.run([path])
    with transaction(services.sessions) as s:
        rows = repo.list_takeaways(session=s, team_id="T1", flt=repo.TakeawayFilter(), limit=5)
        assert {t.text: t.enterprise_id for t in rows} == {
            "From the grid org": "E1",
            "From nowhere in particular": None,
        }


def test_csv_links_keep_their_commas(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        'text,links\nDashboards by tenant,"https://grafana.example/d?var=a,b https://x.example"\n',
        encoding="utf-8",
    )
    report = services.importer.run([path], team_id="T1")
    assert report.error_count == 0
    with transaction(services.sessions) as s:
        (row,) = repo.list_takeaways(session=s, team_id="T1", flt=repo.TakeawayFilter(), limit=5)
        assert row.links == ["https://grafana.example/d?var=a,b", "https://x.example"]


def test_a_row_the_database_refuses_is_named_and_its_batch_still_stored(
    engine: Engine, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check looser than its column (here on purpose) must not crash the import: the
    batch is stored record by record and the refused line named."""
    monkeypatch.setattr("bot.transfer.records.NAME_LIMIT", 1000)
    path = write(
        tmp_path,
        [
            {"text": "Before the odd one"},
            {"text": "Odd one", "author_name": "n" * 300},
            {"text": "After the odd one"},
        ],
    )
    report = services.importer.run([path], team_id="T1")
    if engine.dialect.name == "postgresql":  # SQLite does not enforce VARCHAR lengths
        assert [e.split(": ", 1)[1] for e in report.errors] == [
            "the database refused it: value too long for type character varying(200)"
        ]
        assert texts(services) == ["After the odd one", "Before the odd one"]
    else:
        assert report.error_count == 0
        assert len(texts(services)) == 3


def test_notes_keep_where_they_come_from_and_when(services: Services, tmp_path: Path) -> None:
    post = tmp_path / "kubecon-recap.md"
    post.write_text(
        "---\ntitle: Our KubeCon EU 2019 recap\ndate: 2019-05-23T09:00:00Z\n"
        "url: https://blog.example.com/kubecon-2019\n---\n\n"
        "Karpenter was not a thing yet; cluster-autoscaler node groups were the norm.\n",
        encoding="utf-8",
    )
    services.importer.run([post], team_id="T1")
    with transaction(services.sessions) as s:
        (note,) = repo.list_takeaways(session=s, team_id="T1", flt=repo.TakeawayFilter(), limit=5)
        assert note.source_url == "https://blog.example.com/kubecon-2019"
        assert note.event_date == date(2019, 5, 23)
    # The command line's --source-url and --date win over the file.
    services.importer.run(
        [post],
        team_id="T2",
        defaults=Defaults(source_url="https://wiki.example.com/x", event_date=date(2019, 5, 22)),
    )
    with transaction(services.sessions) as s:
        (note,) = repo.list_takeaways(session=s, team_id="T2", flt=repo.TakeawayFilter(), limit=5)
        assert (note.source_url, note.event_date) == (
            "https://wiki.example.com/x",
            date(2019, 5, 22),
        )
