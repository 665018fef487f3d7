"""Import and export at scale (issue 6), beside a bare-insert baseline in the same run.

    .venv/bin/python -m benchmarks.transfer --size 100000 --db both --write

Each step is `takeaways ...` in a fresh process, as a user runs it, timed with its peak
RSS (from wait4). The baseline is what storing the same rows costs with nothing on top:
one executemany INSERT of the takeaways and their tags in one transaction, no checks, no
dedupe, no search change log. Results go to docs/benchmarks.md between the transfer marks.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import synthetic, write_jsonl
from benchmarks.latency import TAKEAWAYS
from benchmarks.report import log, write_section

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
TEAM = "TBENCH"
MARK_START = "<!-- transfer:start -->"
MARK_END = "<!-- transfer:end -->"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/takeaways_bench_transfer"


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    rss_mb: float
    output_mb: float | None = None


def timed(name: str, args: list[str], database_url: str, output: Path | None = None) -> Step:
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    env.pop("TAKEAWAYS_CONFIG", None)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [TAKEAWAYS, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed ({proc.returncode}): {err[-2000:]}")
    size = output.stat().st_size / 1e6 if output is not None else None
    return Step(name, seconds, usage.ru_maxrss / 1024, size)


def baseline_sqlite(path: Path, corpus: Path) -> Step:
    """Bare executemany of the same rows into a freshly migrated, empty SQLite file."""
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    timed("migrate", ["db", "upgrade"], f"sqlite:///{path}")
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "INSERT INTO workspaces (team_id, created_at, content_version) "
        "VALUES (?, '2026-01-01 00:00:00', 0)",
        (TEAM,),
    )
    rows = []
    tags = []
    with corpus.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            r = json.loads(line)
            rows.append(
                (
                    n,
                    TEAM,
                    f"b{n}",
                    r["text"],
                    r["conference"],
                    r["talk"],
                    "[]",
                    r["author"],
                    "",
                    r["created_at"],
                    r["created_at"],
                )
            )
            tags.extend((n, tag, TEAM, i) for i, tag in enumerate(r["tags"]))
    with conn:
        conn.executemany(
            "INSERT INTO takeaways (id, team_id, uid, text, conference, talk, links, author, "
            "author_name, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO takeaway_tags (takeaway_id, tag, team_id, position) VALUES (?,?,?,?)",
            tags,
        )
    conn.close()
    return Step("baseline: bare INSERT of the same rows", time.perf_counter() - started, 0.0)


def fresh_postgres(url: str) -> None:
    admin = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)


def run_backend(backend: str, corpus: Path, work: Path, pg_url: str) -> list[Step]:
    if backend == "sqlite":
        db = work / "transfer.db"
        for p in work.glob("transfer.db*"):
            p.unlink()
        url = f"sqlite:///{db}"
        copy_url = f"sqlite:///{work / 'transfer-copy.db'}"
        for p in work.glob("transfer-copy.db*"):
            p.unlink()
    else:
        url = pg_url
        copy_url = pg_url + "_copy"
        fresh_postgres(url)
        fresh_postgres(copy_url)
    steps = []
    # Migrations alone, so the import below measures the import.
    timed("migrate", ["db", "upgrade"], url)
    timed("migrate", ["db", "upgrade"], copy_url)
    log(f"{backend}: import")
    steps.append(timed("`import` of the corpus", ["import", str(corpus), "--team", TEAM], url))
    log(f"{backend}: import again")
    steps.append(
        timed("`import` of it again (all skipped)", ["import", str(corpus), "--team", TEAM], url)
    )
    for fmt in ("jsonl", "csv", "md"):
        out = work / f"export.{fmt}"
        log(f"{backend}: export {fmt}")
        steps.append(
            timed(
                f"`export --format {fmt}`",
                ["export", "--format", fmt, "--output", str(out)],
                url,
                out,
            )
        )
    log(f"{backend}: round trip")
    steps.append(
        timed(
            "`import` of the jsonl export into an empty database",
            ["import", str(work / "export.jsonl")],
            copy_url,
        )
    )
    if backend == "sqlite":
        steps.append(baseline_sqlite(work / "baseline.db", corpus))
    return steps


def markdown(size: int, results: dict[str, list[Step]], command: str) -> str:
    lines = [
        "## Import and export (issue 6)",
        "",
        f"Reproduce: `{command}`",
        "",
        f"{size:,} synthetic notes (the search corpus, JSON Lines, "
        f"{(DATA / f'transfer-{size}.jsonl').stat().st_size / 1e6:.0f} MB) in one workspace. "
        "Each step is the `takeaways` command in a fresh process; RSS is its peak. The "
        "baseline stores the same rows with one bare `executemany` (no checks, no uid "
        "dedupe, no search change log) into the same migrated schema: the floor for SQLite.",
        "",
        "| database | step | seconds | peak RSS (MB) | file (MB) |",
        "|---|---|---|---|---|",
    ]
    for backend, steps in results.items():
        for s in steps:
            rss = f"{s.rss_mb:.0f}" if s.rss_mb else "-"
            out = f"{s.output_mb:.1f}" if s.output_mb is not None else ""
            lines.append(f"| {backend} | {s.name} | {s.seconds:.1f} | {rss} | {out} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=PG_DEFAULT)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    corpus = DATA / f"transfer-{args.size}.jsonl"
    if not corpus.exists():
        log(f"writing {args.size} notes")
        write_jsonl(list(synthetic(args.size)), corpus)
    backends = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = {b: run_backend(b, corpus, DATA, args.postgres_url) for b in backends}
    command = f".venv/bin/python -m benchmarks.transfer --size {args.size} --db {args.db} --write"
    section = markdown(args.size, results, command)
    print(section)
    if args.write:
        write_section(MARK_START, MARK_END, section)


if __name__ == "__main__":
    main()
