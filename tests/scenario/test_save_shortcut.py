"""The "Save as takeaway" message shortcut (callback_id save_takeaway): the add modal,
prefilled from the message, its permalink and its author."""

from __future__ import annotations

from typing import Any

from tests.support.blocks import assert_valid_message, visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import assert_valid_view, input_blocks, opened_view, submission

MESSAGE_TS = "1700000000.000100"


def shortcut(
    slack: SlackDriver, message: dict[str, Any], *, key: str = "sc1", user: str = "U1"
) -> dict[str, Any]:
    return {
        "type": "message_action",
        "callback_id": "save_takeaway",
        "trigger_id": f"trigger-{key}",
        "response_url": slack.fake.response_url(key),
        "team": {"id": "T1", "domain": "acme"},
        "channel": {"id": "C1", "name": "kubecon"},
        "user": {"id": user, "username": "alice", "name": "alice", "team_id": "T1"},
        "message": {"type": "message", "ts": MESSAGE_TS, **message},
        "message_ts": MESSAGE_TS,
        "action_ts": "1700000100.000200",
        "token": "legacy-verification-token",
        "is_enterprise_install": False,
    }


def test_shortcut_prefills_text_permalink_and_author(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    raw = "Cilium &amp; eBPF replace kube-proxy, says <@U3|carol> in <#C9|sre> <https://cilium.io>"
    response = slack.interact(shortcut(slack, {"user": "U2", "text": raw}))
    assert response.status_code == 200
    trigger, view = opened_view(fake_slack)
    assert trigger == "trigger-sc1"
    assert_valid_view(view)
    (permalink_call,) = fake_slack.calls_to("chat.getPermalink")
    assert permalink_call.params["channel"] == "C1"
    assert permalink_call.params["message_ts"] == MESSAGE_TS

    fields = input_blocks(view)
    assert fields["text"]["element"]["initial_value"] == (
        "Cilium & eBPF replace kube-proxy, says @carol in #sre https://cilium.io"
    )
    permalink = "https://acme.slack.com/archives/C1/p1700000000000100"
    assert fields["link"]["element"]["initial_value"] == permalink
    assert fields["source_author"]["element"]["initial_user"] == "U2"
    assert "a message by <@U2>" in visible_text({"blocks": view["blocks"]})

    slack.interact(submission(view, {"tags": "cilium"}))
    saved = fake_slack.wait_for_response("sc1")
    assert_valid_message(saved)
    shown = visible_text(saved)
    assert "Saved as takeaway *#1*" in shown
    assert "by alice, from a message by bob" in shown, "the original author, by name"
    assert f"<{permalink}|" in shown

    # The person who saved it owns it; the message's author is credited, not in charge.
    refused = visible_text(slack.command_reply("delete 1", user="U2", user_name="bob"))
    assert "Only the author of takeaway #1" in refused
    assert "Deleted" in visible_text(slack.command_reply("delete 1"))


def test_shortcut_opens_the_form_even_without_a_permalink(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    fake_slack.fail("chat.getPermalink", "channel_not_found")
    slack.interact(shortcut(slack, {"user": "U2", "text": "From a private channel"}))
    _, view = opened_view(fake_slack)
    assert_valid_view(view)
    fields = input_blocks(view)
    assert "initial_value" not in fields["link"]["element"]
    assert fields["text"]["element"]["initial_value"] == "From a private channel"


def test_a_bots_message_has_no_author_to_credit(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.interact(shortcut(slack, {"bot_id": "B9", "username": "ci", "text": "Build green"}))
    _, view = opened_view(fake_slack)
    assert_valid_view(view)
    assert "initial_user" not in input_blocks(view)["source_author"]["element"]
    assert "a message by an app" in visible_text({"blocks": view["blocks"]})
    # The credit can be left empty; the takeaway is still saved.
    slack.interact(submission(view, {}))
    assert "Saved as takeaway *#1*" in visible_text(fake_slack.wait_for_response("sc1"))


def test_a_long_message_is_cut_to_fit_the_field(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.interact(shortcut(slack, {"user": "U2", "text": "z" * 5000}))
    _, view = opened_view(fake_slack)
    assert_valid_view(view)
    initial = input_blocks(view)["text"]["element"]["initial_value"]
    assert len(initial) == 3000 and initial.endswith("…")


def test_expired_trigger_is_explained(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    fake_slack.fail("views.open", "expired_trigger_id")
    slack.interact(shortcut(slack, {"user": "U2", "text": "Too slow"}))
    problem = fake_slack.wait_for_response("sc1")
    assert_valid_message(problem)
    shown = visible_text(problem)
    assert "Slack could not open the form (expired_trigger_id)" in shown
    assert "/takeaway add" in shown
