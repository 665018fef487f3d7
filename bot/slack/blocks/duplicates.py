"""A save's reply when the takeaway looks like one already there (with "Add my angle" and
"Keep separate"), and merges."""

from __future__ import annotations

from collections.abc import Sequence

from bot.errors import InvalidInput
from bot.mrkdwn import escape, truncate
from bot.results import Added, Merged
from bot.search.live import Similar
from bot.services.takeaways import credited_author
from bot.slack.blocks.kit import Block, Message, actions, button, context, divider, message, section
from bot.slack.blocks.registry import renders
from bot.slack.blocks.related import related_blocks
from bot.slack.blocks.takeaways import added, takeaway_blocks
from storage.models import Takeaway

ANGLE_ACTION = "duplicate_add_angle"
KEEP_ACTION = "duplicate_keep_separate"
DUPLICATE_BLOCK = "duplicate_choice"
SIMILAR_TEXT_SHOWN = 200


def choice_value(new_ref: int, other_ref: int) -> str:
    return f"{new_ref}:{other_ref}"


def parse_choice_value(value: str) -> tuple[int, int]:
    """The new takeaway's number and the existing one's, as a button carries them."""
    new, _, other = value.partition(":")
    if not (new.isdigit() and other.isdigit()):
        raise InvalidInput("That button is out of date; use `/takeaway merge <id> <id>` instead.")
    return int(new), int(other)


def _why(found: Similar) -> str:
    if found.reason == "same talk":
        return "notes on the same talk"
    return f"{round(found.score * 100)}% alike"


def duplicate_blocks(new: Takeaway, similar: Sequence[Similar]) -> list[Block]:
    """What is already there, and the two choices (for the closest one)."""
    if not similar:
        return []
    closest = similar[0]
    t = closest.takeaway
    who = credited_author(t)
    by = f" by {escape(who)}" if who else ""
    blocks: list[Block] = [
        divider(),
        section(
            f":busts_in_silhouette: This looks like takeaway *#{t.ref}*{by} "
            f"({_why(closest)}):\n_{escape(truncate(t.text, SIMILAR_TEXT_SHOWN))}_"
        ),
    ]
    others = [f"*#{s.takeaway.ref}* ({_why(s)})" for s in similar[1:]]
    if others:
        blocks.append(context("Also alike: " + ", ".join(others)))
    value = choice_value(new.ref, t.ref)
    blocks.append(
        actions(
            button(f"Add my angle to #{t.ref}", ANGLE_ACTION, value=value, style="primary"),
            button("Keep separate", KEEP_ACTION, value=value),
            block_id=DUPLICATE_BLOCK,
        )
    )
    blocks.append(
        context(
            f"*Add my angle* merges your #{new.ref} into #{t.ref}: your text is added to it "
            "and you are credited as a co-author."
        )
    )
    return blocks


@renders(Added)
def saved(result: Added) -> Message:
    reply = added(result.takeaway)
    reply["blocks"].extend(related_blocks(result.related))
    reply["blocks"].extend(duplicate_blocks(result.takeaway, result.similar))
    return reply


def _with_takeaway(headline: str, fallback: str, t: Takeaway) -> Message:
    return message(fallback, [section(headline), divider(), *takeaway_blocks(t)])


def merged(t: Takeaway, merged_ref: int) -> Message:
    return _with_takeaway(
        f":twisted_rightwards_arrows: Merged *#{merged_ref}* into *#{t.ref}*; "
        f"`/takeaway show {merged_ref}` now shows #{t.ref}:",
        f"Merged takeaway #{merged_ref} into #{t.ref}",
        t,
    )


@renders(Merged)
def _merged(result: Merged) -> Message:
    return merged(result.takeaway, result.merged_ref)


def angle_added(t: Takeaway, merged_ref: int) -> Message:
    return _with_takeaway(
        f":handshake: Your angle is now part of takeaway *#{t.ref}*, and you are one of "
        f"its authors (#{merged_ref} leads there):",
        f"Added your angle to takeaway #{t.ref}",
        t,
    )


def kept_separate(t: Takeaway) -> Message:
    reply = added(t)
    reply["blocks"].append(context(":ok_hand: Kept separate; I won't suggest merging these again."))
    return reply
