"""Split conference notes (Markdown or plain text) into takeaway-sized notes.

`takeaways import notes.md` feeds a team's old blog posts and wiki pages through
`split_notes`; every Note it returns becomes one takeaway. A note is a sentence to a short
paragraph that still makes sense on its own in Slack, so bullet fragments are merged under
their lead-in, long paragraphs are cut at sentence ends, and headings become the talk.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain, islice, takewhile

from bot.grammar import (
    CONFERENCE_LIMIT,
    MAX_LINKS,
    MAX_TAGS,
    TAG_PATTERN,
    TALK_LIMIT,
)
from bot.search import english
from bot.search.glossary import Glossary
from bot.search.text import stem, tokens
from bot.transfer import conferences, debris, markup, tana
from bot.transfer.document import (
    URL_RE,
    Block,
    Document,
    Heading,
    Inline,
    Item,
    ListBlock,
    OutlineHeading,
    Para,
    flat,
    hashtags,
    regrouped,
    valid_tag,
)
from bot.transfer.markdown import parse_markdown
from bot.transfer.plaintext import is_post_title, parse_plain_text

NOTE_LIMIT = 600
NAME_CHARS = 80  # a write-up's author, as credited under each note
MIN_NOTE_CHARS = 25
MIN_NOTE_WORDS = 4
# A bullet this long, or ending like a sentence, says something by itself.
FRAGMENT_CHARS = 80
# A lead-in repeated before every chunk of its list must leave room for the list.
HEAD_LIMIT = NOTE_LIMIT // 2


@dataclass(frozen=True)
class Note:
    text: str  # cleaned plain text, 1..NOTE_LIMIT chars
    line: int  # 1-based line in the source where the note starts
    talk: str | None  # the talk heading it sits under
    conference: str | None  # from the front matter or a heading that names one
    tags: tuple[str, ...]  # #tags in it, front-matter tags, then glossary terms it names
    links: tuple[str, ...]  # markdown link targets and bare http(s) URLs
    source_url: str | None = None  # front matter `url:` or `source:`
    event_date: date | None = None  # front matter `date:`
    author: str | None = None  # who wrote the write-up: front matter `author:`, a byline


# --- sentences and chunks -----------------------------------------------------------

_CLOSERS = "\"'\u201d\u2019)]"  # quotes and brackets that may follow a sentence end
# The lookbehind starts a match only at a run's first mark: a long "?????" or dot leader
# is read once, not once per mark (which made a 20,000-dot line take seconds).
_SENTENCE_END_RE = re.compile(rf"(?<![.!?…])[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s)")
_NEXT_CHAR_RE = re.compile(r"\s*(\S)")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "cf", "approx", "incl", "dr", "mr", "ms", "mrs"})
_ABBREVIATION_WINDOW = 16
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
        # Only the last word matters (is it "e.g."?): a short window keeps a run of
        # "a. b" clauses linear. A word longer than the window is no abbreviation.
        words = text[max(start, m.start() - _ABBREVIATION_WINDOW) : m.start() + 1].split()
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


def _units(inline: Inline, line: int, budget: int = NOTE_LIMIT) -> list[_Unit]:
    """Sentences that fit the budget, each with its line and the links and #tags in it."""
    units: list[_Unit] = []
    at, counted = line, 0  # lines counted up to each sentence, from the last one's
    for offset, sentence in _sentences(inline.text):
        at += inline.text.count("\n", counted, offset)
        counted = offset
        text = flat(sentence)
        pieces = [text] if len(text) <= budget else _cut(text, budget)
        units.extend(
            _Unit(p, at, tags=[t for t in hashtags(p) if t in inline.tags]) for p in pieces
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
    bare = URL_RE.sub(" ", text).strip(" \t:|,;-\u2013\u2014")
    words = [w for w in bare.split() if any(c.isalnum() for c in w)]
    return len(bare) < MIN_NOTE_CHARS or len(words) < MIN_NOTE_WORDS


# --- headings: talk or context ------------------------------------------------------

_FILLER = (
    "notes?|from|at|the|our|my|an?|in|on|of|to|for|and|with|about|what|we|i|recap|day"
    "|highlights|takeaways|learnings|learned|lessons|report|trip|summary|key|impressions"
    "|thoughts|live|blog|things|brought|carried|back|took|away|came|home|went|top|best|one|two"
    "|three|four|five|six|seven|eight|nine|ten|us|team|how|why"
)
_FILLER_WORD = rf"(?i:{_FILLER})(?!\w)"
# Where an event was held, after its name at a title's end: "... in Seattle", "in Salt Lake".
_HELD_IN_RE = re.compile(r"\s(?:in|at)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\W*$")
_FILLER_RE = re.compile(rf"{_FILLER_WORD}$")


def _conference_word(year_group: str) -> str:
    return (
        r"(?:[A-Z][A-Za-z]*)?(?:Conference|Con|con|CON|CONF|Conf|conf|Summit|Days|Day|Fest)"
        # "PGConf.EU": an edition after a dot
        r"(?:\.[A-Z]{2,4}(?![\w.]))?"
        rf"(?P<{year_group}>'?\d{{2}}|\d{{4}})?(?![\w'])"
    )


# "KubeCon + CloudNativeCon Europe 2024", "SREcon23 Americas", "Open Source Summit NA 2024":
# a word ending in Con/Conf/Summit/Day(s), the capitalised words around it, and a year.
_CONFERENCE_RE = re.compile(
    # (the words may be joined with "+" or "&": "Data + AI Summit 2024")
    rf"(?<![\w'+&])(?:(?:(?!{_FILLER_WORD})(?:[A-Z]|[a-z]{{1,2}}[A-Z])[\w.&-]*\s+)"
    rf"(?:[+&]\s+(?=[A-Z]))?){{0,4}}"
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
        "q&a", "appendix", "acknowledgements", "thanks", "about", "updates", "logistics",
        "travel", "venue", "why we went", "comments", "discussion",
    }
)  # fmt: skip
# "Talk 3 -", "Session:", "TALK 4/6:" (possessive: a run of spaces is walked once).
_TALK_LABEL_RE = re.compile(
    r"^(?:(?:first|last|next|final|another|morning|afternoon)\s+)?(?:talk|session)"
    r"\s*+(?:\d++(?:\s*+/\s*+\d++)?\s*+)?[:>\-\u2013\u2014]\s*",
    re.IGNORECASE,
)
# "[D.go] 10:30 Generics in Go": the room, before the time the talk started.
_ROOM_BEFORE_TIME_RE = re.compile(r"^\[[^\]]{1,24}\]\s+(?=\d{1,2}[:.h]\d{2}\b)")
_NUMBERING_RE = re.compile(r"^(?:\d{1,3}[.)]|#\d{1,3}|\(\d{1,3}\))\s+")
# "(Jane Doe, AWS)" or "(Jane Doe)" after a title names speakers; "(KEDA)" is kept.
# Each alternative that opens with white space starts only where the space run starts,
# so a line of spaces is read once (the lookbehinds).
_SPEAKERS_RE = re.compile(
    r"(?<!\s)\s*\((?=[^()]*(?:[,&@]|\b(?:and|by|with|team|maintainers?|engineers?|SREs?)\b)"
    r"|[A-Z][\w'\u2019-]+\s+[A-Z][\w'\u2019-]+\))[^()]*\)\s*$"
    # "A label is a promise to pay — Dana Okafor": a speaker after a dash
    r"|(?<!\s)\s+[\u2014\u2013]\s+[A-Z][\w'\u2019.-]+(?:\s+(?:[A-Z][\w'\u2019.-]+|de|van|von)){1,3}\s*$"
    # "RBAC in 1.6: what will break [Katrin Vogel]": a speaker in brackets
    r"|(?<!\s)\s*\[[A-Z][^\[\]]{2,60}\]\s*$"
    # "netkit: how we stopped paying the veth tax -- hosting provider, 2 SREs": who spoke
    r"|(?<!\s)\s+--\s+(?=[^-]*(?:,|@|\bfrom\b|\b(?:team|folks|SREs?|engineers?|maintainers?)\b))"
    r"[^-]{2,60}$"
)
# "11:15 RBAC in 1.6", "09:30 - Kubernetes 1.28": the time a talk started.
_TIME_RE = re.compile(
    # (a journal's "[2023-10-18 08:41:03 AM]" too)
    r"^\[?(?:(?:19|20)\d{2}-\d{2}-\d{2}[ T])?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+)?"
    r"\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\]?"
    r"\s*(?:--|[-\u2013\u2014:|]|::|=>|->)?\s+",
    re.IGNORECASE,
)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut).rstrip() + "…"


# Regions said in full are said short, so one event has one name: "ArgoCon North America
# 2024" is "ArgoCon NA 2024", as KubeCon's are; a city written short is said in full
# ("QCon SF 2024" is "QCon San Francisco 2024"), and a year too.
_REGION_RE = re.compile(r"\b(?:North America|Europe|SF|NYC|LDN|Ldn|BLR|Blr)\b|'(?=\d{2}\b)")
_REGION_SHORT = {
    "North America": "NA",
    "Europe": "EU",
    "SF": "San Francisco",
    "NYC": "New York",
    "LDN": "London",
    "Ldn": "London",
    "BLR": "Bangalore",
    "Blr": "Bangalore",
    "'": "20",  # a year said short: "QCon LDN '23" is QCon London 2023
}


def _find_conference(text: str, year_hint: int | None = None) -> str | None:
    """The conference a title names with its year ("Notes from SREcon23 Americas"), or
    without one when the post's date gives it ("Back from Open Source Summit Japan")."""
    named = _named_conference(text, year_hint)
    return named[0] if named else None


# A title longer than this names its event early or not at all: the generic pattern reads
# no further (it is quadratic on a long run of "Aa-Aa-...").
CONFERENCE_SCAN_CHARS = 200


def _named_conference(text: str, year_hint: int | None) -> tuple[str, tuple[int, int]] | None:
    text = text[:CONFERENCE_SCAN_CHARS]
    match = _conference_match(text)
    year = ""
    if match is None and year_hint is not None:
        # Without a year, only a name ("Open Source Summit Japan", "PlatformCon"), never
        # a word alone ("conf", "Summit").
        match = next((m for m in _CONFERENCE_RE.finditer(text) if _is_event_name(m.group())), None)
        year = f" {year_hint}"
    if match is None:
        return None
    written = match.group()
    if match.group("y1"):
        # A year run into the name, as a hashtag writes it: "#RustConf2025" is "RustConf
        # 2025", "DevConf'24" "DevConf 2024".
        start, end = (i - match.start() for i in match.span("y1"))
        digits = match.group("y1").lstrip("'")
        written = f"{written[:start]} {'20' if len(digits) == 2 else ''}{digits}{written[end:]}"
    name = _REGION_RE.sub(lambda m: _REGION_SHORT[m.group()], written) + year
    name = _SHORT_EVENT_WORD_RE.sub(lambda m: _SHORT_EVENT_WORDS[m.group()], name)
    return _clip(name, CONFERENCE_LIMIT), match.span()


# A project's short name in an event's name, written out as the event calls itself, so
# one event has one name: "OTel Community Day 2024" is "OpenTelemetry Community Day 2024".
# (Not "Wasm": "Cloud Native Wasm Day" is that day's own name.)
_SHORT_EVENT_WORDS = {"OTel": "OpenTelemetry", "K8s": "Kubernetes"}
_SHORT_EVENT_WORD_RE = re.compile(rf"\b(?:{'|'.join(_SHORT_EVENT_WORDS)})\b")


def _is_event_name(text: str) -> bool:
    words = text.split()
    return text[:1].isupper() and (
        len(words) >= 2 or not re.fullmatch(r"(?i)conference|conf|con|summit|days?|fest", text)
    )


def _conference_match(text: str) -> re.Match[str] | None:
    for match in _CONFERENCE_RE.finditer(text):
        if match.group("year") or match.group("y1") or match.group("y2"):
            return match
    return None


# Lead-ins of the write-up's own lists ("Action items:"), not of a talk's ("Key takeaways:").
_OWN_SECTIONS = frozenset(
    {
        "action items",
        "next steps",
        "todo",
        "todos",
        "to do",
        "to-do",
        "follow-ups",
        "follow ups",
        "what we will do next",
        "what we'll do next",
        "what we are doing next",
        "what we're doing next",
        "what we do next",
    }
)


def _is_own_section(lead: str) -> bool:
    return debris.heading_key(lead) in _OWN_SECTIONS


def _is_generic(title: str) -> bool:
    return debris.heading_key(title) in _GENERIC or debris.is_day_title(title)


def _talk_name(title: str) -> str | None:
    if (numbered := _without_thread_number(title, title=True)) != title:
        title = _DAY_LEAD_RE.sub("", numbered)
    unlabelled = _ROOM_BEFORE_TIME_RE.sub("", _TALK_LABEL_RE.sub("", title))
    name = _SPEAKERS_RE.sub(
        "", _TALK_LABEL_RE.sub("", _TIME_RE.sub("", _NUMBERING_RE.sub("", unlabelled)))
    )
    # "Tetragon at a payments company #security": the tags label the section, they are not
    # its name (a mark after them stays: "Upgrading to 8.0 #mysql ⭐" is "Upgrading to 8.0
    # ⭐").
    name = _without_attributes(name)  # "sched_ext in production { #sched-ext }"
    if tail := _TRAILING_TAGS_RE.search(name):
        marks = " ".join(tail["marks"].split())
        name = name[: tail.start()].rstrip() + (f" {marks}" if marks else "")
    # "🎤 DORA metrics, or how we gamed them", "🐧 talos linux on bare metal": the marks
    # that set a talk apart in a chat or a phone note are not its name.
    name = _LEADING_MARKS_RE.sub("", name.strip())
    return _clip(_quoted_title(name), TALK_LIMIT) or None


# "2/8 ", "12/19 - ": a post's place in a social thread; and before a title, the day it
# was written ("5/8 Day 2. \"The DNS TTL that wasn't\"").
# (A fraction stays: "1/3 of our incidents were DNS", "1/2 CPU per pod" have no mark after
# the number; before a title, a capital is enough: "3/8 Burn-rate alerting done properly".)
_THREAD_NUMBER_RE = re.compile(
    r"^(\d{1,3})\s*/\s*(\d{1,3})(?:\s*[-\u2013\u2014:.)]\s+|\s+(?=[^\w\s]))"
)
_TITLE_NUMBER_RE = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})\s+(?=[^\W\da-z_])")
_DAY_LEAD_RE = re.compile(
    r"^day\s*(?:\d|one|two|three|four|five)\b\s*[.:\-\u2013\u2014]?\s*", re.IGNORECASE
)
# A quoted title with an aside or a remark after it: '"Retries are a load amplifier" — best
# talk of the day for me', '"On-call that people don't quit" (SRE lead at a grocer)'.
# ('"It's always DNS": debugging service discovery' keeps its subtitle.)
_QUOTED_TITLE_RE = re.compile(
    r'^["\u201c](?P<title>[^"\u201c\u201d]{3,150})["\u201d]\s*(?:$|[(\[,\-\u2013\u2014])'
)


def _without_thread_number(text: str, *, title: bool = False) -> str:
    number = _THREAD_NUMBER_RE.match(text) or (_TITLE_NUMBER_RE.match(text) if title else None)
    # "24/7 on-call" is no place in a thread: the post's number is not past the count.
    if number is None or int(number[1]) > int(number[2]) or int(number[2]) < 2:
        return text
    return text[number.end() :]


def _quoted_title(name: str) -> str:
    quoted = _QUOTED_TITLE_RE.match(name)
    return quoted["title"].strip() if quoted else name


# Tags at the end of a title, with emoji after them ("#mysql ⭐"); punctuation after a tag
# ends a sentence ("Why we love #rust!"), so such a title is left whole.
_EMOJI = "\u2600-\u27bf\u2b50\u2b55\ufe0f\U0001f300-\U0001faff"
_LEADING_MARKS_RE = re.compile(rf"^[{_EMOJI}\u200d\s]+(?=\w)")
_TRAILING_TAGS_RE = re.compile(
    rf"(?:(?<!\S)#{TAG_PATTERN}[ \t]*){{1,8}}(?P<marks>(?:[{_EMOJI}]{{1,3}}[ \t]*){{0,3}})$"
)
# A heading's attribute list (Pandoc, MkDocs, kramdown), read from its last "{": an anchor
# id, classes, key=value, separated by spaces (one way to read each: no backtracking).
_ATTRIBUTE = r"(?:[#.][\w-]+|[\w-]+=[^\s{}]+)"
_HEADING_ATTRIBUTES_RE = re.compile(rf"\{{:?[ \t]*{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE})*[ \t]*\}}")


def _without_attributes(title: str) -> str:
    """A title without its trailing attribute list ("{#sec-tail}", "{ .unnumbered }"),
    when the list holds an id, a key=value or a heading's class; "Config with {.yaml}"
    stays as written."""
    stripped = title.rstrip()
    start = stripped.rfind("{") if stripped.endswith("}") else -1
    if start < 0 or not _HEADING_ATTRIBUTES_RE.fullmatch(stripped, start):
        return title
    attributes = stripped[start:]
    if "#" not in attributes and "=" not in attributes and not _HEADING_CLASS_RE.search(attributes):
        return title
    return stripped[:start].rstrip()


_HEADING_CLASS_RE = re.compile(
    r"\.(?:unnumbered|unlisted|tabset|tabs|hidden|smaller|incremental)\b"
)


@dataclass(frozen=True)
class _Frame:
    """An open heading: what notes under it inherit."""

    level: int
    talk: str | None = None
    talk_tags: tuple[str, ...] = ()
    conference: str | None = None
    # What the talk is about, put in front of a note that does not say it itself:
    # "Karpenter: Empty nodes are removed after ttlSecondsAfterEmpty."
    subject: str | None = None


def _frame(heading: Heading, title: str, *, talk_level: int, doc: _Doc) -> _Frame:
    # The file's title may take its year from the file's name; a section's may not (a
    # "BackstageCon" section of a KubeCon write-up is part of that KubeCon).
    found = conferences.find(title, year_hint=doc.named_year if heading.level == 1 else doc.year)
    # A title names its event without a year when the post's date gives it.
    named = _named_conference(title, doc.named_year if heading.level == 1 else None)
    span = (found.start, found.end) if found else (named[1] if named else None)
    conference = found.name if found else (named[0] if named else None)
    if heading.level == 1:
        conference = _with_short_year(conference, doc.file_name)  # "GC24 ... #gophercon"
    if span is not None:
        rest = title[: span[0]] + " " + title[span[1] :]
        # "# KubeCon EU 2024: what we learned" and "## SREcon23 recap" are context (so is
        # "What we carried home from SecurityCon 2024 in Seattle": where it was held);
        # "## Karpenter at KubeCon EU 2024" is a talk that also names its conference.
        # The event's own words found around the mention ("Cloud Native" before
        # "SecurityCon") are the event too.
        own = {w.lower() for w in conference.split()} if conference else set()
        words = [
            w for w in re.findall(r"[^\W\d_]+", _HELD_IN_RE.sub(" ", rest)) if w.lower() not in own
        ]
        if heading.level == 1 or all(_FILLER_RE.match(w) for w in words):
            return _Frame(heading.level, conference=conference)
    if heading.level < talk_level or _is_generic(title) or _names_own_event(title, doc):
        return _Frame(heading.level, conference=conference)
    talk = _talk_name(title)
    # The cleaned name, so a speaker's employer in "(Jane Doe, AWS)" is not a topic.
    tags = tuple(doc.glossary.tags_for(talk)) if talk else ()
    subject = _subject(talk, doc.glossary) if talk else None
    return _Frame(heading.level, talk, tags, conference, subject)


# An event's name without its edition: "Open Source Summit EU 2020" -> "Open Source Summit".
# An edition named by its number, not its year: "SCaLE 21x".
_NUMBERED_EDITION_RE = re.compile(r"\b\d{1,3}(?:x|st|nd|rd|th)?$")
_EDITION_RE = re.compile(rf"(?:(?<!\s)\s+(?:{'|'.join(sorted(conferences.EDITIONS))}|\d{{4}}))+$")


def _names_own_event(title: str, doc: _Doc) -> bool:
    """A heading that names the write-up's own event and nothing else ("Open Source
    Summit: what we learned", under a subject line that named its edition) is context,
    not a talk."""
    event = doc.conference or doc.title_conference or doc.file_conference
    name = _EDITION_RE.sub("", event or "")
    if len(name) < 3 or name.lower() not in title.lower():
        return False
    at = title.lower().index(name.lower())
    rest = title[:at] + " " + title[at + len(name) :]
    return all(_FILLER_RE.match(w) for w in re.findall(r"[^\W\d_]+", rest))


_LABEL_RE = re.compile(
    r"(?i)(?:case study|talk|session|keynote|panel|lightning|day|opening|closing)\b"
)
_SUBJECT_LEAD_RE = re.compile(
    r"^(?P<lead>[^:\u2013\u2014]{2,40}?)\s*(?::|\s[-\u2013\u2014])\s+(?P<rest>\S.*)"
)
# A capitalised run of words: "Argo CD", "KEDA", "Wavelink".
# (At a word's start: "BPF" in "eBPF" is not a name of its own.)
_CAPITALISED_RUN_RE = re.compile(r"(?<![\w.+-])[A-Z][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*)*")
# Field words that open titles without being what the talk is about.
_FIELD_WORDS = frozenset(
    {
        "autoscaling", "scaling", "observability", "security", "networking", "storage",
        "monitoring", "logging", "tracing", "testing", "platform", "policy", "policies",
        "multi-cluster", "multicluster", "multi-tenancy", "serverless", "finops",
        "gitops", "cost", "costs", "sustainability", "building", "running", "lessons",
        "how", "why", "what", "beyond", "intro", "introduction", "state", "future",
    }
)  # fmt: skip


def _subject(talk: str, glossary: Glossary) -> str | None:
    """Who or what a talk is about, short: "Karpenter" in "Karpenter: efficient
    autoscaling without node groups", "KEDA" in "Autoscaling on queue length with KEDA",
    "Kubewarden" in "Policies as WebAssembly: Kubewarden", "Wavelink multi-AZ" in "Case
    study: Wavelink multi-AZ". A project the title names wins over other words."""
    head = re.split(r"\s[\u2013\u2014-]\s|:\s", re.sub(r"\([^()]*\)", "", talk), maxsplit=1)[0]
    words = [w for w in re.findall(r"[^\W\d_]+", head) if len(w) > 1]
    if len(words) >= 2 and sum(w.isupper() for w in words) > 0.7 * len(words):
        # "GITOPS @ A DUTCH BANK - applicationsets everywhere": capitals say nothing here;
        # a project the title names, in its own spelling, still does.
        tags = glossary.tags_for(talk)
        term = glossary.term(tags[0]) if tags else None
        return term.name if term else None
    lead = _SUBJECT_LEAD_RE.match(talk)
    label = lead is not None and bool(_LABEL_RE.match(lead.group("lead")))
    rest = lead.group("rest").strip() if lead is not None else ""
    # "Policies as WebAssembly: Kubewarden", "Case study: Wavelink multi-AZ"; but not
    # "Istio ambient mesh: sidecars become optional".
    if rest and len(rest.split()) <= 3 and (label or _CAPITALISED_RUN_RE.fullmatch(rest)):
        return rest
    if label and lead is not None:
        talk = lead.group("rest")
    runs = [m.group() for m in _CAPITALISED_RUN_RE.finditer(talk)]
    runs += [w for w in re.findall(r"[\w.+-]+", talk) if w.islower() and "-" in w]
    named = [run for run in runs if _is_name(run, glossary) and glossary.tags_for(run)]
    if named:
        # A project beats a practice the glossary also knows: "Right-sizing with the
        # Vertical Pod Autoscaler" is about the VPA, "GC tuning" about GC.
        return next((run for run in named if not _PRACTICE_RE.fullmatch(run)), named[0])
    opening = re.match(r"[\w.+-]+", talk)
    if (
        opening
        and opening.group().islower()
        # a project's own name, or one followed by its version or what the session was:
        # not "vault of lessons", "operator fatigue"
        and (
            english.frequency(opening.group()) < EVERYDAY_NAME_COUNT
            or _PROJECT_SESSION_RE.match(talk, opening.end())
        )
        and _is_name(opening.group(), glossary)
    ):
        # Chat and raw notes write titles lowercase: "containerd 1.0 (containers devroom)",
        # "thanos lightning talk" are about the project they open with.
        return opening.group()
    lead_words = len(lead.group("lead").split()) if lead else 0
    if lead and not label and lead_words <= 4 and not _is_generic(lead.group("lead")):
        return lead.group("lead").strip()
    if len(talk.split()) <= 3:
        return talk.strip() or None
    for match in _CAPITALISED_RUN_RE.finditer(talk):
        run = match.group()
        # A title's first word is capitalised anyway: it is the subject only when it is
        # a name ("Karpenter", "Argo CD", "KEDA"), not a word ("Incident review ...",
        # '"Nobody asked for a portal"': a quoted title starts after its quote mark).
        first = not re.search(r"\w", talk[: match.start()])
        if first and not _is_name(run, glossary):
            continue
        if _WHEN_RE.fullmatch(run):
            continue  # "Retry storms talk (Tue morning)": when, not what
        return run
    return None


# A day or a month in a title says when the talk was: "(Tue morning)", "keynote, Wed".
_WHEN_RE = re.compile(
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|"
    r"nov|dec)\.?|(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|"
    r"june|july|august|september|october|november|december|today|tomorrow|yesterday",
    re.IGNORECASE,
)
# A project named like an everyday word this common ("vault" 11,226, "operator" 6,688; not
# "terraform" 165, "helm" 1,917) opens a lowercase title as a word, unless a version or a
# session follows it.
EVERYDAY_NAME_COUNT = 5_000
# What follows a project's name in a lowercase chat title: its version, an aside, or the
# kind of session ("containerd 1.0 (containers devroom)", "thanos lightning talk").
_PROJECT_SESSION_RE = re.compile(
    r"\s*(?:$|[(\d,\-\u2013\u2014:]|v\d|(?:talk|devroom|lightning|deep|intro|keynote|"
    r"workshop|demo|panel|update|storage|in production|in prod)\b)",
    re.IGNORECASE,
)
# A practice's name as a title writes it ("Right-sizing", "Tail sampling", "Chaos
# engineering"): a capital, then lowercase words.
_PRACTICE_RE = re.compile(r"[A-Z][a-z]+(?:[- ][a-z]+)+")


def _is_name(run: str, glossary: Glossary) -> bool:
    if run.split()[0].lower() in _FIELD_WORDS:
        return False
    if any(c.isupper() or c.isdigit() for c in run[1:].replace(" ", "")):
        return True  # KEDA, MicroK8s, Argo CD
    terms = (glossary.term(tag) for tag in glossary.tags_for(run))
    return any(
        form.lower() == run.lower() for term in terms if term is not None for form in term.forms()
    )


def _with_subject(text: str, frame: _Frame) -> str:
    """The note, with its talk's subject in front when it does not name it (a sentence
    that only makes sense under its heading: "Empty nodes are removed after ...")."""
    subject = frame.subject
    if not subject or len(text) + len(subject) + 2 > NOTE_LIMIT:
        return text
    lowered = text.lower()
    # (A version is no name: "3.0 came out in May" does not say "Argo CD 3.0".)
    named = (w for w in re.findall(r"[\w+.-]{2,}", subject) if re.search(r"[^\W\d_]", w))
    if any(w.lower() in lowered for w in named):
        return text
    version = _VERSION_LEAD_RE.match(text)
    if version and re.search(rf"(?<![\w.]){re.escape(version[1])}(?![\w.])", subject):
        # "1.4: ACL system rewritten" under "Consul 1.4": "Consul 1.4: ACL system ...",
        # not "Consul 1.4: 1.4: ..."
        return f"{subject}: {text[version.end() :]}"
    if lead := _OWN_LEAD_RE.match(text):
        words = lead.group().rstrip().rstrip(":").split()
        if len(words) <= 2 and all(w.isalpha() and w.islower() for w in words):
            # "renames: .dict() -> model_dump()" under "Pydantic v2 migration": an aspect,
            # said of the subject: "Pydantic v2 migration renames: ..."
            return f"{subject} {text}"
        return text  # "Error budget policy: freeze ...": it says what it is about
    return f"{subject}: {text}"


_OWN_LEAD_RE = re.compile(r"^[^:.!?]{2,40}:\s")
_VERSION_LEAD_RE = re.compile(r"^v?(\d+(?:\.\d+){1,3}):\s")


# --- front matter and the document ---------------------------------------------------


def _front_matter_tags(values: list[str]) -> list[str]:
    words = re.split(r"[\s,]+", " ".join(values).strip("[] "))
    tags = (valid_tag(w.strip("[]\"'")) for w in words if w.strip("[]\"'"))
    return list(dict.fromkeys(t for t in tags if t))


@dataclass
class _Doc:
    glossary: Glossary
    tags: list[str]  # front-matter tags, given to the notes that name them
    talk: _Frame  # front-matter talk, when no heading names one
    conference: str | None  # explicit front-matter conference; wins over headings
    title_conference: str | None  # from the front-matter title; headings win over it
    source_url: str | None = None
    event_date: date | None = None
    file_conference: str | None = None  # from the file's name
    body_conference: str | None = None  # named in the opening paragraphs: the last resort
    author: str | None = None  # front matter `author:`, else the byline's name
    # The year of a date near the top that is no full date ("06/09/2023": June or September)
    dated_year: int | None = None
    # The year to read an event named without one in the file's title, subject line or
    # opening with: the post's, else the one its file's name says ("muc-nov22-prom.txt"),
    # else a month its first lines name with the year ("vegas apr '24").
    named_year: int | None = None
    # A day the notes name without its year, in the event's year ("Apr 29" at DockerCon
    # 2019): the notes' event date, but no year to read the headings' events with.
    undated_day: date | None = None
    file_name: str = ""

    @property
    def year(self) -> int | None:
        """The year to read "KubeCon Valencia" or "KCD Munich" with, when it says none."""
        return self.event_date.year if self.event_date else self.dated_year

    @property
    def names_event(self) -> bool:
        """Whether anything read so far (front matter, title, file name, text) names it."""
        return bool(
            self.conference or self.title_conference or self.file_conference
            or self.body_conference
        )  # fmt: skip


def _document(
    fm: dict[str, list[str]], glossary: Glossary, *, name: str, posted: date | None
) -> _Doc:
    def first(*keys: str) -> str | None:
        return next((" ".join(fm[k]).strip() for k in keys if fm.get(k)), None) or None

    event_date = _front_matter_date(first("date", "published", "created")) or posted
    year = event_date.year if event_date else None

    def event(text: str) -> str:
        found = conferences.find(text, year_hint=year)
        if found:
            return found.name
        # As written, with its region said one way: "Open Source Summit Europe 2024" is
        # the "Open Source Summit EU 2024" a title names.
        return _clip(_REGION_RE.sub(lambda m: _REGION_SHORT[m.group()], text), CONFERENCE_LIMIT)

    talk = first("talk", "session")
    talk_name = _talk_name(flat(talk)) if talk else None
    talk_frame = _Frame(0, talk_name, tuple(glossary.tags_for(talk_name or "")))
    # A note app's property may link its value: "[[KubeCon EU 2024]]".
    conference = _WIKILINK_RE.sub(r"\1", first("conference", "event", "conf") or "") or None
    title = first("title")
    return _Doc(
        glossary=glossary,
        tags=_front_matter_tags(fm.get("tags", [])),
        talk=talk_frame,
        conference=event(flat(conference)) if conference else None,
        title_conference=_title_conference(flat(title), year) if title else None,
        source_url=_front_matter_url(first("url", "source", "link")),
        event_date=event_date,
        file_conference=conferences.from_file_name(name, year_hint=year) if name else None,
        file_name=name,
        author=_front_matter_names(
            next((fm[k] for k in ("author", "authors", "by") if fm.get(k)), [])
        ),
    )


def _front_matter_names(values: list[str]) -> str | None:
    """The author(s) of a front matter, as answers credit them: a list (`- jmarsh`, or
    `[jmarsh, nadia.o]`) reads "jmarsh, nadia.o", not "jmarsh nadia.o"."""
    names: list[str] = []
    for value in values:
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            names += [v.strip(" \"'") for v in value[1:-1].split(",")]
        else:
            names.append(value)
    joined = ", ".join(dict.fromkeys(n for n in map(flat, names) if n))
    return _clip(joined, NAME_CHARS) if joined else None


def _title_conference(title: str, year: int | None) -> str | None:
    title = title[:CONFERENCE_SCAN_CHARS]
    found = conferences.find(title, year_hint=year)
    return found.name if found else _find_conference(title, year)


def _front_matter_url(value: str | None) -> str | None:
    if value is None or len(value) > 2000 or not URL_RE.fullmatch(value.strip()):
        return None
    return value.strip()


def _front_matter_date(value: str | None) -> date | None:
    """`2024-03-20`, or the date part of `2024-03-20T10:00:00Z` / `2024-03-20 10:00`."""
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value or "")
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


# --- from blocks to notes ------------------------------------------------------------


@dataclass
class _Draft:
    unit: _Unit
    section: int  # which heading it sits under; a dropped note's links stay in its section
    talk: _Frame
    conference: str | None
    # said in the post's comment thread: by whoever commented, not by the post's author
    comment: bool = False


def _lead_in(inline: Inline, line: int) -> _Unit | None:
    """A short paragraph ending in ":" right before a list introduces that list."""
    text = flat(inline.text)
    if not text.endswith(":") or len(text) > HEAD_LIMIT:
        return None
    tags = [t for t in hashtags(text) if t in inline.tags]
    return _Unit(text, line, [url for _, url in inline.links], tags)


def _list_units(block: ListBlock, lead: _Unit | None, doc: _Doc) -> list[_Unit]:
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
        units = _units(item.inline, item.line)
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


def _nested_units(parent_units: list[_Unit], children: list[Item], doc: _Doc) -> list[_Unit]:
    """Nested bullets are merged into their parent: "Parent: child one; child two"."""
    parent = _pack(parent_units, NOTE_LIMIT)
    units = [
        unit
        for child in children
        for unit in _units(child.inline, child.line)
        if unit.text or unit.links
    ]
    if not units:
        return parent
    if len(parent) > 1:
        return parent + _headed(None, units)
    return _headed(parent[0], units)


# A line that only says where a resource is: "Slides: [proxy-wasm at scale (PDF)](...)".
_RESOURCE_LABEL_RE = re.compile(
    r"^\W*(?:slides?|slide deck|deck|recording|video|youtube|paper|repo(?:sitory)?|source code|"
    r"docs?|blog(?: post)?|talk page|sched(?:ule)?|abstract|demo repo|code|pdf)\s*[:\-\u2013]\s",
    re.IGNORECASE,
)
RESOURCE_LINE_WORDS = 12


def _link_only(unit: _Unit) -> bool:
    if not unit.links:
        return False
    if _RESOURCE_LABEL_RE.match(unit.text) and len(unit.text.split()) <= RESOURCE_LINE_WORDS:
        return True
    return _is_trivial(unit.text)


def _technical(text: str, doc: _Doc) -> bool:
    return bool(doc.glossary.tags_for(text)) or debris.looks_like_code(text)


# A comment under a post that teaches something: long enough to say it, and of the field.
COMMENT_MIN_WORDS = 12


def _lesson(text: str, doc: _Doc) -> str | None:
    """What a comment under a post teaches, without its opening praise; None for praise,
    thanks, a question, or no sentence of the field."""
    said = _PRAISE_RE.sub("", text.strip())
    if "?" in said or _THANKS_RE.search(said) or len(said.split()) < COMMENT_MIN_WORDS:
        return None  # a question (and what goes with it), or thanks: no lesson
    if not re.search(r"[.!]\W{0,3}$", said) or re.search(r"(?:\u2026|\.\.\.)\W{0,3}$", said):
        return None  # no sentence: other posts' titles and teasers, a tag cloud, a banner
    return said if _technical(said, doc) and not debris.is_debris(said) else None


# A talk's title quoted in a comment: "CloudNativePG at 200 clusters", “the road to InGate”.
_QUOTED_RE = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{6,100})[\"\u201d]")
TALK_TITLE_MAX_WORDS = 12
# What says the quote is a talk, just before it: "I spent Thursday in", "Mine was the
# maintainers' update,", "a lightning talk," (not "We hit", "I asked the speaker").
_TALK_CUE_RE = re.compile(
    r"\b(?:in|at|to|was|talk|session|keynote|update|called|titled|attended|caught)\b\W*$",
    re.IGNORECASE,
)
TALK_CUE_CHARS = 40


def _quoted_talk(text: str, doc: _Doc) -> str | None:
    """The talk a comment names in quotes: a title (no sentence of its own) of the field,
    said to be a talk."""
    for match in _QUOTED_RE.finditer(text):
        title = match.group(1).strip().rstrip(",.").strip()  # "... clusters,"
        before = text[max(0, match.start() - TALK_CUE_CHARS) : match.start()]
        if (
            len(title.split()) <= TALK_TITLE_MAX_WORDS
            and not re.search(r"[!;:]$", title)  # (a title may ask: "... burn?")
            and _TALK_CUE_RE.search(before)
            and doc.glossary.tags_for(title)
        ):
            return title
    return None


# A paragraph's lead in quotes, then a colon or a dash: '"CloudNativePG at 3am": their ...'.
_QUOTED_LEAD_RE = re.compile(
    r"^\s*[\"\u201c](?P<title>[^\"\u201c\u201d\n]{4,100})[\"\u201d]\s*(?::|\s[-\u2013\u2014])\s+\S"
)


def _quoted_lead(text: str, doc: _Doc) -> str | None:
    """The talk a paragraph names first, in quotes, when the title names a project or a
    practice of the field ('"Works on my machine": ...' is a saying, no talk)."""
    lead = _QUOTED_LEAD_RE.match(text)
    if lead is None:
        return None
    title = lead["title"].strip()
    # ('"Kubernetes is the new Linux": I keep hearing this' is a saying: it says "is")
    saying = re.search(r"(?i)\b(?:is|are|was|were|isn't|aren't)\b", title)
    fits = 2 <= len(title.split()) <= TALK_TITLE_MAX_WORDS
    return title if fits and not saying and doc.glossary.tags_for(title) else None


# A commenter's name on its own line ("Tavish Greer"), and a reply's marks after it: the
# name it answers ("Odile Marchetti"), "Reply to  Milan Verbeek".
_COMMENTER_RE = re.compile(r"[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){1,3}")
_REPLY_TO_RE = re.compile(r"(?:in )?repl(?:y|ied|ying) to\b", re.IGNORECASE)
COMMENT_HEADER_BLOCKS = 3
HEADER_LINE_MAX_WORDS = 5


def _starts_comment(blocks: list[Block], n: int) -> bool:
    """Whether block n is the name over a new comment of the thread, not over a reply to
    one (whose header names whom it answers)."""
    if not _is_commenter(blocks[n]):
        return False
    for earlier in reversed(blocks[max(0, n - COMMENT_HEADER_BLOCKS) : n]):
        if not _is_header_line(earlier):
            break
        if _is_commenter(earlier):
            return False  # the name a reply answers, after its writer's
    for later in blocks[n + 1 : n + 1 + COMMENT_HEADER_BLOCKS]:
        if not isinstance(later, Para) or not _is_header_line(later):
            break  # the comment's text: its header is over
        if _is_commenter(later) or _REPLY_TO_RE.match(later.inline.text.strip()):
            return False
    return True


def _is_header_line(block: Block) -> bool:
    return isinstance(block, Para) and len(block.inline.text.split()) <= HEADER_LINE_MAX_WORDS


def _is_commenter(block: Block) -> bool:
    return isinstance(block, Para) and bool(_COMMENTER_RE.fullmatch(block.inline.text.strip()))


_THANKS_RE = re.compile(r"\bthank(?:s|\s+you)\b|\bthx\b", re.IGNORECASE)
# A comment's opening praise or thanks, sentence by sentence ("Great write-up. Thanks for
# sharing!"): what follows it may teach.
_PRAISE_RE = re.compile(
    r"^(?:(?:great|good|nice|excellent|awesome|lovely|thanks?|thank you|glad|love|\+1)\b"
    r"(?:[^.!?\n]|[.!?](?=\S)){0,80}[.!?]+(?:\s+|$))+",
    re.IGNORECASE,
)


def _block_line(block: Block) -> int:
    if isinstance(block, ListBlock):
        return block.items[0].line if block.items else -1
    return block.line


def _chat_sections(blocks: list[Block]) -> tuple[set[int], set[int]]:
    """The lines of headings over trip chat only ("[SUN 12:00] lunch", "food + travel"),
    and the first lines of the blocks under them, up to the next heading in the file
    (by line: an outline's headings and their bullets do not come in order)."""
    headings = sorted((b.line, flat(b.inline.text)) for b in blocks if isinstance(b, Heading))
    lines = [line for line, _ in headings]
    chat: list[tuple[int, int | None]] = []
    for line, title in headings:
        if debris.is_chat_heading(_talk_name(title) or title):
            after = bisect_right(lines, line)
            chat.append((line, lines[after] if after < len(lines) else None))
    # Each block looked up among the sections (they do not overlap), not against each one:
    # a file of many "## lunch" sections was quadratic.
    starts = [start for start, _ in chat]
    under = set()
    for block in blocks:
        at = _block_line(block)
        k = bisect_left(starts, at) - 1
        if not isinstance(block, Heading) and k >= 0:
            end = chat[k][1]
            if end is None or at < end:
                under.add(at)
    return set(starts), under


def _drafts(blocks: list[Block], doc: _Doc) -> list[_Draft]:
    talk_level = 2 if any(isinstance(b, Heading) and b.level >= 2 for b in blocks) else 1
    # The event the document's headings name, for every note: a pasted page's title is
    # just one more short line, and the next heading would close its frame.
    # (A talk heading that names one, "Karpenter at KubeCon EU 2024", names it for its
    # own notes only.)
    frames = (
        _frame(b, flat(b.inline.text), talk_level=talk_level, doc=doc)
        for b in blocks
        if isinstance(b, Heading) and not debris.is_debris(b.inline.text)
    )
    # Only a heading before the first talk's (or a talk's that names its own event) is the
    # page's title: one after the talks ("KubeCon NA 2022 notes") names another page.
    heading_conference = next(
        (f.conference for f in takewhile(lambda f: not f.talk or f.conference, frames)
         if f.conference and not f.talk),
        None,
    )  # fmt: skip
    stack: list[_Frame] = []
    # The event the last heading naming one named, its level, and whether headings sat
    # under it (then a heading beside it is past that event's section).
    named_above: str | None = None
    named_level: int | None = None
    nested = False
    section = 0
    lead: _Unit | None = None
    drafts: list[_Draft] = []
    chat_sections, chat_lines = _chat_sections(blocks)
    # "Written by Reto" over each section of a shared document is who wrote that section;
    # only a page's one "Written by ..." near its end is the author box.
    boxes = sum(
        1
        for b in blocks
        if isinstance(b, Heading | Para) and debris.starts_author_box(b.inline.text)
    )
    # A comment thread starts once; a line that comes back ("Leave a reply…" under each
    # comment of an issue) is a reply box between the comments, which are the notes.
    # (Marks in the first third are the menu's, not the thread's.)
    # (A chat's "2 replies", "3 replies" under its threads are no page's one comment
    # section.)
    said_at = (
        (n, flat(b.inline.text)) for n, b in enumerate(blocks) if isinstance(b, Heading | Para)
    )
    comment_marks = Counter(
        _counted(text)
        for n, text in said_at
        if (3 * n > len(blocks) or _REPLY_COUNT_RE.match(text)) and debris.starts_comments(text)
    )
    marker = _item_marker(blocks)
    item: _Unit | None = None  # a marked item that the next paragraphs go on
    in_comments = False  # past the post, in its comment thread
    for n, block in enumerate(blocks):
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        # (Above the post, in its first third, "comments" is a menu item.)
        past_post = bool(drafts) and 3 * n > len(blocks)
        said = block.inline.text if past_post and isinstance(block, Heading | Para) else ""
        if said and boxes == 1 and debris.starts_author_box(said):
            break  # the page's author box: bio and other posts, not the post
        if said and debris.starts_comments(said) and comment_marks[_counted(flat(said))] == 1:
            # The comment thread: praise and questions, but a colleague may add what a
            # talk taught. Only a comment that says something of the field stays, under
            # no talk of the post's.
            in_comments = True
            stack = [f for f in stack if not f.talk]
            continue
        if in_comments and isinstance(block, Para) and _starts_comment(blocks, n):
            stack = [f for f in stack if not f.talk]  # another commenter: not that talk's
        if (
            in_comments
            and isinstance(block, Para)
            and (quoted := _quoted_talk(block.inline.text, doc))
        ):
            # A comment that adds a talk names it in quotes ("I spent Thursday in
            # "CloudNativePG at 200 clusters" instead ..."): what it teaches is that
            # talk's, up to the next commenter's name.
            heading = Heading(talk_level, Inline(quoted), block.line)
            stack = [f for f in stack if not f.talk]
            stack.append(_frame(heading, quoted, talk_level=talk_level, doc=doc))
            section += 1
        if in_comments:
            if isinstance(block, Para) and (lesson := _lesson(block.inline.text, doc)):
                block = Para(block.line, Inline(lesson, block.inline.links, block.inline.tags))
            elif isinstance(block, ListBlock) and (
                taught := [i for i in block.items if _lesson(i.inline.text, doc)]
            ):
                block = ListBlock(taught)  # only the items that teach
            else:
                continue  # a heading, praise, a question: no note
        if isinstance(block, Heading):
            item = None
            title = flat(block.inline.text)
            if debris.is_debris(title):
                continue
            if block.level < talk_level and any(f.talk for f in stack):
                # Raw notes that underline one talk ("====") among "##" ones: a talk too,
                # not a new document title.
                block = Heading(talk_level, block.inline, block.line)
            frame = _frame(block, title, talk_level=talk_level, doc=doc)
            if block.line in chat_sections:
                frame = _Frame(block.level)
            above = [f for f in stack if f.level < block.level]
            if frame.talk and any(f.talk for f in above) and _is_aspect(title, doc.glossary):
                # "### What changed" under "## Prometheus 2.0": more of that talk.
                frame = _Frame(block.level, conference=frame.conference)
            if named_level is not None and block.level > named_level:
                nested = True  # the event's talks sit under it: its section ends with it
            elif named_level is not None and nested and not frame.conference:
                named_above, named_level = None, None  # "## Incident review" after it
            stack = [*above, frame]
            if frame.conference:
                named_above, named_level, nested = frame.conference, block.level, False
            section += 1
            continue
        if _block_line(block) in chat_lines:
            # Under "lunch" or "food + travel", only what names the field is kept (a talk
            # whose title line was not read as a heading may go on there).
            if isinstance(block, Para) and not _technical(block.inline.text, doc):
                continue
            if isinstance(block, ListBlock):
                block = ListBlock([i for i in block.items if _technical(i.inline.text, doc)])
                if not block.items:
                    continue
        led_by_quote: _Frame | None = None  # the talk a paragraph's quoted lead names
        if isinstance(block, Para):
            inline = block.inline
            if _aside(inline.text, doc):
                item = None
                continue
            lead = _lead_in(inline, block.line) if isinstance(following, ListBlock) else None
            if lead is not None and _is_own_section(inline.text):
                # "Action items:", "Next steps:" over a list: the write-up's own section,
                # not more of the talk above it (like a generic heading).
                stack = [f for f in stack if f.level < 2] + [_Frame(2)]
                section += 1
                lead = None
                continue
            if lead is not None:
                continue
            current = next((f for f in reversed(stack) if f.talk), None)
            opened = _talk_in_paragraph(inline.text, current, doc)
            if current is None and (quoted := _quoted_lead(inline.text, doc)) is not None:
                # '"DRA is GA, now what?": Dynamic Resource Allocation went GA ...': under
                # no talk, a paragraph that leads with a talk's title in quotes is about
                # that talk (the next one may be another comment: it is not).
                heading = Heading(talk_level, Inline(quoted), block.line)
                led_by_quote = _frame(heading, quoted, talk_level=talk_level, doc=doc)
            if opened is not None and current is not None:
                # A pasted post that names its next talk in a paragraph's first words.
                stack = [f for f in stack if f.level < current.level] + [
                    replace(opened, level=current.level)
                ]
                section += 1
            units = _pack(_units(inline, block.line), NOTE_LIMIT)
            marked = marker is not None and inline.text.lstrip().startswith(marker)
            if marked and marker is not None and units:
                # the emoji is the item's bullet, as "-" is a list item's
                units[0].text = units[0].text.lstrip().removeprefix(marker).lstrip("\ufe0f \t")
            if item is not None and not marked and len(units) == 1:
                if _link_only(units[0]) or _is_trivial(units[0].text):
                    pass  # a link under the item goes to it (see _keep)
                elif _went_on(item, units[0]):
                    continue
                else:
                    item = None
            else:
                item = units[0] if marked and len(units) == 1 else None
        else:
            item = None
            kept = _kept_items(block.items, doc)
            if not kept:
                continue
            units, lead = _list_units(ListBlock(kept), lead, doc), None
        talk = led_by_quote or next((f for f in reversed(stack) if f.talk), doc.talk)
        conference = doc.conference or next(
            (f.conference for f in reversed(stack) if f.conference),
            heading_conference
            or doc.title_conference
            or doc.file_conference
            or doc.body_conference
            # failing all those, the event a heading above named last: a digest's
            # "#observability > obscon24 day 2" over the talks of that day
            or named_above,
        )
        # The file's name may say the edition its title leaves out.
        conference = conferences.refined(conference, doc.file_conference)
        drafts.extend(_Draft(unit, section, talk, conference, in_comments) for unit in units)
    return drafts


# A social post's items: each one opens with the same emoji ("👉 Gateway API is ready
# ..."), and the lines under it, up to the next one, say more of it.
_ITEM_MARK_RE = re.compile(
    r"^\s*([\u2190-\u21ff\u25a0-\u25ff\u2700-\u27bf\U0001F300-\U0001FAFF]\ufe0f?)\s"
)
ITEM_MARKS_MIN = 3


def _item_marker(blocks: list[Block]) -> str | None:
    """The emoji that opens three or more of a pasted post's paragraphs, if one does."""
    marks = Counter(
        m.group(1).rstrip("\ufe0f")  # "👉" and "👉️" are one mark
        for b in blocks
        if isinstance(b, Para) and (m := _ITEM_MARK_RE.match(b.inline.text))
    )
    best = marks.most_common(1)
    return best[0][0] if best and best[0][1] >= ITEM_MARKS_MIN else None


def _went_on(item: _Unit, unit: _Unit) -> bool:
    """Adds a paragraph to the marked item before it, when it fits one note ("Cross-
    namespace routing only works with a ReferenceGrant" goes on "👉 Gateway API ...")."""
    if len(item.text) + 1 + len(unit.text) > NOTE_LIMIT:
        return False
    item.text = f"{item.text} {unit.text}"
    item.links = item.links + unit.links
    item.tags = item.tags + unit.tags
    return True


# "The OpenKruise talk was the most practical hour of the week": a pasted post that names
# its next talk in a paragraph's opening words.
_THE_TALK_RE = re.compile(
    r"^The\s+(?P<name>[A-Z][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*){0,3})\s+(?:talk|session)\b"
)


def _talk_in_paragraph(text: str, current: _Frame | None, doc: _Doc) -> _Frame | None:
    """The talk a paragraph opens ("The OpenKruise talk was ..."), when it names a
    project other than the current talk's."""
    if current is None:
        return None
    the_talk = _THE_TALK_RE.match(text.strip())
    if the_talk is None:
        return None
    named = doc.glossary.tags_for(the_talk["name"])
    held = {*current.talk_tags, *doc.glossary.tags_for(current.subject or "")}
    if not named or any(tag in held for tag in named):
        return None
    name = f"{the_talk['name']} talk"
    return _Frame(current.level, name, tuple(named), current.conference, the_talk["name"])


def _is_aspect(title: str, glossary: Glossary) -> bool:
    """A sub-heading that names no subject of its own, only an aspect of the one above
    ("What changed", "How it works", "Lessons learned"): no term of the field, no name,
    no number."""
    words = re.findall(r"[\w'.-]+", title)
    return (
        bool(words)
        and not glossary.tags_for(title)
        and not any(ch.isdigit() for ch in title)
        and all(w.islower() or w in {"I", "Q&A"} for w in words[1:])
    )


def _kept_items(items: list[Item], doc: _Doc) -> list[Item]:
    """A list's items that are no debris or chat. An item of page debris ("PL23 Denver
    (2023-05-23) #perconalive", read as a dated line) does not take the notes under it
    along: they stand in its place."""
    kept: list[Item] = []
    for item in items:
        if not _aside(item.inline.text, doc):
            kept.append(item)
        elif item.children and debris.is_debris(item.inline.text):
            # (under trip chat, "Food", the items are chat too)
            kept += _kept_items(regrouped(item.children), doc)
    return kept


def _aside(text: str, doc: _Doc) -> bool:
    """Page debris or trip chat: not a learning."""
    if debris.is_debris(text):
        return True
    return debris.is_chat(text, technical=bool(doc.glossary.tags_for(text)))


_REPLY_COUNT_RE = re.compile(r"^\d+(?= repl(?:y|ies)\b)")


def _counted(text: str) -> str:
    """A chat thread's count of replies, whatever its number: "3 replies" is "2 replies"
    again (a page's "2 comments" under a list of other posts is its own line)."""
    return _REPLY_COUNT_RE.sub("0", text)


def _keep(drafts: list[_Draft]) -> list[_Draft]:
    """Drop trivially short notes; their links and #tags go to a note of the same section."""
    kept: list[_Draft] = []
    waiting: dict[int, _Unit] = {}
    for draft in drafts:
        unit = draft.unit
        if _is_trivial(unit.text) or _link_only(unit):
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


def _names(tag: str, words: set[str], terms: list[str]) -> bool:
    """Whether a text (its word stems and glossary tags) names a tag ("container-images")."""
    return tag in terms or {stem(w) for w in tag.split("-") if w} <= words


def _file_tags(drafts: list[_Draft], doc: _Doc) -> list[list[str]]:
    """The front-matter tags each note gets. They describe the write-up, not each note:
    a tag goes to the notes that name it (in their words or their talk's), so a post
    tagged webassembly does not make its Kepler notes answers about WebAssembly. A tag
    no note names ("trip-report") is about the whole file and goes to every note."""
    if not doc.tags:
        return [[] for _ in drafts]
    named: list[list[str]] = []
    for draft in drafts:
        said = f"{_with_subject(draft.unit.text, draft.talk)} {draft.talk.talk or ''}"
        words = {t.stem for t in tokens(said)}
        terms = doc.glossary.tags_for(said)
        named.append([tag for tag in doc.tags if _names(tag, words, terms)])
    unnamed = [tag for tag in doc.tags if not any(tag in tags for tags in named)]
    return [[tag for tag in doc.tags if tag in tags or tag in unnamed] for tags in named]


def _note(draft: _Draft, doc: _Doc, file_tags: list[str]) -> Note:
    # ("12/19 - Argo CD needs a custom Lua health check": the post's number says nothing)
    text = _with_subject(_without_thread_number(draft.unit.text), draft.talk)
    # Tags from the note's own words (and the front-matter tags it names), never from a
    # neighbour: a note under "Karpenter deep dive" that talks about spot pools is not
    # tagged #karpenter for its heading (search still finds it by its talk).
    tags = [*draft.unit.tags, *file_tags, *doc.glossary.tags_for(text)]
    return Note(
        text=text,
        line=draft.unit.line,
        talk=draft.talk.talk,
        conference=draft.conference,
        tags=tuple(dict.fromkeys(tags))[:MAX_TAGS],
        links=tuple(dict.fromkeys(draft.unit.links))[:MAX_LINKS],
        source_url=doc.source_url,
        event_date=doc.event_date or doc.undated_day,
        author=None if draft.comment else doc.author,
    )


# "Subject: FW: RE: ..." (a reply's prefix has a space after it: "re:Invent" is no reply)
_SUBJECT_RE = re.compile(
    r"(?i)^subject(?::|\t)\s*(?:(?:re|fwd?|aw|wg|tr)\s*:(?:\s+|(?=(?:re|fwd?|aw|wg|tr)\s*:)))*"
    r"(?P<title>.+)$"
)


def notes_of_file(
    source: str, name: str, *, glossary: Glossary, today: date | None = None
) -> list[Note]:
    """The notes of a file, read by its name's suffix (Markdown, Org mode, text...)."""
    kind = markup.note_format(name)
    return notes_of_kind(source, kind, name=name, glossary=glossary, today=today)


def notes_of_kind(
    source: str, kind: str, *, name: str, glossary: Glossary, today: date | None = None
) -> list[Note]:
    """The notes of a file of a kind (markup.NOTE_FORMATS): Org mode, reStructuredText and
    AsciiDoc are rewritten as Markdown and read as such, a saved mail as its text."""
    if kind == "text" and tana.is_tana_paste(source):  # a ".txt" copied out of Tana
        source, kind = tana.tana_to_markdown(source), "markdown"
    if markup.is_rewritten(kind):
        source, kind = markup.rewritten(source, kind)
    markdown = kind == "markdown"
    return split_notes(source, glossary=glossary, markdown=markdown, name=name, today=today)


# A year in a file's name: "notes-2024-03.md", "kcd-oslo-2024.txt" (never two digits after
# a month: "jul17" is as likely the 17th of July).
_FILE_NAME_YEAR_RE = re.compile(r"(?<![a-z0-9])20\d{2}(?!\d)", re.IGNORECASE)


def _opening_event(text: str, year: int | None) -> conferences.Found | None:
    """The event an opening paragraph names: any one its own name says, if the paragraph
    is a title ("... took home from GrafanaCON 2023", over a Medium byline); otherwise only
    an event the importer knows (prose names "the con" and "a summit" in passing)."""
    found = conferences.find(text, year_hint=year)
    if found is None and is_post_title(text):
        named = _named_conference(text, year)
        if named is not None:
            return conferences.Found(named[0], *named[1])
    return found


def _event_the_file_names(top: list[str], name: str, year: int | None) -> str | None:
    """The first event named on one of the `top` lines whose name, run together, is in
    the file's name too: "JSConf EU 2019 Berlin - talk notes" in
    "trello-fe-guild-jsconfeu19-card.txt", "DockerCon SF '19" in "...-dockercon-sf-19"."""
    stem = re.sub(r"[\W_]", "", name.lower())
    for whole in top:
        line = whole.strip()[:200]  # a long line's opening ("Next '19 live notes 🧵 ...")
        if not line:
            continue
        found = _opening_event(line, year)
        if found is None:
            continue
        event = found.name
        # The event's own words (its name without edition and year) run together, or
        # the first of them ("DockerCon San Francisco 2019": "dockercon").
        words = _EDITION_RE.sub("", event).lower().split()
        for n in range(len(words), 0, -1):
            said = re.sub(r"[\W_]", "", "".join(words[:n]))
            if len(said) >= EVENT_IN_FILE_NAME_MIN_CHARS and said in stem:
                return event
        # Or one of its words with its year's two digits: "Next '19" in "...-next19-sf".
        event_year = _EVENT_YEAR_RE.search(event)
        if event_year and any(
            len(w) >= 4
            and re.search(rf"(?<![a-z]){re.escape(w)}[\W_]?{event_year[1]}(?!\d)", name.lower())
            for w in re.findall(r"[a-z]+", " ".join(words))
        ):
            return event
    return None


# The year in an event's display name ("KubeCon NA 2019"), and its last two digits.
_EVENT_YEAR_RE = re.compile(r"\b(?:19|20)(\d{2})\b")
# Fewer letters than this say too little to recognise an event in a file's name ("red").
EVENT_IN_FILE_NAME_MIN_CHARS = 6


# (no "[" inside, so each is read up to the next one only: 10,000 "[[" took 7 s)
_WIKILINK_RE = re.compile(r"\[\[(?:[^\[\]|\n]*+\|)?([^\[\]|\n]++)\]\]")


def _file_name_year(name: str) -> int | None:
    # ("jul17" and "nov22" in a name may be days as well as years: not read.)
    full = _FILE_NAME_YEAR_RE.search(name)
    return int(full.group()) if full else None


def _abbreviated_year(name: str, event: str) -> tuple[int, str] | None:
    """The year a file's name gives an event it says short, and the region it adds:
    "gc24-chi-notes" for GopherCon (its initials), "gceu23" for GopherCon EU, "ksl23" for
    Kafka Summit London, "sre18-dus" for SREcon (its first letters). A version ("pg16",
    "java21") or a sprint ("sprint14") abbreviates no event the notes name: no year."""
    words = _NAME_PARTS_RE.findall(_EDITION_RE.sub("", event))
    initials = "".join(w[0] for w in words).lower()
    squashed = "".join(words).lower()
    for match in _SHORT_YEAR_RE.finditer(name.lower()):
        letters, year = match["letters"], 2000 + int(match["year"])
        if initials.startswith(letters) or (len(letters) >= 3 and squashed.startswith(letters)):
            return year, ""
        region = letters.removeprefix(initials)
        if len(initials) >= 2 and region != letters and region in _SHORT_REGIONS:
            return year, _SHORT_REGIONS[region]
    return None


# A region after an event's initials in a file's name: "gceu23" is GopherCon EU 2023.
_SHORT_REGIONS = {"eu": "EU", "na": "NA", "uk": "UK", "us": "US", "in": "India"}


def _with_short_year(event: str | None, name: str) -> str | None:
    """An event named without its year, with the year its file's short name gives."""
    said = _abbreviated_year(name, event) if event and not _EVENT_YEAR_RE.search(event) else None
    if event is None or said is None:
        return event
    year, region = said
    region = "" if not region or region in event.split() else f" {region}"
    return f"{event}{region} {year}"


# An event's words, its name's capitals apart ("GopherCon": Gopher, Con; "SREcon": SR, Econ).
_NAME_PARTS_RE = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+")
# Letters, then a year from 2014 on, alone in a file's name: "gc24", "ksl23", "kc15".
_SHORT_YEAR_RE = re.compile(
    r"(?<![a-z0-9])(?P<letters>[a-z]{2,6})(?P<year>1[4-9]|2\d|3[0-5])(?!\d)"
)


# A line's opening run of #tags and bullet marks (read once per line: the tags before
# each one read again were quadratic on a line of many).
_TAGS_LEAD_RE = re.compile(r"(?:#[\w/.-]++|[ \t*-])*+")


def _tags_lead(line: str) -> int:
    """Where a line's opening #tags and bullet marks end."""
    lead = _TAGS_LEAD_RE.match(line)
    return lead.end() if lead else 0


_EVENT_HASHTAG_RE = re.compile(r"(?<![\w#&/])#([A-Za-z][\w.-]{2,40})")
_TAG_PATH_RE = re.compile(r"(?<![\w#])#([\w-]{1,40}(?:/[\w-]{1,40}){1,4})")
# Text copied out of a PDF keeps its typeset ligatures ("ﬁrst"): words search must find.
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st"}
)  # fmt: skip


def _heading_year(parsed: Document) -> int | None:
    """The year of the event a heading at the top names: "Cloud Native SecurityCon NA 2024
    - Seattle, 26-27 June - my scribbles" (a title read as a heading, not the doc's)."""
    for block in parsed.blocks[:TOP_BLOCKS]:
        found = conferences.find(flat(block.inline.text)) if isinstance(block, Heading) else None
        if found is not None and (year := _EVENT_YEAR_RE.search(found.name)):
            return int(year.group())
    return None


TOP_BLOCKS = 5  # the blocks at the top where a title heading may be


def split_notes(
    source: str,
    *,
    glossary: Glossary,
    markdown: bool = True,
    name: str = "",
    today: date | None = None,
) -> list[Note]:
    """Takeaway-sized notes from a notes file; `markdown=False` for plain-text (.txt) files.
    `name`, the file's name, may say the conference ("kubecon-na-2023-chicago.md");
    `today` (the day it is read, by default) dates a day said with its weekday only.

    Plain text still understands `#` and underlined headings, bullets, `>` quotes, front
    matter, fences and `|` tables, but keeps `*`, `_`, `<...>` and `[...]` as written.
    """
    source = source.translate(_LIGATURES)
    parsed = parse_markdown(source) if markdown else parse_plain_text(source)
    # A post's date and author are in its byline, near the top.
    lines = source.splitlines()
    top = lines[:25]
    posted = debris.first_date("\n".join(top))
    doc = _document(parsed.front_matter, glossary, name=name, posted=posted)
    if doc.event_date is None:
        doc = replace(doc, dated_year=debris.numeric_date_year("\n".join(top)))
    if doc.author is None:
        doc = replace(doc, author=debris.byline_author(top))
    # Front matter's "event: KubeCon EU 2024" over a title naming the day held next to it
    # ("Cloud Native Wasm Day EU 2024"): the day is the finer name.
    # ("conference: [[KubeCon]]" over "title: KubeCon + CloudNativeCon North America 2021":
    # the title says which.)
    finer = conferences.finer(doc.conference, doc.title_conference)
    doc = replace(
        doc, conference=finer or conferences.refined(doc.conference, doc.title_conference)
    )
    named_as, dated = doc.conference, doc.event_date
    year_said = _EVENT_YEAR_RE.search(named_as or "")
    if (
        named_as
        and dated
        and not _NUMBERED_EDITION_RE.search(named_as)
        and (year_said is None or year_said.end() == len(named_as))
    ):
        # "event: stackconf" over "date: 2023-09-13": the 2023 edition, one name for it;
        # a day held next to KubeCon, with the region of the KubeCon of its month
        # ("Cilium + eBPF Day" on 2025-04-01: "Cilium + eBPF Day EU 2025")
        name = named_as[: year_said.start()].rstrip() if year_said else named_as
        region = conferences.kubecon_region_in(dated.year, dated.month)
        if not conferences.held_next_to_kubecon(name) or set(name.split()) & conferences.EDITIONS:
            region = None
        parts = (name, region, year_said.group() if year_said else str(dated.year))
        doc = replace(doc, conference=_clip(" ".join(p for p in parts if p), CONFERENCE_LIMIT))
    named_year = (
        doc.year
        or _file_name_year(name)
        or debris.month_year("\n".join(top[:3]))
        # An issue page's activity log ("Created: 27/Mar/25", "Updated: 02/Apr/25"):
        # every date the file says is of one year.
        or debris.agreed_year("\n".join(lines))
        # A day with its weekday near the top ("wed 16.11  #promcon  day 1", a mail
        # client's "Mon, Mar 25, 10:14 AM"): the year that day was that weekday.
        or debris.weekday_year("\n".join(top), today or date.today())
        # A page copied with its footer ("LinkedIn Corporation © 2023"): the year it was
        # read, for an event named without one when nothing else dates the page.
        or debris.copyright_year(lines[-40:])
    )
    doc = replace(doc, named_year=named_year)
    if doc.file_conference and named_year and not _EVENT_YEAR_RE.search(doc.file_conference):
        # "PLAT-2231-argocon-eu-learnings.txt": the file's name says the event, the page's
        # dates its year.
        doc = replace(doc, file_conference=conferences.from_file_name(name, year_hint=named_year))
    subject = next((m for line in top if (m := _SUBJECT_RE.match(line.strip()))), None)
    if doc.title_conference is None and subject is not None:
        # An e-mail recap names its event in its subject line ("Fwd: KubeCon NA 2020 ...").
        doc = replace(doc, title_conference=_title_conference(flat(subject["title"]), named_year))
    if doc.title_conference is None and parsed.blocks:
        # Raw notes open with their title as plain text ("ArgoCon North America 2024 -
        # raw notes (co-located day, SLC)") and go straight on, so it is no heading.
        first = parsed.blocks[0]
        if isinstance(first, Para):
            line = first.inline.text.strip().split("\n", 1)[0]
            found = _title_conference(flat(line), named_year) if len(line) <= 160 else None
            doc = replace(doc, title_conference=found)
            if found is not None:  # the notes' title line is no note; what follows is
                text = first.inline.text.strip()
                if "\n" in text:
                    rest = Inline(text.split("\n", 1)[1], first.inline.links, first.inline.tags)
                    parsed.blocks[0] = Para(first.line + 1, rest)
                else:
                    parsed.blocks.pop(0)
    lead = parsed.blocks[0] if parsed.blocks else None
    if isinstance(lead, OutlineHeading) and _named_conference(lead.inline.text, None):
        # An outline's first item naming an event ("Wed 11 Sep — eBPF Summit 2024 day") is
        # the page's title: the talks after it are under it.
        parsed.blocks[0] = Heading(1, lead.inline, lead.line)
    if doc.title_conference is None and doc.file_conference is None:
        # "... spent the first week of October at SREcon19 EMEA": named only in passing.
        paragraphs = (b.inline.text for b in parsed.blocks if isinstance(b, Para))
        opening = islice((t for t in paragraphs if not debris.is_debris(t)), 5)
        # A note app's nested tags say it too: "#conf/gophercon-eu/2024" (Bear, Obsidian).
        tagged = (
            " ".join(re.split(r"[/_-]", t)) for line in top for t in _TAG_PATH_RE.findall(line)
        )
        # Failing those, a hashtag that names an event, opening a line anywhere
        # ("#cfgmgmtcamp in Ghent" in a newsletter's third section, "#DoKday co-lo day"): a
        # label its writer chose (one in passing, "reuse her #SREcon23 deck", is none).
        hashtags = []
        for row, line in enumerate(map(debris.plain_hashtags, lines)):
            # on the notes' first line, after their title: "PL23 Denver #perconalive"
            tags_end = len(line) if row == 0 else _tags_lead(line)
            hashtags += [m.group(1) for m in _EVENT_HASHTAG_RE.finditer(line, 0, tags_end)]
        tag_paths = [f for t in tagged if (f := conferences.find(t, year_hint=named_year))]
        hashtagged = [f for t in hashtags if (f := conferences.find(t, year_hint=named_year))]
        said = (f for t in opening if (f := _opening_event(t, named_year)))
        named = next(chain(tag_paths, said, hashtagged), None)
        labels = tag_paths + hashtagged
        body = named.name if named else None
        # "#conf/kubecon-eu-25 #PlatEngDay": a day held next to it that a tag names is the
        # finer name.
        tagged_finer = next((n for t in labels if (n := conferences.finer(body, t.name))), None)
        doc = replace(doc, body_conference=tagged_finer or body)
    if not doc.names_event:
        # A page copied with its app's menus over its title ("SharePoint", "Home", "News",
        # ... "Red Hat Summit 2024: what we brought back"): an event named near the top
        # that the file's name names too ("sharepoint-news-red-hat-summit-2024-denver").
        doc = replace(doc, body_conference=_event_the_file_names(top, name, named_year))
    if not doc.names_event and any(map(conferences.says_kubecon, lines)):
        # "Valencia 2022 - what we brought back" over "our first in-person KubeCon since
        # Barcelona": the KubeCon of the city and year its title or file name says (its
        # first line or first heading: not any line of a page's menus).
        heading = next((b.inline.text for b in parsed.blocks if isinstance(b, Heading)), "")
        titles = [next((t for t in top if t.strip()), ""), heading, name]
        city_named = (conferences.kubecon_of_city(t) for t in titles)
        doc = replace(doc, body_conference=next(filter(None, city_named), None))
    # "#gophercon" in gc24-chi-notes.txt: GopherCon 2024.
    doc = replace(
        doc,
        conference=_with_short_year(doc.conference, name),
        title_conference=_with_short_year(doc.title_conference, name),
        file_conference=_with_short_year(doc.file_conference, name),
        body_conference=_with_short_year(doc.body_conference, name),
    )
    if doc.event_date is None and (day := debris.month_day("\n".join(top))):
        # A chat or raw notes date their days without the year ("Apr 29", "tue 12 nov"):
        # the event's year says it, and the answer shows 2019, not the import's day.
        event = doc.conference or doc.title_conference or doc.file_conference
        event_year = _EVENT_YEAR_RE.search(event or doc.body_conference or "")
        year = int(event_year.group()) if event_year else doc.named_year or _heading_year(parsed)
        if year:
            with suppress(ValueError):
                doc = replace(doc, undated_day=date(year, *day))
    if day_held := doc.event_date or doc.undated_day:
        # "Fwd: Istio Day recap" mailed on Mon, Mar 25: the Istio Day of KubeCon EU 2024.
        doc = replace(
            doc,
            title_conference=conferences.with_kubecon_region(doc.title_conference, day_held),
            file_conference=conferences.with_kubecon_region(doc.file_conference, day_held),
            body_conference=conferences.with_kubecon_region(doc.body_conference, day_held),
        )
    drafts = _keep(_drafts(parsed.blocks, doc))
    return [
        _note(draft, doc, tags) for draft, tags in zip(drafts, _file_tags(drafts, doc), strict=True)
    ]
