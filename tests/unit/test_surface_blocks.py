"""Builders for the Slack surfaces: valid Block Kit, within limits, user text escaped."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.errors import InvalidInput, Unavailable
from bot.grammar import Filters
from bot.results import Answer, ChannelConf
from bot.search.live import Hit
from bot.services.followups import FollowupDraft
from bot.services.home import HomeData
from bot.slack.blocks import render_result
from bot.slack.blocks.errors import error_message
from bot.slack.blocks.followups import owner_label
from bot.slack.blocks.home import home_view
from bot.slack.blocks.mentions import mention_help
from bot.slack.blocks.modal import (
    ModalOrigin,
    ModalPrefill,
    not_saved_message,
    saved_from_form,
    takeaway_modal,
)
from bot.slack.blocks.sharing import (
    parse_share_value,
    share_actions,
    shareable_answer,
    shared_answer,
)
from bot.slack.blocks.takeaways import answer
from storage.models import Followup, Takeaway, TakeawayTag
from tests.support.blocks import assert_no_pings, assert_valid_message, visible_text
from tests.support.views import assert_valid_view


def open_followup(followup_id: int, text: str, due: date | None = None) -> Followup:
    """An open follow-up as App Home reads it."""
    return Followup(id=followup_id, team_id="T1", text=text, due=due, status="open", owner="U1")


HOSTILE = "<!channel> <!here> <@U1> <!subteam^S1> & <https://evil|click> *bold*"
# In what we build, `<` only opens links, dates, and mentions of ids Slack gave us.
ALLOWED_CONTROL = re.compile(r"<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+|!date\^[^>]+|https?://[^>]+)>")


def assert_only_known_controls(node: dict[str, Any]) -> None:
    text = ALLOWED_CONTROL.sub("", visible_text(node))
    assert "<" not in text and ">" not in text, text


def make(tid: int = 1, text: str = HOSTILE, **fields: Any) -> Takeaway:
    t = Takeaway(
        id=tid,
        team_id="T1",
        text=text,
        conference=fields.get("conference", HOSTILE[:200]),
        talk=fields.get("talk", HOSTILE),
        links=fields.get("links", ["https://karpenter.sh", "https://x.io/|<!channel>"]),
        author="U1",
        author_name=fields.get("author_name", "<!here>"),
        source_author="U2",
        source_author_name=fields.get("source_author_name", "<!channel> bob"),
        created_at=datetime(2026, 11, 23, tzinfo=UTC),
        updated_at=datetime(2026, 11, 23, tzinfo=UTC),
    )
    t.tag_rows = [TakeawayTag(tag=f"tag{tid}x{i}", team_id="T1") for i in range(20)]
    return t


@pytest.mark.parametrize("from_message", [False, True])
def test_modal_variants_are_valid(from_message: bool) -> None:
    prefill = ModalPrefill(
        text="x" * 5000,
        conference="c" * 300,
        link="https://acme.slack.com/archives/C1/p1",
        from_message=from_message,
        source_author="U2",
    )
    origin = ModalOrigin("shortcut", "C1", "https://hooks.slack.com/actions/T1/1/abc")
    view = takeaway_modal(prefill, origin)
    assert_valid_view(view)
    assert len(view["title"]["text"]) <= 24
    blocks = {b.get("block_id") for b in view["blocks"]}
    assert ("source_author" in blocks) is from_message
    assert {"followup_text", "followup_owner", "followup_due"} <= blocks
    assert ModalOrigin.from_metadata(view["private_metadata"]) == origin


def test_modal_origin_survives_garbage() -> None:
    assert ModalOrigin.from_metadata("not json") == ModalOrigin("home")
    assert ModalOrigin.from_metadata('{"o": "evil"}') == ModalOrigin("home")
    huge = ModalOrigin("command", "C1", "https://x/" + "a" * 4000)
    assert len(huge.to_metadata()) <= 3000


def test_home_with_everything_stays_within_limits() -> None:
    data = HomeData(
        mine=[make(i, "m" * 3000) for i in range(5)],
        newest=[make(i, "n" * 3000) for i in range(5)],
        top_tags=[(f"{'t' * 60}{i}", 10_000) for i in range(12)],
        followups=[open_followup(i, "f" * 1000 + HOSTILE, date(2026, 12, 1)) for i in range(10)],
    )
    view = home_view(data)
    assert_valid_view(view)
    assert_no_pings({"text": "home", "blocks": view["blocks"]})
    assert_only_known_controls({"blocks": view["blocks"]})
    done = [b for b in view["blocks"] if b.get("accessory", {}).get("action_id") == "followup_done"]
    assert len(done) == 10 and len({b["block_id"] for b in done}) == 10


def test_home_without_follow_ups_says_nothing_is_open() -> None:
    view = home_view(HomeData(mine=[], newest=[], top_tags=[], followups=[]))
    assert_valid_view(view)
    assert "Your open follow-ups" in visible_text({"blocks": view["blocks"]})
    assert "Nothing open" in visible_text({"blocks": view["blocks"]})


def long_answer(query: str) -> Answer:
    hits = [Hit(make(10**17 + i), 99.5) for i in range(5)]
    return Answer(query=query, filters=Filters(author="U2"), hits=hits)


def test_share_button_value_fits_and_round_trips() -> None:
    reply = long_answer('"\\' * 250 + "é" * 300)
    block = share_actions(reply)
    assert block is not None
    value = block["elements"][0]["value"]
    assert len(value) <= 2000
    ids, query = parse_share_value(value)
    assert ids == [10**17 + i for i in range(5)]
    assert query.startswith('"\\"\\')
    message = shareable_answer(reply)
    assert_valid_message(message)
    assert message["blocks"][-1]["block_id"] == "share"


@pytest.mark.parametrize("value", ["", "[]", '{"ids": ["x"]}', '{"q": "no ids"}', "{oops"])
def test_garbled_share_values_are_refused(value: str) -> None:
    with pytest.raises(InvalidInput, match="out of date"):
        parse_share_value(value)


def test_public_and_shared_answers_mention_nobody() -> None:
    reply = long_answer("karpenter")
    public = answer(reply, public=True)
    shared = shared_answer([hit.takeaway for hit in reply.hits], query=HOSTILE, shared_by=HOSTILE)
    nothing = answer(Answer(query="x", filters=Filters(author="U2"), hits=[]), public=True)
    for message in (public, shared, nothing):
        assert_valid_message(message)
        assert_no_pings(message)
        assert "<@" not in visible_text(message)
    assert "from a message by &lt;!channel&gt; bob" in visible_text(shared)
    assert "<@U2>" in visible_text(answer(Answer(query="x", filters=Filters(author="U2"), hits=[])))


@pytest.mark.parametrize(
    "reply",
    [
        ChannelConf("set", "C1", HOSTILE[:200], "U1", datetime(2026, 11, 23, tzinfo=UTC)),
        ChannelConf("show", "C1", HOSTILE[:200], "U1", datetime(2026, 11, 23, tzinfo=UTC)),
        ChannelConf("show", "C1", None),
        ChannelConf("clear", "C1", HOSTILE[:200]),
        ChannelConf("clear", "C1", None),
    ],
)
def test_channel_conference_replies(reply: ChannelConf) -> None:
    message = render_result(reply)
    assert_valid_message(message)
    assert_no_pings(message)
    assert_only_known_controls(message)


def test_confirmations_and_failures_of_the_modal() -> None:
    saved = saved_from_form(make(), FollowupDraft(HOSTILE, "U2", date(2026, 12, 1)))
    failed = not_saved_message(error_message(Unavailable("Database down.")), "a ``` b " + HOSTILE)
    for message in (saved, failed, mention_help(in_dm=True), mention_help(in_dm=False)):
        assert_valid_message(message)
        assert_no_pings(message)
    assert "```a `\u200b`` b &lt;!channel&gt;" in visible_text(failed)
    assert json.dumps(failed).count("```") == 2


def test_a_stored_owner_that_is_not_a_user_id_never_becomes_a_mention() -> None:
    # Rows imported by an older release could hold any one word as the owner.
    hostile = Followup(
        id=1, team_id="T1", text="x", owner="U1><!channel><@U2", owner_name="<!here>"
    )
    assert owner_label(hostile, mention=True) == "&lt;!here&gt;"
    fine = Followup(id=2, team_id="T1", text="x", owner="U0123ABCD", owner_name="bob")
    assert owner_label(fine, mention=True) == "<@U0123ABCD>"


def test_a_quick_answer_says_the_full_search_is_still_indexing() -> None:
    hits = [Hit(make(1, "Karpenter consolidates nodes"), 100.0)]
    for reply in (
        Answer(query="karpenter", filters=Filters(), hits=hits, quick=True),
        Answer(query="karpenter", filters=Filters(), hits=[], quick=True),
    ):
        shown = visible_text(render_result(reply))
        assert "A quick answer" in shown and "still indexing" in shown
    assert "quick answer" not in visible_text(render_result(long_answer("karpenter")))
