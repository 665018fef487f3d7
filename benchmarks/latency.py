"""Latency and memory: the engine alone, `ask` through the services (database included),
and `/takeaway ask` against a running `takeaways serve`, compared with `/takeaway help`.

Over HTTP, help is answered inside the ack, so its round trip is signed POST -> ack;
ask acks at once and posts the answer to the response_url, so its round trip is signed
POST -> answer received by the fake Slack (tests/support/fake_slack.py) on loopback.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.grammar import parse_filters
from bot.search.index import DocumentFilter, TeamIndex
from bot.services.actor import Actor
from bot.services.container import build_services
from storage.db import make_engine
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver

SECRET = "benchmark-signing-secret"
# The console script installed beside this interpreter: what a user runs.
TAKEAWAYS = str(Path(sys.executable).with_name("takeaways"))
TEAM = "TBENCH"


@dataclass(frozen=True)
class Percentiles:
    p50: float
    p99: float
    count: int

    def __str__(self) -> str:
        return f"{self.p50:.2f} / {self.p99:.2f}"


def percentiles(samples_ms: Sequence[float]) -> Percentiles:
    ordered = sorted(samples_ms)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return Percentiles(statistics.median(ordered), p99, len(ordered))


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def engine_latency(index: TeamIndex, queries: Sequence[str], rounds: int) -> Percentiles:
    """The search engine alone: query planning, scoring, ranking."""
    samples = [
        _timed(lambda q=q: index.search(q, DocumentFilter(), 5))  # type: ignore[misc]
        for _ in range(rounds)
        for q in queries
    ]
    return percentiles(samples)


def services_latency(database_url: str, queries: Sequence[str], rounds: int) -> Percentiles:
    """`ask` as the CLI and the listeners call it: a transaction, the change-log check,
    the engine, and loading the hits from the database."""
    engine = make_engine(database_url)
    services = build_services(engine)
    services.search.warm(services.sessions, [TEAM])
    actor = Actor(team_id=TEAM, user_id="UBENCH")
    parsed = [parse_filters(q, allow_text=True) for q in queries]
    samples = [
        _timed(lambda t=t, f=f: services.dispatcher.ask(actor, t, f))  # type: ignore[misc]
        for _ in range(rounds)
        for t, f in parsed
    ]
    engine.dispose()
    return percentiles(samples)


def import_file(database_url: str, path: Path) -> float:
    """Seconds `takeaways import` takes for the file (a fresh process, as a user runs it)."""
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    subprocess.run(
        [TAKEAWAYS, "import", str(path), "--team", TEAM],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


@dataclass(frozen=True)
class HttpRound:
    help: Percentiles
    ask: Percentiles

    @property
    def p50_ratio(self) -> float:
        return self.ask.p50 / self.help.p50

    @property
    def p99_ratio(self) -> float:
        return self.ask.p99 / self.help.p99


@dataclass(frozen=True)
class HttpResult:
    rounds: list[HttpRound]
    peak_rss_mb: float
    warm_up_s: float


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found")


def http_latency(
    database_url: str, queries: Sequence[str], *, rounds: int, requests: int
) -> HttpResult:
    """Run `takeaways serve`, then alternate help and ask requests, one at a time."""
    fake = FakeSlack(team_id=TEAM).start()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-benchmark",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.url,
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [TAKEAWAYS, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    driver = SlackDriver(f"http://127.0.0.1:{port}", SECRET, fake, team_id=TEAM)
    try:
        started = time.perf_counter()
        _wait_healthy(driver, server)
        # The first ask waits for the start-up index build; measure from the second on.
        body, key = driver.command_body("ask warm up")
        assert driver.post(body).status_code == 200
        fake.wait_for_response(key, timeout=300)
        warm_up_s = time.perf_counter() - started
        results = []
        for _ in range(rounds):
            help_ms: list[float] = []
            ask_ms: list[float] = []
            for i in range(requests):
                help_ms.append(_help_round_trip(driver))
                ask_ms.append(_ask_round_trip(driver, fake, queries[i % len(queries)]))
            results.append(HttpRound(percentiles(help_ms), percentiles(ask_ms)))
        return HttpResult(results, _peak_rss_mb(server.pid), warm_up_s)
    finally:
        driver.close()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        fake.stop()


def _wait_healthy(driver: SlackDriver, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read().decode() if server.stderr else ""
            raise RuntimeError(f"takeaways serve exited: {error[-2000:]}")
        try:
            if driver.http.get("/healthz").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("takeaways serve did not become healthy in 120 s")


def _help_round_trip(driver: SlackDriver) -> float:
    body, _ = driver.command_body("help")
    started = time.monotonic()
    response = driver.post(body)
    elapsed = (time.monotonic() - started) * 1000
    assert response.status_code == 200 and response.json().get("blocks")
    return elapsed


def _ask_round_trip(driver: SlackDriver, fake: FakeSlack, query: str) -> float:
    body, key = driver.command_body(f"ask {query}")
    started = time.monotonic()
    response = driver.post(body)
    assert response.status_code == 200
    arrived = fake.wait_for_response_call(key, timeout=30).at
    return (arrived - started) * 1000
