"""Load: concurrent signed /takeaway requests from this process against `takeaways serve`.

For each database and concurrency level, workers send a mix of commands for a while and
measure the ack (HTTP answer) and the reply (the POST to response_url) of each request.
A tiny Slack Web API stand-in in this process answers the server's calls and receives
the replies. Results go to stdout and, with --write, to docs/benchmarks.md.

    .venv/bin/python -m benchmarks.load --db both --concurrency 8,32,64 --duration 20 --write
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from benchmarks.report import write_section

ROOT = Path(__file__).resolve().parents[1]
SECRET = "load-test-signing-secret"
MARK_START = "<!-- load:start -->"
MARK_END = "<!-- load:end -->"
TOPICS = ["karpenter", "cilium", "keda", "backstage", "prometheus", "opentelemetry", "argo"]
MIX = [("ask", 0.5), ("add", 0.3), ("list", 0.2)]


class Replies:
    """Arrival times of replies, by response_url key."""

    def __init__(self) -> None:
        self._arrived: dict[str, float] = {}
        self._cond = threading.Condition()

    def arrived(self, key: str) -> None:
        with self._cond:
            self._arrived[key] = time.perf_counter()
            self._cond.notify_all()

    def wait(self, key: str, timeout: float) -> float | None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while key not in self._arrived:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            return self._arrived.pop(key)


def start_slack(replies: Replies) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            self.rfile.read(length)
            if self.path.startswith("/response/"):
                replies.arrived(self.path.rsplit("/", 1)[1])
                body: dict[str, Any] = {"ok": True}
            elif self.path.endswith("auth.test"):
                body = {"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT"}
            elif "users.info" in self.path:
                body = {"ok": True, "user": {"id": "U1", "name": "load", "tz": "UTC"}}
            else:
                body = {"ok": True, "ts": "1.1", "channel": "C1"}
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def sign(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


@dataclass
class Sample:
    kind: str
    status: int
    ack: float
    reply: float | None


@dataclass
class Run:
    db: str
    concurrency: int
    duration: float
    samples: list[Sample] = field(default_factory=list)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def prepare_database(db: str, workdir: Path) -> str:
    if db == "sqlite":
        return f"sqlite:///{workdir / 'load.db'}"
    name = f"takeaways_load_{os.getpid()}"
    admin = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c"]
    subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run([*admin, f'CREATE DATABASE "{name}"'], check=True)
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_database(url: str) -> None:
    if url.startswith("postgresql"):
        name = url.rsplit("/", 1)[1]
        subprocess.run(
            [
                "psql",
                "-q",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            ],
            check=False,
        )


def seed(url: str, notes: int) -> None:
    """Write `notes` takeaways directly (the server is not running yet)."""
    from bot.grammar import Draft
    from bot.services.actor import Actor
    from bot.services.container import build_services
    from bot.services.transactions import transaction
    from storage import migrate
    from storage.db import make_engine

    engine = make_engine(url)
    migrate.upgrade(engine)
    services = build_services(engine)
    rng = random.Random(7)
    with transaction(services.sessions) as session:
        for i in range(notes):
            topic = rng.choice(TOPICS)
            actor = Actor(team_id="T1", user_id=f"U{i % 20}", user_name=f"user{i % 20}")
            services.takeaways.add(
                session, actor, Draft(text=f"Note {i} about {topic} at scale", tags=(topic,))
            )
    engine.dispose()


def start_server(url: str, slack_url: str, port: int, workdir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-load",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_url,
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
        "TAKEAWAYS_CONFIG": "",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
        env=env,
        cwd=workdir,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("takeaways serve did not start")


def drive(port: int, reply_base: str, replies: Replies, run: Run) -> None:
    stop_at = time.monotonic() + run.duration
    counter = iter(range(10**9))
    lock = threading.Lock()

    def worker(n: int) -> None:
        rng = random.Random(n)
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        while time.monotonic() < stop_at:
            kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
            topic = rng.choice(TOPICS)
            text = {
                "ask": f"ask what did we learn about {topic}",
                "add": f"add Load note about {topic} #{topic}",
                "list": f"list #{topic}",
            }[kind]
            with lock:
                # Unique across runs: the server drops a trigger_id it already handled.
                key = f"{run.db}-{run.concurrency}-k{next(counter)}"
            body = urlencode(
                {
                    "team_id": "T1",
                    "user_id": f"U{n % 20}",
                    "user_name": f"user{n % 20}",
                    "channel_id": "C1",
                    "command": "/takeaway",
                    "text": text,
                    "response_url": f"{reply_base}/response/{key}",
                    "trigger_id": f"t{key}",
                }
            )
            started = time.perf_counter()
            response = client.post("/slack/events", content=body, headers=sign(body))
            ack = time.perf_counter() - started
            arrived = replies.wait(key, timeout=30) if response.status_code == 200 else None
            sample = Sample(
                kind, response.status_code, ack, None if arrived is None else arrived - started
            )
            with lock:
                run.samples.append(sample)
        client.close()

    with ThreadPoolExecutor(max_workers=run.concurrency) as pool:
        list(pool.map(worker, range(run.concurrency)))


def stored_adds(url: str) -> int:
    """Takeaways the load's adds stored so far."""
    from sqlalchemy import text

    from storage.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = text("SELECT COUNT(*) FROM takeaways WHERE text LIKE 'Load note about %'")
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()


def summarize(run: Run) -> dict[str, Any]:
    acks = [s.ack for s in run.samples]
    replies = [s.reply for s in run.samples if s.reply is not None]
    ok = sum(1 for s in run.samples if s.status == 200 and s.reply is not None)
    return {
        "db": run.db,
        "concurrency": run.concurrency,
        "requests": len(run.samples),
        "rps": len(run.samples) / run.duration,
        "failed": len(run.samples) - ok,
        "adds_acked": sum(1 for s in run.samples if s.kind == "add" and s.status == 200),
        "slow_acks": sum(1 for a in acks if a >= 3.0),
        "ack_p50_ms": 1000 * pct(acks, 0.5),
        "ack_p99_ms": 1000 * pct(acks, 0.99),
        "reply_p50_ms": 1000 * pct(replies, 0.5),
        "reply_p99_ms": 1000 * pct(replies, 0.99),
        "ack_mean_ms": 1000 * statistics.fmean(acks) if acks else float("nan"),
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| database | concurrent clients | requests | req/s | failed | acks ≥ 3 s | "
        "ack p50 | ack p99 | reply p50 | reply p99 | adds acked / stored |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = [
        f"| {r['db']} | {r['concurrency']} | {r['requests']} | {r['rps']:.0f} | {r['failed']} | "
        f"{r['slow_acks']} | {r['ack_p50_ms']:.0f} ms | {r['ack_p99_ms']:.0f} ms | "
        f"{r['reply_p50_ms']:.0f} ms | {r['reply_p99_ms']:.0f} ms | "
        f"{r['adds_acked']} / {r['adds_stored']} |"
        for r in rows
    ]
    return head + "\n".join(lines) + "\n"


def write_doc(markdown: str, command: str) -> None:
    write_section(
        MARK_START,
        MARK_END,
        "## Load: concurrent signed requests (issues 7 and 12)\n\n"
        f"Reproduce: `{command}`\n\n"
        "A load process on the same 2-core machine sends signed `/takeaway` requests "
        "(50% ask, 30% add, 20% list) to `takeaways serve` over loopback, each client "
        "waiting for the reply (posted to response_url) before its next request. *ack* is "
        "the HTTP answer Slack waits for (must be under 3 s); *reply* is when the answer "
        "reaches the response_url. The database is seeded with 1,000 takeaways. *adds acked "
        "/ stored*: adds Slack got a 200 for, and rows the database holds for them after "
        "the run (equal: none lost, none stored twice). Measured after the hardening of "
        "issue 12 (signature and shape checks before Bolt, replays dropped by trigger_id, "
        "retried replies).\n\n"
        f"{markdown}\n",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--concurrency", default="8,32,64")
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--seed-notes", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    levels = [int(c) for c in args.concurrency.split(",")]
    replies = Replies()
    slack = start_slack(replies)
    slack_base = f"http://127.0.0.1:{slack.server_address[1]}"
    rows = []
    for db in dbs:
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            url = prepare_database(db, workdir)
            try:
                seed(url, args.seed_notes)
                port = 3900 + os.getpid() % 50
                server = start_server(url, f"{slack_base}/api/", port, workdir)
                stored_before = stored_adds(url)
                try:
                    for level in levels:
                        run = Run(db, level, args.duration)
                        drive(port, slack_base, replies, run)
                        row = summarize(run)
                        # Every add Slack got a 200 for is stored once: none lost, none twice.
                        work_settles = time.monotonic() + 30
                        while time.monotonic() < work_settles:
                            stored = stored_adds(url) - stored_before
                            if stored >= row["adds_acked"]:
                                break
                            time.sleep(0.2)
                        row["adds_stored"] = stored
                        stored_before += stored
                        rows.append(row)
                        print(json.dumps(row), flush=True)
                finally:
                    server.terminate()
                    server.wait(timeout=60)
            finally:
                drop_database(url)
    slack.shutdown()
    markdown = table(rows)
    print(markdown)
    if args.write:
        command = (
            f".venv/bin/python -m benchmarks.load --db {args.db} --concurrency {args.concurrency} "
            f"--duration {args.duration:g} --write"
        )
        write_doc(markdown, command)


if __name__ == "__main__":
    main()
