"""Near-duplicate takeaways: the same talk written up twice, or the same point in other
words. Pure: the index (bot.search.index) finds candidates from its postings; this module
says how alike two notes are and whether that is a duplicate.

A note's features are the stems of its words (text and talk title, stopwords left out)
and the glossary concepts it names, so "VPA" and "vertical pod autoscaler", or
"consolidates" and "consolidation", meet. Each feature weighs its rarity in the workspace
(BM25's idf): sharing "karpenter" and "consolidate" says much more than sharing
"cluster". Likeness is the weighted Dice coefficient of the two texts' feature sets, 0
to 1; the talk title helps find candidates and counts on its own (same talk).
Thresholds were set on the labelled pairs of benchmarks/duplicates.toml (see
docs/benchmarks.md for precision and recall).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.search import ranking
from bot.search.glossary import Glossary
from bot.search.index import CONCEPT_PREFIX
from bot.search.text import LINK_RE, is_stopword, tokens

# Likeness from which two notes are the same point in other words.
SIMILAR_TEXT = 0.5
# Two people's notes on the same talk are offered to be merged when their texts share at
# least this much (0: always; "Add my angle" is what notes on one talk are for).
SAME_TALK = 0.0
# Candidates read from the index for each new note: the closest by shared rare features.
CANDIDATES = 8
# Features of the new note the candidate search uses: its rarest ones.
QUERY_FEATURES = 16
# A feature in more than this share of notes tells nothing (and its postings are long).
COMMON_SHARE = 0.05
COMMON_FLOOR = 50
# A workspace of a few notes says little about which words are common: weigh as if
# among at least this many notes (nearly even weights), so two notes on one topic in a
# young workspace are not kept apart by the words only one of them has.
MIN_DOCUMENTS = 1000

# Related takeaways (shown under answers and saves) share at least this much, or a talk.
RELATED = 0.15

Reason = Literal["same talk", "similar text", "related"]


class Frequencies(Protocol):
    """What weighing features needs from an index (bot.search.index.TeamIndex)."""

    def live_count(self) -> int: ...

    def feature_frequency(self, feature: str) -> int: ...


class Candidates(Frequencies, Protocol):
    """An index that finds candidates (bot.search.index.TeamIndex)."""

    def overlapping(
        self, weighted: Sequence[tuple[str, float]], *, limit: int, exclude: int | None = None
    ) -> list[int]: ...


@dataclass(frozen=True)
class Note:
    """What likeness reads of a takeaway."""

    text: str
    talk: str | None
    author: str


@dataclass(frozen=True)
class Likeness:
    score: float  # 0..1
    reason: Reason


def concept_feature(tag: str) -> str:
    return CONCEPT_PREFIX + tag


def features(note: Note, glossary: Glossary, *, talk: bool = True) -> frozenset[str]:
    """Word stems (no stopwords, no single characters, no bare numbers, nothing of a web
    address: "https" is no topic) and concepts, of the text and (with `talk`) the talk
    title."""
    toks = tokens(LINK_RE.sub(" ", f"{note.text}\n{note.talk or '' if talk else ''}"))
    stems = {
        t.stem
        for t in toks
        if len(t.surface) > 1 and not t.surface.isdigit() and not is_stopword(t.surface)
    }
    concepts = {concept_feature(m.tag) for m in glossary.match(toks)}
    return frozenset(stems | concepts)


def weights(found: Iterable[str], freq: Frequencies) -> dict[str, float]:
    """Each feature's weight: its idf in the workspace (a feature nobody else has weighs
    the most)."""
    live = freq.live_count()
    documents = max(live, MIN_DOCUMENTS)
    return {f: ranking.idf(min(freq.feature_frequency(f), live), documents) for f in found}


def query_features(weighted: Mapping[str, float], freq: Frequencies) -> list[tuple[str, float]]:
    """The rarest features, for finding candidates; the very common ones are left out."""
    common = max(COMMON_FLOOR, int(freq.live_count() * COMMON_SHARE))
    kept = [(f, w) for f, w in weighted.items() if freq.feature_frequency(f) <= common]
    kept.sort(key=lambda pair: (-pair[1], pair[0]))
    return kept[:QUERY_FEATURES]


def dice(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Weighted Dice coefficient: shared weight over the mean of both weights."""
    total = sum(a.values()) + sum(b.values())
    if total <= 0:
        return 0.0
    shared = sum(w for f, w in a.items() if f in b) + sum(w for f, w in b.items() if f in a)
    return shared / total


def _talk_key(talk: str | None) -> str:
    return re.sub(r"[\W_]+", " ", (talk or "").lower()).strip()


def judge(new: Note, other: Note, score: float) -> Likeness | None:
    """Whether `other` is a near-duplicate of `new`, and why; None when it is not."""
    talk = _talk_key(new.talk)
    if talk and talk == _talk_key(other.talk) and new.author != other.author and score >= SAME_TALK:
        return Likeness(score, "same talk")
    if score >= SIMILAR_TEXT:
        return Likeness(score, "similar text")
    return None


def related(new: Note, other: Note, score: float) -> Likeness | None:
    """Whether `other` is worth reading next to `new`: the same talk, or enough shared."""
    talk = _talk_key(new.talk)
    if score >= RELATED or (talk and talk == _talk_key(other.talk)):
        return Likeness(score, "related")
    return None


Judge = Callable[[Note, Note, float], Likeness | None]


def candidates(
    note: Note, index: Candidates, glossary: Glossary, *, exclude: int | None = None
) -> list[int]:
    """The notes most worth judging against `note`, from the index's postings of its
    rarer words, the talk title's included: notes on the same talk are found too."""
    searched = weights(features(note, glossary), index)
    return index.overlapping(query_features(searched, index), limit=CANDIDATES, exclude=exclude)


def judged(
    note: Note,
    others: Mapping[int, Note],
    index: Frequencies,
    glossary: Glossary,
    *,
    verdict: Judge = judge,
) -> list[tuple[int, Likeness]]:
    """Which of `others` `note` is a near-duplicate of (or, with verdict=related, related
    to), closest first. Likeness compares the texts alone: one person's notes on one talk
    all share its title, and are not duplicates for that."""
    mine = weights(features(note, glossary, talk=False), index)
    found = []
    for other_id, other in others.items():
        theirs = weights(features(other, glossary, talk=False), index)
        likeness = verdict(note, other, dice(mine, theirs))
        if likeness is not None:
            found.append((other_id, likeness))
    found.sort(key=lambda pair: (-pair[1].score, pair[0]))
    return found


def near_duplicates(
    note: Note,
    index: Candidates,
    glossary: Glossary,
    read: Callable[[list[int]], Mapping[int, Note]],
    *,
    exclude: int | None = None,
    verdict: Judge = judge,
) -> list[tuple[int, Likeness]]:
    """candidates, read (`read`: ids -> notes, those still there), then judged."""
    others = read(candidates(note, index, glossary, exclude=exclude))
    return judged(note, others, index, glossary, verdict=verdict)
