"""How the bot says things in English, wherever it says them (Slack, the CLI, reports)."""

from __future__ import annotations


def counted(n: int, word: str) -> str:
    """ "1 takeaway", "3 takeaways": a count with its noun (a regular plural)."""
    return f"{n} {word}{'' if n == 1 else 's'}"
