"""Real notes in (issue 14): how the importer splits write-ups teams really have, and how
well search answers questions about them, beside SQLite FTS5 (bm25) in the same run.

    .venv/bin/python -m benchmarks.notes_quality              # the tuning set
    .venv/bin/python -m benchmarks.notes_quality --split holdout13   # one split: a new,
                                                              # blind one only once
    .venv/bin/python -m benchmarks.notes_quality --holdout    # every held-out split
    .venv/bin/python -m benchmarks.notes_quality --holdout --write   # docs/benchmarks.md

The set (benchmarks/realnotes/, see its README) was written apart from the code: write-ups
(pasted web pages, Markdown with front matter, raw bullet notes, chat threads, e-mails) with their
debris, trip chat, facts and talks annotated, and questions with gold facts. A note is
judged by the annotations alone:

- junk: it holds a debris line (byline, share buttons, bio...) or trip chat;
- fragment: it holds a line that needs its section's subject, without the subject;
- mixed: it holds facts of two or more talks;
- one topic: none of these.

A fact annotated with a talk is under the right one when the note that holds it names
that talk (most words of the shorter name in the other).

Search is scored per file (each file is a workspace): a returned note holding a gold
fact's text is a hit; hit@1, hit@3 and MRR over the first 10.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.report import log, write_section
from bot.search.glossary import Glossary, load_glossary
from bot.search.index import Document, DocumentFilter, TeamIndex
from bot.transfer.notes import Note, notes_of_file

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "benchmarks" / "realnotes"
MARK_START = "<!-- notes-quality:start -->"
MARK_END = "<!-- notes-quality:end -->"
DEPTH = 10


def _norm(text: str) -> str:
    # Markup is not part of what a fact says: notes keep the words of `code` and *bold*.
    return " ".join(text.replace("`", "").replace("*", "").split()).lower()


@dataclass
class FileResult:
    name: str
    notes: list[Note]
    conference_expected: str | None
    conferences_found: set[str | None]
    junk: int = 0
    fragments: int = 0
    mixed: int = 0
    # Facts annotated with a talk, and those whose note names that talk.
    talks_judged: int = 0
    talks_right: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def conference_ok(self) -> bool:
        return self.conferences_found == {self.conference_expected}

    @property
    def with_talk(self) -> int:
        return sum(1 for n in self.notes if n.talk)


def judge(path: Path, notes: list[Note]) -> FileResult:
    spec = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
    result = FileResult(
        path.name, notes, spec["conference"], {n.conference for n in notes} or {None}
    )
    debris = [_norm(d) for d in spec["debris"] + spec["chat"] if len(_norm(d)) >= 4]
    # A debris entry is a whole line: a short one ("Istio", a tag under a post) is junk
    # where a note is that line (or one of its "; "-joined pieces, or that line under a
    # subject put in front), not wherever the word appears in a sentence.
    short = {d for d in debris if len(d.split()) < 4}
    facts = [(_norm(f["text"]), f.get("talk")) for f in spec["facts"]]
    heading = [(_norm(h["text"]), h["subject"].lower()) for h in spec["needs_heading"]]
    for note in notes:
        text = _norm(note.text)
        pieces = {text, text.split(": ", 1)[-1], *(p.strip() for p in text.split("; "))}
        if any(
            (d in pieces if d in short else d in text) or (len(text) >= 12 and text in d)
            for d in debris
        ):
            result.junk += 1
            result.examples.setdefault("junk", []).append(note.text)
            continue
        if any(h in text and subject not in text for h, subject in heading):
            result.fragments += 1
            result.examples.setdefault("fragment", []).append(note.text)
        talks = {talk for fact, talk in facts if fact in text}
        if len(talks) >= 2:
            result.mixed += 1
            result.examples.setdefault("mixed", []).append(note.text)
    for fact, talk in facts:
        home = next((n for n in notes if fact in _norm(n.text)), None)
        if talk and home is not None:
            result.talks_judged += 1
            if _same_talk(home.talk, talk):
                result.talks_right += 1
            else:
                result.examples.setdefault("talk", []).append(f"{home.talk!r} != {talk!r}")
    return result


_TALK_WORD_RE = re.compile(r"[a-z0-9]+")
# Words that say a line is a talk, not which one.
_TALK_LABELS = frozenset({"talk", "the", "a", "of"})
# A note's talk is the annotated one when most words of the shorter name are in the other
# and they are a good part of the longer one:
# "Keynote: Kubernetes 1.6" and "Kubernetes 1.6"; a speaker in brackets, a post's number or
# an emoji in front change nothing.
TALK_OVERLAP = 0.6


def _same_talk(found: str | None, annotated: str) -> bool:
    have = set(_TALK_WORD_RE.findall((found or "").lower())) - _TALK_LABELS
    want = set(_TALK_WORD_RE.findall(annotated.lower())) - _TALK_LABELS
    shared = len(have & want)
    # (and a third of the longer: "Keynote" is not "Keynote: Kubernetes 1.6", nor
    # "Kubernetes" "Cilium on Kubernetes at scale")
    return (
        bool(have and want)
        and shared >= TALK_OVERLAP * min(len(have), len(want))
        and 3 * shared >= max(len(have), len(want))
    )


# --- search --------------------------------------------------------------------------

System = Callable[[str], list[int]]


def engine(notes: list[Note], glossary: Glossary) -> System:
    index = TeamIndex(glossary)
    index.extend(
        Document(i, n.text, n.tags, n.conference, n.talk, "U1", 0.0) for i, n in enumerate(notes)
    )
    return lambda q: [r.id for r in index.search(q, DocumentFilter(), DEPTH).ranked]


def fts5(notes: list[Note]) -> System:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE notes USING fts5(body)")
    db.executemany(
        "INSERT INTO notes(rowid, body) VALUES (?, ?)",
        (
            (i, " ".join([n.text, *(f"#{t}" for t in n.tags), n.talk or "", n.conference or ""]))
            for i, n in enumerate(notes)
        ),
    )

    def run(query: str) -> list[int]:
        words = re.findall(r"\w+", query.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = db.execute(
            "SELECT rowid FROM notes WHERE notes MATCH ? ORDER BY bm25(notes) LIMIT ?",
            (match, DEPTH),
        )
        return [int(r[0]) for r in rows]

    return run


@dataclass
class Scores:
    hit1: float
    hit3: float
    mrr: float
    misses: list[str]


def score(questions: list[dict[str, object]], files: dict[str, tuple[list[Note], dict[str, str]]],
          make: Callable[[list[Note]], System]) -> Scores:  # fmt: skip
    systems = {name: make(notes) for name, (notes, _) in files.items()}
    ranks: list[int | None] = []
    misses = []
    for q in questions:
        name = str(q["file"])
        notes, facts = files[name]
        gold = [facts[g] for g in q["gold"]]  # type: ignore[attr-defined]
        found = systems[name](str(q["text"]))
        rank = next(
            (k for k, i in enumerate(found, 1) if any(g in _norm(notes[i].text) for g in gold)),
            None,
        )
        ranks.append(rank)
        if rank != 1:
            top = notes[found[0]].text[:110] if found else "-"
            want = next((n.text[:110] for n in notes if any(g in _norm(n.text) for g in gold)), "-")
            misses.append(f"{q['text']!r} ({name}): rank {rank}\n    top:  {top}\n    gold: {want}")
    n = len(ranks) or 1
    return Scores(
        sum(1 for r in ranks if r == 1) / n,
        sum(1 for r in ranks if r is not None and r <= 3) / n,
        sum(1 / r for r in ranks if r is not None) / n,
        misses,
    )


def _flag(split: str) -> str:
    """The command-line flag that scores `split`."""
    return "" if split == "tune" else f" --split {split}"


def run(split: str, verbose: bool) -> str:
    glossary = load_glossary()
    folder = SET / split
    # Every annotated input, whatever its extension (an org-mode file is notes too).
    paths = sorted(p for p in folder.iterdir() if p.with_name(p.name + ".json").exists())
    results = []
    files: dict[str, tuple[list[Note], dict[str, str]]] = {}
    for path in paths:
        notes = notes_of_file(path.read_text(encoding="utf-8"), path.name, glossary=glossary)
        results.append(judge(path, notes))
        spec = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
        files[path.name] = (notes, {f["id"]: _norm(f["text"]) for f in spec["facts"]})
    asked = tomllib.loads((SET / "questions.toml").read_text())["q"]
    if (folder / "questions.toml").exists():  # a later split keeps its questions beside it
        asked += tomllib.loads((folder / "questions.toml").read_text())["q"]
    questions = [q for q in asked if q["file"] in files]
    ours = score(questions, files, lambda notes: engine(notes, glossary))
    base = score(questions, files, fts5)

    total = sum(len(r.notes) for r in results)
    junk = sum(r.junk for r in results)
    fragments = sum(r.fragments for r in results)
    mixed = sum(r.mixed for r in results)
    good = total - junk - fragments - mixed
    named = [r for r in results if r.conference_expected]
    lines = [
        f"### Real notes: the {split} set ({len(results)} files, {len(questions)} questions)",
        "",
        f"`python -m benchmarks.notes_quality{_flag(split)}`",
        "",
        "| file | notes | conference (expected → found) | notes with a talk | junk | fragments |"
        " mixed |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        found = ", ".join(sorted(str(c) for c in r.conferences_found))
        mark = "✓" if r.conference_ok else "✗"
        lines.append(
            f"| {r.name} | {len(r.notes)} | {mark} {r.conference_expected} → {found} | "
            f"{r.with_talk}/{len(r.notes)} | {r.junk} | {r.fragments} | {r.mixed} |"
        )
    talk_share = sum(r.with_talk for r in results) / (total or 1)
    judged = sum(r.talks_judged for r in results)
    right = sum(r.talks_right for r in results)
    lines += [
        "",
        f"Notes: {total}; one topic {good / total:.0%}, junk {junk / total:.0%}, fragments "
        f"{fragments / total:.0%}, mixed {mixed / total:.0%} (by the set's annotations). "
        f"Conference right for {sum(r.conference_ok for r in named)}/{len(named)} files that "
        f"name one; talk on {talk_share:.0%} of notes, the annotated talk on {right}/{judged} "
        "facts that have one.",
        "",
        "| search | hit@1 | hit@3 | MRR |",
        "|---|---|---|---|",
        f"| Takeaways | {ours.hit1:.2f} | {ours.hit3:.2f} | {ours.mrr:.2f} |",
        f"| SQLite FTS5 bm25 (baseline) | {base.hit1:.2f} | {base.hit3:.2f} | {base.mrr:.2f} |",
    ]
    report = "\n".join(lines)
    if verbose:
        for r in results:
            for kind, texts in r.examples.items():
                for text in texts[:6]:
                    print(f"[{r.name}] {kind}: {text[:160]}")
        print("misses:", *ours.misses, sep="\n  ")
        print(
            "median note length:", statistics.median(len(n.text) for r in results for n in r.notes)
        )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--holdout",
        action="store_true",
        help="score every held-out split (holdout/, holdout2/, ...)",
    )
    parser.add_argument(
        "--split",
        action="append",
        help="score this split only (repeatable), e.g. --split holdout5",
    )
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("-v", "--verbose", action="store_true", help="show bad notes, misses")
    args = parser.parse_args()
    if args.split:
        splits: tuple[str, ...] = tuple(args.split)
    elif args.holdout:
        splits = tuple(
            sorted(
                (p.name for p in SET.glob("holdout*") if p.is_dir()),
                key=lambda name: int(name[7:] or 1),
            )
        )
    else:
        splits = ("tune",)
    for split in splits:
        log(f"scoring the {split} set")
        report = run(split, args.verbose)
        print(report)
        if args.write:
            write_section(
                MARK_START.replace("notes-quality", f"notes-quality-{split}"),
                MARK_END.replace("notes-quality", f"notes-quality-{split}"),
                report,
            )


if __name__ == "__main__":
    main()
