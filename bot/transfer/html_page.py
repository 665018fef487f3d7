"""A web page saved from the browser (`.html`, "Save Page As"), or a wiki's HTML export
(Confluence, Notion), rewritten as Markdown.

Selecting a post and pasting it loses its structure: headings turn into short lines that
have to be guessed at. The saved page still says what is a heading, a list, code or a
link, and which parts are the site around the post (<nav>, <header>, <footer>, <aside>,
forms, scripts): those are dropped, and when the page marks its post (<article>,
<main>), only the post is read. The page's <head> gives the front matter: its title,
author, date and address.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from bot.transfer.markup_parts import ISO_DATE_RE, URL_RE, front_matter_lines

# Never text: the browser's machinery and the site's furniture.
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select",
     "nav", "aside", "dialog", "canvas", "object"}
)  # fmt: skip
# The site's header and footer, unless inside the post (an <article>'s own <header> holds
# its title and byline).
_PAGE_FRAME = frozenset({"header", "footer"})
_POST = frozenset({"article", "main"})
_VOID = frozenset(
    {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col",
     "embed", "track", "param"}
)  # fmt: skip
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "blockquote", "figure", "figcaption", "dl",
     "dt", "dd", "details", "summary", "body", "header", "footer"}
)  # fmt: skip
# The site's furniture by the name a page gives it, whatever the element: a <div
# class="breadcrumbs">, Confluence's <div id="footer">, a "share-buttons" or
# "related-posts" block, a cookie banner, a comment thread.
_FURNITURE_RE = re.compile(
    r"(?:^|[-_\s])(?:breadcrumbs?|footer|sidebar|navbar|nav|navigation|menu|cookies?|consent|"
    r"share|sharing|social|related|comments?|advert\w*|ads|subscribe|newsletter|popup|modal)"
    r"(?=$|[-_\s])",
    re.IGNORECASE,
)
# Lists nested deeper than this are indented no further (a page of unclosed <ul> would
# indent each item by the whole page's depth).
MAX_LIST_DEPTH = 8
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "author": "author",
    "article:author": "author",
    "article:published_time": "date",
    "date": "date",
    "og:url": "url",
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self.title = ""
        self.lines: list[str] = []  # the whole page's Markdown
        self.post: list[str] | None = None  # the first <article>/<main>'s, once seen
        self._open: list[str] = []  # the elements we are in
        self._counts: Counter[str] = Counter()  # of each tag among them
        self._text: list[str] = []  # the current block's text
        self._prefix = ""  # what the current block opens with ("## ", "- ", "> ")
        self._lists: list[str] = []  # "ul"/"ol", nested
        self._pre = False
        self._link: str | None = None
        self._in_title = False
        self._post_depth = 0
        self._article_done = False
        self._skip_at: int | None = None  # depth of the element being skipped
        self._table: list[list[str]] | None = None  # the rows of the table being read

    # -- where we are ----------------------------------------------------------------

    def _out(self) -> list[str]:
        return self.post if self._post_depth and self.post is not None else self.lines

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if self._table is not None and self._table:
            if text:  # a cell of the row being read
                self._table[-1].append(text.replace("|", "\\|"))
            self._text, self._prefix = [], ""
            return
        if text:
            self._out().append(f"{self._prefix}{text}")
            if not self._prefix.startswith(("- ", "1. ", "  ")) or not self._lists:
                self._out().append("")
        self._text, self._prefix = [], ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            field = _META_FIELDS.get(key)
            if field and values.get("content"):
                self.fields.setdefault(field, values["content"].strip())
            return
        if tag == "link" and "canonical" in values.get("rel", "").split():
            self.fields.setdefault("url", values.get("href", ""))
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _VOID:
            if tag == "br" and self._skip_at is None:
                self._text.append("\n" if self._pre else " ")
            return
        self._open.append(tag)
        self._counts[tag] += 1
        if self._skip_at is not None:
            return
        in_post = self._post_depth > 0
        # A second <article> in the post, after the first one ended, is a related post's
        # teaser.
        teaser = tag == "article" and self._article_done
        named = f"{values.get('id', '')} {values.get('class', '')}"
        furniture = bool(_FURNITURE_RE.search(named)) and tag not in _POST and tag != "body"
        if (
            tag in _SKIPPED
            or (tag in _PAGE_FRAME and not in_post)
            or tag == "head"
            or teaser
            or furniture
        ):
            self._skip_at = len(self._open)  # skipped until this element ends
            return
        if tag in _POST and (self.post is None or self._post_depth):
            if self.post is None:
                self._flush()
                self.post = []
            self._post_depth += 1
        if tag in _HEADINGS:
            self._flush()
            self._prefix = "#" * _HEADINGS[tag] + " "
        elif tag in ("ul", "ol"):
            self._flush()
            self._lists.append(tag)
        elif tag == "li":
            self._flush()
            depth = min(max(len(self._lists) - 1, 0), MAX_LIST_DEPTH)
            mark = "1." if self._lists and self._lists[-1] == "ol" else "-"
            self._prefix = f"{'  ' * depth}{mark} "
        elif tag == "pre":
            self._flush()
            self._out().append("```")
            self._pre = True
        elif tag == "blockquote":
            self._flush()
            self._prefix = "> "
        elif tag == "table":
            self._flush()
            self._table = [] if self._table is None else self._table
        elif tag == "tr":
            self._flush()
            if self._table is not None:
                self._table.append([])
        elif tag in _BLOCKS or tag in ("td", "th"):
            self._flush()
        elif tag == "code" and not self._pre:
            self._text.append("`")
        elif tag in ("strong", "b"):
            self._text.append("**")
        elif tag in ("em", "i"):
            self._text.append("*")
        elif tag == "a" and URL_RE.match(values.get("href", "")):
            self._link = values["href"]
            self._text.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in _VOID or not self._counts[tag]:
            return  # a stray end tag
        while self._open:  # close what was left open inside it
            closed = self._open.pop()
            self._counts[closed] -= 1
            if closed == tag:
                break
        if self._skip_at is not None:
            if len(self._open) < self._skip_at:
                self._skip_at = None
            return
        if tag == "pre":
            self._out().append("".join(self._text).strip("\n"))
            self._out().extend(["```", ""])
            self._text, self._pre = [], False
        elif tag == "table":
            self._flush()
            self._write_table()
        elif tag in _HEADINGS or tag in _BLOCKS or tag in ("li", "td", "th", "tr"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
            if not self._lists:
                self._out().append("")
        elif tag == "code" and not self._pre:
            self._text.append("`")
        elif tag in ("strong", "b"):
            self._text.append("**")
        elif tag in ("em", "i"):
            self._text.append("*")
        elif tag == "a" and self._link is not None:
            self._text.append(f"]({self._link})")
            self._link = None
        if tag in _POST and self._post_depth:
            self._post_depth -= 1
            self._article_done = self._article_done or tag == "article"

    def _write_table(self) -> None:
        """The table read, as Markdown's: a row a line, a rule under the first."""
        rows = [row for row in self._table or [] if row]
        self._table = None
        for n, row in enumerate(rows):
            self._out().append(f"| {' | '.join(row)} |")
            if n == 0:
                self._out().append("|" + "---|" * len(row))
        if rows:
            self._out().append("")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip_at is None:
            self._text.append(data if self._pre else data.replace("\n", " "))


def html_to_markdown(source: str) -> str:
    """The page's post as Markdown, under front matter from its <head>."""
    page = _Page()
    page.feed(source)
    page.close()
    page._flush()
    body = page.post if page.post else page.lines
    fields = dict(page.fields)
    fields.setdefault("title", " ".join(page.title.split()))
    if "date" in fields and (day := ISO_DATE_RE.search(fields["date"])):
        fields["date"] = day.group(0)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
    return "\n".join([*front_matter_lines(fields, []), text]) + "\n"
