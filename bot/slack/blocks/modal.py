"""The "Save a takeaway" modal: `/takeaway add` with no text, "Save as takeaway" on a
message, and App Home's "Add takeaway" button all open it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bot.grammar import CONFERENCE_LIMIT, FOLLOWUP_TEXT_LIMIT, TALK_LIMIT, TEXT_LIMIT
from bot.mrkdwn import escape, truncate
from bot.search.live import Similar
from bot.services.followups import FollowupDraft
from bot.slack.blocks import takeaways
from bot.slack.blocks.duplicates import duplicate_blocks
from bot.slack.blocks.kit import (
    Block,
    Message,
    context,
    divider,
    message,
    plain,
    section,
    user_mention,
)
from bot.slack.blocks.related import related_blocks
from storage.models import Takeaway

CALLBACK_ID = "takeaway_modal"
# Every input uses the same action_id; the block_id names the field (and where a
# validation error is shown: `response_action: errors` is keyed by block_id).
ACTION_ID = "value"
TEXT = "text"
CONFERENCE = "conference"
TALK = "talk"
TAGS = "tags"
LINK = "link"
SOURCE_AUTHOR = "source_author"
FOLLOWUP_TEXT = "followup_text"
FOLLOWUP_OWNER = "followup_owner"
FOLLOWUP_DUE = "followup_due"
METADATA_LIMIT = 3000

Origin = Literal["command", "shortcut", "home"]


@dataclass(frozen=True)
class ModalOrigin:
    """Where the modal was opened, kept in private_metadata so the confirmation goes back
    there (response_url for commands and shortcuts; App Home is refreshed)."""

    kind: Origin
    channel_id: str | None = None
    response_url: str | None = None

    def to_metadata(self) -> str:
        data = {"o": self.kind, "c": self.channel_id, "r": self.response_url}
        raw = json.dumps(data, separators=(",", ":"))
        if len(raw) > METADATA_LIMIT:  # never in practice; the modal must still open
            raw = json.dumps({"o": self.kind, "c": self.channel_id}, separators=(",", ":"))
        return raw

    @classmethod
    def from_metadata(cls, raw: str | None) -> ModalOrigin:
        try:
            data = json.loads(raw or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        kind: Origin = "home"
        for known in ("command", "shortcut", "home"):
            if data.get("o") == known:
                kind = known
        return cls(kind=kind, channel_id=data.get("c") or None, response_url=data.get("r") or None)


@dataclass(frozen=True)
class ModalPrefill:
    text: str = ""
    conference: str | None = None
    talk: str | None = None
    link: str | None = None
    # Saved from a message: who wrote it (a Slack user id, or None for a bot's message).
    from_message: bool = False
    source_author: str | None = None


def _input(
    block_id: str, label: str, element: Block, *, optional: bool = True, hint: str | None = None
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block


def _text_input(
    *,
    placeholder: str,
    max_length: int,
    initial: str | None = None,
    multiline: bool = False,
    focus: bool = False,
) -> Block:
    element: Block = {
        "type": "plain_text_input",
        "action_id": ACTION_ID,
        "placeholder": plain(placeholder),
        "max_length": max_length,
        "multiline": multiline,
    }
    if initial:
        element["initial_value"] = truncate(initial, max_length)
    if focus:
        element["focus_on_load"] = True
    return element


def _user_select(placeholder: str, initial_user: str | None = None) -> Block:
    element: Block = {
        "type": "users_select",
        "action_id": ACTION_ID,
        "placeholder": plain(placeholder),
    }
    if initial_user:
        element["initial_user"] = initial_user
    return element


def takeaway_modal(prefill: ModalPrefill, origin: ModalOrigin) -> dict[str, Any]:
    """The modal view. Only the text is required; the follow-up fields are optional."""
    blocks: list[Block] = []
    if prefill.from_message:
        who = user_mention(prefill.source_author) if prefill.source_author else "an app"
        blocks.append(context(f":speech_balloon: Saving a message by {who} as a takeaway."))
    blocks.append(
        _input(
            TEXT,
            "What did you learn?",
            _text_input(
                placeholder="Karpenter consolidates nodes by price, zone and instance type",
                max_length=TEXT_LIMIT,
                initial=prefill.text,
                multiline=True,
                focus=True,
            ),
            optional=False,
        )
    )
    blocks.append(
        _input(
            CONFERENCE,
            "Conference",
            _text_input(
                placeholder="KubeCon EU 2024",
                max_length=CONFERENCE_LIMIT,
                initial=prefill.conference,
            ),
        )
    )
    blocks.append(
        _input(
            TALK,
            "Talk",
            _text_input(
                placeholder="Karpenter deep dive", max_length=TALK_LIMIT, initial=prefill.talk
            ),
        )
    )
    blocks.append(
        _input(
            TAGS,
            "Tags",
            _text_input(placeholder="karpenter, finops", max_length=1500),
            hint="Separate tags with commas or spaces; the # is optional.",
        )
    )
    link: Block = {
        "type": "url_text_input",
        "action_id": ACTION_ID,
        "placeholder": plain("https://karpenter.sh/docs/concepts/disruption/"),
    }
    if prefill.link:
        link["initial_value"] = prefill.link
    blocks.append(_input(LINK, "Link", link, hint="Slides, a recording, the docs."))
    if prefill.from_message:
        blocks.append(
            _input(
                SOURCE_AUTHOR,
                "Originally posted by",
                _user_select("Who wrote the message", prefill.source_author),
                hint="Credited next to the takeaway. You stay its author.",
            )
        )
    blocks.append(divider())
    blocks.append(
        section(
            "*Follow-up* (optional): something to try, share or decide because of this takeaway."
        )
    )
    blocks.append(
        _input(
            FOLLOWUP_TEXT,
            "Follow-up",
            _text_input(
                placeholder="Try Karpenter consolidation on the staging cluster",
                max_length=FOLLOWUP_TEXT_LIMIT,
            ),
        )
    )
    blocks.append(
        _input(
            FOLLOWUP_OWNER,
            "Owner",
            _user_select("You, unless you pick someone"),
        )
    )
    blocks.append(
        _input(
            FOLLOWUP_DUE,
            "Due",
            {"type": "datepicker", "action_id": ACTION_ID, "placeholder": plain("No due date")},
        )
    )
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain("Save a takeaway"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "private_metadata": origin.to_metadata(),
        "blocks": blocks,
    }


def not_saved_message(problem: Message, text: str) -> Message:
    """The form could not be stored: say why, and hand back what was typed."""
    # A ``` in the text would end the code block early.
    kept = escape(truncate(text, 2800)).replace("```", "`\u200b``")
    blocks = [
        *problem["blocks"],
        section(f"Here is what you wrote, so nothing is lost:\n```{kept}```"),
    ]
    return message(problem["text"], blocks)


def saved_from_form(
    takeaway: Takeaway,
    followup: FollowupDraft | None,
    similar: Sequence[Similar] = (),
    related: Sequence[Takeaway] = (),
) -> Message:
    """The confirmation after the modal: the takeaway as it will look, its follow-up, and
    what it looks like a near-duplicate of."""
    reply = takeaways.added(takeaway)
    if followup is not None:
        owner = user_mention(followup.owner) if followup.owner else "you"
        due = f", due {followup.due:%Y-%m-%d}" if followup.due else ""
        reply["blocks"].append(
            context(f":bell: Follow-up for {owner}{due}: {escape(truncate(followup.text, 500))}")
        )
    reply["blocks"].extend(related_blocks(related))
    reply["blocks"].extend(duplicate_blocks(takeaway, similar))
    return reply
