"""`/takeaway add` with no text opens a modal; its submission stores the takeaway.
Signed HTTP requests to the real app, on SQLite and Postgres."""

from __future__ import annotations

from typing import Any

from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import (
    assert_valid_view,
    input_blocks,
    opened_view,
    submission,
)


def reply(slack: SlackDriver, text: str, **kwargs: Any) -> dict[str, Any]:
    message = slack.command_reply(text, **kwargs)
    assert_valid_message(message)
    assert_no_pings(message)
    return message


def open_modal(slack: SlackDriver, fake: FakeSlack, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    """Run `/takeaway add` alone; return the command's response_url key and the view."""
    before = len(fake.calls_to("views.open"))
    response, key = slack.command("add", **kwargs)
    assert response.status_code == 200
    fake.wait_for("views.open", before + 1)
    trigger, view = opened_view(fake)
    assert trigger == f"trigger-{key}", "the modal opens with the command's trigger_id"
    assert_valid_view(view)
    return key, view


def test_add_without_text_opens_the_modal(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    key, view = open_modal(slack, fake_slack)
    fields = input_blocks(view)
    assert list(fields) == [
        "text",
        "conference",
        "talk",
        "tags",
        "link",
        "followup_text",
        "followup_owner",
        "followup_due",
    ]
    assert [b for b, f in fields.items() if not f["optional"]] == ["text"]
    assert fields["text"]["element"]["multiline"] is True
    assert fields["text"]["element"]["type"] == "plain_text_input"
    assert "initial_value" not in fields["conference"]["element"], "nothing to prefill yet"
    # The follow-up section is always there, and optional.
    assert "*Follow-up* (optional)" in visible_text({"blocks": view["blocks"]})
    assert fake_slack.responses(key) == [], "no text reply: the modal is the answer"


def test_submission_from_the_opened_view_stores_the_takeaway(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    key, view = open_modal(slack, fake_slack)
    payload = submission(
        view,
        {
            "text": "  Karpenter consolidates  nodes\n\n\n\n"
            "by price, see https://karpenter.sh/docs. ",
            "conference": "KubeCon EU 2024",
            "talk": "Karpenter deep dive",
            "tags": "karpenter, #FinOps  spot",
            "link": "https://youtu.be/karpenter",
        },
    )
    response = slack.interact(payload)
    assert response.status_code == 200
    assert response.content in (b"", b"{}"), "an empty ack closes the modal"

    saved = fake_slack.wait_for_response(key)
    assert_valid_message(saved)
    assert saved["response_type"] == "ephemeral"
    assert "Saved as takeaway *#1*" in visible_text(saved)

    shown = visible_text(reply(slack, "show 1"))
    assert "Karpenter consolidates nodes\n\nby price, see https://karpenter.sh/docs." in shown
    assert "`#karpenter` `#finops` `#spot`" in shown
    assert "KubeCon EU 2024" in shown and "Karpenter deep dive" in shown
    assert "by alice" in shown
    # The link field first, then links in the text.
    assert shown.index("youtu.be/karpenter") < shown.index("<https://karpenter.sh/docs|")
    assert "Karpenter consolidates" in read_text(reply(slack, "ask karpenter"))


def test_validation_errors_come_back_on_the_right_field(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    _, view = open_modal(slack, fake_slack)
    response = slack.interact(
        submission(view, {"text": "   \n  ", "tags": "ok, 1x", "link": "karpenter.sh"})
    )
    assert response.status_code == 200
    body = response.json()
    assert body["response_action"] == "errors"
    errors = body["errors"]
    assert set(errors) == {"text", "tags", "link"}
    assert "Write what you learned" in errors["text"]
    assert "`1x` is not a tag" in errors["tags"]
    assert "http://" in errors["link"]

    too_long = slack.interact(submission(view, {"text": "y" * 3001})).json()
    assert too_long["errors"] == {"text": "That is 3001 characters; the limit is 3000."}
    assert "No takeaways yet" in visible_text(reply(slack, "list")), "nothing was stored"


def test_modal_text_is_kept_as_typed_and_never_pings(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    key, view = open_modal(slack, fake_slack)
    typed = "<!channel> Tom & Jerry <3 &amp; <@U2> *bold*"
    slack.interact(submission(view, {"text": typed, "conference": "<!here> Con"}))
    saved = fake_slack.wait_for_response(key)
    assert_no_pings(saved)
    shown = visible_text(reply(slack, "show 1"))
    assert "&lt;!channel&gt; Tom &amp; Jerry &lt;3 &amp;amp; &lt;@U2&gt; *bold*" in shown
    assert "&lt;!here&gt; Con" in shown


def test_conference_prefill_is_the_channel_default_else_the_last_used(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    reply(slack, 'add Cilium replaces kube-proxy conf:"SREcon EMEA"', channel="C2")
    _, view = open_modal(slack, fake_slack, channel="C1")
    conference = input_blocks(view)["conference"]["element"]
    assert conference["initial_value"] == "SREcon EMEA", "the user's last conference"
    # Someone else has no last conference.
    _, view = open_modal(slack, fake_slack, channel="C1", user="U2", user_name="bob")
    assert "initial_value" not in input_blocks(view)["conference"]["element"]

    reply(slack, 'conf set "KubeCon EU 2024"', channel="C1")
    key, view = open_modal(slack, fake_slack, channel="C1")
    assert input_blocks(view)["conference"]["element"]["initial_value"] == "KubeCon EU 2024"

    # Submitted untouched, the prefill is stored; cleared, no conference is.
    slack.interact(submission(view, {"text": "Prefilled"}))
    fake_slack.wait_for_response(key)
    key, view = open_modal(slack, fake_slack, channel="C1")
    slack.interact(submission(view, {"text": "Cleared", "conference": ""}))
    fake_slack.wait_for_response(key)
    assert "KubeCon EU 2024" in visible_text(reply(slack, "show 2"))
    assert "KubeCon" not in visible_text(reply(slack, "show 3"))


def test_channel_conference_applies_to_one_line_adds(slack: SlackDriver) -> None:
    assert "has no conference" in visible_text(reply(slack, "conf show", channel="C1"))
    set_reply = visible_text(reply(slack, 'conf set "KubeCon EU 2024"', channel="C1"))
    assert "<#C1>" in set_reply and "*KubeCon EU 2024*" in set_reply

    reply(slack, "add Defaulted", channel="C1")
    reply(slack, 'add Overridden conf:"SREcon"', channel="C1")
    reply(slack, 'add Explicitly none conf:""', channel="C1")
    reply(slack, "add Elsewhere", channel="C2")
    filed = visible_text(reply(slack, 'list conf:"KubeCon EU 2024"'))
    assert "Defaulted" in filed
    assert not any(t in filed for t in ("Overridden", "Explicitly none", "Elsewhere"))
    assert "Overridden" in visible_text(reply(slack, "list conf:SREcon"))

    shown = visible_text(reply(slack, "conf", channel="C1"))
    assert "*KubeCon EU 2024*" in shown and "set by <@U1>" in shown
    # Changing it replaces it.
    reply(slack, "conf set SREcon EMEA", channel="C1", user="U2", user_name="bob")
    assert "set by <@U2>" in visible_text(reply(slack, "conf show", channel="C1"))
    cleared = visible_text(reply(slack, "conf clear", channel="C1"))
    assert "no longer files takeaways under *SREcon EMEA*" in cleared
    reply(slack, "add After clearing", channel="C1")
    assert "SREcon" not in visible_text(reply(slack, "show 5"))
    assert "had no conference" in visible_text(reply(slack, "conf clear", channel="C1"))


def test_channel_conference_input_is_checked(slack: SlackDriver) -> None:
    assert "Which conference?" in visible_text(reply(slack, "conf set"))
    assert "never closes" in visible_text(reply(slack, 'conf set "KubeCon'))
    assert "at most 200" in visible_text(reply(slack, "conf set " + "x" * 201))
    assert "I don't understand `conf maybe`" in visible_text(reply(slack, "conf maybe"))
    escaped = visible_text(reply(slack, "conf set <!channel> Con", channel="C1"))
    assert "*@channel Con*" in escaped
