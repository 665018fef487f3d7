"""`takeaways import` and `takeaways export` as a user runs them, on SQLite and Postgres."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

NOTES = Path(__file__).parent / "data" / "notes"


def seed(run) -> None:  # type: ignore[no-untyped-def]
    script = "\n".join(
        [
            'add Karpenter consolidates nodes by price #karpenter conf:"KubeCon EU 2024" '
            'talk:"Karpenter deep dive" https://karpenter.sh',
            'add KEDA scaling modifiers could replace our prescaler #keda conf:"KubeCon EU 2024"',
            "add Try Crik at the next R&D day, it's <!channel> worthy",
            "followup Trial Karpenter in QA due:2027-04-01 for:1",
            "followup Book a room for R&D day",
            "",
        ]
    )
    result = run("console", "--team", "T1", stdin=script)
    assert result.exit_code == 0, result.output


def test_export_jsonl_then_import_into_an_empty_database(run, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed(run)
    result = run("export", "--output", "backup.jsonl")
    assert result.exit_code == 0, result.output
    assert "Exported 3 takeaways and 2 follow-ups from 1 workspace to backup.jsonl." in (
        result.output
    )
    lines = [json.loads(line) for line in (tmp_path / "backup.jsonl").read_text().splitlines()]
    assert [r["type"] for r in lines] == ["takeaway"] * 3 + ["followup"]
    assert lines[0]["followups"][0]["text"] == "Trial Karpenter in QA"

    # A brand-new SQLite database, as when moving the bot to a new home.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    result = run("import", "backup.jsonl")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported 3 takeaways and 2 follow-ups into T1 (")
    again = run("import", "backup.jsonl")
    assert again.output.startswith(
        "Imported 0 takeaways and 0 follow-ups into T1; 5 already there, skipped ("
    )
    run("export", "--output", "copy.jsonl")
    copy = [json.loads(line) for line in (tmp_path / "copy.jsonl").read_text().splitlines()]

    def strip(r: dict) -> dict:  # type: ignore[type-arg]
        r = {k: v for k, v in r.items() if k != "id"}
        if "followups" in r:
            r["followups"] = [{k: v for k, v in f.items() if k != "id"} for f in r["followups"]]
        return r

    assert [strip(r) for r in copy] == [strip(r) for r in lines]


def test_import_reports_bad_lines_imports_the_rest_and_exits_1(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Linkerd is fine"}\n{"txt": "oops"}\n{broken\n')
    result = run("import", str(bad), "--team", "T1")
    assert result.exit_code == 1
    assert "Imported 1 takeaway and 0 follow-ups into T1" in result.output
    assert "2 lines could not be imported:" in result.output
    assert f"{bad} line 2: unknown field `txt`" in result.output
    assert f"{bad} line 3: not valid JSON" in result.output
    assert "Traceback" not in result.output
    texts = [d["text"] for d in json.loads(run("ask", "linkerd", "--json").output)]
    assert texts == ["Linkerd is fine"]
    missing = run("import", str(tmp_path / "nope.jsonl"), "--team", "T1")
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    author = run("import", str(bad), "--author", "bob")
    assert author.exit_code == 2
    assert "--author must be a Slack user id like U0123ABCD" in author.output
    team = run("import", str(bad), "--team", "acme corp")
    assert team.exit_code == 2
    assert "--team must be a Slack id like T0123ABCD" in team.output


def test_empty_database_import_needs_team(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.jsonl"
    notes.write_text('{"text": "Karpenter consolidates nodes by price"}\n')
    result = run("import", str(notes))
    assert result.exit_code == 1
    assert "no workspace for this record: choose one with --team" in result.output
    result = run("import", str(notes), "--team", "T1", "--batch-size", "1")
    assert result.exit_code == 0, result.output


def test_notes_file_without_a_workspace_fails_once_before_reading(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A pasted write-up names no workspace: one clear error, not one per note, nothing stored.
    post = tmp_path / "kubecon-paris.md"
    post.write_text(
        "# Karpenter\n\n- consolidates nodes by price\n\n"
        "# KEDA\n\n- scales deployments to zero when the queue is empty\n"
    )
    result = run("import", str(post))
    assert result.exit_code == 1
    assert "a notes file names no workspace" in result.output
    assert "choose one with --team" in result.output and "T0123ABCD" in result.output
    assert "line" not in result.output and "Traceback" not in result.output
    # A look first works on a fresh install: everything is new, nothing is written (the
    # import after it is still asked for a workspace).
    look = run("import", str(post), "--dry-run")
    assert look.exit_code == 0, look.output
    assert "consolidates nodes by price" in look.output
    assert "Would import 2 takeaways" in look.output and "no workspace yet" in look.output
    assert run("import", str(post)).exit_code == 1
    assert run("import", str(post), "--team", "T1").exit_code == 0
    listing = run("export", "--team", "T1")
    assert "consolidates nodes by price" in listing.output


def test_dry_run_lists_notes_and_writes_nothing(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    md = NOTES / "kubecon-eu-2024.md"
    result = run("import", str(md), "--team", "T1", "--dry-run", "--conference", "KubeCon EU 24")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("new   line ") >= 5
    assert "KubeCon EU 24 / " in out and "#karpenter" in out
    assert "Nothing was written (dry run)." in out
    assert json.loads(run("ask", "karpenter", "--json", "--team", "T1").output) == []
    real = run("import", str(md), "--team", "T1", "--conference", "KubeCon EU 24")
    assert real.exit_code == 0
    created = int(real.output.split()[1])
    assert out.count("new   line ") == created
    again = run("import", str(md), "--team", "T1", "--conference", "KubeCon EU 24", "--dry-run")
    assert again.output.count("have  line ") == created
    assert "Would import 0 takeaways" in again.output


def test_org_mode_notes_are_imported_by_their_headlines(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "kcd-munich-2024.org"
    notes.write_text(
        "#+TITLE: KCD Munich 2024\n#+OPTIONS: toc:nil\n\n* Karpenter at scale\n"
        ":PROPERTIES:\n:SPEAKER: someone\n:END:\n"
        "Karpenter consolidates nodes by price once the pods fit on fewer of them.\n",
        encoding="utf-8",
    )
    result = run("import", str(notes), "--team", "T1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported 1 takeaway")
    found = json.loads(run("ask", "karpenter", "--json", "--team", "T1").output)
    assert [f["conference"] for f in found] == ["KCD Munich 2024"]
    assert [f["talk"] for f in found] == ["Karpenter at scale"]


def test_a_saved_mail_is_imported_from_its_text(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mail = tmp_path / "recap.eml"
    mail.write_text(
        "From: Jonas <jonas@example.org>\nSubject: Fwd: ArgoCon NA 2023 recap\n"
        "Date: Thu, 09 Nov 2023 18:02:11 +0100\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
        "Argo CD 2.9 shards the application controller with consistent hashing, which bala=\n"
        "nces clusters far better than round-robin.\n",
        encoding="utf-8",
    )
    result = run("import", str(mail), "--team", "T1")
    assert result.exit_code == 0, result.output
    found = json.loads(run("ask", "argo cd sharding", "--json", "--team", "T1").output)
    assert [f["conference"] for f in found] == ["ArgoCon NA 2023"]
    assert "balances clusters" in found[0]["text"]


def test_a_notes_file_with_no_takeaway_says_so_and_fails(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "post.txt"
    page.write_text("Home\nAbout\nShare\nSign in\n", encoding="utf-8")
    result = run("import", str(page), "--team", "T1")
    assert result.exit_code == 1
    assert "no takeaway found in this file" in result.output
    assert json.loads(run("ask", "share", "--json", "--team", "T1").output) == []


def test_a_saved_page_and_a_file_of_any_name_are_imported(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "kubecon-eu-2024.html"
    page.write_text(
        "<html><head><title>KubeCon EU 2024 notes</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/blog'>Blog</a></nav><article>"
        "<h1>KubeCon EU 2024 notes</h1><h2>Karpenter deep dive</h2>"
        "<p>Karpenter consolidates nodes by price once the pods fit on fewer of them.</p>"
        "</article><footer>All rights reserved</footer></body></html>",
        encoding="utf-8",
    )
    plain = tmp_path / "NOTES"
    plain.write_text("KEDA scaling modifiers could replace our prescaler.\n", encoding="utf-8")
    result = run("import", str(page), str(plain), "--team", "T1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported 2 takeaways and 0 follow-ups into T1 (")
    found = json.loads(run("ask", "karpenter", "--json", "--team", "T1").output)
    assert [(f["conference"], f["talk"]) for f in found] == [
        ("KubeCon EU 2024", "Karpenter deep dive")
    ]
    assert json.loads(run("ask", "home blog", "--json", "--team", "T1").output) == []


def test_a_binary_file_is_refused_and_nothing_is_said_to_be_imported_anywhere(
    run, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    blob = tmp_path / "notes.bin"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    result = run("import", str(blob), "--team", "T1")
    assert result.exit_code == 1
    assert result.output.startswith("Imported 0 takeaways and 0 follow-ups (")
    assert "notes.bin line 1: not UTF-8 text; nothing in this file was imported" in result.output


def test_csv_export_is_spreadsheet_safe_and_imports_back(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed(run)
    run("console", "--team", "T1", stdin="add =HYPERLINK(1) looks like a formula #finops\n")
    result = run("export", "--format", "csv", "--team", "T1")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["text"][:12] for r in rows][-1] == "'=HYPERLINK("
    assert rows[0]["tags"] == "karpenter"
    assert rows[0]["links"] == "https://karpenter.sh"
    assert json.loads(rows[0]["followups"])[0]["due"] == "2027-04-01"
    (tmp_path / "sheet.csv").write_text(result.stdout)
    again = run("import", "sheet.csv")
    # Follow-ups of no takeaway are in JSON Lines only: the CSV holds 4 takeaways, 1 follow-up.
    assert "Imported 0 takeaways and 0 follow-ups into T1; 5 already there" in again.output
    run("import", "sheet.csv", "--team", "T2")
    texts = [
        d["text"] for d in json.loads(run("ask", "hyperlink", "--json", "--team", "T2").output)
    ]
    assert texts == ["=HYPERLINK(1) looks like a formula"]


def test_markdown_export_groups_by_conference_and_talk(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed(run)
    result = run("export", "--format", "md", "-o", "report.md")
    assert result.exit_code == 0, result.output
    md = (tmp_path / "report.md").read_text()
    assert md.index("## KubeCon EU 2024") < md.index("### Karpenter deep dive")
    assert md.index("### Karpenter deep dive") < md.index("- Karpenter consolidates")
    assert md.index("## Other takeaways") > md.index("## KubeCon EU 2024")
    assert "  - [ ] Trial Karpenter in QA — " in md
    assert "## Follow-ups not tied to a takeaway" in md
    assert md.startswith("# Takeaways of T1\n\n3 takeaways.\n")
    assert "- Try Crik at the next R&D day, it's @channel worthy\n" in md


def test_export_errors_are_clear(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed(run)
    assert run("export", "--format", "xml").exit_code == 2
    since = run("export", "--since", "last tuesday")
    assert since.exit_code == 2
    assert "'last tuesday' is not a date like 2024-03-20" in since.output
    team = run("export", "--team", "T404")
    assert team.exit_code == 1
    assert "this database has no workspace T404" in team.output
    (tmp_path / "ro").mkdir(mode=0o500)
    denied = run("export", "-o", str(tmp_path / "ro" / "x.jsonl"))
    if os.geteuid() != 0:  # root writes anywhere
        assert denied.exit_code != 0
        assert "Traceback" not in denied.output
    assert run("export", "--since", "2099-01-01").stdout == ""


def _run_in_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run the real command with a pseudo-terminal as its stderr; what that terminal shows."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
        cwd=cwd,
    )
    os.close(terminal)
    shown = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        shown += chunk
    proc.wait(timeout=60)
    assert proc.stdout is not None
    proc.stdout.close()
    os.close(controller)
    return shown.decode(errors="replace")


@pytest.mark.slow
def test_progress_bar_only_on_a_terminal(run, tmp_path, db_url) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.jsonl"
    big.write_text(
        "".join(json.dumps({"text": f"Cilium note number {i}"}) + "\n" for i in range(3000))
    )
    piped = run("import", str(big), "--team", "T1")
    assert "Importing" not in piped.output and "%" not in piped.output
    env = {**os.environ, "DATABASE_URL": db_url}
    env.pop("TAKEAWAYS_CONFIG", None)
    shown = _run_in_terminal(["import", str(big), "--team", "T2"], env, tmp_path)
    assert "Importing" in shown and "100%" in shown


def test_markdown_export_credits_an_imported_write_up_s_author(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    post = tmp_path / "recap.md"
    post.write_text(
        "---\nauthor: Ana Ruiz\ndate: 2025-04-07\n---\n\n## Karpenter deep dive\n\n"
        "Karpenter now replaces underused nodes with cheaper ones.\n\n"
        "## Flux\n\nFlux notification-controller reports drift to Slack.\n",
        encoding="utf-8",
    )
    assert run("import", str(post), "--team", "T1").exit_code == 0
    assert run("export", "--format", "md", "-o", "wiki.md").exit_code == 0
    wiki = (tmp_path / "wiki.md").read_text()
    assert "Ana Ruiz, 2025-04-07" in wiki, "the write-up's author and day, not the import's"
    assert "import" not in wiki
