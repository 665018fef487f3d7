"""Tokens, stems and typo budgets: what makes "pulls" find "pulling" and "vpa" never "hpa"."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import OSA

from bot.search.fuzzy import Vocabulary
from bot.search.text import is_stopword, stem, tokens, typo_budget


def surfaces(text: str) -> list[str]:
    return [t.surface for t in tokens(text)]


def test_tokens_fold_case_and_accents_and_split_compounds() -> None:
    assert surfaces("Kübernetes\u2019 kube-proxy, CRI-O!") == [
        "kubernetes",
        "kube",
        "proxy",
        "kubeproxy",
        "cri",
        "o",
        "crio",
    ]
    joined = [t for t in tokens("kube-proxy") if t.joined]
    assert [(t.surface, t.position) for t in joined] == [("kubeproxy", 0)]


@pytest.mark.parametrize(
    ("words", "shared"),
    [
        (("instances", "instance"), True),
        (("pulling", "pulls", "pulled", "pull"), True),
        (("scaling", "scale", "scaled", "scales"), True),
        (("policies", "policy"), True),
        (("migration", "migrate", "migrating"), True),
        (("running", "run"), True),
        (("k8s", "k8"), False),  # words with digits are left alone
        (("status", "statu"), False),
        (("ingress", "ingres"), False),
    ],
)
def test_stems_group_word_forms(words: tuple[str, ...], shared: bool) -> None:
    stems = {stem(w) for w in words}
    assert (len(stems) == 1) is shared, stems


def test_typo_budget_grows_with_length() -> None:
    assert [typo_budget(w) for w in ("vpa", "keda", "cilium", "karpenter")] == [0, 1, 1, 2]
    assert typo_budget("backstge") == 2
    assert OSA.distance("karpneter", "karpenter") == 1  # a transposition is one edit


def test_question_words_are_stopwords_topics_are_not() -> None:
    words = surfaces("what did we learn about karpenter?")
    assert [w for w in words if not is_stopword(w)] == ["karpenter"]
    assert not any(is_stopword(w) for w in ("criu", "recovery", "disaster", "mesh"))


def test_vocabulary_finds_every_single_typo_and_not_far_words() -> None:
    vocabulary = Vocabulary()
    for word in ("karpenter", "carpenter", "cilium", "prometheus", "backstage", "helm"):
        vocabulary.add(word)
    assert vocabulary.near("karpneter", 2)[0] == ("karpenter", 1)
    assert ("carpenter", 2) in vocabulary.near("karpneter", 2)
    # A typo on the first letter is found through the last-letter buckets.
    assert vocabulary.near("xilium", 1) == [("cilium", 1)]
    assert vocabulary.near("promethues", 2) == [("prometheus", 1)]
    assert vocabulary.near("helm", 0) == []
    assert vocabulary.near("zzzzzz", 2) == []


def test_camel_case_names_are_also_their_words_and_shorthand_is_spelled_out() -> None:
    surfaces = [t.surface for t in tokens("Kyverno verifyImages, PodSecurityPolicy")]
    assert {"verify", "images", "verifyimages", "pod", "security", "policy"} <= set(surfaces)
    # A single lowercase letter in front is part of the name.
    assert [t.surface for t in tokens("eBPF mTLS gRPC")] == ["ebpf", "mtls", "grpc"]
    assert [t.surface for t in tokens("render w/o a cluster, w/ argo")] == [
        "render", "without", "a", "cluster", "with", "argo",
    ]  # fmt: skip
    assert [t.surface for t in tokens("kind w/out")] == ["kind", "w", "out", "wout"]
