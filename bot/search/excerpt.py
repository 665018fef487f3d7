"""The part of a takeaway that answers a question: all of a short one, else its
best-matching sentence(s), cut to a length people skim, with the words of the question
marked (for bold in Slack).

Pure: text and the stems to mark in, runs of (text, marked) out; no Slack markup here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.search.text import stem, tokens

EXCERPT_CHARS = 200
# A sentence ends at a stop followed by a space (or the end): the dots of
# "pyproject.toml", "setup.py" or "v1.29" are not the end of one.
# (Found end by end, each stop read once: a long run of dots costs no more than its length.)
_SENTENCE_END_RE = re.compile(r"(?<![.!?…])[.!?…]++['\")\]]*+(?=\s|$)\s*")
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019\-.][^\W_]+)*")


@dataclass(frozen=True)
class Excerpt:
    runs: list[tuple[str, bool]]  # text pieces, and whether each is a query word
    cut: bool  # the takeaway holds more than this

    @property
    def text(self) -> str:
        return "".join(piece for piece, _ in self.runs)


def stems_of(words: Iterable[str]) -> frozenset[str]:
    """The stems of these words and phrases, as `excerpt` matches them."""
    return frozenset(t.stem for word in words for t in tokens(word) if not t.joined)


def _marked(word: str, stems: frozenset[str]) -> bool:
    lowered = word.lower()
    return stem(lowered) in stems or any(t.stem in stems for t in tokens(lowered))


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for end in _SENTENCE_END_RE.finditer(text):
        if text[start : end.end()].strip():
            spans.append((start, end.end()))
        start = end.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def excerpt(text: str, stems: frozenset[str], limit: int = EXCERPT_CHARS) -> Excerpt:
    """A note that fits `limit` whole; else the sentence naming the most query words (the
    first one if none does), and the sentences after it while they fit; a sentence too
    long is cut around its first query word. Whitespace is folded; `cut` tells whether
    anything was left out."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        # A note that fits is shown whole: its subject ("Kueue: ...") stays in front.
        return Excerpt(_runs(flat, stems), cut=False)
    spans = _sentences(flat)
    scores = [
        len(
            {
                stem(m.group().lower())
                for m in _WORD_RE.finditer(flat[a:b])
                if _marked(m.group(), stems)
            }
        )
        for a, b in spans
    ]
    best = max(range(len(spans)), key=lambda i: (scores[i], -i))
    start, end = spans[best]
    for _, b in spans[best + 1 :]:
        if b - start > limit:
            break
        end = b
    if end - start > limit:
        first = next(
            (m.start() for m in _WORD_RE.finditer(flat, start, end) if _marked(m.group(), stems)),
            start,
        )
        start = max(start, flat.rfind(" ", start, max(start, first - limit // 3)) + 1)
        end = start + limit
        cut_at = flat.rfind(" ", start, end)
        end = cut_at if cut_at > start else end
    piece = flat[start:end].strip()
    lead = "…" if start > 0 else ""
    tail = "" if end >= len(flat.rstrip()) else (" …" if piece[-1:] in ".!?…" else "…")
    return Excerpt(_runs(lead + piece + tail, stems), cut=bool(lead or tail))


def _runs(text: str, stems: frozenset[str]) -> list[tuple[str, bool]]:
    runs: list[tuple[str, bool]] = []
    pos = 0
    for match in _WORD_RE.finditer(text):
        if not _marked(match.group(), stems) or _in_identifier(text, match):
            continue
        if match.start() > pos:
            runs.append((text[pos : match.start()], False))
        runs.append((match.group(), True))
        pos = match.end()
    if pos < len(text):
        runs.append((text[pos:], False))
    return runs


def _in_identifier(text: str, match: re.Match[str]) -> bool:
    """A word inside a name joined by underscores ("pg" in "pg_basebackup"): marking it
    would cut the name in two ("*pg*_basebackup") and can turn what follows to italics."""
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return "_" in (before, after)
