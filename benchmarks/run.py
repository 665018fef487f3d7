"""Run every benchmark and print one report; with --write, put it in docs/benchmarks.md.

    .venv/bin/python -m benchmarks.run --write        # 1k, 10k and 100k notes (~10 min)
    .venv/bin/python -m benchmarks.run --sizes 1000   # a quick look

Data (JSON Lines corpora, SQLite files) goes to benchmarks/data/, which git ignores.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import latency, relevance
from benchmarks.corpus import write_jsonl
from benchmarks.report import log, write_section

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
DOC = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- results:start -->"
END_MARK = "<!-- results:end -->"
COMMAND = ".venv/bin/python -m benchmarks.run --write"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="corpus sizes, comma-separated"
    )
    parser.add_argument("--rounds", type=int, default=3, help="HTTP measurement rounds")
    parser.add_argument("--requests", type=int, default=200, help="help and ask requests a round")
    parser.add_argument("--skip-http", action="store_true", help="no `takeaways serve` runs")
    parser.add_argument("--write", action="store_true", help=f"update {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    labelled = relevance.load_set()
    queries = [q.text for q in labelled.queries]

    rel_rows: list[str] = []
    misses: list[str] = []
    speed_rows: list[str] = []
    http_rows: list[str] = []
    memory_rows: list[str] = []
    for size in sizes:
        log(f"{size} notes: corpus")
        corpus = relevance.build_corpus(labelled, size)
        started = time.perf_counter()
        index = relevance.engine_index(corpus)
        build_s = time.perf_counter() - started
        systems = [
            ("**takeaways**", relevance.engine_system(index)),
            ("SQLite FTS5 bm25", relevance.fts5_system(corpus)),
            ("rapidfuzz WRatio", relevance.wratio_system(corpus)),
        ]
        for name, system in systems:
            log(f"{size} notes: relevance, {name}")
            started = time.perf_counter()
            scores = relevance.evaluate(system, corpus, labelled.queries)
            per_query = (time.perf_counter() - started) * 1000 / len(labelled.queries)
            kinds = " | ".join(f"{scores.hit_at_3(k):.2f}" for k in relevance.KINDS)
            rel_rows.append(
                f"| {size:,} | {name} | {scores.hit_at_3():.3f} | {scores.mrr():.3f} | {kinds} "
                f"| {per_query:.1f} |"
            )
            if name.startswith("**"):
                misses.extend(f"{size:,} notes, {m}" for m in scores.misses)

        log(f"{size} notes: import")
        jsonl = DATA / f"corpus-{size}.jsonl"
        write_jsonl(corpus.notes, jsonl)
        db = DATA / f"bench-{size}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db}"
        import_s = latency.import_file(url, jsonl)
        log(f"{size} notes: in-process latency")
        engine = latency.engine_latency(index, queries, rounds=5)
        services = latency.services_latency(url, queries, rounds=3)
        speed_rows.append(f"| {size:,} | {import_s:.1f} | {build_s:.1f} | {engine} | {services} |")
        if not args.skip_http:
            log(f"{size} notes: HTTP ({args.rounds} x {args.requests} help + ask)")
            result = latency.http_latency(url, queries, rounds=args.rounds, requests=args.requests)
            for n, r in enumerate(result.rounds, start=1):
                http_rows.append(
                    f"| {size:,} | {n} | {r.help} | {r.ask} | {r.p50_ratio:.2f} | "
                    f"{r.p99_ratio:.2f} |"
                )
            memory_rows.append(f"| {size:,} | {result.peak_rss_mb:.0f} | {result.warm_up_s:.1f} |")
        del index, systems

    kinds_header = " | ".join(relevance.KINDS)
    report = [
        f"Run `{COMMAND}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} at the end.",
        "",
        f"### Relevance ({len(labelled.queries)} labelled queries; hit@3 per kind)",
        "",
        f"| notes | system | hit@3 | MRR | {kinds_header} | ms/query |",
        "|---:|---|---:|---:|" + "---:|" * len(relevance.KINDS) + "---:|",
        *rel_rows,
        "",
        "Queries whose expected note was not in our top 3:",
        "",
        *([f"- {m}" for m in misses] or ["- none"]),
        "",
        "### Import and in-process latency (ms, p50 / p99)",
        "",
        "| notes | `takeaways import` (s) | index build (s) | engine alone | "
        "`dispatcher.ask` (with the database) |",
        "|---:|---:|---:|---:|---:|",
        *speed_rows,
    ]
    if http_rows:
        report += [
            "",
            "### HTTP round trips against `takeaways serve` (ms, p50 / p99)",
            "",
            "| notes | round | `/takeaway help` | `/takeaway ask` | ask/help p50 | ask/help p99 |",
            "|---:|---:|---:|---:|---:|---:|",
            *http_rows,
            "",
            "| notes | server peak RSS (MB) | start until the first answer (s) |",
            "|---:|---:|---:|",
            *memory_rows,
        ]
    text = "\n".join(report) + "\n"
    print(text)
    if args.write:
        write_section(START_MARK, END_MARK, text)


if __name__ == "__main__":
    main()
