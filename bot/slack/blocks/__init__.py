"""Pure Block Kit builders: data in, message dicts out. All user text is escaped here."""

from __future__ import annotations

from bot.results import (
    Added,
    Answer,
    ChannelConf,
    Deleted,
    DigestPreview,
    DigestStatus,
    Edited,
    FollowupChanged,
    FollowupCreated,
    FollowupList,
    HelpReply,
    Listing,
    RemindersState,
    Reply,
    Shown,
)
from bot.slack.blocks import digest, followups, takeaways
from bot.slack.blocks.channels import channel_conf
from bot.slack.blocks.help import help_message
from bot.slack.blocks.kit import Message
from bot.slack.blocks.sharing import share_actions


def render_reply(reply: Reply, *, shareable: bool = False) -> Message:
    """`shareable`: answers get a "Share in channel" button (ephemeral replies in Slack)."""
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
            return takeaways.answer(reply, share=share_actions(reply) if shareable else None)
        case ChannelConf():
            return channel_conf(reply)
        case HelpReply(topic=topic):
            return help_message(topic)
        case FollowupCreated():
            return followups.created(reply)
        case FollowupChanged():
            return followups.changed(reply)
        case FollowupList():
            return followups.listing(reply)
        case RemindersState():
            return followups.reminders_state(reply)
        case DigestStatus():
            return digest.status(reply)
        case DigestPreview(content=content):
            preview = digest.digest(content)
            note = {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": "Preview: only you see this."}],
            }
            return {"text": preview["text"], "blocks": [note, *preview["blocks"]][:50]}
    raise AssertionError(f"unhandled reply {reply!r}")
