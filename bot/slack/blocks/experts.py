"""`/takeaway who` (and "who knows about X?" in a mention) and `/takeaway me`."""

from __future__ import annotations

from bot.mrkdwn import escape, truncate
from bot.results import Experts, MeSettings
from bot.services.experts import Expert
from bot.slack.blocks.kit import Message, context, message, section, user_mention
from bot.slack.blocks.registry import renders
from bot.wording import counted


def _evidence(e: Expert) -> str:
    parts = []
    if e.takeaways:
        parts.append(counted(e.takeaways, "takeaway"))
    if e.talks:
        parts.append(counted(len(e.talks), "talk"))
    if e.followups_closed:
        parts.append(f"{counted(e.followups_closed, 'follow-up')} closed")
    if e.plus_ones:
        parts.append(f"+1 on {counted(e.plus_ones, 'takeaway')}")
    if e.latest is not None:
        parts.append(f"latest {e.latest:%Y-%m-%d}")
    return ", ".join(parts)


def _who(e: Expert, public: bool) -> str:
    # In a message everyone sees, a mention would notify each person listed: names only.
    if public:
        return f"*{escape(truncate(e.name or e.user, 80))}*"
    return user_mention(e.user, e.name)


@renders(Experts)
def experts(result: Experts, *, public: bool = False) -> Message:
    topic = escape(truncate(result.topic, 200))
    if not result.people:
        text = (
            f":bust_in_silhouette: Nobody here has written about *{topic}* yet. "
            "Be the first: `/takeaway add ...`"
        )
        return message(f"Nobody knows about {topic} yet", [section(text)])
    lines = [f"{n}. {_who(e, public)}: {_evidence(e)}" for n, e in enumerate(result.people, 1)]
    blocks = [
        section(f":bust_in_silhouette: *Who knows about {topic}*"),
        section("\n".join(lines)),
        context(
            "From takeaways written on it, talks attended, follow-ups closed and +1s. "
            "Rather not be listed? `/takeaway me hide`."
        ),
    ]
    return message(f"Who knows about {topic}", blocks)


@renders(MeSettings)
def me_settings(result: MeSettings) -> Message:
    if result.who_hidden:
        text = "You are hidden from `/takeaway who`. `/takeaway me show` lists you again."
    else:
        text = "`/takeaway who` may list you. `/takeaway me hide` leaves you out."
    lead = ":white_check_mark: " if result.changed else ""
    return message("Your settings", [section(lead + text)])
