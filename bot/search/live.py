"""The live search: one in-memory index per workspace (bot.search.index), kept fresh
from the database's change log: every write bumps the workspace's content version
and logs the changed takeaway ids under it (storage.takeaways.record_change), so before
answering, an index at version v applies the changes in (v, current]. Another replica's
writes are therefore seen by the next query, at the cost of one indexed read when nothing
changed. When the log has been pruned past what an index holds, or most notes changed
(a bulk import), the index is rebuilt instead.

Memory is bounded: the indexes of all workspaces share a budget ([search]
memory_budget_mb); past it, the least recently asked workspaces' indexes are dropped
whole, and rebuilt by their next question. A workspace too big to index within a
question's time (a restart, a big import) is indexed in the background while questions
are answered by a plain database scan (storage.takeaways.quick_search), marked as such.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from bot.search import similar as alike
from bot.search.excerpt import stems_of
from bot.search.glossary import Glossary
from bot.search.index import Document, DocumentFilter, TeamIndex
from bot.search.similar import Note
from bot.search.text import is_stopword, tokens
from bot.services.transactions import transaction
from storage import takeaways as repo
from storage.models import Takeaway

log = logging.getLogger(__name__)

# A few more than asked, so notes deleted since the index last synced can be skipped.
EXTRA_CANDIDATES = 5
# Applying more changed notes than this (or than half the index) costs more than a rebuild.
REBUILD_CHANGES = 20_000
FILTER_ONLY_SCORE = 100.0
# Building takes about 0.1 ms a note: up to this many, a question waits for the build
# (about a second); beyond, the build runs in the background.
BUILD_WHILE_ASKING = 10_000
DEFAULT_MEMORY_BUDGET = 512 * 1024 * 1024


@dataclass(frozen=True)
class Hit:
    takeaway: Takeaway
    score: float


@dataclass(frozen=True)
class Similar:
    """A takeaway that looks like a near-duplicate of another (bot.search.similar)."""

    takeaway: Takeaway
    score: float  # 0..1
    reason: alike.Reason


@dataclass(frozen=True)
class DuplicatePair:
    first: int  # takeaway ids, first < second
    second: int
    likeness: alike.Likeness


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    suggestions: list[str] = field(default_factory=list)
    # True: answered by a plain scan while the workspace's index is being built.
    quick: bool = False
    # True: the index found nothing, and these notes only share some of the words.
    loose: bool = False
    highlight: frozenset[str] = frozenset()  # stems of the words that matched
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (typed, read as)


def note_of(t: Takeaway) -> alike.Note:
    """A takeaway as relatedness reads it; its tags count as words of its text."""
    return alike.Note(" ".join([t.text, *t.tags]), t.talk, t.author)


def _row_note(row: repo.IndexRow) -> alike.Note:
    return alike.Note(" ".join([row.text, *row.tags]), row.talk, row.author)


@dataclass
class IndexStats:
    """What an index has done, for logs, tests and benchmarks."""

    version: int = -1
    notes: int = 0
    full_builds: int = 0
    applied_changes: int = 0
    last_build_seconds: float = 0.0
    evictions: int = 0
    quick_answers: int = 0


@dataclass
class _Team:
    lock: threading.Lock = field(default_factory=threading.Lock)
    index: TeamIndex | None = None
    size: int = 0  # the index's approx_bytes when last synced
    building: bool = False  # a background build is running (or about to start)
    # The background build, started once the question that needed it has its answer:
    # building while answering would slow the answer (they share the interpreter).
    pending: threading.Thread | None = None
    stats: IndexStats = field(default_factory=IndexStats)


def _document(row: repo.IndexRow) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        tags=row.tags,
        conference=row.conference,
        talk=row.talk,
        author=row.author,
        created_at=row.created_at.timestamp(),
    )


class IndexedSearch:
    """Typo-tolerant, glossary-aware ranked search over each workspace's takeaways."""

    def __init__(
        self,
        glossary: Glossary,
        sessions: sessionmaker[Session],
        *,
        memory_budget: int = DEFAULT_MEMORY_BUDGET,
        build_while_asking: int = BUILD_WHILE_ASKING,
    ) -> None:
        self.glossary = glossary
        self._sessions = sessions
        self._budget = memory_budget
        self._build_while_asking = build_while_asking
        # Least recently asked first: the order eviction goes in.
        self._teams: OrderedDict[str, _Team] = OrderedDict()
        self._teams_lock = threading.Lock()

    def _team(self, team_id: str) -> _Team:
        with self._teams_lock:
            team = self._teams.setdefault(team_id, _Team())
            self._teams.move_to_end(team_id)
            return team

    def stats(self, team_id: str) -> IndexStats:
        return self._team(team_id).stats

    def resident_bytes(self) -> int:
        """The estimated memory of every index held now."""
        with self._teams_lock:
            return sum(team.size for team in self._teams.values())

    def resident_teams(self) -> int:
        with self._teams_lock:
            return sum(1 for team in self._teams.values() if team.index is not None)

    def _build(self, session: Session, team_id: str, version: int) -> TeamIndex:
        started = time.perf_counter()
        index = TeamIndex(self.glossary)
        index.extend(_document(r) for r in repo.index_rows(session=session, team_id=team_id))
        seconds = time.perf_counter() - started
        log.log(
            logging.INFO if seconds >= 1 else logging.DEBUG,
            "search index for %s: %d takeaways in %.1f s",
            team_id,
            len(index),
            seconds,
        )
        return index

    def _install(self, team: _Team, index: TeamIndex, version: int, seconds: float) -> None:
        team.index = index
        team.stats.full_builds += 1
        team.stats.version = version
        team.stats.last_build_seconds = seconds

    def _needs_build(self, team: _Team, version: int) -> bool:
        return team.index is None or team.index.needs_rebuild() or version < team.stats.version

    def _synced(self, session: Session, team_id: str, team: _Team) -> TeamIndex | None:
        """The team's index with every change up to the current content version applied;
        None while a build too big to wait for runs in the background. Holds team.lock."""
        version = repo.content_version(session=session, team_id=team_id)
        if team.building:
            return None
        index = team.index
        if index is not None and not self._needs_build(team, version):
            if version == team.stats.version:
                return index
            changes = repo.changes_since(
                session=session, team_id=team_id, after=team.stats.version, upto=version
            )
            changed = {takeaway_id for _, takeaway_id in changes}
            complete = bool(changes) and changes[0][0] == team.stats.version + 1
            if complete and len(changed) <= max(REBUILD_CHANGES, len(index) // 2):
                found = repo.index_rows(session=session, team_id=team_id, ids=sorted(changed))
                for row in found:
                    index.upsert(_document(row))
                    changed.discard(row.id)
                for gone in changed:
                    index.remove(gone)
                team.stats.applied_changes += len(changes)
                team.stats.version = version
                return index
        notes = repo.count_takeaways(session=session, team_id=team_id, flt=repo.TakeawayFilter())
        if notes > self._build_while_asking:
            team.building = True
            team.pending = self._background_build(team_id, team)
            return None
        started = time.perf_counter()
        index = self._build(session, team_id, version)
        self._install(team, index, version, time.perf_counter() - started)
        return index

    def _background_build(self, team_id: str, team: _Team) -> threading.Thread:
        def build() -> None:
            started = time.perf_counter()
            try:
                with transaction(self._sessions) as session:
                    version = repo.content_version(session=session, team_id=team_id)
                    index = self._build(session, team_id, version)
            except Exception:
                log.exception("could not build the search index of %s", team_id)
                with team.lock:
                    team.building = False
                return
            with team.lock:
                # Changes made during the build are applied by the next question.
                self._install(team, index, version, time.perf_counter() - started)
                team.building = False
                self._measured(team, index)
            self._fit_budget(keep=team_id)

        return threading.Thread(target=build, name=f"index-{team_id}", daemon=True)

    @staticmethod
    def _start_pending(team: _Team) -> None:
        with team.lock:
            pending, team.pending = team.pending, None
        if pending is not None:
            pending.start()

    def _measured(self, team: _Team, index: TeamIndex) -> None:
        team.stats.notes = len(index)
        with self._teams_lock:
            team.size = index.approx_bytes()

    def _fit_budget(self, *, keep: str) -> None:
        """Drop the least recently asked indexes until all fit the budget (never `keep`,
        nor one in use right now: it is next in line instead)."""
        with self._teams_lock:
            total = sum(team.size for team in self._teams.values())
            for team_id, team in self._teams.items():
                if total <= self._budget:
                    break
                if team_id == keep or team.index is None:
                    continue
                if not team.lock.acquire(blocking=False):
                    continue
                try:
                    total -= team.size
                    team.index, team.size = None, 0
                    team.stats.evictions += 1
                finally:
                    team.lock.release()

    def refresh(self, session: Session, team_id: str) -> None:
        """Bring the team's index up to date now (server start-up, benchmarks)."""
        team = self._team(team_id)
        with team.lock:
            index = self._synced(session, team_id, team)
            if index is not None:
                self._measured(team, index)
        self._start_pending(team)
        self._fit_budget(keep=team_id)

    def warm(self, sessions: sessionmaker[Session], team_ids: Iterable[str] | None = None) -> None:
        """Build the indexes of every workspace (or those given), so first queries are fast;
        stops when the memory budget is full (the rest are built when first asked)."""
        with transaction(sessions) as session:
            teams = list(team_ids) if team_ids is not None else repo.team_ids(session=session)
        for team_id in teams:
            if self.resident_bytes() >= self._budget:
                log.info("search warm-up stopped at the memory budget (%d workspaces)", len(teams))
                return
            with transaction(sessions) as session:
                self.refresh(session, team_id)

    def search(
        self,
        session: Session,
        *,
        team_id: str,
        text: str,
        flt: repo.TakeawayFilter,
        limit: int,
    ) -> SearchResult:
        if not text.strip():
            # Filters only ("ask #karpenter"): what `list` shows, newest first.
            newest = repo.list_takeaways(session=session, team_id=team_id, flt=flt, limit=limit)
            return SearchResult(text, [Hit(t, FILTER_ONLY_SCORE) for t in newest])
        team = self._team(team_id)
        with team.lock:
            index = self._synced(session, team_id, team)
            if index is None:
                team.stats.quick_answers += 1
            else:
                self._measured(team, index)
                outcome = index.search(
                    text,
                    DocumentFilter(author=flt.author, tags=flt.tags, conference=flt.conference),
                    limit + EXTRA_CANDIDATES,
                )
        if index is None:
            try:
                return self._quick(session, team_id, text, flt, limit)
            finally:
                self._start_pending(team)
        self._fit_budget(keep=team_id)
        if not outcome.ranked:
            # Nothing matched even with typos: notes holding part of a word ("autoscal")
            # beat an empty answer.
            fallback = self._quick(session, team_id, text, flt, limit)
            return dataclasses.replace(
                fallback, quick=False, loose=bool(fallback.hits), suggestions=outcome.suggestions
            )
        rows = repo.get_takeaways(
            session=session, team_id=team_id, ids=[r.id for r in outcome.ranked]
        )
        hits = [Hit(rows[r.id], r.score) for r in outcome.ranked if r.id in rows][:limit]
        return SearchResult(
            query=text,
            hits=hits,
            suggestions=outcome.suggestions,
            highlight=outcome.highlight,
            corrections=outcome.corrections,
        )

    def _quick(
        self, session: Session, team_id: str, text: str, flt: repo.TakeawayFilter, limit: int
    ) -> SearchResult:
        """Answer from the database while the index builds: the query's word stems (and
        the glossary terms it names, as tags), as substrings."""
        toks = tokens(text)
        words = list(dict.fromkeys(t.stem for t in toks if not is_stopword(t.surface)))
        tags = list(dict.fromkeys(m.tag for m in self.glossary.match(toks)))
        found = repo.quick_search(
            session=session, team_id=team_id, words=words, tags=tags, flt=flt, limit=limit
        )
        most = max(len(words) + len(tags), 1)
        hits = [Hit(t, round(100.0 * score / most, 1)) for t, score in found]
        return SearchResult(query=text, hits=hits, quick=True, highlight=stems_of([text]))

    # --- near-duplicates ------------------------------------------------------------------
    def similar(
        self,
        session: Session,
        *,
        team_id: str,
        note: Note,
        limit: int,
        exclude: int | None = None,
    ) -> list[Similar]:
        """The workspace's takeaways that look like near-duplicates of `note`, closest
        first. Candidates come from the index's postings of the note's rarer words (not a
        scan); nothing is found while a big workspace's index is still being built."""
        found = self._alike(
            session, team_id, {0: (note, exclude)}, lambda r: Note(r.text, r.talk, r.author)
        )
        pairs = found.get(0, [])[:limit]
        rows = repo.get_takeaways(session=session, team_id=team_id, ids=[i for i, _ in pairs])
        return [Similar(rows[i], v.score, v.reason) for i, v in pairs if i in rows]

    def related(
        self,
        session: Session,
        *,
        team_id: str,
        notes: Mapping[int, tuple[Note, int | None]],
        limit: int,
    ) -> dict[int, list[Takeaway]]:
        """For each note (key -> the note and the id of its own takeaway, if stored), up
        to `limit` takeaways worth reading next to it: the same talk, shared tags, similar
        text. Nothing while the index is being built."""
        found = self._alike(session, team_id, notes, _row_note, verdict=alike.related)
        chosen = {key: [i for i, _ in pairs[:limit]] for key, pairs in found.items()}
        wanted = sorted({i for ids in chosen.values() for i in ids})
        rows = repo.get_takeaways(session=session, team_id=team_id, ids=wanted)
        return {key: [rows[i] for i in ids if i in rows] for key, ids in chosen.items()}

    def _alike(
        self,
        session: Session,
        team_id: str,
        notes: Mapping[int, tuple[Note, int | None]],
        note_from: Callable[[repo.IndexRow], Note],
        *,
        verdict: alike.Judge = alike.judge,
    ) -> dict[int, list[tuple[int, alike.Likeness]]]:
        """Each note's look-alikes (key -> (id, likeness), closest first): candidates from
        the index, all read at once (plain rows, no ORM objects), then judged."""
        team = self._team(team_id)
        found: dict[int, list[tuple[int, alike.Likeness]]] = {}
        with team.lock:
            index = self._synced(session, team_id, team)
            if index is not None:
                self._measured(team, index)
                ids = {
                    key: alike.candidates(note, index, self.glossary, exclude=own)
                    for key, (note, own) in notes.items()
                }
                union = sorted({i for found_ids in ids.values() for i in found_ids})
                rows = {
                    r.id: note_from(r)
                    for r in repo.index_rows(session=session, team_id=team_id, ids=union)
                }
                for key, (note, _) in notes.items():
                    others = {i: rows[i] for i in ids[key] if i in rows}
                    found[key] = alike.judged(note, others, index, self.glossary, verdict=verdict)
        if index is None:
            self._start_pending(team)
        return found

    def duplicate_pairs(self, session: Session, *, team_id: str) -> list[DuplicatePair]:
        """Every pair of the workspace's takeaways that look like near-duplicates (each
        note checked against its candidates, as a save is). For the admin's report: it
        reads the whole workspace, once."""
        team = self._team(team_id)
        with team.lock:
            index = self._synced(session, team_id, team)
            if index is None:
                # A report may wait for the build a question would not.
                index = self._build(
                    session, team_id, repo.content_version(session=session, team_id=team_id)
                )
            # Each note's text weights, computed once (see alike.near_duplicates).
            notes: dict[int, tuple[alike.Note, dict[str, float]]] = {}
            for row in repo.index_rows(session=session, team_id=team_id):
                note = alike.Note(row.text, row.talk, row.author)
                text = alike.features(note, self.glossary, talk=False)
                notes[row.id] = (note, alike.weights(text, index))
            pairs: dict[tuple[int, int], alike.Likeness] = {}
            for takeaway_id, (note, mine) in notes.items():
                searched = alike.weights(alike.features(note, self.glossary), index)
                for other_id in index.overlapping(
                    alike.query_features(searched, index),
                    limit=alike.CANDIDATES,
                    exclude=takeaway_id,
                ):
                    key = (min(takeaway_id, other_id), max(takeaway_id, other_id))
                    if key in pairs or other_id not in notes:
                        continue
                    other, theirs = notes[other_id]
                    verdict = alike.judge(note, other, alike.dice(mine, theirs))
                    if verdict is not None:
                        pairs[key] = verdict
        return [DuplicatePair(a, b, v) for (a, b), v in sorted(pairs.items())]
