"""Replies to a mention of the bot or a direct message that asks nothing."""

from __future__ import annotations

from bot.slack.blocks.kit import Message, context, message, section

EXAMPLE = "what did we learn about karpenter?"


def mention_help(*, in_dm: bool) -> Message:
    how = EXAMPLE if in_dm else f"@Takeaways {EXAMPLE}"
    blocks = [
        section(f":wave: Ask me what the team learned at conferences, e.g. `{how}`"),
        context(
            "Save one with `@Takeaways add &lt;what you learned&gt; #tag`; ask who knows "
            "with `@Takeaways who knows about &lt;topic&gt;?`. `/takeaway help` lists "
            "everything else."
        ),
    ]
    return message("Ask me what the team learned at conferences.", blocks)
