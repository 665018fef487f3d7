"""Notes kept in a personal wiki, rewritten as Markdown: TiddlyWiki tiddlers (`.tid`) and
Vimwiki pages (`.wiki`).

Read as plain text, their markup stays in the notes: "!!! thanos" became the talk's
name with its marks, "''graduated''" kept its quotes, "%title" and "%%" comment lines
became notes, and a row of wiki links ("[[index]] | [[conferences]]") a note too. As
Markdown they go through the reader that knows headings, lists, code and front matter.
Only what a notes page uses is translated; anything else stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.transfer.markup_parts import URL_RE, front_matter_lines, iso_date

_FENCE = "```"

# --- TiddlyWiki -------------------------------------------------------------------------

# The header: "title: promcon18 notes", "tags: conferences [[Monitoring]] PromCon", up to
# the first blank line.
_TID_FIELD_RE = re.compile(r"^([a-z][\w.-]{0,40}):(?!//)[ \t]?(.*)$")
_TID_HEADING_RE = re.compile(r"^(!{1,6})[ \t]*(\S.*)$")
# List items: "*" bullets, "#" numbers, nested by repeating the mark ("**", "*#").
_TID_LIST_RE = re.compile(r"^([*#]{1,8})[ \t]*(\S.*)$")
_TID_QUOTE_RE = re.compile(r"^(>{1,6})[ \t]*(.*)$")
_TID_DEFINITION_RE = re.compile(r"^([;:])[ \t]*(\S.*)$")
_TID_BLOCK_QUOTE_RE = re.compile(r"^<<<.*$")
_TID_BOLD_RE = re.compile(r"''(\S(?:[^'\n]|'(?!')){0,300}?)''")
# "//italic//", but not the "//" of an address ("https://...").
_TID_ITALIC_RE = re.compile(r"(?<![:/\w])//([^/\n]{1,300}?)//(?![/\w])")
_TID_UNDERLINE_RE = re.compile(r"__([^_\n]{1,300}?)__")
_TID_EXT_LINK_RE = re.compile(r"\[ext\[(?:([^\[|\]\n]{1,300})\|)?([^\[\]\n]{1,2000})\]\]")
# (No "[" inside a link: a run of "[" is read once, not once from each of them.)
_TID_LINK_RE = re.compile(r"\[\[(?:([^\[|\]\n]{1,300})\|)?([^\[\]\n]{1,2000})\]\]")
# Macros, widgets and transclusions are the wiki's machinery, not text.
_TID_MACRO_RE = re.compile(
    r"<<[^<>\n]{0,500}>>|</?\$[\w.-]{1,60}(?:\s[^<>\n]{0,500})?/?>|\{\{[^{}\n]{0,500}\}\}"
)
_TID_TAG_RE = re.compile(r"\[\[([^\[\]\n]{1,200})\]\]|(\S+)")


def _link(text: str | None, target: str) -> str:
    """A wiki link as Markdown: an address stays a link, a page leaves its words."""
    if URL_RE.match(target):
        return f"[{text}]({target})" if text else target
    return text or target


def _tid_link(match: re.Match[str]) -> str:
    return _link(match.group(1), match.group(2))  # [[text|target]]


# Code as it is written: "`{{ .Values.image.tag }}`", "`__init__`" keep their marks.
_CODE_SPAN_RE = re.compile(r"(`[^`\n]{1,500}`)")


def _outside_code(text: str, convert: Callable[[str], str]) -> str:
    """The line with its markup converted, but for its code spans."""
    return "".join(
        piece if piece.startswith("`") else convert(piece) for piece in _CODE_SPAN_RE.split(text)
    )


def _tid_inline(text: str) -> str:
    return _outside_code(text, _tid_marks)


def _tid_marks(text: str) -> str:
    text = _TID_MACRO_RE.sub("", text)
    text = _TID_EXT_LINK_RE.sub(_tid_link, text)
    text = _TID_LINK_RE.sub(_tid_link, text)
    text = _TID_BOLD_RE.sub(lambda m: f"**{m.group(1)}**", text)
    text = _TID_ITALIC_RE.sub(lambda m: f"*{m.group(1)}*", text)
    return _TID_UNDERLINE_RE.sub(lambda m: m.group(1), text)


def _tid_header(lines: list[str]) -> tuple[dict[str, str], list[str], int]:
    """The tiddler's fields (front matter), its tags, and where its text starts."""
    fields: dict[str, str] = {}
    tags: list[str] = []
    for n, line in enumerate(lines):
        if not line.strip():
            return fields, tags, n + 1
        field = _TID_FIELD_RE.match(line)
        if field is None:
            return fields, tags, n  # no header, or the text starts right away
        key, value = field.group(1), field.group(2).strip()
        if key == "tags":
            tags = [m.group(1) or m.group(2) for m in _TID_TAG_RE.finditer(value)]
        elif key == "title":
            fields["title"] = value
        elif key == "created" and (day := re.match(r"(\d{4})(\d{2})(\d{2})", value)):
            fields["date"] = "-".join(day.groups())  # "20180809064511302": a timestamp
        elif key == "creator":
            fields["author"] = value
        elif key == "type":
            fields["type"] = value
    return fields, tags, len(lines)


def tiddlywiki_to_markdown(source: str) -> str:
    """A TiddlyWiki tiddler: its fields are front matter (title, tags, the day it was
    created, its creator), "!" headings are headings, "*" and "#" list items nested by
    their marks, ''bold'' and //italic// as Markdown says them; macros and widgets go."""
    lines = source.splitlines()
    fields, tags, start = _tid_header(lines)
    kind = fields.pop("type", "")
    text = lines[start:]
    if "markdown" in kind:  # a Markdown tiddler: only its fields need saying
        return "\n".join([*front_matter_lines(fields, tags), *text]) + "\n"
    body: list[str] = []
    in_code = False
    for raw in text:
        line = raw.rstrip()
        if line.lstrip().startswith(_FENCE):
            in_code = not in_code
            body.append(line)
            continue
        if in_code:
            body.append(raw)
            continue
        if _TID_BLOCK_QUOTE_RE.match(line):
            continue
        if heading := _TID_HEADING_RE.match(line):
            level, title = len(heading.group(1)), _tid_inline(heading.group(2)).strip()
            body += ["", f"{'#' * level} {title}", ""]
        elif item := _TID_LIST_RE.match(line):
            marks = item.group(1)
            bullet = "1." if marks[-1] == "#" else "-"
            body.append(f"{'  ' * (len(marks) - 1)}{bullet} {_tid_inline(item.group(2))}")
        elif quote := _TID_QUOTE_RE.match(line):
            body.append(f"{'>' * len(quote.group(1))} {_tid_inline(quote.group(2))}")
        elif term := _TID_DEFINITION_RE.match(line):
            said = _tid_inline(term.group(2))
            body.append(f"**{said}**" if term.group(1) == ";" else f"  {said}")
        else:
            body.append(_tid_inline(line))
    return "\n".join([*front_matter_lines(fields, tags), *body]) + "\n"


# --- Vimwiki ----------------------------------------------------------------------------

_VW_HEADING_RE = re.compile(r"^[ \t]*(={1,6})([^=\n].*?)\1[ \t]*$")
# Vimwiki's own placeholders ("%title", "%date", "%nohtml", "%template"): "%CPU ..." is text.
_VW_PLACEHOLDER_RE = re.compile(r"^%(title|date|nohtml|template|toc)\b(?:[ \t]+(.*))?$")
_VW_CODE_LINE_RE = re.compile(r"^([ \t]*)\{\{\{(.*?)\}\}\}[ \t]*$")
_VW_COMMENT_RE = re.compile(r"^[ \t]*%%")
_VW_CODE_OPEN_RE = re.compile(r"^[ \t]*\{\{\{[ \t]*([\w+-]*)")
_VW_CODE_CLOSE_RE = re.compile(r"^[ \t]*\}\}\}[ \t]*$")
_VW_LINK_RE = re.compile(r"\[\[([^\[|\]\n]{1,2000})(?:\|([^\[\]\n]{1,300}))?\]\]")
# A row of links and nothing else: the page's menu ("[[index]] | [[conferences]]").
# (each link and what follows it atomic: the spaces around a "|" are read one way)
_VW_LINK_ROW_RE = re.compile(r"^[ \t]*(?:(?>\[\[[^\[\]\n:]{1,300}\]\][ \t]*[|·•,-]?[ \t]*)){1,20}$")
_VW_NUMBERED_RE = re.compile(r"^([ \t]*)#[ \t]+")
_VW_BOLD_RE = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]{0,300}?\S)?)\*(?![\w*])")


def _vw_link(match: re.Match[str]) -> str:
    return _link(match.group(2), match.group(1))  # [[target|text]]


def _vw_inline(text: str) -> str:
    return _outside_code(text, _vw_marks)


def _vw_marks(text: str) -> str:
    text = _VW_LINK_RE.sub(_vw_link, text)
    return _VW_BOLD_RE.sub(lambda m: f"**{m.group(1)}**", text)


def vimwiki_to_markdown(source: str) -> str:
    """A Vimwiki page: "%title" and "%date" are front matter, "%%" lines comments,
    "= ... =" headings, "{{{ ... }}}" code, *bold* bold; a row of wiki links is the
    page's menu, and a link elsewhere leaves its words."""
    fields: dict[str, str] = {}
    body: list[str] = []
    in_code = False
    for raw in source.splitlines():
        line = raw.rstrip()
        if in_code:
            if _VW_CODE_CLOSE_RE.match(line):
                in_code = False
                body.append(_FENCE)
            else:
                body.append(raw)
            continue
        if one_line := _VW_CODE_LINE_RE.match(line):
            body.append(f"{one_line.group(1)}`{one_line.group(2).strip()}`")  # "{{{ cmd }}}"
            continue
        if code := _VW_CODE_OPEN_RE.match(line):
            in_code = True
            body.append(f"{_FENCE}{code.group(1)}")
            continue
        if _VW_COMMENT_RE.match(line):
            continue
        if placeholder := _VW_PLACEHOLDER_RE.match(line):
            key, value = placeholder.group(1).lower(), (placeholder.group(2) or "").strip()
            if key in {"title", "date"} and value:
                fields.setdefault(key, iso_date(value) if key == "date" else value)
            continue
        if heading := _VW_HEADING_RE.match(line):
            level, title = len(heading.group(1)), _vw_inline(heading.group(2).strip())
            body += ["", f"{'#' * level} {title}", ""]
            continue
        if _VW_LINK_ROW_RE.match(line):
            continue
        body.append(_vw_inline(_VW_NUMBERED_RE.sub(r"\g<1>1. ", line)))
    return "\n".join([*front_matter_lines(fields, []), *body]) + "\n"
