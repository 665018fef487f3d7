"""Pure Block Kit builders: data in, message dicts out. All user text is escaped here."""

from __future__ import annotations

from bot.blocks import takeaways
from bot.blocks.help import help_message
from bot.blocks.kit import Message
from bot.replies import Added, Answer, Deleted, Edited, HelpReply, Listing, Reply, Shown


def render_reply(reply: Reply) -> Message:
    match reply:
        case Added(takeaway=t):
            return takeaways.added(t)
        case Edited(takeaway=t):
            return takeaways.edited(t)
        case Deleted(takeaway=t):
            return takeaways.deleted(t)
        case Shown(takeaway=t):
            return takeaways.shown(t)
        case Listing():
            return takeaways.listing(reply)
        case Answer():
            return takeaways.answer(reply)
        case HelpReply(topic=topic):
            return help_message(topic)
    raise AssertionError(f"unhandled reply {reply!r}")
