"""Notes copied out of Tana ("Tana Paste": the `%%tana%%` text its copy gives), rewritten
as Markdown.

Tana keeps notes as one tree of nodes: a trip's node, its days, a node per talk (often
with a supertag, "#talk"), the notes under each, and fields on any node ("Event::
[[stackconf]]", "Speaker:: [[Ilka]]"). Read as plain text, the fields became notes and no
talk was found. Here a node with notes under it is a heading (the top one the title), its
notes are bullets, the top node's date and event are front matter, and the other fields
go: they describe a node, they are no takeaway.
"""

from __future__ import annotations

import re

from bot.transfer.markup_parts import front_matter_lines

MARKER = "%%tana%%"
_NODE_RE = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+(?P<text>\S.*)$")
_FIELD_RE = re.compile(r"^(?P<name>[^\s:#\[][^:\n]{0,40})::(?:[ \t]+(?P<value>.*))?$")
# "[[date:2023-09-13]]", "[[date:2023-09-13/2023-09-14]]": the first day.
_DATE_RE = re.compile(r"\[\[date:(?P<day>\d{4}-\d{2}-\d{2})[^\[\]\n]{0,60}\]\]")
# A reference to another node: "[[stackconf]]", "[[Jonas Vogt^a1B2c3]]" (with its id).
_REF_RE = re.compile(r"\[\[([^\[\]\^\n]{1,200})(?:\^[\w-]{1,40})?\]\]")
# Supertags that say what a node is, not what it is about: the heading keeps its words.
_KIND_TAG_RE = re.compile(
    r"(?<!\S)#(?:talk|session|keynote|workshop|day|trip|event|conference|meeting|notes?)\b"
    r"(?![\w-])",
    re.IGNORECASE,
)
# A node this long, or ending like a sentence, is a note with notes under it, no title.
TITLE_MAX_CHARS = 120
# Fields of the top node that are the write-up's own: they become its front matter.
_FRONT_MATTER_FIELDS = {"event": "conference", "conference": "conference", "url": "url"}
_DATE_FIELDS = frozenset({"date", "when", "day", "dates"})


def is_tana_paste(source: str) -> bool:
    return source.lstrip("\ufeff \t\r\n").startswith(MARKER)


def _plain(text: str, *, dates: bool = True) -> str:
    """A node's words: references as their names, dates as the day ("GA since
    2024/07/24"), or without them (a heading: "Day 1 [[date:...]]" is "Day 1").
    (Written with slashes: a short line with an ISO date is read as a post's byline.)"""
    text = _DATE_RE.sub(lambda m: m.group("day").replace("-", "/") if dates else "", text)
    return " ".join(_REF_RE.sub(r"\1", text).split())


def tana_to_markdown(source: str) -> str:
    """A Tana Paste as Markdown: nodes with notes under them are headings, fields go."""
    nodes: list[tuple[int, str]] = []  # (depth, text), fields left out
    fields: dict[str, str] = {}
    day: str | None = None
    field_depth: int | None = None  # a field's: the values under it are no notes either
    for line in source.lstrip("\ufeff").splitlines():
        node = _NODE_RE.match(line.expandtabs(2))
        if node is None:
            if line.strip() and line.strip() != MARKER and nodes and field_depth is None:
                depth, text = nodes[-1]
                nodes[-1] = (depth, f"{text} {line.strip()}")  # a node's text run on
            continue
        depth = len(node.group("indent")) // 2
        text = node.group("text").strip()
        if field_depth is not None and depth > field_depth:
            continue  # a field's values, one a line ("Speakers::" over two names)
        field_depth = None
        if field := _FIELD_RE.match(text):
            field_depth = depth
            name, value = field.group("name").strip().lower(), field.group("value") or ""
            key = _FRONT_MATTER_FIELDS.get(name)
            if key and depth <= 1 and key not in fields and value:
                fields[key] = _plain(value)
            if name in _DATE_FIELDS and day is None and (dated := _DATE_RE.search(value)):
                day = dated.group("day")  # "Date:: [[date:2024-03-20]]"
            continue
        if day is None and depth <= 1 and (dated := _DATE_RE.search(text)):
            day = dated.group("day")  # the trip's or its first day's node
        nodes.append((depth, text))
    if day:
        fields["date"] = day
    parents = _parents(nodes)
    sections: dict[int, list[int]] = {}  # parent -> its children, and of those, sections
    for n, parent in enumerate(parents):
        sections.setdefault(parent, []).append(n)
    titles = [_title(nodes, n, sections[parents[n]]) for n in range(len(nodes))]
    body: list[str] = []
    heading_depths: list[int] = []  # the depths of the headings over this node
    for (depth, text), title in zip(nodes, titles, strict=True):
        while heading_depths and heading_depths[-1] >= depth:
            heading_depths.pop()
        if title is not None:
            if title:  # (a day's node that is only its date heads nothing by name)
                body += ["", f"{'#' * min(depth + 1, 6)} {title}", ""]
            heading_depths.append(depth)
        else:
            # nested as deep as it is under the heading over it
            under = depth - (heading_depths[-1] if heading_depths else -1) - 1
            body.append(f"{'  ' * under}- {_plain(text)}")
    return "\n".join([*front_matter_lines(fields, []), *body]) + "\n"


def _has_children(nodes: list[tuple[int, str]], n: int) -> bool:
    return n + 1 < len(nodes) and nodes[n + 1][0] > nodes[n][0]


def _parents(nodes: list[tuple[int, str]]) -> list[int]:
    """Each node's parent (-1 for a top node), in one pass."""
    parents: list[int] = []
    open_nodes: list[int] = []  # the nodes over the current one, deepest last
    for n, (depth, _) in enumerate(nodes):
        while open_nodes and nodes[open_nodes[-1]][0] >= depth:
            open_nodes.pop()
        parents.append(open_nodes[-1] if open_nodes else -1)
        open_nodes.append(n)
    return parents


def _title(nodes: list[tuple[int, str]], n: int, siblings: list[int]) -> str | None:
    """The heading node `n` is, if it is one: a short node with nodes under it that is a
    talk (its supertag says so), the top node, or one of sections (more than half the
    nodes beside it have nodes under them too). A note with notes under it, among notes,
    is a note."""
    depth, text = nodes[n]
    if not _has_children(nodes, n):
        return None
    words = _plain(_KIND_TAG_RE.sub("", text), dates=False)
    if len(words) > TITLE_MAX_CHARS or re.search(r"[.!?:]$", words):
        return None
    sections = sum(1 for i in siblings if _has_children(nodes, i))
    if depth == 0 or _KIND_TAG_RE.search(text) or 2 * sections > len(siblings):
        return words
    return None
