"""A conference's report (issue 16) at 10k takeaways, beside a naive baseline in the same run.

    .venv/bin/python -m benchmarks.conference_report --db both --write

One workspace holds 100k takeaways: 10k of them at "KubeCon EU 2025" over 300 talks (a
schedule of 300 talks imported too), 3k follow-ups of those in every state, 40 people
going. Measured in-process on a warm database, median of 7 runs after one warm-up:

- the JSON report (`takeaways report --json`: counts, ratio, median, attendees);
- the full report, rendered as the trip report (`--format md`) and as Slack blocks;
- the baseline: what the same numbers cost the obvious way, loading every takeaway of the
  conference (with its tags) and every follow-up as ORM objects and counting in Python.

Results go to docs/benchmarks.md between the conference-report marks.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from benchmarks.report import log, write_section
from bot.results import ReportShown
from bot.services.container import Services, build_services
from bot.services.reports import report_json
from bot.services.transactions import transaction
from bot.slack.blocks import render_result
from bot.transfer.trip_report import trip_report
from storage import migrate
from storage.db import make_engine
from storage.models import Followup, Takeaway

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
TEAM = "TBENCH"
CONFERENCE = "KubeCon EU 2025"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/takeaways_bench_report"
MARK_START = "<!-- conference-report:start -->"
MARK_END = "<!-- conference-report:end -->"
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
TAGS = ["karpenter", "cilium", "ebpf", "otel", "gitops", "argo", "backstage", "kyverno", "wasm"]


def corpus(path: Path, total: int, at_conference: int, talks: int) -> None:
    """JSON Lines the importer reads: takeaways with follow-ups, talks, attendees."""
    rng = random.Random(16)
    start = datetime(2025, 4, 2, 8, 0, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        for n in range(talks):
            out.write(
                json.dumps(
                    {
                        "type": "talk",
                        "uid": f"talk-{n}",
                        "conference": CONFERENCE,
                        "title": f"Talk {n}: scaling {TAGS[n % len(TAGS)]} in production",
                        "speakers": [f"Speaker {n}", f"Speaker {n + 1}"],
                        "starts_at": (start + timedelta(minutes=35 * n)).isoformat(),
                        "room": f"Hall {n % 12}",
                    }
                )
                + "\n"
            )
        for n in range(40):
            out.write(
                json.dumps({"type": "attendee", "conference": CONFERENCE, "user": f"U{n:04d}"})
                + "\n"
            )
        followups_left = 3000
        for n in range(total):
            here = n < at_conference
            record: dict[str, Any] = {
                "text": f"Takeaway {n}: {rng.choice(TAGS)} notes about nodes, budgets and pods",
                "tags": rng.sample(TAGS, 2),
                "conference": CONFERENCE if here else f"Meetup {n % 50}",
                "talk": f"Talk {n % talks}: scaling {TAGS[(n % talks) % len(TAGS)]} in production"
                if here
                else None,
                "author": f"U{n % 60:04d}",
                "author_name": f"person{n % 60}",
                "created_at": (start + timedelta(minutes=n % 5000)).isoformat(),
            }
            if here and followups_left and n % 3 == 0:
                followups_left -= 1
                status = rng.choice(["open", "open", "done", "done", "dropped"])
                due = (start + timedelta(days=rng.randint(5, 90))).date().isoformat()
                record["followups"] = [
                    {
                        "text": f"Try {n}",
                        "owner": f"U{n % 40:04d}",
                        "due": due,
                        "status": status,
                        "created_at": record["created_at"],
                        "closed_at": (start + timedelta(days=rng.randint(2, 60))).isoformat()
                        if status != "open"
                        else None,
                    }
                ]
            out.write(json.dumps(record) + "\n")


def naive_numbers(services: Services) -> dict[str, Any]:
    """The baseline: whole ORM rows, counted in Python."""
    with transaction(services.sessions) as session:
        takeaways = list(
            session.scalars(
                select(Takeaway)
                .options(selectinload(Takeaway.tag_rows))
                .where(Takeaway.team_id == TEAM, Takeaway.conference == CONFERENCE)
            )
        )
        ids = [t.id for t in takeaways]
        followups: list[Followup] = []
        for chunk in range(0, len(ids), 500):
            followups += session.scalars(
                select(Followup).where(Followup.takeaway_id.in_(ids[chunk : chunk + 500]))
            )
        today = NOW.date()
        done = [f for f in followups if f.status == "done"]
        tags: dict[str, int] = {}
        for t in takeaways:
            for tag in t.tags:
                tags[tag] = tags.get(tag, 0) + 1
        return {
            "takeaways": len(takeaways),
            "done": len(done),
            "overdue": sum(1 for f in followups if f.status == "open" and f.due and f.due < today),
            "median": statistics.median(
                [(f.closed_at - f.created_at).total_seconds() / 86400 for f in done if f.closed_at]
                or [0]
            ),
            "authors": sorted({t.author for t in takeaways}),
            "tags": sorted(tags.items(), key=lambda kv: -kv[1])[:10],
        }


def median_ms(run: Callable[[], object], rounds: int = 7) -> tuple[float, float]:
    run()  # warm-up: caches, statements, the first connection
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def backend(url: str, path: Path) -> list[tuple[str, float, float]]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    services = build_services(engine, clock=lambda: NOW)
    log(f"importing into {url.split('@')[-1]}")
    report = services.importer.run([path], team_id=TEAM)
    assert report.error_count == 0, report.errors
    summary = services.reports.report(TEAM, CONFERENCE, detail=False)
    assert summary.takeaways == 10_000, summary.takeaways
    runs: list[tuple[str, Callable[[], object]]] = [
        (
            "report --json (counts, ratio, median, attendees)",
            lambda: report_json(services.reports.report(TEAM, CONFERENCE, detail=False)),
        ),
        (
            "report --format md (the trip report)",
            lambda: trip_report(services.reports.report(TEAM, CONFERENCE)),
        ),
        (
            "/takeaway report (Slack blocks)",
            lambda: render_result(ReportShown(services.reports.report(TEAM, CONFERENCE))),
        ),
        (
            "baseline: ORM rows of the conference, counted in Python",
            lambda: naive_numbers(services),
        ),
    ]
    steps = [(what, *median_ms(run)) for what, run in runs]
    engine.dispose()
    return steps


def fresh_postgres(url: str) -> None:
    admin = make_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    name = url.rsplit("/", 1)[1]
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=PG_DEFAULT)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / "conference-report.jsonl"
    corpus(path, total=100_000, at_conference=10_000, talks=300)
    results: dict[str, list[tuple[str, float, float]]] = {}
    if args.db in ("sqlite", "both"):
        db = DATA / "conference-report.db"
        for old in DATA.glob("conference-report.db*"):
            old.unlink()
        results["sqlite"] = backend(f"sqlite:///{db}", path)
    if args.db in ("postgres", "both"):
        fresh_postgres(args.postgres_url)
        results["postgres"] = backend(args.postgres_url, path)
    lines = [
        "## Conference report (issue 16)",
        "",
        f"Reproduce: `.venv/bin/python -m benchmarks.conference_report --db {args.db} --write` "
        f"({time.strftime('%Y-%m-%d')}, this 2-core machine).",
        "",
        "One workspace of 100,000 takeaways; 10,000 of them at one conference over 300 talks "
        "(its schedule imported), 3,000 follow-ups of those in every state, 40 people going. "
        "In-process, warm database, median and slowest of 7 runs. The target is under 1 s. "
        "The baseline computes the same numbers the obvious way: every takeaway of the "
        "conference (with its tags) and every follow-up as ORM objects, counted in Python.",
        "",
        "| database | what | median (ms) | slowest (ms) |",
        "|---|---|---|---|",
    ]
    for name, steps in results.items():
        lines += [f"| {name} | {what} | {med:.0f} | {worst:.0f} |" for what, med, worst in steps]
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section(MARK_START, MARK_END, section)


if __name__ == "__main__":
    main()
