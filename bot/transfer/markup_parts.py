"""What every markup rewritten as Markdown (Org, AsciiDoc, reST, TiddlyWiki, Vimwiki, a
saved web page) needs: the front matter its header becomes, the header's date, a bare
address."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A link that is only its address: written as it is, not as "[text](address)".
URL_RE = re.compile(r"^(?:https?|ftp)://\S+$")


def front_matter_lines(fields: Mapping[str, str], tags: Iterable[str]) -> list[str]:
    """A `---` block of the fields that have a value, and the tags as a list."""
    lines = [f"{key}: {value}" for key, value in fields.items() if value]
    tag_list = [t for t in dict.fromkeys(tags) if t]
    if tag_list:
        lines += ["tags:", *(f"  - {t}" for t in tag_list)]
    return ["---", *lines, "---", ""] if lines else []


def iso_date(value: str) -> str:
    """An ISO date from a header's date ("<2024-07-01 Mon>", "2024-07-01T10:00")."""
    found = ISO_DATE_RE.search(value)
    return found.group(0) if found else value.strip()
