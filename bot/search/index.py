"""One workspace's search index, held in memory and updated note by note.

Each version of a note gets a slot. Per-slot facts (id, creation time, author,
conference, alive) live in numpy columns; each term has a posting list of (slot, impact),
where impact says how strongly the note holds the term (ranking.field_impact). Editing a
note frees its slot and takes a new one; freed slots are skipped until the index is
rebuilt. Scoring a query is a handful of vectorised operations over those postings.

Not thread-safe: the caller serialises access (bot.search.live holds a lock).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.search import english, ranking
from bot.search.excerpt import stems_of
from bot.search.fuzzy import Vocabulary
from bot.search.glossary import Glossary
from bot.search.query import ALL_WORDS_WEIGHT, QueryPlan, Unit, plan
from bot.search.suggest import suggestions
from bot.search.text import LINK_RE, STOPWORDS, Token, tokens

_CONCEPT = "\x00"  # prefix of concept keys in the term dictionary
CONCEPT_PREFIX = _CONCEPT
_SEPARATOR = -1  # between fields in a slot's word sequence: no phrase spans it
# Conference names, talk titles and tag sets repeat: analyse each once.
_FIELD_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class _Analysed:
    """A field's indexable content: its length in words, term counts, words in order."""

    length: int
    counts: dict[str, int]
    words: tuple[Token, ...]


@dataclass(frozen=True)
class Document:
    """What the index needs to know of a takeaway."""

    id: int
    text: str
    tags: Sequence[str]
    conference: str | None
    talk: str | None
    author: str
    created_at: float  # POSIX timestamp


@dataclass(frozen=True)
class DocumentFilter:
    """Same meaning as `list`: exact author, every tag, conference ignoring case."""

    author: str | None = None
    tags: tuple[str, ...] = ()
    conference: str | None = None


@dataclass(frozen=True)
class Ranked:
    id: int
    score: float  # 0..100


@dataclass(frozen=True)
class Outcome:
    ranked: list[Ranked]
    suggestions: list[str]
    # Stems of the words that matched (typed, corrected, or a concept's other names),
    # to mark in the answer; and the typos read as another word.
    highlight: frozenset[str] = frozenset()
    corrections: list[tuple[str, str]] = field(default_factory=list)


class _Column:
    """A growable numpy array: appends are amortised O(1); views stay valid after growth."""

    def __init__(self, dtype: Any, capacity: int = 1024) -> None:
        self._data: npt.NDArray[Any] = np.zeros(capacity, dtype=dtype)
        self._size = 0

    def append(self, value: Any) -> int:
        if self._size == len(self._data):
            grown = np.zeros(len(self._data) * 2, dtype=self._data.dtype)
            grown[: self._size] = self._data
            self._data = grown
        self._data[self._size] = value
        self._size += 1
        return self._size - 1

    def __setitem__(self, index: int, value: Any) -> None:
        self._data[index] = value

    def view(self) -> npt.NDArray[Any]:
        return self._data[: self._size]

    def __len__(self) -> int:
        return self._size


def _everyday_weight(unit: Unit) -> float:
    # A concept of several words ("service mesh") is no everyday word, whatever its parts.
    if " " in unit.label:
        return 1.0
    return ranking.everyday_weight(english.frequency(unit.label))


def _casefold(value: str | None) -> str:
    return (value or "").lower()


def _close_together(sequence: list[int], group: list[set[int]]) -> bool:
    """Whether one word of each set appears within a short window of the sequence."""
    window = len(group) + ranking.PROXIMITY_SLACK
    for start, term in enumerate(sequence):
        if not any(term in words for words in group):
            continue
        span = sequence[start : start + window]
        if _SEPARATOR in span:
            span = span[: span.index(_SEPARATOR)]
        if all(any(t in words for t in span) for words in group):
            return True
    return False


# What approx_bytes counts: an empty index, each slot (ids, columns, the word sequence,
# tags), each posting (slot and impact, plus its place in the word sequence) and each
# distinct term (its string, dict entries, postings arrays, vocabulary buckets).
_BYTES_FIXED = 60_000
_BYTES_PER_SLOT = 500
_BYTES_PER_POSTING = 8
_BYTES_PER_TERM = 800


# Past this many notes holding some words of a term nobody wrote, each is not looked at.
SOME_WORDS_CHECKED_NOTES = 2_000


class TeamIndex:
    """The searchable notes of one workspace."""

    def __init__(self, glossary: Glossary) -> None:
        self._glossary = glossary
        self._ids = _Column(np.int64)
        self._created = _Column(np.float64)
        self._prior = _Column(np.float32)
        self._alive = _Column(np.bool_)
        self._author = _Column(np.int32)
        self._conference = _Column(np.int32)
        # The talk a note is from (with its conference): 0 for none.
        self._talk = _Column(np.int32)
        self._talks: dict[tuple[str, str], int] = {}
        self._talk_size = _Column(np.int32)  # live notes per talk id (0: no talk)
        self._talk_size.append(0)
        self._talk_terms: list[frozenset[int]] = [frozenset()]  # the title's terms, by id
        self._sequences: list[array[int]] = []
        self._slot_tags: list[tuple[str, ...]] = []
        self._slot_of: dict[int, int] = {}
        self._dead = 0
        self._authors: dict[str, int] = {}
        self._conferences: dict[str, int] = {"": 0}
        self._tag_slots: dict[str, array[int]] = {}
        self._tag_counts: Counter[str] = Counter()
        self._term_of: dict[str, int] = {}
        self._terms: list[str] = []
        self._post_slots: list[array[int]] = []
        self._post_impact: list[array[float]] = []
        self._stem_terms: dict[str, list[int]] = {}
        self._vocabulary = Vocabulary(base=glossary.vocabulary)
        self._posting_count = 0
        self._field_cache: dict[str, _Analysed] = {}

    # --- size -----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._slot_of)

    def approx_bytes(self) -> int:
        """The index's memory, estimated from its counts (the shared glossary apart).
        Calibrated with tracemalloc: 0.9x-1.1x of what it allocates on the realnotes
        write-ups, up to 1.6x on short synthetic notes."""
        return (
            _BYTES_FIXED
            + _BYTES_PER_SLOT * len(self._ids)
            + _BYTES_PER_POSTING * self._posting_count
            + _BYTES_PER_TERM * len(self._terms)
        )

    @property
    def dead_slots(self) -> int:
        return self._dead

    def needs_rebuild(self) -> bool:
        """Freed slots cost memory and time; past a quarter of the index, start afresh."""
        return self._dead > max(1000, len(self._slot_of) // 4)

    # --- Lexicon (bot.search.query) -----------------------------------------------------
    @property
    def glossary(self) -> Glossary:
        return self._glossary

    def term_id(self, surface: str) -> int | None:
        return self._term_of.get(surface)

    def concept_id(self, tag: str) -> int | None:
        return self._term_of.get(_CONCEPT + tag)

    def stem_terms(self, stem: str) -> list[int]:
        return self._stem_terms.get(stem, [])

    def live_df(self, term_id: int) -> int:
        slots = np.frombuffer(self._post_slots[term_id], dtype=np.int32)
        return int(np.count_nonzero(self._alive.view()[slots]))

    def near(self, word: str, max_edits: int) -> list[tuple[str, int]]:
        return self._vocabulary.near(word, max_edits)

    # --- writing --------------------------------------------------------------------
    def upsert(self, note: Document) -> None:
        """Add a note, or replace the version the index holds."""
        self.remove(note.id)
        slot = self._ids.append(note.id)
        self._created.append(note.created_at)
        self._prior.append(ranking.prior(note.text, note.talk))
        self._alive.append(True)
        self._author.append(self._authors.setdefault(note.author, len(self._authors)))
        conference = _casefold(note.conference)
        self._conference.append(self._conferences.setdefault(conference, len(self._conferences)))
        talk = _casefold(note.talk)
        talk_id = self._talks.setdefault((conference, talk), len(self._talks) + 1) if talk else 0
        if talk_id == len(self._talk_size):
            self._talk_size.append(0)
        self._talk.append(talk_id)
        if talk_id:
            self._talk_size[talk_id] = self._talk_size.view()[talk_id] + 1
        self._slot_of[note.id] = slot
        tags = tuple(dict.fromkeys(note.tags))
        self._slot_tags.append(tags)
        for tag in tags:
            self._tag_slots.setdefault(tag, array("i")).append(slot)
            self._tag_counts[tag] += 1

        # A link's words count as a field of their own, less than the sentence's.
        links = LINK_RE.findall(note.text) if "://" in note.text else []
        text = self._analyse(tokens(LINK_RE.sub(" ", note.text) if links else note.text))
        term_of = self._term_of
        sequence = array("i", [term_of.get(t.surface) or self._intern(t) for t in text.words])
        sequence.append(_SEPARATOR)
        fields = [("text", text)]
        if links:
            fields.append(("link", self._analyse(tokens(" ".join(links)))))
        for name, value in (
            ("tags", " ; ".join(tags)),
            ("talk", note.talk or ""),
            ("conference", note.conference or ""),
        ):
            if not value:
                continue
            analysed = self._field_cache.get(value)
            if analysed is None:
                if len(self._field_cache) >= _FIELD_CACHE_SIZE:
                    self._field_cache.clear()
                analysed = self._field_cache[value] = self._analyse(tokens(value))
            fields.append((name, analysed))
            if name == "talk":
                sequence.extend(self._intern(t) for t in analysed.words)
                sequence.append(_SEPARATOR)
        self._sequences.append(sequence)
        per_term: dict[str, list[tuple[str, int, int]]] = {}
        for name, analysed in fields:
            for key, tf in analysed.counts.items():
                per_term.setdefault(key, []).append((name, tf, analysed.length))
        for key, occurrences in per_term.items():
            term = self._term_of.get(key)
            if term is None:
                term = self._new_term(key, None)
            self._post_slots[term].append(slot)
            self._post_impact[term].append(ranking.field_impact(tuple(occurrences)))
        self._posting_count += len(per_term)
        if talk_id == len(self._talk_terms):
            title = next(analysed for name, analysed in fields if name == "talk")
            self._talk_terms.append(frozenset(self._term_of[key] for key in title.counts))

    def _analyse(self, toks: Sequence[Token]) -> _Analysed:
        counts: dict[str, int] = {}
        words: list[Token] = []
        for tok in toks:
            surface = tok.surface
            if surface in STOPWORDS:
                continue
            counts[surface] = counts.get(surface, 0) + 1
            if not tok.joined:
                words.append(tok)
        for match in self._glossary.match(toks):
            key = _CONCEPT + match.tag
            counts[key] = counts.get(key, 0) + 1
        return _Analysed(length=len(words), counts=counts, words=tuple(words))

    def remove(self, note_id: int) -> None:
        slot = self._slot_of.pop(note_id, None)
        if slot is None:
            return
        self._alive[slot] = False
        self._sequences[slot] = array("i")
        self._dead += 1
        if talk_id := int(self._talk.view()[slot]):
            self._talk_size[talk_id] = self._talk_size.view()[talk_id] - 1
        for tag in self._slot_tags[slot]:
            self._tag_counts[tag] -= 1
            if self._tag_counts[tag] <= 0:
                del self._tag_counts[tag]

    def _intern(self, tok: Token) -> int:
        term = self._term_of.get(tok.surface)
        return term if term is not None else self._new_term(tok.surface, tok.stem)

    def _new_term(self, key: str, stem: str | None) -> int:
        term = len(self._terms)
        self._term_of[key] = term
        self._terms.append(key)
        self._post_slots.append(array("i"))
        self._post_impact.append(array("f"))
        if not key.startswith(_CONCEPT):
            if stem is None:
                # The word as its own text gives it back; never fail a note on a word
                # that reads otherwise alone (then it is its own stem).
                stem = next((t.stem for t in tokens(key) if t.surface == key), key)
            self._stem_terms.setdefault(stem, []).append(term)
            self._vocabulary.add(key)
        return term

    # --- reading --------------------------------------------------------------------
    def search(self, text: str, flt: DocumentFilter, limit: int) -> Outcome:
        """The best `limit` notes for a query, best first, with scores from 0 to 100."""
        query = plan(text, self)
        n_slots = len(self._ids)
        if n_slots and not any(u.matched for u in query.units):
            query = plan(text, self, everyday_as_typed=False)  # nothing as typed: typos then
        if n_slots == 0 or not any(u.matched for u in query.units):
            return Outcome([], self._suggest(query))
        alive = self._alive.view()
        live = len(self._slot_of)
        total = np.zeros(n_slots, dtype=np.float64)
        weights = 0.0
        vectors: list[npt.NDArray[np.float32]] = []
        for unit in query.units:
            vector = self._unit_vector(unit, n_slots)
            vector[~alive] = 0.0
            df = self._primary_df(unit, alive) or int(np.count_nonzero(vector))
            weight = ranking.idf(df, live) * _everyday_weight(unit)
            weights += weight
            if df:
                total += weight * vector
            vectors.append(vector)
        scores = total / weights
        scores[~self._filter_mask(flt, alive)] = 0.0
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) == 0:
            return Outcome([], [])
        scores = self._with_phrase_bonus(query, vectors, scores, candidates)
        scores[candidates] *= self._prior.view()[candidates]
        scores = self._with_talk_support(query, scores, candidates)
        return Outcome(
            self._top(scores, candidates, limit), [], self._highlight(query), query.corrections
        )

    def _highlight(self, query: QueryPlan) -> frozenset[str]:
        words: list[str] = []
        for unit in query.units:
            for alternatives in (unit.alternatives, *unit.all_words):
                for term in alternatives:
                    key = self._terms[term]
                    if not key.startswith(_CONCEPT):
                        words.append(key)
                    elif (found := self._glossary.term(key[len(_CONCEPT) :])) is not None:
                        words.extend(found.forms())  # VPA: vertical pod autoscaler too
        return stems_of(words)

    def _postings(self, term: int) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        # Copies: a later append must never find these buffers exported.
        slots = np.frombuffer(self._post_slots[term], dtype=np.int32).copy()
        impact = np.frombuffer(self._post_impact[term], dtype=np.float32).copy()
        return slots, impact

    def _alternatives_vector(
        self, alternatives: dict[int, float], n_slots: int
    ) -> npt.NDArray[np.float32]:
        vector = np.zeros(n_slots, dtype=np.float32)
        for term, weight in alternatives.items():
            slots, impact = self._postings(term)
            # A term appears once per slot, so this fancy-indexed max is exact.
            vector[slots] = np.maximum(vector[slots], impact * np.float32(weight))
        return vector

    def _primary_df(self, unit: Unit, alive: npt.NDArray[np.bool_]) -> int:
        """How rare what was asked is: the notes holding the word or concept typed (or
        its own forms and names), not its weaker neighbours (an everyday synonym, a
        field's projects), which would make a rare word look common. 0 when the unit has
        no weaker neighbours, or nothing holds the word itself (a typo)."""
        weights = unit.alternatives.values()
        if not weights or min(weights) >= ranking.SYNONYM or unit.all_words:
            return 0
        primary = [t for t, w in unit.alternatives.items() if w >= ranking.SYNONYM]
        if not primary:
            return 0
        if len(primary) == 1:  # the common case: the word typed, nothing of its stem
            slots = np.frombuffer(self._post_slots[primary[0]], dtype=np.int32)
            return int(np.count_nonzero(alive[slots]))
        held = np.zeros(len(alive), dtype=np.bool_)
        for term in primary:
            held[np.frombuffer(self._post_slots[term], dtype=np.int32)] = True
        return int(np.count_nonzero(held & alive))

    def _unit_vector(self, unit: Unit, n_slots: int) -> npt.NDArray[np.float32]:
        vector = self._alternatives_vector(unit.alternatives, n_slots)
        if unit.all_words and all(unit.all_words):
            each = [self._alternatives_vector(words, n_slots) for words in unit.all_words]
            every = np.minimum.reduce(each)
            # The concept in the very words typed counts fully; through another of its
            # names a little less (ranking.SYNONYM); its words without it, less again.
            both = (vector > 0) & (every > 0)
            vector = np.where(
                both,
                np.maximum(vector, every),
                np.maximum(
                    vector * np.float32(ranking.SYNONYM), every * np.float32(ALL_WORDS_WEIGHT)
                ),
            ).astype(np.float32)
            # Among notes holding the concept (often through a tag every note of an
            # import carries), the ones that also use its words say more about it.
            some = np.mean(each, axis=0, dtype=np.float32)
            vector += (vector > 0) * (1 - vector) * np.float32(ranking.CONCEPT_WORDS_SHARE) * some
        if unit.all_words and any(unit.all_words) and not vector.any():
            # Nobody wrote the term, nor all of its words in one note: a note with some of
            # them ("image" for "container images") answers it in part.
            each = [self._alternatives_vector(words, n_slots) for words in unit.all_words]
            vector = np.asarray(
                np.mean(each, axis=0, dtype=np.float32) * np.float32(ranking.SOME_WORDS),
                dtype=np.float32,
            )
            # In the note's own words or its talk's, not in the name of the conference
            # ("kube" of "KubeCon" is no part of "kube-proxy").
            # (Looked at note by note, so only where few notes match: among thousands, a
            # conference's name is a small share of them.)
            words = {t for alternatives in unit.all_words for t in alternatives}
            matching = np.flatnonzero(vector)
            if len(matching) <= SOME_WORDS_CHECKED_NOTES:
                for slot in matching:
                    if words.isdisjoint(self._sequences[slot]):
                        vector[slot] = 0.0
        return vector

    def _filter_mask(
        self, flt: DocumentFilter, alive: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.bool_]:
        mask = alive.copy()
        if flt.author is not None:
            code = self._authors.get(flt.author)
            mask &= self._author.view() == (code if code is not None else -1)
        if flt.conference:
            code = self._conferences.get(_casefold(flt.conference))
            mask &= self._conference.view() == (code if code is not None else -1)
        for tag in flt.tags:
            has_tag = np.zeros(len(mask), dtype=np.bool_)
            slots = self._tag_slots.get(tag)
            if slots is not None:
                has_tag[np.frombuffer(slots, dtype=np.int32).copy()] = True
            mask &= has_tag
        return mask

    def _with_phrase_bonus(
        self,
        query: QueryPlan,
        vectors: list[npt.NDArray[np.float32]],
        scores: npt.NDArray[np.float64],
        candidates: npt.NDArray[np.intp],
    ) -> npt.NDArray[np.float64]:
        """Reward notes that keep the query's words together: consecutive query words
        next to each other, and the words of a multi-word concept close by."""
        units = query.units
        pairs = [
            (self._word_terms(units[a].alternatives), self._word_terms(units[b].alternatives))
            for a, b in query.phrase_pairs
        ]
        groups = [
            [self._word_terms(words) for words in unit.all_words]
            for unit in units
            if len(unit.all_words) > 1
        ]
        if not pairs and not groups:
            return scores
        # Only notes matching every unit involved can hold the phrase.
        involved = {i for pair in query.phrase_pairs for i in pair}
        involved |= {i for i, unit in enumerate(units) if len(unit.all_words) > 1}
        for i in involved:
            candidates = candidates[vectors[i][candidates] > 0]
        if len(candidates) > ranking.PHRASE_CANDIDATES:
            best = np.argpartition(-scores[candidates], ranking.PHRASE_CANDIDATES)
            candidates = candidates[best[: ranking.PHRASE_CANDIDATES]]
        # Each term's roles, as bits: 2i when it can start pair i, 2i+1 when it can end it.
        roles: dict[int, int] = {}
        for i, (first, second) in enumerate(pairs):
            for term in first:
                roles[term] = roles.get(term, 0) | (1 << (2 * i))
            for term in second:
                roles[term] = roles.get(term, 0) | (1 << (2 * i + 1))
        starts = sum(1 << (2 * i) for i in range(len(pairs)))
        scores = scores.copy()
        for slot in candidates.tolist():
            sequence = self._sequences[slot].tolist()
            ended = 0
            previous = 0
            for term in sequence:
                role = roles.get(term, 0)
                ended |= (previous & starts) << 1 & role
                previous = role
            found = ended.bit_count()
            found += sum(1 for group in groups if _close_together(sequence, group))
            if found:
                scores[slot] *= 1.0 + ranking.PHRASE_BONUS * found / (len(pairs) + len(groups))
        return scores

    def _word_terms(self, alternatives: dict[int, float]) -> set[int]:
        return {t for t in alternatives if not self._terms[t].startswith(_CONCEPT)}

    def _with_talk_support(
        self, query: QueryPlan, scores: npt.NDArray[np.float64], candidates: npt.NDArray[np.intp]
    ) -> npt.NDArray[np.float64]:
        """Scores raised for notes whose talk also answers through another of its notes
        (see ranking.TALK_SUPPORT), among the best candidates."""
        if len(candidates) > ranking.TALK_SUPPORT_CANDIDATES:
            best = np.argpartition(-scores[candidates], ranking.TALK_SUPPORT_CANDIDATES)
            candidates = candidates[best[: ranking.TALK_SUPPORT_CANDIDATES]]
        talks = self._talk.view()[candidates].copy()
        if not talks.any():
            return scores  # no talks: every note alike, the order stays
        # A talk whose title holds the question's words gives each of its notes that match
        # already: that they all match is no news.
        asked = {t for unit in query.units for t in unit.alternatives}
        titled = [
            talk_id
            for talk_id in set(talks.tolist())
            if talk_id and not asked.isdisjoint(self._talk_terms[talk_id])
        ]
        if titled:
            talks[np.isin(talks, titled)] = 0
        if not talks.any():
            return scores
        own = scores[candidates]
        order = np.lexsort((-own, talks))
        talk_sorted, own_sorted = talks[order], own[order]
        starts = np.r_[True, talk_sorted[1:] != talk_sorted[:-1]]
        first = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
        # The best other note of the same talk: the talk's best, or for that note itself,
        # the talk's second best (if any).
        nxt = np.minimum(first + 1, len(order) - 1)
        second = np.where((nxt != first) & (talk_sorted[nxt] == talk_sorted), own_sorted[nxt], 0.0)
        other = np.where(np.arange(len(order)) == first, second, own_sorted[first])
        # A note of no talk (as most notes added in Slack are), or of one whose title
        # matches anyway, is as well supported as it is itself: no note loses ground for
        # having no talk.
        other[talk_sorted == 0] = own_sorted[talk_sorted == 0]
        # No more than the note's own score: within a talk the order stays as it was.
        support = np.minimum(other, own_sorted) / own_sorted.max()
        floor = ranking.TALK_SUPPORT_FLOOR
        support = np.maximum(0.0, support - floor) / (1.0 - floor)
        # In a talk of many notes, another that answers is likelier by chance.
        sizes = self._talk_size.view()[talk_sorted].astype(np.float64)
        support *= np.minimum(1.0, ranking.TALK_SUPPORT_NOTES / np.maximum(sizes, 1.0))
        boosted = scores.copy()
        boosted[candidates[order]] = own_sorted * (1.0 + ranking.TALK_SUPPORT * support)
        return boosted

    def _top(
        self, scores: npt.NDArray[np.float64], candidates: npt.NDArray[np.intp], limit: int
    ) -> list[Ranked]:
        rounded = np.round(scores[candidates], ranking.SCORE_DECIMALS)
        if len(candidates) > limit:
            # Everything scoring at least the limit-th best, ties included, then sort.
            threshold = np.partition(-rounded, limit - 1)[limit - 1]
            keep = -rounded <= threshold
            candidates, rounded = candidates[keep], rounded[keep]
        ids = self._ids.view()[candidates]
        created = self._created.view()[candidates]
        # Newer first; notes saved at the same moment (an import) keep their order in the
        # file, so the first note under a talk (its overview) leads.
        order = np.lexsort((ids, -created, -rounded))[:limit]
        return [Ranked(int(ids[i]), round(min(100.0, float(rounded[i]) * 100.0), 1)) for i in order]

    def _suggest(self, query: QueryPlan) -> list[str]:
        return suggestions(
            query.unmatched, tags=self._tag_counts, near=self.near, frequency=self._frequency
        )

    def _frequency(self, word: str) -> int:
        term = self._term_of.get(word)
        return 0 if term is None else self.live_df(term)

    # --- near-duplicates (bot.search.similar) --------------------------------------------
    def live_count(self) -> int:
        return len(self._slot_of)

    def _stem_postings(self, stem: str) -> npt.NDArray[np.int32]:
        terms = self._stem_terms.get(stem, [])
        if not terms:
            return np.zeros(0, dtype=np.int32)
        if len(terms) == 1:
            return np.frombuffer(self._post_slots[terms[0]], dtype=np.int32).copy()
        # "consolidates" and "consolidation" in one note: count the note once.
        return np.unique(
            np.concatenate([np.frombuffer(self._post_slots[t], dtype=np.int32) for t in terms])
        )

    def feature_frequency(self, feature: str) -> int:
        """In how many notes a feature (a word stem, or a glossary concept as
        `similar.concept_feature` names it) appears; freed slots still count, which only
        makes a word look a little more common than it is."""
        if feature.startswith(_CONCEPT):
            term = self._term_of.get(feature)
            return 0 if term is None else len(self._post_slots[term])
        return sum(len(self._post_slots[t]) for t in self._stem_terms.get(feature, []))

    def overlapping(
        self, weighted: Sequence[tuple[str, float]], *, limit: int, exclude: int | None = None
    ) -> list[int]:
        """Ids of the notes sharing the most weight of these features (stems or concepts),
        best first. Costs the features' postings, not a pass over every note: the caller
        leaves out features too common to tell notes apart."""
        n_slots = len(self._ids)
        if n_slots == 0 or not weighted:
            return []
        parts: list[npt.NDArray[np.int32]] = []
        weights: list[npt.NDArray[np.float64]] = []
        for feature, weight in weighted:
            if feature.startswith(_CONCEPT):
                term = self._term_of.get(feature)
                slots = (
                    np.zeros(0, dtype=np.int32)
                    if term is None
                    else np.frombuffer(self._post_slots[term], dtype=np.int32).copy()
                )
            else:
                slots = self._stem_postings(feature)
            parts.append(slots)
            weights.append(np.full(len(slots), weight, dtype=np.float64))
        slots = np.concatenate(parts)
        if len(slots) == 0:
            return []
        shared = np.bincount(slots, weights=np.concatenate(weights), minlength=n_slots)
        shared[~self._alive.view()] = 0.0
        if exclude is not None and (slot := self._slot_of.get(exclude)) is not None:
            shared[slot] = 0.0
        found = np.flatnonzero(shared > 0)
        if len(found) > limit:
            found = found[np.argpartition(-shared[found], limit - 1)[:limit]]
        found = found[np.argsort(-shared[found], kind="stable")]
        ids = self._ids.view()
        return [int(ids[slot]) for slot in found]

    # --- bulk -----------------------------------------------------------------------
    def extend(self, notes: Iterable[Document]) -> None:
        for note in notes:
            self.upsert(note)
