"""Markdown notes as blocks (bot.transfer.document), read with markdown-it-py (CommonMark,
tables and front matter): links with parentheses in their URL, setext headings, code in
list items, images inside links and nested emphasis are read as Markdown means them.

Code blocks, rules and HTML blocks carry no note, nor do tables of short values; a trip
report's summary table (talk | ... | takeaway) and a table whose rows hold sentences give
one per row; block quotes are read as the text they quote. Inline, the words stay and the
markup goes: a link leaves its text and records its URL, code spans keep their text (and
never yield #tags), bare URLs are links.
"""

from __future__ import annotations

import re
from collections import Counter

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from bot.transfer.debris import first_date, is_day_title
from bot.transfer.document import (
    CHECKBOX_RE,
    OUTLINE_LOOSE_TITLE,
    URL_RE,
    Block,
    Document,
    Heading,
    Inline,
    Item,
    ListBlock,
    OutlineHeading,
    Para,
    front_matter_fields,
    hashtags,
    regrouped,
    short_code,
    split_url,
)
from bot.transfer.plaintext import OUTLINE_MIN_CHILDREN, looks_like_title

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
    source, properties = _without_site_markup(source)
    tokens = _PARSER.parse(source)
    front: dict[str, list[str]] = {}
    if tokens and tokens[0].type == "front_matter":
        fields = front_matter_fields(tokens[0].content.splitlines())
        if fields is None:  # a rule above ordinary text, not front matter
            tokens = _PLAIN.parse(source)
        else:
            front = fields
    return Document(front or properties, _without_repeated_rows(_Blocks(tokens).read()))


# What a site generator or a notes app adds to Markdown that is no text: Hugo shortcodes
# ("{{< figure ... >}}", "{{% notice tip %}}"), Liquid tags ("{% include x.html %}"), MDX
# imports and components ("import Tabs from '@theme/Tabs';", "<TabItem value="a">"), and
# Logseq's "key:: value" properties (a page's leading ones are its front matter).
# Bounded, and never across another opening: a typo'd shortcode ("{{< x >}") must not
# blank everything up to the next one.
_SHORTCODE_RE = re.compile(
    r"\{\{[<%][^{}]{0,2000}?[>%]\}\}|\{%-?[ \t]*[a-z_]+\b[^{}%]{0,2000}?-?%\}"
)
_HUGO_RE = re.compile(r"\{\{[<%][^{}]{0,2000}?[>%]\}\}")
_MDX_LINE_RE = re.compile(
    r"(?:import[ \t]+[\w{}, \t*]{1,200}?[ \t]from[ \t]+['\"][^'\"\n]{1,200}['\"];?"
    r"|export[ \t]+(?:const|default|function)\b.*"
    # components, several on a line too ("<Cards.Card title=... /> <Cards.Card ... />")
    # (each tag atomic: "<A b/>" is read one way, not as "b/" or "b" then "/")
    r"|(?:(?></?[A-Z][\w.]{0,60}(?:[ \t][^<>\n]{0,300})?/?>)[ \t]*){1,20}"
    # a comment: "{/* TODO: add the recordings */}"
    r"|\{/\*.{0,500}?\*/\})"
)
# Python-Markdown's (and MkDocs') abbreviation definitions: "*[CRA]: Cyber Resilience Act".
_ABBREVIATION_RE = re.compile(r"^\*\[[^\]]{1,40}\]:\s")
# A Logseq property: "collapsed:: true", "- type:: [[Conference]]" (a space after "::", so
# "tokio::spawn" is no property).
_PROPERTY_RE = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z][\w-]{0,40})::(?:[ \t]+(.*)|[ \t]*)$")
_FENCE_LINE_RE = re.compile(r"^\s*(?:(?:[-*+]|\d{1,9}[.)])\s+)?(```|~~~)")


# MyST (Jupyter Book, Sphinx): directives in fences, "(label)=" targets, "% comments",
# roles ({ref}`other page`). A directive whose body is text is read as text.
_MYST_HINT_RE = re.compile(r"^(?:```|~~~|:::)\{[\w-]{1,40}\}|^\([\w-]{1,80}\)=[ \t]*$", re.M)
_MYST_PROSE_RE = re.compile(
    r"^[ \t]*(?:`{3,}|~{3,})\{(?:note|tip|hint|important|warning|caution|attention|danger|"
    r"error|seealso|admonition|margin|sidebar|topic|epigraph)\}(?P<title>[^`\n]{0,200})$"
)
_FENCE_CLOSE_RE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*$")
_MYST_OPTION_RE = re.compile(r"^[ \t]*:[\w-]{1,40}:(?:[ \t].*)?$")
_MYST_COMMENT_RE = re.compile(r"^%(?:\s|$)")
_MYST_TARGET_RE = re.compile(r"^\([\w-]{1,80}\)=[ \t]*$")
_MYST_ROLE_RE = re.compile(r"\{[\w:-]{1,30}\}`(?P<text>[^`<\n]{1,300}?)(?:\s*<[^`>\n]{1,300}>)?`")


# Python-Markdown's (MkDocs Material's) blocks, whose body is indented by four spaces:
# admonitions ('!!! tip "Our take"', '??? note'), content tabs ('=== "Manufacturers"').
_INDENTED_BLOCK_RE = re.compile(
    r'^(?:(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+"(?P<title>[^"]*)")?|===\+?[ \t]+"(?P<tab>[^"]*)")'
    r"[ \t]*$"
)
# An attribute list: "{: .speaker }" on its own line or after a paragraph.
_ATTRIBUTE_LIST_RE = re.compile(r"\{:[^{}]{0,300}\}[ \t]*$")


def _unindented_blocks(lines: list[str]) -> list[str]:
    """Admonitions and content tabs with their body out of its four-space indent (which
    Markdown would read as code): a tab's label and an admonition's title lead it."""
    out: list[str] = []
    inside = False
    for line in lines:
        opener = _INDENTED_BLOCK_RE.match(line)
        if opener:
            label = opener.group("title") or opener.group("tab")
            out.append(f"{label.rstrip(':')}:" if label else "")
            inside = True
            continue
        if inside and line.strip() and not line.startswith(("    ", "\t")):
            inside = False
        if inside and line.strip():
            line = line[1:] if line.startswith("\t") else line[4:]
        out.append(line)
    return out


# A page of Retype's: a block's closing marks alone on a line, or one of its components.
_RETYPE_HINT_RE = re.compile(r"^(?:!!!|\+\+\+|\|\|\|)[ \t]*$|\[!(?:badge|ref|button)\b", re.M)
# Retype's blocks (a docs site generator), whose body is not indented and which close on
# their marks alone: callouts ("!!!warning Before anyone upgrades" ... "!!!"), tabs
# ("+++ ClusterQueue" ... "+++"), columns ("||| Ananya's pick" ... "|||") and panels
# ("==- Hallway track" ... "===").
_RETYPE_BLOCK_RE = re.compile(
    r"^(?P<mark>!!!|\+\+\+|\|\|\||==[=-])(?P<variant>[a-z]{0,20})(?:[ \t]+(?P<title>\S.{0,200}?))?"
    r"[ \t]*$"
)
# Its components: "[!badge text="Trip report"]", "[!ref text="Runbook"](/runbooks/a.md)".
_RETYPE_COMPONENT_RE = re.compile(
    r"\[!(?P<kind>badge|ref|button|file)\b(?P<attrs>[^\[\]\n]{0,300})\]"
    r"(?P<link>\([^()\s]{1,2000}\))?"
)
_RETYPE_TEXT_RE = re.compile(r'\btext="(?P<text>[^"\n]{0,200})"')


def _without_retype_blocks(lines: list[str]) -> list[str]:
    """Retype's blocks without their marks: a block's title leads its text ("Before anyone
    upgrades our Argo CD:"); its badges go, its references stay as links."""
    out: list[str] = []
    opened: list[str] = []  # the marks of the blocks open, innermost last
    fence: str | None = None
    for line in lines:
        if (fenced := _FENCE_LINE_RE.match(line)) or fence:
            # code as written: a "+++" in a TOML sample is no tab
            if fenced and fence in (None, fenced.group(1)):
                fence = None if fence else fenced.group(1)
            out.append(line)
            continue
        block = _RETYPE_BLOCK_RE.match(line)
        mark = block.group("mark") if block else ""
        if block and mark == "==-":
            mark = "==="
        if block is None or (mark == "===" and not opened and not block.group("title")):
            # a line of "=" under a title with nothing open is a setext heading's
            out.append(_RETYPE_COMPONENT_RE.sub(_component_text, line))
            continue
        bare = not block.group("title") and not block.group("variant")
        if bare and opened and opened[-1] == mark:
            opened.pop()  # it closes the block
            out.append("")
            continue
        if not (opened and opened[-1] == mark and mark in ("+++", "|||")):
            opened.append(mark)  # a block opens (the next tab or column only goes on)
        title = (block.group("title") or "").rstrip(":")
        out.append(f"{title}:" if title else "")
    return out


def _component_text(match: re.Match[str]) -> str:
    """A badge is decoration ("Trip report", "6-7 Aug 2025"): it goes; a reference or a
    button is a link: its text stays as one."""
    said = _RETYPE_TEXT_RE.search(match.group("attrs"))
    if match.group("kind") == "badge" or said is None:
        return ""
    link = match.group("link") or ""
    if not link.startswith(("(http://", "(https://")):
        return ""  # a page of the same site ("../2024/delhi.md"): a "see also", no text
    return f"[{said.group('text')}]{link}"


# Pandoc's (and Quarto's) fenced divs: "::: {.callout-tip title="Our take"}" ... ":::".
_DIV_OPEN_RE = re.compile(r"^[ \t]*:{3,}[ \t]*\{(?P<attrs>[^{}]*)\}[ \t]*$")
_DIV_CLOSE_RE = re.compile(r"^[ \t]*:{3,}[ \t]*$")
_DIAGRAM_OPEN_RE = re.compile(r"^[ \t]*:{3,}[ \t]*(?:mermaid|plantuml)[ \t]*$", re.IGNORECASE)
_DIV_TITLE_RE = re.compile(r'title="(?P<title>[^"]*)"')
_ATX_LINE_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?P<title>\S.{0,300})$")


def _without_divs(lines: list[str]) -> list[str]:
    """Fenced divs without their fences; a callout's title (its `title=` or the heading
    that opens it) leads its text as "Title:" instead of heading a section of its own."""
    out: list[str] = []
    depth = 0
    callout_opened = False
    diagram = False
    for line in lines:
        if diagram or _DIAGRAM_OPEN_RE.match(line):
            # Azure DevOps' "::: mermaid" diagram: its source is no text
            diagram = not (diagram and _DIV_CLOSE_RE.match(line))
            out.append("")
            continue
        opened = _DIV_OPEN_RE.match(line)
        if opened:
            depth += 1
            title = _DIV_TITLE_RE.search(opened.group("attrs"))
            callout_opened = ".callout" in opened.group("attrs") and title is None
            out.append(f"{title.group('title').rstrip(':')}:" if title else "")
            continue
        if depth and _DIV_CLOSE_RE.match(line):
            depth -= 1
            out.append("")
            continue
        heading = _ATX_LINE_RE.match(line) if callout_opened else None
        if line.strip():
            callout_opened = False
        named = heading.group("title").rstrip(" \t#").rstrip(":") if heading else ""
        out.append(f"{named}:" if heading else line)
    return out


def _without_site_markup(source: str) -> tuple[str, dict[str, list[str]]]:
    """The source with that markup blanked (lines kept, so notes keep their line numbers)
    and the page's leading Logseq properties as front-matter fields."""
    lines = source.split("\n")
    if "!!!" in source or "???" in source or "===" in source:
        lines = _unindented_blocks(lines)
    if ":::" in source:
        lines = _without_divs(lines)
    if _RETYPE_HINT_RE.search(source):
        lines = _without_retype_blocks(lines)
    properties: dict[str, list[str]] = {}
    leading = True
    fence: str | None = None
    myst = _MYST_HINT_RE.search(source) is not None
    prose: list[str] = []  # the open MyST directives whose body is text ("```{note}")
    for n, line in enumerate(lines):
        opened = _FENCE_LINE_RE.match(line)
        if fence is not None:
            if opened and opened.group(1) == fence:
                fence = None
            continue
        if prose and _FENCE_CLOSE_RE.match(line) and line.strip() == prose[-1]:
            prose.pop()
            lines[n] = ""
            continue
        directive = _MYST_PROSE_RE.match(line) if opened and myst else None
        if directive:
            # A note, tip or admonition is text in a fence: its fence and options go, its
            # title leads it ("Action items:").
            prose.append(line.strip()[: len(line.strip()) - len(line.strip().lstrip("`~"))])
            title = directive.group("title").strip()
            lines[n] = f"{title}:" if title else ""
            continue
        if prose and _MYST_OPTION_RE.match(line):
            lines[n] = ""
            continue
        if opened:
            fence = opened.group(1)
            leading = False
            continue
        if myst and (_MYST_COMMENT_RE.match(line) or _MYST_TARGET_RE.match(line)):
            lines[n] = ""  # "% page maintained by ...", "(new-backend)="
            continue
        if myst and "}`" in line:
            lines[n] = _MYST_ROLE_RE.sub(lambda m: m.group("text"), line)
            line = lines[n]
        prop = _PROPERTY_RE.match(line)
        # A page's leading properties, or a block's ("  collapsed:: true", indented, in
        # lowercase): an AsciiDoc-style "Term:: definition" in the text stays.
        if prop and (leading or (line[:1] in " \t" and prop.group(1).islower())):
            if leading:
                value = (prop.group(2) or "").strip()
                properties[prop.group(1).lower()] = [_property_value(prop.group(1), value)]
            lines[n] = ""
            continue
        if line.strip():
            leading = False
        if _MDX_LINE_RE.fullmatch(line.strip()) or _ABBREVIATION_RE.match(line):
            lines[n] = ""
        elif "{:" in line:
            lines[n] = _ATTRIBUTE_LIST_RE.sub("", line)
        elif "{{" in line or "{%" in line:
            lines[n] = _SHORTCODE_RE.sub("", line)
    text = "\n".join(lines)
    if "{{<" in text or "{{%" in text:  # a shortcode over several lines
        text = _HUGO_RE.sub(lambda m: "\n" * m.group().count("\n"), text)
    return text, properties


def _property_value(key: str, value: str) -> str:
    value = value.replace("[[", "").replace("]]", "")
    if key.lower() == "date" and (day := first_date(value)):
        return day.isoformat()
    return value


class _Blocks:
    """Walks markdown-it's flat token stream, keeping the block nesting that matters."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.blocks: list[Block] = []
        # Open lists, outermost first, with the item each is building.
        self.items: list[Item] = []
        self.list: ListBlock | None = None
        self.heading_level = 0
        self.last_level = 0  # of the last `#` heading (2 at least: a talk's)
        # A top-level item that is a heading ("- ## Karpenter" in a Logseq outline): it
        # is taken out of its list, and the items under it are the next list's.
        self.heading_item: Item | None = None

    def read(self) -> list[Block]:
        table: list[tuple[int, list[Inline]]] | None = None  # its rows, while in one
        for token in self.tokens:
            kind = token.type
            if table is not None:
                if kind == "tr_open":
                    table.append((_line(token), []))
                elif kind == "inline" and table:
                    table[-1][1].append(_inline_of(token))
                elif kind == "table_close":
                    self.blocks.extend(_table_notes(table))
                    table = None
                continue
            if kind == "table_open" and not self.items:
                table = []
            elif kind == "table_open":
                table = None
            elif kind in {"bullet_list_open", "ordered_list_open"} and self.list is None:
                self.list = ListBlock()
            elif kind == "list_item_open":
                self._open_item(token)
            elif kind == "list_item_close":
                if self.items.pop() is self.heading_item:
                    self.heading_item = None
            elif kind in {"bullet_list_close", "ordered_list_close"} and not self.items:
                if self.list is not None and self.list.items:
                    self.blocks.append(self.list)
                self.list = None
            elif kind == "heading_open":
                self.heading_level = int(token.tag[1:])
                self.last_level = max(self.heading_level, 2)
            elif kind == "inline":
                self._inline(token)
            elif kind in {"fence", "code_block"}:
                self._code(token.content)
            elif kind == "heading_close":
                self.heading_level = 0
        return _without_contents(self._outlined())

    def _outlined(self) -> list[Block]:
        """An outline's talks (Logseq, an outliner's export): a top-level item that reads
        as a title and has several items under it is a heading over them, one level under
        the `#` heading above it; each item under it keeps its own deeper items."""
        blocks: list[Block] = []
        level = 2
        dated = False  # under a day's heading ("## Tuesday, May 28, 2024"), no talk's
        for n, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                level = min(block.level + 1, 6) if block.level >= 1 else 2
                dated = is_day_title(block.inline.text)
            if (
                dated
                and isinstance(block, Para)
                and _titles_list(block, self.blocks[n + 1 : n + 2])
            ):
                # Raw notes under a day's heading ("== Mo 5.9. =="): a talk's title on
                # its own line, its bullets right under it with no blank line between.
                blocks.append(Heading(max(level, 2), block.inline, block.line))
                continue
            if not isinstance(block, ListBlock) or (level > 2 and not dated):
                # Under a talk's heading ("## Cilium at scale"), a bullet over bullets is
                # a point with its details, not a talk.
                blocks.append(block)
                continue
            run: list[Item] = []
            talked = False  # a talk of this outline is open
            for item in block.items:
                under = [c for c in item.children if c.depth == 1]
                if len(under) < OUTLINE_MIN_CHILDREN or not looks_like_title(item.inline.text):
                    run.append(item)
                    continue
                self._close_run(blocks, run, level, after_talk=talked)
                run = []
                blocks.append(OutlineHeading(max(level, 2), item.inline, item.line))
                blocks.append(ListBlock(regrouped(item.children)))
                talked = True
            self._close_run(blocks, run, level, after_talk=talked)
        return blocks

    @staticmethod
    def _close_run(blocks: list[Block], run: list[Item], level: int, *, after_talk: bool) -> None:
        """Items between an outline's talks are no part of the talk before them ("- lunch
        at the desk" after a talk's items): a section of no talk of their own."""
        if not run:
            return
        if after_talk:
            blocks.append(Heading(max(level, 2), Inline(OUTLINE_LOOSE_TITLE), run[0].line))
        blocks.append(ListBlock(run))

    def _open_item(self, token: Token) -> None:
        top = 1 if self.items and self.items[0] is self.heading_item else 0
        item = Item(_line(token), Inline(""), depth=len(self.items) - top)
        if len(self.items) == top:
            assert self.list is not None
            self.list.items.append(item)
        else:
            self.items[top].children.append(item)  # any depth: folded into the top item
        self.items.append(item)

    def _heading_in_item(self) -> None:
        """A heading that is a top-level list item: the list so far is a block, then the
        heading, and the items under it start a new list (so the notes under each heading
        come after it, as in the outline)."""
        item = self.items[0]
        assert self.list is not None
        if item in self.list.items:
            self.list.items.remove(item)
        if self.list.items:
            self.blocks.append(self.list)
        self.list = ListBlock()
        self.heading_item = item

    def _code(self, code: str) -> None:
        """A short command right under the line that introduces it ("Their one-liner for
        the worst offenders:" over `topk(10, ...)`) is what that line is about: it joins
        it, as code. Longer code (a config file, a listing) is no note."""
        lines = short_code(code.splitlines())
        if lines is None:
            return
        if self.items:
            target = self.items[-1].inline
        elif self.list is None and self.blocks and isinstance(self.blocks[-1], Para):
            target = self.blocks[-1].inline
        else:
            return
        if target.text.rstrip().endswith(":"):
            target.text = target.text.rstrip() + " " + lines

    def _inline(self, token: Token) -> None:
        inline = _inline_of(token)
        line = _line(token)
        if self.heading_level:
            if len(self.items) == 1 and self.items[0] is not self.heading_item:
                self._heading_in_item()
            self.blocks.append(Heading(self.heading_level, inline, line))
        elif not self.items and self.list is None and _marked_title(inline.text):
            # Raw notes in a .md file mark some talks without "#": "TALK: vcluster for dev
            # envs", "-- GitOps w/o git? Flux + OCI artifacts --": a sibling of the last
            # heading.
            title = _marked_title(inline.text)
            assert title is not None
            self.blocks.append(Heading(self.last_level or 2, Inline(title), line))
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


# A talk's title over its bullets is short, and not the team speaking ("We had a long
# talk with the vendor about pricing" over what was said is a note).
TITLE_OVER_LIST_MAX_WORDS = 10
_TEAM_SPEAKS_RE = re.compile(r"(?i)^(?:we|i|our|my|us)\b")


def _titles_list(block: Para, after: list[Block]) -> bool:
    """A one-line paragraph that reads as a title, a list starting on the next line."""
    text = block.inline.text.strip()
    return (
        "\n" not in text
        and len(text.split()) <= TITLE_OVER_LIST_MAX_WORDS
        and not _TEAM_SPEAKS_RE.match(text)
        and bool(after)
        and isinstance(after[0], ListBlock)
        and bool(after[0].items)
        and after[0].items[0].line == block.line + 1
        and looks_like_title(block.inline.text)
    )


CONTENTS_MIN_ITEMS = 3


def _without_contents(blocks: list[Block]) -> list[Block]:
    """Without a page's table of contents or agenda: a list whose items are, most of
    them, the titles of the sections below it ("1. Terraform 0.12 upgrade war stories")."""
    kept: list[Block] = []
    # The headings still to come, counted once and taken off as they pass.
    later = Counter(_key(b.inline.text) for b in blocks if isinstance(b, Heading))
    for block in blocks:
        if isinstance(block, Heading):
            later[_key(block.inline.text)] -= 1
        elif isinstance(block, ListBlock) and len(block.items) >= CONTENTS_MIN_ITEMS:
            again = sum(1 for item in block.items if later[_key(item.inline.text)] > 0)
            if 3 * again >= 2 * len(block.items):
                continue
        kept.append(block)
    return kept


# A summary table of a trip report: a column naming the talk, one saying what was learned.
_TALK_COLUMN_RE = re.compile(r"(?i)^\W*(?:talk|session|title|topic)s?\b")
_LEARNED_COLUMN_RE = re.compile(
    r"(?i)\b(?:takeaways?|learn\w*|lessons?|key (?:points?|ideas?)|insights?|tl;?dr|"
    r"what we (?:learned|took away)|why it matters|notes?)\b"
)


def _table_notes(rows: list[tuple[int, list[Inline]]]) -> list[Block]:
    """The rows of a talk | ... | takeaway table as notes under their talks; any other
    table carries no note (a comparison, a schedule)."""
    if len(rows) < 2:
        return []
    header = [cell.text.strip() for cell in rows[0][1]]
    talk = next((i for i, h in enumerate(header) if _TALK_COLUMN_RE.match(h)), None)
    learned = next((i for i, h in enumerate(header) if _LEARNED_COLUMN_RE.search(h)), None)
    if talk is None or learned is None or talk == learned:
        return _prose_rows(rows)
    blocks: list[Block] = []
    for line, cells in rows[1:]:
        if max(talk, learned) >= len(cells) or not cells[learned].text.strip():
            continue
        blocks.append(_RowHeading(BOLD_TITLE_LEVEL, cells[talk], line))
        blocks.append(Para(line, cells[learned]))
    if blocks:  # what follows the table is under no row's talk
        blocks.append(Heading(BOLD_TITLE_LEVEL, Inline("Summary"), rows[-1][0]))
    return blocks


# A table whose rows say things ("Zones | 3 zones, zone-aware replication | lose a zone
# without losing writes"), not a schedule, a comparison of yes/no or a page of numbers:
# most of its rows have a cell of this many words besides the first, and this many in all.
PROSE_CELL_WORDS = 4
PROSE_ROW_WORDS = 8


_DESCRIBING_COLUMN_RE = re.compile(
    r"(?i)^\W*(?:what|why|how|when|who|where|which|notes?|description|details?|comments?|"
    r"results?|impact|effect|outcome|reason|status|owner|due)\b"
)


def _prose_rows(rows: list[tuple[int, list[Inline]]]) -> list[Block]:
    """Each row of a table that holds sentences, as a note: "Zones: 3 zones, zone-aware
    replication, RF 3 — lose a whole zone without losing writes"."""

    def words(cell: Inline) -> int:
        return len(re.findall(r"[^\W\d_]{2,}", cell.text))

    body = [(line, [c for c in cells if c.text.strip()]) for line, cells in rows[1:]]
    # A comparison names what each column is ("| | Thanos | Cortex |", "| | Before |
    # After |"): each row compares one thing, however short its values ("p99 latency —
    # Before: 12 s; After: 2.1 s"), and says which column is which.
    header = [cell.text.strip() for cell in rows[0][1]]
    named = len(header) > 2 and all(
        h and len(h.split()) <= 3 and not _DESCRIBING_COLUMN_RE.match(h) for h in header[1:]
    )
    if named and not header[0]:
        prose = [
            (line, cells)
            for line, cells in body
            if len(cells) == len(header) and words(cells[0]) >= 1
        ]
    else:
        prose = [
            (line, cells)
            for line, cells in body
            if len(cells) >= 2
            and max(words(c) for c in cells[1:]) >= PROSE_CELL_WORDS
            and sum(words(c) for c in cells) >= PROSE_ROW_WORDS
        ]
    if not body or len(prose) * 2 < len(body):
        return []
    blocks: list[Block] = []
    for line, cells in prose:
        lead, rest = cells[0], cells[1:]
        if named and len(cells) == len(header):
            pairs = zip(header[1:], rest, strict=True)
            said = "; ".join(f"{h}: {c.text.strip()}" for h, c in pairs)
            text = f"{lead.text.strip().rstrip(':')} — {said}"
        else:
            text = f"{lead.text.strip().rstrip(':')}: " + " — ".join(c.text.strip() for c in rest)
        links = [link for c in cells for link in c.links]
        tags = set().union(*(c.tags for c in cells))
        blocks.append(Para(line, Inline(text, links, tags)))
    return blocks


class _RowHeading(Heading):
    """A talk named in a summary table's row."""


def _without_repeated_rows(blocks: list[Block]) -> list[Block]:
    """A summary row whose talk has its own section says in short what the section says
    in full: the section's notes answer, not a second, shorter one."""
    sections = [
        _key(b.inline.text)
        for b in blocks
        if isinstance(b, Heading) and not isinstance(b, _RowHeading)
    ]
    kept: list[Block] = []
    skip_next = False
    for block in blocks:
        if skip_next:
            skip_next = False
            continue
        if isinstance(block, _RowHeading):
            row = _key(block.inline.text)
            if row and any(s == row or s.startswith(row + " ") for s in sections):
                skip_next = True  # its Para too
                continue
        kept.append(block)
    return kept


def _key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.lower()))


_MARKED_TITLE_RE = re.compile(
    # (spaces read once: "talk" and 20,000 spaces took 4 s)
    r"^(?:(?:talk|session)\s*+\d*+\s*+[:\-\u2013\u2014]\s*+(?P<label>\S.{1,100})"
    # (the opening run read once: "-" * 2000 + "x" took seconds)
    r"|(?P<mark>[=~-])(?P=mark)++\s*(?P<decorated>\S.{1,100}?)\s*(?P=mark){2,})$",
    re.IGNORECASE,
)


def _marked_title(text: str) -> str | None:
    """A one-line paragraph marked as a title: "TALK: ..." or "-- ... --"."""
    match = _MARKED_TITLE_RE.match(text.strip()) if "\n" not in text.strip() else None
    if match is None:
        return None
    return (match["label"] or match["decorated"]).strip()


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
# An Obsidian callout opens its quote: "[!tip] Our take" (a title), "[!info]-" (folded);
# a Docusaurus admonition opens and closes its block: ":::tip What we will try" ... ":::".
_CALLOUT_RE = re.compile(r"^(?:\[![\w-]+\][+-]?|:::[\w-]+)[ \t]*")
_ADMONITION_END_RE = re.compile(r"(?m)^[ \t]*:::[ \t]*$")


def _wiki_words(match: re.Match[str]) -> str:
    if match.group(1):
        return ""
    return (match.group(3) or match.group(2)).strip()


def _callout(text: str) -> str:
    """A callout's words: its title leads its body ("Our take: We drop nothing ...")."""
    if ":::" in text:
        text = _ADMONITION_END_RE.sub("", text).strip("\n")
    if not _CALLOUT_RE.match(text):
        return text
    title, _, body = _CALLOUT_RE.sub("", text, count=1).partition("\n")
    title, body = title.strip(), body.strip()
    if title and body:
        return f"{title.rstrip(':')}: {body}"
    return title or body
