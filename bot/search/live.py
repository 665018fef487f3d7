"""The live search: one in-memory index per workspace (bot.search.index), kept fresh
from the database's change log: every write bumps the workspace's content version
and logs the changed takeaway ids under it (storage.takeaways.record_change), so before
answering, an index at version v applies the changes in (v, current]. Another replica's
writes are therefore seen by the next query, at the cost of one indexed read when nothing
changed. When the log has been pruned past what an index holds, or most notes changed
(a bulk import), the index is rebuilt instead.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from bot.search.glossary import Glossary
from bot.search.index import Document, DocumentFilter, TeamIndex
from bot.services.transactions import transaction
from storage import takeaways as repo
from storage.models import Takeaway

log = logging.getLogger(__name__)

# A few more than asked, so notes deleted since the index last synced can be skipped.
EXTRA_CANDIDATES = 5
# Applying more changed notes than this (or than half the index) costs more than a rebuild.
REBUILD_CHANGES = 20_000
FILTER_ONLY_SCORE = 100.0


@dataclass(frozen=True)
class Hit:
    takeaway: Takeaway
    score: float


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    suggestions: list[str] = field(default_factory=list)


@dataclass
class IndexStats:
    """What an index has done, for logs, tests and benchmarks."""

    version: int = -1
    notes: int = 0
    full_builds: int = 0
    applied_changes: int = 0
    last_build_seconds: float = 0.0


@dataclass
class _Team:
    lock: threading.Lock = field(default_factory=threading.Lock)
    index: TeamIndex | None = None
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

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._teams: dict[str, _Team] = {}
        self._teams_lock = threading.Lock()

    def _team(self, team_id: str) -> _Team:
        with self._teams_lock:
            return self._teams.setdefault(team_id, _Team())

    def stats(self, team_id: str) -> IndexStats:
        return self._team(team_id).stats

    def _build(self, session: Session, team_id: str, team: _Team, version: int) -> TeamIndex:
        started = time.perf_counter()
        index = TeamIndex(self.glossary)
        index.extend(_document(r) for r in repo.index_rows(session=session, team_id=team_id))
        team.index = index
        team.stats.full_builds += 1
        team.stats.version = version
        team.stats.last_build_seconds = time.perf_counter() - started
        log.log(
            logging.INFO if team.stats.last_build_seconds >= 1 else logging.DEBUG,
            "search index for %s: %d takeaways in %.1f s",
            team_id,
            len(index),
            team.stats.last_build_seconds,
        )
        return index

    def _synced(self, session: Session, team_id: str, team: _Team) -> TeamIndex:
        """The team's index with every change up to the current content version applied.
        The caller holds team.lock."""
        version = repo.content_version(session=session, team_id=team_id)
        index = team.index
        if index is None or index.needs_rebuild() or version < team.stats.version:
            return self._build(session, team_id, team, version)
        if version == team.stats.version:
            return index
        changes = repo.changes_since(
            session=session, team_id=team_id, after=team.stats.version, upto=version
        )
        changed = {takeaway_id for _, takeaway_id in changes}
        complete = bool(changes) and changes[0][0] == team.stats.version + 1
        if not complete or len(changed) > max(REBUILD_CHANGES, len(index) // 2):
            return self._build(session, team_id, team, version)
        found = repo.index_rows(session=session, team_id=team_id, ids=sorted(changed))
        for row in found:
            index.upsert(_document(row))
            changed.discard(row.id)
        for gone in changed:
            index.remove(gone)
        team.stats.applied_changes += len(changes)
        team.stats.version = version
        return index

    def refresh(self, session: Session, team_id: str) -> None:
        """Bring the team's index up to date now (server start-up, benchmarks)."""
        team = self._team(team_id)
        with team.lock:
            index = self._synced(session, team_id, team)
            team.stats.notes = len(index)

    def warm(self, sessions: sessionmaker[Session], team_ids: Iterable[str] | None = None) -> None:
        """Build the indexes of every workspace (or those given), so first queries are fast."""
        with transaction(sessions) as session:
            teams = list(team_ids) if team_ids is not None else repo.team_ids(session=session)
        for team_id in teams:
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
            team.stats.notes = len(index)
            outcome = index.search(
                text,
                DocumentFilter(author=flt.author, tags=flt.tags, conference=flt.conference),
                limit + EXTRA_CANDIDATES,
            )
        rows = repo.get_takeaways(
            session=session, team_id=team_id, ids=[r.id for r in outcome.ranked]
        )
        hits = [Hit(rows[r.id], r.score) for r in outcome.ranked if r.id in rows][:limit]
        return SearchResult(query=text, hits=hits, suggestions=outcome.suggestions)
