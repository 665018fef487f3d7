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
# What Markdown would read as markup at a paragraph's start ("# of nodes", "- 5%", "1.
# Kafka"), said as text: a backslash before the mark's punctuation.
_MARKDOWN_START_RE = re.compile(r"^(?:(#{1,6})(?=\s|$)|([-+*>])(?=\s)|(\d{1,9})([.)])(?=\s))")
# Lists nested deeper than this are indented no further (a page of unclosed <ul> would
# indent each item by the whole page's depth).
MAX_LIST_DEPTH = 8
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements before which an open <p> ends, as HTML lets a page leave its </p> out.
_ENDS_P = frozenset(
    {*_BLOCKS, *_HEADINGS, "ul", "ol", "li", "table", "pre", "hr", "address"} - {"body"}
)
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "author": "author",
    "article:author": "author",
    "article:published_time": "date",
    "date": "date",
    "og:url": "url",
}


def _escaped(text: str) -> str:
    """A paragraph's start that Markdown would read as a mark, said as text."""

    def plain(match: re.Match[str]) -> str:
        if match.group(3):
            return f"{match.group(3)}\\{match.group(4)}"  # "1\. Kafka"
        return "\\" + match.group(0)  # "\# of nodes", "\- 5%"

    return _MARKDOWN_START_RE.sub(plain, text)


class _Page(HTMLParser):
    """The page as Markdown lines, read as it streams by: what is open decides what a
    piece of text is (a heading's, an item's, a cell's, code)."""

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
        self._prefix = ""  # what the current block opens with ("## ", "- ")
        self._lists: list[str] = []  # "ul"/"ol", nested
        self._quotes = 0  # blockquotes we are in
        self._pre = False
        self._marks: list[tuple[str, int, int]] = []  # open ** / *: where, in which block
        self._link: str | None = None
        self._link_at = (0, 0)  # the block and the place in its text where the link began
        self._blocks = 0  # blocks flushed so far
        self._in_title = False
        self._post_depth = 0
        self._skip_at: int | None = None  # depth of the element being skipped
        self._table: list[list[str]] | None = None  # the rows of the table being read
        self._table_depth = 0  # tables in tables: only the outer one's rows are rows
        self._in_cell = False

    # -- what is written ---------------------------------------------------------------

    def _emit(self, *lines: str) -> None:
        self.lines.extend(lines)
        if self._post_depth:
            self.posts[-1].extend(lines)

    def _flush(self) -> None:
        """The end of a block: its text as a Markdown line."""
        for _, at, block in self._marks:
            if block == self._blocks and at < len(self._text):
                self._text[at] = ""  # a mark never closed in this block is no mark
        self._blocks += 1
        # Those of an ended block can close nothing now; kept, each block end would read
        # them all again ("<b><p>x" repeated: quadratic).
        self._marks.clear()
        if self._pre:
            self._text.append("\n")  # a block inside code: a line of it
            return
        if self._table_depth:
            self._text.append(" ")  # a block inside a cell: more of the cell
            return
        text = " ".join("".join(self._text).split())
        self._text = []
        if not text:
            if not self._prefix.lstrip().startswith(("-", "1.")):
                self._prefix = ""  # an item's mark waits for its text
            return
        prefix = self._prefix or ("> " if self._quotes else "")
        self._emit(f"{prefix}{_escaped(text)}")
        if not self._prefix.lstrip().startswith(("-", "1.")) or not self._lists:
            self._emit("")
        self._prefix = ""

    def _end_cell(self) -> None:
        self._blocks += 1  # a cell is a block of its own: marks end with it
        self._marks.clear()
        if self._table_depth == 1 and self._in_cell and self._table is not None:
            if not self._table:
                self._table.append([])
            cell = " ".join("".join(self._text).split())
            self._table[-1].append(cell.replace("|", "\\|"))  # an empty cell keeps its column
            self._text = []
        self._in_cell = False

    def _write_table(self) -> None:
        """The table read, as Markdown's: a row a line, a rule under the first."""
        rows = [row for row in self._table or [] if any(row)]
        self._table, self._text, self._prefix = None, [], ""
        if rows:
            self._emit("")  # never a lazy line of the item or paragraph above
        for n, row in enumerate(rows):
            self._emit(f"| {' | '.join(row)} |")
            if n == 0:
                self._emit("|" + "---|" * len(row))
        if rows:
            self._emit("")

    # -- elements ------------------------------------------------------------------------

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
                self._line_break()
            return
        self._close_implied(tag)
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
        if self._pre:
            return  # inside code, elements are its text's
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
            if not self._table_depth:  # code in a cell is the cell's text
                self._emit("```")
                self._pre = True
        elif tag == "blockquote":
            self._flush()
            self._quotes += 1
        elif tag == "table":
            self._flush()
            self._table_depth += 1
            if self._table_depth == 1:
                self._table = []
        elif tag == "tr":
            if self._table_depth == 1 and self._table is not None:
                self._end_cell()
                self._table.append([])
        elif tag in ("td", "th"):
            if self._table_depth == 1:
                self._end_cell()
                self._in_cell = True
                self._text = []
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "code":
            self._text.append("`")
        elif tag in _MARKS:
            self._text.append(_MARKS[tag])
            self._marks.append((_MARKS[tag], len(self._text) - 1, self._blocks))
        elif tag == "a" and URL_RE.match(values.get("href", "")):
            # Written as a link at its end, if its text stayed in one block.
            self._link = values["href"]
            self._link_at = (self._blocks, len(self._text))

    def _close_implied(self, tag: str) -> None:
        """End what a page may leave open before this element ("<p>one<p>two",
        "<li>a<li>b", "<td>a<td>b"), as a browser does."""
        top = self._open[-1] if self._open else ""
        if tag in _ENDS_P and top == "p":
            self.handle_endtag("p")
        elif tag == "li" and self._innermost(("li",), ("ul", "ol")):
            self.handle_endtag("li")
        elif tag in ("td", "th") and (cell := self._innermost(("td", "th"), ("tr", "table"))):
            self.handle_endtag(cell)
        elif tag == "tr" and self._innermost(("tr",), ("table",)):
            self.handle_endtag("tr")

    def _innermost(self, tags: tuple[str, ...], within: tuple[str, ...]) -> str | None:
        """The innermost open element of `tags`, if it is inside the innermost of
        `within` (an <li> of this list, not of the list around it)."""
        for name in reversed(self._open):
            if name in tags:
                return name
            if name in within:
                return None
        return None

    def _line_break(self) -> None:
        if self._pre:
            self._text.append("\n")
        elif (
            self._prefix
            or self._table_depth
            or self._link is not None
            or any(block == self._blocks for _, _, block in self._marks)
        ):
            self._text.append(" ")  # in an item, a cell, a link or bold text
        else:
            self._flush()  # lines a <br> sets apart are paragraphs, as pasted

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in _VOID or not self._counts[tag]:
            return  # a stray end tag
        while self._open:  # what was left open inside it ends with it
            closed = self._open.pop()
            self._counts[closed] -= 1
            depth = len(self._open) + 1
            if self._skip_at is not None and depth >= self._skip_at:
                if depth == self._skip_at:
                    self._skip_at = None
            elif self._skip_at is None:
                self._end(closed)
            if closed == tag:
                break

    def _end(self, tag: str) -> None:
        if tag in _POST and self._post_depth:
            self._flush()
            self._post_depth -= 1
            return
        if tag == "pre" and self._pre:
            code = "".join(self._text).strip("\n")
            self._text, self._pre = [], False
            self._emit(*code.split("\n"), "```", "")
            return
        if self._pre:
            if tag in _BLOCKS or tag == "li":
                self._text.append("\n")  # a line of the code
            return
        if tag == "table" and self._table_depth:
            self._end_cell()
            self._table_depth -= 1
            if self._table_depth == 0:
                self._write_table()
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag in ("li", "blockquote"):
            self._flush()
            self._prefix = ""
            if tag == "blockquote":
                self._quotes = max(self._quotes - 1, 0)
        elif tag in _HEADINGS or tag in _BLOCKS:
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
            if not self._lists:
                self._emit("")
        elif tag == "code":
            self._text.append("`")
        elif tag in _MARKS:
            self._close_mark(_MARKS[tag])
        elif tag == "a" and self._link is not None:
            block, start = self._link_at
            if block == self._blocks and start <= len(self._text):
                self._text.insert(start, "[")
                self._text.append(f"]({self._link})")
            self._link = None

    def _close_mark(self, mark: str) -> None:
        """Bold or italic text, its marks against its words ("**Key point:** text":
        "**Key point: **" is no emphasis in Markdown, and its stars would stay); an
        empty one, or one whose block ended, leaves no mark."""
        opened = next((m for m in reversed(self._marks) if m[0] == mark), None)
        if opened is None:
            return
        self._marks.remove(opened)
        _, at, block = opened
        if block != self._blocks or at >= len(self._text):
            return
        content = "".join(self._text[at + 1 :])
        self._text[at] = ""
        if content.strip():
            words = content.strip()
            lead = content[: len(content) - len(content.lstrip())]
            trail = content[len(content.rstrip()) :]
            self._text[at + 1 :] = [f"{lead}{mark}{words}{mark}{trail}"]

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip_at is None:
            self._text.append(data if self._pre else data.replace("\n", " "))

    def close(self) -> None:
        super().close()
        while self._open:  # what the page never closed
            self.handle_endtag(self._open[0])
        self._flush()


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
    body = _post(page.posts, page.lines)
    fields = dict(page.fields)
    fields.setdefault("title", " ".join(page.title.split()))
    if "date" in fields and (day := ISO_DATE_RE.search(fields["date"])):
        fields["date"] = day.group(0)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
    return "\n".join([*front_matter_lines(fields, []), text]) + "\n"
