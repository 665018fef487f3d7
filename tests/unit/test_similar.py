"""Near-duplicates and related takeaways, on the pure engine (bot/search/similar.py)."""

from __future__ import annotations

from bot.search import similar
from bot.search.glossary import Glossary
from bot.search.index import Document, TeamIndex


def index_of(glossary: Glossary, *notes: similar.Note) -> TeamIndex:
    index = TeamIndex(glossary)
    for n, note in enumerate(notes, start=1):
        index.upsert(Document(n, note.text, (), None, note.talk, note.author, 0.0))
    return index


def found(glossary: Glossary, new: similar.Note, *notes: similar.Note, **kw: object) -> list[int]:
    index = index_of(glossary, *notes)
    by_id = dict(enumerate(notes, start=1))
    pairs = similar.near_duplicates(
        new,
        index,
        glossary,
        lambda ids: {i: by_id[i] for i in ids},
        **kw,  # type: ignore[arg-type]
    )
    return [i for i, _ in pairs]


def test_the_same_point_in_other_words_and_synonyms(builtin_glossary: Glossary) -> None:
    old = similar.Note("Never combine VPA and HPA on CPU for the same workload", None, "U1")
    other = similar.Note("Cilium replaces kube-proxy with eBPF", None, "U1")
    new = similar.Note(
        "Don't use the vertical pod autoscaler together with HPA on the same CPU workload",
        None,
        "U2",
    )
    assert found(builtin_glossary, new, old, other) == [1]


def test_links_are_no_topic(builtin_glossary: Glossary) -> None:
    old = similar.Note("Flux bumps image tags https://fluxcd.io/docs/guides", None, "U1")
    new = similar.Note("Karpenter drift https://fluxcd.io/docs/guides", None, "U2")
    assert found(builtin_glossary, new, old) == []


def test_one_talk_two_people_but_not_one_person_twice(builtin_glossary: Glossary) -> None:
    talk = "FinOps for platform teams"
    alice = similar.Note("Spot instances for CI runners saved 70%", talk, "U1")
    bob = similar.Note("Reserved instances and savings plans for the baseline", talk, "U2")
    assert found(builtin_glossary, bob, alice) == [1], "someone else's notes on the talk"
    mine = similar.Note("Reserved instances and savings plans for the baseline", talk, "U1")
    assert found(builtin_glossary, mine, alice) == [], "the title alone makes no duplicate"
    related = found(builtin_glossary, mine, alice, verdict=similar.related)
    assert related == [1], "but it is related"
