"""Follow-ups as Block Kit: confirmations, lists, reminder DMs."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.mrkdwn import escape, truncate
from bot.results import FollowupChanged, FollowupCreated, FollowupList, RemindersState
from bot.services.reminders import ReminderBatch
from bot.slack.blocks.conferences import brief_blocks
from bot.slack.blocks.kit import (
    MESSAGE_BLOCK_LIMIT,
    Block,
    Message,
    context,
    divider,
    message,
    plain,
    section,
    user_mention,
)
from bot.slack.blocks.registry import renders
from storage.models import Followup

DONE_ACTION = "followup_done"
SNOOZE_ACTION = "followup_snooze"
SNOOZE_DAY_ACTION = "followup_snooze_day"
# A date picker: the follow-up is read from its actions block's id.
SNOOZE_DATE_ACTION = "followup_snooze_date"
ACTIONS_BLOCK_PREFIX = "followup-actions:"
ITEM_BLOCK_PREFIX = "followup:"
# Four blocks an item: ten items stay inside the 50 blocks of a message.
REMINDER_ITEMS_SHOWN = 10


def due_label(due: date | None, today: date) -> str:
    """`due Mon, Dec 15 (3 days overdue)` in words people scan quickly."""
    if due is None:
        return "no due date"
    days = (due - today).days
    when = f"{due:%a}, {due:%b} {due.day}" + (f" {due.year}" if due.year != today.year else "")
    if days < 0:
        late = -days
        return f":red_circle: due {when} ({late} day{'s' if late > 1 else ''} overdue)"
    if days == 0:
        return f":large_orange_circle: due today ({when})"
    if days == 1:
        return f":large_yellow_circle: due tomorrow ({when})"
    return f"due {when} (in {days} days)"


def owner_label(f: Followup, *, mention: bool) -> str:
    """The owner's name as plain text; a mention (which notifies) only when asked for."""
    return user_mention(f.owner, f.owner_name) if mention else escape(f.owner_name or f.owner)


def followup_line(f: Followup, today: date, *, with_owner: bool, limit: int) -> str:
    parts = [f"*#{f.ref}* {escape(truncate(f.text, limit))}"]
    meta = [due_label(f.due, today)]
    if with_owner:
        meta.append(f"owner {owner_label(f, mention=False)}")
    if f.takeaway_ref is not None:
        meta.append(f"from takeaway #{f.takeaway_ref}")
    if f.status != "open":
        meta.append(f"*{f.status}*")
    return " ".join(parts) + "\n" + " · ".join(meta)


@renders(FollowupCreated)
def created(reply: FollowupCreated) -> Message:
    f = reply.followup
    text = (
        f":white_check_mark: Follow-up *#{f.ref}* is tracked for "
        f"{owner_label(f, mention=False)}: {escape(f.text)}"
    )
    blocks = [section(text), context(due_label(f.due, reply.today))]
    if f.takeaway_ref is not None:
        blocks.append(context(f"Linked to takeaway #{f.takeaway_ref}"))
    return message(f"Follow-up #{f.ref} is tracked", blocks)


@renders(FollowupChanged)
def changed(reply: FollowupChanged) -> Message:
    f = reply.followup
    if reply.verb == "snoozed":
        text = f":zzz: Snoozed follow-up *#{f.ref}*: now {due_label(f.due, reply.today)}."
    elif reply.verb == "done":
        text = f":white_check_mark: Follow-up *#{f.ref}* is done: {escape(truncate(f.text, 200))}"
    else:
        text = f":wastebasket: Dropped follow-up *#{f.ref}*: {escape(truncate(f.text, 200))}"
    return message(f"Follow-up #{f.ref} {reply.verb}", [section(text)])


@renders(FollowupList)
def listing(reply: FollowupList) -> Message:
    page = reply.page
    if page.everyone:
        title = "Open follow-ups in this workspace"
    elif page.mine:
        title = "Your open follow-ups"
    else:
        title = f"Open follow-ups of {escape(page.items[0].owner_name) if page.items else 'them'}"
    if not page.items:
        text = (
            f"*{title}*: none. Track one with `/takeaway followup Trial Karpenter in QA due:friday`"
        )
        return message("No open follow-ups", [section(text)])
    blocks: list[Block] = [section(f"*{title}* ({page.total})")]
    lines = [followup_line(f, page.today, with_owner=page.everyone, limit=200) for f in page.items]
    blocks.extend(_sections(lines))
    if page.total > len(page.items):
        blocks.append(
            context(
                f"Showing {len(page.items)} of {page.total}, soonest due first. "
                "`takeaways followups --all` on the server lists every one."
            )
        )
    return message(f"{page.total} open follow-ups", blocks[:50])


def _sections(lines: list[str], limit: int = 2900) -> list[Block]:
    """Pack lines into as few sections as the 3000-character limit allows."""
    blocks: list[Block] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n\n{line}" if current else line
        if len(candidate) > limit and current:
            blocks.append(section(current))
            current = line
        else:
            current = candidate
    if current:
        blocks.append(section(current))
    return blocks


@renders(RemindersState)
def reminders_state(reply: RemindersState) -> Message:
    if reply.enabled:
        text = ":bell: Reminders are on: you get a DM when your follow-ups are due soon."
    else:
        text = ":no_bell: Reminders are off. Turn them back on with `/takeaway reminders on`."
    return message("Reminders on" if reply.enabled else "Reminders off", [section(text)])


def _item_blocks(f: Followup, today: date, takeaway_text: str | None) -> list[Block]:
    text = f"*{escape(truncate(f.text, 500))}*\n{due_label(f.due, today)} · follow-up #{f.ref}"
    if f.status != "open":
        verb = "Done" if f.status == "done" else "Dropped"
        text = f"~{escape(truncate(f.text, 500))}~\n:white_check_mark: {verb} · follow-up #{f.ref}"
    blocks: list[Block] = [{**section(text), "block_id": f"{ITEM_BLOCK_PREFIX}{f.ref}"}]
    if f.takeaway_ref is not None:
        origin = f"From takeaway #{f.takeaway_ref}"
        if takeaway_text:
            origin += f": {escape(truncate(takeaway_text, 200))}"
        blocks.append(context(origin))
    if f.status == "open":
        blocks.append(
            {
                "type": "actions",
                "block_id": f"{ACTIONS_BLOCK_PREFIX}{f.ref}",
                "elements": [
                    _button("Done", DONE_ACTION, f.ref, style="primary"),
                    _button("Snooze 1 day", SNOOZE_DAY_ACTION, f.ref),
                    _button("Snooze 1 week", SNOOZE_ACTION, f.ref),
                    {
                        "type": "datepicker",
                        "action_id": SNOOZE_DATE_ACTION,
                        "placeholder": plain("Snooze until…"),
                    },
                ],
            }
        )
    return blocks


def _button(label: str, action_id: str, followup_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "type": "button",
        "text": plain(label),
        "action_id": action_id,
        "value": str(followup_id),
        **extra,
    }


def reminder(batch: ReminderBatch) -> Message:
    """The daily DM: follow-ups due soon and the briefs due that day; re-rendered
    (chat.update) when a button is clicked."""
    items, today = batch.items, batch.local_date
    still_open = [f for f in items if f.status == "open"]
    if still_open:
        overdue = sum(1 for f in still_open if f.due and f.due < today)
        head = f":bell: You have {len(still_open)} follow-up{'s' if len(still_open) > 1 else ''}"
        head += f" due soon ({overdue} overdue)." if overdue else " due soon."
    elif items or not batch.briefs:
        head = ":tada: All done here. Thanks!"
    else:
        names = ", ".join(b.conference for b in batch.briefs)
        head = f":mega: Your brief for {names} is here."
    head = escape(head)  # a conference's name is user text, here and in the fallback
    blocks: list[Block] = [section(head)]
    # With a brief in the same DM, fewer follow-ups fit: Slack's 50 blocks are shared.
    shown = REMINDER_ITEMS_SHOWN if not batch.briefs else REMINDER_ITEMS_SHOWN // 2
    for f in items[:shown]:
        blocks.append(divider())
        blocks.extend(_item_blocks(f, today, f.takeaway.text if f.takeaway is not None else None))
    hidden = len(items) - shown
    if hidden > 0:
        blocks.append(context(f"…and {hidden} more: `/takeaway followups`"))
    for index, brief in enumerate(batch.briefs):
        room = MESSAGE_BLOCK_LIMIT - 2 - len(blocks)
        blocks.extend(brief_blocks(brief, room=room, index=index))
    blocks.append(
        context(
            "One DM a day at most, in your working hours: `/takeaway me` "
            "(`me mute reminders`, `me mute briefs`)."
        )
    )
    return message(
        head.replace(":bell: ", "").replace(":tada: ", "").replace(":mega: ", ""), blocks
    )


def followup_ids_in(blocks: list[dict[str, Any]]) -> list[int]:
    """The follow-ups a reminder message shows, read back from its block ids."""
    ids = []
    for block in blocks:
        block_id = str(block.get("block_id") or "")
        if block_id.startswith(ITEM_BLOCK_PREFIX) and block_id[len(ITEM_BLOCK_PREFIX) :].isdigit():
            ids.append(int(block_id[len(ITEM_BLOCK_PREFIX) :]))
    return ids
