"""The cloud-native glossary: terms, their acronyms and synonyms, as a data file.

`load_glossary()` reads the built-in bot/data/glossary.toml and, optionally, a workspace's
own file in the same format. Search uses it to treat "VPA" and "vertical pod autoscaler"
as one concept; the importer uses `Glossary.tags_for(text)` to label notes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bot.grammar import TAG_PATTERN
from bot.search.fuzzy import Vocabulary
from bot.search.text import Token, is_stopword, tokens

BUILTIN = "glossary.toml"
# A term's description (`about`) is matched by a question holding at least this many of
# its words, and this share of them.
DESCRIBED_MIN_WORDS = 2
# (Any two words of a short description, a third of a longer one: over the 1918
# realnotes questions, hit@1 0.741 -> 0.753 with ranking.DESCRIBED at 0.6; half or all of
# its words gained less, and so did leaving out words many descriptions share, such as
# "pod" or "image".)
DESCRIBED_SHARE = 1 / 3
_TAG_RE = re.compile(TAG_PATTERN)


class GlossaryError(ValueError):
    """A glossary file cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Term:
    tag: str
    name: str
    aliases: tuple[str, ...] = ()
    # Tags of neighbouring terms (not the same thing): a question about one that finds
    # nothing is answered with notes about these ("openfeature" -> feature flags).
    related: tuple[str, ...] = ()
    # Tags of the projects and kinds of this field ("service-mesh" -> istio, linkerd):
    # a question about the field also finds notes about them, ranked lower, even when a
    # note names the field in passing. They are related terms too (either way round).
    narrower: tuple[str, ...] = ()
    # What it is in everyday words, for a question that does not know its name ("peer to
    # peer image distribution" for Dragonfly): never a form of the term, only a hint that
    # its notes answer (see Glossary.described).
    about: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        """Every way of writing the term: its tag, its name and its aliases."""
        return (self.tag, self.name, *self.aliases)


@dataclass(frozen=True)
class ConceptMatch:
    tag: str
    start: int  # index into the non-joined tokens
    end: int  # exclusive


def _form_sequences(form: str) -> list[tuple[str, ...]]:
    """Stem sequences a form is recognised by: its words, and a compound's joined form."""
    toks = tokens(form)
    parts = tuple(t.stem for t in toks if not t.joined)
    found = [parts] if parts else []
    # "kube-proxy" also matches "kubeproxy"; "argo cd" does not match "argocd" unless listed.
    if len(form.split()) == 1:
        found.extend((t.stem,) for t in toks if t.joined)
    return found


class Glossary:
    """Terms indexed for matching token sequences, longest form first."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms: tuple[Term, ...] = tuple(terms)
        self._by_tag = {t.tag: t for t in self.terms}
        # Symmetric: a question about feature flags may find the OpenFeature notes too.
        self._related: dict[str, list[str]] = {}
        self._narrower: dict[str, list[str]] = {}
        for term in self.terms:
            for key, others in (("related", term.related), ("narrower", term.narrower)):
                for other in others:
                    if other not in self._by_tag:
                        raise GlossaryError(f"term {term.tag!r}: {key} tag {other!r} is unknown")
            for other in term.narrower:
                self._narrower.setdefault(term.tag, []).append(other)
            for other in (*term.related, *term.narrower):
                for a, b in ((term.tag, other), (other, term.tag)):
                    if b not in self._related.setdefault(a, []):
                        self._related[a].append(b)
        owner: dict[tuple[str, ...], str] = {}
        for term in self.terms:
            for form in term.forms():
                for seq in _form_sequences(form):
                    if all(is_stopword(stem) for stem in seq):
                        raise GlossaryError(
                            f"term {term.tag!r}: {form!r} has only common words and would "
                            "match almost every note"
                        )
                    other = owner.setdefault(seq, term.tag)
                    if other != term.tag:
                        raise GlossaryError(
                            f"{form!r} belongs to both {other!r} and {term.tag!r}; "
                            "keep it in one of them"
                        )
        self._sequences: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for seq, tag in owner.items():
            self._sequences.setdefault(seq[0], []).append((seq, tag))
        for candidates in self._sequences.values():
            candidates.sort(key=lambda pair: -len(pair[0]))
        self._first_stems = frozenset(self._sequences)
        # Every stem used by some form, so a query word the glossary knows is not "corrected".
        self.words: frozenset[str] = frozenset(stem for seq in owner for stem in seq)
        # One copy for every workspace's index (bot.search.index builds on it).
        self.vocabulary = Vocabulary()
        for word in sorted(self.words):
            self.vocabulary.add(word)
        # One-word forms, for typo-tolerant lookups ("kuberntes" -> kubernetes).
        self.single_words: dict[str, str] = {
            seq[0]: tag for seq, tag in owner.items() if len(seq) == 1
        }
        # Each description's content stems, and which descriptions hold a stem.
        self._descriptions: list[tuple[str, frozenset[str]]] = []
        self._describing: dict[str, list[int]] = {}
        for term in self.terms:
            for phrase in term.about:
                stems = frozenset(
                    t.stem for t in tokens(phrase) if not t.joined and not is_stopword(t.surface)
                )
                if len(stems) < DESCRIBED_MIN_WORDS:
                    raise GlossaryError(
                        f"term {term.tag!r}: about {phrase!r} needs at least "
                        f"{DESCRIBED_MIN_WORDS} words that are not common ones"
                    )
                for word in stems:
                    self._describing.setdefault(word, []).append(len(self._descriptions))
                self._descriptions.append((term.tag, stems))

    def __len__(self) -> int:
        return len(self.terms)

    def related(self, tag: str) -> list[str]:
        """Tags of the terms next to this one (see Term.related)."""
        return self._related.get(tag, [])

    def narrower(self, tag: str) -> list[str]:
        """Tags of the projects and kinds of this field (see Term.narrower)."""
        return self._narrower.get(tag, [])

    def described(self, stems: Iterable[str]) -> dict[str, frozenset[str]]:
        """The terms a question describes without naming them, by the stems of its words:
        tag -> the question's stems one of its descriptions holds. A description counts
        when the question holds DESCRIBED_MIN_WORDS of its words and DESCRIBED_SHARE of
        them: "how much electricity do our containers use" describes Kepler ("electricity
        used by containers")."""
        asked = frozenset(stems)
        hits: dict[int, int] = {}
        for word in asked:
            for n in self._describing.get(word, ()):
                hits[n] = hits.get(n, 0) + 1
        found: dict[str, frozenset[str]] = {}
        for n, count in hits.items():
            tag, words = self._descriptions[n]
            if count >= DESCRIBED_MIN_WORDS and count >= DESCRIBED_SHARE * len(words):
                found[tag] = found.get(tag, frozenset()) | (words & asked)
        return found

    def term(self, tag: str) -> Term | None:
        return self._by_tag.get(tag)

    def starting_with(self, stem: str) -> Sequence[tuple[tuple[str, ...], str]]:
        """Forms (as stem sequences, longest first) whose first word has this stem."""
        return self._sequences.get(stem, ())

    def match(self, toks: Sequence[Token]) -> list[ConceptMatch]:
        """Concepts named in a token list, leftmost-longest, without overlaps.

        Positions refer to the list of non-joined tokens; joined compounds that name a
        concept ("kubeproxy") are reported at their first part.
        """
        parts = [t for t in toks if not t.joined]
        stems = [t.stem for t in parts]
        found: list[ConceptMatch] = []
        if not self._first_stems.isdisjoint(stems):
            i = 0
            while i < len(stems):
                for seq, tag in self._sequences.get(stems[i], ()):
                    if tuple(stems[i : i + len(seq)]) == seq:
                        found.append(ConceptMatch(tag, i, i + len(seq)))
                        i += len(seq)
                        break
                else:
                    i += 1
        if len(parts) == len(toks):
            return found
        covered = {m.tag for m in found}
        index_of = {id(t): n for n, t in enumerate(parts)}
        for n, t in enumerate(toks):
            if t.joined:
                joined_tag = self.single_words.get(t.stem)
                if joined_tag is not None and joined_tag not in covered:
                    start = index_of.get(id(toks[n - 1]), 0) if n else 0
                    found.append(ConceptMatch(joined_tag, start, start + 1))
                    covered.add(joined_tag)
        return found

    def tags_for(self, text: str) -> list[str]:
        """Tags of the terms a text mentions, in order of first mention (for auto-tagging)."""
        tags: list[str] = []
        for m in sorted(self.match(tokens(text)), key=lambda m: m.start):
            if m.tag not in tags:
                tags.append(m.tag)
        return tags


def _terms_from(data: Mapping[str, Any], source: str) -> list[Term]:
    unknown = set(data) - {"term"}
    if unknown:
        raise GlossaryError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; use [[term]]")
    entries = data.get("term", [])
    if not isinstance(entries, list):
        raise GlossaryError(f"{source}: `term` must be an array of tables ([[term]])")
    terms: list[Term] = []
    for n, entry in enumerate(entries, start=1):
        where = f"{source}, term {n}"
        if not isinstance(entry, dict):
            raise GlossaryError(f"{where}: must be a table")
        extra = set(entry) - {"tag", "name", "aliases", "related", "narrower", "about"}
        if extra:
            raise GlossaryError(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
        tag = entry.get("tag")
        if not isinstance(tag, str) or not _TAG_RE.fullmatch(tag) or tag != tag.lower():
            raise GlossaryError(
                f"{where}: `tag` must be a lowercase tag starting with a letter, got {tag!r}"
            )
        name = entry.get("name", tag)
        aliases = entry.get("aliases", [])
        if not isinstance(name, str) or not name.strip():
            raise GlossaryError(f"{where} ({tag}): `name` must be a non-empty string")
        if not isinstance(aliases, list) or not all(
            isinstance(a, str) and a.strip() for a in aliases
        ):
            raise GlossaryError(f"{where} ({tag}): `aliases` must be a list of non-empty strings")
        about = entry.get("about", [])
        if not isinstance(about, list) or not all(isinstance(a, str) and a.strip() for a in about):
            raise GlossaryError(f"{where} ({tag}): `about` must be a list of non-empty strings")
        lists = {}
        for key in ("related", "narrower"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
                raise GlossaryError(f"{where} ({tag}): `{key}` must be a list of tags")
            lists[key] = tuple(value)
        terms.append(Term(tag=tag, name=name, aliases=tuple(aliases), about=tuple(about), **lists))
    return terms


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise GlossaryError(f"glossary file {path} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"glossary file {path} is not valid TOML: {exc}") from exc


def _merge(base: list[Term], extra: list[Term]) -> list[Term]:
    """Extra terms with a known tag add their aliases (and related and narrower tags) to
    it; new tags are appended."""
    merged = {t.tag: t for t in base}
    for term in extra:
        known = merged.get(term.tag)
        if known is None:
            merged[term.tag] = term
            continue
        aliases = [*known.aliases, *(a for a in term.forms() if a not in known.forms())]
        merged[term.tag] = Term(
            known.tag,
            known.name,
            tuple(dict.fromkeys(aliases)),
            related=tuple(dict.fromkeys([*known.related, *term.related])),
            narrower=tuple(dict.fromkeys([*known.narrower, *term.narrower])),
            about=tuple(dict.fromkeys([*known.about, *term.about])),
        )
    return list(merged.values())


def builtin_terms() -> list[Term]:
    """The terms shipped in bot/data/glossary.toml."""
    text = resources.files("bot.data").joinpath(BUILTIN).read_text(encoding="utf-8")
    return _terms_from(tomllib.loads(text), f"bot/data/{BUILTIN}")


def load_glossary(extra: Path | str | None = None) -> Glossary:
    """The built-in glossary, extended by a workspace's file when one is given."""
    terms = builtin_terms()
    if extra:
        path = Path(extra)
        terms = _merge(terms, _terms_from(_read(path), str(path)))
    return Glossary(terms)
