"""Relevance on the labelled set: hit@3 and MRR per query kind, for our engine and two
baselines (SQLite FTS5 with bm25, naive rapidfuzz WRatio over full texts).

The labelled notes are mixed into a synthetic corpus; every system sees the same corpus
and the same queries, and returns corpus positions best first.
"""

from __future__ import annotations

import random
import re
import sqlite3
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from benchmarks.corpus import START, CorpusNote, synthetic
from bot.search.glossary import Glossary, load_glossary
from bot.search.index import Document, DocumentFilter, TeamIndex

RELEVANCE_SET = Path(__file__).with_name("relevance.toml")
HIT_AT = 3
RANK_DEPTH = 10
KINDS = ("typo", "acronym", "question", "phrase", "multiword")

# query -> corpus positions, best first
System = Callable[[str], list[int]]


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    expect: tuple[str, ...]


@dataclass(frozen=True)
class LabelledSet:
    notes: dict[str, CorpusNote]
    queries: list[Query]


@dataclass
class Scores:
    """hit@3 and MRR, overall and per kind."""

    hits: dict[str, list[float]] = field(default_factory=dict)
    reciprocal_ranks: dict[str, list[float]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, query: Query, rank: int | None) -> None:
        self.hits.setdefault(query.kind, []).append(1.0 if rank and rank <= HIT_AT else 0.0)
        self.reciprocal_ranks.setdefault(query.kind, []).append(1.0 / rank if rank else 0.0)
        if not rank or rank > HIT_AT:
            self.misses.append(f"{query.kind}: {query.text!r} (rank {rank or '>10'})")

    @staticmethod
    def _mean(values: Sequence[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    def hit_at_3(self, kind: str | None = None) -> float:
        if kind is not None:
            return self._mean(self.hits.get(kind, []))
        return self._mean([v for values in self.hits.values() for v in values])

    def mrr(self, kind: str | None = None) -> float:
        if kind is not None:
            return self._mean(self.reciprocal_ranks.get(kind, []))
        return self._mean([v for values in self.reciprocal_ranks.values() for v in values])


def load_set(path: Path = RELEVANCE_SET) -> LabelledSet:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rng = random.Random(7)
    from datetime import timedelta

    notes = {
        n["key"]: CorpusNote(
            text=n["text"],
            tags=list(n.get("tags", [])),
            conference=n.get("conference"),
            talk=n.get("talk"),
            author="ULABEL",
            created_at=START + timedelta(minutes=rng.randrange(4 * 365 * 24 * 60)),
        )
        for n in data["note"]
    }
    queries = [Query(q["q"], q["kind"], tuple(q["expect"])) for q in data["query"]]
    for query in queries:
        unknown = set(query.expect) - set(notes)
        if unknown:
            raise ValueError(f"query {query.text!r} expects unknown notes {unknown}")
    return LabelledSet(notes, queries)


@dataclass(frozen=True)
class Corpus:
    notes: list[CorpusNote]
    key_of: dict[int, str]  # corpus position -> labelled key


def build_corpus(labelled: LabelledSet, size: int, *, seed: int = 42) -> Corpus:
    """`size` notes: the labelled ones spread evenly among synthetic ones."""
    filler = list(synthetic(max(0, size - len(labelled.notes)), seed=seed))
    notes: list[CorpusNote] = []
    key_of: dict[int, str] = {}
    step = max(1, len(filler) // max(1, len(labelled.notes)))
    labelled_items = list(labelled.notes.items())
    for i, note in enumerate(filler):
        if i % step == 0 and labelled_items:
            key, labelled_note = labelled_items.pop(0)
            key_of[len(notes)] = key
            notes.append(labelled_note)
        notes.append(note)
    for key, labelled_note in labelled_items:
        key_of[len(notes)] = key
        notes.append(labelled_note)
    return Corpus(notes, key_of)


def evaluate(system: System, corpus: Corpus, queries: Sequence[Query]) -> Scores:
    scores = Scores()
    for query in queries:
        ranked = system(query.text)[:RANK_DEPTH]
        rank = next(
            (n for n, pos in enumerate(ranked, start=1) if corpus.key_of.get(pos) in query.expect),
            None,
        )
        scores.add(query, rank)
    return scores


# --- systems --------------------------------------------------------------------------


def engine_index(corpus: Corpus, glossary: Glossary | None = None) -> TeamIndex:
    index = TeamIndex(glossary or load_glossary())
    for position, note in enumerate(corpus.notes):
        index.upsert(
            Document(
                id=position,
                text=note.text,
                tags=note.tags,
                conference=note.conference,
                talk=note.talk,
                author=note.author,
                created_at=note.created_at.timestamp(),
            )
        )
    return index


def engine_system(index: TeamIndex) -> System:
    def run(query: str) -> list[int]:
        return [r.id for r in index.search(query, DocumentFilter(), RANK_DEPTH).ranked]

    return run


def full_text(note: CorpusNote) -> str:
    """What the baselines search: every field of the note in one string."""
    parts = [
        note.text,
        " ".join(f"#{t}" for t in note.tags),
        note.talk or "",
        note.conference or "",
    ]
    return " ".join(p for p in parts if p)


_FTS_WORD = re.compile(r"\w+")


def fts5_system(corpus: Corpus) -> System:
    """SQLite FTS5 (unicode61 tokenizer) ranked by bm25; the query's words OR'ed."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE notes USING fts5(body)")
    db.executemany(
        "INSERT INTO notes(rowid, body) VALUES (?, ?)",
        ((position, full_text(n)) for position, n in enumerate(corpus.notes)),
    )

    def run(query: str) -> list[int]:
        words = _FTS_WORD.findall(query.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = db.execute(
            "SELECT rowid FROM notes WHERE notes MATCH ? ORDER BY bm25(notes) LIMIT ?",
            (match, RANK_DEPTH),
        )
        return [int(r[0]) for r in rows]

    return run


def wratio_system(corpus: Corpus) -> System:
    """rapidfuzz WRatio of the whole query against each note's full text (lower-cased once)."""
    texts = [full_text(n).lower() for n in corpus.notes]

    def run(query: str) -> list[int]:
        found = process.extract(query.lower(), texts, scorer=fuzz.WRatio, limit=RANK_DEPTH)
        return [int(i) for _, _, i in found]

    return run
