"""Near-duplicates: finding them on save and for the admin's report, merging two
takeaways into one, and "Keep separate". No Slack, no SQL (storage.merges does the rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot import grammar as c
from bot.errors import InvalidInput, NotAllowed
from bot.search import similar
from bot.search.live import IndexedSearch, Similar, note_of
from bot.services.actor import Actor
from bot.services.clock import Clock
from bot.services.takeaways import TakeawayService
from bot.services.transactions import transaction
from storage import merges
from storage import takeaways as repo
from storage.models import IMPORT_AUTHOR, Takeaway

# Near-duplicates named in a save's reply: the closest gets the buttons.
SHOWN = 2
# Related takeaways shown with a save or an answer.
RELATED = 3
# Takeaways in one duplicate group (`takeaways duplicates`), at most.
GROUP_LIMIT = 10


@dataclass(frozen=True)
class DuplicateGroup:
    """Takeaways that look like one another, for an admin to merge."""

    takeaways: list[Takeaway]
    score: float  # the closest pair's likeness, 0..1
    reasons: list[str]


class DuplicateService:
    """Entity service: takes the caller's session."""

    def __init__(self, search: IndexedSearch) -> None:
        self._search = search

    def like(self, session: Session, actor: Actor, draft: c.Draft) -> list[Similar]:
        """What the workspace already holds that this draft looks like a near-duplicate of.
        Call it before storing the draft, so the check reads committed data only."""
        note = similar.Note(draft.text, draft.talk or None, actor.user_id)
        return self._search.similar(session, team_id=actor.team_id, note=note, limit=SHOWN)

    def related_to_draft(
        self, session: Session, actor: Actor, draft: c.Draft, *, leave_out: set[int]
    ) -> list[Takeaway]:
        """Up to RELATED takeaways worth reading next to this draft (not those in
        `leave_out`); before storing it, as `like`."""
        text = " ".join([draft.text, *(draft.tags or ())])
        note = similar.Note(text, draft.talk or None, actor.user_id)
        found = self._search.related(
            session, team_id=actor.team_id, notes={0: (note, None)}, limit=RELATED + len(leave_out)
        )
        return [t for t in found.get(0, []) if t.id not in leave_out][:RELATED]

    def related_to(
        self,
        session: Session,
        team_id: str,
        takeaways: list[Takeaway],
        *,
        within: repo.TakeawayFilter | None = None,
    ) -> dict[int, list[Takeaway]]:
        """For each takeaway (by id), up to RELATED others worth reading next to it; with
        `within` (a question's filters), only those the filters let through."""
        notes = {t.id: (note_of(t), t.id) for t in takeaways}
        # A few more than shown: some may be filtered out, or be among the answers.
        found = self._search.related(session, team_id=team_id, notes=notes, limit=2 * RELATED)
        return {
            key: [t for t in items if within is None or _passes(within, t)][:RELATED]
            for key, items in found.items()
        }

    def groups(self, session: Session, team_id: str) -> list[DuplicateGroup]:
        """Likely duplicate groups, closest first; pairs kept separate are left out.

        A group is a takeaway and the ones that look like *it* (closest pairs first), not
        a chain: A like B and B like C does not make A like C, and chaining would merge a
        whole topic into one group. A takeaway is in one group at most."""
        kept_apart = merges.dismissed_pairs(session=session, team_id=team_id)
        pairs = [
            p
            for p in self._search.duplicate_pairs(session, team_id=team_id)
            if (p.first, p.second) not in kept_apart
        ]
        pairs.sort(key=lambda p: (-p.likeness.score, p.first, p.second))
        alike = {(p.first, p.second) for p in pairs}
        center_of: dict[int, int] = {}
        members: dict[int, list[int]] = {}
        best: dict[int, float] = {}
        reasons: dict[int, set[str]] = {}
        for pair in pairs:
            a, b = pair.first, pair.second
            if a not in center_of and b not in center_of:
                center_of[a] = center_of[b] = a
                members[a] = [a, b]
            else:
                center = center_of.get(a, center_of.get(b))
                joining = b if a in center_of else a
                if (
                    center is None
                    or joining in center_of
                    or (min(center, joining), max(center, joining)) not in alike
                    or len(members[center]) >= GROUP_LIMIT
                ):
                    continue
                center_of[joining] = center
                members[center].append(joining)
            group = center_of[a]
            best[group] = max(best.get(group, 0.0), pair.likeness.score)
            reasons.setdefault(group, set()).add(pair.likeness.reason)
        rows = repo.get_takeaways(session=session, team_id=team_id, ids=list(center_of))
        groups = [
            DuplicateGroup(
                takeaways=[rows[i] for i in sorted(ids) if i in rows],
                score=round(best[center], 3),
                reasons=sorted(reasons[center]),
            )
            for center, ids in members.items()
        ]
        groups = [g for g in groups if len(g.takeaways) > 1]
        groups.sort(key=lambda g: (-g.score, g.takeaways[0].ref))
        return groups


def _passes(flt: repo.TakeawayFilter, t: Takeaway) -> bool:
    """What `list` and `ask` filters keep (storage.takeaways._filtered), for one takeaway."""
    if flt.author and t.author != flt.author:
        return False
    if flt.conference and (t.conference or "").lower() != flt.conference.lower():
        return False
    return all(tag in t.tags for tag in flt.tags)


def _credited(t: Takeaway) -> set[str]:
    return {t.author, *t.coauthor_ids}


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


class MergeService:
    """Entity service: merge two takeaways into one; takes the caller's session."""

    def __init__(self, clock: Clock, takeaways: TakeawayService) -> None:
        self._clock = clock
        self._takeaways = takeaways

    def merge(
        self, session: Session, actor: Actor, keep_ref: int, gone_ref: int, *, angle: bool = False
    ) -> tuple[Takeaway, int]:
        """Merge #gone_ref into #keep_ref; returns the merged takeaway and the number that
        now leads to it. Anyone credited on both (or an admin) may merge; with `angle`
        (the "Add my angle" button) the author of #gone_ref adds it to anyone's."""
        keep = self._takeaways.get(session, actor, keep_ref)
        gone = self._takeaways.get(session, actor, gone_ref)
        if keep.id == gone.id:
            raise InvalidInput(
                f"#{keep_ref} and #{gone_ref} are already one takeaway (#{keep.ref})."
            )
        if angle:
            if actor.user_id not in _credited(gone):
                raise NotAllowed(
                    f"Only the author of takeaway #{gone.ref} can add it to another one."
                )
        elif (
            not (actor.user_id in _credited(keep) and actor.user_id in _credited(gone))
            and not actor.is_admin()
        ):
            raise NotAllowed(
                f"Only someone who wrote both #{keep.ref} and #{gone.ref} (or a workspace "
                "admin) can merge them.",
                hint="Ask the other author, or an admin.",
            )
        locked = merges.lock(session=session, takeaway_id=keep.id)
        assert locked is not None
        keep = locked
        gone_number = gone.ref
        self._combine(session, keep, gone)
        keep.updated_at = self._clock()
        merges.absorb(session=session, keep=keep, gone=gone)
        repo.record_change(session=session, team_id=keep.team_id, takeaway_ids=[keep.id, gone.id])
        return keep, gone_number

    def _combine(self, session: Session, keep: Takeaway, gone: Takeaway) -> None:
        """Texts, tags, links, the empty fields and the credits of both, on `keep`."""
        text = keep.text
        if gone.text.strip() not in keep.text:
            text = f"{keep.text.rstrip()}\n\n{gone.text.strip()}"
        if len(text) > c.TEXT_LIMIT:
            raise InvalidInput(
                f"Together #{keep.ref} and #{gone.ref} are {len(text)} characters; a takeaway "
                f"holds {c.TEXT_LIMIT}. Shorten one with `/takeaway edit` first. "
                "Nothing was merged."
            )
        tags = _union(keep.tags, gone.tags)
        if len(tags) > c.MAX_TAGS:
            raise InvalidInput(
                f"Together they have {len(tags)} tags; a takeaway can have {c.MAX_TAGS}. "
                "Remove some with `/takeaway edit` first. Nothing was merged."
            )
        links = _union(list(keep.links or []), list(gone.links or []))
        if len(links) > c.MAX_LINKS:
            raise InvalidInput(
                f"Together they have {len(links)} links; a takeaway keeps {c.MAX_LINKS}. "
                "Nothing was merged."
            )
        keep.text = text
        keep.links = links
        if tags != keep.tags:
            repo.set_tags(session=session, takeaway=keep, tags=tags)
        for name in ("conference", "talk", "source_url", "event_date"):
            if getattr(keep, name) is None:
                setattr(keep, name, getattr(gone, name))
        if keep.source_author is None and gone.source_author is not None:
            keep.source_author = gone.source_author
            keep.source_author_name = gone.source_author_name
        coauthors = list(keep.coauthors or [])
        known = {keep.author, *keep.coauthor_ids}
        joining = [{"user": gone.author, "name": gone.author_name}, *(gone.coauthors or [])]
        for person in joining:
            user = str(person.get("user") or "")
            if user and user != IMPORT_AUTHOR and user not in known:
                coauthors.append({"user": user, "name": str(person.get("name") or "")})
                known.add(user)
        # A new list: the JSON column is not mutation-tracked.
        keep.coauthors = coauthors
        if keep.superseded_by_id == gone.id:
            # Merged with the takeaway that replaced it: what remains is current.
            keep.superseded_by = None
            keep.status = "current"

    def keep_separate(
        self, session: Session, actor: Actor, new_ref: int, other_ref: int
    ) -> Takeaway:
        """Remember that these two are not duplicates (never offered again); returns the
        new one."""
        new = self._takeaways.get(session, actor, new_ref)
        other = self._takeaways.get(session, actor, other_ref)
        if actor.user_id not in _credited(new) and not actor.is_admin():
            raise NotAllowed(f"Only the author of takeaway #{new.ref} can decide that.")
        if new.id != other.id:
            merges.dismiss(session=session, team_id=actor.team_id, a=new.id, b=other.id)
        return new


class DuplicateClicks:
    """Use case: the "Add my angle" and "Keep separate" buttons under a save's reply."""

    def __init__(self, sessions: sessionmaker[Session], merges_: MergeService) -> None:
        self._sessions = sessions
        self._merges = merges_

    def add_angle(self, actor: Actor, new_ref: int, into_ref: int) -> tuple[Takeaway, int]:
        with transaction(self._sessions) as session:
            return self._merges.merge(session, actor, into_ref, new_ref, angle=True)

    def keep_separate(self, actor: Actor, new_ref: int, other_ref: int) -> Takeaway:
        with transaction(self._sessions) as session:
            return self._merges.keep_separate(session, actor, new_ref, other_ref)


class DuplicateReport:
    """Use case: `takeaways duplicates`, one read-only transaction."""

    def __init__(self, sessions: sessionmaker[Session], duplicates: DuplicateService) -> None:
        self._sessions = sessions
        self._duplicates = duplicates

    def groups(self, team_id: str) -> list[DuplicateGroup]:
        with transaction(self._sessions) as session:
            return self._duplicates.groups(session, team_id)
