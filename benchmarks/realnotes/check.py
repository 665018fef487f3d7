"""Consistency check for the realnotes benchmark data (standard library only).

Run:  python3 benchmarks/realnotes/check.py

Checks, for every input file in tune/ and holdout*/ (holdout/, holdout2/, ...):
  * it has a <name>.json annotation beside it, with the expected keys;
  * the file has 60-250 lines;
  * every annotation substring occurs in the file, byte for byte:
    debris and chat entries are whole lines, needs_heading texts and
    fact texts are substrings (facts: exactly once, 4-10 words, 8-25 per file);
  * fact ids are unique, and every fact's talk is null or one of "talks";
  * every talk title occurs in the file;
and for questions.toml (plus any <split>/questions.toml):
  * every question names a known file, has a valid kind and non-empty gold,
    and every gold id exists among that file's facts;
  * 5-8 questions per file, at least 75 in all.
Prints counts per split. Exits 1 on any problem.
"""

import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
# tune first, then the holdouts in the order they were written (holdout, holdout2, ...).
SPLITS = (
    "tune",
    *sorted(
        (p.name for p in HERE.glob("holdout*") if p.is_dir()),
        key=lambda name: int(name[7:] or 1),
    ),
)
KEYS = {
    "conference",
    "event_date",
    "source_url",
    "talks",
    "debris",
    "chat",
    "needs_heading",
    "facts",
}
KINDS = {"keyword", "question", "typo", "synonym"}

# Style of each input file (see README.md).
#   web:      a blog page copied from a browser as plain text
#   markdown: markdown with a front matter block
#   bullets:  raw notes typed during the talks
#   thread:   chat messages (Slack) pasted one after another
#   email:    an e-mail recap with headers and signature (no shape check)
STYLES = {
    "brightmill-takeaways-kubecon-valencia.txt": "web",
    "what-we-learned-at-kcd-munich.txt": "web",
    "srecon23-americas-recap.txt": "web",
    "five-things-from-kubecon-detroit.txt": "web",
    "KubeConEU2022.md": "markdown",
    "kubecon-na-2019-san-diego.md": "markdown",
    "platform-team-learnings.md": "markdown",
    "2024-03-kubecon-paris.md": "markdown",
    "kceu23-amsterdam-notes.txt": "bullets",
    "kubecon-na-2023-chicago.md": "bullets",
    "kubecon-slc-raw.txt": "bullets",
    "notes.txt": "bullets",
    # holdout2
    "our-week-in-barcelona.txt": "web",
    "watch-party-notes-june-2024.txt": "web",
    "2024-12-delhi-trip-report.md": "markdown",
    "kceu25-london.txt": "bullets",
    # holdout3
    "kcna21-los-angeles-recap.txt": "web",
    "kubecon-hk-2024-team-notes.md": "markdown",
    # thread: chat messages pasted one after another (no shape check)
    "kubecon-seattle-2018-slack.txt": "thread",
    "argocon-na-2024-raw.md": "bullets",
    # holdout4
    "kubecon-eu-21-from-the-home-office.txt": "web",
    "guild-wiki-atlanta-2025.md": "markdown",
    # email: an e-mail recap with headers and signature (no shape check)
    "fwd-kcna-2020-recap-email.txt": "email",
    "secconna24-seattle-scribbles.txt": "bullets",
}

# A later split may keep its own questions and styles beside its files:
# <split>/questions.toml (same format as questions.toml) and <split>/styles.json
# ({"file name": "style"}), so that writers of new splits never edit shared files.
SPLIT_EXTRAS = {"questions.toml", "styles.json"}
for _split in SPLITS:
    if (HERE / _split / "styles.json").exists():
        STYLES.update(json.loads((HERE / _split / "styles.json").read_text()))

problems = []


def problem(msg):
    problems.append(msg)


def check_file(path):
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    line_set = set(lines)
    name = path.name
    if not 60 <= len(lines) <= 250:
        problem(f"{name}: {len(lines)} lines (want 60-250)")
    style = STYLES.get(name)
    if style is None:
        problem(f"{name}: no style in STYLES")
    elif style == "web":
        if any(not line.strip() for line in lines):
            problem(f"{name}: web page text has a blank line")
        if any(line.startswith("#") for line in lines):
            problem(f"{name}: web page text has a '#' line")
    elif style == "markdown":
        if lines[0] != "---" or "---" not in lines[1:20]:
            problem(f"{name}: markdown without a front matter block")
    elif style == "bullets":
        bullets = sum(1 for line in lines if line.lstrip()[:2] in ("- ", "* "))
        if bullets < len(lines) / 2:
            problem(f"{name}: only {bullets} bullet lines of {len(lines)}")
    ann_path = path.with_name(name + ".json")
    if not ann_path.exists():
        problem(f"{name}: missing {ann_path.name}")
        return None
    ann = json.loads(ann_path.read_text(encoding="utf-8"))
    if set(ann) != KEYS:
        problem(f"{ann_path.name}: keys {sorted(ann)} != {sorted(KEYS)}")
    for t in ann["talks"]:
        if t not in text:
            problem(f"{name}: talk title not found: {t!r}")
    for kind in ("debris", "chat"):
        for line in ann[kind]:
            if line not in line_set:
                problem(f"{name}: {kind} is not a whole line: {line!r}")
    overlap = set(ann["debris"]) & set(ann["chat"])
    if overlap:
        problem(f"{name}: lines both debris and chat: {overlap}")
    for nh in ann["needs_heading"]:
        if nh["text"] not in text:
            problem(f"{name}: needs_heading text not found: {nh['text']!r}")
        if not nh.get("subject"):
            problem(f"{name}: needs_heading without subject: {nh['text']!r}")
    ids = Counter(f["id"] for f in ann["facts"])
    for fid, n in ids.items():
        if n > 1:
            problem(f"{name}: duplicate fact id {fid}")
    if not 8 <= len(ann["facts"]) <= 25:
        problem(f"{name}: {len(ann['facts'])} facts (want 8-25)")
    for f in ann["facts"]:
        n = text.count(f["text"])
        if n != 1:
            problem(f"{name}: fact {f['id']} occurs {n} times: {f['text']!r}")
        words = len(f["text"].split())
        if not 4 <= words <= 10:
            problem(f"{name}: fact {f['id']} has {words} words")
        if f["talk"] is not None and f["talk"] not in ann["talks"]:
            problem(f"{name}: fact {f['id']} talk not in talks: {f['talk']!r}")
        for line in ann["debris"] + ann["chat"]:
            if f["text"] in line:
                problem(f"{name}: fact {f['id']} is inside a debris/chat line")
    for key in ("event_date", "source_url"):
        v = ann[key]
        if v is not None and v not in text and key == "source_url":
            problem(f"{name}: source_url not in file: {v}")
    return ann


def main():
    facts_by_file = {}
    split_of = {}
    stats = {s: Counter() for s in SPLITS}
    for split in SPLITS:
        for path in sorted((HERE / split).iterdir()):
            if path.name in SPLIT_EXTRAS:
                continue
            if path.name.endswith(".json"):
                if not path.with_name(path.name[:-5]).exists():
                    problem(f"{path.name}: annotation without input file")
                continue
            if path.name in split_of:
                problem(f"{path.name}: file name used in both splits")
            ann = check_file(path)
            split_of[path.name] = split
            stats[split]["files"] += 1
            stats[split]["style_" + STYLES.get(path.name, "?")] += 1
            if ann is None:
                continue
            facts_by_file[path.name] = {f["id"] for f in ann["facts"]}
            stats[split]["facts"] += len(ann["facts"])
            stats[split]["debris"] += len(ann["debris"])
            stats[split]["chat"] += len(ann["chat"])
            stats[split]["needs_heading"] += len(ann["needs_heading"])
            stats[split]["talks"] += len(ann["talks"])
            stats[split]["no_conference"] += ann["conference"] is None

    with open(HERE / "questions.toml", "rb") as fh:
        questions = tomllib.load(fh)["q"]
    for split in SPLITS:
        if (HERE / split / "questions.toml").exists():
            with open(HERE / split / "questions.toml", "rb") as fh:
                questions += tomllib.load(fh)["q"]
    per_file = Counter()
    kinds = Counter()
    seen = set()
    for i, q in enumerate(questions):
        where = f"question {i + 1} ({q.get('text')!r})"
        if set(q) != {"text", "file", "gold", "kind"}:
            problem(f"{where}: keys {sorted(q)}")
        if q["file"] not in facts_by_file:
            problem(f"{where}: unknown file {q['file']}")
            continue
        if q["kind"] not in KINDS:
            problem(f"{where}: bad kind {q['kind']}")
        if not q["gold"]:
            problem(f"{where}: empty gold")
        for g in q["gold"]:
            if g not in facts_by_file[q["file"]]:
                problem(f"{where}: gold {g} not a fact of {q['file']}")
        if (q["text"], q["file"]) in seen:
            problem(f"{where}: duplicate question")
        seen.add((q["text"], q["file"]))
        per_file[q["file"]] += 1
        kinds[q["kind"]] += 1
        stats[split_of[q["file"]]]["questions"] += 1
    for name in facts_by_file:
        if not 5 <= per_file[name] <= 8:
            problem(f"{name}: {per_file[name]} questions (want 5-8)")
    if len(questions) < 75:
        problem(f"only {len(questions)} questions (want at least 75)")

    for split in SPLITS:
        s = stats[split]
        print(
            f"{split:8} files={s['files']} talks={s['talks']} facts={s['facts']} "
            f"debris={s['debris']} chat={s['chat']} needs_heading={s['needs_heading']} "
            f"questions={s['questions']} no_conference={s['no_conference']}"
        )
        print(
            " " * 9
            + "styles: "
            + ", ".join(f"{k[6:]}={v}" for k, v in sorted(s.items()) if k.startswith("style_"))
        )
    print(f"questions total={len(questions)} kinds={dict(sorted(kinds.items()))}")
    for name in sorted(per_file):
        print(f"  {per_file[name]} questions  {split_of[name]}/{name}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
