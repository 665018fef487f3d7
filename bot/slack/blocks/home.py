"""The App Home tab: a person's open follow-ups and recent takeaways, the workspace's
newest takeaways and top tags, and an "Add takeaway" button."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.mrkdwn import escape, truncate
from bot.services.home import HomeData
from bot.slack.blocks.conferences import home_talks_section
from bot.slack.blocks.followups import DONE_ACTION
from bot.slack.blocks.kit import (
    VIEW_BLOCK_LIMIT,
    Block,
    actions,
    button,
    context,
    divider,
    header,
    section,
    section_with_button,
)
from bot.slack.blocks.preferences import home_preferences_section
from bot.slack.blocks.reports import recent_conferences_section
from bot.slack.blocks.takeaways import takeaway_blocks
from storage.models import Followup, Takeaway

ADD_ACTION = "home_add_takeaway"
HOME_TEXT_LIMIT = 280


def followups_section(followups: Sequence[Followup]) -> list[Block]:
    """Open follow-ups, each with a Done button (value: the follow-up id)."""
    blocks: list[Block] = [header("Your open follow-ups")]
    if not followups:
        blocks.append(context("Nothing open. :tada:"))
        return blocks
    for followup in followups:
        due = f" · due {followup.due:%Y-%m-%d}" if followup.due else ""
        text = f"{escape(truncate(followup.text, 500))}{due}"
        blocks.append(
            section_with_button(
                text,
                button("Done", DONE_ACTION, value=str(followup.ref), style="primary"),
                block_id=f"followup-{followup.ref}",
            )
        )
    return blocks


def _takeaways_section(title: str, items: Sequence[Takeaway], empty: str) -> list[Block]:
    blocks: list[Block] = [header(title)]
    if not items:
        blocks.append(context(empty))
        return blocks
    for i, t in enumerate(items):
        if i:
            blocks.append(divider())
        blocks.extend(takeaway_blocks(t, text_limit=HOME_TEXT_LIMIT, max_links=1))
    return blocks


def _tags_section(tags: Sequence[tuple[str, int]]) -> list[Block]:
    blocks: list[Block] = [header("Top tags")]
    if not tags:
        blocks.append(context("No tags yet. Add `#karpenter`-style tags to takeaways."))
        return blocks
    shown = "  ".join(f"`#{escape(tag)}` {uses}" for tag, uses in tags)
    blocks.append(section(shown))
    blocks.append(context("`/takeaway list #tag` shows a tag's takeaways."))
    return blocks


def home_view(data: HomeData) -> dict[str, Any]:
    """The Home tab view for views.publish (at most 100 blocks)."""
    blocks: list[Block] = [
        header("Takeaways"),
        section(
            "What your team learned at conferences. Add a takeaway here, with "
            "`/takeaway add`, or with *Save as takeaway* on any message."
        ),
        actions(button("Add takeaway", ADD_ACTION, style="primary"), block_id="home-add"),
    ]
    blocks.extend(followups_section(data.followups))
    blocks.extend(home_talks_section(data.talks))
    blocks.extend(recent_conferences_section(data.conferences))
    blocks.extend(home_preferences_section(data.preferences))
    blocks.extend(
        _takeaways_section(
            "Your recent takeaways", data.mine, "You have not added any yet. Press *Add takeaway*."
        )
    )
    blocks.extend(
        _takeaways_section("Newest in this workspace", data.newest, "Nothing recorded yet.")
    )
    blocks.extend(_tags_section(data.top_tags))
    footer = "Ask with `/takeaway ask &lt;question&gt;` or mention @Takeaways in a channel."
    blocks.append(context(footer))
    return {"type": "home", "blocks": blocks[:VIEW_BLOCK_LIMIT]}
