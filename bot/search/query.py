"""A question turned into units to match: glossary concepts and single words.

"what did we learn about vertical pod autoscalr?" becomes one unit, the `vpa` concept
(found despite the typo); "spot instances karpenter" becomes the `spot-instances` concept
and the word "karpenter". Each unit lists the index terms that satisfy it, with a weight
saying how good that match is (exact, same stem, synonym, one or two typos). Only the
fewest-typo candidates of a word are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol

from bot.search import ranking
from bot.search.english import is_common_word, likely_mistyped
from bot.search.glossary import Glossary
from bot.search.text import (
    INTENT_WORDS,
    WORD_SYNONYMS,
    Token,
    is_stopword,
    stem,
    tokens,
    typo_budget,
)


class Lexicon(Protocol):
    """What query planning needs to know about an index's vocabulary."""

    @property
    def glossary(self) -> Glossary: ...

    def term_id(self, surface: str) -> int | None: ...

    def concept_id(self, tag: str) -> int | None: ...

    def stem_terms(self, stem: str) -> list[int]: ...

    def live_df(self, term_id: int) -> int: ...

    def near(self, word: str, max_edits: int) -> list[tuple[str, int]]: ...


@dataclass
class Unit:
    label: str
    # term id -> weight of a match through that term
    alternatives: dict[int, float] = field(default_factory=dict)
    # A multi-word concept also matches notes holding all of its words, less strongly.
    all_words: list[dict[int, float]] = field(default_factory=list)
    # Word units: index of the word in the query, for phrase adjacency.
    position: int | None = None

    def add(self, term_id: int | None, weight: float) -> None:
        if term_id is not None and weight > self.alternatives.get(term_id, 0.0):
            self.alternatives[term_id] = weight

    @property
    def matched(self) -> bool:
        return bool(self.alternatives) or any(self.all_words)


@dataclass
class QueryPlan:
    units: list[Unit]
    # Pairs of word units (indexes into `units`) typed next to each other: a phrase.
    phrase_pairs: list[tuple[int, int]]
    # Words that matched nothing at all (for "did you mean").
    unmatched: list[str]
    # Words read as another spelling: ("karpneter", "karpenter"), shown with the answer.
    corrections: list[tuple[str, str]] = field(default_factory=list)


# An everyday word this long or longer may be a project's name misspelt ("carpenter");
# a shorter one is a word ("sure", "node", "page").
EVERYDAY_AS_NAME_MIN_CHARS = 6
# Corrections of shorter words are too often another real word ("post" -> "cost"):
# used for ranking, but not announced as what the question meant.
SHOWN_CORRECTION_CHARS = 5

# Weight of "all the words of a concept, not the concept as such".
ALL_WORDS_WEIGHT = 0.75


class _Planner:
    def __init__(self, lex: Lexicon, *, everyday_as_typed: bool = True) -> None:
        self.lex = lex
        self.everyday_as_typed = everyday_as_typed
        self._corrections: dict[str, list[tuple[str, int]]] = {}
        self.used: dict[str, str] = {}  # typed word -> the spelling it was read as

    def has_notes(self, word_stem: str) -> bool:
        return any(self.lex.live_df(t) for t in self.lex.stem_terms(word_stem))

    def known(self, tok: Token) -> bool:
        return self.has_notes(tok.stem) or tok.stem in self.lex.glossary.words

    def corrections(self, tok: Token) -> list[tuple[str, int]]:
        """Nearest spellings of an unknown word that some note (or the glossary) uses."""
        cached = self._corrections.get(tok.surface)
        if cached is not None:
            return cached
        best: list[tuple[str, int]] = []
        # An everyday English word was typed as meant ("internal" is no typo of
        # "external"), unless what it is near is a project's name ("carpenter" for
        # Karpenter, "falcon" for Falco); a short one always ("sure" is no "SRE").
        everyday = self.everyday_as_typed and is_common_word(tok.surface)
        if not is_stopword(tok.surface):
            for word, edits in self.lex.near(tok.surface, typo_budget(tok.surface)):
                if best and edits > best[0][1]:
                    break
                if (
                    everyday
                    and (
                        stem(word) not in self.lex.glossary.single_words
                        or len(tok.surface) < EVERYDAY_AS_NAME_MIN_CHARS
                    )
                    and not likely_mistyped(tok.surface, word)
                ):
                    continue
                if self.has_notes(stem(word)) or stem(word) in self.lex.glossary.words:
                    best.append((word, edits))
        self._corrections[tok.surface] = best
        return best

    def word_unit(self, tok: Token, position: int | None) -> Unit:
        lex = self.lex
        unit = Unit(label=tok.surface, position=position)
        exact = lex.term_id(tok.surface)
        exact_df = lex.live_df(exact) if exact is not None else 0
        if exact_df:
            unit.add(exact, ranking.EXACT)
        for term in lex.stem_terms(tok.stem):
            if term != exact and lex.live_df(term):
                unit.add(term, ranking.SAME_STEM)
        for derived in _agent_forms(tok.stem):
            for term in lex.stem_terms(derived):
                if lex.live_df(term):
                    unit.add(term, ranking.DERIVED)
        for synonym in WORD_SYNONYMS.get(tok.stem, ()):
            for term in lex.stem_terms(synonym):
                if lex.live_df(term):
                    unit.add(term, ranking.WORD_SYNONYM)
        tag = lex.glossary.single_words.get(tok.stem)
        if tag is not None:
            weight = ranking.SYNONYM if unit.alternatives else ranking.EXACT
            unit.add(lex.concept_id(tag), weight)
            if unit.alternatives:
                self.add_narrower(unit, tag)
            else:
                self.add_related(unit, tag)
        if unit.alternatives:
            if 0 < exact_df <= ranking.RARE_SPELLING_DF:
                self._add_common_neighbours(unit, tok, exact_df)
            return unit
        for word, edits in self.corrections(tok):
            if position is not None and len(tok.surface) >= SHOWN_CORRECTION_CHARS:
                self.used.setdefault(tok.surface, word)
            weight = ranking.typo_weight(edits)
            spelled = lex.term_id(word)
            for term in lex.stem_terms(stem(word)):
                if lex.live_df(term):
                    unit.add(term, weight * (1.0 if term == spelled else ranking.SAME_STEM))
            tag = lex.glossary.single_words.get(stem(word))
            if tag is not None:
                unit.add(lex.concept_id(tag), weight)
        return unit

    def add_related(self, unit: Unit, tag: str) -> None:
        """Nothing holds this term: its neighbouring terms answer instead."""
        self._add_concepts(unit, self.lex.glossary.related(tag))

    def add_narrower(self, unit: Unit, tag: str) -> None:
        """A field's projects answer too, below it: "carbon footprint" finds the Kepler
        notes even when one note says "sustainability" in passing."""
        self._add_concepts(unit, self.lex.glossary.narrower(tag))

    def _add_concepts(self, unit: Unit, tags: list[str]) -> None:
        for other in tags:
            concept = self.lex.concept_id(other)
            if concept is not None and self.lex.live_df(concept):
                unit.add(concept, ranking.RELATED)

    def _add_common_neighbours(self, unit: Unit, tok: Token, exact_df: int) -> None:
        """A rare spelling ("cillium" in one note) also finds the common one ("cilium")."""
        for word, edits in self.lex.near(tok.surface, min(1, typo_budget(tok.surface))):
            neighbour = self.lex.term_id(word)
            if neighbour is not None and (
                self.lex.live_df(neighbour) >= exact_df * ranking.COMMON_NEIGHBOUR_RATIO
            ):
                unit.add(neighbour, ranking.typo_weight(edits))

    def concept_at(
        self, parts: list[Token], options: list[dict[str, int]], i: int
    ) -> tuple[int, str, int] | None:
        """The longest (then least-typo'd) multi-word glossary form at word i:
        (length, tag, edits)."""
        found: tuple[int, str, int] | None = None
        for first in options[i]:
            for seq, tag in self.lex.glossary.starting_with(first):
                if len(seq) < 2 or i + len(seq) > len(parts):
                    continue
                edits = 0
                for j, wanted in enumerate(seq):
                    cost = options[i + j].get(wanted)
                    if cost is None:
                        break
                    edits += cost
                else:
                    if found is None or (len(seq), -edits) > (found[0], -found[2]):
                        found = (len(seq), tag, edits)
        return found


def _agent_forms(word_stem: str) -> tuple[str, ...]:
    """The stems of the doer and the doing, and of the act and its noun: "scheduling" ->
    "scheduler", "scaler" -> "scale", "encrypt" -> "encryption", "detection" -> "detect".
    The stemmer keeps "-er" (stripping it would make "docker" a "dock") and "-ion"
    ("production" is no "product")."""
    if not word_stem.isalpha() or len(word_stem) < 4:
        return ()
    if word_stem.endswith("er"):
        return (word_stem[:-2],) if len(word_stem) >= 6 else ()
    if word_stem.endswith("ion"):
        act = word_stem[:-3]
        return (act,) if act.endswith(_ACT_ENDINGS) and act not in _NOT_ACTS else ()
    if word_stem.endswith(_ACT_ENDINGS) and word_stem not in _NOT_ACTS:
        return (word_stem + "er", word_stem + "ion")
    return (word_stem + "er",)


# Verbs whose noun adds "-ion": inject/injection, encrypt/encryption, compress/compression.
_ACT_ENDINGS = ("ct", "pt", "ss")
# ...but not these pairs: a product is no production, an exception no "except".
_NOT_ACTS = frozenset({"product", "act", "opt", "except", "miss", "sect", "sess"})


def _add_described(lex: Lexicon, units: list[Unit], parts: list[Token]) -> None:
    """Terms the question describes without naming them ("peer to peer distribution of
    images": Dragonfly) answer the words that describe them, as a neighbouring term
    would: below the notes that hold those words."""
    words = {u.position: u for u in units if u.position is not None}
    stems: dict[str, set[int]] = {}
    for n in words:
        for word in (parts[n].stem, *WORD_SYNONYMS.get(parts[n].stem, ())):
            stems.setdefault(word, set()).add(n)
    for tag, matched in lex.glossary.described(stems).items():
        concept = lex.concept_id(tag)
        if concept is None or not lex.live_df(concept):
            continue
        if any(u.alternatives.get(concept, 0.0) >= ranking.SYNONYM for u in units):
            continue  # the question names it
        for word in matched:
            for n in stems[word]:
                words[n].add(concept, ranking.DESCRIBED)


def _without_asking(parts: list[Token]) -> list[Token]:
    """Drop the intent words among the question words a query opens with: "find notes
    about keda", "can you search for cilium". Later, "search" is a topic like any other."""
    opening = 0
    while opening < len(parts) and (
        is_stopword(parts[opening].surface) or parts[opening].surface in INTENT_WORDS
    ):
        opening += 1
    return [t for t in parts[:opening] if t.surface not in INTENT_WORDS] + parts[opening:]


def plan(text: str, lex: Lexicon, *, everyday_as_typed: bool = True) -> QueryPlan:
    """Split a query into concept and word units, dropping question words.
    `everyday_as_typed=False` lets an everyday word be read as a typo too (the fallback
    when, as typed, nothing matches: "scalar" for "scaler")."""
    planner = _Planner(lex, everyday_as_typed=everyday_as_typed)
    parts = _without_asking([t for t in tokens(text) if not t.joined])
    # For each word, the stems it may stand for and the edits each costs.
    options: list[dict[str, int]] = []
    for tok in parts:
        opts = {tok.stem: 0}
        if not planner.known(tok):
            for word, edits in planner.corrections(tok):
                opts.setdefault(stem(word), edits)
        options.append(opts)

    units: list[Unit] = []
    covered = [False] * len(parts)
    i = 0
    while i < len(parts):
        concept = planner.concept_at(parts, options, i)
        if concept is None:
            i += 1
            continue
        length, tag, edits = concept
        span = parts[i : i + length]
        if edits:
            name = lex.glossary.term(tag)
            planner.used.setdefault(
                " ".join(p.surface for p in span), name.name.lower() if name else tag
            )
        unit = Unit(label=" ".join(p.surface for p in span))
        unit.add(lex.concept_id(tag), ranking.typo_weight(edits))
        words = [p for p in span if not is_stopword(p.surface)]
        if len(words) > 1:
            unit.all_words = [planner.word_unit(p, None).alternatives for p in words]
        concept_term = lex.concept_id(tag)
        held = concept_term is not None and lex.live_df(concept_term) > 0
        # Its neighbours answer below the notes that hold it or all of its words
        # (ranking.RELATED < ALL_WORDS_WEIGHT): its projects always, the others only when
        # nobody wrote the term.
        if held:
            planner.add_narrower(unit, tag)
        else:
            planner.add_related(unit, tag)
        units.append(unit)
        covered[i : i + length] = [True] * length
        i += length

    word_units: list[int] = []
    for n, tok in enumerate(parts):
        if covered[n] or is_stopword(tok.surface):
            continue
        word_units.append(len(units))
        units.append(planner.word_unit(tok, n))
    _add_described(lex, units, parts)

    pairs: list[tuple[int, int]] = []
    for a, b in pairwise(word_units):
        first, second = units[a].position, units[b].position
        assert first is not None and second is not None
        if second == first + 1:
            # Two words typed apart that notes write as one ("uuid v7" for uuidv7(),
            # "host name" for hostname): a note holding the joined word holds both.
            joined = lex.term_id(parts[first].surface + parts[second].surface)
            units[a].add(joined, ranking.SAME_STEM)
            units[b].add(joined, ranking.SAME_STEM)
        between = range(first + 1, second)
        if all(not covered[k] and is_stopword(parts[k].surface) for k in between):
            pairs.append((a, b))
    unmatched = [u.label for u in units if not u.matched]
    corrections = [(typed, read) for typed, read in planner.used.items() if typed != read]
    return QueryPlan(units, pairs, unmatched, corrections)
