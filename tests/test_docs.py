"""Every command, option and setting is documented; CI runs the README's test command."""

from __future__ import annotations

import dataclasses
import re
import tomllib
import typing
from pathlib import Path

import click
import pytest

from bot.cli.main import cli
from bot.config import SECRET_ENV, Settings
from bot.grammar import USAGE

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
EXAMPLE = (ROOT / "config.example.toml").read_text()
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -q --require-hashes -r requirements/dev.lock"
    " && .venv/bin/pip install -q --no-deps -e . && .venv/bin/pytest"
)


def _commands(group: click.Group, prefix: str = "takeaways") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
        else:
            found.append((path, command))
    return found


@pytest.mark.parametrize(("path", "command"), _commands(cli), ids=lambda v: str(v))
def test_every_cli_command_and_option_is_in_the_readme(path: str, command: click.Command) -> None:
    assert f"`{path}" in README, f"{path} is not documented in README.md"
    for param in command.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            assert longest in README, f"{path} {longest} is not documented"


def _settings_keys() -> list[tuple[str, str]]:
    hints = typing.get_type_hints(Settings)
    keys = []
    for section in dataclasses.fields(Settings):
        if section.name == "source":
            continue
        for key in dataclasses.fields(hints[section.name]):
            if key.name not in SECRET_ENV:
                keys.append((section.name, key.name))
    return keys


@pytest.mark.parametrize(("section", "key"), _settings_keys())
def test_every_config_key_is_in_the_example_and_readme(section: str, key: str) -> None:
    example = tomllib.loads(EXAMPLE)
    assert key in example.get(section, {}), f"[{section}] {key} missing from config.example.toml"
    assert f"[{section}] {key}" in README, f"[{section}] {key} missing from README.md"


def test_every_environment_variable_is_in_the_readme() -> None:
    source = (ROOT / "bot" / "config.py").read_text()
    names = set(re.findall(r'"((?:SLACK|DATABASE|TAKEAWAYS|PORT|LOG)[A-Z_]*)"', source))
    assert names >= {"SLACK_BOT_TOKEN", "DATABASE_URL", "TAKEAWAYS_CONFIG", "PORT"}
    for name in names:
        assert f"`{name}`" in README, f"{name} is not documented"


def test_ci_runs_the_readme_test_command() -> None:
    assert TEST_COMMAND in README
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("subcommand", sorted(USAGE))
def test_every_slash_subcommand_is_in_the_readme(subcommand: str) -> None:
    assert f"/takeaway {subcommand}" in README, f"/takeaway {subcommand} is not documented"


def test_the_architecture_map_names_every_package_and_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text()
    assert "docs/architecture.md" in README
    for path in sorted((ROOT / "bot").glob("*")):
        if path.name.startswith("_") or path.name == "data":
            continue
        name = f"{path.name}/" if path.is_dir() else path.name
        assert name in text, f"docs/architecture.md does not place bot/{name}"
    for path in sorted((ROOT / "bot" / "slack").glob("*.py")):
        if not path.name.startswith("_"):
            assert path.name in text, f"docs/architecture.md does not place bot/slack/{path.name}"
