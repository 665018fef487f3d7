"""`takeaways report` as a team lead runs it after a conference, on SQLite and Postgres."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCRIPT = "\n".join(
    [
        'add Karpenter consolidates by price #karpenter conf:"KubeCon EU 2025" '
        'talk:"Karpenter Deep Dive"',
        'add Cilium [replaces](x) kube-proxy <!channel> #cilium conf:"KubeCon EU 2025"',
        "followup Trial Karpenter in QA for:1",
        "followup Share the Cilium talk for:2",
        "done 2",
        "",
    ]
)


def test_json_md_and_text_reports(run: Any, tmp_path: Path) -> None:
    assert run("console", "--team", "T1", stdin=SCRIPT).exit_code == 0
    as_json = run("report", "--conference", "KubeCon EU 2025", "--json")
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert list(data) == [
        "conference",
        "takeaways",
        "followups",
        "acted_ratio",
        "median_days_to_done",
        "attendees",
    ]
    assert data["takeaways"] == 2 and data["acted_ratio"] == 0.5
    assert data["followups"]["done_on_time"] == 1 and data["followups"]["open"] == 1
    assert data["attendees"] == ["ULOCAL"]

    written = run("report", "--conference", "kubecon eu 2025", "--format", "md", "-o", "trip.md")
    assert written.exit_code == 0
    trip = (tmp_path / "trip.md").read_text()
    assert trip.startswith("# Trip report: KubeCon EU 2025")
    assert "### Karpenter Deep Dive" in trip
    # Escaped for a wiki: no link, no HTML-ish tag from a takeaway's text.
    assert r"Cilium \[replaces\](x) kube-proxy @channel" in trip

    shown = run("report", "--conference", "KubeCon EU 2025")
    assert "Report: KubeCon EU 2025" in shown.stdout and "Learned → acted\n50%" in shown.stdout


def test_errors_are_messages_not_tracebacks(run: Any) -> None:
    empty = run("report", "--conference", "KubeCon EU 2025")
    assert empty.exit_code == 1 and "no workspace yet" in empty.output
    run("console", "--team", "T1", stdin=SCRIPT)
    unknown = run("report", "--conference", "KubeCon NA 2025", "--json")
    assert unknown.exit_code == 1
    assert 'No conference "KubeCon NA 2025" here. Known conferences: "KubeCon EU 2025".' in (
        unknown.output
    )
    assert "Traceback" not in unknown.output
    assert run("report").exit_code == 2


def test_brief_json_for_one_attendee(run: Any) -> None:
    schedule = str(Path(__file__).parent / "data" / "schedules" / "kubecon-eu-2025.ics")
    run("console", "--team", "T1", stdin=SCRIPT.replace("2025", "2024"))
    run("schedule", "import", schedule, "--conference", "KubeCon EU 2025")
    run("console", "--team", "T1", "--user", "U7", stdin="attend 2\n")
    result = run("brief", "--conference", "KubeCon EU 2025", "--user", "U7", "--json")
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert brief["conference"] == "KubeCon EU 2025" and brief["user"] == "U7"
    assert brief["starts_at"] == "2025-04-02T08:15:00Z"
    [talk] = brief["talks"]
    assert talk["id"] == 2 and talk["title"].startswith("Karpenter Deep Dive")
    assert [k["text"] for k in talk["known"]] == ["Karpenter consolidates by price"]
    assert brief["uncovered"] == []
    assert brief["previous_edition"] == "KubeCon EU 2024"
    assert [f["text"] for f in brief["open_followups"]] == ["Trial Karpenter in QA"]
    assert [(w["user"], w["takeaways"]) for w in brief["who_to_ask"]] == [("ULOCAL", 1)]
    bad = run("brief", "--conference", "KubeCon EU 2025", "--user", "<!channel>")
    assert bad.exit_code == 2 and "Slack user id" in bad.output


def test_an_imported_write_up_is_credited_to_its_author_never_to_import(
    run: Any, tmp_path: Path
) -> None:
    post = tmp_path / "recap.txt"
    post.write_text(
        "Infra Notes\n"
        "What we brought back from KubeCon EU 2025\n"
        "Written by Ana Ruiz on April 7, 2025\n"
        "Karpenter: consolidation\n"
        "Karpenter now replaces underused nodes with cheaper ones, not only empty ones.\n"
        "Spot-to-spot consolidation needs at least fifteen instance types to choose from.\n",
        encoding="utf-8",
    )
    assert run("import", str(post), "--team", "T1").exit_code == 0
    trip = run("report", "--conference", "KubeCon EU 2025", "--format", "md").stdout
    best = trip.split("## Best takeaways", 1)[1].split("\n## ", 1)[0]
    assert "— Ana Ruiz (#" in best
    assert "import" not in trip
    shown = run("report", "--conference", "KubeCon EU 2025").stdout
    assert "Ana Ruiz" in shown and "— import" not in shown
