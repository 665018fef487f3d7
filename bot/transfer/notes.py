"""Split conference notes (Markdown or plain text) into takeaway-sized notes.

`takeaways import notes.md` feeds a team's old blog posts and wiki pages through
`split_notes`; every Note it returns becomes one takeaway. A note is a sentence to a short
paragraph that still makes sense on its own in Slack, so bullet fragments are merged under
their lead-in, long paragraphs are cut at sentence ends, and headings become the talk.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.grammar import (
    CONFERENCE_LIMIT,
    MAX_LINKS,
    MAX_TAGS,
    TAG_LIMIT,
    TAG_PATTERN,
    TALK_LIMIT,
    normalize_tag,
)
from bot.search.glossary import Glossary

NOTE_LIMIT = 600
MIN_NOTE_CHARS = 25
MIN_NOTE_WORDS = 4
# A bullet this long, or ending like a sentence, says something by itself.
FRAGMENT_CHARS = 80
# A lead-in repeated before every chunk of its list must leave room for the list.
HEAD_LIMIT = NOTE_LIMIT // 2

_VALID_TAG_RE = re.compile(TAG_PATTERN)
_HASHTAG_RE = re.compile(rf"(?<!\S)#({TAG_PATTERN})")
_URL_RE = re.compile(r"https?://[^\s<>\"'`\[\]]+", re.IGNORECASE)


@dataclass(frozen=True)
class Note:
    text: str  # cleaned plain text, 1..NOTE_LIMIT chars
    line: int  # 1-based line in the source where the note starts
    talk: str | None  # the talk heading it sits under
    conference: str | None  # from the front matter or a heading that names one
    tags: tuple[str, ...]  # #tags in it, front-matter tags, then glossary terms it names
    links: tuple[str, ...]  # markdown link targets and bare http(s) URLs


# --- block structure ----------------------------------------------------------------

_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_UNDERLINE_RE = re.compile(r"^ {0,3}(={2,}|-{2,})[ \t]*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET_RE = re.compile(r"^([ \t]*)(?:[-*+•]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_QUOTE_RE = re.compile(r"^ {0,3}>[ \t]?")
_TABLE_DELIM_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_REF_DEF_RE = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?(\S+?)>?(?:[ \t].*)?$")
_CHECKBOX_RE = re.compile(r"^\[[ xX]\][ \t]+")


@dataclass
class _Heading:
    level: int
    text: str
    line: int


@dataclass
class _Para:
    line: int
    lines: list[str] = field(default_factory=list)


@dataclass
class _Item:
    line: int
    lines: list[str]
    children: list[_Item] = field(default_factory=list)


@dataclass
class _List:
    indent: int
    items: list[_Item] = field(default_factory=list)


_Block = _Heading | _Para | _List


def _indent(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def _leading(text: str) -> int:
    return _indent(text[: len(text) - len(text.lstrip())])


class _Scanner:
    """Reads lines into headings, paragraphs and lists; code, tables and rules are skipped."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.blocks: list[_Block] = []
        self.refs: dict[str, str] = {}
        self.para: _Para | None = None
        self.list: _List | None = None
        self.after_blank = True

    def scan(self, lines: list[str], start: int) -> list[_Block]:
        i = start
        while i < len(lines):
            i = self._step(lines, i)
        self._close()
        return self.blocks

    def _step(self, lines: list[str], i: int) -> int:
        """Consume what starts at lines[i]; return the index of the next unread line."""
        text = _unquote(lines[i])
        if not text.strip():
            self._end_para()
            self.after_blank = True
            return i + 1
        fence = _FENCE_RE.match(text)
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            return self._skip_fence(lines, i, fence.group(1), _leading(text))
        if self.markdown and self.para is None and self.list is None and _leading(text) >= 4:
            return self._skip_while(lines, i, lambda t: not t.strip() or _leading(t) >= 4)
        if text.lstrip().startswith("|") or (
            "|" in text and i + 1 < len(lines) and _TABLE_DELIM_RE.match(_unquote(lines[i + 1]))
        ):
            self._close()
            return self._skip_while(lines, i, lambda t: "|" in t and bool(t.strip()))
        self._line(text, i + 1)
        return i + 1

    def _line(self, text: str, line: int) -> None:
        ref = _REF_DEF_RE.match(text) if self.markdown else None
        atx = _ATX_RE.match(text)
        bullet = _BULLET_RE.match(text)
        if ref:
            self.refs[_ref_key(ref.group(1))] = ref.group(2)
        elif atx:
            self._close()
            self.blocks.append(_Heading(len(atx.group(1)), atx.group(2) or "", line))
        elif _UNDERLINE_RE.match(text) and self.para is not None and len(self.para.lines) == 1:
            level = 1 if text.strip().startswith("=") else 2
            self.blocks.append(_Heading(level, self.para.lines[0], self.para.line))
            self.para = None
        elif _UNDERLINE_RE.match(text) or _RULE_RE.match(text):
            self._close()
        elif bullet:
            self._add_item(_indent(bullet.group(1)), bullet.group(2) or "", line)
        else:
            self._add_text(text, line)

    def _skip_fence(self, lines: list[str], i: int, marker: str, indent: int) -> int:
        # An indented fence inside a list is an example in an item, not the end of the list.
        if self.list is not None and indent >= self.list.indent + 2:
            self.after_blank = True
        else:
            self._close()
        closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        return self._skip_while(lines, i + 1, lambda t: not closing.match(t)) + 1

    @staticmethod
    def _skip_while(lines: list[str], i: int, keep_going: Callable[[str], bool]) -> int:
        while i < len(lines) and keep_going(_unquote(lines[i])):
            i += 1
        return i

    def _add_item(self, indent: int, text: str, line: int) -> None:
        self._end_para()
        if self.list is None:
            self.list = _List(indent)
        if self.list.items and indent >= self.list.indent + 2:
            self.list.items[-1].children.append(_Item(line, [text]))
        else:
            self.list.items.append(_Item(line, [text]))
        self.after_blank = False

    def _add_text(self, text: str, line: int) -> None:
        if self.list is not None:
            if not self.after_blank or _leading(text) >= self.list.indent + 2:
                item = self.list.items[-1]
                (item.children[-1] if item.children else item).lines.append(text)
                self.after_blank = False
                return
            self._end_list()
        if self.para is None:
            self.para = _Para(line)
        self.para.lines.append(text)
        self.after_blank = False

    def _end_para(self) -> None:
        if self.para is not None:
            self.blocks.append(self.para)
            self.para = None

    def _end_list(self) -> None:
        if self.list is not None:
            self.blocks.append(self.list)
            self.list = None

    def _close(self) -> None:
        self._end_para()
        self._end_list()
        self.after_blank = True


def _unquote(text: str) -> str:
    while match := _QUOTE_RE.match(text):
        text = text[match.end() :]
    return text


def _ref_key(label: str) -> str:
    return " ".join(label.lower().split())


# --- inline clean-up ----------------------------------------------------------------

# Code, links and URLs are set aside behind placeholders so emphasis stripping cannot eat
# the underscores of `snake_case` or of a URL. U+FDD0/U+FDD1 are Unicode noncharacters:
# never meant to appear in text, so any in the input are replaced before we use them.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_PLACEHOLDER_RE = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_TOKEN_RE = re.compile(
    r"(?P<ticks>`+)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)"
    r"|(?P<image>!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\]))"
    r"|\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
    r"|\[(?P<ref_text>[^\]]+)\](?:\[(?P<ref>[^\]]*)\])?"
    r"|<(?P<autolink>https?://[^\s<>]+)>"
    r"|(?P<url>https?://[^\s<>\"'`\[\]]+)",
    re.DOTALL | re.IGNORECASE,
)
_HTML_TAG_RE = re.compile(
    r"</?(?:a|abbr|b|br|center|code|del|details|div|em|figcaption|figure|font|h[1-6]|hr|i"
    r"|iframe|img|ins|kbd|li|mark|ol|p|pre|s|section|small|span|strike|strong|sub|summary"
    r"|sup|table|tbody|td|th|thead|tr|u|ul|video)\b[^<>]*>",
    re.IGNORECASE,
)
# Only markers that open and close around words are emphasis; `a_b_c` and `2*3*4` stay.
_EMPHASIS_RES = tuple(
    re.compile(
        rf"(?<![\w\\{m[0]}]){re.escape(m)}(?=[^\s{m[0]}])(.+?)"
        rf"(?<=[^\s\\{m[0]}]){re.escape(m)}(?![\w{m[0]}])",
        re.DOTALL,
    )
    for m in ("**", "__", "~~", "*", "_")
)
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_URL_TRAILER_RE = re.compile(r"[.,;:!?*_~'\"]+$")


@dataclass
class _Inline:
    text: str  # line breaks kept, so a sentence can be traced back to its line
    links: list[tuple[str, str]]  # (text the link sits on, url)
    tags: set[str]  # #tags written outside code


def _newlines(text: str) -> str:
    return "\n" * text.count("\n")


def _valid_tag(raw: str) -> str | None:
    tag = normalize_tag(raw)
    return tag if _VALID_TAG_RE.fullmatch(tag) and len(tag) <= TAG_LIMIT else None


def _hashtags(text: str) -> list[str]:
    found = (_valid_tag(m.group(1)) for m in _HASHTAG_RE.finditer(text))
    return list(dict.fromkeys(t for t in found if t))


def _split_url(url: str) -> tuple[str, str]:
    """A bare URL without the punctuation that ends the sentence around it."""
    tail = _URL_TRAILER_RE.search(url)
    cut = tail.start() if tail else len(url)
    while url[:cut].endswith(")") and url[:cut].count(")") > url[:cut].count("("):
        cut -= 1
    return url[:cut], url[cut:]


def _plain_inline(raw: str) -> _Inline:
    links = []
    for match in _URL_RE.finditer(raw):
        url = _split_url(match.group())[0]
        links.append((url, url))
    return _Inline(raw, links, set(_hashtags(_URL_RE.sub(" ", raw))))


def _markdown_inline(raw: str, refs: dict[str, str]) -> _Inline:
    kept: list[str] = []
    links: list[tuple[str, str]] = []

    def hold(text: str) -> str:
        kept.append(text)
        return f"{_OPEN}{len(kept) - 1}{_CLOSE}"

    def token(m: re.Match[str]) -> str:
        if m.group("code") is not None:
            code = m.group("code")
            return hold(code[1:-1] if code.startswith(" ") and code.endswith(" ") else code)
        if m.group("image") is not None:
            return hold(_newlines(m.group("image")))
        if m.group("text") is not None or m.group("ref_text") is not None:
            return link(m)
        url, tail = _split_url(m.group("autolink") or m.group("url"))
        links.append((url, url))
        return hold(url) + tail

    def link(m: re.Match[str]) -> str:
        text = m.group("text")
        target = m.group("target")
        if text is None:
            text = m.group("ref_text")
            target = refs.get(_ref_key(m.group("ref") or text))
            if target is None:  # "[x]" that is not a link: a checkbox, a citation...
                return m.group()
        label = _markdown_inline(text, refs).text
        if target and _URL_RE.fullmatch(target):
            links.append((" ".join(label.split()), target))
        return hold(label)

    masked = _TOKEN_RE.sub(token, raw)
    prose = _prose(masked)
    tags = set(_hashtags(prose))

    def restore(m: re.Match[str]) -> str:
        index = int(m.group(1))
        return kept[index] if index < len(kept) else ""

    return _Inline(_PLACEHOLDER_RE.sub(restore, prose), links, tags)


def _prose(text: str) -> str:
    text = _HTML_TAG_RE.sub(lambda m: _newlines(m.group()) or " ", text)
    for pattern in _EMPHASIS_RES:
        text = pattern.sub(r"\1", text)
    return html.unescape(_ESCAPE_RE.sub(r"\1", text))


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- sentences and chunks -----------------------------------------------------------

_CLOSERS = "\"'\u201d\u2019)]"  # quotes and brackets that may follow a sentence end
_SENTENCE_END_RE = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s)")
_NEXT_CHAR_RE = re.compile(r"\s*(\S)")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "cf", "approx", "incl", "dr", "mr", "ms", "mrs"})
_SENTENCE_PUNCT = (".", "!", "?", "…")


@dataclass
class _Unit:
    """A piece of note text with where it starts and what it carries."""

    text: str
    line: int
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a lowercase next word or "e.g." does not end a sentence."""
    found: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        following = _NEXT_CHAR_RE.match(text, m.end())
        words = text[start : m.start() + 1].split()
        if following is None or following.group(1).islower():
            continue
        if words and words[-1].lower().rstrip(".") in _ABBREVIATIONS:
            continue
        found.append((start, text[start : m.end()]))
        start = m.end()
    found.append((start, text[start:]))
    return [(s + len(t) - len(t.lstrip()), t.strip()) for s, t in found if t.strip()]


def _cut(text: str, budget: int) -> list[str]:
    """Word-boundary pieces of at most `budget` chars, joined by "…" where they were cut."""
    step = max(budget - 2, 1)  # room for an ellipsis at both ends
    words = [w[i : i + step] for w in text.split() for i in range(0, len(w), step)]
    pieces: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) + 1 > budget:
            pieces.append(current + "…")
            current = "…" + word
        else:
            current = candidate
    return [*pieces, current]


def _units(inline: _Inline, line: int, budget: int = NOTE_LIMIT) -> list[_Unit]:
    """Sentences that fit the budget, each with its line and the links and #tags in it."""
    units: list[_Unit] = []
    for offset, sentence in _sentences(inline.text):
        at = line + inline.text.count("\n", 0, offset)
        text = _flat(sentence)
        pieces = [text] if len(text) <= budget else _cut(text, budget)
        units.extend(
            _Unit(p, at, tags=[t for t in _hashtags(p) if t in inline.tags]) for p in pieces
        )
    if not units:  # nothing left to say, but its links still find a neighbouring note
        units.append(_Unit("", line))
    for anchor, url in inline.links:
        home = next((u for u in units if anchor and anchor in u.text), units[0])
        home.links.append(url)
    return units


def _pack(units: list[_Unit], budget: int, *, joiner: str = " ") -> list[_Unit]:
    """Consecutive units joined while they fit; a list joins fragments with "; "."""
    packed: list[_Unit] = []
    for unit in units:
        if packed:
            last = packed[-1]
            sep = joiner if last.text and unit.text else ""
            if sep == "; " and last.text.endswith(_SENTENCE_PUNCT):
                sep = " "
            if len(last.text) + len(sep) + len(unit.text) <= budget:
                packed[-1] = _Unit(
                    last.text + sep + unit.text,
                    last.line,
                    last.links + unit.links,
                    last.tags + unit.tags,
                )
                continue
        packed.append(unit)
    return packed


def _headed(head: _Unit | None, units: list[_Unit]) -> list[_Unit]:
    """Units merged into list notes, each starting with the head ("Karpenter: a; b")."""
    if head is None or not head.text or len(head.text) > HEAD_LIMIT:
        before = [] if head is None else _fitted([head], NOTE_LIMIT)
        return before + _pack(_fitted(units, NOTE_LIMIT), NOTE_LIMIT, joiner="; ")
    prefix = head.text + (" " if head.text.endswith((":", *_SENTENCE_PUNCT)) else ": ")
    budget = NOTE_LIMIT - len(prefix)
    chunks = _pack(_fitted(units, budget), budget, joiner="; ")
    return [
        _Unit(
            prefix + chunk.text,
            head.line if n == 0 else chunk.line,
            (head.links if n == 0 else []) + chunk.links,
            head.tags + chunk.tags,
        )
        for n, chunk in enumerate(chunks)
    ]


def _fitted(units: list[_Unit], budget: int) -> list[_Unit]:
    out: list[_Unit] = []
    for unit in units:
        if len(unit.text) <= budget:
            out.append(unit)
            continue
        pieces = _cut(unit.text, budget)
        out.extend(
            _Unit(p, unit.line, unit.links if n == 0 else [], unit.tags)
            for n, p in enumerate(pieces)
        )
    return out


def _is_fragment(text: str) -> bool:
    return len(text) < FRAGMENT_CHARS and not text.rstrip(_CLOSERS).endswith(_SENTENCE_PUNCT)


def _is_trivial(text: str) -> bool:
    """Too short to be a takeaway once URLs are set aside ("Slides: https://…", "TODO")."""
    bare = _URL_RE.sub(" ", text).strip(" \t:|,;-\u2013\u2014")
    words = [w for w in bare.split() if any(c.isalnum() for c in w)]
    return len(bare) < MIN_NOTE_CHARS or len(words) < MIN_NOTE_WORDS


# --- headings: talk or context ------------------------------------------------------

_FILLER = (
    "notes?|from|at|the|our|my|an?|in|on|of|to|for|and|with|about|what|we|i|recap|day"
    "|highlights|takeaways|learnings|learned|lessons|report|trip|summary|key|impressions"
    "|thoughts|live|blog"
)
_FILLER_WORD = rf"(?i:{_FILLER})(?!\w)"
_FILLER_RE = re.compile(rf"{_FILLER_WORD}$")


def _conference_word(year_group: str) -> str:
    return (
        r"(?:[A-Z][A-Za-z]*)?(?:Conference|Con|con|CON|Conf|conf|Summit|Days|Day|Fest)"
        rf"(?P<{year_group}>'?\d{{2}}|\d{{4}})?(?![\w'])"
    )


# "KubeCon + CloudNativeCon Europe 2024", "SREcon23 Americas", "Open Source Summit NA 2024":
# a word ending in Con/Conf/Summit/Day(s), the capitalised words around it, and a year.
_CONFERENCE_RE = re.compile(
    rf"(?<![\w'])(?:(?!{_FILLER_WORD})[A-Z][\w.&-]*\s+){{0,4}}"
    rf"{_conference_word('y1')}(?:\s*[+&]\s*{_conference_word('y2')})?"
    rf"(?:\s+(?!{_FILLER_WORD})[A-Z][^\W\d_]+(?![\w'])){{0,3}}"
    r"(?:\s+(?P<year>'\d{2}|(?:19|20)\d{2})(?!\w))?"
)
_GENERIC = frozenset(
    {
        "summary", "intro", "introduction", "conclusion", "conclusions", "tl;dr", "tldr",
        "takeaways", "key takeaways", "my takeaways", "our takeaways", "notes", "my notes",
        "other notes", "random notes", "general notes", "links", "resources", "misc",
        "miscellaneous", "other", "others", "overview", "background", "agenda", "contents",
        "table of contents", "wrap-up", "wrap up", "final thoughts", "closing thoughts",
        "next steps", "action items", "further reading", "references", "recap", "highlights",
        "q&a", "appendix", "acknowledgements", "thanks", "about", "updates",
    }
)  # fmt: skip
_DAY_RE = re.compile(
    r"(?:day\s*(?:\d+|one|two|three|four|five)|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)(?:\s*[(:,\-\u2013\u2014].*)?"
)
_TALK_LABEL_RE = re.compile(r"^(?:talk|session)\s*\d*\s*[:\-\u2013\u2014]\s*", re.IGNORECASE)
_NUMBERING_RE = re.compile(r"^\d{1,3}[.)]\s+")
# "(Jane Doe, AWS)" or "(Jane Doe)" after a title names speakers; "(KEDA)" is kept.
_SPEAKERS_RE = re.compile(
    r"\s*\((?=[^()]*(?:[,&@]|\b(?:and|by|with)\b)"
    r"|[A-Z][\w'\u2019-]+\s+[A-Z][\w'\u2019-]+\))[^()]*\)\s*$"
)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut).rstrip() + "…"


def _find_conference(text: str) -> str | None:
    """The conference a title names with its year ("Notes from SREcon23 Americas")."""
    match = _conference_match(text)
    return _clip(match.group(), CONFERENCE_LIMIT) if match else None


def _conference_match(text: str) -> re.Match[str] | None:
    for match in _CONFERENCE_RE.finditer(text):
        if match.group("year") or match.group("y1") or match.group("y2"):
            return match
    return None


def _is_generic(title: str) -> bool:
    key = re.sub(r"^[\W\d_]+|[\W_]+$", "", title.lower())
    return key in _GENERIC or bool(_DAY_RE.fullmatch(key))


def _talk_name(title: str) -> str | None:
    name = _SPEAKERS_RE.sub("", _TALK_LABEL_RE.sub("", _NUMBERING_RE.sub("", title)))
    return _clip(name.strip(), TALK_LIMIT) or None


@dataclass(frozen=True)
class _Frame:
    """An open heading: what notes under it inherit."""

    level: int
    talk: str | None = None
    talk_tags: tuple[str, ...] = ()
    conference: str | None = None


def _frame(heading: _Heading, title: str, *, talk_level: int, doc: _Doc) -> _Frame:
    match = _conference_match(title)
    conference = _clip(match.group(), CONFERENCE_LIMIT) if match else None
    if match:
        rest = title[: match.start()] + " " + title[match.end() :]
        # "# KubeCon EU 2024: what we learned" and "## SREcon23 recap" are context;
        # "## Karpenter at KubeCon EU 2024" is a talk that also names its conference.
        words = re.findall(r"[^\W\d_]+", rest)
        if heading.level == 1 or all(_FILLER_RE.match(w) for w in words):
            return _Frame(heading.level, conference=conference)
    if heading.level < talk_level or _is_generic(title):
        return _Frame(heading.level, conference=conference)
    talk = _talk_name(title)
    # The cleaned name, so a speaker's employer in "(Jane Doe, AWS)" is not a topic.
    tags = tuple(doc.glossary.tags_for(talk)) if talk else ()
    return _Frame(heading.level, talk, tags, conference)


# --- front matter and the document ---------------------------------------------------

_FM_KEY_RE = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_FM_ITEM_RE = re.compile(r"^[ \t]*-[ \t]+(.*?)[ \t]*$")


def _front_matter(lines: list[str]) -> tuple[dict[str, list[str]], int]:
    """`key: value` pairs of a leading `---` block, and the index of the line after it."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    data: dict[str, list[str]] = {}
    key = None
    for end in range(1, len(lines)):
        line = lines[end]
        if line.strip() in ("---", "..."):
            return data, end + 1
        pair = _FM_KEY_RE.match(line)
        item = _FM_ITEM_RE.match(line)
        if pair:
            key = pair.group(1).lower()
            data[key] = [_unquote_value(pair.group(2))] if pair.group(2) else []
        elif item and key:
            data[key].append(_unquote_value(item.group(1)))
        elif line.strip() and not line.startswith((" ", "\t", "#")):
            return {}, 0  # a horizontal rule above ordinary text, not front matter
    return {}, 0


def _unquote_value(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def _front_matter_tags(values: list[str]) -> list[str]:
    words = re.split(r"[\s,]+", " ".join(values).strip("[] "))
    tags = (_valid_tag(w.strip("[]\"'")) for w in words if w.strip("[]\"'"))
    return list(dict.fromkeys(t for t in tags if t))


@dataclass
class _Doc:
    glossary: Glossary
    markdown: bool
    refs: dict[str, str]
    tags: list[str]  # front-matter tags, given to every note
    talk: _Frame  # front-matter talk, when no heading names one
    conference: str | None  # explicit front-matter conference; wins over headings
    title_conference: str | None  # from the front-matter title; headings win over it

    def inline(self, lines: list[str]) -> _Inline:
        raw = "\n".join(lines)
        return _markdown_inline(raw, self.refs) if self.markdown else _plain_inline(raw)


def _document(fm: dict[str, list[str]], refs: dict[str, str], glossary: Glossary, md: bool) -> _Doc:
    def first(*keys: str) -> str | None:
        return next((" ".join(fm[k]).strip() for k in keys if fm.get(k)), None) or None

    talk = first("talk", "session")
    talk_name = _talk_name(_flat(talk)) if talk else None
    talk_frame = _Frame(0, talk_name, tuple(glossary.tags_for(talk_name or "")))
    conference = first("conference", "event", "conf")
    title = first("title")
    return _Doc(
        glossary=glossary,
        markdown=md,
        refs=refs,
        tags=_front_matter_tags(fm.get("tags", [])),
        talk=talk_frame,
        conference=_clip(_flat(conference), CONFERENCE_LIMIT) if conference else None,
        title_conference=_find_conference(_flat(title)) if title else None,
    )


# --- from blocks to notes ------------------------------------------------------------

_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass
class _Draft:
    unit: _Unit
    section: int  # which heading it sits under; a dropped note's links stay in its section
    talk: _Frame
    conference: str | None


def _item_lines(item: _Item) -> list[str]:
    return [_CHECKBOX_RE.sub("", item.lines[0]), *item.lines[1:]]


def _lead_in(inline: _Inline, line: int) -> _Unit | None:
    """A short paragraph ending in ":" right before a list introduces that list."""
    text = _flat(inline.text)
    if not text.endswith(":") or len(text) > HEAD_LIMIT:
        return None
    tags = [t for t in _hashtags(text) if t in inline.tags]
    return _Unit(text, line, [url for _, url in inline.links], tags)


def _list_units(block: _List, lead: _Unit | None, doc: _Doc) -> list[_Unit]:
    out: list[_Unit] = []
    fragments: list[_Unit] = []
    lead_used = False

    def flush() -> None:
        nonlocal lead_used
        if fragments:
            out.extend(_headed(lead, fragments))
            lead_used = True
            fragments.clear()

    for item in block.items:
        units = _units(doc.inline(_item_lines(item)), item.line)
        single = units[0] if len(units) == 1 else None
        if item.children:
            flush()
            out.extend(_nested_units(units, item.children, doc))
        elif single is not None and not single.text and not single.links:
            continue
        elif single is not None and _is_fragment(single.text) and not _link_only(single):
            single.text = single.text.rstrip(",;")
            fragments.append(single)
        else:
            flush()
            out.extend(_pack(units, NOTE_LIMIT))
    flush()
    # A lead-in with no fragments to introduce still says something (or carries links).
    return out if lead is None or lead_used else [lead, *out]


def _nested_units(parent_units: list[_Unit], children: list[_Item], doc: _Doc) -> list[_Unit]:
    """Nested bullets are merged into their parent: "Parent: child one; child two"."""
    parent = _pack(parent_units, NOTE_LIMIT)
    units = [
        unit
        for child in children
        for unit in _units(doc.inline(_item_lines(child)), child.line)
        if unit.text or unit.links
    ]
    if not units:
        return parent
    if len(parent) > 1:
        return parent + _headed(None, units)
    return _headed(parent[0], units)


def _link_only(unit: _Unit) -> bool:
    return bool(unit.links) and _is_trivial(unit.text)


def _drafts(blocks: list[_Block], doc: _Doc) -> list[_Draft]:
    talk_level = 2 if any(isinstance(b, _Heading) and b.level >= 2 for b in blocks) else 1
    stack: list[_Frame] = []
    section = 0
    lead: _Unit | None = None
    drafts: list[_Draft] = []
    for n, block in enumerate(blocks):
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if isinstance(block, _Heading):
            title = _flat(doc.inline([block.text]).text)
            frame = _frame(block, title, talk_level=talk_level, doc=doc)
            stack = [f for f in stack if f.level < block.level] + [frame]
            section += 1
            continue
        if isinstance(block, _Para):
            inline = doc.inline(block.lines)
            lead = _lead_in(inline, block.line) if isinstance(following, _List) else None
            if lead is not None:
                continue
            units = _pack(_units(inline, block.line), NOTE_LIMIT)
        else:
            units, lead = _list_units(block, lead, doc), None
        talk = next((f for f in reversed(stack) if f.talk), doc.talk)
        conference = doc.conference or next(
            (f.conference for f in reversed(stack) if f.conference), doc.title_conference
        )
        drafts.extend(_Draft(unit, section, talk, conference) for unit in units)
    return drafts


def _keep(drafts: list[_Draft]) -> list[_Draft]:
    """Drop trivially short notes; their links and #tags go to a note of the same section."""
    kept: list[_Draft] = []
    waiting: dict[int, _Unit] = {}
    for draft in drafts:
        unit = draft.unit
        if _is_trivial(unit.text):
            if kept and kept[-1].section == draft.section:
                target = kept[-1].unit
            else:  # nothing before it: the next note of the section takes them
                target = waiting.setdefault(draft.section, _Unit("", draft.unit.line))
            target.links = target.links + unit.links
            target.tags = target.tags + unit.tags
            continue
        early = waiting.pop(draft.section, None)
        if early is not None:
            unit.links = early.links + unit.links
            unit.tags = early.tags + unit.tags
        kept.append(draft)
    return kept


def _note(draft: _Draft, doc: _Doc) -> Note:
    text = draft.unit.text
    tags = [*draft.unit.tags, *doc.tags, *doc.glossary.tags_for(text), *draft.talk.talk_tags]
    return Note(
        text=text,
        line=draft.unit.line,
        talk=draft.talk.talk,
        conference=draft.conference,
        tags=tuple(dict.fromkeys(tags))[:MAX_TAGS],
        links=tuple(dict.fromkeys(draft.unit.links))[:MAX_LINKS],
    )


def split_notes(source: str, *, glossary: Glossary, markdown: bool = True) -> list[Note]:
    """Takeaway-sized notes from a notes file; `markdown=False` for plain-text (.txt) files.

    Plain text still understands `#` and underlined headings, bullets, `>` quotes, front
    matter, fences and `|` tables, but keeps `*`, `_`, `<...>` and `[...]` as written.
    """
    text = source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if markdown:
        text = text.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd")
        text = _COMMENT_RE.sub(lambda m: _newlines(m.group()), text)
    lines = text.split("\n")
    front, start = _front_matter(lines)
    scanner = _Scanner(markdown)
    blocks = scanner.scan(lines, start)
    doc = _document(front, scanner.refs, glossary, markdown)
    return [_note(draft, doc) for draft in _keep(_drafts(blocks, doc))]
