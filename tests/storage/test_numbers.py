"""Takeaways and follow-ups are numbered per workspace: a new workspace starts at #1 and
learns nothing of the others; what existed keeps its number; writers never share one."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, text

from bot.grammar import AddFollowup, Draft, parse
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from storage import migrate
from storage.db import make_engine


def actor(team: str) -> Actor:
    return Actor(team_id=team, user_id="U1", user_name="alice", admin_check=lambda: True)


def add(services: Services, team: str, words: str) -> int:
    with transaction(services.sessions) as s:
        return services.takeaways.add(s, actor(team), Draft(text=words)).ref


def test_each_workspace_counts_from_one(services: Services) -> None:
    assert [add(services, "TBUSY", f"busy note {i}") for i in range(5)] == [1, 2, 3, 4, 5]
    assert add(services, "TNEW", "the new workspace's first note") == 1
    shown = services.dispatcher.execute(actor("TNEW"), parse("show 1"))
    assert shown.takeaway.text == "the new workspace's first note"  # type: ignore[attr-defined]
    followup = services.dispatcher.execute(actor("TNEW"), parse("followup Try it for:1"))
    assert followup.followup.ref == 1  # type: ignore[attr-defined]
    assert followup.followup.takeaway_ref == 1  # type: ignore[attr-defined]
    # Deleting the newest never hands its number out again.
    services.dispatcher.execute(actor("TBUSY"), parse("delete 5"))
    assert add(services, "TBUSY", "after a delete") == 6


def test_concurrent_writers_never_share_a_number(engine: Engine, services: Services) -> None:
    add(services, "T1", "first")
    replicas = [services, build_services(engine), build_services(engine)]
    errors: list[BaseException] = []

    def write(replica: Services, n: int) -> None:
        try:
            for i in range(6):
                with transaction(replica.sessions) as s:
                    replica.followups.add(s, actor("T1"), AddFollowup(text=f"fu {n} {i}"))
                add(replica, "T1", f"note {n} {i}")
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=write, args=(r, n)) for n, r in enumerate(replicas)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as conn:
        numbers = sorted(conn.execute(text("SELECT number FROM takeaways")).scalars())
        fu_numbers = sorted(conn.execute(text("SELECT number FROM followups")).scalars())
    assert numbers == list(range(1, 20))
    assert fu_numbers == list(range(1, 19))


def test_rows_from_before_keep_their_id_as_their_number(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.downgrade(engine, "base")
    migrate.upgrade(engine, "0007_uids")
    with engine.begin() as conn:
        for team in ("T1", "T2"):
            conn.execute(
                text(
                    "INSERT INTO workspaces (team_id, created_at, content_version) "
                    "VALUES (:t, '2026-01-01 00:00:00', 0)"
                ),
                {"t": team},
            )
        ids = {}
        for n, team in enumerate(("T1", "T2", "T1")):
            ids[n] = conn.execute(
                text(
                    "INSERT INTO takeaways (team_id, uid, text, links, author, author_name, "
                    "created_at, updated_at) VALUES (:t, :u, :x, '[]', 'U1', 'alice', "
                    "'2026-01-01 00:00:00', '2026-01-01 00:00:00') RETURNING id"
                ),
                {"t": team, "u": f"u{n}", "x": f"old note {n}"},
            ).scalar_one()
    assert list(ids.values()) == [1, 2, 3], "global ids, as the previous release gave them"
    migrate.upgrade(engine)
    services = build_services(engine)
    for team, ref, n in (("T1", 1, 0), ("T2", 2, 1), ("T1", 3, 2)):
        shown = services.dispatcher.execute(actor(team), parse(f"show {ref}"))
        assert shown.takeaway.text == f"old note {n}", "old links still lead there"  # type: ignore[attr-defined]
    assert add(services, "T1", "new in T1") == 4
    assert add(services, "T2", "new in T2") == 3
    engine.dispose()
