"""Slack's text encoding: decode what users typed, escape what goes back out.

Slack sends `&`, `<`, `>` as entities and mentions/links as `<...>` control sequences.
We store what the user meant (plain text) and escape everything on the way out, so a
stored `<!channel>` is shown, never executed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A control sequence: <@U123|name>, <#C123|name>, <!here>, <https://x|label>, ...
CONTROL_RE = re.compile(r"<([^<>\s|][^<>|]*)(?:\|([^<>]*))?>")
URL_SCHEMES = ("http://", "https://")
BARE_URL_RE = re.compile(r"https?://[^\s<>\"]+")
TRAILING_URL_PUNCT = ".,;:!?)]}'\""


def unescape_entities(text: str) -> str:
    """Undo Slack's &amp; &lt; &gt; (in that order-safe way: &amp; last)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Escape user text for mrkdwn so no mention, link or entity is interpreted."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _decode_control(target: str, label: str | None) -> str:
    label = unescape_entities(label) if label is not None else None
    if target.startswith("@"):  # user mention
        return f"@{label}" if label else target
    if target.startswith("#"):  # channel mention
        return f"#{label}" if label else target
    if target.startswith("!"):
        special = target[1:]
        if special.startswith("subteam^"):
            return label if label and label.startswith("@") else f"@{label or 'group'}"
        if special.startswith("date^"):
            return label or ""
        return f"@{special}"  # here, channel, everyone
    url = unescape_entities(target)
    if label is None or label == url or url.endswith(f"//{label}") or label in url:
        return url
    return f"{label} ({url})"


def decode(text: str) -> str:
    """Turn Slack-escaped text into what the user meant."""
    out: list[str] = []
    pos = 0
    for match in CONTROL_RE.finditer(text):
        target = match.group(1)
        if not _is_control_target(target):
            continue
        out.append(unescape_entities(text[pos : match.start()]))
        out.append(_decode_control(target, match.group(2)))
        pos = match.end()
    out.append(unescape_entities(text[pos:]))
    return "".join(out)


def _is_control_target(target: str) -> bool:
    return target[0] in "@#!" or target.startswith((*URL_SCHEMES, "mailto:"))


def extract_links(raw: str) -> list[str]:
    """URLs in raw Slack text (`<https://...>`) or typed bare, in order, without repeats."""
    links: list[str] = []
    for match in CONTROL_RE.finditer(raw):
        target = unescape_entities(match.group(1))
        if target.startswith(URL_SCHEMES) and target not in links:
            links.append(target)
    plain = CONTROL_RE.sub(" ", raw)
    for match in BARE_URL_RE.finditer(unescape_entities(plain)):
        url = match.group(0).rstrip(TRAILING_URL_PUNCT)
        if url not in links:
            links.append(url)
    return links


def user_id_from_mention(token: str) -> str | None:
    """`<@U123|bob>` or `<@U123>` -> `U123`; anything else -> None."""
    match = re.fullmatch(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>", token)
    return match.group(1) if match else None


def truncate(text: str, limit: int, *, marker: str = "…") -> str:
    """Cut text to at most `limit` characters, ending with a marker when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))].rstrip() + marker


def truncate_escaped(escaped: str, limit: int, *, marker: str = "…") -> str:
    """Like truncate, for already-escaped text: never cuts inside an &entity;."""
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: max(0, limit - len(marker))]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + marker


# A Slack permalink: https://acme.slack.com/archives/C0123/p1700000001000100 (the
# message's ts without its dot).
_PERMALINK_RE = re.compile(
    r"https://[\w.-]+\.slack\.com/archives/([CGD][A-Z0-9]+)/p(\d{10})(\d{6})(?![\d])"
)


def messages_linked(links: Iterable[str]) -> list[tuple[str, str]]:
    """The Slack messages (channel, ts) that these links are permalinks of."""
    found = []
    for link in links:
        match = _PERMALINK_RE.match(link)
        if match:
            found.append((match.group(1), f"{match.group(2)}.{match.group(3)}"))
    return found
