"""Every command kind has one handler and every result kind one renderer: adding a
subcommand cannot half-land (docs/architecture.md, "Adding a subcommand")."""

from __future__ import annotations

import bot.slack.blocks  # noqa: F401  (registers every renderer)
from bot.grammar import Command, Help
from bot.results import Result
from bot.services.dispatcher import HANDLERS
from bot.slack.blocks.registry import RENDERERS


def test_every_command_but_help_has_a_handler() -> None:
    # Help is answered without a database (in the ack, or by the dispatcher before any
    # transaction), so it has no handler.
    kinds = set(Command.__subclasses__())
    assert Help in kinds
    assert set(HANDLERS) == kinds - {Help}


def test_every_result_has_a_renderer() -> None:
    kinds = set(Result.__subclasses__())
    assert len(kinds) >= 14
    assert set(RENDERERS) == kinds
