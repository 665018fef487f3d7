"""/takeaway add, ask, list, show, edit, delete, help: signed requests to the real app
(in-process; refusals also over HTTP), on SQLite and Postgres, with replies read from the
fake Slack."""

from __future__ import annotations

import time
from typing import Any

from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver

KARPENTER = (
    "Karpenter consolidates nodes by price, zone and instance type #karpenter #finops "
    'conf:"KubeCon EU 2024" talk:"Karpenter deep dive"'
)


def reply(slack: SlackDriver, text: str, **kwargs: Any) -> dict[str, Any]:
    message = slack.command_reply(text, **kwargs)
    assert_valid_message(message)
    assert_no_pings(message)
    return message


def test_add_confirms_with_id_and_preview(slack: SlackDriver) -> None:
    message = reply(slack, f"add {KARPENTER}")
    assert message["response_type"] == "ephemeral"
    shown = visible_text(message)
    assert "takeaway *#1*" in shown
    assert "Karpenter consolidates nodes by price, zone and instance type" in shown
    assert "`#karpenter` `#finops`" in shown
    assert "KubeCon EU 2024" in shown and "Karpenter deep dive" in shown
    # The trailing tags and the fields are metadata, not part of the text.
    assert "conf:" not in shown


def test_ask_finds_exact_and_misspelled(slack: SlackDriver) -> None:
    reply(slack, f"add {KARPENTER}")
    reply(slack, "add Cilium replaces kube-proxy with eBPF #cilium #ebpf")
    for query in ("karpenter", "karpneter", "what did we learn about karpenter?"):
        shown = read_text(reply(slack, f"ask {query}"))
        assert "best match" in shown, query
        assert "Karpenter consolidates nodes" in shown, query
        assert "Cilium" not in shown, query
        assert "#1 ·" in shown, "the number to show, edit or share it by"


def test_ask_with_nothing_matching_says_so(slack: SlackDriver) -> None:
    reply(slack, f"add {KARPENTER}")
    shown = visible_text(reply(slack, "ask backstage"))
    assert "Nothing found for *backstage*" in shown


def test_ask_returns_at_most_five(slack: SlackDriver) -> None:
    for i in range(7):
        reply(slack, f"add Karpenter note number {i} #karpenter")
    message = reply(slack, "ask karpenter")
    # One section per answer, with its "Me too" (others may be named as related below).
    answers = [b for b in message["blocks"] if "note number" in read_text({"blocks": [b]})]
    assert len([b for b in answers if b.get("accessory")]) == 5


def test_list_recent_mine_tag_and_conference(slack: SlackDriver) -> None:
    reply(slack, f"add {KARPENTER}", user="U1", user_name="alice")
    reply(slack, "add Cilium replaces kube-proxy #ebpf conf:SREcon", user="U2", user_name="bob")
    everything = visible_text(reply(slack, "list"))
    assert everything.index("Cilium") < everything.index("Karpenter"), "newest first"
    mine = visible_text(reply(slack, "list mine", user="U2", user_name="bob"))
    assert "Cilium" in mine and "Karpenter" not in mine
    tagged = visible_text(reply(slack, "list #ebpf"))
    assert "Cilium" in tagged and "Karpenter" not in tagged
    conf = visible_text(reply(slack, 'list conf:"kubecon eu 2024"'))
    assert "Karpenter" in conf and "Cilium" not in conf
    nothing = visible_text(reply(slack, "list #wasm"))
    assert "No takeaways yet" in nothing


def test_list_says_how_many_more_there_are(slack: SlackDriver) -> None:
    for i in range(12):
        reply(slack, f"add note {i}")
    shown = visible_text(reply(slack, "list"))
    assert "Showing the newest 10 of 12" in shown


def test_edit_and_delete_by_author(slack: SlackDriver) -> None:
    reply(slack, f"add {KARPENTER}")
    edited = visible_text(reply(slack, "edit 1 Karpenter bin-packs spot nodes #karpenter #spot"))
    assert "Updated takeaway *#1*" in edited
    assert "Karpenter bin-packs spot nodes" in edited
    assert "`#karpenter` `#spot`" in edited
    assert "KubeCon EU 2024" in edited, "fields not given in the edit are kept"
    deleted = visible_text(reply(slack, "delete 1"))
    assert "Deleted takeaway *#1*" in deleted
    assert "There is no takeaway #1" in visible_text(reply(slack, "show 1"))


def test_only_author_or_admin_may_change(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    reply(slack, f"add {KARPENTER}", user="U1", user_name="alice")
    refused = visible_text(reply(slack, "edit 1 hijacked", user="U2", user_name="bob"))
    assert "Only the author of takeaway #1 or a workspace admin can edit it" in refused
    refused = visible_text(reply(slack, "delete 1", user="U2", user_name="bob"))
    assert "can delete it" in refused
    assert "Karpenter consolidates" in visible_text(reply(slack, "show 1"))
    # The admin check asks Slack who bob is.
    assert any(c.params.get("user") == "U2" for c in fake_slack.calls_to("users.info"))
    admin_edit = visible_text(reply(slack, "edit 1 Admin fixed a typo", user="UADMIN"))
    assert "Admin fixed a typo" in admin_edit
    assert "Deleted" in visible_text(reply(slack, "delete 1", user="UADMIN"))


def test_help_is_answered_in_the_ack(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    for text in ("help", "", "help add"):
        response, key = slack.command(text)
        assert response.status_code == 200
        message = response.json()
        assert_valid_message(message)
        assert message["response_type"] == "ephemeral"
        assert "/takeaway add" in visible_text(message)
        assert fake_slack.responses(key) == []


def test_bad_input_gets_clear_reply_and_stores_nothing(slack: SlackDriver) -> None:
    # `add` alone opens the modal (tests/scenario/test_add_modal.py).
    tags_only = visible_text(reply(slack, "add #karpenter #finops"))
    assert "A takeaway needs some text" in tags_only
    too_long = visible_text(reply(slack, "add " + "x" * 3001))
    assert "3001 characters; the limit is 3000" in too_long
    assert "Nothing was saved" in too_long
    unknown = visible_text(reply(slack, "frobnicate the cluster"))
    assert "I don't know the command `frobnicate`" in unknown
    assert "/takeaway ask" in unknown, "usage is shown"
    bad_id = visible_text(reply(slack, "delete forty-two"))
    assert "is not a takeaway id" in bad_id
    missing = visible_text(reply(slack, "edit 99 new text"))
    assert "There is no takeaway #99" in missing
    unclosed = visible_text(reply(slack, 'add Something conf:"KubeCon EU'))
    assert "never closes" in unclosed
    assert "No takeaways yet" in visible_text(reply(slack, "list"))


def test_text_of_exactly_3000_characters_is_kept_whole(slack: SlackDriver) -> None:
    reply(slack, "add " + "y" * 3000)
    shown = visible_text(reply(slack, "show 1"))
    assert "y" * 3000 in shown


def test_slack_escaping_is_decoded_and_user_text_never_pings(slack: SlackDriver) -> None:
    # What Slack sends for: Tom & Jerry <3 @channel <!here> https://cilium.io @bob
    raw = (
        "add Tom &amp; Jerry &lt;3 <!channel> &lt;!here&gt; <https://cilium.io|cilium.io> "
        "<@U2|bob> in <#C9|sre> #cilium"
    )
    message = reply(slack, raw)
    shown = visible_text(message)
    assert "Tom &amp; Jerry &lt;3 @channel &lt;!here&gt;" in shown
    assert "@bob in #sre" in shown
    assert "<https://cilium.io|https://cilium.io>" in shown, "links stay clickable"
    listed = reply(slack, "list")
    assert "&lt;!here&gt;" in visible_text(listed)


def test_workspaces_never_see_each_other(slack: SlackDriver) -> None:
    reply(slack, f"add {KARPENTER}", team="T1")
    assert "Nothing found" in visible_text(reply(slack, "ask karpenter", team="T2"))
    assert "No takeaways yet" in visible_text(reply(slack, "list", team="T2"))
    assert "There is no takeaway #1" in visible_text(reply(slack, "show 1", team="T2"))
    assert "There is no takeaway #1" in visible_text(reply(slack, "delete 1", team="T2"))
    assert "Karpenter" in visible_text(reply(slack, "show 1", team="T1"))


def test_bad_signature_and_old_timestamp_are_refused(
    slack_http: SlackDriver, fake_slack: FakeSlack
) -> None:
    """Over real HTTP: what a forged or replayed request meets in production."""
    slack = slack_http
    body, key = slack.command_body(f"add {KARPENTER}")
    assert slack.post(body, secret="not-the-secret").status_code == 401
    assert slack.post(body, timestamp=int(time.time()) - 301).status_code == 401
    unsigned = slack.http.post(
        "/slack/events", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert unsigned.status_code == 401
    assert fake_slack.responses(key) == []
    assert "No takeaways yet" in visible_text(reply(slack, "list"))


def test_in_process_requests_are_verified_too(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    """The in-process driver most scenarios use goes through Bolt's signature check: a
    scenario cannot pass because verification was skipped."""
    body, key = slack.command_body(f"add {KARPENTER}")
    assert slack.post(body, secret="not-the-secret").status_code == 401
    assert slack.post(body, timestamp=int(time.time()) - 301).status_code == 401
    assert fake_slack.responses(key) == []
    assert slack.post(body).status_code == 200
    assert "Saved as takeaway" in visible_text(fake_slack.wait_for_response(key))


def test_by_filter_in_list(slack: SlackDriver) -> None:
    reply(slack, "add Alice's note", user="U1", user_name="alice")
    reply(slack, "add Bob's note", user="U2", user_name="bob")
    shown = visible_text(reply(slack, "list by:<@U2|bob>"))
    assert "Bob's note" in shown and "Alice's note" not in shown
    assert "needs a person" in visible_text(reply(slack, "list by:nobody"))
