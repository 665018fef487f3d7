"""Turning text into the tokens the index and the queries share.

Both sides go through the same functions, so a stemming rule only has to be consistent,
not linguistically right.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# A link in a note's text: its words are a path, not what the note says ("dapr
# resiliency" in ".../operations/resiliency/" is weaker than in a sentence).
LINK_RE = re.compile(r"https?://\S+|<https?://[^>]*>", re.IGNORECASE)

# Words joined by -, ., / or _ ("kube-proxy", "cri-o", "argo/cd") are one compound:
# its parts are tokens and so is the joined form ("kubeproxy").
_COMPOUND_RE = re.compile(r"[^\W_]+(?:[-./_+][^\W_]+)*")
_PART_RE = re.compile(r"[^\W_]+")

# Question and filler words: "what did we learn about karpenter?" keeps "karpenter". A
# filler word left in would be "corrected" to a word of the notes ("made" -> "mode").
_STOPWORD_TEXT = """
a about after again all also am an and any
anybody anyone anything are as at be been before being between both but by can could did
do does doing done during each else ever for from get got had has have having he her
here hers him his how i if in into is it its itself just know learn learned learning
learns learnt let like me mention mentioned mentions more most my no nor not note notes
of off on once only or other our ours out over own please remember say said says she
should show so some someone something tell than that the their theirs them then there
these they this those through tip tips to too under until up us very was we were what
whatever when where which while who whom whose why will with would you your takeaway
takeaways talk talked talking talks heard hear lesson lessons learnings thing told tells
telling per via
things stuff
made happen happens happened
good best really actually way ways
"""
# ("good", "best", "way": "how to run a good postmortem" asks about postmortems; as
# words they found "which is good because ..." in any chat.)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# "search karpenter", "find notes about keda": asking, not the topic, when they open the
# question. Anywhere else they are words like any other ("developer portal search
# backend", "Lunr search"), so notes index them.
INTENT_WORDS = frozenset({"find", "search", "look", "looking", "lookup"})

# Shorthand typed in notes during a talk: "render w/o a cluster" is "without".
_SHORTHAND = {"w/o": "without", "w/": "with", "b/c": "because", "b/w": "between"}
_SHORTHAND_RE = re.compile(r"(?<![\w/])(w/o|b/c|b/w|w/)(?![\w/])", re.IGNORECASE)
# Abbreviations of notes typed during talks, read as the word on both sides: "legacy svc"
# is found by "legacy service" and back.
_ABBREVIATIONS = {
    "svc": "service", "svcs": "services", "ns": "namespace", "cfg": "config",
    "env": "environment", "envs": "environments", "repo": "repository",
    "repos": "repositories", "prod": "production", "perf": "performance",
    "req": "request", "reqs": "requests", "infra": "infrastructure", "mgmt": "management",
    "cert": "certificate", "certs": "certificates", "db": "database", "dbs": "databases",
    "img": "image", "imgs": "images", "vuln": "vulnerability", "vulns": "vulnerabilities",
    "perms": "permissions", "mem": "memory", "pkg": "package", "pkgs": "packages",
    "deps": "dependencies", "msg": "message", "msgs": "messages",
}  # fmt: skip
# camelCase and PascalCase identifiers ("verifyImages", "PodSecurityPolicy") are read as
# their words as well, like a compound: "verify images" finds them. A single lowercase
# letter in front is part of the name: "eBPF", "mTLS", "gRPC" stay whole.
_CAMEL_RE = re.compile(r"(?<=[a-z]{2})(?=[A-Z])")
_HAS_CAMEL_RE = re.compile(r"[a-z]{2}[A-Z]")  # a cheaper scan, for the common no-case

# Typo budget by word length, like Meilisearch and Typesense: none for very short words
# (acronyms such as "vpa", "hpa", "opa" must not match each other), then one, then two.
ONE_TYPO_MIN_LENGTH = 4
TWO_TYPOS_MIN_LENGTH = 8


def typo_budget(word: str) -> int:
    """How many edits (OSA: a transposition is one) a query word may carry."""
    if len(word) >= TWO_TYPOS_MIN_LENGTH:
        return 2
    if len(word) >= ONE_TYPO_MIN_LENGTH:
        return 1
    return 0


def normalize(text: str) -> str:
    """Case-fold and strip accents: "Kübernetes" and "kubernetes" are the same word."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


class Token(NamedTuple):
    surface: str
    stem: str
    position: int
    # The joined form of a compound ("kubeproxy") sits beside its parts, not in sequence.
    joined: bool = False


_VOWELS = frozenset("aeiouy")


# Names whose final "s" is no plural: NATS is not a NAT.
_NOT_PLURAL = frozenset({"nats"})


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed, -ation and a final e.

    "instances"/"instance", "pulling"/"pulls", "scaling"/"scale", "policies"/"policy",
    "migration"/"migrate" share a stem. Words with digits are left alone ("k8s", "e2e").
    """
    if len(word) <= 3 or not word.isalpha() or word in _NOT_PLURAL:
        return word
    w = word
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ation") and len(w) - 3 >= 5:
        w = w[:-3]
    else:
        for suffix in ("ing", "ed"):
            base = w[: -len(suffix)]
            if w.endswith(suffix) and len(base) >= 3 and _VOWELS.intersection(base):
                w = base
                if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                    w = w[:-1]
                break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


# Everyday words for the same thing, asked one way and written another ("machines" for
# nodes, "bill" for cost): found as weaker matches (ranking.WORD_SYNONYM), on the query
# side only, so each word keeps its own exact matches first.
_WORD_SYNONYM_GROUPS = (
    ("node", "machine", "vm", "host"),
    ("cost", "bill", "spend", "money", "price", "saving", "cheap", "expensive"),
    ("secret", "credential", "password"),
    ("outage", "downtime", "incident"),
    ("interruption", "reclaim", "preemption"),
    ("retire", "deprecate", "sunset"),
    ("tenant", "customer"),
    ("backup", "snapshot"),
    ("rollback", "revert", "abort"),
    ("replace", "successor", "alternative"),
    ("memory", "ram"),
    ("power", "energy", "electricity", "watt"),
    ("flag", "toggle"),
    ("alert", "alarm", "page"),
    ("failover", "takeover", "switchover"),
    ("team", "squad"),
    ("stale", "orphaned", "unused", "abandoned"),
    ("ingest", "receive"),
    ("reduce", "cut", "lower", "shrink", "trim", "decrease"),
    ("prevent", "block", "enforce", "deny"),
    ("crash", "panic"),
    ("upgrade", "update", "bump"),
    ("startup", "boot"),
    ("limit", "quota", "cap"),
    ("restart", "reboot", "redeploy"),
    ("delete", "remove"),
    ("rating", "score", "scorecard", "grade"),
    ("deploy", "rollout"),
    ("manual", "manually"),
    ("ephemeral", "throwaway", "disposable", "temporary"),
    ("template", "scaffold", "skeleton", "boilerplate"),
    ("approval", "signoff"),
    ("exception", "waiver", "exemption"),
    ("register", "enroll", "onboard"),
    ("certificate", "cert"),
    ("encryption", "encrypt", "tls", "mtls"),
    ("pending", "waiting"),
    ("build", "compile"),
    ("job", "task"),
    ("pipeline", "ci"),
    ("parallel", "concurrent"),
)
WORD_SYNONYMS: dict[str, tuple[str, ...]] = {
    stem(word): tuple(stem(w) for w in group if w != word)
    for group in _WORD_SYNONYM_GROUPS
    for word in group
}


def _expanded(text: str) -> str:
    if "/" in text:
        text = _SHORTHAND_RE.sub(lambda m: _SHORTHAND[m.group(1).lower()], text)
    # A hyphen makes the words one compound: its parts and its joined form are tokens.
    return _CAMEL_RE.sub("-", text) if _HAS_CAMEL_RE.search(text) else text


def tokens(text: str) -> list[Token]:
    """Every word of a text, normalised and stemmed, in order (stopwords included)."""
    out: list[Token] = []
    append = out.append
    position = 0
    for compound in _COMPOUND_RE.findall(normalize(_expanded(text))):
        if compound.isalnum():  # the common case: a plain word
            word = _ABBREVIATIONS.get(compound, compound)
            append(Token(word, stem(word), position, False))
            position += 1
            continue
        parts = _PART_RE.findall(compound)
        for part in parts:
            word = _ABBREVIATIONS.get(part, part)
            append(Token(word, stem(word), position, False))
            position += 1
        if len(parts) > 1:
            joined = "".join(parts)
            joined = _ABBREVIATIONS.get(joined, joined)  # "req/s" joins as "reqs"
            append(Token(joined, stem(joined), position - len(parts), True))
    return out


def is_stopword(surface: str) -> bool:
    return surface in STOPWORDS
