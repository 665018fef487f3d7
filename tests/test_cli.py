"""The `takeaways` command, run through click's runner on SQLite and Postgres."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.console import run_console
from bot.services.actor import Actor
from bot.services.container import Services
from storage import migrate


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> Iterator[object]:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("TAKEAWAYS_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)

    yield invoke


def test_console_accepts_the_slash_command_grammar(run) -> None:  # type: ignore[no-untyped-def]
    script = "\n".join(
        [
            'add Karpenter consolidates nodes by price #karpenter conf:"KubeCon EU 2024"',
            "/takeaway add Cilium replaces kube-proxy #cilium",
            "ask karpneter",
            "list #cilium",
            "frobnicate",
            "quit",
            "add never reached",
        ]
    )
    result = run("console", stdin=script)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Saved as takeaway #1" in out
    assert "Saved as takeaway #2" in out
    assert "1 best match for karpneter" in out
    assert "Cilium replaces kube-proxy" in out
    assert "I don't know the command `frobnicate`" in out
    assert "never reached" not in out


def test_ask_json_contract(run) -> None:  # type: ignore[no-untyped-def]
    run(
        "console",
        stdin='add Karpenter consolidates nodes #karpenter #finops conf:"KubeCon EU 2024" '
        'talk:"Deep dive" https://karpenter.sh\nadd Cilium and eBPF #ebpf\n',
    )
    result = run("ask", "karpenter", "--json", "--limit", "3")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data) == 1
    first = data[0]
    for key in ("id", "text", "tags", "conference", "talk", "author", "created_at", "score"):
        assert key in first
    assert first["tags"] == ["karpenter", "finops"]
    assert first["conference"] == "KubeCon EU 2024"
    assert first["links"] == ["https://karpenter.sh"]
    assert first["created_at"].endswith("Z")
    assert first["score"] > 0


def test_ask_plain_and_empty_database(run) -> None:  # type: ignore[no-untyped-def]
    assert run("ask", "anything", "--json").output.strip() == "[]"
    assert "No takeaways recorded yet" in run("ask", "anything").output
    run("console", stdin="add Prometheus remote write costs #prometheus\n")
    out = run("ask", "promethues").output
    assert "#1" in out and "Prometheus remote write costs" in out
    assert "Nothing found for 'backstage'" in run("ask", "backstage").output


def test_ask_needs_team_when_several_workspaces(run) -> None:  # type: ignore[no-untyped-def]
    run("console", "--team", "T1", stdin="add One #a\n")
    run("console", "--team", "T2", stdin="add Two #a\n")
    result = run("ask", "one")
    assert result.exit_code == 1
    assert "2 workspaces (T1, T2); choose one with --team" in result.output
    data = json.loads(run("ask", "two", "--team", "T2", "--json").output)
    assert [d["text"] for d in data] == ["Two"]


def test_ask_limit_is_validated(run) -> None:  # type: ignore[no-untyped-def]
    result = run("ask", "x", "--limit", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.output


def test_db_upgrade_reports_revision(run) -> None:  # type: ignore[no-untyped-def]
    result = run("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert f"database is at revision {migrate.head_revision()}" in result.output


def test_serve_refuses_to_start_without_secrets(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    result = run("serve")
    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET must be set" in result.output


def test_bad_database_url_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://nope")
    result = CliRunner().invoke(cli, ["ask", "x"])
    assert result.exit_code == 1
    assert "unsupported database 'mysql'" in result.output


def test_unreachable_database_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    result = CliRunner().invoke(cli, ["ask", "x"])
    assert result.exit_code == 1
    assert "cannot prepare the database at postgresql+psycopg://postgres@127.0.0.1:1/none" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_run_console_directly(services: Services) -> None:
    out = io.StringIO()
    actor = Actor(team_id="T1", user_id="U1", user_name="me")
    run_console(services, actor, io.StringIO("add Hello &lt;!channel&gt; #x\nshow 1\n"), out)
    assert "Hello <!channel>" in out.getvalue()


def test_import_then_ask(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.jsonl"
    notes.write_text(
        '{"text": "Karpenter consolidates nodes by price", "tags": ["karpenter"]}\n'
        '{"text": "Cilium replaces kube-proxy", "created_at": "2024-05-01T09:00:00+02:00"}\n'
    )
    result = run("import", str(notes))
    assert result.exit_code == 1
    assert "no workspace yet; choose one with --team" in result.output
    result = run("import", str(notes), "--team", "T1", "--batch-size", "1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported 2 takeaways into T1 (2 batches, ")
    data = json.loads(run("ask", "karpneter", "--json").output)
    assert [d["text"] for d in data] == ["Karpenter consolidates nodes by price"]
    data = json.loads(run("ask", "cilium", "--json").output)
    assert data[0]["created_at"] == "2024-05-01T07:00:00Z"


def test_import_reports_bad_lines_and_exits_non_zero(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"txt": "oops"}\n')
    result = run("import", str(bad), "--team", "T1")
    assert result.exit_code == 1
    assert "1 line cannot be imported; nothing was stored." in result.output
    assert "line 2: unknown field `txt`" in result.output
    assert "Traceback" not in result.output
    assert run("ask", "fine", "--json", "--team", "T1").output.strip() == "[]"
    missing = run("import", str(tmp_path / "nope.jsonl"), "--team", "T1")
    assert missing.exit_code == 2
    assert "does not exist" in missing.output


def test_workspace_glossary_file_extends_search(run, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ours.toml").write_text('[[term]]\ntag = "paas"\naliases = ["bluebird"]\n')
    (tmp_path / "config.toml").write_text('[search]\nglossary_file = "ours.toml"\n')
    run("console", stdin="add Bluebird deploys every service the same way\n")
    data = json.loads(run("ask", "paas", "--json").output)
    assert [d["text"] for d in data] == ["Bluebird deploys every service the same way"]
    (tmp_path / "ours.toml").write_text('[[term]]\ntag = "PaaS"\n')
    result = run("ask", "paas")
    assert result.exit_code == 1
    assert "ours.toml, term 1: `tag` must be a lowercase tag" in result.output
