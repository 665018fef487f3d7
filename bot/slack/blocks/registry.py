"""Which renderer turns each kind of command result into a message (`@renders`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from bot.results import Result
from bot.slack.blocks.kit import Message

RENDERERS: dict[type[Result], Callable[[Any], Message]] = {}
# The renderer keeps its own signature (extra keyword arguments, for callers that use it
# directly); the registry calls it with the result alone.
F = TypeVar("F", bound=Callable[..., Message])


def renders(kind: type[Result]) -> Callable[[F], F]:
    """Register the renderer of one result kind."""

    def register(renderer: F) -> F:
        if kind in RENDERERS:
            raise RuntimeError(f"{kind.__name__} already has a renderer")
        RENDERERS[kind] = renderer
        return renderer

    return register


def render_result(result: Result) -> Message:
    """The message showing a command's result, in Slack and (as text) at the console."""
    renderer = RENDERERS.get(type(result))
    if renderer is None:
        raise AssertionError(f"no renderer for {type(result).__name__}")
    return renderer(result)
