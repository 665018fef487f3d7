"""Listeners are module-level functions: each can be called without a Bolt app, with its
collaborators in the context, as the middleware puts them there for real requests."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.services.container import Services
from bot.slack.background import BackgroundWork
from bot.slack.listeners import commands
from bot.slack.listeners.deps import CONTEXT_KEY, Deps
from bot.slack.users import UserDirectory
from tests.support.fake_slack import FakeSlack


class Recorder:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


def command(text: str) -> dict[str, Any]:
    return {
        "team_id": "T1",
        "user_id": "U1",
        "user_name": "alice",
        "channel_id": "C1",
        "text": text,
        "trigger_id": "trigger-1",
    }


def test_a_slash_command_listener_runs_without_an_app(
    services: Services, fake_slack: FakeSlack
) -> None:
    work = BackgroundWork(1)
    deps = Deps(services, UserDirectory(), work)
    context = BoltContext({CONTEXT_KEY: deps, "team_id": "T1"})
    client = WebClient(base_url=fake_slack.url, token="xoxb-test")
    ack, respond = Recorder(), Recorder()

    commands.takeaway_command(
        ack,
        command("add Cilium replaces kube-proxy #cilium"),
        respond,
        client,
        context,  # type: ignore[arg-type]
    )
    work.shutdown()  # the reply is sent after the ack, from the work pool

    assert ack.calls == [{}]
    (reply,) = respond.calls
    assert reply["response_type"] == "ephemeral"
    assert "Saved takeaway #1: Cilium replaces kube-proxy" in reply["text"]


def test_help_is_answered_in_the_ack_without_any_work() -> None:
    ack, respond = Recorder(), Recorder()
    commands.takeaway_command(ack, command("help"), respond, None, BoltContext())  # type: ignore[arg-type]
    (acked,) = ack.calls
    assert "/takeaway add" in str(acked["blocks"]) and respond.calls == []
