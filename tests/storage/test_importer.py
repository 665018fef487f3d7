"""Bulk import from JSON Lines, on SQLite and Postgres."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.commands import Filters
from bot.errors import InvalidInput
from bot.serialize import takeaway_json
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.importer import ImportFailed
from bot.services.transactions import transaction
from storage import repositories as repo
from tests.support.clock import FrozenClock

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")


def write(tmp_path: Path, lines: list[Any], name: str = "notes.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


KARPENTER = {
    "text": "Karpenter consolidates nodes by price",
    "tags": ["Karpenter", "#finops"],
    "conference": "KubeCon EU 2024",
    "talk": "Karpenter deep dive",
    "author": "U0123",
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
    report = services.importer.import_jsonl(path, team_id="T1")
    assert (report.imported, report.lines, report.batches) == (2, 3, 1)
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
            "author_name": "import",
            "created_at": "2024-03-20T14:30:00Z",
            "updated_at": "2024-03-20T14:30:00Z",
        }
        assert second.links == ["https://github.com/kubernetes/autoscaler"]
        assert second.created_at.isoformat() == "2024-03-21T00:00:00+00:00"
        assert second.author == "UIMPORT"
    answer = services.dispatcher.ask(ALICE, "vertical pod autoscaler", Filters())
    assert [h.takeaway.text[:3] for h in answer.hits] == ["VPA"]


def test_a_bad_line_stores_nothing_and_every_bad_line_is_named(
    services: Services, tmp_path: Path
) -> None:
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
        ],
    )
    with pytest.raises(ImportFailed) as info:
        services.importer.import_jsonl(path, team_id="T1")
    error = info.value
    assert isinstance(error, InvalidInput)
    assert error.total == 9
    assert error.message == "9 lines cannot be imported; nothing was stored."
    assert error.errors == [
        "line 2: `text` is missing or empty",
        "line 3: not valid JSON (Expecting value at column 1)",
        "line 4: unknown field `tag` (known: text, tags, conference, talk, author, created_at, "
        "author_name, links, updated_at)",
        "line 5: tag '2024' must start with a letter (like #karpenter)",
        "line 6: `created_at` is not an ISO 8601 date-time: '20/03/2024' "
        '(e.g. "2024-03-20T14:30:00Z" or "2024-03-20")',
        "line 7: `text` is 3001 characters; the limit is 3000",
        "line 8: 21 tags; a takeaway can have at most 20",
        "line 9: each line must be a JSON object",
        "line 10: `conference` must be a string, got int",
    ]
    with transaction(services.sessions) as s:
        assert repo.count_takeaways(session=s, team_id="T1", flt=repo.TakeawayFilter()) == 0


def test_not_utf8_is_named_by_line(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(ImportFailed) as info:
        services.importer.import_jsonl(path, team_id="T1")
    assert info.value.errors == ["line 2: not UTF-8 text"]


def test_batches_are_transactions_logged_for_other_replicas(
    engine: Engine, services: Services, tmp_path: Path
) -> None:
    other = build_services(engine, clock=FrozenClock())
    assert other.dispatcher.ask(ALICE, "kyverno", Filters()).hits == []
    path = write(tmp_path, [{"text": f"Kyverno policy number {i}"} for i in range(5)])
    report = services.importer.import_jsonl(path, team_id="T1", batch_size=2)
    assert report.batches == 3
    with transaction(services.sessions) as s:
        assert repo.content_version(session=s, team_id="T1") == 3
    hits = other.dispatcher.ask(ALICE, "kyverno", Filters(), limit=10).hits
    assert len(hits) == 5


def test_exported_json_imports_as_is(services: Services, tmp_path: Path) -> None:
    services.importer.import_jsonl(write(tmp_path, [KARPENTER]), team_id="T1")
    with transaction(services.sessions) as s:
        exported = [
            takeaway_json(t, score=50.0)
            for t in repo.list_takeaways(
                session=s, team_id="T1", flt=repo.TakeawayFilter(), limit=10
            )
        ]
    report = services.importer.import_jsonl(write(tmp_path, exported, "export.jsonl"), team_id="T2")
    assert report.imported == 1
    with transaction(services.sessions) as s:
        (copy,) = repo.list_takeaways(session=s, team_id="T2", flt=repo.TakeawayFilter(), limit=5)
        assert (copy.text, copy.tags, copy.author, copy.author_name) == (
            KARPENTER["text"],
            ["karpenter", "finops"],
            "U0123",
            "import",
        )
