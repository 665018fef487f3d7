"""Block builders: valid Block Kit, inside Slack's limits, user text always escaped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import InvalidInput
from bot.grammar import Filters
from bot.results import Added, Answer, Deleted, Edited, Listing, Shown
from bot.search.live import Hit
from bot.slack.blocks import render_result
from bot.slack.blocks.errors import error_message
from bot.slack.blocks.help import help_message
from bot.slack.blocks.kit import message, section
from bot.slack.blocks.terminal import to_terminal
from storage.models import Takeaway, TakeawayTag
from tests.support.blocks import assert_no_pings, assert_valid_message, visible_text

HOSTILE = "<!channel> <!here> <!everyone> <@U1> <!subteam^S1> & <https://evil|click> *bold*"


def make(
    text: str = "Karpenter consolidates nodes", *, tid: int = 42, **fields: object
) -> Takeaway:
    t = Takeaway(
        id=tid,
        team_id="T1",
        text=text,
        conference=fields.get("conference", "KubeCon EU 2024"),
        talk=fields.get("talk", "Karpenter deep dive"),
        links=fields.get("links", ["https://karpenter.sh"]),
        author="U1",
        author_name=fields.get("author_name", "alice"),
        created_at=datetime(2026, 11, 23, tzinfo=UTC),
        updated_at=datetime(2026, 11, 23, tzinfo=UTC),
    )
    t.tag_rows = [TakeawayTag(tag=tag, team_id="T1") for tag in fields.get("tags", ["karpenter"])]  # type: ignore[union-attr]
    return t


def hostile() -> Takeaway:
    return make(
        HOSTILE,
        conference=HOSTILE[:200],
        talk=HOSTILE,
        author_name="<!channel>",
        links=["https://x.io/|<!channel>", "javascript:alert(1)", "https://ok.io/a?b=1&c=2"],
        tags=["<!here>"],
    )


@pytest.mark.parametrize("kind", [Added, Edited, Deleted, Shown])
def test_single_takeaway_replies_escape_everything(kind: type) -> None:
    message = render_result(kind(hostile()))
    assert_valid_message(message)
    assert_no_pings(message)
    assert "&lt;!channel&gt;" in visible_text(message)


def test_safe_links_are_clickable_and_unsafe_ones_are_text() -> None:
    message = render_result(Shown(hostile()))
    shown = visible_text(message)
    assert "<https://ok.io/a?b=1&amp;c=2|https://ok.io/a?b=1&amp;c=2>" in shown
    assert "<javascript" not in shown
    assert "https://x.io/|&lt;!channel&gt;" in shown


def test_escaping_that_grows_past_3000_is_cut_cleanly() -> None:
    message = render_result(Shown(make("&" * 3000)))
    assert_valid_message(message)
    section = message["blocks"][0]["text"]["text"]
    assert len(section) <= 3000 and section.endswith("…")
    assert section.rstrip("…").endswith("&amp;")


def test_full_list_of_long_takeaways_fits_one_message() -> None:
    items = [make("w" * 3000, tid=i, links=[f"https://e.io/{i}"] * 10) for i in range(10)]
    message = render_result(Listing(takeaways=items, total=25, filters=Filters()))
    assert_valid_message(message)
    assert "Showing the newest 10 of 25" in visible_text(message)


def test_answer_with_five_long_hits_fits() -> None:
    hits = [Hit(make("z" * 3000, tid=i), score=90.0 - i) for i in range(5)]
    message = render_result(Answer(query=HOSTILE, filters=Filters(), hits=hits))
    assert_valid_message(message)
    assert_no_pings(message)
    assert "all of it: `/takeaway show 0`" in visible_text(message), "a long note is clipped"


def test_nothing_found_offers_suggestions() -> None:
    message = render_result(
        Answer(query="karpneter", filters=Filters(), hits=[], suggestions=["karpenter"])
    )
    assert "Did you mean `karpenter`?" in visible_text(message)


def test_error_messages_escape_quoted_input() -> None:
    message = error_message(InvalidInput("I don't know `<!channel>`", hint="Usage: <text>"))
    assert_valid_message(message)
    assert_no_pings(message)
    assert "Usage: &lt;text&gt;" in visible_text(message)


def test_help_is_valid() -> None:
    assert_valid_message(help_message())
    assert_valid_message(help_message("add"))


def test_the_console_keeps_code_as_written() -> None:
    """Pasting the cron line from `help` at the console must give a working schedule."""
    shown = to_terminal(help_message("digest"))
    assert '"0 9 * * 1"' in shown
    styled = to_terminal(message("x", [section("*Saved* `a*b*c` _now_")]))
    assert styled == "Saved `a*b*c` now"
