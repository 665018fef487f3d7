"""How long a crafted notes file takes to split into notes, beside a real write-up of the
same size in the same run: a file that makes a pattern backtrack would hold an import (and
the worker that runs it) for seconds or minutes.

Each crafted file is one line of SIZE characters (a dot leader, a run of "?", spaces,
digits, "_a_a", "a. b" clauses...) under a title, or SIZE characters of many short lines
(counters, menus between bars, mail headers under "-- ", short lists under headings, a
run of #tags), read as plain text, as Markdown, as a TiddlyWiki tiddler and as a Vimwiki
page, and as a saved web page. The baseline is the tune split's
write-ups, cut to the same size.

    python -m benchmarks.import_adversarial [--size 20000] [--write]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.report import log, write_section
from bot.search.glossary import load_glossary
from bot.transfer.notes import notes_of_file

ROOT = Path(__file__).resolve().parents[1]
MARK_START = "<!-- import-adversarial:start -->"
MARK_END = "<!-- import-adversarial:end -->"
REPEATS = 3
# Each file is read the way a file of each of these names is.
SUFFIXES = (".txt", ".md", ".tid", ".wiki", ".html", ".vtt")

# name -> one line of about `n` characters
CRAFTED: dict[str, Callable[[int], str]] = {
    "dot leader": lambda n: "why" + "." * n + "x",
    'run of "?"': lambda n: "why" + "?" * n + "x",
    "spaces": lambda n: "a" + " " * n + "b",
    "tabs": lambda n: "a" + "\t" * n + "b",
    "digits": lambda n: "1" * n,
    '"_a" repeated': lambda n: "_a" * (n // 2),
    '"a. b" clauses': lambda n: "a. b " * (n // 5),
    "one long word": lambda n: "x" * n,
    '"(" repeated': lambda n: "(" * n,
    '"[" repeated': lambda n: "[" * n,
    '"*a" repeated': lambda n: "*a" * (n // 2),
    '"`a" repeated': lambda n: "`a" * (n // 2),
    '"a:" repeated': lambda n: "a:" * (n // 2),
    '"Ab " words': lambda n: "Ab " * (n // 3),
    "fold title": lambda n: "x" + " " * n + "y {{{",
    "#tag run": lambda n: " #a" * (n // 3) + " x",
    # LinkedIn's "hashtag#" tags run together, an address of many labels, a post header's
    # bullets (each once exponential or quadratic in a pattern)
    '"hashtag#a" chain': lambda n: "#a" + "hashtag#a" * (n // 9) + "!",
    "address labels": lambda n: "a@" + "ab." * (n // 3) + "1",
    "bullet run": lambda n: "5d \u2022 " + "\u2022" * n + " x",
    # a heading's attribute list that never closes at the end (once exponential: a short
    # heading hung the import), and one after a run of spaces
    "attribute list": lambda n: "## Talk {" + "aa=" * (n // 3) + "}x",
    "spaces before attributes": lambda n: "## T" + " " * n + "{#a}",
    # month names and days in prose, chat headers with a day
    "days and months": lambda n: "Apr 29 " * (n // 7),
    "headers with a day": lambda n: "Ines Moreau  Apr 30, " * (n // 21) + "10:41 AM",
    # wiki marks that never close: bold, italic, links, a heading's "="
    "\"''a\" repeated": lambda n: "''a" * (n // 3),
    '"//a" repeated': lambda n: "//a" * (n // 3),
    '"[[a|" repeated': lambda n: "[[a|" * (n // 4),
    "open wiki heading": lambda n: "= a" + " " * n + "b",
    # a saved page's tags that never close, and end tags of what was never opened
    '"<div><li>" repeated': lambda n: "<div><li>" * (n // 9),
    '"<ul></p>" repeated': lambda n: "<ul>" * (n // 8) + "</p>" * (n // 8),
    "nested lists": lambda n: "<ul><li>a" * (n // 9),
    # a row of wiki links with spaces around its bars, MDX components run together (each
    # once exponential: 110 and 140 characters took 20 s)
    # a live thread's spools, a day's heading over brackets (each read once per position
    # of the run: seconds at 20,000 characters)
    "thread spools": lambda n: "\U0001f9f5 " * (n // 2) + "x",
    "day heading over brackets": lambda n: "Day 1 " + "()" * (n // 2) + "x",
    # found by fuzzing every importer pattern (each once exponential or worse): a line of
    # dashes ending in a word (a .md file of it took minutes), share words in a row, a
    # transcript voice's classes
    "dashes then a word": lambda n: "-" * n + "x",
    "share words in a row": lambda n: "email " * (n // 6) + "x",
    "voice classes": lambda n: "<v" + ".a" * (n // 2) + "!",
    # found by the same fuzzing, each once quadratic (seconds at 20,000 characters): runs
    # after an event's name, spaces after a day, a decorated title's closing marks
    "KubeCon then brackets": lambda n: "kubecon" + "[]" * (n // 2),
    "FOSDEM then dashes": lambda n: "fosdem" + "-" * n,
    '"dod" then dashes': lambda n: "dod" + "-" * n + "!",
    "a day then spaces": lambda n: "nov 1 " + " " * n + "x",
    "marks round a title": lambda n: "== x" + "=" * n + "y",
    # found by a second fuzzing helper (each quadratic, 2-5 s at 20,000 characters): a line
    # of #tags, spaces after a talk's label, a URL's closing brackets, a sentence per dot
    "a line of #tags": lambda n: "#abc " * (n // 5) + "x",
    "talk label then spaces": lambda n: "talk" + " " * n + "x",
    "URL then brackets": lambda n: "See http://a.example/x" + ")" * n + " here",
    "a sentence per dot": lambda n: " ." * (n // 2) + "x",
    "wiki link row": lambda n: "[[a]]    " * (n // 9) + "x",
    "MDX components in a row": lambda n: "<A b/> " * (n // 7) + "x",
}


def _lines(line: str, n: int) -> str:
    """Enough numbered copies of `line` to fill about n characters."""
    out: list[str] = []
    size, i = 0, 0
    while size < n:
        out.append(line.format(i=i))
        size += len(out[-1])
        i += 1
    return "".join(out)


# name -> a whole file of about `n` characters, of many short lines
CRAFTED_FILES: dict[str, Callable[[int], str]] = {
    '"N users" counters': lambda n: _lines("{i} users\n\n", n),
    "menus between bars": lambda n: _lines("a{i} | b | c | d | e\n\n", n),
    'mail headers under "-- "': lambda n: _lines(
        "-- \nOdile M <o@x.example> Wed, May 17, 2023 at 10:14 AM\n", n
    ),
    "short lists under headings": lambda n: _lines("# a{i}\n\n- a\n- b\n- c\n\n", n),
    "a contents page of every section": lambda n: (
        "Contents\n"
        + _lines("Section {i} title\n", n // 3)
        + "\n"
        + _lines("Section {i} title\n\nSome text about it here that runs on.\n\n", 2 * n // 3)
    ),
    "titles over bylines": lambda n: _lines("Post title {i}\nBy Dana Okafor\n\nshort {i}\n\n", n),
    # a pasted page's lines, each a Blogger date over a title, a caption, a mail footer
    "dates over titles": lambda n: _lines(
        "Thursday, March 21, 2024\nPost title {i}\nSome text about it here that runs on.\n", n
    ),
    # a transcript's cues, each a speaker's one line; and a timing line that never ends
    "transcript cues": lambda n: _lines(
        "{i}\n00:00:01.000 --> 00:00:02.000\n<v Ana Lima>said {i} <c.x>here</c></v>\n\n", n
    ),
    "timing run": lambda n: "00:00:01.000 --> " * (n // 17) + "x",
    # a podcast's chapters, a blog's "Tags" over its values and its list of other posts
    "chapters": lambda n: _lines("({i}:00) Chapter {i}\n", n),
    "labels over values": lambda n: _lines("Tags\na{i}, b, c d, e\n", n),
    "post list entries": lambda n: _lines("Post title {i}  (0)  2024.03.31\n", n),
    "one long comma list": lambda n: "Tags\n" + "ab, " * (n // 4) + "x",
    # numbers with dots between them (addresses, versions), each line short: a counter's
    # pattern once split them every way a dot allows (twelve numbers took 25 s)
    "dotted numbers": lambda n: _lines("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16 x{i}\n", n),
    # a room's history: who and when in front of each message, each quoting the last
    "chat headers over quotes": lambda n: _lines(
        "[2017-03-29 09:12] Bernd Schulte: > etcd3 is the default storage backend {i}\n", n
    ),
    # a heading naming KubeCon then brackets, links never closed in front matter, rows over
    # table rules that trail off in spaces
    "KubeCon heading then brackets": lambda n: "# kubecon" + "[]" * (n // 2) + "\n\ntext\n",
    "open links in front matter": lambda n: "---\nconference: " + "[[" * (n // 2) + "\n---\n\nx\n",
    "rows over long table rules": lambda n: _lines("a{i} | b\n-|-" + " " * 985 + "x\n", n),
    # a quoted keynote label over spaces, sections of lunch, bold never closed in a page
    "quoted label over spaces": lambda n: "> keynote" + " " * n + "x\n- a bullet\n",
    "lunch sections": lambda n: _lines("## lunch\n\nx{i}\n\n", n),
    '"<b><p>x" repeated': lambda n: "<b><p>x" * (n // 7),
    "captions and mail footers": lambda n: _lines(
        "A slide {i}. Photo: Hannah Okafor\nSent from my phone on a train, sorry {i}\n"
        "One attachment \u2022 Scanned by Gmail\nslide{i}.jpg\n",
        n,
    ),
}


def _baseline(size: int) -> str:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "benchmarks" / "realnotes" / "tune").iterdir())
        if p.suffix in (".txt", ".md")
    ]
    text = "\n\n".join(texts)
    while len(text) < size:
        text += "\n\n" + text
    return text[:size]


def _seconds(text: str, name: str) -> float:
    glossary = load_glossary()
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        notes_of_file(text, name, glossary=glossary)
        best = min(best, time.perf_counter() - start)
    return best


def run(size: int) -> str:
    lines = [
        f"### Import of crafted files ({size:,} characters: one line, or many short ones)",
        "",
        f"`python -m benchmarks.import_adversarial --size {size}`: seconds to split one file"
        f" into notes (best of {REPEATS}), beside a real write-up of the same size.",
        "",
        "| file | as .txt (s) | as .md (s) | as .tid (s) | as .wiki (s) | as .html (s) |"
        " as .vtt (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    baseline = _baseline(size)
    seconds = " | ".join(f"{_seconds(baseline, 'real' + s):.3f}" for s in SUFFIXES)
    lines.append(f"| baseline: real write-ups | {seconds} |")
    worst = 0.0
    files = {name: "Talk title\n\n" + make(size) + "\n" for name, make in CRAFTED.items()}
    files |= {name: make(size) for name, make in CRAFTED_FILES.items()}
    for name, text in files.items():
        log(name)
        times = [_seconds(text, "crafted" + suffix) for suffix in SUFFIXES]
        worst = max(worst, *times)
        lines.append(f"| {name} | {' | '.join(f'{t:.3f}' for t in times)} |")
    lines += ["", f"Slowest crafted file: {worst:.3f} s."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20_000, help="characters per crafted line")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    report = run(args.size)
    print(report)
    if args.write:
        write_section(MARK_START, MARK_END, report)


if __name__ == "__main__":
    main()
