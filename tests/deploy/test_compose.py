"""compose.yaml: Postgres, a one-shot migration the replicas wait for, two replicas on their
own host ports, and only environment variables the app reads, with every secret in
.env.example. `docker compose config` runs only where docker is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import ServerSettings
from tests.deploy.support import ROOT, app_env_vars

COMPOSE_TEXT = (ROOT / "compose.yaml").read_text()
COMPOSE: dict[str, Any] = yaml.safe_load(COMPOSE_TEXT)
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
# ${NAME}, ${NAME:-default}, ${NAME:?error}
INTERPOLATED = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?\}")


def ours() -> dict[str, dict[str, Any]]:
    """The services that run the Takeaways image."""
    return {name: s for name, s in SERVICES.items() if s.get("build") == "."}


def replicas() -> dict[str, dict[str, Any]]:
    return {name: s for name, s in ours().items() if s.get("command") is None}


def seconds(duration: str) -> int:
    match = re.fullmatch(r"(\d+)s", duration)
    assert match, duration
    return int(match[1])


def test_every_variable_set_on_the_bot_is_one_the_app_reads() -> None:
    known = app_env_vars()
    for name, service in ours().items():
        for variable in service.get("environment", {}):
            assert variable in known, f"{name} sets {variable}, which bot/config.py never reads"


def test_the_replicas_wait_for_the_one_shot_migration() -> None:
    (migrate,) = [s for s in ours().values() if s.get("command") == ["db", "upgrade"]]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    migrate_name = next(n for n, s in SERVICES.items() if s is migrate)
    assert len(replicas()) >= 2
    for name, replica in replicas().items():
        condition = replica["depends_on"][migrate_name]["condition"]
        assert condition == "service_completed_successfully", name


def test_each_replica_has_its_own_host_port_a_healthcheck_and_time_to_drain() -> None:
    host_ports = []
    for name, replica in replicas().items():
        (mapping,) = replica["ports"]
        host, container = str(mapping).split(":")
        assert container == str(ServerSettings().port), name
        host_ports.append(host)
        assert "/healthz" in " ".join(replica["healthcheck"]["test"]), name
        grace = seconds(replica["stop_grace_period"])
        assert grace > ServerSettings().shutdown_seconds, f"{name} is killed mid-drain"
        env = replica["environment"]
        assert env["DATABASE_URL"].startswith("postgresql://"), "replicas need Postgres"
    assert len(set(host_ports)) == len(host_ports)
    assert "healthcheck" in SERVICES["postgres"]


def test_env_example_lists_every_variable_compose_reads() -> None:
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    read = set(INTERPOLATED.findall(COMPOSE_TEXT))
    assert read, "compose.yaml takes its secrets from .env"
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"
    # The example holds no secret: every value is empty but the log level's.
    for line in example.splitlines():
        if "=" in line and not line.startswith("#"):
            name, value = line.split("=", 1)
            assert not value or name == "LOG_LEVEL", f"{name} has a value in .env.example"
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def _docker_compose() -> list[str] | None:
    docker = shutil.which("docker")
    if docker is None:
        return None
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
    return [docker, "compose"] if probe.returncode == 0 else None


def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    command = _docker_compose()
    if command is None:
        pytest.skip("docker compose is not installed here: compose.yaml checked as YAML only")
    env = tmp_path / ".env"
    names = set(INTERPOLATED.findall(COMPOSE_TEXT))
    env.write_text("".join(f"{name}=x{n}\n" for n, name in enumerate(sorted(names))))
    result = subprocess.run(
        [*command, "-f", str(ROOT / "compose.yaml"), "--env-file", str(env), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
