"""export -> import into an empty database -> export again gives the same records (ids
aside), on SQLite and Postgres, and from SQLite to Postgres (moving a team's database)."""

from __future__ import annotations

import io
import json
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete

from bot import grammar as c
from bot.grammar import Filters
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from storage import followups as followup_repo
from storage import takeaways as repo
from storage.db import make_engine
from storage.models import Base
from tests.conftest import truncate_all
from tests.support.clock import FrozenClock

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice", admin_check=lambda: True)
BOB = Actor(team_id="T2", enterprise_id="E1", user_id="U2", user_name="bob")

AWKWARD_TEXTS = [
    "Karpenter consolidates nodes by price, zone and instance type",
    'She said "don\'t over-provision" — and meant it 🚀🔥 (naïve café, 日本語)',
    "Line one\nline two\r\n\ttabbed line three\n",
    "'; DROP TABLE takeaways; -- and SELECT * FROM followups WHERE 1=1",
    "<!channel> <@U999|eve> &amp; <https://example.com|a link> ${HOME} `code` \\ backslash",
    '=HYPERLINK("http://evil.example") starts like a spreadsheet formula',
    "- a line that looks like a bullet\n# and one like a heading",
    "Emoji only after this: 🧪 " + "x" * 2900,
    "  Leading and trailing spaces stay, as does a last newline\n",
    "This one gets deleted; its follow-up stays behind",
]


def _seed(services: Services) -> None:
    """Takeaways of every shape, in two workspaces, with follow-ups of every status."""
    now = datetime(2024, 3, 20, 14, 30, 5, 123456, tzinfo=UTC)
    with transaction(services.sessions) as s:
        repo.ensure_workspace(session=s, team_id="T1", enterprise_id=None, now=now)
        repo.ensure_workspace(session=s, team_id="T2", enterprise_id="E1", now=now)
        for n, text in enumerate(AWKWARD_TEXTS):
            repo.add_takeaway(
                session=s,
                team_id="T1",
                enterprise_id=None,
                text=text,
                tags=["karpenter", "finops"] if n == 0 else (["ünïcode"] if n == 1 else []),
                conference="KubeCon EU 2024" if n % 2 == 0 else None,
                talk="Karpenter deep dive" if n == 0 else None,
                links=(
                    [
                        "https://karpenter.sh",
                        "https://example.com/a?b=c&d=e",
                        "https://grafana.example/d?var=a|b,c",
                        "https://example.com/" + "long/" * 500,
                    ]
                    if n == 0
                    else []
                ),
                # The console's local user (`takeaways console`, --user ULOCAL by default).
                author="U1" if n != 1 else "ULOCAL",
                author_name="alice",
                now=now.replace(minute=n),
                source_author="U3" if n == 2 else None,
                source_author_name="carol 🎤" if n == 2 else None,
            )
        # Imported from a write-up: where it came from and when the event was.
        imported = repo.get_takeaway(session=s, team_id="T1", ref=1)
        assert imported is not None
        imported.source_url = "https://example.com/blog/kubecon-eu-2024?utm=x&y=(1)"
        imported.event_date = date(2024, 3, 20)
        repo.add_takeaway(
            session=s,
            team_id="T2",
            enterprise_id="E1",
            text="Another workspace's note about KEDA",
            tags=["keda"],
            conference=None,
            talk=None,
            links=[],
            author="U2",
            author_name="bob",
            now=now,
        )
    first = services.dispatcher.execute(
        ALICE, c.parse("followup Trial Karpenter in QA <@U2> due:2027-04-01 for:1")
    )
    second = services.dispatcher.execute(ALICE, c.parse("followup Write the ADR for:1"))
    services.dispatcher.execute(ALICE, c.parse("followup Present at R&D day 🎤"))
    services.dispatcher.execute(ALICE, c.parse("followup Compare with cluster-autoscaler for:2"))
    services.dispatcher.execute(ALICE, c.parse("done 2"))
    services.dispatcher.execute(ALICE, c.parse("drop 4"))
    # Deleting a takeaway keeps its follow-ups, no longer tied to anything.
    services.dispatcher.execute(ALICE, c.parse("followup Clean up the old notes for:10"))
    services.dispatcher.execute(ALICE, c.parse("delete 10"))
    assert first and second


def _export(services: Services, **kwargs: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    services.exporter.export(out, fmt="jsonl", **kwargs)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _without_ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def strip(record: dict[str, Any]) -> dict[str, Any]:
        clean = {k: v for k, v in record.items() if k != "id"}
        if "followups" in clean:
            clean["followups"] = [strip(f) for f in clean["followups"]]
        return clean

    return sorted((strip(r) for r in records), key=lambda r: (r["type"], r["uid"]))


def _wipe(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(delete(table))


def _import(services: Services, records: list[dict[str, Any]], tmp_path: Path) -> Any:
    path = tmp_path / "export.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return services.importer.run([path])


def test_export_import_export_is_lossless(
    engine: Engine, services: Services, tmp_path: Path
) -> None:
    _seed(services)
    before = _export(services)
    takeaways = [r for r in before if r["type"] == "takeaway"]
    assert len(takeaways) == len(AWKWARD_TEXTS) - 1 + 1  # one deleted, one in T2
    assert {r["text"] for r in takeaways} >= set(AWKWARD_TEXTS) - {AWKWARD_TEXTS[-1]}
    unlinked = [r for r in before if r["type"] == "followup"]
    assert sorted(f["text"] for f in unlinked) == [
        "Clean up the old notes",
        "Present at R&D day 🎤",
    ]
    karpenter = next(r for r in takeaways if r["text"] == AWKWARD_TEXTS[0])
    assert [(f["text"], f["status"], f["owner"], f["due"]) for f in karpenter["followups"]] == [
        ("Trial Karpenter in QA", "open", "U2", "2027-04-01"),
        ("Write the ADR", "done", "U1", None),
    ]

    _wipe(engine)
    report = _import(build_services(engine, clock=FrozenClock()), before, tmp_path)
    assert (report.error_count, report.takeaways_created, report.followups_created) == (0, 10, 5)
    assert report.teams == {"T1", "T2"}
    after = _export(services)
    assert _without_ids(after) == _without_ids(before)
    # Microseconds and the enterprise survive too.
    assert karpenter["created_at"] == "2024-03-20T14:00:05.123456Z"
    assert next(r for r in after if r["team_id"] == "T2")["enterprise_id"] == "E1"


def test_reimport_creates_no_duplicates_and_search_sees_the_import(
    services: Services, tmp_path: Path
) -> None:
    _seed(services)
    before = _export(services)
    report = _import(services, before, tmp_path)
    assert (report.takeaways_created, report.followups_created) == (0, 0)
    assert (report.takeaways_skipped, report.followups_skipped) == (10, 5)
    assert _without_ids(_export(services)) == _without_ids(before)
    # Into another workspace (--team) it is a copy, and search finds it there.
    copy = services.importer.run([tmp_path / "export.jsonl"], team_id="T9")
    assert copy.takeaways_created == 10
    hits = services.dispatcher.ask(
        Actor(team_id="T9", user_id="U1"), "karpenter", Filters(), limit=3
    ).hits
    assert hits[0].takeaway.text == AWKWARD_TEXTS[0]
    with transaction(services.sessions) as s:
        copied = followup_repo.list_followups(
            session=s, team_id="T9", statuses=("open", "done", "dropped")
        )
        assert len(copied) == 5
        linked = [f for f in copied if f.takeaway_id is not None]
        assert {f.takeaway_id for f in linked} == {hits[0].takeaway.id, linked[-1].takeaway_id}


def test_since_limits_the_export(services: Services) -> None:
    _seed(services)
    later = _export(services, since=datetime(2024, 3, 20, 14, 5, tzinfo=UTC))
    texts = [r["text"] for r in later if r["type"] == "takeaway"]
    assert AWKWARD_TEXTS[0] not in texts and AWKWARD_TEXTS[5] in texts
    one = _export(services, team_id="T2")
    assert [r["text"] for r in one] == ["Another workspace's note about KEDA"]


@pytest.mark.postgres
def test_sqlite_to_postgres(
    postgres_base_url: str | None, sqlite_template: Path, tmp_path: Path
) -> None:
    """Moving from the default SQLite file to Postgres: export there, import here."""
    if postgres_base_url is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("TAKEAWAYS_TEST_DATABASE_URL is required under CI=true")
        pytest.skip("TAKEAWAYS_TEST_DATABASE_URL is not set")
    path = tmp_path / "old.db"
    shutil.copy(sqlite_template, path)
    old_engine = make_engine(f"sqlite:///{path}")
    new_engine = make_engine(postgres_base_url)
    try:
        old = build_services(old_engine, clock=FrozenClock())
        _seed(old)
        before = _export(old)
        truncate_all(new_engine)
        new = build_services(new_engine, clock=FrozenClock())
        report = _import(new, before, tmp_path)
        assert report.error_count == 0
        assert _without_ids(_export(new)) == _without_ids(before)
        with transaction(new.sessions) as s:
            due = followup_repo.list_followups(session=s, team_id="T1", statuses=("open",))
            assert date(2027, 4, 1) in {f.due for f in due}
    finally:
        old_engine.dispose()
        new_engine.dispose()


class _WriterThatRaces(io.StringIO):
    """An output that, on the first line written, lets another replica change the data."""

    def __init__(self, race: Any) -> None:
        super().__init__()
        self._race = race

    def write(self, text: str) -> int:
        if self._race is not None:
            race, self._race = self._race, None
            race()
        return super().write(text)


def test_an_export_is_one_snapshot_while_others_write(
    engine: Engine, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup taken while the bot runs: rows deleted or added after it started do not
    tear it (read in batches of 2, the race happens after the first batch)."""
    _seed(services)
    monkeypatch.setattr("storage.transfer.READ_BATCH", 2)
    other = build_services(engine, clock=FrozenClock())

    def race() -> None:
        other.dispatcher.execute(ALICE, c.parse("delete 9"))
        other.dispatcher.execute(ALICE, c.parse("add Added while the export runs #late"))

    out = _WriterThatRaces(race)
    report = services.exporter.export(out, fmt="jsonl", team_id="T1")
    texts = [json.loads(line)["text"] for line in out.getvalue().splitlines()]
    assert AWKWARD_TEXTS[8] in texts
    assert "Added while the export runs" not in texts
    assert report.takeaways == len(AWKWARD_TEXTS) - 1
    assert "Added while the export runs" in [r["text"] for r in _export(services, team_id="T1")]
