"""Replies to `/takeaway conf set|show|clear`."""

from __future__ import annotations

from bot.mrkdwn import escape
from bot.results import ChannelConf
from bot.slack.blocks.kit import Message, context, date, message, section, user_mention
from bot.slack.blocks.registry import renders

EXAMPLE = '`/takeaway conf set "KubeCon EU 2024"`'


@renders(ChannelConf)
def channel_conf(reply: ChannelConf) -> Message:
    # Channel ids come from Slack, never from what people type: safe to link.
    channel = f"<#{reply.channel_id}>" if reply.channel_id else "this channel"
    conference = escape(reply.conference or "")
    if reply.action == "set":
        text = (
            f":round_pushpin: Takeaways added in {channel} without `conf:` now go under "
            f"*{conference}*."
        )
        hint = '`conf:"Other"` on an add overrides it; `/takeaway conf clear` removes it.'
        return message(
            f"This channel's conference is now {conference}", [section(text), context(hint)]
        )
    if reply.action == "clear":
        if reply.conference is None:
            text = f"{channel} had no conference; nothing changed."
        else:
            text = f":wastebasket: {channel} no longer files takeaways under *{conference}*."
        return message("Channel conference cleared", [section(text)])
    if reply.conference is None:
        text = f"{channel} has no conference. Set one with {EXAMPLE}."
        return message("No channel conference", [section(text)])
    who = f"set by {user_mention(reply.set_by)}" if reply.set_by else ""
    when = f" on {date(reply.updated_at)}" if reply.updated_at else ""
    text = f":round_pushpin: Takeaways added in {channel} go under *{conference}*."
    return message(f"This channel's conference: {conference}", [section(text), context(who + when)])
