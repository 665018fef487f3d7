"""Everyday English words: a query word that is one was typed as meant, not mistyped.

Typo tolerance reads a word no note uses as the nearest word some note does. For
"karpneter" that is right; for "newer" ("never"), "internal" ("external") or "protection"
("production") it answers a question nobody asked, and says so ("newer -> never"). A
word common in English is no typo: it is left as typed, and its notes found by its own
spelling, stem and synonyms, or not at all.

The list is pyspellchecker's English word frequencies (from subtitles and books), kept
from a count on: rarer entries include the misspellings people make ("recieve").
"""

from __future__ import annotations

from functools import cache

# A word seen at least this often is a word: "automation" (395), "retention" (490), not
# "tiler" (50). Misspellings of project names ("kernal", "promethues") are not listed.
COMMON_MIN_COUNT = 100


# A listed word this rare, next to one far more common ("oder": 146, "order": 258,122),
# is more likely that word mistyped than meant; "newer" (2,045) is meant.
RARE_WORD_MAX_COUNT = 500
MORE_COMMON_RATIO = 100


@cache
def _counts() -> dict[str, int]:
    # Loaded on the first unknown word (0.1 s, ~4 MB kept), not when the bot starts.
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en").word_frequency.dictionary
    return {word: count for word, count in counts.items() if count >= COMMON_MIN_COUNT}


def is_common_word(word: str) -> bool:
    """Whether `word` (as typed, any case) is an everyday English word."""
    return word.lower() in _counts()


def likely_mistyped(typed: str, meant: str) -> bool:
    """Whether an everyday word is more likely a far more common one mistyped: "oder" for
    "order", not "newer" for "never"."""
    counts = _counts()
    seen = counts.get(typed.lower(), 0)
    return seen < RARE_WORD_MAX_COUNT and counts.get(meant.lower(), 0) >= MORE_COMMON_RATIO * seen


def frequency(word: str) -> int:
    """How often `word` (any case) is seen in everyday English; 0 when it is no everyday
    word (or only a rare one)."""
    return _counts().get(word.lower(), 0)
