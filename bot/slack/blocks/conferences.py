"""Going to a conference: `going`, `talks` (with Attend buttons), `attend`, the
pre-conference brief (a reply, and the DM sent N days before), and the Home tab's talks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.mrkdwn import escape, truncate
from bot.results import BriefShown, GoingRecorded, TalkList, TalkStarred
from bot.services.briefs import Brief, BriefTalk
from bot.services.conferences import HomeTalk
from bot.slack.blocks.kit import (
    Block,
    Message,
    button,
    context,
    divider,
    header,
    link,
    message,
    section,
    section_with_button,
)
from bot.slack.blocks.registry import renders
from storage.models import Talk

# Value: the talk's number. Stars or unstars it, wherever the button is.
ATTEND_ACTION = "talk_attend"
TALKS_SHOWN = 30
TITLE_CHARS = 150
KNOWN_CHARS = 200
FOLLOWUPS_SHOWN = 8


def _when(moment: datetime | None) -> str:
    """A time Slack shows in the reader's own timezone (UTC as the fallback)."""
    if moment is None:
        return "time not set"
    fallback = f"{moment:%Y-%m-%d %H:%M} UTC"
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def talk_line(number: int, title: str, starts_at: datetime | None, room: str | None) -> str:
    where = f" · {escape(truncate(room, 60))}" if room else ""
    return f"*#{number}* {escape(truncate(title, TITLE_CHARS))}\n{_when(starts_at)}{where}"


def _attend_button(number: int, starred: bool) -> Block:
    if starred:
        return button("Starred ✓ (undo)", ATTEND_ACTION, value=str(number))
    return button("Attend", ATTEND_ACTION, value=str(number), style="primary")


@renders(GoingRecorded)
def going(result: GoingRecorded) -> Message:
    conference = escape(result.conference)
    said = "You're going to" if result.new else "You were already down for"
    text = f":round_pushpin: {said} *{conference}*."
    if result.talks:
        text += (
            f" Its schedule has {result.talks} talks: star the ones you will attend with "
            f'`/takeaway talks "{conference}"` (an *Attend* button each) or '
            "`/takeaway attend &lt;talk id&gt;`."
        )
    else:
        text += (
            " Its schedule is not imported yet (`takeaways schedule import`); you can still "
            "star talks once it is."
        )
    return message(
        f"Going to {conference}",
        [
            section(text),
            context(
                f'Before it starts you get a brief in a DM: `/takeaway brief "{conference}"` '
                "shows it now."
            ),
        ],
    )


@renders(TalkList)
def talk_list(result: TalkList) -> Message:
    conference = escape(result.conference)
    if not result.talks:
        what = f" with “{escape(result.words)}”" if result.words else ""
        return message(
            "No talks",
            [section(f"No talks{what} in the schedule of *{conference}*.")],
        )
    blocks: list[Block] = [
        section(
            f"*{conference}*: {len(result.talks)} talk{'s' if len(result.talks) != 1 else ''}"
            + (f" with “{escape(result.words)}”" if result.words else "")
        )
    ]
    for talk in result.talks[:TALKS_SHOWN]:
        starred = talk.id in result.starred
        blocks.append(
            section_with_button(
                talk_line(talk.number, talk.title, talk.starts_at, talk.room),
                _attend_button(talk.number, starred),
                block_id=f"talk-{talk.number}",
            )
        )
    hidden = len(result.talks) - TALKS_SHOWN
    if hidden > 0:
        blocks.append(
            context(
                f"…and {hidden} more: narrow it with a word, "
                f'`/takeaway talks "{conference}" karpenter`.'
            )
        )
    return message(f"Talks of {conference}", blocks)


def _talk_facts(talk: Talk) -> str:
    facts = [_when(talk.starts_at)]
    if talk.room:
        facts.append(escape(truncate(talk.room, 60)))
    if talk.speakers:
        facts.append(escape(truncate(", ".join(talk.speakers), 120)))
    if talk.url:
        facts.append(link(talk.url, "schedule"))
    return " · ".join(facts)


@renders(TalkStarred)
def talk_starred(result: TalkStarred) -> Message:
    talk = result.talk
    title = escape(truncate(talk.title, TITLE_CHARS))
    if result.starred:
        verb = "Starred" if result.changed else "Already starred"
        text = f":star: {verb} *#{talk.number}* {title} ({escape(talk.conference)})."
    else:
        verb = "Took the star off" if result.changed else "You had not starred"
        text = f"{verb} *#{talk.number}* {title}."
    return message(
        text,
        [
            section_with_button(text, _attend_button(talk.number, result.starred)),
            context(_talk_facts(talk)),
        ],
    )


def _brief_talk(talk: BriefTalk) -> str:
    head = f"*#{talk.number}* {escape(truncate(talk.title, TITLE_CHARS))} · {_when(talk.starts_at)}"
    if not talk.known:
        return head + "\n_Nobody here has notes on this yet: worth taking some._"
    lines = [
        f"• {escape(truncate(' '.join(k.text.split()), KNOWN_CHARS))} — "
        f"{escape(k.author_name)}"
        + (f", {escape(k.conference)}" if k.conference else "")
        + f" · #{k.number}"
        for k in talk.known
    ]
    return head + "\n" + "\n".join(lines)


def brief_message(brief: Brief) -> Message:
    """The brief, as a reply to `/takeaway brief` and as the DM sent before the event."""
    conference = escape(brief.conference)
    # User text stays out of headers (plain text): the name goes in escaped mrkdwn.
    blocks: list[Block] = [header("Pre-conference brief")]
    opening = f"*Brief: {conference}*" + (
        f" · starts {_when(brief.starts_at)}." if brief.starts_at else ""
    )
    if not brief.talks:
        blocks.append(
            section(
                f"{opening}\nYou have not starred any talk of *{conference}* yet: "
                f'`/takeaway talks "{conference}"` lists them with an *Attend* button.'
            )
        )
    else:
        blocks.append(
            section(
                f"{opening}\nWhat the team already knows on the {len(brief.talks)} talk"
                f"{'s' if len(brief.talks) != 1 else ''} you starred."
            )
        )
        for talk in brief.talks[:20]:
            blocks.append(section(_brief_talk(talk)))
        if len(brief.talks) > 20:
            blocks.append(context(f"…and {len(brief.talks) - 20} more starred talks."))
    if brief.who_to_ask:
        # Names, not mentions: a brief must not ping colleagues.
        who = ", ".join(
            f"{escape(name or user)} ({n} note{'s' if n != 1 else ''})"
            for user, name, n in brief.who_to_ask
        )
        blocks += [divider(), section(f"*Who to ask*\n{who}")]
    if brief.uncovered and brief.talks:
        titles = "; ".join(
            f"#{t.number} {escape(truncate(t.title, 80))}" for t in brief.uncovered[:10]
        )
        blocks.append(section(f"*Nobody has covered yet*\n{titles}"))
    if brief.previous_edition:
        previous = escape(brief.previous_edition)
        if brief.open_followups:
            lines = [
                f"• {escape(truncate(' '.join(f.text.split()), 150))} — "
                f"{escape(f.owner_name or f.owner)}"
                + (f" · due {f.due.isoformat()}" if f.due else "")
                + f" · #{f.number}"
                for f in brief.open_followups[:FOLLOWUPS_SHOWN]
            ]
            more = len(brief.open_followups) - FOLLOWUPS_SHOWN
            if more > 0:
                lines.append(f'…and {more} more: `/takeaway report "{previous}"`')
            blocks.append(section(f"*Still open from {previous}*\n" + "\n".join(lines)))
        else:
            blocks.append(context(f"Nothing left open from {previous}. :tada:"))
    return message(f"Brief for {conference}", blocks)


# The blocks of a brief inside the daily DM carry this, so a click on a follow-up's
# button, which re-renders the follow-ups, keeps them as they were.
BRIEF_BLOCK_PREFIX = "brief-"


def brief_blocks(brief: Brief, *, room: int, index: int = 0) -> list[Block]:
    """A brief within `room` blocks (for the daily DM): what does not fit is one line
    saying where to read all of it."""
    blocks = [divider(), *brief_message(brief)["blocks"]]
    if len(blocks) > room:
        conference = escape(brief.conference)
        blocks = blocks[: max(room - 1, 1)]
        blocks.append(context(f'The whole brief: `/takeaway brief "{conference}"`'))
    return [{**b, "block_id": f"{BRIEF_BLOCK_PREFIX}{index}-{n}"} for n, b in enumerate(blocks)]


@renders(BriefShown)
def brief(result: BriefShown) -> Message:
    return brief_message(result.brief)


def home_talks_section(talks: Sequence[HomeTalk]) -> list[Block]:
    """The Home tab's coming talks of the conferences you go to, with Attend buttons."""
    if not talks:
        return []
    blocks: list[Block] = [header("Your conferences")]
    for talk in talks:
        text = f"{escape(truncate(talk.conference, 60))} · " + talk_line(
            talk.number, talk.title, talk.starts_at, talk.room
        )
        blocks.append(
            section_with_button(
                text, _attend_button(talk.number, talk.starred), block_id=f"home-talk-{talk.number}"
            )
        )
    return blocks
