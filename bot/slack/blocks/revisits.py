"""The revisit DM (Still true / Outdated / Superseded by…), the form that asks which
takeaway supersedes one, and how a takeaway's standing reads ("verified 2026-03")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.errors import InvalidInput
from bot.mrkdwn import escape, truncate
from bot.slack.blocks.kit import (
    Block,
    Message,
    actions,
    button,
    context,
    divider,
    message,
    plain,
    section,
)
from storage.models import Takeaway

VERIFIED_ACTION = "revisit_still_true"
OUTDATED_ACTION = "revisit_outdated"
SUPERSEDED_ACTION = "revisit_superseded"
SUPERSEDED_MODAL = "revisit_superseded_form"
SUPERSEDED_INPUT = "superseded_by"
SUPERSEDED_PICK = "superseded_pick"
OPTION_TEXT = 75  # Slack's limit for an option's text
ITEM_BLOCK_PREFIX = "revisit-"
TEXT_SHOWN = 300


def standing(t: Takeaway) -> str:
    """ "outdated", "superseded by #12", "verified 2026-03", or "" for a takeaway nobody
    has reviewed yet."""
    if t.status == "outdated":
        return ":warning: outdated"
    if t.status == "superseded":
        return ":warning: superseded" + (
            f" by #{t.superseded_by_ref}" if t.superseded_by_ref is not None else ""
        )
    if t.verified_at is not None:
        return f":white_check_mark: verified {t.verified_at:%Y-%m}"
    return ""


def _item(t: Takeaway) -> list[Block]:
    head = section(f"*#{t.ref}* {escape(truncate(t.text, TEXT_SHOWN))}")
    if t.status != "current" or t.revisit_on is None:
        return [head, context(standing(t) or "reviewed")]
    due = f"to revisit since {t.revisit_on.isoformat()}"
    if t.verified_at is not None and t.revisit_on > t.verified_at.date():
        # Answered already: "Still true" moved its revisit date on.
        return [head, context(f"{standing(t)} · next look {t.revisit_on.isoformat()}")]
    value = str(t.ref)
    return [
        head,
        context(due),
        actions(
            button("Still true", VERIFIED_ACTION, value=value, style="primary"),
            button("Outdated", OUTDATED_ACTION, value=value),
            button("Superseded by…", SUPERSEDED_ACTION, value=value),
            block_id=f"{ITEM_BLOCK_PREFIX}{t.ref}",
        ),
    ]


def revisit_message(items: Sequence[Takeaway]) -> Message:
    """The DM: each takeaway with its three answers (or the answer given)."""
    count = len(items)
    intro = (
        f":mag: *Still true?* You wrote {'this takeaway' if count == 1 else 'these takeaways'} "
        "a while ago. Outdated ones stay findable, marked, and rank below current ones."
    )
    blocks: list[Block] = [section(intro)]
    for t in items:
        blocks.append(divider())
        blocks.extend(_item(t))
    return message(f"Still true? {count} takeaway{'s' if count > 1 else ''} to revisit", blocks)


def revisit_refs_in(blocks: Sequence[dict[str, Any]]) -> list[int]:
    """The takeaways a revisit DM shows, read back from its block ids (and its sections)."""
    refs: list[int] = []
    for block in blocks:
        block_id = str(block.get("block_id") or "")
        tail = block_id[len(ITEM_BLOCK_PREFIX) :]
        if block_id.startswith(ITEM_BLOCK_PREFIX) and tail.isdigit():
            refs.append(int(tail))
    return refs


@dataclass(frozen=True)
class SupersededForm:
    """What the "Superseded by…" form carries and collects."""

    ref: int  # the takeaway superseded
    newer: int  # the one replacing it (0 until typed)
    channel_id: str | None  # the revisit DM, to redraw it
    message_ts: str | None
    shown: tuple[int, ...]  # the takeaways the DM shows


def _option(t: Takeaway) -> dict[str, Any]:
    label = truncate(f"#{t.ref} {' '.join(t.text.split())}", OPTION_TEXT)
    return {"text": plain(label), "value": str(t.ref)}


def superseded_form(form: SupersededForm, suggestions: Sequence[Takeaway] = ()) -> dict[str, Any]:
    """A modal asking which takeaway replaces #ref: picked among `suggestions` (its related
    takeaways), or by number."""
    ref = form.ref
    metadata = json.dumps(
        {"ref": ref, "c": form.channel_id, "ts": form.message_ts, "s": list(form.shown)[:20]},
        separators=(",", ":"),
    )
    blocks: list[Block] = [
        section(f"Which takeaway replaces *#{ref}*? `/takeaway ask` finds its number.")
    ]
    if suggestions:
        blocks.append(
            {
                "type": "input",
                "block_id": SUPERSEDED_PICK,
                "optional": True,
                "label": plain("Pick one"),
                "element": {
                    "type": "static_select",
                    "action_id": "value",
                    "placeholder": plain("Related takeaways"),
                    "options": [_option(t) for t in suggestions[:100]],
                },
            }
        )
    blocks.append(
        {
            "type": "input",
            "block_id": SUPERSEDED_INPUT,
            "optional": bool(suggestions),
            "label": plain("Or its number" if suggestions else "Takeaway number"),
            "element": {
                "type": "plain_text_input",
                "action_id": "value",
                "placeholder": plain("42"),
                "max_length": 20,
            },
        }
    )
    return {
        "type": "modal",
        "callback_id": SUPERSEDED_MODAL,
        "private_metadata": metadata,
        "title": plain("Superseded"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": blocks,
    }


def read_superseded_form(values: dict[str, Any], metadata: str | None) -> SupersededForm:
    """The submitted form; InvalidInput names what is wrong."""
    try:
        data = json.loads(metadata or "{}")
        ref = int(data["ref"])
        shown = tuple(int(r) for r in data.get("s") or [ref])
    except (ValueError, TypeError, KeyError):
        raise InvalidInput("That form is out of date; press the button again.") from None
    picked = ((values.get(SUPERSEDED_PICK) or {}).get("value") or {}).get("selected_option")
    typed = str(((values.get(SUPERSEDED_INPUT) or {}).get("value") or {}).get("value") or "")
    typed = typed.strip().lstrip("#") or str((picked or {}).get("value") or "")
    if not typed.isdigit():
        raise InvalidInput("Pick one, or give the takeaway's number, like 42.")
    channel = data.get("c") if isinstance(data.get("c"), str) else None
    ts = data.get("ts") if isinstance(data.get("ts"), str) else None
    return SupersededForm(ref, int(typed), channel, ts, shown)
