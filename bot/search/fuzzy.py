"""Typo-tolerant lookups in a vocabulary, without scanning all of it.

Words are bucketed by (first letter, length) and by (last letter, length). A word within
one edit of the query shares its first or its last letter (for words of three letters or
more), so scanning those buckets finds every one-typo match; at two typos only words whose
first *and* last letters were both mistyped are missed. rapidfuzz computes the OSA
distance (a transposition counts as one edit) in C over the few buckets scanned.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA


class Vocabulary:
    """`base`: a vocabulary shared by many (the glossary's words, in every workspace's
    index): its words are found too, without being copied into each."""

    def __init__(self, base: Vocabulary | None = None) -> None:
        self._base = base
        self._known: set[str] = set()
        self._by_first: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._by_last: dict[tuple[str, int], list[str]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._known) + (len(self._base) if self._base is not None else 0)

    def __contains__(self, word: str) -> bool:
        return word in self._known or (self._base is not None and word in self._base)

    def add(self, word: str) -> None:
        if not word or word in self:
            return
        self._known.add(word)
        self._by_first[word[0], len(word)].append(word)
        self._by_last[word[-1], len(word)].append(word)

    def near(self, word: str, max_edits: int) -> list[tuple[str, int]]:
        """Words within `max_edits` OSA edits of `word` (itself excluded), closest first."""
        if max_edits <= 0 or not word:
            return []
        found: dict[str, int] = dict(self._base.near(word, max_edits)) if self._base else {}
        for length in range(max(1, len(word) - max_edits), len(word) + max_edits + 1):
            for bucket in (
                self._by_first.get((word[0], length)),
                self._by_last.get((word[-1], length)),
            ):
                if not bucket:
                    continue
                for match, dist, _ in process.extract(
                    word, bucket, scorer=OSA.distance, score_cutoff=max_edits, limit=None
                ):
                    if match != word:
                        found[match] = int(dist)
        return sorted(found.items(), key=lambda pair: (pair[1], pair[0]))
