"""Markdown notes as blocks (bot.transfer.document), read with markdown-it-py (CommonMark,
tables and front matter): links with parentheses in their URL, setext headings, code in
list items, images inside links and nested emphasis are read as Markdown means them.

Code blocks, tables, rules and HTML blocks carry no note; block quotes are read as the
text they quote. Inline, the words stay and the markup goes: a link leaves its text and
records its URL, code spans keep their text (and never yield #tags), bare URLs are links.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from bot.transfer.document import (
    CHECKBOX_RE,
    URL_RE,
    Block,
    Document,
    Heading,
    Inline,
    Item,
    ListBlock,
    Para,
    front_matter_fields,
    hashtags,
    split_url,
)

_PLAIN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_PARSER = MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin)
_PARSER.enable(["table", "strikethrough"])
# Markup HTML a note may hold; anything else in angle brackets (`<pod-name>`, a Slack
# `<!channel>` pasted in) is text someone wrote, and stays.
_HTML_TAG_RE = re.compile(
    r"</?(?:a|abbr|b|br|center|code|del|details|div|em|figcaption|figure|font|h[1-6]|hr|i"
    r"|iframe|img|ins|kbd|li|mark|ol|p|pre|s|section|small|span|strike|strong|sub|summary"
    r"|sup|table|tbody|td|th|thead|tr|u|ul|video)\b[^<>]*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)


def parse_markdown(source: str) -> Document:
    source = source.removeprefix("\ufeff")
    tokens = _PARSER.parse(source)
    front: dict[str, list[str]] = {}
    if tokens and tokens[0].type == "front_matter":
        fields = front_matter_fields(tokens[0].content.splitlines())
        if fields is None:  # a rule above ordinary text, not front matter
            tokens = _PLAIN.parse(source)
        else:
            front = fields
    return Document(front, _Blocks(tokens).read())


class _Blocks:
    """Walks markdown-it's flat token stream, keeping the block nesting that matters."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.blocks: list[Block] = []
        # Open lists, outermost first, with the item each is building.
        self.items: list[Item] = []
        self.list: ListBlock | None = None
        self.heading_level = 0

    def read(self) -> list[Block]:
        skip_until: str | None = None
        for token in self.tokens:
            if skip_until is not None:
                if token.type == skip_until:
                    skip_until = None
                continue
            kind = token.type
            if kind == "table_open":
                skip_until = "table_close"
            elif kind in {"bullet_list_open", "ordered_list_open"} and self.list is None:
                self.list = ListBlock()
            elif kind == "list_item_open":
                self._open_item(token)
            elif kind == "list_item_close":
                self.items.pop()
            elif kind in {"bullet_list_close", "ordered_list_close"} and not self.items:
                if self.list is not None and self.list.items:
                    self.blocks.append(self.list)
                self.list = None
            elif kind == "heading_open":
                self.heading_level = int(token.tag[1:])
            elif kind == "inline":
                self._inline(token)
            elif kind == "heading_close":
                self.heading_level = 0
        return self.blocks

    def _open_item(self, token: Token) -> None:
        item = Item(_line(token), Inline(""))
        if not self.items:
            assert self.list is not None
            self.list.items.append(item)
        else:
            self.items[0].children.append(item)  # any depth: folded into the top item
        self.items.append(item)

    def _inline(self, token: Token) -> None:
        inline = _inline_of(token)
        line = _line(token)
        if self.heading_level:
            self.blocks.append(Heading(self.heading_level, inline, line))
        elif not self.items and self.list is None and _bold_title(token, inline.text):
            # A wiki page or a document exported to Markdown marks its sections with a
            # paragraph in bold ("**Cortex to Mimir in six weeks — Lena Fischer**"): a
            # heading under any real one.
            self.blocks.append(Heading(BOLD_TITLE_LEVEL, inline, line))
        elif self.items:
            item = self.items[-1]
            if not item.inline.text and not item.inline.links:
                inline.text = CHECKBOX_RE.sub("", inline.text)
                item.inline, item.line = inline, line
            else:  # a second paragraph of the same item: part of it
                item.inline = _joined(item.inline, inline)
        elif self.list is None:
            self.blocks.append(Para(line, inline))


# The level of a bold paragraph read as a heading: under every `#` heading.
BOLD_TITLE_LEVEL = 6
_TITLE_WORDS = 14


def _bold_title(token: Token, text: str) -> bool:
    """A paragraph that is one bold span, short, and no sentence."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) < 3 or (children[0].type, children[-1].type) != (
        "strong_open",
        "strong_close",
    ):
        return False
    if any(c.type == "strong_open" for c in children[1:]) or "\n" in text.strip():
        return False
    words = text.split()
    return 0 < len(words) <= _TITLE_WORDS and not text.rstrip().endswith((".", "!", ","))


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _joined(first: Inline, second: Inline) -> Inline:
    return Inline(
        f"{first.text}\n{second.text}", first.links + second.links, first.tags | second.tags
    )


def _inline_of(token: Token) -> Inline:
    """The words of an inline token, its links (with the words they sit on) and #tags."""
    parts: list[str] = []
    links: list[tuple[str, str]] = []
    tags: set[str] = set()
    link_stack: list[tuple[str, int]] = []  # (href, where its label starts in parts)
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            text = child.content
            if not link_stack:  # a bare URL in prose (inside a link, the link is enough)
                for match in URL_RE.finditer(text):
                    url = split_url(match.group())[0]
                    links.append((url, url))
            tags.update(hashtags(URL_RE.sub(" ", text)))
            parts.append(text)
        elif kind in {"softbreak", "hardbreak"}:
            parts.append("\n")
        elif kind == "code_inline":
            parts.append(child.content)
        elif kind == "link_open":
            link_stack.append((str(child.attrs.get("href") or ""), len(parts)))
        elif kind == "link_close" and link_stack:
            href, start = link_stack.pop()
            if URL_RE.fullmatch(href):
                links.append((" ".join("".join(parts[start:]).split()), href))
        elif kind == "html_inline":
            markup = _HTML_TAG_RE.fullmatch(child.content)
            parts.append("\n" * child.content.count("\n") if markup else child.content)
        # images (alt text is not prose), emphasis markers: nothing to keep
    return Inline(_callout(_WIKI_LINK_RE.sub(_wiki_words, "".join(parts))), links, tags)


# Obsidian and wiki notes: "[[Platform roadmap 2025]]", "[[cilium|Cilium]]" (its shown
# words), "![[diagram.png]]" (an embed: no words).
_WIKI_LINK_RE = re.compile(r"(!?)\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
# An Obsidian callout opens its quote: "[!tip] Our take" (a title), "[!info]-" (folded).
_CALLOUT_RE = re.compile(r"^\[![\w-]+\][+-]?[ \t]*")


def _wiki_words(match: re.Match[str]) -> str:
    if match.group(1):
        return ""
    return (match.group(3) or match.group(2)).strip()


def _callout(text: str) -> str:
    """A callout's words: its title leads its body ("Our take: We drop nothing ...")."""
    if not _CALLOUT_RE.match(text):
        return text
    title, _, body = _CALLOUT_RE.sub("", text, count=1).partition("\n")
    title, body = title.strip(), body.strip()
    if title and body:
        return f"{title.rstrip(':')}: {body}"
    return title or body
