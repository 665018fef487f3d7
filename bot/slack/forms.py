"""Read the add modal's submitted state into a validated TakeawayForm.

Modal inputs arrive as typed (no Slack escaping, unlike slash-command text), so nothing is
decoded here. Errors are keyed by block id: Slack shows each under its field.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from bot.dates import MAX_YEARS_AHEAD, too_far_ahead
from bot.grammar import (
    CONFERENCE_LIMIT,
    FOLLOWUP_TEXT_LIMIT,
    MAX_LINKS,
    MAX_TAGS,
    TAG_LIMIT,
    TAG_PATTERN,
    TALK_LIMIT,
    TEXT_LIMIT,
    Draft,
    normalize_tag,
    text_problem,
)
from bot.mrkdwn import BARE_URL_RE, TRAILING_URL_PUNCT
from bot.services.followups import FollowupDraft
from bot.services.submissions import TakeawayForm
from bot.slack.blocks import modal as m
from bot.slack.blocks.kit import SAFE_URL_RE

_TAG_OK = re.compile(TAG_PATTERN)
LINK_LIMIT = 2000


class FormErrors(Exception):
    """The form cannot be saved; `errors` maps block ids to what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    field = (values.get(block_id) or {}).get(m.ACTION_ID)
    return field if isinstance(field, dict) else {}


def _text(values: dict[str, Any], block_id: str) -> str:
    return str(_value(values, block_id).get("value") or "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines).strip())


def _tags(raw: str) -> tuple[list[str], str | None]:
    tags: list[str] = []
    for word in re.split(r"[\s,;]+", raw):
        if not word.strip("#"):
            continue
        tag = normalize_tag(word)
        if not _TAG_OK.fullmatch(tag):
            return [], f"`{word[:40]}` is not a tag: tags start with a letter, like karpenter."
        if len(tag) > TAG_LIMIT:
            return [], f"`{tag[:40]}…` is too long for a tag (at most {TAG_LIMIT} characters)."
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        return [], f"That is {len(tags)} tags; a takeaway can have at most {MAX_TAGS}."
    return tags, None


def _links_in(text: str) -> list[str]:
    return [match.group(0).rstrip(TRAILING_URL_PUNCT) for match in BARE_URL_RE.finditer(text)]


def read_takeaway_form(values: dict[str, Any], *, today: date) -> TakeawayForm:
    """Validate every field at once, so all problems are shown together."""
    errors: dict[str, str] = {}
    for block_id in (m.TEXT, m.CONFERENCE, m.TALK, m.TAGS, m.LINK, m.FOLLOWUP_TEXT):
        problem = text_problem(_text(values, block_id))
        if problem is not None:
            errors[block_id] = f"This contains {problem}; remove it."

    text = _paragraphs(_text(values, m.TEXT))
    if not text:
        errors[m.TEXT] = "Write what you learned; it is the one field you have to fill in."
    elif len(text) > TEXT_LIMIT:
        errors[m.TEXT] = f"That is {len(text)} characters; the limit is {TEXT_LIMIT}."

    conference = _one_line(_text(values, m.CONFERENCE))
    if len(conference) > CONFERENCE_LIMIT:
        errors[m.CONFERENCE] = f"At most {CONFERENCE_LIMIT} characters."
    talk = _one_line(_text(values, m.TALK))
    if len(talk) > TALK_LIMIT:
        errors[m.TALK] = f"At most {TALK_LIMIT} characters."

    tags, tag_error = _tags(_text(values, m.TAGS))
    if tag_error:
        errors[m.TAGS] = tag_error

    link = _text(values, m.LINK).strip()
    if link and (len(link) > LINK_LIMIT or not SAFE_URL_RE.fullmatch(link)):
        errors[m.LINK] = "A link starts with http:// or https:// and has no spaces."
    links = list(dict.fromkeys(([link] if link else []) + _links_in(text)))
    if len(links) > MAX_LINKS:
        errors[m.TEXT] = f"That is {len(links)} links; a takeaway can keep at most {MAX_LINKS}."

    source_author = _value(values, m.SOURCE_AUTHOR).get("selected_user") or None

    followup, followup_errors = _followup(values, today)
    errors.update(followup_errors)

    if errors:
        raise FormErrors(errors)
    draft = Draft(
        text=text,
        tags=tuple(tags) or None,
        conference=conference or None,
        talk=talk or None,
        links=tuple(links),
    )
    return TakeawayForm(draft=draft, source_author=source_author, followup=followup)


def _followup(values: dict[str, Any], today: date) -> tuple[FollowupDraft | None, dict[str, str]]:
    errors: dict[str, str] = {}
    text = _one_line(_text(values, m.FOLLOWUP_TEXT))
    owner = _value(values, m.FOLLOWUP_OWNER).get("selected_user") or None
    raw_due = _value(values, m.FOLLOWUP_DUE).get("selected_date") or None
    due: date | None = None
    if raw_due:
        try:
            due = date.fromisoformat(str(raw_due))
        except ValueError:
            errors[m.FOLLOWUP_DUE] = "Pick a date from the calendar."
        else:
            # A day of slack: "today" where the user is may still be yesterday in UTC.
            if due < today - timedelta(days=1):
                errors[m.FOLLOWUP_DUE] = "That date is in the past."
            elif too_far_ahead(due, today):
                errors[m.FOLLOWUP_DUE] = f"Pick a date within {MAX_YEARS_AHEAD} years."
    if not text:
        if owner or raw_due:
            errors[m.FOLLOWUP_TEXT] = "Say what the follow-up is, or clear its owner and date."
        return None, errors
    if len(text) > FOLLOWUP_TEXT_LIMIT:
        errors[m.FOLLOWUP_TEXT] = f"At most {FOLLOWUP_TEXT_LIMIT} characters."
    return FollowupDraft(text=text, owner=owner, due=due), errors
