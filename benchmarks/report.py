"""What every benchmark script shares: progress lines on stderr, and its section of
docs/benchmarks.md, kept between its own markers so each script rewrites only its part."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def write_section(start: str, end: str, body: str) -> None:
    """Replace what stands between the markers with `body`; add the section at the end of
    the page the first time."""
    body = body.strip("\n")
    section = f"{start}\n{body}\n{end}"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if start in text and end in text.split(start, 1)[1]:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")
    log(f"wrote {DOC}")
