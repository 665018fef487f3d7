"""The digest message, and the digest settings reply.

Slack allows 50 blocks and refuses messages far past ~13k characters, so items are added
until a character budget is spent; whatever does not fit is counted and the footer says
where to see it. Nothing is dropped silently.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.mrkdwn import escape, truncate
from bot.results import DigestPreview, DigestStatus
from bot.services.digest import NO_CONFERENCE, DigestContent
from bot.services.reports import ConferenceLine
from bot.slack.blocks.followups import due_label, owner_label
from bot.slack.blocks.kit import Block, Message, context, divider, header, message, section
from bot.slack.blocks.registry import renders

CHANNEL_ID_RE = re.compile(r"[CGD][A-Z0-9]{2,}")
BUDGET_CHARS = 10_500
MAX_BLOCKS = 50
SECTION_CHARS = 2_900
TAKEAWAY_LINE_CHARS = 160
FOLLOWUP_LINE_CHARS = 140


CONFERENCES_SHOWN = 5


def conference_line(line: ConferenceLine) -> str:
    """ "*KubeCon EU 2025*: 42 takeaways, 9 follow-ups, 5 done, 2 overdue"."""
    return (
        f":round_pushpin: *{escape(truncate(line.conference, 100))}*: "
        f"{line.takeaways} takeaway{'s' if line.takeaways != 1 else ''}, "
        f"{line.followups} follow-up{'s' if line.followups != 1 else ''}, "
        f"{line.done} done, {line.overdue} overdue"
    )


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.used = 0

    def room(self, chars: int, blocks: int = 1, reserve_blocks: int = 3) -> bool:
        return (
            self.used + chars <= BUDGET_CHARS
            and len(self.blocks) + blocks <= MAX_BLOCKS - reserve_blocks
        )

    def add(self, block: Block, chars: int) -> None:
        self.blocks.append(block)
        self.used += chars


def _group(b: _Builder, title: str, lines: list[str], *, per_line_reserve: int) -> int:
    """Add a titled group of lines (split over sections); returns how many lines fit."""
    shown = 0
    current = title
    for line in lines:
        candidate = f"{current}\n{line}"
        if len(candidate) > SECTION_CHARS:
            if not b.room(len(current) + per_line_reserve, blocks=2):
                break
            b.add(section(current), len(current))
            current = line
            shown += 1
            continue
        if not b.room(len(candidate) + per_line_reserve, blocks=1):
            break
        current = candidate
        shown += 1
    if shown:
        b.add(section(current), len(current))
    return shown


def _period(start: datetime, end: datetime) -> str:
    return f"{start:%b} {start.day} to {end:%b} {end.day}, {end.year}"


def digest(content: DigestContent) -> Message:
    b = _Builder()
    b.add(header("Takeaways digest"), 20)
    summary = (
        f"{_period(content.window_start, content.window_end)} · "
        f"*{content.new_total}* new takeaway{'s' if content.new_total != 1 else ''} · "
        f"*{content.open_total}* open follow-up{'s' if content.open_total != 1 else ''}"
        + (f", *{content.overdue_total}* overdue" if content.overdue_total else "")
    )
    b.add(context(summary), len(summary))
    if content.conferences:
        lines = [conference_line(line) for line in content.conferences[:CONFERENCES_SHOWN]]
        text = "\n".join(lines)
        b.add(section(text), len(text))

    # Follow-ups first: they are what someone has to act on.
    shown_followups = 0
    if content.open_by_owner:
        b.add(divider(), 0)
        b.add(section("*Open follow-ups*"), 20)
        for group in content.open_by_owner:
            mention = content.mention_owners and group.owner not in content.unmentioned
            name = owner_label(group.items[0], mention=mention)
            title = f"*{name}* · {len(group.items)}" + (
                f" ({group.overdue} overdue)" if group.overdue else ""
            )
            lines = [
                f"• {escape(truncate(f.text, FOLLOWUP_LINE_CHARS))} · "
                f"{due_label(f.due, content.today)} · #{f.ref}"
                for f in group.items
            ]
            if not b.room(len(title) + len(lines[0]) + 200, blocks=1, reserve_blocks=6):
                break
            shown_followups += _group(b, title, lines, per_line_reserve=1_500)

    shown_takeaways = 0
    if content.new_by_conference:
        b.add(divider(), 0)
        b.add(section("*New takeaways*"), 20)
        for conference, items in content.new_by_conference:
            title = f"*{escape(conference)}* · {len(items)}"
            lines = [
                f"• {escape(truncate(t.text, TAKEAWAY_LINE_CHARS))} — "
                f"{escape(t.author_name or t.author)} · #{t.ref}"
                for t in items
            ]
            if not b.room(len(title) + len(lines[0]) + 100, blocks=1):
                break
            shown_takeaways += _group(b, title, lines, per_line_reserve=300)
    elif not content.open_by_owner and not content.imported:
        b.add(section("No new takeaways and no open follow-ups this time."), 60)
    if content.imported:
        # Old write-ups brought in at once: one line each, not dozens of "new" notes.
        lines = [
            f":inbox_tray: *{count}* note{'s' if count != 1 else ''} imported"
            + ("" if conference == NO_CONFERENCE else f" from *{escape(conference)}*")
            for conference, count in content.imported[:10]
        ]
        text = "\n".join(lines)
        b.add(section(text), len(text))

    more: list[str] = []
    hidden_followups = content.open_total - shown_followups
    hidden_takeaways = content.new_total - shown_takeaways
    if hidden_followups > 0:
        more.append(
            f"{hidden_followups} more open follow-up{'s' if hidden_followups > 1 else ''}: "
            "see the app's Home tab or `/takeaway followups all`"
        )
    if hidden_takeaways > 0:
        more.append(
            f"{hidden_takeaways} more new takeaway{'s' if hidden_takeaways > 1 else ''}: "
            "`/takeaway list`"
        )
    b.blocks.append(divider())
    b.blocks.append(
        context(
            ("…and " + "; ".join(more) + ". " if more else "")
            + "Record one: `/takeaway add ...` · Track one: `/takeaway followup ...`"
        )
    )
    fallback = (
        f"Takeaways digest: {content.new_total} new takeaways, {content.open_total} open follow-ups"
    )
    return message(fallback, b.blocks)


def digest_thread(content: DigestContent) -> tuple[Message, Message | None]:
    """The digest as posted: one message, or ([digest] thread) a summary for the channel
    and the details for its thread."""
    whole = digest(content)
    if not content.thread:
        return whole, None
    blocks = whole["blocks"]
    cut = next((i for i, b in enumerate(blocks) if b["type"] == "divider"), len(blocks))
    summary = [
        *blocks[:cut],
        context(":thread: The follow-ups and new takeaways are in the thread."),
    ]
    details = blocks[cut + 1 :]
    if not details:
        return message(whole["text"], blocks[:cut]), None
    return message(whole["text"], summary), message(whole["text"], details)


def channel_label(channel: str) -> str:
    """A channel link for an id; anything else (a name from the config file) as text."""
    return f"<#{channel}>" if CHANNEL_ID_RE.fullmatch(channel) else escape(channel)


@renders(DigestStatus)
def status(reply: DigestStatus) -> Message:
    plan = reply.plan
    if plan is None:
        text = (
            "No digest is set up. An admin can run "
            '`/takeaway digest here cron "0 9 * * 1" tz Europe/Brussels` in the channel '
            "that should get it."
        )
        return message("No digest is set up", [section(text)])
    if not plan.enabled:
        text = (
            ":no_bell: The digest is off. `/takeaway digest here` in a channel turns it on there."
        )
        return message("The digest is off", [section(text)])
    verb = "will now go" if reply.changed else "goes"
    text = (
        f":calendar: The digest {verb} to {channel_label(plan.channel_id)} "
        f"on `{escape(plan.schedule.cron)}` "
        f"({escape(plan.schedule.timezone)})."
    )
    blocks = [section(text)]
    if reply.next_run is not None:
        blocks.append(
            context(
                f"Next one: {reply.next_run:%a %b} {reply.next_run.day}, {reply.next_run:%H:%M %Z}"
            )
        )
    if plan.source == "config":
        blocks.append(
            context("From the server's config file; `/takeaway digest here` overrides it.")
        )
    return message("Digest settings", blocks)


@renders(DigestPreview)
def preview(result: DigestPreview) -> Message:
    """`/takeaway digest preview`: the next digest as it would be posted, for one person."""
    shown = digest(result.content)
    note = context("Preview: only you see this.")
    return {"text": shown["text"], "blocks": [note, *shown["blocks"]][:50]}
