"""Takeaways as Block Kit: single records, lists and search answers."""

from __future__ import annotations

from collections.abc import Callable

from bot.grammar import MAX_TAGS, Filters
from bot.mrkdwn import escape, truncate
from bot.results import Answer, Deleted, Edited, Listing, Shown
from bot.search.excerpt import EXCERPT_CHARS, excerpt
from bot.services.takeaways import credited_author, day_shown
from bot.slack.blocks.kit import (
    Block,
    Message,
    button,
    context,
    date,
    divider,
    link,
    message,
    message_size,
    section,
    section_with_button,
    user_mention,
)
from bot.slack.blocks.registry import renders
from bot.slack.blocks.related import related_blocks
from bot.slack.blocks.revisits import standing
from bot.wording import counted
from storage.models import Takeaway

# Slack refuses messages far past ~13k characters of blocks: lists shorten each text
# (and show fewer links) until the whole message fits this budget.
MESSAGE_CHAR_BUDGET = 11_500
LIST_TEXT_LIMITS = (500, 300, 180, 100)
# Answers show the sentence that matches, not the whole note: people skim them.
ANSWER_TEXT_LIMITS = (EXCERPT_CHARS, 150, 100)
LOOSE_NOTE = "Nothing matched the whole question; these notes share some of its words."
QUICK_NOTE = (
    ":hourglass: A quick answer: the full search (typos, synonyms, best matches first) is "
    "still indexing this workspace. Ask again in a minute for the full answer."
)


def meta_line(
    t: Takeaway,
    *,
    score: float | None = None,
    compact: bool = False,
    tags: bool = True,
    place: bool = True,
) -> str:
    """Id, tags, talk, conference, when, who, source. Compact (in lists) caps each part;
    without `place`, the talk and conference (said once above, for a run of one talk)."""
    tag_limit, field_limit = (5, 60) if compact else (MAX_TAGS, 300)
    parts = [f"*#{t.ref}*"]
    if score is not None:
        parts.append(f"score {score:.0f}")
    if t.tags and tags:
        shown = " ".join(f"`#{escape(truncate(tag, field_limit))}`" for tag in t.tags[:tag_limit])
        hidden = len(t.tags) - tag_limit
        parts.append(shown + (f" +{hidden}" if hidden > 0 else ""))
    if t.talk and place:
        parts.append(f":microphone: _{escape(truncate(t.talk, field_limit))}_")
    if t.conference and place:
        parts.append(f":round_pushpin: {escape(truncate(t.conference, field_limit))}")
    parts.append(day_shown(t, date))
    who = credited_author(t)
    if who:
        parts.append(f"by {escape(who)}")
    if t.plus_ones:
        # How many others learned it too ("Me too", a reaction).
        parts.append(f":raised_hands: +{len(t.plus_ones)}")
    if checked := standing(t):
        parts.append(checked)
    if t.source_url:
        parts.append(f":link: {link(t.source_url, 'source')}")
    return " · ".join(parts)


ME_TOO_ACTION = "plus_one"


def me_too(t: Takeaway) -> Block:
    """The "Me too" button: whoever presses it learned this too (+1)."""
    return button("Me too", ME_TOO_ACTION, value=str(t.ref))


def takeaway_blocks(
    t: Takeaway,
    *,
    text_limit: int | None = None,
    score: float | None = None,
    max_links: int = 10,
    plus_one: bool = False,
) -> list[Block]:
    """A takeaway in full, or (with a text limit) compactly, as in lists; `plus_one`
    puts a "Me too" button beside it."""
    text = t.text if text_limit is None else truncate(t.text, text_limit)
    compact = text_limit is not None
    first = section_with_button(escape(text), me_too(t)) if plus_one else section(escape(text))
    blocks = [first, context(meta_line(t, score=score, compact=compact))]
    if t.links and max_links:
        shown = " · ".join(f":link: {link(u)}" for u in t.links[:max_links])
        more = len(t.links) - max_links
        blocks.append(context(shown + (f" · and {more} more" if more > 0 else "")))
    return blocks


def _fitting(build: Callable[[int, int], list[Block]], text_limits: tuple[int, ...]) -> list[Block]:
    """The richest rendering (longest texts, most links) that fits the message budget."""
    blocks: list[Block] = []
    for limit in text_limits:
        for max_links in (3, 1):
            blocks = build(limit, max_links)
            if message_size(blocks) <= MESSAGE_CHAR_BUDGET:
                return blocks
    return blocks


def _filters_label(filters: Filters) -> str:
    parts: list[str] = []
    if filters.mine:
        parts.append("yours")
    parts.extend(f"#{tag}" for tag in filters.tags)
    if filters.conference:
        parts.append(f"from {filters.conference}")
    if filters.author:
        parts.append("by <someone>")
    return ", ".join(parts)


def _author_label(filters: Filters, *, public: bool = False) -> str:
    # A user id in a filter is shown as a mention only in the ephemeral reply to the asker;
    # in a message everyone sees, it would notify that person.
    if not filters.author or public:
        return ""
    return f" by {user_mention(filters.author)}"


def added(t: Takeaway) -> Message:
    blocks = [
        section(f":white_check_mark: Saved as takeaway *#{t.ref}*. This is how it will look:"),
        divider(),
        *takeaway_blocks(t),
    ]
    return message(f"Saved takeaway #{t.ref}: {escape(truncate(t.text, 200))}", blocks)


def edited(t: Takeaway) -> Message:
    blocks = [section(f":pencil2: Updated takeaway *#{t.ref}*:"), divider(), *takeaway_blocks(t)]
    return message(f"Updated takeaway #{t.ref}", blocks)


def deleted(t: Takeaway) -> Message:
    text = f":wastebasket: Deleted takeaway *#{t.ref}*: {escape(truncate(t.text, 200))}"
    return message(f"Deleted takeaway #{t.ref}", [section(text)])


def shown(t: Takeaway) -> Message:
    return message(f"Takeaway #{t.ref}: {escape(truncate(t.text, 200))}", takeaway_blocks(t))


@renders(Listing)
def listing(reply: Listing) -> Message:
    label = escape(_filters_label(reply.filters)) + _author_label(reply.filters)
    if not reply.takeaways:
        suffix = f" ({label})" if label else ""
        text = (
            f"No takeaways yet{suffix}. "
            "Add one: `/takeaway add Karpenter consolidates nodes by price #karpenter`"
        )
        return message("No takeaways found", [section(text)])
    title = "Recent takeaways" + (f" ({label})" if label else "")

    def build(limit: int, max_links: int) -> list[Block]:
        blocks: list[Block] = [section(f"*{title}*")]
        for t in reply.takeaways:
            blocks.extend(takeaway_blocks(t, text_limit=limit, max_links=max_links))
        return blocks

    blocks = _fitting(build, LIST_TEXT_LIMITS)
    if reply.total > len(reply.takeaways):
        blocks.append(
            context(
                f"Showing the newest {len(reply.takeaways)} of {reply.total}. "
                'Narrow it with `list #tag`, `list mine` or `list conf:"..."`, or use `ask`.'
            )
        )
    return message(f"{reply.total} takeaways", blocks)


@renders(Answer)
def answer(reply: Answer, *, public: bool = False) -> Message:
    """Search results. `public`: the answer goes in a message everyone sees, so nobody
    is mentioned."""
    shown_query = escape(reply.query) if reply.query else escape(_filters_label(reply.filters))
    if not reply.hits:
        author = _author_label(reply.filters, public=public)
        text = f":mag: Nothing found for *{shown_query}*{author}."
        blocks: list[Block] = [section(text)]
        if reply.quick:
            blocks.append(context(QUICK_NOTE))
        elif reply.suggestions:
            options = ", ".join(f"`{escape(s)}`" for s in reply.suggestions)
            blocks.append(context(f"Did you mean {options}?"))
        else:
            blocks.append(context("Try fewer or other words, or `/takeaway list` to browse."))
        return message(f"Nothing found for {shown_query}", blocks)
    count = len(reply.hits)
    title = f":mag: *{count} best match{'es' if count > 1 else ''}* for *{shown_query}*"

    def build(limit: int, max_links: int) -> list[Block]:
        blocks = [section(title)]
        if reply.corrections:
            read = ", ".join(f"{escape(a)} → *{escape(b)}*" for a, b in reply.corrections)
            blocks.append(context(f"Read as {read}."))
        previous: Takeaway | None = None
        for hit in reply.hits:
            t = hit.takeaway
            # Hits from one talk, one after the other, read as one group: its talk and
            # conference once, under the first, and no rule between them.
            same_talk = previous is not None and _same_talk(previous, t)
            if not same_talk:
                blocks.append(divider())
            blocks.extend(_answer_hit(t, reply, limit, place=not same_talk))
            previous = t
        return blocks

    blocks = _fitting(build, ANSWER_TEXT_LIMITS)
    hits = [h.takeaway.id for h in reply.hits]
    blocks.extend(
        related_blocks(
            (t for h in reply.hits for t in reply.related.get(h.takeaway.id, [])), leave_out=hits
        )
    )
    if reply.quick:
        blocks.append(context(QUICK_NOTE))
    if reply.loose:
        blocks.insert(1, context(LOOSE_NOTE))
    return message(f"{counted(count, 'takeaway')} for {shown_query}", blocks)


@renders(Edited)
def _edited(result: Edited) -> Message:
    return edited(result.takeaway)


@renders(Deleted)
def _deleted(result: Deleted) -> Message:
    return deleted(result.takeaway)


@renders(Shown)
def _shown(result: Shown) -> Message:
    return shown(result.takeaway)


def _same_talk(a: Takeaway, b: Takeaway) -> bool:
    return bool(a.talk) and (a.talk, a.conference) == (b.talk, b.conference)


def _answer_hit(t: Takeaway, reply: Answer, limit: int, *, place: bool = True) -> list[Block]:
    """A hit as people skim it: the matching sentence(s) with the question's words in
    bold, then where it comes from (talk, conference, when, who, source)."""
    shown = excerpt(t.text, reply.highlight, limit)
    text = "".join(
        f"*{escape(piece)}*" if marked else escape(piece) for piece, marked in shown.runs
    )
    meta = meta_line(t, compact=True, tags=False, place=place)
    if shown.cut:
        meta += f" · all of it: `/takeaway show {t.ref}`"
    return [section_with_button(text, me_too(t)), context(meta)]
