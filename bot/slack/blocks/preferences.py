"""`/takeaway me`: what a person's notifications keep to."""

from __future__ import annotations

from bot.grammar import ME_MUTABLE
from bot.mrkdwn import escape
from bot.results import MeShown
from bot.services.preferences import Preferences
from bot.slack.blocks.kit import (
    Block,
    Message,
    actions,
    button,
    context,
    header,
    message,
    section,
)
from bot.slack.blocks.registry import renders

SAID = {
    "tz": "Timezone set.",
    "hours": "Working hours set.",
    "mute": "Muted.",
    "unmute": "Unmuted.",
}


# Value: "mute:briefs", "unmute:digest"... (bot.grammar.Me's action and argument).
MUTE_ACTION = "me_mute_toggle"


def _lines(p: Preferences) -> list[str]:
    timezone = escape(p.timezone) if p.timezone else "your Slack timezone"
    hours = (
        f"{p.work_start}:00 to {p.work_end}:00: DMs come at {p.work_start}:00"
        if p.hours
        else "not set: DMs come at the reminder hour"
    )
    muted = ", ".join(p.muted) if p.muted else "nothing"
    return [f"*Timezone:* {timezone}", f"*Working hours:* {hours}", f"*Muted:* {muted}"]


def home_preferences_section(p: Preferences | None) -> list[Block]:
    """The Home tab's notification settings, a mute/unmute button for each kind."""
    if p is None:
        return []
    buttons = [
        button(
            f"{'Unmute' if what in p.muted else 'Mute'} {what}",
            MUTE_ACTION,
            value=f"{'unmute' if what in p.muted else 'mute'}:{what}",
        )
        for what in ME_MUTABLE
    ]
    return [
        header("Your notifications"),
        section("\n".join(_lines(p))),
        actions(*buttons, block_id="home-notifications"),
        context("Timezone and hours: `/takeaway me tz Europe/Paris`, `/takeaway me hours 9-17`."),
    ]


@renders(MeShown)
def me(result: MeShown) -> Message:
    lines = _lines(result.preferences)
    lines.append(
        "*Who knows:* you are hidden from `/takeaway who` (`me show` lists you again)"
        if result.who_hidden
        else "*Who knows:* `/takeaway who` may list you (`me hide` leaves you out)"
    )
    head = f":white_check_mark: {SAID[result.changed]}\n" if result.changed else ""
    return message(
        "Your notification settings",
        [
            section(head + "\n".join(lines)),
            context(
                "At most one DM a day from me (reminders and briefs together, reviews on a "
                "quiet day), in your working hours. `/takeaway me tz Europe/Paris`, "
                "`me hours 9-17`, "
                "`me mute digest|reminders|briefs`, `me unmute ...`, `me hide`, `me show`"
            ),
        ],
    )
