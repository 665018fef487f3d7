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


def is_tana_paste(source: str) -> bool:
    return source.lstrip("\ufeff \t\r\n").startswith(MARKER)


def _plain(text: str) -> str:
    text = _DATE_RE.sub("", text)
    return " ".join(_REF_RE.sub(r"\1", text).split())


def tana_to_markdown(source: str) -> str:
    """A Tana Paste as Markdown: nodes with notes under them are headings, fields go."""
    nodes: list[tuple[int, str]] = []  # (depth, text), fields left out
    fields: dict[str, str] = {}
    day: str | None = None
    for line in source.lstrip("\ufeff").splitlines():
        node = _NODE_RE.match(line.expandtabs(2))
        if node is None:
            if line.strip() and line.strip() != MARKER and nodes:
                depth, text = nodes[-1]
                nodes[-1] = (depth, f"{text} {line.strip()}")  # a node's text run on
            continue
        depth = len(node.group("indent")) // 2
        text = node.group("text").strip()
        if field := _FIELD_RE.match(text):
            key = _FRONT_MATTER_FIELDS.get(field.group("name").strip().lower())
            if key and depth <= 1 and key not in fields and field.group("value"):
                fields[key] = _plain(field.group("value"))
            continue
        if day is None and (dated := _DATE_RE.search(text)):
            day = dated.group("day")
        nodes.append((depth, text))
    if day:
        fields["date"] = day
    titles = [_title(nodes, n) for n in range(len(nodes))]
    body: list[str] = []
    heading_depths: list[int] = []  # the depths of the headings over this node
    for (depth, text), title in zip(nodes, titles, strict=True):
        while heading_depths and heading_depths[-1] >= depth:
            heading_depths.pop()
        if title is not None:
            body += ["", f"{'#' * min(depth + 1, 6)} {title}", ""]
            heading_depths.append(depth)
        else:
            # nested as deep as it is under the heading over it
            under = depth - (heading_depths[-1] if heading_depths else -1) - 1
            body.append(f"{'  ' * under}- {_plain(text)}")
    return "\n".join([*front_matter_lines(fields, []), *body]) + "\n"


def _has_children(nodes: list[tuple[int, str]], n: int) -> bool:
    return n + 1 < len(nodes) and nodes[n + 1][0] > nodes[n][0]


def _siblings(nodes: list[tuple[int, str]], n: int) -> list[int]:
    """Node `n` and the other nodes under the same parent."""
    depth = nodes[n][0]
    first = n
    while first > 0 and nodes[first - 1][0] >= depth:
        first -= 1
    last = n
    while last + 1 < len(nodes) and nodes[last + 1][0] >= depth:
        last += 1
    return [i for i in range(first, last + 1) if nodes[i][0] == depth]


def _title(nodes: list[tuple[int, str]], n: int) -> str | None:
    """The heading node `n` is, if it is one: a short node with nodes under it that is a
    talk (its supertag says so), the top node, or one of sections (more than half the
    nodes beside it have nodes under them too). A note with notes under it, among notes,
    is a note."""
    depth, text = nodes[n]
    if not _has_children(nodes, n):
        return None
    words = _plain(_KIND_TAG_RE.sub("", text))
    if len(words) > TITLE_MAX_CHARS or re.search(r"[.!?:]$", words):
        return None
    siblings = _siblings(nodes, n)
    sections = sum(1 for i in siblings if _has_children(nodes, i))
    if depth == 0 or _KIND_TAG_RE.search(text) or 2 * sections > len(siblings):
        return words
    return None
