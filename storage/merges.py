"""Merged takeaways, "+1"s and pairs kept separate: repositories that take the session
and never commit (see storage/takeaways.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from storage.models import (
    DuplicateDismissal,
    Followup,
    Takeaway,
    TakeawayAlias,
    TakeawayMessage,
    TakeawayPlusOne,
)
from storage.sql import insert_if_absent


def alias_target(*, session: Session, team_id: str, ref: int) -> Takeaway | None:
    """The takeaway that #ref was merged into, if #ref was merged."""
    return session.scalar(
        select(Takeaway)
        .join(TakeawayAlias, TakeawayAlias.takeaway_id == Takeaway.id)
        .where(TakeawayAlias.team_id == team_id, TakeawayAlias.number == ref)
    )


def alias_targets(*, session: Session, team_id: str, refs: Sequence[int]) -> dict[int, Takeaway]:
    """For the numbers among `refs` that were merged: number -> the takeaway it lives on in."""
    if not refs:
        return {}
    rows = session.execute(
        select(TakeawayAlias.number, Takeaway)
        .join(Takeaway, TakeawayAlias.takeaway_id == Takeaway.id)
        .where(TakeawayAlias.team_id == team_id, TakeawayAlias.number.in_(sorted(set(refs))))
    )
    return {int(number): takeaway for number, takeaway in rows if number is not None}


def lock(*, session: Session, takeaway_id: int) -> Takeaway | None:
    """Re-read a takeaway with its row locked until commit (Postgres; SQLite writers take
    turns anyway), so two merges into it cannot overwrite each other's co-authors."""
    return session.scalar(
        select(Takeaway)
        .where(Takeaway.id == takeaway_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def absorb(*, session: Session, keep: Takeaway, gone: Takeaway) -> None:
    """Move what hangs off `gone` onto `keep` (follow-ups, +1s, aliases), record `gone` as
    an alias of `keep`, and delete `gone`. Texts, tags and co-authors are the caller's."""
    session.execute(
        update(Followup)
        .where(Followup.takeaway_id == gone.id)
        .values(takeaway_id=keep.id)
        .execution_options(synchronize_session=False)
    )
    # The people who +1'd either: the union, without the authors of the merged one.
    credited = {keep.author, *keep.coauthor_ids}
    for row in gone.plus_one_rows:
        if row.user_id not in credited:
            insert_if_absent(
                session,
                TakeawayPlusOne,
                {
                    "takeaway_id": keep.id,
                    "user_id": row.user_id,
                    "team_id": keep.team_id,
                    "created_at": row.created_at,
                },
            )
    session.execute(
        delete(TakeawayPlusOne).where(
            TakeawayPlusOne.takeaway_id == keep.id, TakeawayPlusOne.user_id.in_(credited)
        )
    )
    # What `gone` superseded is now superseded by `keep`.
    session.execute(
        update(Takeaway)
        .where(Takeaway.superseded_by_id == gone.id, Takeaway.id != keep.id)
        .values(superseded_by_id=keep.id)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(TakeawayMessage)
        .where(TakeawayMessage.takeaway_id == gone.id)
        .values(takeaway_id=keep.id)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(TakeawayAlias)
        .where(TakeawayAlias.takeaway_id == gone.id)
        .values(takeaway_id=keep.id)
        .execution_options(synchronize_session=False)
    )
    if gone.uid:
        session.add(
            TakeawayAlias(
                team_id=gone.team_id, uid=gone.uid, number=gone.number, takeaway_id=keep.id
            )
        )
    session.flush()
    session.delete(gone)
    session.flush()
    session.refresh(keep, ["plus_one_rows"])


def aliases_of(*, session: Session, takeaway_ids: Sequence[int]) -> dict[int, list[str]]:
    """The uids merged into each of these takeaways, oldest alias first."""
    found: dict[int, list[str]] = {}
    if not takeaway_ids:
        return found
    for takeaway_id, uid in session.execute(
        select(TakeawayAlias.takeaway_id, TakeawayAlias.uid)
        .where(TakeawayAlias.takeaway_id.in_(list(takeaway_ids)))
        .order_by(TakeawayAlias.takeaway_id, TakeawayAlias.uid)
    ):
        found.setdefault(int(takeaway_id), []).append(str(uid))
    return found


def add_aliases(*, session: Session, team_id: str, takeaway_id: int, uids: Iterable[str]) -> None:
    """Imported aliases (an export's `merged_from`): uids only, numbers are not kept."""
    for uid in uids:
        insert_if_absent(
            session,
            TakeawayAlias,
            {"team_id": team_id, "uid": uid, "number": None, "takeaway_id": takeaway_id},
        )


def known_alias_uids(*, session: Session, team_id: str, uids: Sequence[str]) -> set[str]:
    """Which of these uids were merged into another takeaway of the workspace."""
    if not uids:
        return set()
    return {
        str(uid)
        for uid in session.scalars(
            select(TakeawayAlias.uid).where(
                TakeawayAlias.team_id == team_id, TakeawayAlias.uid.in_(list(uids))
            )
        )
    }


# --- +1 ---------------------------------------------------------------------------------


def add_plus_one(*, session: Session, takeaway: Takeaway, user_id: str, now: datetime) -> bool:
    """Record that `user_id` learned it too; False when they already had."""
    added = insert_if_absent(
        session,
        TakeawayPlusOne,
        {
            "takeaway_id": takeaway.id,
            "user_id": user_id,
            "team_id": takeaway.team_id,
            "created_at": now,
        },
    )
    session.refresh(takeaway, ["plus_one_rows"])
    return added


def remove_plus_one(*, session: Session, takeaway: Takeaway, user_id: str) -> bool:
    removed = session.scalar(
        delete(TakeawayPlusOne)
        .where(TakeawayPlusOne.takeaway_id == takeaway.id, TakeawayPlusOne.user_id == user_id)
        .returning(TakeawayPlusOne.user_id)
    )
    session.refresh(takeaway, ["plus_one_rows"])
    return removed is not None


def set_plus_ones(
    *, session: Session, team_id: str, takeaway_id: int, users: Sequence[str], now: datetime
) -> None:
    """Imported +1s (an export's `plus_ones`), in their order."""
    for user_id in users:
        insert_if_absent(
            session,
            TakeawayPlusOne,
            {"takeaway_id": takeaway_id, "user_id": user_id, "team_id": team_id, "created_at": now},
        )


def remember_messages(
    *, session: Session, takeaway: Takeaway, messages: Iterable[tuple[str, str]]
) -> None:
    """The Slack messages (channel, ts) this takeaway was saved from."""
    for channel_id, ts in messages:
        insert_if_absent(
            session,
            TakeawayMessage,
            {
                "team_id": takeaway.team_id,
                "channel_id": channel_id,
                "ts": ts,
                "takeaway_id": takeaway.id,
            },
        )


def takeaway_of_message(
    *, session: Session, team_id: str, channel_id: str, ts: str
) -> Takeaway | None:
    return session.scalar(
        select(Takeaway)
        .join(TakeawayMessage, TakeawayMessage.takeaway_id == Takeaway.id)
        .where(
            TakeawayMessage.team_id == team_id,
            TakeawayMessage.channel_id == channel_id,
            TakeawayMessage.ts == ts,
        )
    )


# --- kept separate ----------------------------------------------------------------------


def dismiss(*, session: Session, team_id: str, a: int, b: int) -> None:
    first, second = sorted((a, b))
    insert_if_absent(
        session,
        DuplicateDismissal,
        {"first_id": first, "second_id": second, "team_id": team_id},
    )


def dismissed_with(*, session: Session, takeaway_ids: Sequence[int]) -> set[tuple[int, int]]:
    """The kept-separate pairs (first, second) that involve any of these takeaways."""
    if not takeaway_ids:
        return set()
    ids = list(takeaway_ids)
    rows = session.execute(
        select(DuplicateDismissal.first_id, DuplicateDismissal.second_id).where(
            or_(DuplicateDismissal.first_id.in_(ids), DuplicateDismissal.second_id.in_(ids))
        )
    )
    return {(int(a), int(b)) for a, b in rows}


def dismissed_pairs(*, session: Session, team_id: str) -> set[tuple[int, int]]:
    rows = session.execute(
        select(DuplicateDismissal.first_id, DuplicateDismissal.second_id).where(
            DuplicateDismissal.team_id == team_id
        )
    )
    return {(int(a), int(b)) for a, b in rows}
