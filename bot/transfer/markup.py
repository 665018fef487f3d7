"""Notes written in Org mode, AsciiDoc, reStructuredText or TaskPaper, rewritten as
Markdown; a saved e-mail (.eml) as the text a mail client shows.

Emacs users keep conference notes in Org, wiki and Sphinx users in AsciiDoc or reST.
Read as plain text, their markup turns into notes: `#+OPTIONS:` lines became talk titles,
`:PROPERTIES:` drawers and `#+end_src` lines note text, `----` code delimiters headings.
Rewritten as Markdown they go through the one reader that understands headings, lists,
code, quotes, tables and front matter: each format's headings become `#` headings, its
document header (title, date, author, tags) front matter, its code blocks fences, its
links Markdown links, and what is only markup (drawers, attributes, comments, directives)
goes.

Only what a notes file uses is translated; anything else stays as written, which is
how a plain-text reader would have kept it.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable, Mapping
from email.message import EmailMessage, MIMEPart
from html.parser import HTMLParser

from bot.transfer.html_page import html_to_markdown
from bot.transfer.markup_parts import ISO_DATE_RE, URL_RE, front_matter_lines, iso_date
from bot.transfer.transcript import transcript_to_text
from bot.transfer.wikitext import tiddlywiki_to_markdown, vimwiki_to_markdown

# How a notes file is read, by its name's suffix: Markdown, plain text, or a markup
# rewritten as Markdown first.
NOTE_FORMATS: Mapping[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    # Markdown with a tool's extras: Quarto, R Markdown, MDX, Jupyter's "Save as Markdown"
    ".qmd": "markdown",
    ".rmd": "markdown",
    ".mdx": "markdown",
    ".mkd": "markdown",
    ".txt": "text",
    ".text": "text",
    ".org": "org",
    ".rst": "rst",
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
    ".eml": "email",
    ".taskpaper": "taskpaper",
    # a personal wiki's page: a TiddlyWiki tiddler, a Vimwiki page
    ".tid": "tiddlywiki",
    ".wiki": "vimwiki",
    # a page saved from the browser, a wiki's HTML export
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    # a meeting's or a talk's transcript, saved as subtitles
    ".vtt": "transcript",
    ".srt": "transcript",
}

_FENCE = "```"


def note_format(name: str) -> str:
    """How a notes file of this name is read ("text" for an unknown suffix)."""
    dot = name.rfind(".")
    return NOTE_FORMATS.get(name[dot:].lower(), "text") if dot >= 0 else "text"


def to_markdown(source: str, kind: str) -> str:
    """The file as Markdown, for a markup that is rewritten ("org", "rst", "asciidoc")."""
    return _CONVERTERS[kind](source)


def is_rewritten(kind: str) -> bool:
    return kind in _CONVERTERS or kind in ("email", "transcript")


def rewritten(source: str, kind: str) -> tuple[str, str]:
    """The file as the reader reads it, and how: ("...", "markdown") or ("...", "text")."""
    if kind == "email":
        return email_to_text(source), "text"
    if kind == "transcript":
        return transcript_to_text(source), "text"
    return to_markdown(source, kind), "markdown"


# --- a saved e-mail ---------------------------------------------------------------------


class _HtmlText(HTMLParser):
    """The text of an HTML mail body: a line per paragraph, list item or line break."""

    _BREAKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script", "head"}:
            self._skip += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script", "head"} and self._skip:
            self._skip -= 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def email_to_text(source: str) -> str:
    """A saved mail (.eml): its From, Date and Subject, then its text body (the plain
    part, else the HTML part's text), decoded, without MIME parts or signatures."""
    message = email.message_from_string(source, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    header = [
        f"{name}: {' '.join(str(message[name]).split())}"
        for name in ("From", "Date", "Subject")
        if message[name]
    ]
    return "\n".join([*header, "", _mail_body(message).strip(), ""])


def _mail_body(message: EmailMessage, depth: int = 0) -> str:
    """A mail's text: its plain part, else its HTML part's text, else the text of a mail
    forwarded as an attachment (message/rfc822)."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        for inner in message.walk():
            if inner.get_content_type() == "message/rfc822" and depth < 3:
                forwarded = inner.get_payload()
                first = forwarded[0] if isinstance(forwarded, list) and forwarded else None
                if isinstance(first, EmailMessage):
                    return _mail_body(first, depth + 1)
        return "" if message.is_multipart() else _decoded(message)
    text = _decoded(part)
    if part.get_content_type() == "text/html":
        parser = _HtmlText()
        parser.feed(text)
        return re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts))
    return text


def _decoded(part: MIMEPart) -> str:
    """A part's text; one that declares a charset Python does not know, or that cannot be
    decoded, is read as UTF-8 with what does not decode replaced, not refused."""
    try:
        return str(part.get_content())
    except (LookupError, ValueError, UnicodeError):
        raw = part.get_payload(decode=True)
        return raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else ""


def _header_field(key: str) -> str | None:
    """The front-matter field a document header attribute fills, if any."""
    key = key.lower()
    if key in {"title", "author", "date", "url", "source", "conference", "event", "talk"}:
        return key
    return {"revdate": "date", "authors": "author"}.get(key)


# --- Org mode -------------------------------------------------------------------------

_ORG_KEYWORD_RE = re.compile(r"^#\+(\w+):\s*(.*)$")
_ORG_BLOCK_RE = re.compile(r"^\s*#\+(begin|end)_(\w+)\b\s*(.*)$", re.IGNORECASE)
_ORG_HEADLINE_RE = re.compile(r"^(\*{1,12})[ \t]+(\S.{0,400})$")
_ORG_TASK_RE = re.compile(r"^(TODO|DONE|NEXT|WAITING|HOLD|CANCELL?ED|SOMEDAY)\b\s*")
_ORG_PRIORITY_RE = re.compile(r"^\[#[A-Z0-9]\]\s*")
_ORG_HEADLINE_TAGS_RE = re.compile(r"[ \t]:(?:[\w@#%]{1,40}:){1,20}[ \t]*$")
_ORG_TIMESTAMP_RE = re.compile(
    r"[<\[]\d{4}-\d{2}-\d{2}[^>\]\n]{0,60}[>\]](?:--[<\[]\d{4}-[^>\]\n]{0,60}[>\]])?"
)
_ORG_DRAWER_RE = re.compile(r"^\s*:[A-Za-z][\w-]*:\s*$")
_ORG_PLANNING_RE = re.compile(r"^\s*(?:(?:SCHEDULED|DEADLINE|CLOSED):\s*\S.*)+$")
_ORG_COMMENT_RE = re.compile(r"^\s*#(?:\s|$)")
_ORG_LINK_RE = re.compile(r"\[\[([^\]\[\n]{1,500})\](?:\[([^\]\[\n]{1,500})\])?\]")
_ORG_CODE_RE = re.compile(r"(?<![\w=~])([=~])(\S(?:[^\n=~]{0,300}\S)?)\1(?![\w=~])")
_ORG_BOLD_RE = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]{0,300}?\S)?)\*(?![\w*])")
# (the bullet's spaces read once: "- " and 8,000 spaces took 7 s)
_ORG_DEFINITION_RE = re.compile(r"^([ \t]*[-+][ \t]++)([^:\n]{1,200}?)[ \t]+::[ \t]+(.*)$")
_ORG_TABLE_RULE_RE = re.compile(r"^(\s*)\|[-+|]+\|?\s*$")


def _org_link(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if URL_RE.match(target):
        return f"[{label}]({target})" if label else f"<{target}>"
    # An internal link ("file:notes.org", "*Heading"): its words are what the reader sees.
    return label or target.split(":", 1)[-1].lstrip("*#")


def _org_inline(text: str) -> str:
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        links.append(_org_link(match))
        return f"\x00{len(links) - 1}\x00"

    text = _ORG_LINK_RE.sub(keep, text)
    text = _ORG_CODE_RE.sub(lambda m: f"`{m.group(2)}`", text)
    text = _ORG_BOLD_RE.sub(lambda m: f"**{m.group(1)}**", text)
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], text)


def org_to_markdown(source: str) -> str:
    fields: dict[str, str] = {}
    tags: list[str] = []
    body: list[str] = []
    block: str | None = None  # the open #+begin_ block
    in_drawer = False
    for raw in source.splitlines():
        line = raw.rstrip()
        if block is not None:
            ended = _ORG_BLOCK_RE.match(line)
            if ended and ended.group(1).lower() == "end":
                body.append(_FENCE if block in {"src", "example"} else "")
                block = None
            elif block in {"src", "example"}:
                body.append(raw)
            elif block == "quote":
                body.append(f"> {_org_inline(line.strip())}" if line.strip() else ">")
            else:  # verse, center, a custom block: its text as it is
                body.append(_org_inline(line))
            continue
        if in_drawer:
            in_drawer = line.strip().upper() != ":END:"
            continue
        if begun := _ORG_BLOCK_RE.match(line):
            if begun.group(1).lower() == "begin":
                block = begun.group(2).lower()
                if block in {"src", "example"}:
                    language = begun.group(3).split()[0] if begun.group(3).strip() else ""
                    body.append(f"{_FENCE}{language}")
            continue
        if keyword := _ORG_KEYWORD_RE.match(line):
            key, value = keyword.group(1).lower(), keyword.group(2).strip()
            if key == "filetags":
                tags += [t for t in value.split(":") if t.strip()]
            elif key in {"tags", "keywords"}:
                tags += re.split(r"[\s,]+", value)
            elif (field := _header_field(key)) and value:
                fields.setdefault(field, iso_date(value) if field == "date" else value)
            continue
        if _ORG_DRAWER_RE.match(line):
            in_drawer = True  # :PROPERTIES:, :LOGBOOK: ... :END:
            continue
        if _ORG_PLANNING_RE.match(line) or _ORG_COMMENT_RE.match(line):
            continue
        if headline := _ORG_HEADLINE_RE.match(line):
            body.append(_org_headline(len(headline.group(1)), headline.group(2)))
            continue
        if _ORG_TABLE_RULE_RE.match(line):
            # "|---+---|": Markdown's rule has no "+", and only follows the first row.
            body.append(re.sub(r"\+", "|", line))
            continue
        definition = _ORG_DEFINITION_RE.match(line)
        if definition:
            line = f"{definition.group(1)}{definition.group(2)}: {definition.group(3)}"
        body.append(_org_inline(line))
    return "\n".join([*front_matter_lines(fields, tags), *body]) + "\n"


def _org_headline(level: int, text: str) -> str:
    text = _ORG_HEADLINE_TAGS_RE.sub("", text.rstrip())
    task = _ORG_TASK_RE.match(text)
    text = _ORG_PRIORITY_RE.sub("", text[task.end() :] if task else text)
    undated = " ".join(_ORG_TIMESTAMP_RE.sub("", text).split())
    text = _org_inline(undated or text)
    if task:
        # A task headline is the team's to-do, not a section: it reads as one.
        return f"\n- {task.group(1)} {text}\n"
    return f"\n{'#' * min(level, 6)} {text}\n"


# --- AsciiDoc ---------------------------------------------------------------------------

_ADOC_HEADING_RE = re.compile(r"^(={1,6})[ \t]+(\S[^=\n]{0,300})=*[ \t]*$")
_ADOC_ATTRIBUTE_RE = re.compile(r"^:(!?[\w-]+!?):\s*(.*)$")
_ADOC_DELIMITER_RE = re.compile(r"^(-{4,}|\.{4,}|_{4,}|={4,}|\*{4,}|\+{4,}|/{4,})\s*$")
_ADOC_BLOCK_ATTRIBUTES_RE = re.compile(r"^\[[^\]]*\]\s*$")
_ADOC_BLOCK_TITLE_RE = re.compile(r"^\.([^.\s].*)$")
_ADOC_LIST_RE = re.compile(r"^(\*{1,5}|-|\.{1,5})\s+(.*)$")
_ADOC_LINK_RE = re.compile(r"(?:link:)?((?:https?|ftp)://[^\s\[]{1,2000})\[([^\]\n]{0,300})\]")
_ADOC_XREF_RE = re.compile(
    r"<<[^,<>\n]{1,200},[ \t]*([^<>\n]{1,200})>>|<<([^<>\n]{1,200})>>"
    r"|xref:[^\s\[]{1,300}\[([^\]\n]{0,300})\]"
)
_ADOC_BOLD_RE = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]{0,300}?\S)?)\*(?![\w*])")
_ADOC_PLUS_CODE_RE = re.compile(r"(?<![\w+])\+(\S(?:[^+\n]{0,300}?\S)?)\+(?![\w+])")
_ADOC_TABLE_RE = re.compile(r"^\|===\s*$")
_ADOC_LABELLED_RE = re.compile(r"^([^\s:][^:\n]{0,200}?):{2,4}(?:[ \t]+(.*))?$")


def _adoc_inline(text: str) -> str:
    text = _ADOC_LINK_RE.sub(lambda m: f"[{m.group(2) or m.group(1)}]({m.group(1)})", text)
    text = _ADOC_XREF_RE.sub(lambda m: m.group(1) or m.group(2) or m.group(3) or "", text)
    text = _ADOC_PLUS_CODE_RE.sub(lambda m: f"`{m.group(1)}`", text)
    text = _ADOC_BOLD_RE.sub(lambda m: f"**{m.group(1)}**", text)
    return re.sub(r"\s\+$", "", text)  # a hard line break


def asciidoc_to_markdown(source: str) -> str:
    fields: dict[str, str] = {}
    tags: list[str] = []
    body: list[str] = []
    lines = source.splitlines()
    start = _adoc_header(lines, fields, tags)
    block: str | None = None  # the open delimiter
    table: list[str] | None = None
    for raw in lines[start:]:
        line = raw.rstrip()
        if table is not None:
            if _ADOC_TABLE_RE.match(line):
                body += _adoc_table(table)
                table = None
            else:
                table.append(line)
            continue
        if block is not None:
            if line == block:
                if block[0] in "-.":
                    body.append(_FENCE)
                block = None
            elif block[0] in "-.":
                body.append(raw)
            elif block[0] == "_":
                body.append(f"> {_adoc_inline(line)}" if line else ">")
            elif block[0] != "/":  # a comment block says nothing
                body.append(_adoc_inline(line))
            continue
        if _ADOC_TABLE_RE.match(line):
            table = []
            continue
        if delimiter := _ADOC_DELIMITER_RE.match(line):
            block = delimiter.group(1)
            if block[0] in "-.":
                body.append(_FENCE)
            continue
        if line.startswith("//") or _ADOC_ATTRIBUTE_RE.match(line):
            continue
        if _ADOC_BLOCK_ATTRIBUTES_RE.match(line) or line in {"+", "'''", "<<<"}:
            continue
        if heading := _ADOC_HEADING_RE.match(line):
            named = _adoc_inline(heading.group(2).strip())
            body += ["", f"{'#' * len(heading.group(1))} {named}", ""]
            continue
        if title := _ADOC_BLOCK_TITLE_RE.match(line):
            body += ["", f"**{_adoc_inline(title.group(1))}**", ""]
            continue
        if labelled := _ADOC_LABELLED_RE.match(line):
            # a labeled list: "Karpenter:: consolidates nodes by price"
            term, said = _adoc_inline(labelled.group(1)), _adoc_inline(labelled.group(2))
            body.append(f"- {term}: {said}" if said else f"- {term}:")
            continue
        if item := _ADOC_LIST_RE.match(line):
            marker, text = item.group(1), _adoc_inline(item.group(2))
            depth = 0 if marker == "-" else len(marker) - 1
            bullet = "1." if marker[0] == "." else "-"
            body.append(f"{'   ' * depth}{bullet} {text}")
            continue
        body.append(_adoc_inline(line))
    if table is not None:
        body += _adoc_table(table)
    return "\n".join([*front_matter_lines(fields, tags), *body]) + "\n"


def _adoc_header(lines: list[str], fields: dict[str, str], tags: list[str]) -> int:
    """Reads the document header ("= Title", author and revision lines, attributes)
    into front-matter fields; returns the index of the first body line."""
    index = 0
    while index < len(lines) and (not lines[index].strip() or lines[index].startswith("//")):
        index += 1
    title = _ADOC_HEADING_RE.match(lines[index]) if index < len(lines) else None
    if title is None or len(title.group(1)) != 1:
        return 0
    fields["title"] = title.group(2).strip()
    index += 1
    line_no = 0
    while index < len(lines) and lines[index].strip():
        line = lines[index].strip()
        attribute = _ADOC_ATTRIBUTE_RE.match(line)
        if attribute:
            key, value = attribute.group(1).lower(), attribute.group(2).strip()
            if key in {"keywords", "tags"}:
                tags += [t.strip() for t in value.split(",")]
            elif (field := _header_field(key)) and value:
                fields.setdefault(field, iso_date(value) if field == "date" else value)
        elif not line.startswith("//"):
            # The author line, then the revision line ("v1.0, 2024-03-22: notes").
            if line_no == 0:
                fields.setdefault("author", re.sub(r"(?<!\s)\s*<[^>]*>", "", line).split(";")[0])
            elif date := ISO_DATE_RE.search(line):
                fields.setdefault("date", date.group(0))
            line_no += 1
        index += 1
    return index


def _adoc_table(rows: list[str]) -> list[str]:
    """An AsciiDoc table's cells (a row per line, or a cell per line) as a Markdown table."""
    cells_by_line = [[c.strip() for c in line.split("|")[1:]] for line in rows if line.strip()]
    if not cells_by_line:
        return []
    width = len(cells_by_line[0]) or 1
    cells = [_adoc_inline(c) for line in cells_by_line for c in line]
    table = [cells[i : i + width] for i in range(0, len(cells), width)]
    out = ["", *(f"| {' | '.join(row)} |" for row in table[:1])]
    out.append("|" + "---|" * width)
    out += [f"| {' | '.join(row)} |" for row in table[1:]]
    return [*out, ""]


# --- reStructuredText -----------------------------------------------------------------

_RST_ADORNMENT_RE = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}\s*$")
_RST_SIMPLE_TABLE_RE = re.compile(r"^=+(?: +=+)+\s*$")
_RST_GRID_RULE_RE = re.compile(r"^\+(?:[-=]+\+)+\s*$")
_RST_DIRECTIVE_RE = re.compile(r"^(\s*)\.\.\s+([\w:-]+)::\s*(.*)$")
_RST_EXPLICIT_RE = re.compile(r"^(\s*)\.\.(?:\s|$)")
_RST_FIELD_RE = re.compile(r"^:([\w -]+):\s*(.*)$")
_RST_ENUMERATED_RE = re.compile(r"^(\s*)#\.\s+")
_RST_LINK_RE = re.compile(r"`([^`<\n]{1,300}?)[ \t]*<([^>`\n]{1,2000})>`__?")
_RST_REFERENCE_RE = re.compile(r"`([^`\n]{1,300})`__?")
_RST_ROLE_RE = re.compile(r":[\w-]{1,40}(?::[\w-]{1,40})?:`([^`\n]{1,300})`")
_RST_LITERAL_RE = re.compile(r"``([^`\n]{1,300})``")
_RST_LIST_RE = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|#\.)\s")
# Directives whose body is what the reader should see (as a paragraph), whose body is
# code, and the rest (images, tables of contents, raw HTML): dropped with their body.
_RST_TEXT_DIRECTIVES = frozenset(
    {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger",
     "error", "admonition", "topic", "sidebar", "rubric", "epigraph", "highlights",
     "pull-quote", "seealso", "versionadded", "versionchanged", "deprecated"}
)  # fmt: skip
_RST_CODE_DIRECTIVES = frozenset({"code", "code-block", "sourcecode", "literalinclude"})


def _rst_inline(text: str) -> str:
    text = _RST_LITERAL_RE.sub(lambda m: f"`{m.group(1)}`", text)
    text = _RST_LINK_RE.sub(lambda m: f"[{m.group(1)}]({m.group(2)})", text)
    text = _RST_ROLE_RE.sub(lambda m: f"`{m.group(1)}`", text)
    return _RST_REFERENCE_RE.sub(lambda m: m.group(1), text)


def rst_to_markdown(source: str) -> str:
    lines = [line.rstrip() for line in source.splitlines()]
    fields: dict[str, str] = {}
    tags: list[str] = []
    body: list[str] = []
    styles: list[tuple[str, bool]] = []  # section adornments, in order of first use
    i = 0
    in_list = False
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        # A title: text underlined (and maybe overlined) by one punctuation character.
        over = _RST_ADORNMENT_RE.match(line) and not _RST_SIMPLE_TABLE_RE.match(line)
        if over and nxt.strip() and i + 2 < len(lines) and lines[i + 2] == line:
            i, title, style = i + 3, nxt.strip(), (line[0], True)
        elif (
            line.strip()
            and not line[0].isspace()
            and _RST_ADORNMENT_RE.match(nxt)
            and len(nxt.strip()) >= len(line.strip())
        ):
            i, title, style = i + 2, line.strip(), (nxt[0], False)
        else:
            title = None
        if title is not None:
            if style not in styles:
                styles.append(style)
            level = styles.index(style) + 1
            if level == 1 and "title" not in fields and not body:
                fields["title"] = _rst_inline(title)
            body += ["", f"{'#' * min(level, 6)} {_rst_inline(title)}", ""]
            in_list = False
            continue
        if not body and (field := _RST_FIELD_RE.match(line)):
            key, value = field.group(1).strip().lower(), field.group(2).strip()
            if key in {"tags", "keywords"}:
                tags += [t.strip() for t in value.split(",")]
            elif name := _header_field(key):
                fields.setdefault(name, iso_date(value) if name == "date" else value)
            i += 1
            continue
        if directive := _RST_DIRECTIVE_RE.match(line):
            i = _rst_directive(lines, i, directive, body)
            continue
        if explicit := _RST_EXPLICIT_RE.match(line):
            # A comment, a link target or a substitution: markup only.
            i = _rst_indented_end(lines, i + 1, len(explicit.group(1)))
            continue
        if _RST_SIMPLE_TABLE_RE.match(line) or _RST_GRID_RULE_RE.match(line):
            i = _rst_table(lines, i, body)
            continue
        if line.rstrip().endswith("::") and line.strip():
            # "Like this::" introduces an indented literal block.
            text = line.rstrip()[:-2].rstrip()
            body.append(_rst_inline(f"{text}:" if text.strip() else ""))
            end = _rst_indented_end(lines, i + 1, len(line) - len(line.lstrip()))
            code = [lines[k] for k in range(i + 1, end)]
            body += ["", _FENCE, *_dedented(code), _FENCE, ""]
            i = end
            continue
        if _RST_LIST_RE.match(line):
            in_list = True
        elif not line.strip():
            pass
        elif not line[0].isspace():
            in_list = False
        elif not in_list:
            line = line.strip()  # a block quote: indented would read as code in Markdown
        line = _RST_ENUMERATED_RE.sub(lambda m: f"{m.group(1)}1. ", line)
        body.append(_rst_inline(line))
        i += 1
    return "\n".join([*front_matter_lines(fields, tags), *body]) + "\n"


def _rst_indented_end(lines: list[str], start: int, indent: int) -> int:
    """The index after a block indented deeper than `indent` (blank lines included)."""
    end = start
    k = start
    while k < len(lines):
        if lines[k].strip():
            if len(lines[k]) - len(lines[k].lstrip()) <= indent:
                break
            end = k + 1
        k += 1
    return max(end, start)


def _dedented(lines: list[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return [line[cut:] for line in lines]


def _rst_directive(lines: list[str], i: int, directive: re.Match[str], body: list[str]) -> int:
    indent = len(directive.group(1))
    name, argument = directive.group(2).lower(), directive.group(3).strip()
    end = _rst_indented_end(lines, i + 1, indent)
    content = [line for line in lines[i + 1 : end] if not _RST_FIELD_RE.match(line.strip())]
    if name in _RST_CODE_DIRECTIVES:
        body += ["", f"{_FENCE}{argument.split()[0] if argument else ''}"]
        body += [*_dedented(content), _FENCE, ""]
    elif name in _RST_TEXT_DIRECTIVES:
        text = [argument] if argument and name in {"admonition", "topic", "sidebar"} else []
        body += ["", *(_rst_inline(t) for t in text + _dedented(content)), ""]
    return end


def _rst_table(lines: list[str], i: int, body: list[str]) -> int:
    """A simple (`=== ===`) or grid (`+---+`) table, as a Markdown table."""
    rule = lines[i]
    grid = rule.startswith("+")
    rows: list[list[str]] = []
    k = i + 1
    borders = 1
    while k < len(lines) and lines[k].strip():
        line = lines[k]
        if (grid and _RST_GRID_RULE_RE.match(line)) or (
            not grid and _RST_SIMPLE_TABLE_RE.match(line)
        ):
            borders += 1
            k += 1
            if not grid and borders == 3:
                break
            continue
        if grid:
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        else:
            spans = [(m.start(), m.end()) for m in re.finditer(r"=+", rule)]
            cuts = [s for s, _ in spans] + [len(line) + 1]
            rows.append([line[cuts[n] : cuts[n + 1]].strip() for n in range(len(spans))])
        k += 1
    if rows:
        width = len(rows[0])
        body += ["", f"| {' | '.join(_rst_inline(c) for c in rows[0])} |", "|" + "---|" * width]
        body += [f"| {' | '.join(_rst_inline(c) for c in row)} |" for row in rows[1:]]
        body.append("")
    return k


# --- TaskPaper ---------------------------------------------------------------------------

# A TaskPaper tag: "@done", "@room(B.1.015)", "@due(2024-02-23)"; and its name alone.
_TP_ONE_TAG = r"@[\w.-]{1,40}(?:\([^()\n]{0,200}\))?"
_TP_TAG_NAME_RE = re.compile(r"(?<!\S)@([\w.-]{1,40})")
_TP_TASK_RE = re.compile(r"^-[ \t]+(.*)$")
_TP_LEAD_TAGS_RE = re.compile(rf"^(?:{_TP_ONE_TAG}[ \t]+){{1,8}}")
_TP_TRAIL_TAGS_RE = re.compile(rf"(?:[ \t]+{_TP_ONE_TAG}){{1,12}}[ \t]*:?$")


def _tp_text(text: str) -> str:
    """A line without its tags (the run that ends it, and one that opens it), but for the
    two that say what it is: a "@todo" is the team's to-do and a "@q" a question asked at
    the talk. A tag inside the sentence ("ask @maria whether ...") is a word of it."""
    lead = _TP_LEAD_TAGS_RE.match(text)
    trail = _TP_TRAIL_TAGS_RE.search(text)
    start = lead.end() if lead else 0
    end = trail.start() if trail and trail.start() >= start else len(text)
    marks = {m.group(1).lower() for m in _TP_TAG_NAME_RE.finditer(text[:start] + " " + text[end:])}
    bare = " ".join(text[start:end].split())
    if "todo" in marks:
        return f"TODO {bare}"
    return f"Q: {bare}" if "q" in marks else bare


def taskpaper_to_markdown(source: str) -> str:
    """TaskPaper: a line ending in ":" is a project (a heading, nested by tabs: the event,
    its days, their talks), "- " a task (a list item), anything else a note (a paragraph);
    "@tags" are markup, not words of the note."""
    body: list[str] = []
    base = 0  # the depth of the project the lines below belong to
    for raw in source.splitlines():
        line = raw.expandtabs(4)
        text = line.strip()
        if not text:
            continue
        depth = (len(line) - len(line.lstrip())) // 4
        task = _TP_TASK_RE.match(text)
        plain = _tp_text(task.group(1) if task else text)
        # A project's colon ends its name, before its tags or after them ("Day 1:",
        # "Inbox: @flagged", "Puppet 8 @talk:").
        ends = text.endswith(":") or _TP_TRAIL_TAGS_RE.sub("", text).rstrip().endswith(":")
        if not task and ends and not text.startswith("-"):
            body += ["", f"{'#' * min(depth + 1, 6)} {plain.rstrip(':').strip()}", ""]
            base = depth + 1
        elif task:
            body.append(f"{'  ' * max(depth - base, 0)}- {plain}")
        else:
            body += ["", plain, ""]
    return "\n".join(body) + "\n"


_CONVERTERS: Mapping[str, Callable[[str], str]] = {
    "taskpaper": taskpaper_to_markdown,
    "org": org_to_markdown,
    "asciidoc": asciidoc_to_markdown,
    "rst": rst_to_markdown,
    "tiddlywiki": tiddlywiki_to_markdown,
    "vimwiki": vimwiki_to_markdown,
    "html": html_to_markdown,
}
