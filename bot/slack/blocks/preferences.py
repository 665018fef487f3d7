"""`/takeaway me`: what a person's notifications keep to."""

from __future__ import annotations

from bot.mrkdwn import escape
from bot.results import MeShown
from bot.slack.blocks.kit import Message, context, message, section
from bot.slack.blocks.registry import renders

SAID = {
    "tz": "Timezone set.",
    "hours": "Working hours set.",
    "mute": "Muted.",
    "unmute": "Unmuted.",
}


@renders(MeShown)
def me(result: MeShown) -> Message:
    p = result.preferences
    timezone = escape(p.timezone) if p.timezone else "your Slack timezone"
    hours = (
        f"{p.work_start}:00 to {p.work_end}:00: DMs come at {p.work_start}:00"
        if p.hours
        else "not set: DMs come at the reminder hour"
    )
    muted = ", ".join(p.muted) if p.muted else "nothing"
    lines = [
        f"*Timezone:* {timezone}",
        f"*Working hours:* {hours}",
        f"*Muted:* {muted}",
    ]
    head = f":white_check_mark: {SAID[result.changed]}\n" if result.changed else ""
    return message(
        "Your notification settings",
        [
            section(head + "\n".join(lines)),
            context(
                "At most one DM a day from me (reminders and briefs together), in your working "
                "hours. `/takeaway me tz Europe/Paris`, `me hours 9-17`, "
                "`me mute digest|reminders|briefs`, `me unmute ...`"
            ),
        ],
    )
