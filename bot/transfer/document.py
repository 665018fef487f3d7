"""A notes file as blocks, whichever parser read it (markdown.py for Markdown, plaintext.py
for plain text and pasted web pages): headings, paragraphs and lists, each with its text
already cleaned of markup, the links it holds and the #tags written in it.

What a note is, and where one ends, is bot.transfer.notes' business, not the parsers'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.grammar import TAG_LIMIT, TAG_PATTERN, normalize_tag

_VALID_TAG_RE = re.compile(TAG_PATTERN)
_HASHTAG_RE = re.compile(rf"(?<!\S)#({TAG_PATTERN})")
URL_RE = re.compile(r"https?://[^\s<>\"'`\[\]]+", re.IGNORECASE)
_URL_TRAILER_RE = re.compile(r"(?<![.,;:!?*_~'\"])[.,;:!?*_~'\"]+$")
# What opens a list item without being its words: a task box ("[ ] ", "[x] ") and the
# disclosure triangle of a toggle copied from Notion ("▸ Q&A").
CHECKBOX_RE = re.compile(r"^(?:\[[ xX]\][ \t]+|[\u25b6\u25b8\u25ba\u25be\u25bc\u25b9][ \t]*)")


@dataclass
class Inline:
    text: str  # line breaks kept, so a sentence can be traced back to its line
    links: list[tuple[str, str]] = field(default_factory=list)  # (text it sits on, url)
    tags: set[str] = field(default_factory=set)  # #tags written outside code


@dataclass
class Heading:
    level: int
    inline: Inline
    line: int


class OutlineHeading(Heading):
    """A heading read off an outline's item (a bullet with bullets under it)."""


# The heading both readers put over items between an outline's talks: a generic title
# (one notes take for no talk), so those items are no part of the talk before them.
OUTLINE_LOOSE_TITLE = "Notes"


@dataclass
class Para:
    line: int
    inline: Inline


@dataclass
class Item:
    line: int
    inline: Inline
    # Nested items, at any depth, in order: they are folded into this one.
    children: list[Item] = field(default_factory=list)
    depth: int = 0  # 0 for a top-level item, 1 for one under it...


def regrouped(children: list[Item]) -> list[Item]:
    """An item's nested items as items of their own, each with the deeper ones that follow
    it as its children (an outline's talk, a dropped item's notes)."""
    if not children:
        return []
    top = min(c.depth for c in children)
    grouped: list[Item] = []
    for child in children:
        if child.depth > top and grouped:
            grouped[-1].children.append(child)
        else:
            grouped.append(Item(child.line, child.inline, [], 0))
    return grouped


@dataclass
class ListBlock:
    items: list[Item] = field(default_factory=list)


Block = Heading | Para | ListBlock


@dataclass(frozen=True)
class Document:
    front_matter: dict[str, list[str]]  # `key: value` pairs (lists for `- item` values)
    blocks: list[Block]


def valid_tag(raw: str) -> str | None:
    tag = normalize_tag(raw)
    return tag if _VALID_TAG_RE.fullmatch(tag) and len(tag) <= TAG_LIMIT else None


def hashtags(text: str) -> list[str]:
    found = (valid_tag(m.group(1)) for m in _HASHTAG_RE.finditer(text))
    return list(dict.fromkeys(t for t in found if t))


def split_url(url: str) -> tuple[str, str]:
    """A bare URL without the punctuation that ends the sentence around it."""
    tail = _URL_TRAILER_RE.search(url)
    cut = tail.start() if tail else len(url)
    # A ")" the URL never opened closes the sentence's bracket (counted once: each trailing
    # one counted again was quadratic on a run of them).
    opened, closed = url.count("(", 0, cut), url.count(")", 0, cut)
    while cut and url[cut - 1] == ")" and closed > opened:
        cut -= 1
        closed -= 1
    return url[:cut], url[cut:]


def plain_inline(raw: str) -> Inline:
    """Text as written: its bare URLs are links, its #words tags."""
    links = []
    for match in URL_RE.finditer(raw):
        url = split_url(match.group())[0]
        links.append((url, url))
    return Inline(raw, links, set(hashtags(URL_RE.sub(" ", raw))))


# A one-line command, right under the line that introduces it ("Their one-liner for the
# worst offenders:"), joins that line as code; longer code (a config file) is no note.
CODE_JOINS_MAX_LINES = 1
CODE_JOINS_MAX_CHARS = 200


def short_code(lines: list[str]) -> str | None:
    """A short code block as inline code ("`topk(10, ...)`"), or None if it is too long to
    join a note or holds a backtick of its own."""
    kept = [line.strip() for line in lines if line.strip()]
    if not kept or len(kept) > CODE_JOINS_MAX_LINES or sum(map(len, kept)) > CODE_JOINS_MAX_CHARS:
        return None
    if any("`" in line for line in kept):
        return None
    return " ".join(f"`{line}`" for line in kept)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- front matter ------------------------------------------------------------------------

_FM_KEY_RE = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_FM_ITEM_RE = re.compile(r"^[ \t]*-[ \t]+(.*?)[ \t]*$")


def front_matter_fields(lines: list[str]) -> dict[str, list[str]] | None:
    """`key: value` pairs and `- item` lists of a front-matter block's lines (without its
    `---` lines); None when they are not front matter (ordinary text after a rule)."""
    data: dict[str, list[str]] = {}
    key = None
    for line in lines:
        pair = _FM_KEY_RE.match(line)
        item = _FM_ITEM_RE.match(line)
        if pair:
            key = pair.group(1).lower()
            data[key] = [_unquote_value(pair.group(2))] if pair.group(2) else []
        elif item and key:
            data[key].append(_unquote_value(item.group(1)))
        elif line.strip() and not line.startswith((" ", "\t", "#")):
            return None
    return data


def _unquote_value(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value
