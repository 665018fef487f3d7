"""Search behind one interface, so the engine can be replaced without touching callers.

This first engine keeps, per workspace, an inverted index of the words of each field
and matches each query word against the vocabulary with rapidfuzz (typo tolerant),
rebuilding when the workspace's content version changes (any replica's write bumps it).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from storage import repositories as repo
from storage.models import Takeaway

WORD_RE = re.compile(r"\w+")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "anything",
        "are",
        "about",
        "at",
        "be",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "learn",
        "learned",
        "learnt",
        "me",
        "of",
        "on",
        "or",
        "our",
        "so",
        "some",
        "talk",
        "talked",
        "tell",
        "that",
        "the",
        "their",
        "there",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
    ]
)
# How much a match in each field counts; a tag is a deliberate label, text is prose.
FIELD_WEIGHTS = {"tags": 1.0, "talk": 0.9, "conference": 0.8, "text": 0.85}
MIN_WORD_SCORE = 75.0


@dataclass(frozen=True)
class Hit:
    takeaway: Takeaway
    score: float


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    suggestions: list[str] = field(default_factory=list)


class SearchEngine(Protocol):
    def search(
        self,
        session: Session,
        *,
        team_id: str,
        text: str,
        flt: repo.TakeawayFilter,
        limit: int,
    ) -> SearchResult: ...


def query_words(text: str) -> list[str]:
    words = [w for w in WORD_RE.findall(text.lower()) if w not in STOPWORDS]
    return list(dict.fromkeys(words))


@dataclass
class _TeamIndex:
    version: int
    # field -> word -> ids
    postings: dict[str, dict[str, set[int]]]
    vocabulary: list[str]
    created: dict[int, float]


def _build_index(version: int, takeaways: list[Takeaway]) -> _TeamIndex:
    postings: dict[str, dict[str, set[int]]] = {f: defaultdict(set) for f in FIELD_WEIGHTS}
    created: dict[int, float] = {}
    for t in takeaways:
        created[t.id] = t.created_at.timestamp()
        fields = {
            "text": t.text,
            "tags": " ".join(t.tags),
            "talk": t.talk or "",
            "conference": t.conference or "",
        }
        for name, value in fields.items():
            for word in WORD_RE.findall(value.lower()):
                postings[name][word].add(t.id)
    vocabulary = sorted({w for field_postings in postings.values() for w in field_postings})
    return _TeamIndex(version=version, postings=postings, vocabulary=vocabulary, created=created)


class FuzzySearch:
    """Typo-tolerant word matching over text, tags, conference and talk."""

    def __init__(self) -> None:
        self._indexes: dict[str, _TeamIndex] = {}
        self._lock = threading.Lock()

    def _index(self, session: Session, team_id: str) -> _TeamIndex:
        version = repo.content_version(session=session, team_id=team_id)
        with self._lock:
            index = self._indexes.get(team_id)
            if index is None or index.version != version:
                index = _build_index(
                    version, repo.iter_team_takeaways(session=session, team_id=team_id)
                )
                self._indexes[team_id] = index
            return index

    def search(
        self,
        session: Session,
        *,
        team_id: str,
        text: str,
        flt: repo.TakeawayFilter,
        limit: int,
    ) -> SearchResult:
        index = self._index(session, team_id)
        words = query_words(text)
        scores: dict[int, float] = defaultdict(float)
        if words:
            for word in words:
                best: dict[int, float] = {}
                for term, ratio, _ in process.extract(
                    word, index.vocabulary, scorer=fuzz.ratio, score_cutoff=MIN_WORD_SCORE, limit=20
                ):
                    for name, weight in FIELD_WEIGHTS.items():
                        for doc_id in index.postings[name].get(term, ()):
                            value = ratio * weight
                            if value > best.get(doc_id, 0.0):
                                best[doc_id] = value
                for doc_id, value in best.items():
                    scores[doc_id] += value / len(words)
        else:
            # Filters only ("ask #karpenter"): every note qualifies; newest first.
            scores = defaultdict(float, dict.fromkeys(index.created, 100.0))

        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -index.created.get(kv[0], 0.0)))
        # Filters are applied on the stored rows, so they mean the same as in `list`.
        hits: list[Hit] = []
        batch = 200
        for start in range(0, len(ranked), batch):
            chunk = ranked[start : start + batch]
            rows = repo.get_takeaways(session=session, team_id=team_id, ids=[i for i, _ in chunk])
            for doc_id, score in chunk:
                row = rows.get(doc_id)
                if row is not None and _matches(row, flt):
                    hits.append(Hit(takeaway=row, score=round(score, 1)))
                    if len(hits) == limit:
                        return SearchResult(query=text, hits=hits)
        return SearchResult(query=text, hits=hits)


def _matches(takeaway: Takeaway, flt: repo.TakeawayFilter) -> bool:
    if flt.author and takeaway.author != flt.author:
        return False
    if flt.conference and (takeaway.conference or "").lower() != flt.conference.lower():
        return False
    return all(tag in takeaway.tags for tag in flt.tags)
