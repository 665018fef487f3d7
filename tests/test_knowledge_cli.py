"""`takeaways duplicates` (and, from issue 15, the other knowledge commands), through
click's runner on SQLite and Postgres."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from bot.grammar import parse
from bot.services.actor import Actor
from bot.services.container import Services
from tests.support.fake_slack import FakeSlack


@pytest.fixture
def cli(run: Callable[..., Result]) -> Callable[..., Result]:
    """tests/conftest.py's `run` (the CLI through click's runner), by the name used here."""
    return run


Run = Callable[..., Result]

ALICE = "Karpenter consolidates nodes by price, zone and instance type; it replaced our autoscaler"
BOB = "Learned that Karpenter picks cheaper instance types and consolidates underused nodes"


def add(cli: Run, user: str, *lines: str) -> None:
    script = "\n".join(f"add {line}" for line in lines) + "\n"
    result = cli("console", "--team", "T1", "--user", user, "--name", user.lower(), stdin=script)
    assert result.exit_code == 0, result.output


def test_duplicates_lists_groups_for_an_admin(cli: Run) -> None:
    assert json.loads(cli("duplicates", "--json").output) == []
    add(cli, "U1", ALICE, "Cilium replaces kube-proxy with eBPF #cilium")
    add(cli, "U2", BOB, 'Spot instances for CI runners saved 70% talk:"FinOps for platforms"')
    add(cli, "U3", 'Reserved instances for the baseline talk:"FinOps for platforms"')
    result = cli("duplicates", "--json")
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)
    assert [[t["id"] for t in g["takeaways"]] for g in groups] == [[1, 3], [4, 5]]
    by_ids = {tuple(t["id"] for t in g["takeaways"]): g for g in groups}
    assert by_ids[(1, 3)]["reasons"] == ["similar text"]
    assert by_ids[(4, 5)]["reasons"] == ["same talk"]
    assert 0 < by_ids[(1, 3)]["score"] <= 1
    assert by_ids[(1, 3)]["takeaways"][1]["author"] == "U2"

    text = cli("duplicates").output
    assert "(similar text):" in text and "#3  u2: Learned that Karpenter" in text
    assert "/takeaway merge 1 3" in text


def test_pairs_kept_separate_are_not_listed(cli: Run, services: Services) -> None:
    add(cli, "U1", ALICE)
    add(cli, "U2", BOB)
    assert len(json.loads(cli("duplicates", "--json").output)) == 1
    services.duplicate_clicks.keep_separate(Actor(team_id="T1", user_id="U2"), 2, 1)
    assert json.loads(cli("duplicates", "--json").output) == []
    assert "No likely duplicates." in cli("duplicates").output


def test_stale_lists_what_is_due_for_review(cli: Run, tmp_path: Path) -> None:
    assert json.loads(cli("stale", "--json").output) == []
    add(cli, "U1", "Cilium replaces kube-proxy revisit:+1d")
    assert "Nothing is due for review." in cli("stale").output
    lines = [
        {"text": "Karpenter drift replaces nodes", "author": "U1", "revisit_on": "2020-01-01"},
        {"text": "Flux bumps tags", "author": "U2", "revisit_on": "2021-06-01"},
        {"text": "Old and outdated", "revisit_on": "2020-01-01", "status": "outdated"},
    ]
    path = tmp_path / "old.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert cli("import", str(path), "--team", "T1").exit_code == 0
    due = json.loads(cli("stale", "--json").output)
    assert [(t["text"], t["revisit_on"], t["status"]) for t in due] == [
        ("Karpenter drift replaces nodes", "2020-01-01", "current"),
        ("Flux bumps tags", "2021-06-01", "current"),
    ]
    assert "#2  revisit 2020-01-01  U1: Karpenter drift" in cli("stale").output


def test_who_json_contract(cli: Run, services: Services) -> None:
    assert json.loads(cli("who", "karpenter", "--json").output) == []
    add(cli, "U1", "Karpenter consolidates nodes #karpenter", "Karpenter drift #karpenter")
    add(cli, "U2", "Karpenter spot interruptions #karpenter", "Cilium and eBPF #cilium")
    services.dispatcher.execute(Actor(team_id="T1", user_id="U2"), parse("followup Try it for:3"))
    services.dispatcher.execute(Actor(team_id="T1", user_id="U2"), parse("done 1"))
    result = cli("who", "karpenter", "--json")
    assert result.exit_code == 0, result.output
    people = json.loads(result.output)
    assert (
        people
        == [
            {"user": "U2", "score": 5.0, "takeaways": 1, "followups_closed": 1},
            {"user": "U1", "score": 6.0, "takeaways": 2, "followups_closed": 0},
        ][::-1]
    )
    assert "u2 (U2)  score 5: 1 takeaways" in cli("who", "karpenter").output


def test_ask_json_has_the_knowledge_fields(cli: Run, services: Services) -> None:
    add(
        cli,
        "U1",
        'Karpenter consolidates nodes by price #karpenter talk:"Deep dive"',
        'Karpenter drift replaces AMIs #karpenter talk:"Deep dive"',
    )
    add(cli, "U2", "Karpenter picks cheaper instances and consolidates nodes #karpenter")
    alice = Actor(team_id="T1", user_id="U1")
    services.duplicate_clicks.add_angle(Actor(team_id="T1", user_id="U2"), 3, 1)
    services.plus_ones.me_too(Actor(team_id="T1", user_id="U3"), 1)
    services.revisits.answer(alice, 2, "superseded", superseded_by=1)
    data = json.loads(cli("ask", "karpenter", "--json").output)
    first = next(r for r in data if r["id"] == 1)
    assert first["coauthors"] == [{"user": "U2", "name": "u2"}]
    assert first["plus_ones"] == ["U3"]
    assert (first["status"], first["verified_at"], first["superseded_by"]) == (
        "current",
        None,
        None,
    )
    assert first["related"] == [2]
    second = next(r for r in data if r["id"] == 2)
    assert (second["status"], second["superseded_by"]) == ("superseded", 1)
    assert [r["id"] for r in data] == [1, 2], "a superseded takeaway ranks last"


def test_revisit_now_dms_each_author_once_a_day(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    assert "say --now" in cli("revisit").output
    path = tmp_path / "due.jsonl"
    line = {"text": "<!channel> Karpenter drift", "author": "U1", "revisit_on": "2020-01-01"}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert cli("import", str(path), "--team", "T1").exit_code == 0
    sent = cli("revisit", "--now")
    assert sent.exit_code == 0, sent.output
    assert "sent 1, already sent today 0, failed 0" in sent.output
    (dm,) = fake_slack.calls_to("chat.postMessage")
    assert dm.params["channel"] == "DU1"
    assert "Still true?" in json.dumps(dm.params) and "<!channel>" not in json.dumps(dm.params)
    assert "sent 0, already sent today 1" in cli("revisit", "--now").output


def test_me_hide_survives_an_export_and_an_import(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(cli, "U1", "Karpenter consolidates nodes by price #karpenter")
    add(cli, "U2", "Karpenter drift replaces nodes with an old AMI #karpenter")
    assert cli("console", "--team", "T1", "--user", "U1", stdin="me hide\n").exit_code == 0
    assert cli("export", "--output", "backup.jsonl").exit_code == 0
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'restored.db'}")
    assert cli("import", "backup.jsonl").exit_code == 0
    who = json.loads(cli("who", "karpenter", "--json").stdout)
    assert [p["user"] for p in who] == ["U2"], "U1 asked not to be listed"
