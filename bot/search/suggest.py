"""'Did you mean ...' when a query matches nothing: close tags first, then close words."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rapidfuzz import fuzz, process

from bot.search.text import is_stopword, normalize, typo_budget

MAX_SUGGESTIONS = 3
# Wider than search's typo budget: these are offered, not applied.
EXTRA_EDITS = 1
TAG_SIMILARITY = 70.0


def suggestions(
    unmatched: list[str],
    *,
    tags: Mapping[str, int],
    near: Callable[[str, int], list[tuple[str, int]]],
    frequency: Callable[[str], int],
) -> list[str]:
    """Workspace tags and words that look like the words that found nothing."""
    found: list[str] = []
    tag_names = list(tags)
    for raw in unmatched:
        word = normalize(raw)
        if len(word) < 3 or is_stopword(word):
            continue
        close_tags = process.extract(
            word, tag_names, scorer=fuzz.ratio, score_cutoff=TAG_SIMILARITY, limit=MAX_SUGGESTIONS
        )
        ranked_tags = sorted(close_tags, key=lambda m: (-m[1], -tags[m[0]], m[0]))
        found.extend(f"#{name}" for name, _, _ in ranked_tags)
        budget = max(1, typo_budget(word)) + EXTRA_EDITS
        words = [(w, e, frequency(w)) for w, e in near(word, budget) if not is_stopword(w)]
        found.extend(w for w, _, df in sorted(words, key=lambda m: (m[1], -m[2], m[0])) if df)
    unique = [s for s in dict.fromkeys(found) if s.lstrip("#") != ""]
    return unique[:MAX_SUGGESTIONS]
