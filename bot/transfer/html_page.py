"""A web page saved from the browser (`.html`, "Save Page As"), or a wiki's HTML export
(Confluence, Notion), rewritten as Markdown.

Selecting a post and pasting it loses its structure: headings turn into short lines that
have to be guessed at. The saved page still says what is a heading, a list, code or a
link, and which parts are the site around the post (<nav>, <header>, <footer>, <aside>,
forms, scripts, and blocks named as such: breadcrumbs, share buttons, related posts):
those are dropped, and when the page marks its post (the longest <article> or <main>,
if it holds much of the page's text), only the post is read. The page's <head> gives the
front matter: its title, author, date and address.
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
# "related-posts" block, a cookie banner, a comment thread. Whole names only: a
# "content-sidebar-wrap" holds the post, an <h2 id="sharing-gpus"> is a talk.
_FURNITURE = frozenset(
    {"breadcrumb", "breadcrumbs", "footer", "site-footer", "page-footer", "sidebar",
     "site-sidebar", "share", "sharing", "share-buttons", "sharedaddy", "social",
     "social-share", "social-links", "related", "related-posts", "comments",
     "comments-area", "comment-respond", "disqus_thread", "cookie-banner", "cookie-notice",
     "cookie-consent", "newsletter", "subscribe", "subscribe-form", "menu", "navbar", "nav",
     "navigation", "site-navigation", "main-navigation", "advertisement", "ads", "popup",
     "modal"}
)  # fmt: skip
# Never furniture, whatever they are named: the post and its sections' titles.
# (An <article class="related"> is a related post's teaser, furniture too.)
_NEVER_FURNITURE = frozenset({"html", "body", "main", "h1", "h2", "h3", "h4", "h5", "h6"})
# What Markdown would read as markup at a paragraph's start: "# of nodes", "- 5%", "1. ".
_MARKDOWN_START_RE = re.compile(r"^(?:#{1,6}(?=\s|$)|[-+*>](?=\s)|\d{1,9}[.)](?=\s))")
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
        # Each outermost <article>/<main>'s own lines: the longest is the post.
        self.posts: list[list[str]] = []
        self._open: list[str] = []  # the elements we are in
        self._counts: Counter[str] = Counter()  # of each tag among them
        self._text: list[str] = []  # the current block's text
        self._prefix = ""  # what the current block opens with ("## ", "- ", "> ")
        self._lists: list[str] = []  # "ul"/"ol", nested
        self._pre = False
        self._link: str | None = None
        self._link_at = (0, 0)  # the block and the place in its text where the link began
        self._blocks = 0  # blocks flushed so far
        self._in_title = False
        self._post_depth = 0
        self._skip_at: int | None = None  # depth of the element being skipped
        self._table: list[list[str]] | None = None  # the rows of the table being read
        self._table_depth = 0  # tables in tables: only the outer one's rows are rows

    # -- where we are ----------------------------------------------------------------

    def _emit(self, *lines: str) -> None:
        self.lines.extend(lines)
        if self._post_depth:
            self.posts[-1].extend(lines)

    def _close_mark(self, mark: str) -> None:
        """A closing "**" goes before the space that ended the text ("**Key point:**
        text"): "**Key point: **" is no emphasis in Markdown, and its stars would stay."""
        last = self._text[-1] if self._text else ""
        if last.rstrip() != last:
            self._text[-1] = last.rstrip()
            self._text += [mark, " "]
        else:
            self._text.append(mark)

    def _flush(self) -> None:
        self._blocks += 1
        if self._table_depth:
            self._text.append(" ")  # a block inside a cell: more of the cell
            return
        text = " ".join("".join(self._text).split())
        self._text = []
        if not text:
            if not self._prefix.lstrip().startswith(("-", "1.", ">")):
                self._prefix = ""  # an item's or a quote's mark waits for its text
            return
        if not self._prefix:
            text = _MARKDOWN_START_RE.sub(r"\\\g<0>", text)  # "# of nodes" is no heading
        self._emit(f"{self._prefix}{text}")
        if not self._prefix.lstrip().startswith(("-", "1.")) or not self._lists:
            self._emit("")
        self._prefix = ""

    def _end_cell(self) -> None:
        if self._table_depth == 1 and self._table:
            cell = " ".join("".join(self._text).split())
            self._table[-1].append(cell.replace("|", "\\|"))  # an empty cell keeps its column
            self._text = []

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
                if self._pre:
                    self._text.append("\n")
                elif self._prefix or self._table_depth or self._link is not None:
                    self._text.append(" ")  # in a list item, a quote, a cell, a link
                else:
                    self._flush()  # lines a <br> sets apart are paragraphs, as pasted
            return
        self._open.append(tag)
        self._counts[tag] += 1
        if self._skip_at is not None:
            return
        in_post = self._post_depth > 0
        names = {values.get("id", "").lower(), *values.get("class", "").lower().split()}
        furniture = tag not in _NEVER_FURNITURE and not names.isdisjoint(_FURNITURE)
        if tag in _SKIPPED or (tag in _PAGE_FRAME and not in_post) or tag == "head" or furniture:
            self._skip_at = len(self._open)  # skipped until this element ends
            return
        if tag in _POST:
            if not self._post_depth:
                self._flush()
                self.posts.append([])
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
            self._emit("```")
            self._pre = True
        elif tag == "blockquote":
            self._flush()
            self._prefix = "> "
        elif tag == "table":
            self._flush()
            self._table_depth += 1
            if self._table_depth == 1:
                self._table = []
        elif tag == "tr":
            if self._table_depth == 1 and self._table is not None:
                self._text = []
                self._table.append([])
        elif tag in ("td", "th"):
            if self._table_depth == 1:
                self._text = []
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "code" and not self._pre:
            self._text.append("`")
        elif tag in ("strong", "b"):
            self._text.append("**")
        elif tag in ("em", "i"):
            self._text.append("*")
        elif tag == "a" and URL_RE.match(values.get("href", "")):
            # Written as a link at its end, if its text stayed in one block.
            self._link = values["href"]
            self._link_at = (self._blocks, len(self._text))

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
            if self._skip_at is None and closed in ("table", "pre"):
                self._close(closed)  # "<div><table>...</div>": the table ends with it
        if self._skip_at is not None:
            if len(self._open) < self._skip_at:
                self._skip_at = None
            return
        if tag in ("pre", "table", "td", "th"):
            self._close(tag)
        elif tag in _HEADINGS or tag in _BLOCKS or tag in ("li", "tr"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
            if not self._lists:
                self._emit("")
        elif tag == "code" and not self._pre:
            self._text.append("`")
        elif tag in ("strong", "b"):
            self._close_mark("**")
        elif tag in ("em", "i"):
            self._close_mark("*")
        elif tag == "a" and self._link is not None:
            block, start = self._link_at
            if block == self._blocks and start <= len(self._text):
                self._text.insert(start, "[")
                self._text.append(f"]({self._link})")
            self._link = None
        if tag in _POST and self._post_depth:
            self._post_depth -= 1

    def _close(self, tag: str) -> None:
        """The end of an element whose end writes something: code, a table, a cell."""
        if tag == "pre" and self._pre:
            self._emit("".join(self._text).strip("\n"))
            self._emit("```", "")
            self._text, self._pre = [], False
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "table" and self._table_depth:
            self._table_depth -= 1
            if self._table_depth == 0:
                self._write_table()

    def _write_table(self) -> None:
        """The table read, as Markdown's: a row a line, a rule under the first."""
        rows = [row for row in self._table or [] if any(row)]
        self._table = None
        for n, row in enumerate(rows):
            self._emit(f"| {' | '.join(row)} |")
            if n == 0:
                self._emit("|" + "---|" * len(row))
        if rows:
            self._emit("")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip_at is None:
            self._text.append(data if self._pre else data.replace("\n", " "))


# The longest <article>/<main> is the post when it holds at least this share of the
# page's text; otherwise the page's marks are a teaser's, and the whole page is read.
POST_SHARE = 0.4


def _post(posts: list[list[str]], page: list[str]) -> list[str]:
    """The page's post: its longest marked part, else the page."""
    size = sum(map(len, page)) or 1
    longest = max(posts, key=lambda lines: sum(map(len, lines)), default=[])
    return longest if sum(map(len, longest)) >= POST_SHARE * size else page


def html_to_markdown(source: str) -> str:
    """The page's post as Markdown, under front matter from its <head>."""
    page = _Page()
    page.feed(source)
    page.close()
    for tag in reversed(page._open):  # what the page never closed
        page._close(tag)
    page._flush()
    body = _post(page.posts, page.lines)
    fields = dict(page.fields)
    fields.setdefault("title", " ".join(page.title.split()))
    if "date" in fields and (day := ISO_DATE_RE.search(fields["date"])):
        fields["date"] = day.group(0)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
    return "\n".join([*front_matter_lines(fields, []), text]) + "\n"
