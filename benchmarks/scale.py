"""Search memory at scale (issue 12): many workspaces under a memory budget, and the first
answer after a restart in a 100k-note workspace, each beside the old behaviour in the
same run.

    .venv/bin/python -m benchmarks.scale --write                     # the full run
    .venv/bin/python -m benchmarks.scale --workspaces 200 --asks 500  # a quick look

1. Many workspaces: W workspaces of N notes each in one SQLite file; `ask` in random
   workspaces (uniform: the worst case for an LRU) through the services, in a fresh
   process per setting: the budget (512 MiB by default) and no budget (the old
   behaviour, every index kept). Reported: peak RSS, p50/p99 of every ask, of asks whose
   index was resident, and of cold asks (the index rebuilt first), and evictions.
2. First answer after a restart: one workspace of 100k notes, a fresh process, no
   warm-up; the first ask is timed, then the ask after the background build. Baseline:
   the same first ask when it waits for the whole index (the old behaviour).
Results go to docs/benchmarks.md between the scale marks.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import synthetic
from benchmarks.latency import percentiles
from benchmarks.report import log, write_section

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
MARK_START = "<!-- scale:start -->"
MARK_END = "<!-- scale:end -->"
QUERIES = [
    "karpenter consolidation",
    "cilium ebpf",
    "prometheus remote write",
    "keda scaling",
    "argo cd sync waves",
    "what did we learn about opentelemetry",
    "promethues cardinality",
    "backstage templates",
    "vertical pod autoscaler",
    "istio ambient mesh",
]


def populate(path: Path, workspaces: int, notes: int) -> None:
    """W workspaces of N synthetic notes, inserted in bulk into a migrated SQLite file."""
    if path.exists():  # brought up to this version of the schema, or made again
        done = subprocess.run(
            [sys.executable, "-m", "bot", "db", "upgrade"],
            env={"DATABASE_URL": f"sqlite:///{path}", "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
        )
        if done.returncode == 0:
            log(f"reusing {path}")
            return
        for old in path.parent.glob(path.name + "*"):
            old.unlink()
    subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env={"DATABASE_URL": f"sqlite:///{path}", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    next_id = 1
    for w in range(workspaces):
        team = f"T{w:05d}"
        rows, tags = [], []
        for number, note in enumerate(synthetic(notes, seed=w), start=1):
            stamp = note.created_at.strftime("%Y-%m-%d %H:%M:%S")
            rows.append(
                (next_id, number, team, f"s{next_id}", note.text, note.conference, note.talk,
                 "[]", note.author, "", stamp, stamp)
            )  # fmt: skip
            tags.extend((next_id, tag, team, i) for i, tag in enumerate(note.tags))
            next_id += 1
        with conn:
            conn.execute(
                "INSERT INTO workspaces (team_id, created_at, content_version, takeaway_seq) "
                "VALUES (?, '2026-01-01 00:00:00', 0, ?)",
                (team, notes),
            )
            conn.executemany(
                "INSERT INTO takeaways (id, number, team_id, uid, text, conference, talk, "
                "links, author, author_name, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            conn.executemany(
                "INSERT INTO takeaway_tags (takeaway_id, tag, team_id, position) VALUES (?,?,?,?)",
                tags,
            )
        if (w + 1) % 200 == 0:
            log(f"  {w + 1} workspaces")
    conn.close()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def asks_phase(db: Path, budget_mb: int | None, asks: int, seed: int) -> dict[str, Any]:
    """In this process: ask in random workspaces; what it cost."""
    from bot.config import SearchSettings, Settings
    from bot.grammar import Filters
    from bot.services.actor import Actor
    from bot.services.container import build_services
    from storage.db import make_engine

    settings = Settings(search=SearchSettings(memory_budget_mb=budget_mb or 1_000_000))
    services = build_services(make_engine(f"sqlite:///{db}"), settings=settings)
    services.database.upgrade()  # the schema of the code being measured
    teams = services.workspaces.team_ids()
    rng = random.Random(seed)
    warm, cold = [], []
    started = time.perf_counter()
    for _ in range(asks):
        team = rng.choice(teams)
        builds = services.search.stats(team).full_builds
        t0 = time.perf_counter()
        services.dispatcher.ask(Actor(team_id=team, user_id="U1"), rng.choice(QUERIES), Filters())
        ms = (time.perf_counter() - t0) * 1000
        (cold if services.search.stats(team).full_builds > builds else warm).append(ms)
    evictions = sum(services.search.stats(t).evictions for t in teams)
    return {
        "budget_mb": budget_mb,
        "asks": asks,
        "seconds": time.perf_counter() - started,
        "peak_rss_mb": _rss_mb(),
        "resident_mb": services.search.resident_bytes() / 2**20,
        "resident_teams": services.search.resident_teams(),
        "all": percentiles(warm + cold).__dict__,
        "warm": percentiles(warm).__dict__ if warm else None,
        "cold": percentiles(cold).__dict__ if cold else None,
        "evictions": evictions,
    }


def first_answer_phase(db: Path, wait_for_index: bool) -> dict[str, Any]:
    """In this process, as after a restart: the first ask in the big workspace."""
    from bot.grammar import Filters
    from bot.search.live import BUILD_WHILE_ASKING
    from bot.services.actor import Actor
    from bot.services.container import build_services
    from storage.db import make_engine

    services = build_services(make_engine(f"sqlite:///{db}"))
    services.database.upgrade()  # the schema of the code being measured
    if wait_for_index:  # the old behaviour: the question waits for the whole index
        services.search._build_while_asking = 10**9
    actor = Actor(team_id="T00000", user_id="U1")
    t0 = time.perf_counter()
    first = services.dispatcher.ask(actor, "karpenter consolidation", Filters())
    first_ms = (time.perf_counter() - t0) * 1000
    result: dict[str, Any] = {
        "wait_for_index": wait_for_index,
        "first_ms": first_ms,
        "first_quick": first.quick,
        "first_hits": len(first.hits),
        "threshold": BUILD_WHILE_ASKING,
    }
    if not wait_for_index:
        t0 = time.perf_counter()
        during = []  # questions asked while the index builds
        while services.search.stats("T00000").full_builds == 0:
            t1 = time.perf_counter()
            services.dispatcher.ask(actor, "vertical pod autoscaler", Filters())
            during.append((time.perf_counter() - t1) * 1000)
            time.sleep(0.5)
        result["index_ready_s"] = time.perf_counter() - t0 + first_ms / 1000
        result["during"] = percentiles(during).__dict__ if during else None
        result["during_max"] = max(during, default=0.0)
        t0 = time.perf_counter()
        later = services.dispatcher.ask(actor, "karpenter consolidation", Filters())
        result["after_ms"] = (time.perf_counter() - t0) * 1000
        result["after_quick"] = later.quick
    result["peak_rss_mb"] = _rss_mb()
    return result


def in_fresh_process(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--phase", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"phase {args} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _pct(p: dict[str, Any] | None) -> str:
    return "-" if p is None else f"{p['p50']:.1f} / {p['p99']:.1f}"


def report(
    workspaces: int, notes: int, asks: list[dict[str, Any]], first: list[dict[str, Any]]
) -> str:
    lines = [
        "## Search memory at scale (issue 12)",
        "",
        f"`python -m benchmarks.scale --write` ({time.strftime('%Y-%m-%d')}, SQLite, this "
        "2-core machine). Each setting runs in a fresh process.",
        "",
        f"**{workspaces} workspaces of {notes} notes**, {asks[0]['asks']} asks in uniformly "
        "random workspaces (the worst case for least-recently-used eviction). Times in ms, "
        "p50 / p99; *cold* asks rebuilt their workspace's index first.",
        "",
        "| memory budget | peak RSS | indexes held (est.) | every ask | resident index | cold "
        "index | evictions |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in asks:
        budget = f"{run['budget_mb']} MiB" if run["budget_mb"] else "none (before)"
        lines.append(
            f"| {budget} | {run['peak_rss_mb']:.0f} MB | {run['resident_teams']} "
            f"({run['resident_mb']:.0f} MiB) | {_pct(run['all'])} | {_pct(run['warm'])} | "
            f"{_pct(run['cold'])} | {run['evictions']} |"
        )
    waited, quick = first
    lines += [
        "",
        f"**First answer after a restart** in a workspace of {BIG:,} notes (no warm-up):",
        "",
        "| | first answer | what it is |",
        "|---|---|---|",
        f"| before: the question waits for the index | {waited['first_ms']:.0f} ms | ranked "
        f"({waited['first_hits']} hits) |",
        f"| now: answered from the database while the index builds | {quick['first_ms']:.0f} "
        f"ms | quick answer ({quick['first_hits']} hits) |",
        f"| now, later questions while it builds (p50 / p99, max) | {_pct(quick['during'])}, "
        f"{quick['during_max']:.0f} ms | quick answers |",
        f"| now, once the index is built ({quick['index_ready_s']:.1f} s after the first "
        f"question) | {quick['after_ms']:.0f} ms | ranked |",
        "",
        f"Peak RSS: {waited['peak_rss_mb']:.0f} MB before, {quick['peak_rss_mb']:.0f} MB now. "
        f"Workspaces up to {quick['threshold']:,} notes are indexed while the question waits "
        "(about 0.1 ms a note).",
    ]
    return "\n".join(lines)


BIG = 100_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspaces", type=int, default=2000)
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--asks", type=int, default=4000)
    parser.add_argument("--budget-mb", type=int, default=512)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        kind, db, *rest = args.phase
        if kind == "asks":
            budget = int(rest[0]) or None
            print(json.dumps(asks_phase(Path(db), budget, int(rest[1]), seed=7)))
        else:
            print(json.dumps(first_answer_phase(Path(db), wait_for_index=rest[0] == "wait")))
        return
    DATA.mkdir(exist_ok=True)
    many = DATA / f"scale-{args.workspaces}x{args.notes}.db"
    big = DATA / f"scale-1x{BIG}.db"
    log(f"populating {many.name}")
    populate(many, args.workspaces, args.notes)
    log(f"populating {big.name}")
    populate(big, 1, BIG)
    runs = []
    for budget in (args.budget_mb, 0):
        log(f"asks with budget {budget or 'none'}")
        runs.append(in_fresh_process("asks", str(many), str(budget), str(args.asks)))
    log("first answers")
    first = [in_fresh_process("first", str(big), mode) for mode in ("wait", "quick")]
    text = report(args.workspaces, args.notes, runs, first)
    print(text)
    if args.write:
        write_section(MARK_START, MARK_END, text)


if __name__ == "__main__":
    main()
