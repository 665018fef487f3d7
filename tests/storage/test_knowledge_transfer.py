"""Co-authors, +1s, merged takeaways and pairs kept separate survive export -> import ->
export (JSON Lines and CSV), on SQLite and Postgres."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bot import grammar as c
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from storage import merges
from storage import takeaways as repo
from tests.storage.test_roundtrip import _wipe, _without_ids
from tests.support.clock import FrozenClock

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")
BOB = Actor(team_id="T1", user_id="U2", user_name="bob")


def _seed(services: Services) -> None:
    run = services.dispatcher.execute
    run(ALICE, c.parse("add Karpenter consolidates nodes by price #karpenter"))
    run(BOB, c.parse("add Karpenter picks cheaper instance types #finops"))
    run(BOB, c.parse("followup Trial Karpenter in QA for:2"))
    run(ALICE, c.parse("add Cilium replaces kube-proxy #cilium"))
    run(BOB, c.parse("add Cilium Hubble draws the service map #cilium"))
    services.duplicate_clicks.add_angle(BOB, 2, 1)  # bob's #2 becomes part of #1
    services.duplicate_clicks.keep_separate(BOB, 4, 3)
    with transaction(services.sessions) as s:
        first = repo.get_takeaway(session=s, team_id="T1", ref=1)
        assert first is not None
        merges.add_plus_one(session=s, takeaway=first, user_id="U3", now=services.clock())
    run(ALICE, c.parse("add Karpenter 0.32 renamed provisioners to NodePools revisit:+6m"))
    # #1 superseded by a later takeaway (#5): its line comes after #1's in an export.
    services.revisits.answer(ALICE, 1, "superseded", superseded_by=5)
    services.revisits.answer(ALICE, 3, "outdated")
    services.revisits.answer(ALICE, 5, "current")


def _export(services: Services, fmt: str = "jsonl") -> str:
    out = io.StringIO()
    services.exporter.export(out, fmt=fmt)
    return out.getvalue()


def _records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_jsonl_keeps_credits_plus_ones_merges_and_kept_apart_pairs(
    engine: Engine, services: Services, tmp_path: Path
) -> None:
    _seed(services)
    before = _records(_export(services))
    merged = next(r for r in before if r["text"].startswith("Karpenter"))
    assert merged["coauthors"] == [{"user": "U2", "name": "bob"}]
    assert merged["plus_ones"] == ["U3"]
    assert len(merged["merged_from"]) == 1
    assert [f["text"] for f in merged["followups"]] == ["Trial Karpenter in QA"]
    newer = next(r for r in before if "NodePools" in r["text"])
    assert (merged["status"], merged["superseded_by_uid"]) == ("superseded", newer["uid"])
    assert newer["verified_at"] is not None and newer["revisit_on"] == "2027-11-23"
    hubble = next(r for r in before if "Hubble" in r["text"])
    cilium = next(r for r in before if r["text"].startswith("Cilium replaces"))
    assert hubble["separate_from"] == [cilium["uid"]]

    path = tmp_path / "backup.jsonl"
    path.write_text(_export(services), encoding="utf-8")
    _wipe(engine)
    fresh = build_services(engine, clock=FrozenClock())
    report = fresh.importer.run([path], batch_size=1)
    assert (report.error_count, report.takeaways_created) == (0, 4)
    assert _without_ids(_records(_export(fresh))) == _without_ids(before)
    # The merged takeaway's old uid still leads to the merged one: a line of an older
    # backup holding it is not imported again.
    old = {"uid": merged["merged_from"][0], "text": "Karpenter picks cheaper instance types"}
    older = tmp_path / "older.jsonl"
    older.write_text(json.dumps(old) + "\n", encoding="utf-8")
    again = fresh.importer.run([older], team_id="T1")
    assert (again.takeaways_created, again.takeaways_skipped) == (0, 1)


def test_csv_keeps_them_too(engine: Engine, services: Services, tmp_path: Path) -> None:
    _seed(services)
    before = _records(_export(services))
    path = tmp_path / "backup.csv"
    path.write_text(_export(services, "csv"), encoding="utf-8")
    _wipe(engine)
    fresh = build_services(engine, clock=FrozenClock())
    assert fresh.importer.run([path]).error_count == 0
    after = [r for r in _records(_export(fresh)) if r["type"] == "takeaway"]
    assert _without_ids(after) == _without_ids([r for r in before if r["type"] == "takeaway"])


def test_markdown_credits_coauthors_and_says_what_is_no_longer_current(
    services: Services,
) -> None:
    _seed(services)
    report = _export(services, "md")
    assert "alice, bob, 2026-11-23" in report, "the merged takeaway credits both"
    assert "· superseded" in report and "· outdated" in report
