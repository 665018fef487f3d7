"""`takeaways serve` as a real process: JSON logs with request ids and no secrets, /metrics,
and SIGTERM (a Kubernetes rolling update) finishing the work already accepted."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support.blocks import visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver

TOKEN = "xoxb-process-test-token-6f1e2d"
SECRET = "process-test-signing-secret-93ab"
BODY_MARKER = "refused-body-marker-5c7e"
# Each test starts `takeaways serve` as a process (and waits for Slack retries or SIGTERM).
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def metric(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


def serve_env(db_url: str, fake_slack: FakeSlack, port: int, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake_slack.url,
        "PORT": str(port),
        "LOG_LEVEL": "DEBUG",
        "LOG_FORMAT": "json",
        "TAKEAWAYS_CONFIG": "",
        **extra,
    }


def start_serve(env: dict[str, str], cwd: Path, stderr: IO[str]) -> subprocess.Popen[bytes]:
    """`takeaways serve` in its own process, once /healthz answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    deadline = time.monotonic() + 30
    # One client for all the polling: each new one loads the CA bundle (~60 ms of CPU).
    with httpx.Client(verify=False) as poll:
        while True:
            try:
                if poll.get(f"http://127.0.0.1:{env['PORT']}/healthz").status_code == 200:
                    return process
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"the server did not come up: {Path(stderr.name).read_text()}")
            time.sleep(0.1)


def test_serve_logs_metrics_and_graceful_shutdown(
    db_url: str, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()
    env = serve_env(db_url, fake_slack, port)
    stderr_path = tmp_path / "stderr.log"
    with stderr_path.open("w") as stderr:
        process = start_serve(env, tmp_path, stderr)
        poll = httpx.Client(verify=False)
        try:
            base = f"http://127.0.0.1:{port}"
            slack = SlackDriver(base, SECRET, fake_slack)
            saved = slack.command_reply("add Karpenter consolidates nodes #karpenter")
            assert "Saved as takeaway" in visible_text(saved)
            body, _ = slack.command_body(f"add {BODY_MARKER}")
            assert slack.post(body, secret="wrong-secret").status_code == 401

            # The command is counted once it has answered: the answer can reach Slack a
            # moment before the count does, so scrape until it shows (or 5 s pass).
            deadline = time.monotonic() + 5
            while True:
                scraped = poll.get(f"{base}/metrics").text
                added = metric(scraped, "takeaways_commands_total", subcommand="add", outcome="ok")
                if added or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert added == 1

            # Slow work in flight when SIGTERM comes: it must still answer.
            fake_slack.delay("users.info", 1.5)
            response, key = slack.command("delete 1", user="U2", user_name="bob")
            assert response.status_code == 200
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) in (0, -signal.SIGTERM)
            reply = fake_slack.wait_for_response(key, timeout=1)
            assert "Only the author of takeaway #1" in visible_text(reply)
            slack.close()
        finally:
            poll.close()
            if process.poll() is None:
                process.kill()
    logs = stderr_path.read_text()
    lines = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    assert lines, logs[:2000]
    assert {"time", "level", "logger", "message", "request_id"} <= set(lines[0])
    request_lines = [line for line in lines if line["request_id"] != "-"]
    assert request_lines, "request handling logs carry a request id"
    for secret in (TOKEN, SECRET, BODY_MARKER):
        assert secret not in logs, f"{secret} leaked into the logs"


def test_serve_says_why_it_cannot_start_when_slack_is_unreachable_or_refuses(
    db_url: str, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    """No egress to Slack, or a token Slack refuses: a clear message and exit 1, not a
    traceback (a pod's log is all an operator sees)."""
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "PORT": str(free_port()),
        "TAKEAWAYS_CONFIG": "",
    }
    closed = f"http://127.0.0.1:{free_port()}/api/"
    fake_slack.fail("auth.test", "invalid_auth")
    for api_url, expected in [
        (closed, f"cannot reach Slack at {closed} to check SLACK_BOT_TOKEN"),
        (fake_slack.url, "Slack refused SLACK_BOT_TOKEN"),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
            env={**env, "SLACK_API_URL": api_url},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1, done.stderr
        assert expected in done.stderr
        assert "Traceback" not in done.stderr
        # One clear line, not slack_sdk's ERROR for every attempt before it.
        assert "Failed to send a request" not in done.stderr, done.stderr


@pytest.mark.slow
def test_shutdown_is_bounded_and_says_what_it_left(
    db_url: str, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    """A reply stuck on a Slack that never answers cannot hold the pod past its grace
    period: the drain gives up at [server] shutdown_seconds and logs what it left."""
    port = free_port()
    config = tmp_path / "takeaways.toml"
    config.write_text("[server]\nshutdown_seconds = 7\n")
    env = serve_env(db_url, fake_slack, port, TAKEAWAYS_CONFIG=str(config))
    stderr_path = tmp_path / "stderr.log"
    with stderr_path.open("w") as stderr:
        process = start_serve(env, tmp_path, stderr)
        try:
            slack = SlackDriver(f"http://127.0.0.1:{port}", SECRET, fake_slack)
            fake_slack.delay("response_url", 120)  # the reply hangs for two minutes
            response, _ = slack.command("add Stuck behind a Slack that never answers")
            assert response.status_code == 200
            fake_slack.wait_for("response_url")
            slack.close()
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) in (0, -signal.SIGTERM)
            took = time.monotonic() - started
        finally:
            if process.poll() is None:
                process.kill()
    # The reply hangs for 120 s; the margin covers interpreter exit on a busy CI machine.
    assert took < 7 + 4, f"shutdown took {took:.1f} s"
    logs = stderr_path.read_text()
    assert "still running" in logs and "not finished in time" in logs, logs[-2000:]
