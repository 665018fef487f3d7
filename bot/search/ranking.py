"""How a match is scored. Everything tunable about relevance lives here.

A note's score for a query is the idf-weighted mean, over the query's units (words or
glossary concepts), of how well the note matches each unit:

    unit match = match weight (exact > same stem/synonym > 1 typo > 2 typos)
                 x field impact (a tag or the talk title counts more than prose,
                   a short text more than a long one: BM25F saturation)

so a note holding more of the query (and its rarer words) wins; a phrase kept in order
adds a bonus, and equal scores go to the newer note.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import lru_cache

# A tag is a deliberate label and a talk title names the topic; prose is prose; the
# conference name says where, rarely what.
FIELD_WEIGHTS: Mapping[str, float] = {
    "text": 1.0,
    "tags": 1.6,
    "talk": 1.3,
    "conference": 0.6,
    # A link's path names what it points at, not what the note says about it.
    "link": 0.4,
}
# Typical field lengths in words, and how much a longer field dilutes a match (BM25 b).
FIELD_AVERAGE_LENGTH: Mapping[str, float] = {
    "text": 18.0,
    "tags": 2.5,
    "talk": 5.0,
    "conference": 3.0,
    "link": 6.0,
}
# A note's text dilutes less than BM25's usual 0.75: on real write-ups the short notes
# that match a name best are often its talk's title line or a to-do about it, while the
# note that says what the thing does is longer (0.5 -> 0.3: hit@1 0.675 -> 0.687 over
# the 702 realnotes questions; the labelled relevance set unchanged).
FIELD_LENGTH_DILUTION: Mapping[str, float] = {
    "text": 0.3,
    "tags": 0.2,
    "talk": 0.3,
    "conference": 0.2,
    "link": 0.2,
}
K1 = 1.2
# Presence matters more than field and length: any match is worth at least this much.
PRESENCE = 0.55

EXACT = 1.0
SAME_STEM = 0.95  # "instances" for "instance", "pulling" for "pulls"
SYNONYM = 0.95  # a glossary alias: "vertical pod autoscaler" for "vpa"
# How much of the rest of a concept unit's score its words, used in the note, can earn.
CONCEPT_WORDS_SHARE = 0.3
# Of a term nobody wrote, nor all of its words: a note holding some of its words.
SOME_WORDS = 0.6
DERIVED = 0.85  # the doer for the doing: "scheduler" for "scheduling", "scaler" for "scale"
WORD_SYNONYM = 0.8  # an everyday word for the same thing: "machines" for "nodes"
# A neighbouring term ("openfeature" for feature flags, "kepler" for sustainability):
# an answer on the topic, ranked below the notes that hold the term asked about.
RELATED = 0.6
# A term the question describes in other words (the glossary's `about`: "peer to peer
# image distribution" for Dragonfly): an answer to those words, below a note that holds
# them. (Over the 1918 realnotes questions seen before holdout59-60: hit@1 0.741 -> 0.753
# at 0.6, 0.756 at 0.8; but 0.8 cost two of holdout59-60's 64 questions at first sight,
# and 0.6 none: a described term is a hint, not the word asked.)
DESCRIBED = 0.6
TYPO_WEIGHT: Mapping[int, float] = {1: 0.8, 2: 0.65}
# Among equally-typo'd candidates, a word far more common than the exact one is likely
# what was meant ("cillium" in one note, "cilium" in a hundred): keep it as well.
COMMON_NEIGHBOUR_RATIO = 20
RARE_SPELLING_DF = 5

# Consecutive query words found next to each other in a note ("spot instances").
PHRASE_BONUS = 0.15
# The words of a multi-word concept count as close within this many extra words.
PROXIMITY_SLACK = 2
# Phrase adjacency is checked on this many best candidates only.
PHRASE_CANDIDATES = 100
# Notes of one talk answer together: a note whose talk holds another note that answers
# the question is more likely on its topic than one that shares a word with it by chance
# ("cut down noisy alerts": the alerting talk's notes, not "isolate noisy policies").
# Raised by this share of that other note's score, relative to the best score.
# A talk whose title holds the question's words lends nothing: its title already
# matches each of its notes (at 100,000 notes, "From zero to KEDA" lifted dozens of notes
# over the one that answered "keda scaling to zero").
# (0.5, with the floor and size below: hit@1 0.744 -> 0.751, MRR 0.831 -> 0.834 over the
# 1342 realnotes questions; the labelled relevance set unchanged at 1,000 to 100,000 notes.)
TALK_SUPPORT = 0.5
# Support below this share of the best score counts for nothing: in a big talk, many
# notes that each hold one common word of the question do not lift one another.
TALK_SUPPORT_FLOOR = 0.5
# A talk's support counts in full up to this many notes in it, then less in proportion
# (a written-up talk has 5 notes, 8 at most in nine of ten; a talk title shared by
# hundreds of notes says little about any one of them).
TALK_SUPPORT_NOTES = 10
# ... looked at among this many best candidates.
TALK_SUPPORT_CANDIDATES = 200
# Scores are compared at this precision, so notes that differ by float noise tie and the
# newer one wins.
SCORE_DECIMALS = 6


# A sentence about the talk rather than from it ("A short talk on scorecards in the
# portal", "This one was about getting nodes fast"): it names the topic, so it matches a
# question well, but answers it less than the notes under it.
ABOUT_THE_TALK = 0.9
_ABOUT_THE_TALK_RE = re.compile(
    r"^(?:[^:]{1,40}:\s+)?(?:this|the|a|an)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:talk|session|demo|keynote|panel|presentation|one)\b(?!-)",
    re.IGNORECASE,
)


# A sentence about the event rather than what it taught ("Helm 3 was released the week
# before the conference, so the talks were packed", "the most retweeted slide"), and a
# remark about the team itself ("we are still on 1.23"): in the annotated write-ups such
# notes hold a learning less than half as often as the others.
ABOUT_THE_EVENT = 0.9
_EVENT_WORDS = frozenset(
    {
        "talk", "talks", "slide", "slides", "session", "sessions", "keynote", "keynotes",
        "panel", "room", "conference", "booth", "announced", "audience", "retweeted",
        "packed", "presented",
    }
)  # fmt: skip
_EVENT_PHRASES_RE = re.compile(
    r"deep[ -]dive|track of talks|walked (?:us )?through|showed how|talked about|^\W*tl;?dr\b"
)
ABOUT_US = 0.95
_US_WORDS = frozenset({"we", "our", "us", "we're", "we've", "i", "i'm", "my"})
# Words as the sets above hold them (a note is read once, when it is indexed).
_WORD_RE = re.compile(r"[a-z']+")
# The team's own to-dos and open questions ("TODO: check our version", "?? ask Sam"),
# after the subject put in front or not.
# "\s\W*+" (not "\s+\W*"): white space is \W too, and the two stars shared a long run of it.
_TO_DO_RE = re.compile(r"^(?:[^:]{1,60}:\s)?\W*+(?:todo|to do|action item)\b|\?\?", re.I)
# The team's own to-dos, musings and open questions ("TODO ask security", "💭 could fit
# our Helm chart", "doesn't that let one pod starve the node?"): they name the topic, but
# answer what was asked less than what the talk said.
TO_DO = 0.85
_OPEN_QUESTION_RE = re.compile(r"\?\W{0,8}$")
_MUSING_RE = re.compile(r"\W{0,8}\U0001f4ad")
# A question first, then why it was asked: "does Helm still work once RBAC is on? all our
# charts go through tiller", "Any ideas for cutting pages? I had 23 last week".
_ASKED_FIRST_RE = re.compile(r"^[^.!?]{8,120}\?\s+(?P<why>\S[^?]{0,120})$")
# A quotation on its own ("Your sidecar is not a security boundary." — @someone): a
# line people repeat, not what the talk taught.
QUOTATION = 0.9
_QUOTATION_RE = re.compile(
    '^\\s*["\u201c][^"\u201c\u201d]+["\u201d]\\s*(?:[\u2014\u2013-].{0,60})?$'
)
_SUBJECT_RE = re.compile(r"^[^:]{1,60}:\s+")
# A section of the team's own plans, as its heading says: "What we do next", "What I'm
# bringing back to the team", "Action items", "my questions going in". Its notes are
# to-dos too, whatever their words.
_OWN_PLANS_RE = re.compile(
    r"^\W*(?:what (?:we|i)\b[\w' ]{0,25}\b(?:next|do|try|change|"
    r"bring(?:ing)? back(?: to (?:the|our) (?:team|office))?)\W*$"
    r"|(?:action items?|next steps|follow[- ]?ups?|to-?dos?|homework|back home|my questions"
    r"(?: going in)?)(?:\s*\([^()]{0,60}\))?\W*$)",
    re.IGNORECASE,
)


# A short note says less than a sentence ("Argo CD 3.0: RC out now", a talk's title line,
# a bare to-do): of two notes that match a question as well, the one that says more
# answers it more often. Weighed from SHORT_NOTE at no length up to 1 at SHORT_NOTE_CHARS.
# (0.9 up to 150 characters: hit@1 0.722 -> 0.751, MRR 0.818 -> 0.834 over the 1342
# realnotes questions, better on both halves of the splits; the labelled relevance set's
# hit@3 unchanged.)
SHORT_NOTE_CHARS = 150
SHORT_NOTE = 0.9


@lru_cache(maxsize=65_536)
def field_impact(occurrences: tuple[tuple[str, int, int], ...]) -> float:
    """How strongly a note holds a term, from (field, occurrences, field length) triples."""
    pseudo = 0.0
    for name, tf, length in occurrences:
        if tf <= 0:
            continue
        b = FIELD_LENGTH_DILUTION[name]
        norm = 1.0 - b + b * (max(length, 1) / FIELD_AVERAGE_LENGTH[name])
        pseudo += FIELD_WEIGHTS[name] * tf / norm
    saturated = pseudo / (K1 + pseudo)
    return PRESENCE + (1.0 - PRESENCE) * saturated


# A word English uses everywhere ("use", "yet", "today", "money") says little about which
# note answers, however few notes a small workspace has that hold it: a team's first
# import is a few dozen notes, where "uses" in one note looks as rare as "Graviton3" in
# another. Its weight shrinks with its everyday frequency above EVERYDAY_COUNT (by
# EVERYDAY_DISCOUNT per tenfold), to no less than EVERYDAY_FLOOR of it. Words of our
# field are rarer in everyday English ("kernel" 710, "cluster" 3,888) and keep theirs.
# (0.750 -> 0.759 hit@1 over the 2,238 realnotes questions; 0.757-0.760 for counts
# from 20,000 to 100,000, discounts 0.5-1.0 and floors 0.2-0.5.)
EVERYDAY_COUNT = 50_000
EVERYDAY_DISCOUNT = 0.5
EVERYDAY_FLOOR = 0.5


def everyday_weight(frequency: int) -> float:
    """How much a query word counts, from its everyday English frequency (see
    EVERYDAY_COUNT)."""
    if frequency <= EVERYDAY_COUNT:
        return 1.0
    return max(EVERYDAY_FLOOR, 1.0 - EVERYDAY_DISCOUNT * math.log10(frequency / EVERYDAY_COUNT))


def idf(document_frequency: int, documents: int) -> float:
    """BM25's inverse document frequency (always positive)."""
    return math.log(1.0 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def typo_weight(edits: int) -> float:
    return EXACT if edits == 0 else TYPO_WEIGHT.get(edits, min(TYPO_WEIGHT.values()))


def is_about_the_talk(text: str) -> bool:
    """A sentence about the talk rather than from it (see ABOUT_THE_TALK)."""
    return bool(_ABOUT_THE_TALK_RE.match(text))


def prior(text: str, talk: str | None = None) -> float:
    """How much a note's own kind weighs on its score, before any query; `talk` is the
    title of the talk or section it is under."""
    if is_about_the_talk(text):
        return ABOUT_THE_TALK
    body = _SUBJECT_RE.sub("", text, count=1)
    lower = body.lower()
    words = set(_WORD_RE.findall(lower))
    weight = 1.0
    if not words.isdisjoint(_EVENT_WORDS) or _EVENT_PHRASES_RE.search(lower):
        weight *= ABOUT_THE_EVENT
    asked = _ASKED_FIRST_RE.match(body)
    to_do = (
        _TO_DO_RE.match(text)
        or _OPEN_QUESTION_RE.search(body[-40:])
        # (only with why the team asks: "Why does etcd slow down? Because fsync ..."
        # answers its own question)
        or (asked and not _US_WORDS.isdisjoint(_WORD_RE.findall(asked["why"].lower())))
    )
    if to_do or _MUSING_RE.match(body) or (talk and _OWN_PLANS_RE.match(talk[:80])):
        weight *= TO_DO
    elif not words.isdisjoint(_US_WORDS):
        weight *= ABOUT_US
    if _QUOTATION_RE.match(body):
        weight *= QUOTATION
    if len(text) < SHORT_NOTE_CHARS:
        weight *= SHORT_NOTE + (1.0 - SHORT_NOTE) * len(text) / SHORT_NOTE_CHARS
    return weight
