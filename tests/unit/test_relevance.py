"""The benchmark's relevance scoring, on a small corpus (the full run is benchmarks/run.py)."""

from __future__ import annotations

import pytest

from benchmarks.corpus import CorpusNote, synthetic
from benchmarks.relevance import (
    KINDS,
    Corpus,
    Query,
    build_corpus,
    engine_index,
    engine_system,
    evaluate,
    fts5_system,
    load_set,
    wratio_system,
)


def test_hit_at_3_and_mrr_are_computed_per_kind() -> None:
    notes = list(synthetic(6, seed=1))
    corpus = Corpus(notes, key_of={0: "a", 1: "b", 2: "c"})
    answers = {"first": [0, 5], "third": [4, 5, 1], "fourth": [3, 4, 5, 2], "none": [5]}
    queries = [
        Query("first", "typo", ("a",)),
        Query("third", "typo", ("b",)),
        Query("fourth", "phrase", ("c", "a")),
        Query("none", "phrase", ("a",)),
    ]
    scores = evaluate(lambda q: answers[q], corpus, queries)
    assert scores.hit_at_3("typo") == 1.0
    assert scores.hit_at_3("phrase") == 0.0
    assert scores.hit_at_3() == 0.5
    assert scores.mrr("typo") == pytest.approx((1 + 1 / 3) / 2)
    assert scores.mrr("phrase") == pytest.approx((1 / 4 + 0) / 2)
    assert scores.misses == ["phrase: 'fourth' (rank 4)", "phrase: 'none' (rank >10)"]


def test_labelled_set_is_consistent_and_mixed_into_the_corpus() -> None:
    labelled = load_set()
    assert {q.kind for q in labelled.queries} == set(KINDS)
    corpus = build_corpus(labelled, 500)
    assert len(corpus.notes) == 500
    assert sorted(corpus.key_of.values()) == sorted(labelled.notes)
    assert all(isinstance(n, CorpusNote) for n in corpus.notes)


def test_engine_meets_the_targets_and_beats_both_baselines_on_a_small_corpus() -> None:
    labelled = load_set()
    corpus = build_corpus(labelled, 1000)
    ours = evaluate(engine_system(engine_index(corpus)), corpus, labelled.queries)
    assert ours.hit_at_3() >= 0.96, ours.misses
    for kind in KINDS:
        assert ours.hit_at_3(kind) >= 0.9, (kind, ours.misses)
    for baseline in (fts5_system(corpus), wratio_system(corpus)):
        assert ours.mrr() > evaluate(baseline, corpus, labelled.queries).mrr()
