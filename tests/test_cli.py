"""The `takeaways` command, run through click's runner on SQLite and Postgres."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from bot.cli.console import run_console
from bot.cli.main import cli
from bot.services.actor import Actor
from bot.services.container import Services
from storage import migrate


def test_console_accepts_the_slash_command_grammar(run) -> None:  # type: ignore[no-untyped-def]
    script = "\n".join(
        [
            'add Karpenter consolidates nodes by price #karpenter conf:"KubeCon EU 2024"',
            "/takeaway add Cilium replaces kube-proxy #cilium",
            "ask karpneter",
            "list #cilium",
            "frobnicate",
            "export",
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
    assert "use `takeaways export --format md --output takeaways.md`" in out
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


def test_followups_json_contract(run) -> None:  # type: ignore[no-untyped-def]
    run(
        "console",
        stdin="add Crik checkpoints containers #crik\n"
        "followup Try Crik at R&D day due:2026-12-15 for:1\n"
        "followup Write it up\n"
        "done 2\n",
    )
    data = json.loads(run("followups", "--json").output)
    assert [d["text"] for d in data] == ["Try Crik at R&D day"]
    first = data[0]
    for key in ("id", "text", "owner", "due", "status", "takeaway_id"):
        assert key in first
    assert (first["due"], first["status"], first["takeaway_id"]) == ("2026-12-15", "open", 1)
    everything = json.loads(run("followups", "--all", "--json").output)
    assert {d["status"] for d in everything} == {"open", "done"}
    plain = run("followups").output
    assert "#1  [open]  2026-12-15" in plain and "(takeaway #1)" in plain


def test_digest_now_dry_run_prints_it(run) -> None:  # type: ignore[no-untyped-def]
    run("console", stdin='add Karpenter consolidates nodes conf:"KubeCon EU 2024"\n')
    result = run("digest", "--now", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Takeaways digest" in result.output
    assert "KubeCon EU 2024 · 1" in result.output
    assert "Karpenter consolidates nodes" in result.output


def test_digest_needs_now_and_a_channel(run) -> None:  # type: ignore[no-untyped-def]
    run("console", stdin="add Something\n")
    assert run("digest").exit_code == 2
    result = run("digest", "--now")
    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN must be set" in result.output


def test_digest_now_and_remind_now_post_to_slack(  # type: ignore[no-untyped-def]
    run, monkeypatch, fake_slack
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    run("console", "--user", "U2", stdin="add Karpenter note\nfollowup Trial it due:today\n")
    no_channel = run("digest", "--now")
    assert no_channel.exit_code == 1 and "has no digest channel" in no_channel.output
    monkeypatch.setenv("TAKEAWAYS_CONFIG", "digest.toml")
    with open("digest.toml", "w") as fh:
        fh.write('[digest]\nchannel = "CDIGEST"\n')
    posted = run("digest", "--now")
    assert posted.exit_code == 0, posted.output
    (call,) = fake_slack.calls_to("chat.postMessage")
    assert call.params["channel"] == "CDIGEST"
    assert "Karpenter note" in json.dumps(call.params["blocks"])
    reminded = run("remind", "--now")
    assert reminded.exit_code == 0, reminded.output
    assert "sent 1, already sent today 0, failed 0" in reminded.output
    assert "sent 0, already sent today 1" in run("remind", "--now").output


def test_schedule_json(run) -> None:  # type: ignore[no-untyped-def]
    run("console", stdin="add Something\n")
    assert json.loads(run("schedule", "--json").output)[0]["enabled"] is False
    run(
        "console",
        "--channel",
        "CDIGEST",
        stdin='digest here cron "0 9 * * 1" tz Europe/Brussels\n',
    )
    rows = json.loads(run("schedule", "--json").output)
    digest = next(r for r in rows if r["job"] == "digest")
    assert digest["enabled"] is True
    assert digest["timezone"] == "Europe/Brussels"
    assert digest["next_run_local"].endswith("09:00:00+01:00")
    assert any(r["job"] == "reminders" and r["next_run"] for r in rows)


def test_import_then_ask(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.jsonl"
    notes.write_text(
        '{"text": "Karpenter consolidates nodes by price", "tags": ["karpenter"]}\n'
        '{"text": "Cilium replaces kube-proxy", "created_at": "2024-05-01T09:00:00+02:00"}\n'
    )
    result = run("import", str(notes), "--team", "T1", "--batch-size", "1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported 2 takeaways and 0 follow-ups into T1 (")
    data = json.loads(run("ask", "karpneter", "--json").output)
    assert [d["text"] for d in data] == ["Karpenter consolidates nodes by price"]
    data = json.loads(run("ask", "cilium", "--json").output)
    assert data[0]["created_at"] == "2024-05-01T07:00:00Z"


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


def test_ask_shows_the_correction_and_where_an_imported_note_comes_from(  # type: ignore[no-untyped-def]
    run, tmp_path
) -> None:
    post = tmp_path / "kubecon-recap.md"
    post.write_text(
        "---\ntitle: KubeCon EU 2022 recap\ndate: 2022-05-24\nauthor: Ana Ruiz\n"
        "url: https://blog.example/kubecon-eu-2022\n---\n\n"
        "## Karpenter: autoscaling without node groups\n\n"
        "Karpenter launches a node that fits the pending pods by calling the EC2 Fleet API.\n",
        encoding="utf-8",
    )
    assert run("import", str(post), "--team", "T1").exit_code == 0
    lines = run("ask", "karpneter").output.splitlines()
    assert lines[0] == "Read karpneter as karpenter."
    assert "EC2 Fleet API" in lines[1]
    facts = lines[2].split(" · ")
    assert '"Karpenter: autoscaling without node groups"' in facts
    assert "KubeCon EU 2022" in facts
    assert "2022-05-24" in facts, "the event's day, not the import's"
    assert "https://blog.example/kubecon-eu-2022" in facts
    assert "by Ana Ruiz" in facts, "the write-up's author, not 'import'"
    assert "import" not in lines[2]
    undated = tmp_path / "notes.txt"
    undated.write_text("Kyverno verifyImages blocks unsigned images in production.\n")
    assert run("import", str(undated), "--team", "T1").exit_code == 0
    facts = run("ask", "kyverno").output.splitlines()[1].split(" · ")
    assert any(f.startswith("imported 20") for f in facts), "no day of its own: said so"
