"""Issue 15's messages: valid Block Kit, within limits, and no user text ever pings."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.results import Added, Experts, Merged, MeSettings
from bot.search.live import Similar
from bot.services.experts import Expert
from bot.slack.blocks import render_result
from bot.slack.blocks.experts import experts
from bot.slack.blocks.plus_ones import plus_one_noted
from bot.slack.blocks.related import related_blocks
from bot.slack.blocks.revisits import (
    SupersededForm,
    read_superseded_form,
    revisit_message,
    superseded_form,
)
from storage.models import Takeaway
from tests.support.blocks import assert_no_pings, assert_valid_message, visible_text
from tests.support.views import assert_valid_view
from tests.unit.test_surface_blocks import HOSTILE, assert_only_known_controls, make


def hostile(tid: int, **fields: object) -> Takeaway:
    t = make(tid, **fields)  # type: ignore[arg-type]
    t.number = tid
    t.coauthors = [{"user": "U9", "name": "<!channel> eve"}]
    t.revisit_on = date(2026, 11, 24)
    t.status = "current"
    return t


def test_saved_with_duplicates_and_related_pings_nobody() -> None:
    new, old, other = hostile(3), hostile(1), hostile(2)
    message = render_result(
        Added(new, (Similar(old, 0.8, "similar text"), Similar(other, 0.6, "same talk")), (other,))
    )
    assert_valid_message(message)
    assert_no_pings(message)
    assert_only_known_controls(message)
    shown = visible_text(message)
    assert "This looks like takeaway *#1*" in shown and "(80% alike)" in shown
    assert "Also alike: *#2* (notes on the same talk)" in shown
    assert ":link: Related: *#2*" in shown
    assert "&lt;!here&gt;, &lt;!channel&gt; eve" in shown, "author and co-author, escaped"


def test_merged_and_me_too_replies() -> None:
    t = hostile(1)
    for message in (render_result(Merged(t, 7)), plus_one_noted(t, True)):
        assert_valid_message(message)
        assert_no_pings(message)
        assert_only_known_controls(message)


def test_related_shows_at_most_three_and_leaves_out_answers() -> None:
    items = [hostile(i, text=f"note {i}\nsecond line") for i in range(1, 6)]
    (line,) = related_blocks(items, leave_out=[1])
    shown = visible_text({"blocks": [line]})
    assert "*#2* note 2 second line" in shown and "*#5*" not in shown and "*#1*" not in shown
    assert related_blocks([items[0]], leave_out=[1]) == []


def test_who_names_people_plainly_in_public() -> None:
    people = [
        Expert("U1", "<!channel> alice", takeaways=2, talks={("c", "t")}),
        Expert(
            "U2", "bob", followups_closed=1, plus_ones=3, latest=datetime(2026, 3, 1, tzinfo=UTC)
        ),
    ]
    ephemeral = experts(Experts(HOSTILE, people))
    public = experts(Experts(HOSTILE, people), public=True)
    for message in (ephemeral, public):
        assert_valid_message(message)
        assert_no_pings(message)
        assert_only_known_controls(message)
    assert "1. <@U1>: 2 takeaways, 1 talk" in visible_text(ephemeral)
    shown = visible_text(public)
    assert "<@" not in shown and "*&lt;!channel&gt; alice*" in shown
    assert "2. *bob*: 1 follow-up closed, +1 on 3 takeaways, latest 2026-03-01" in shown
    assert "Nobody here" in visible_text(experts(Experts("wasm", [])))
    assert "hidden" in visible_text(render_result(MeSettings(who_hidden=True, changed=True)))


def test_revisit_dm_and_the_superseded_form() -> None:
    due, done = hostile(1), hostile(2, text="verified one")
    done.verified_at = datetime(2026, 11, 23, tzinfo=UTC)
    done.revisit_on = date(2027, 11, 23)
    message = revisit_message([due, done])
    assert_valid_message(message)
    assert_no_pings(message)
    assert_only_known_controls(message)
    assert [b["block_id"] for b in message["blocks"] if b["type"] == "actions"] == ["revisit-1"]
    assert "verified 2026-11 · next look 2027-11-23" in visible_text(message)

    view = superseded_form(SupersededForm(1, 0, "D1", "1.2", (1, 2)))
    assert_valid_view(view)
    values = {"superseded_by": {"value": {"type": "plain_text_input", "value": " #42 "}}}
    form = read_superseded_form(values, view["private_metadata"])
    assert (form.ref, form.newer, form.channel_id, form.message_ts, form.shown) == (
        1,
        42,
        "D1",
        "1.2",
        (1, 2),
    )
