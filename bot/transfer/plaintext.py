"""Plain-text notes as blocks (bot.transfer.document): `.txt` files, and what a browser
gives when a blog post is selected and pasted.

Plain text keeps `*`, `_`, `<...>` and `[...]` as written, but reads what people type
in it anyway: `#` and underlined headings, bullets (nested by indentation), `>` quotes,
front matter; fenced code and `|` tables carry no note. A pasted web page has no blank
lines and no heading marks: there every line is a paragraph, and a short line without
end punctuation that comes before a longer one is a heading (a talk title, a section).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from bot.transfer import conferences, debris
from bot.transfer.document import (
    CHECKBOX_RE,
    OUTLINE_LOOSE_TITLE,
    URL_RE,
    Block,
    Document,
    Heading,
    Item,
    ListBlock,
    Para,
    flat,
    front_matter_fields,
    plain_inline,
    short_code,
)

# A code fence; a longer run of tildes alone on its line ("~~~~~~~~~~~~") is how raw
# notes separate their talks, a rule.
_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,5})(?!~)(.*)$")
_TILDE_RULE_RE = re.compile(r"^[ \t]*~{6,}[ \t]*$")
# An ATX heading; its closing "#"s and spaces are cut in code (a lazy group before "\s*$"
# is quadratic on a long run of spaces).
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*)|[ \t]*)$")
ATX_MAX_CHARS = 2000
TABLE_DELIM_MAX_CHARS = 1000


def _atx_title(raw: str) -> str:
    """A heading's text without its optional closing sequence ("## Karpenter ##")."""
    title = raw.rstrip(" \t")
    unclosed = title.rstrip("#")
    if unclosed != title and (not unclosed or unclosed[-1] in " \t"):
        title = unclosed.rstrip(" \t")
    return title


# A title's underline: Markdown's setext "===" and "---", and reStructuredText's other
# adornments people type under a title in plain notes ("^^^^", "~~~~", "++++").
_UNDERLINE_RE = re.compile(r"^ {0,3}(={2,}|-{2,}|\^{3,}|~{3,}|\+{3,})[ \t]*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_\u2500\u2501\u2550])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET_RE = re.compile(r"^([ \t]*)(?:[-*+•·‣◦▪]|(\d{1,9}[.)]))(?:[ \t]+(.*))?$")
_QUOTE_RE = re.compile(r"^ {0,3}>[ \t]?")
# (each run of spaces read once: a line of 8,000 spaces took 1.2 s)
_TABLE_DELIM_RE = re.compile(r"^\s*+\|?\s*+:?-++:?\s*+(?:\|\s*+:?-++:?\s*+)++\|?\s*+$")
# A title line: short, no sentence end. "Day 2: the keynotes" and "Q&A" are titles;
# "We moved to Karpenter." and "Three things:" (a lead-in) are not.
TITLE_MAX_CHARS = 90
TITLE_MAX_WORDS = 12
_SENTENCE_END_RE = re.compile(r"[.!?,;:…]['\")\]]*$")
# "Talk 2 - ...", "Session 3: ...", "Keynote: ...": a line that announces a talk.
_TALK_LABEL_RE = re.compile(
    # (spaces read once: "> keynote" and 20,000 spaces took 5 s)
    r"(?i)^(?:talk|session|keynote|lightning talk)\s*+\d*+\s*+[:\-\u2013\u2014]\s"
)


def parse_plain_text(source: str) -> Document:
    lines = source.removeprefix("\ufeff").split("\n")
    front: dict[str, list[str]] = {}
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        fields = front_matter_fields(lines[1:end]) if end is not None else None
        if end is not None and fields is not None:
            front, start = fields, end + 1
    body = lines[start:]
    pasted = _looks_pasted(body)
    if dropped := debris.chapter_lines(body) | debris.labels_on_two_lines(body):
        # (taken out, not blanked: a blank line in a pasted page would join the lines
        # around it into one paragraph; the notes after them are numbered a few short)
        body = [line for n, line in enumerate(body) if n not in dropped]
    if pasted and (reflowed := _reflowed(body)) is not None:
        body = reflowed
    scanner = _Scanner(pasted_page=pasted, wiki_depths=_contents_depths(body))
    return Document(front, _titles_to_headings(scanner.scan(body, start)))


# A wiki's section title as the browser copies it, with its edit link after it:
# "Terraform 0.12 preview[edit]", "Hallway track[edit | edit source]" (MediaWiki).
_WIKI_EDIT_RE = re.compile(
    r"^(?P<title>\S.{0,150}?)\s*\[(?:edit|edit source|edit \| edit source)\]\s*$"
)
# An entry of a wiki's numbered contents box: "1 Terraform 0.12 preview", "1.1 What will
# break".
_CONTENTS_ENTRY_RE = re.compile(r"^\s*(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\s+(?P<title>\S.*)$")


def _contents_depths(lines: list[str]) -> dict[str, int]:
    """How deep each section of a wiki page sits (1 for "1 ...", 2 for "1.1 ..."), from
    its contents box, by the lowercase title; empty for a page with no edit links."""
    titles = {m["title"].lower() for line in lines if (m := _WIKI_EDIT_RE.match(line.strip()))}
    if not titles:
        return {}
    return {
        entry["title"].strip().lower(): entry["number"].count(".") + 1
        for line in lines
        if (entry := _CONTENTS_ENTRY_RE.match(line)) and entry["title"].strip().lower() in titles
    }


# A line of a hard-wrapped paragraph: long, and cut mid-sentence.
WRAPPED_MIN_CHARS = 50


def _looks_pasted(lines: list[str]) -> bool:
    """A page pasted from a browser: paragraphs one a line, almost no blank lines. A
    short paste counts too, unless its lines read like one hard-wrapped paragraph."""
    filled = [line.strip() for line in lines if line.strip()]
    # Blank lines between paragraphs, not the ones a file starts or ends with.
    inner = "\n".join(lines).strip().split("\n")
    blank = len(inner) - len(filled)
    if len(filled) < 3 or blank > len(filled) // 10:
        return False
    if len(filled) >= 8:
        return True
    wrapped = [
        line
        for line in filled[:-1]
        if len(line) >= WRAPPED_MIN_CHARS and not _SENTENCE_END_RE.search(line)
    ]
    return not wrapped


# Text copied out of a PDF (a report, slides): lines cut at the page's width, no blank
# lines between paragraphs, words hyphenated across lines, and the page's furniture (its
# number, a running header and footer, the contents' dot leaders) between them. Its lines
# are near one width, and most of those end mid-sentence, the next going on in lowercase.
HARD_WRAP_MIN_LINES = 12
HARD_WRAP_WIDTH = (50, 130)  # a browser paste has a paragraph a line: far longer ones
HARD_WRAP_FULL = 0.8  # a line this share of the width long was cut by the wrap
HARD_WRAP_SHARE = 0.4  # ... and so are this share of the lines
HARD_WRAP_PROSE_SHARE = 0.12  # lines with a sentence ending inside them
_INNER_SENTENCE_RE = re.compile(r"[a-z0-9)][.!?] [A-Z]")
RUNNING_LINE_MAX_WORDS = 12
_HYPHENATED_RE = re.compile(r"[a-z]-$")
_SECTION_NUMBER_RE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+(?=[A-Z])")
# "12 / 40", "Page 3 of 9", "- 7 -"
_PAGE_NUMBER_RE = re.compile(r"^\W{0,3}(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\W{0,3}$", re.I)


class _Furniture:
    """What a PDF repeats on its pages: page numbers, a running header and footer (a short
    line, no sentence, on every page), and a contents page's dot leaders."""

    def __init__(self, lines: list[str]) -> None:
        counts = Counter(" ".join(line.split()) for line in lines if line.strip())
        self.running = {
            line
            for line, times in counts.items()
            if times >= 2
            and len(line.split()) <= RUNNING_LINE_MAX_WORDS
            and not _SENTENCE_END_RE.search(line)
        }

    def __contains__(self, line: str) -> bool:
        text = " ".join(line.split())
        return bool(_PAGE_NUMBER_RE.match(text)) or text in self.running


def _text_lines(lines: list[str], furniture: _Furniture) -> list[str]:
    return [
        line.rstrip()
        for line in lines
        if line.strip() and line not in furniture and not debris.is_dot_leader(line)
    ]


def _width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines)
    return lengths[(len(lengths) * 9) // 10] if lengths else 0


def _hard_wrapped(filled: list[str], width: int) -> bool:
    """Whether a text's lines (its furniture aside) were cut at one width (see above)."""
    if len(filled) < HARD_WRAP_MIN_LINES or not HARD_WRAP_WIDTH[0] <= width <= HARD_WRAP_WIDTH[1]:
        return False
    cut = [
        (line, after)
        for line, after in itertools.pairwise(filled)
        if len(line) >= HARD_WRAP_FULL * width
    ]
    going_on = [
        1
        for line, after in cut
        if not _SENTENCE_END_RE.search(line) and after.lstrip()[:1].islower()
    ]
    # Prose: sentences end inside the lines too ("... the node. DHCP for ..."); raw notes
    # typed one a line, as long as they may be, have none.
    prose = sum(1 for line in filled if _INNER_SENTENCE_RE.search(line))
    return (
        len(cut) >= HARD_WRAP_SHARE * len(filled)
        and 2 * len(going_on) >= len(cut)
        and prose >= HARD_WRAP_PROSE_SHARE * len(filled)
    )


def _is_title_like(text: str, width: int) -> bool:
    """A section title between a PDF's paragraphs: short, no end mark, capitalised."""
    line = text.strip()
    return (
        len(line) < HARD_WRAP_FULL * width
        and not _SENTENCE_END_RE.search(line)
        and (line[:1].isupper() or line[:1].isdigit())
    )


def _reflowed(lines: list[str]) -> list[str] | None:
    """A hard-wrapped text with each paragraph on one line, or None when it is no such
    text: a line as long as the wrap goes on in the next one (rejoining a hyphenated
    word), unless that one is a bullet or a title after a finished sentence; a shorter line
    that stopped mid-sentence goes on in a next one that starts in lowercase. A paragraph
    goes on across the page's furniture, which is dropped. Lines joined into one before
    are left blank: line numbers hold."""
    furniture = _Furniture(lines)
    filled = _text_lines(lines, furniture)
    width = _width(filled)
    if not _hard_wrapped(filled, width):
        return None
    out = list(lines)
    head = None  # the index of the line being extended
    last = None  # the index of the last line kept, finished or not
    for i, line in enumerate(lines):
        text = line.rstrip()
        if text in furniture:
            out[i] = ""
            continue
        if not text.strip() or debris.is_dot_leader(text):
            head = last = None
            continue
        ended = head is not None and _SENTENCE_END_RE.search(out[head].rstrip())
        if ended and _is_title_like(text, width):
            head = None
            # A report's section number is no part of its title: "3 Neutron: OVS to OVN".
            out[i] = text = _SECTION_NUMBER_RE.sub("", text)
        stopped = last is not None and not _SENTENCE_END_RE.search(out[last].rstrip())
        if head is None and stopped and text.lstrip()[:1].islower():
            head = last
        if head is not None and not _BULLET_RE.match(text):
            joined = out[head].rstrip()
            if _HYPHENATED_RE.search(joined) and text.lstrip()[:1].islower():
                out[head] = joined[:-1] + text.lstrip()
            else:
                out[head] = f"{joined} {text.lstrip()}"
            out[i] = ""
        else:
            head = last = i
        if len(text) < HARD_WRAP_FULL * width:
            head = None  # too short to have been cut by the wrap: its paragraph may end
    return out


@dataclass
class _RawItem:
    line: int
    indent: int
    lines: list[str]
    children: list[_RawItem] = field(default_factory=list)
    numbered: bool = False
    marker: str = "-"  # "-", "*", "•", "1." ...


@dataclass
class _RawPara:
    line: int
    lines: list[str] = field(default_factory=list)
    # A chat log's message: a one-line message ("sanne: does flagd do rollouts") is no
    # title, unless it is set off as one ("== Feature flags are an ops tool ==").
    message: bool = False


@dataclass
class _RawHeading:
    level: int
    text: str
    line: int


_Raw = _RawHeading | _RawPara | list[_RawItem]


def _indent(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def _leading(text: str) -> int:
    return _indent(text[: len(text) - len(text.lstrip())])


def _unquote(text: str) -> str:
    while match := _QUOTE_RE.match(text):
        text = text[match.end() :]
    return text


_THREAD_REPLIES_RE = re.compile(r"\d{1,4} repl(?:y|ies)$", re.IGNORECASE)
_MARK_BULLET_RE = re.compile(r"^([ \t]*)(?:[?!])()[ \t]+(\S.*)$")
# Vim's fold markers, as a scratch file keeps them: "== on-call at a food delivery co {{{",
# "}}}" (a level may follow: "{{{1").
_FOLD_OPEN_RE = re.compile(r"(?<!\s)\s*\{\{\{\d?\s*$")
_FOLD_CLOSE_RE = re.compile(r"(?<!\S)\}\}\}\d?\s*$")  # own word: "true}}}" is JSON
_FOLD_TITLE_MARKS_RE = re.compile(r"^[\s=#*\-\"]+|(?<![\s=#*\-\"])[\s=#*\-\"]+$")
# An image an Outlook mail had inline, as its plain text keeps it: "[cid:image001.png@01DA...]".
_CID_RE = re.compile(r"\[cid:[^\]\s]{1,200}\]\s*")
# A mail's signature under "-- " (RFC 3676): a few short lines, never notes.
SIGNATURE_MAX_LINES = 10
BARE_SIGNATURE_MAX_LINES = 4  # under a bare "--" (no space): a name and a role, say
SIGNATURE_SCAN_LINES = 40
PGP_HEADER_MAX_LINES = 5
PGP_SIGNATURE_MAX_LINES = 60
_PGP_BEGIN_SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----"
_PGP_BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----"
_PGP_END_SIGNATURE = "-----END PGP SIGNATURE-----"


def _mail_armour(text: str, lines: list[str], i: int, quoted: bool) -> int | None:
    """Where to go on after a mail's wrapping that says nothing (a PGP armour line and
    its "Hash:" header, a PGP signature block, a signature under "-- "), or None for a
    line that is none of those. `i` is the index after the line `text` came from. Each
    look ahead is bounded, so a file of such lines stays linear."""
    line = text.strip()
    if line == _PGP_BEGIN_SIGNED:
        stop = min(len(lines), i + PGP_HEADER_MAX_LINES)
        while i < stop and _unquote(lines[i]).strip():
            i += 1  # "Hash: SHA256" up to the blank line
        return i
    if line == _PGP_BEGIN_SIGNATURE:
        for k in range(i, min(len(lines), i + PGP_SIGNATURE_MAX_LINES)):
            if _unquote(lines[k]).strip() == _PGP_END_SIGNATURE:
                return k + 1
        return None  # no end: not a signature block after all
    if line != "--" or not text.startswith("--"):
        return None
    # RFC 3676's delimiter is "-- " (with its space); a bare "--" also separates talks in
    # notes, so it starts a signature only when what follows is short and no list.
    delimiter = text.rstrip("\r") == "-- "
    depth = _quote_depth(lines[i - 1])
    end, said, next_message = i, 0, False
    while end < len(lines) and _quote_depth(lines[end]) == depth:
        rest = _unquote(lines[end]).strip()
        if rest in {_PGP_BEGIN_SIGNATURE, _PGP_END_SIGNATURE}:
            break
        if debris.is_message_header(rest) or debris.is_mail_attribution(rest):
            # a printed conversation's next message, a quoted one's "On ... wrote:": the
            # signature ends
            next_message = True
            break
        if rest:
            said += 1
            if said > SIGNATURE_MAX_LINES or (not delimiter and _BULLET_RE.match(rest)):
                return None
        if end - i > SIGNATURE_SCAN_LINES:
            return None
        end += 1
    closes = (
        quoted
        or next_message
        or end == len(lines)
        or _quote_depth(lines[end]) > depth
        or _unquote(lines[end]).strip() == _PGP_BEGIN_SIGNATURE
    )
    if closes and (delimiter or said <= BARE_SIGNATURE_MAX_LINES):
        return end
    return None


def _quote_depth(line: str) -> int:
    depth = 0
    while match := _QUOTE_RE.match(line):
        line = line[match.end() :]
        depth += 1
    return depth


def _said(text: str) -> str:
    # (a quote drops the markup it quotes: "needs `r#gen`" is quoted "needs r#gen")
    return " ".join(re.sub(r"^[\s*+-]+", "", text).replace("`", "").lower().split())


def _repeats(text: str, said: list[str], *, upto: int | None = None) -> bool:
    """Whether a quoted line repeats (part of) an earlier line (of the first `upto`)."""
    quote = _said(text)
    return len(quote) >= 12 and any(quote in earlier for earlier in itertools.islice(said, upto))


# A file's name alone on its line, a few words at most ("...the attached slides.pdf" is a
# sentence).
_FILE_NAME_RE = re.compile(
    r"[\w.()-]{1,60}(?: [\w.()-]{1,60}){0,3}\.(?:jpe?g|png|gif|pdf|docx?|xlsx?|pptx?|zip|txt|csv)$",
    re.I,
)
_SERIES_BOX_RE = re.compile(r"\((\d{1,2}) part series\)\s*$", re.IGNORECASE)


def _underlines(rule: str, title: str) -> bool:
    """Whether a line of "^", "~" or "+" underlines the line above it, as reStructuredText
    has it: about as long, under a title, not a sentence ("... dropped by half." over a
    "~~~~" separator is a note). "===" and "---" underline whatever is above them."""
    if rule.strip()[0] in "=-":
        return True
    width, length = len(rule.strip()), len(title.strip())
    sentence = title.rstrip().endswith((".", "!", "?"))
    return not sentence and 0.7 * length <= width <= 1.3 * length + 2


_SEPARATORS = ("\u00b7", "\u2022")


class _Scanner:
    def __init__(self, *, pasted_page: bool, wiki_depths: dict[str, int]) -> None:
        self.pasted_page = pasted_page
        self.wiki_depths = wiki_depths  # a wiki page's sections, by title (see above)
        self.raw: list[_Raw] = []
        self.para: _RawPara | None = None
        self.items: list[_RawItem] | None = None
        self.after_blank = True
        self.nick = ""  # an IRC log's last speaker
        # Lines since a chat message's header: only a message's first line may be a title.
        self.since_header: int | None = None
        # LINE quotes a message of several lines: '"PostgreSQL 18 ...' up to its '..."'.
        self.in_quoted_message = False
        self.folds = 0  # vim folds open

    def scan(self, lines: list[str], offset: int) -> list[_Raw]:
        i = 0
        said: list[str] = []  # what came before, to know a quoted reply repeats it
        while i < len(lines):
            raw_line = _CID_RE.sub("", lines[i].rstrip("\r"))
            text = _unquote(raw_line)
            number = offset + i + 1
            quoted = text != raw_line
            i += 1
            skip = _mail_armour(text, lines, i, quoted)
            if skip is not None:
                i = skip
                continue
            if quoted and _repeats(text, said):
                continue  # a chat reply quoting an earlier message: said already
            said.append(_said(text))
            if quoted and i < len(lines) and _BULLET_RE.match(lines[i]) and _is_title(text):
                # "> Aya: eBPF in pure Rust" over bullets: raw notes mark a talk so.
                self._close()
                self._line(text, number)
                self._close()
                continue
            replies = self.since_header is not None and _THREAD_REPLIES_RE.match(text.strip())
            if replies or (debris.is_reactions(text) and not debris.starts_comments(text)):
                # Under a chat message, its reactions and its thread's "2 replies": the
                # message is over. ("3 comments" under a page is kept: the comment thread
                # it opens is cut later.)
                self._close()
                continue
            if series := _SERIES_BOX_RE.search(text):
                # dev.to's series box: "SRE Conference Notes (2 Part Series)" over the
                # series' posts, numbered ("1 Notes from KubeCon EU 2023"): other pages.
                number_next = 1
                while (
                    i < len(lines)
                    and number_next <= int(series[1])
                    and re.match(rf"\s*{number_next}\s+\S", lines[i])
                ):
                    i, number_next = i + 1, number_next + 1
                continue
            if debris.is_chat_system(text) or debris.is_irc_action(text):
                continue  # "[In reply to Ana]" over a reply: the reply is what counts
            if debris.is_mail_attribution(text):
                # "On Mon, Mar 18 ... wrote:" over a quoted mail: a line of its own.
                self._close()
                self._line(text, number)
                self._close()
                continue
            if debris.is_attachment_strip(text):
                # Gmail's attachment strip and the file names under it.
                self._close()
                while i < len(lines) and _FILE_NAME_RE.match(lines[i].strip()):
                    i += 1
                continue
            if debris.is_message_header(text) or debris.is_handle(text):
                # A chat message's header stands alone: the message starts a new block. A
                # social post's "@handle" line is one too (a date may follow it).
                self._close()
                self._line(text, number)
                self._close()
                self.since_header = 0
                continue
            if wiki := _WIKI_EDIT_RE.match(text.strip()):
                # A wiki's section, with its edit link: a heading, as deep as its contents
                # entry says ("1.1 What will break" is part of the talk above it).
                self._close()
                depth = self.wiki_depths.get(wiki["title"].lower(), 1)
                self.raw.append(_RawHeading(1 + depth, wiki["title"], number))
                continue
            if debris.is_date_only(text):
                # A date alone (a post's, under its header; a chat export's day divider):
                # a line of its own, and a message still to come is not part of it.
                self._close()
                self._line(text, number)
                self._close()
                continue
            irc = debris.IRC_MESSAGE.match(text)
            if irc:
                # A burst of lines from one nick is one message; another nick starts a block.
                if irc["nick"] != self.nick:
                    self._close()
                self.nick, text = irc["nick"], irc["rest"]
                if not text.strip():
                    continue
            inline_header = debris.INLINE_MESSAGE_HEADER.match(text) or debris.TAB_MESSAGE.match(
                text
            )
            if inline_header:
                # An exported chat puts who and when in front of a message's first line:
                # the header is a line of its own, the message starts a new block.
                self._close()
                self._line(inline_header["head"], number)
                self._close()
                self.since_header = 0
                text = inline_header["rest"]
                # (said's last line is this one, which holds the quote itself)
                if _QUOTE_RE.match(text) and _repeats(_unquote(text), said, upto=len(said) - 1):
                    continue  # "> 5000 nodes per cluster now": a reply quoting a message
                if text.startswith('"') and text.count('"') == 1:
                    text, self.in_quoted_message = text[1:], True
            elif self.in_quoted_message and text.rstrip().endswith('"'):
                text, self.in_quoted_message = text.rstrip()[:-1], False
            if not text.strip():
                self._end_para()
                self.after_blank = True
                # A blank line ends a chat message (and an IRC burst): what follows may
                # be a title again.
                self.nick, self.since_header = "", None
                continue
            # Vim's fold markers: "{{{" ends a section's title line, "}}}" closes it (only
            # inside a fold: '{"spec":{"paused":true}}}' is JSON).
            if self.folds and "}}}" in text and _FOLD_CLOSE_RE.search(text):
                text = _FOLD_CLOSE_RE.sub("", text).rstrip()
                self.folds -= 1
                if not text.strip():
                    continue
            if "{{{" in text and (fold := _FOLD_OPEN_RE.search(text)):
                self.folds += 1
                self._close()
                title = _FOLD_TITLE_MARKS_RE.sub("", text[: fold.start()]).strip()
                if title:
                    self.raw.append(_RawHeading(2, title, number))
                continue
            fence = _FENCE_RE.match(text)
            if fence:
                closing = re.compile(rf"^[ \t]*{re.escape(fence.group(1)[0])}{{3,}}[ \t]*$")
                start = i
                while i < len(lines) and not closing.match(_unquote(lines[i])):
                    i += 1
                self._code(lines[start:i])
                self._close()
                i += 1
                continue
            if text.lstrip().startswith("|") or (
                "|" in text
                and i < len(lines)
                and len(lines[i]) <= TABLE_DELIM_MAX_CHARS
                and _TABLE_DELIM_RE.match(_unquote(lines[i]))
            ):
                self._close()
                while i < len(lines) and "|" in lines[i] and lines[i].strip():
                    i += 1
                continue
            if self.since_header == 0 and text.strip() in _ROLE_BADGES:
                continue  # "Maintainer" under a comment's header: who wrote it, no text
            if (
                self.para is not None
                and not self.raw
                and len(self.para.lines) == 1
                and debris.is_mail_header(text)
                and not debris.is_mail_header(self.para.lines[0])
            ):
                # A mail's headers under its conversation's title, the file's first line
                # ("Re: SREcon recap (Singapore)", as Fastmail prints it): a block apart.
                self._end_para()
            self._line(text, number)
            if self.since_header is not None and text.strip() not in _SEPARATORS:
                # (a "·" between a post's header parts is no line of its message)
                self.since_header += 1
        self._close()
        return self.raw

    def _code(self, code: list[str]) -> None:
        """A short command right under the line that introduces it joins that line, as
        code (see document.short_code)."""
        lines = short_code(code)
        target = self.items[-1].lines if self.items else self.para.lines if self.para else None
        if lines is not None and target and target[-1].rstrip().endswith(":"):
            target[-1] = target[-1].rstrip() + " " + lines

    def _line(self, text: str, line: int) -> None:
        atx = _ATX_RE.match(text) if len(text) <= ATX_MAX_CHARS else None
        bullet = _BULLET_RE.match(text)
        if bullet is None and self.items is not None:
            # Raw notes mark a question or a must-read with its own bullet among the
            # others ("? asked at the Q&A", "! important"): an item, not a continuation.
            bullet = _MARK_BULLET_RE.match(text)
        if bullet and not (bullet.group(3) or "").strip() and text.strip() in _SEPARATORS:
            return  # a lone "·" between a post's byline parts (Medium): a separator, no item
        if atx:
            self._close()
            self.raw.append(_RawHeading(len(atx.group(1)), _atx_title(atx.group(2) or ""), line))
        elif (
            _UNDERLINE_RE.match(text)
            and self.para is not None
            and len(self.para.lines) == 1
            and _underlines(text, self.para.lines[0])
        ):
            # "===" is a title; so is any underline of a file's very first line.
            level = 1 if text.strip().startswith("=") or not self.raw else 2
            self.raw.append(_RawHeading(level, self.para.lines[0], self.para.line))
            self.para = None
        elif _UNDERLINE_RE.match(text) or _RULE_RE.match(text) or _TILDE_RULE_RE.match(text):
            self._close()
        elif bullet:
            self._add_item(
                _indent(bullet.group(1)),
                bullet.group(3) or "",
                line,
                bool(bullet.group(2)),
                "1." if bullet.group(2) else text.lstrip()[0],
            )
        else:
            self._add_text(text, line)

    def _add_item(self, indent: int, text: str, line: int, numbered: bool, marker: str) -> None:
        self._end_para()
        if self.items and indent < self.items[0].indent + 2 and numbered != self.items[0].numbered:
            # "2. Linkerd 2.9" after a run of "-" bullets starts a new list (as in
            # Markdown): here, a numbered section of an e-mail or a recap.
            self._end_list()
        if self.items and indent + 2 <= self.items[0].indent:
            # Less indented than the list's first item: that list was a deeper part of
            # something interrupted ("\t\t- TODO ..." after OneNote's "Pasted from" line),
            # and this item starts the next list, not a sibling of its items.
            self._end_list()
        if self.items is None:
            self.items = []
        top = self.items[0].indent if self.items else indent
        item = _RawItem(line, indent, [CHECKBOX_RE.sub("", text)], [], numbered, marker)
        if self.items and indent >= top + 2:
            self.items[-1].children.append(item)
        else:
            self.items.append(item)
        self.after_blank = False

    def _add_text(self, text: str, line: int) -> None:
        if self.items is not None:
            top = self.items[0].indent
            # On a pasted page every line is a paragraph: an unindented line after a
            # list item is not its continuation ("1. Istio ambient mesh" is a title).
            lazy = not self.after_blank and not self.pasted_page
            if lazy or _leading(text) >= top + 2:
                item = self.items[-1]
                (item.children[-1] if item.children else item).lines.append(text)
                self.after_blank = False
                return
            self._end_list()
        if self.pasted_page:
            self._end_para()  # one line, one paragraph
        if self.para is None:
            in_message = self.since_header is not None and self.since_header >= 1
            self.para = _RawPara(line, message=bool(self.nick) or in_message)
        self.para.lines.append(text)
        self.after_blank = False

    def _end_para(self) -> None:
        if self.para is not None:
            self.raw.append(self.para)
            self.para = None

    def _end_list(self) -> None:
        if self.items:
            self.raw.append(self.items)
        self.items = None

    def _close(self) -> None:
        self._end_para()
        self._end_list()
        self.after_blank = True


_TRAILING_ASIDE_RE = re.compile(r"(?<!\s)\s*\([^()]{1,120}\)\s*$")


def _is_title(text: str, *, heads_list: bool = False) -> bool:
    """A title line. Talk titles ask questions too ("Kepler: how much energy do your
    pods use?"): a question heads a section when bullets follow it or it is labelled
    as a talk; elsewhere it is a sentence ("Questions? Ask Corey.")."""
    # Who gave the talk, in brackets after it, is no part of the title's length:
    # 'Talk 2: "An MCP server in front of the platform API" (platform team at a travel co)'.
    labelled = bool(_TALK_LABEL_RE.match(text))
    words = (_TRAILING_ASIDE_RE.sub("", text) if labelled else text).split()
    if tweet := _TWEET_NUMBER_RE.match(text):
        # "7/19 - verify the artifact ...": a post of a thread, no title; but over bullets,
        # "2/8 \"On-call that people don't quit\"", or marked as a talk ("2/19 🎤 Opening
        # keynote: OpenGitOps one year later"), it is that post's talk.
        # ("7/19 - verify the artifact with cosign ..." over bullets goes on the last talk.)
        rest = text[tweet.end() :]
        named = rest[:1].isupper() or rest.startswith(('"', "\u201c"))
        marked = rest.startswith(_TALK_MARKS)
        return ((heads_list and named) or marked) and _is_title(rest, heads_list=True)
    if _THREAD_OPENER_RE.search(text):
        return False  # "Mute me now or stay 🧵 1/19": a thread's first post
    ending = _SENTENCE_END_RE.search(text)
    question = ending is not None and ending.group().startswith("?")
    # Over its bullets a talk's title may run longer ("[Monitoring devroom] tail sampling
    # w/ the otel collector, lessons from a travel site"), and so may one labelled as a
    # talk ("Talk 3: DRA for GPUs, one year after GA (AI infra team at a telco)").
    max_words, max_chars = (
        (LIST_TITLE_MAX_WORDS, LIST_TITLE_MAX_CHARS)
        if heads_list or labelled
        else (TITLE_MAX_WORDS, TITLE_MAX_CHARS)
    )
    return (
        0 < len(words) <= max_words
        and len(" ".join(words)) <= max_chars
        and (not ending or (question and (heads_list or bool(_TALK_LABEL_RE.match(text)))))
        and not URL_RE.search(text)  # "Slides: https://..." is a link, not a title
        and not _CODE_LINE_RE.search(text)  # "method = method.unencrypted.migrate"
        and not _POINTS_ON_RE.search(text)  # "Their checklist is public 👇" over its link
    )


# A line that ends pointing down or on at what follows is its lead-in, not its title.
_POINTS_ON_RE = re.compile("(?:\U0001f447|\u2b07|\u2935|\U0001f449)\ufe0f?[ \t]*$")


# A line of pasted code: an assignment of a dotted name, braces, a shell prompt.
_CODE_LINE_RE = re.compile(
    r"[{};]\s*$|^\s*[{}]|\s=\s*[\w\"'-]+\.[\w.]+\s*$|^\s*\$\s|\(\)\s*$"
    # a setting: 'key_spec = "AES_256"', "replicas: 3" stays a title, "x = 1" does not
    r"""|^\s*[\w.\-\[\]"]+\s*=\s*(?:"[^"]*"|'[^']*'|[\w.\-/:]+)\s*$"""
)


def _titles_to_headings(raw: list[_Raw]) -> list[Block]:
    """Blocks, with each one-line paragraph that reads like a title and comes before
    something longer made a heading: the first one at the top a level-1 title, the
    others level 2 (talks, sections), under any `#` heading the file has."""
    blocks: list[Block] = []
    seen_text = False
    repeated = _repeated_lines(raw)
    in_toc = False  # under "Contents" or "In this issue:"
    # Every one-line paragraph and bullet by position, to know a contents entry comes again:
    # the lines still to come, counted once and taken off as their block passes (a set of
    # them rebuilt for each entry made a long contents page quadratic).
    singles = [_single_lines(b) for b in raw]
    later = Counter(line for lines in singles for line in lines)

    toc: set[str] = set()  # its entries so far
    # Notes kept in an outliner (Apple Notes, WorkFlowy) have no headings: their talks are
    # the bullets the others hang under.
    outline = not any(isinstance(b, _RawHeading) for b in raw)
    related = False  # under a page's "Related posts": other pages' titles
    subtitle = -1  # the line right under a post's title, over its byline
    authors: set[int] = set()  # the author's name line, right over the byline
    prose, prose_read = False, 0  # a paragraph of the page's text seen, in blocks[:prose_read]
    # For each block, the next one that is no page debris (found once, from the end: a
    # run of thousands of counters would otherwise be walked again for each of them).
    after = [len(raw)] * len(raw)
    for n in range(len(raw) - 2, -1, -1):
        ahead = raw[n + 1]
        debris_next = isinstance(ahead, _RawPara) and (
            _is_debris(ahead) or _is_labels_row(ahead) or _is_whose_notes(ahead)
        )
        after[n] = after[n + 1] if debris_next else n + 1
    for n, block in enumerate(raw):
        later.subtract(singles[n])
        if (n == subtitle and isinstance(block, _RawPara) and len(block.lines) == 1) or (
            n in authors
        ):
            continue
        if in_toc and _is_toc_entry(block, toc, later):
            # A table of contents' entries: the titles come again below (a list of them
            # is the whole table; a title met twice is its section, past the table).
            in_toc = not isinstance(block, list)
            continue
        in_toc = isinstance(block, _RawPara) and bool(_TOC_LABEL_RE.match(flat(block.lines[0])))
        toc = set() if in_toc else toc
        if isinstance(block, _RawPara):
            line = flat(" ".join(block.lines))
            if (
                line in repeated
                or _is_username(raw, n)
                or _is_doubled_name(raw, n)
                or _is_chrome_among_chrome(raw, n)
            ):
                continue
            nxt_para = raw[n + 1] if n + 1 < len(raw) else None
            if (
                isinstance(nxt_para, _RawPara)
                and (debris.is_handle(nxt_para.lines[0]) or _is_username(raw, n + 1))
                and not debris.starts_comments(line)
                and len(block.lines) == 1
                and len(line.split()) <= HANDLE_NAME_MAX_WORDS
                and not _SENTENCE_END_RE.search(line)
            ):
                continue  # a post's author's name, over their handle
            if debris.starts_related(line):
                related = True
                continue
            listed = debris.is_debris(line) or debris.is_date_only(line)
            if related and listed and not debris.starts_comments(line):
                continue  # the list's counters, dates and column headers
            related = related and _is_title(line) and not debris.starts_comments(line)
            if related:
                continue
        if isinstance(block, _RawHeading):
            blocks.append(Heading(block.level, plain_inline(block.text), block.line))
            continue
        # What comes next, past page debris (a byline under the title, a share line), but
        # not past the next message of a chat thread: a short message heads nothing.
        following = raw[after[n]] if after[n] < len(raw) else None
        nxt = raw[n + 1] if n + 1 < len(raw) else None
        if isinstance(nxt, _RawPara) and debris.is_message_header(nxt.lines[0]):
            following = None
        if isinstance(block, list):
            section = _numbered_section(block, following)
            if section is not None:
                blocks.append(Heading(2, plain_inline(section), block[0].line))
            elif (marked := _marked_sections(block)) is not None:
                blocks.extend(marked)
            elif outline and not _under_talk(blocks, block[0].line):
                blocks.extend(_outline(block))
            else:
                blocks.append(ListBlock([_item(i) for i in block]))
            seen_text = True
            continue
        text = flat(" ".join(block.lines))
        if _is_labels_row(block):
            continue  # "All  Comments  Work Log  History": a page's tabs, a table's header
        if _is_whose_notes(block) and blocks and isinstance(blocks[-1], Heading):
            continue  # "(Callum's notes)", "Notes: Dana" under a talk's title
        if _is_debris(block):  # a menu line is no title, whatever follows it
            blocks.append(Para(block.line, plain_inline("\n".join(block.lines))))
            continue
        # A post's title is the line over its byline, under any site name and menu.
        # (Each block is looked at once for prose: rescanning them all for every title
        # made a page of many titles quadratic.)
        while not prose and prose_read < len(blocks):
            prose = _is_prose(blocks[prose_read])
            prose_read += 1
        # Before the page's text, a subtitle may be a sentence; after it, a sentence over
        # a comment's byline is that comment's text.
        byline_at = _byline_below(raw[n + 1 : n + 6], sentence_first=not prose)
        # Blogger dates a post over its title ("Thursday, March 21, 2024"): a byline too,
        # before the page's text.
        above = raw[n - 1] if n > 0 else None
        dated_above = (
            not prose
            and isinstance(above, _RawPara)
            and len(above.lines) == 1
            and debris.is_date_only(flat(above.lines[0]))
            and debris.first_date(flat(above.lines[0])) is not None  # with its year
        )
        byline = byline_at is not None or dated_above
        chat = block.message and _decorated_title(text) is None
        # A table's row pasted with tabs between its cells is no title.
        row = len(_cells(block.lines[0])) >= TABLE_ROW_MIN_CELLS
        if (
            len(block.lines) == 1
            and not chat
            and not row
            and _heads(text, following, byline=byline)
        ):
            if byline and n <= MASTHEAD_MAX_BLOCKS and all(map(_is_menu_like, blocks)):
                # Over a page's title and byline, only the site's menus, sidebar and
                # breadcrumbs (a wiki's page tree: "Runbooks", "Decision log").
                blocks.clear()
                prose_read = 0
            # The page's title is over a byline; a title over one of its own after the
            # page's text has begun ("Written by Nadia" in a shared doc) is a section.
            while byline and not prose and prose_read < len(blocks):
                prose = _is_prose(blocks[prose_read])
                prose_read += 1
            level = 1 if (byline and not prose) or not (seen_text or blocks) else 2
            blocks.append(Heading(level, plain_inline(_undecorated(text)), block.line))
            # Under a post's title (not a site's short name), the line that is not yet
            # the byline is its subtitle.
            if (
                byline_at is not None
                and len(text.split()) >= 4
                and not any(map(_is_byline, raw[n + 1 : n + 3]))
            ):
                subtitle = n + 1
            if level == 1 and byline_at is not None and byline_at >= 1:
                # "Tamsin Oyelaran" right over "Jul 3, 2024 — 9 min read": who wrote it.
                author = n + 1 + byline_at - 1
                if author != subtitle and _is_name_line(raw[author]):
                    authors.add(author)
            continue
        first = flat(block.lines[0])
        if (
            len(block.lines) == 2
            # (at the top, over an aside in brackets: the notes' own title, "GC24 chicago")
            and (seen_text or blocks or not flat(block.lines[1]).startswith("("))
            and isinstance(following, list)
            and _is_title(first, heads_list=True)
            and _is_speaker_line(flat(block.lines[1]))
        ):
            # "#1 09:40 KEYNOTE - registry.k8s.io" over "by Marieke (SIG K8s Infra)": a
            # talk and who gave it, over its notes.
            blocks.append(Heading(2, plain_inline(_undecorated(first)), block.line))
            seen_text = True
            continue
        if (
            len(block.lines) > 1
            # ("~~dropped idea~~" is struck through, no title)
            and (
                (_decorated_title(first) and not _STRUCK_RE.match(first))
                or _EMPHASISED_RE.match(first)
            )
            and _is_title(first)
        ):
            # "*Rust in the kernel*" or "== On-call ==" over its text, no blank line
            # between: a title.
            blocks.append(Heading(2, plain_inline(_undecorated(first)), block.line))
            blocks.append(Para(block.line + 1, plain_inline("\n".join(block.lines[1:]))))
            seen_text = True
            continue
        blocks.append(Para(block.line, plain_inline("\n".join(block.lines))))
        seen_text = True
    return blocks


HANDLE_NAME_MAX_WORDS = 5
TABLE_ROW_MIN_CELLS = 3
PROSE_MIN_WORDS = 12
# A page's masthead and sidebar: up to this many short lines over its title.
MASTHEAD_MAX_BLOCKS = 60
MENU_ITEM_MAX_WORDS = 8


def _is_prose(block: Block) -> bool:
    """A paragraph of a page's own text (not a menu, a banner or a byline)."""
    return (
        isinstance(block, Para)
        and len(block.inline.text.split()) >= PROSE_MIN_WORDS
        and not debris.is_debris(block.inline.text)
    )


def _is_menu_like(block: Block) -> bool:
    """A short line with no sentence in it, as menus and page trees have (a list, or a
    line naming an event, is the page's own)."""
    if isinstance(block, ListBlock):
        return False
    text = block.inline.text
    if debris.is_debris(text):  # a cookie banner
        return True
    words = len(text.split())
    short = words <= MENU_ITEM_MAX_WORDS and not _SENTENCE_END_RE.search(text.strip())
    # An address is the page's chrome, whatever event its path names.
    return short and conferences.find(URL_RE.sub(" ", text)) is None


# A short line met this often on its own is a thread's sender ("Maren Holt 🚢" over each
# post of a copied tweet thread) or a page's running header: never a title, never a note.
REPEATED_LINE_TIMES = 3
REPEATED_LINE_WORDS = 6


# What a page puts over its table of contents, and its entries: short titles, one a
# line, numbered or marked ("1. The road to Prometheus 3.0", "→ What changes in 3.0"),
# and the widget's "hide" toggle.
_TOC_LABEL_RE = re.compile(
    r"^\W*(?:table of contents|contents|in this (?:issue|post|article|edition)|"
    r"in today's issue|on this page|what's inside)\W*$",
    re.IGNORECASE,
)
_TOC_ARROW_RE = re.compile(r"^\s*[\u2192\u25b8\u25ba]")
# (and a wiki's numbers: "1.1 What will break")
_TOC_MARK_RE = re.compile(
    r"^\s*(?:[\u2192\u2022\u25b8\u25ba>-]+|\d{1,2}(?:\.\d{1,2}){1,3}(?=\s)|\d{1,2}[.)]|\d{1,2}(?=\s))\s*"
)


def _single_lines(block: _Raw) -> list[str]:
    """A block's lines as a contents entry would repeat them (lowercase, unmarked)."""
    if isinstance(block, _RawHeading):
        return [block.text.strip().lower()]
    if isinstance(block, list):
        return [_TOC_MARK_RE.sub("", flat(i.lines[0])).lower() for i in block if i.lines]
    return [_TOC_MARK_RE.sub("", flat(" ".join(block.lines))).lower()]


def _is_toc_entry(block: _Raw, toc: set[str], later: Counter[str]) -> bool:
    """An entry of a table of contents whose entries so far are `toc` (added to it): a
    short title that comes again further down (as its section's title), or a marked one
    ("→ What changes in 3.0", a newsletter's "In this issue")."""
    if isinstance(block, _RawHeading):
        return False
    if isinstance(block, list):
        titles = [
            _TOC_MARK_RE.sub("", flat(item.lines[0])).lower()
            for item in block
            if len(item.lines) == 1 and not item.children and _is_title(flat(item.lines[0]))
        ]
        again = [t for t in titles if later[t] > 0]
        return len(titles) == len(block) and 2 * len(again) >= len(titles)
    line = flat(" ".join(block.lines))
    if len(block.lines) != 1:
        return False
    if line.lower() in {"hide", "show"}:
        return True
    entry = _TOC_MARK_RE.sub("", line).lower()
    if entry in toc or not _is_title(entry):
        return False
    if later[entry] <= 0 and not _TOC_ARROW_RE.match(line):
        return False
    toc.add(entry)
    return True


# A forum's username, under the poster's name and over the post's date ("ibrandvold").
_USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9_.-]{1,29}")
_POSTER_NAME_RE = re.compile(r"[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){1,3}")


def _is_username(raw: list[_Raw], n: int) -> bool:
    block = raw[n] if n < len(raw) else None
    after = raw[n + 1] if n + 1 < len(raw) else None
    before = raw[n - 1] if n > 0 else None
    if not (
        isinstance(block, _RawPara)
        and len(block.lines) == 1
        and (name := _USERNAME_RE.fullmatch(block.lines[0].strip()))
        and isinstance(after, _RawPara)
    ):
        return False
    if debris.is_date_only(after.lines[0]):
        # Under the poster's name; or alone, when it reads as a handle and not a word
        # ("ivo.kerrigan" over "10/29/24" on Threads; "karpenter" over a date is a title).
        return (
            isinstance(before, _RawPara)
            and bool(_POSTER_NAME_RE.fullmatch(flat(" ".join(before.lines))))
        ) or bool(_HANDLE_MARK_RE.search(name.group()))
    # Threads marks the thread's author's own replies: "ivo.kerrigan" / "Author" / date.
    below = raw[n + 2] if n + 2 < len(raw) else None
    return (
        bool(_HANDLE_MARK_RE.search(name.group()))
        and flat(" ".join(after.lines)) in _AUTHOR_BADGES
        and isinstance(below, _RawPara)
        and debris.is_date_only(below.lines[0])
    )


# What sets a handle apart from a word: a dot, an underscore or a digit inside it.
_HANDLE_MARK_RE = re.compile(r"\w[._\d]")
_AUTHOR_BADGES = frozenset({"Author", "OP", "Original poster"})
# A comment's role badge under its header (GitLab, GitHub, Disqus).
_ROLE_BADGES = frozenset(
    {*_AUTHOR_BADGES, "Maintainer", "Owner", "Developer", "Reporter", "Guest", "Member",
     "Contributor", "Collaborator", "Mod", "Moderator"}
)  # fmt: skip


def _paragraphs_around(raw: list[_Raw], n: int) -> list[_RawPara]:
    """The paragraphs right before and right after block n, where there are."""
    around = (raw[n - 1] if n > 0 else None, raw[n + 1] if n + 1 < len(raw) else None)
    return [block for block in around if isinstance(block, _RawPara)]


def _is_chrome_among_chrome(raw: list[_Raw], n: int) -> bool:
    """A menu's or a post's word alone on its line ("Jobs", "Learning", "Activity")
    between other lines of chrome: LinkedIn's menu, GitLab's widgets. Elsewhere it may be
    a heading ("Jobs" over notes on Kubernetes Jobs)."""
    here = raw[n]
    if not isinstance(here, _RawPara) or not debris.is_lone_chrome(" ".join(here.lines)):
        return False
    texts = (" ".join(other.lines) for other in _paragraphs_around(raw, n))
    return any(debris.is_debris(t) or debris.is_lone_chrome(t) for t in texts)


def _is_doubled_name(raw: list[_Raw], n: int) -> bool:
    """A name on two lines in a row, as LinkedIn prints a post's author (the link, then
    its label): who wrote it, not a title (see debris.byline_author)."""
    here = raw[n]
    if not isinstance(here, _RawPara) or len(here.lines) != 1:
        return False
    line = flat(here.lines[0])
    return debris.is_person_name(line) and any(
        len(other.lines) == 1 and flat(other.lines[0]) == line
        for other in _paragraphs_around(raw, n)
    )


def _repeated_lines(raw: list[_Raw]) -> set[str]:
    counts = Counter(
        line
        for block in raw
        if isinstance(block, _RawPara) and len(block.lines) == 1
        if len((line := flat(block.lines[0])).split()) <= REPEATED_LINE_WORDS
        and not _SENTENCE_END_RE.search(line)
    )
    return {line for line, times in counts.items() if times >= REPEATED_LINE_TIMES}


_DECORATION_MARKS = "=*~#-"
_STRUCK_RE = re.compile(r"~~\S(?:.*\S)?~~$")


def _decorated_title(line: str) -> str | None:
    """The title of a line set off by two or more of one mark on each side, as plain-text
    mail and wikis do: "== On-call ==", "*** Day 2 ***", "--- Karpenter ---" ("" when
    nothing is between them). Counted, not matched: a pattern of it read the closing run
    again from every character of the title ("== x" followed by 8,000 "=" and a letter
    took 2 s)."""
    mark = line[:1]
    if not mark or mark not in _DECORATION_MARKS:
        return None
    inner = line.strip(mark)
    opening = len(line) - len(line.lstrip(mark))
    closing = len(line) - len(line.rstrip(mark))
    if not inner or opening < 2 or closing < 2:
        return None
    return inner.strip()


# A title a mail client set in bold or italics when it made the mail plain text:
# "*Rust in the kernel*", "_Podman for people leaving Docker Desktop_".
_EMPHASISED_RE = re.compile(r"^(\*\*|__|[*_])(?P<title>[^*_\s](?:.*[^*_\s])?)\1$")


def _is_speaker_line(line: str) -> bool:
    """Who gave a talk, on the line under its title: "by Marieke Doornbos (SIG K8s
    Infra)", "speaker: staff SRE at a CDN", "w/ 2 ppl from the Tulpbank platform team",
    "(Talia Brennan, some logistics co)", "(short talk, 20 min)"."""
    return bool(_SPEAKER_LINE_RE.match(line)) and len(line.split()) <= 14


_SPEAKER_LINE_RE = re.compile(
    r"^\W*(?:by|speakers?:|presented by|w/)\s+\S"
    # who or what it was, in brackets alone: "(Talia Brennan, some logistics co)", "(short
    # talk, 20 min)" (not a remark of the writer's: "(we learned this the hard way)")
    r"|^\((?![^()]*\b(?:we|our|us|I|my|me)\b)[^()]{2,80}\)$",
    re.IGNORECASE,
)


def _undecorated(title: str) -> str:
    decorated = _decorated_title(title)
    if decorated is not None:
        return decorated or title
    match = _EMPHASISED_RE.match(title)
    return match.group("title") if match else title


# A bullet that names a talk in an outline: short, with at least this many under it.
OUTLINE_MIN_CHILDREN = 3


def _outline(items: list[_RawItem], level: int = 2) -> list[Block]:
    """A list whose short bullets with several bullets under them are talks: each one a
    heading over its bullets (which keep their own sub-bullets). A bullet over such talks
    (WorkFlowy keeps a whole document under one) is a heading over them."""
    blocks: list[Block] = []
    run: list[_RawItem] = []
    talked = False  # a talk of this outline is open
    for item in items:
        if not _is_outline_title(item):
            run.append(item)
            continue
        if run:
            _close_run(blocks, run, level, after_talk=talked)
            run = []
        talked = True
        # A line under the title is its subtitle or speaker, not a note. The one bullet
        # a whole outline hangs under is the document's title.
        own = 1 if level == 2 and len(items) == 1 else level
        blocks.append(Heading(own, plain_inline(_undecorated(flat(item.lines[0]))), item.line))
        children = _regrouped(item.children)
        if any(_is_outline_title(child) for child in children):
            blocks.extend(_outline(children, min(own + 1, 6)))
        else:
            blocks.append(ListBlock([_item(child) for child in children]))
    if run:
        _close_run(blocks, run, level, after_talk=talked)
    return blocks


TALK_TITLE_MIN_WORDS = 3


def _under_talk(blocks: list[Block], line: int) -> bool:
    """Whether a list starts right under a talk's title ("Talk - SLOs for the rest of
    us" over "- alert on burn rate" and its details): its bullets over bullets are points
    with their details, not talks (under a day's heading or the page's title they are)."""
    above = blocks[-1] if blocks else None
    return (
        isinstance(above, Heading)
        and above.level >= 2
        and above.line == line - 1
        # a talk's title says what it is about: "Malak", "Learned" head a person's or a
        # column's talks
        and len(above.inline.text.split()) >= TALK_TITLE_MIN_WORDS
        and not debris.is_day_title(above.inline.text)
        # (the page's opening lines, its title and whose notes they are, head a whole
        # outline: a talk's title comes after some text)
        and any(not isinstance(b, Heading) for b in itertools.islice(blocks, 1, len(blocks) - 1))
    )


def _close_run(blocks: list[Block], run: list[_RawItem], level: int, *, after_talk: bool) -> None:
    """Items between an outline's talks are no part of the talk before them ("- lunch
    was great" after a talk's items): a section of no talk of their own."""
    if after_talk:
        blocks.append(Heading(level, plain_inline(OUTLINE_LOOSE_TITLE), run[0].line))
    blocks.append(ListBlock([_item(i) for i in run]))


def _marked_sections(items: list[_RawItem]) -> list[Block] | None:
    """Raw notes that mark a talk with one bullet and its notes with another ("* Karmada:
    multi-cluster" over "- karmada has its own apiserver"): the talks' lines as headings.
    None when the list is one list (one marker, or markers mixed at random)."""
    markers = [item.marker for item in items]
    kinds = set(markers)
    if len(kinds) != 2 or any(item.numbered for item in items):
        return None
    title = markers[0]
    heads = [n for n, item in enumerate(items) if item.marker == title]
    ends = [*heads[1:], len(items)]
    # Every title bullet reads as a title and has notes of the other kind under it.
    if any(end - n < 2 for n, end in zip(heads, ends, strict=True)) or not all(
        len(items[n].lines) == 1 and _is_title(flat(items[n].lines[0]), heads_list=True)
        for n in heads
    ):
        return None
    blocks: list[Block] = []
    for n, end in zip(heads, ends, strict=True):
        blocks.append(Heading(2, plain_inline(flat(items[n].lines[0])), items[n].line))
        notes = items[n + 1 : end]
        if items[n].children:
            notes = [*_regrouped(items[n].children), *notes]
        blocks.append(ListBlock([_item(i) for i in notes]))
    return blocks


def looks_like_title(text: str) -> bool:
    """A line that would be a talk's title over the items under it."""
    return _is_title(flat(text), heads_list=True)


def _is_outline_title(item: _RawItem) -> bool:
    return (
        len(item.children) >= OUTLINE_MIN_CHILDREN
        and len(item.lines) <= 2
        and _is_title(flat(item.lines[0]), heads_list=True)
    )


def _regrouped(children: list[_RawItem]) -> list[_RawItem]:
    """A talk's bullets, each with the deeper bullets that follow it as its own."""
    if not children:
        return []
    top = min(c.indent for c in children)
    grouped: list[_RawItem] = []
    for child in children:
        if child.indent > top and grouped:
            grouped[-1].children.append(child)
        else:
            grouped.append(
                _RawItem(child.line, child.indent, child.lines, [], child.numbered, child.marker)
            )
    return grouped


def _numbered_section(block: list[_RawItem], following: _Raw | None) -> str | None:
    """The title of a numbered section ("1. Istio ambient mesh: sidecars become
    optional", alone, then paragraphs about it), or None for a real list."""
    if len(block) != 1 or not block[0].numbered or block[0].children or len(block[0].lines) != 1:
        return None
    text = flat(block[0].lines[0])
    return text if _heads(text, following) else None


def _heads(text: str, following: _Raw | None, *, byline: bool = False) -> bool:
    """Whether a title-like line heads what follows it: its bullets, a longer paragraph,
    or (a post's title) its byline."""
    if following is None or isinstance(following, _RawHeading) or text.startswith("/me "):
        return False  # ("/me is in the badge queue": a chat's action heads nothing)
    if byline and is_post_title(text):
        return True
    if not _is_title(text, heads_list=isinstance(following, list)):
        return False
    # Who gave a labelled talk ("Talk 2: ... (platform team at a travel co)") is no part of
    # its length.
    title = _TRAILING_ASIDE_RE.sub("", text) if _TALK_LABEL_RE.match(text) else text
    return (
        byline or isinstance(following, list) or len(flat(" ".join(following.lines))) > len(title)
    )


_TWEET_NUMBER_RE = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}\s*[-\u2013\u2014:.)]?\s")
# (its last spool only: a run of them is read once)
_THREAD_OPENER_RE = re.compile(
    r"\U0001f9f5\s*\(?\d{1,3}\s*/\s*\d{1,3}\)?\s*$|\U0001f9f5[^\w\U0001f9f5]*$"
)
# The marks a live thread puts before a talk's name: a microphone, a speaker on a stage.
_TALK_MARKS = ("\U0001f3a4", "\U0001f399", "\U0001f5e3")
# A talk's title over its bullets may run a little longer than a section's; a longer
# line over bullets is a sentence that leads them, and stays a note.
LIST_TITLE_MAX_WORDS = 16
LIST_TITLE_MAX_CHARS = 110
# A post's title over its byline may run longer than a section's.
POST_TITLE_MAX_WORDS = 20
POST_TITLE_MAX_CHARS = 140


def is_post_title(text: str) -> bool:
    """A line that can be a post's title: short, no sentence, no address."""
    return (
        0 < len(text.split()) <= POST_TITLE_MAX_WORDS
        and len(text) <= POST_TITLE_MAX_CHARS
        and not _THREAD_OPENER_RE.search(text)
        and not _SENTENCE_END_RE.search(text)
        and not URL_RE.search(text)
    )


def _byline_below(below: list[_Raw], *, sentence_first: bool) -> int | None:
    """Where in `below` the byline is, if it comes next, past page debris and lines that
    are no sentence: a subtitle, the author's name and headline on a social article
    ("Report this article", "Kenji Watanabe", "Staff SRE at Example Logistics",
    "Published Jun 20"). `sentence_first` lets the line right under the title be a
    sentence (a post's subtitle)."""
    for k, block in enumerate(below):
        if not isinstance(block, _RawPara) or len(block.lines) != 1:
            return None
        if _is_byline(block):
            return k
        line = flat(block.lines[0])
        words = len(line.split())
        # A subtitle right under the title may be a sentence ("A backdoor in a tarball,
        # and policies that need no webhook."); further down, a sentence is the text.
        first = k == 0 and sentence_first
        limit = SUBTITLE_MAX_WORDS if first else 25
        sentence = not first and line.endswith((".", "!", "?"))
        if not _is_debris(block) and (words > limit or sentence):
            return None
    return None


SUBTITLE_MAX_WORDS = 40


def _is_name_line(block: _Raw) -> bool:
    """A person's name alone on a line: "Tamsin Oyelaran", "Rosa de la Cruz"."""
    if not isinstance(block, _RawPara) or len(block.lines) != 1:
        return False
    return bool(debris.NAME_LINE.fullmatch(flat(block.lines[0])))


def _is_byline(block: _Raw) -> bool:
    # (a chat message's dated header, "Karim Haddad @khaddad May 02 2018 08:52", is no
    # byline: the message over it is no post's title)
    if not isinstance(block, _RawPara):
        return False
    line = " ".join(block.lines)
    return debris.is_byline(line) and not debris.is_message_header(line)


def _is_labels_row(block: _RawPara) -> bool:
    """A row of short labels pasted with tabs between them: a page's tabs ("All  Comments
    Work Log  History"), a table's header ("Action  Owner  Ticket"); a row that says
    something has a longer cell ("List root modules for the upgrade  Joris  INFRA-1184")."""
    if len(block.lines) != 1:
        return False
    cells = _cells(block.lines[0])
    # (a number says something: "Karpenter  spot pools  40% cheaper" is a row of data)
    return len(cells) >= TABLE_ROW_MIN_CELLS and all(
        len(re.findall(r"\w+", c)) <= LABEL_MAX_WORDS
        and not _SENTENCE_END_RE.search(c)
        and not re.search(r"\d", c)
        for c in cells
    )


def _is_whose_notes(block: _RawPara) -> bool:
    return len(block.lines) == 1 and debris.is_whose_notes(block.lines[0])


def _cells(line: str) -> list[str]:
    """A row's cells, pasted with tabs between them (empty ones left out)."""
    return [c.strip() for c in line.strip().split("\t") if c.strip()]


LABEL_MAX_WORDS = 3


def _is_debris(block: _RawPara) -> bool:
    return debris.is_debris(" ".join(block.lines))


def _item(raw: _RawItem) -> Item:
    return Item(
        raw.line,
        plain_inline("\n".join(raw.lines)),
        [Item(c.line, plain_inline("\n".join(c.lines))) for c in raw.children],
    )
