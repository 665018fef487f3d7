"""Takeaway storage through the service, on SQLite and Postgres."""

from __future__ import annotations

import pytest

from bot.errors import NotAllowed, NotFound
from bot.grammar import Draft, Filters
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.transactions import transaction
from storage import takeaways as repo

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")
BOB = Actor(team_id="T1", user_id="U2", user_name="bob")
ADMIN = Actor(team_id="T1", user_id="U9", user_name="root", admin_check=lambda: True)
OTHER_TEAM = Actor(team_id="T2", user_id="U1", user_name="alice")


def add(services: Services, actor: Actor, text: str, **kw: object) -> int:
    with transaction(services.sessions) as s:
        return services.takeaways.add(s, actor, Draft(text=text, **kw)).id  # type: ignore[arg-type]


def test_round_trip_of_every_field(services: Services) -> None:
    text = "Ünïcode 🚀 \"quotes\" 'single' ; DROP TABLE takeaways; --\nsecond line"
    tid = add(
        services,
        ALICE,
        text,
        tags=("karpenter", "finops"),
        conference="KubeCon EU 2024",
        talk="Karpenter deep dive",
        links=("https://karpenter.sh",),
    )
    with transaction(services.sessions) as s:
        t = services.takeaways.get(s, ALICE, tid)
        assert t.text == text
        assert t.tags == ["karpenter", "finops"]
        assert (t.conference, t.talk) == ("KubeCon EU 2024", "Karpenter deep dive")
        assert t.links == ["https://karpenter.sh"]
        assert (t.author, t.author_name) == ("U1", "alice")
        assert t.created_at.tzinfo is not None


def test_each_write_bumps_the_content_version(services: Services) -> None:
    tid = add(services, ALICE, "one")
    with transaction(services.sessions) as s:
        v1 = repo.content_version(session=s, team_id="T1")
        services.takeaways.edit(s, ALICE, tid, Draft(text="two"))
    with transaction(services.sessions) as s:
        v2 = repo.content_version(session=s, team_id="T1")
        services.takeaways.delete(s, ALICE, tid)
    with transaction(services.sessions) as s:
        assert v1 < v2 < repo.content_version(session=s, team_id="T1")


def test_permissions_and_isolation(services: Services) -> None:
    tid = add(services, ALICE, "alice's")
    with pytest.raises(NotAllowed), transaction(services.sessions) as s:
        services.takeaways.edit(s, BOB, tid, Draft(text="bob's now"))
    with pytest.raises(NotFound), transaction(services.sessions) as s:
        services.takeaways.delete(s, OTHER_TEAM, tid)
    with transaction(services.sessions) as s:
        assert services.takeaways.get(s, ALICE, tid).text == "alice's"
        services.takeaways.delete(s, ADMIN, tid)
    with pytest.raises(NotFound), transaction(services.sessions) as s:
        services.takeaways.get(s, ALICE, tid)


def test_failed_transaction_stores_nothing(services: Services) -> None:
    with pytest.raises(RuntimeError), transaction(services.sessions) as s:
        services.takeaways.add(s, ALICE, Draft(text="half"))
        raise RuntimeError("boom")
    with transaction(services.sessions) as s:
        assert services.takeaways.list(s, ALICE, Filters()).total == 0


def test_list_filters_and_counts(services: Services) -> None:
    for i in range(12):
        add(services, ALICE if i % 2 else BOB, f"note {i}", tags=("even",) if i % 2 == 0 else ())
    add(services, ALICE, "tagged", tags=("ebpf", "cilium"), conference="KubeCon EU 2024")
    with transaction(services.sessions) as s:
        page = services.takeaways.list(s, ALICE, Filters())
        assert page.total == 13 and len(page.items) == 10
        assert page.items[0].text == "tagged"
        mine = services.takeaways.list(s, ALICE, Filters(mine=True))
        assert mine.total == 7
        assert all(t.author == "U1" for t in mine.items)
        both = services.takeaways.list(s, ALICE, Filters(tags=("ebpf", "cilium")))
        assert [t.text for t in both.items] == ["tagged"]
        conf = services.takeaways.list(s, ALICE, Filters(conference="kubecon eu 2024"))
        assert conf.total == 1
        assert services.takeaways.list(s, OTHER_TEAM, Filters()).total == 0


def test_edit_keeps_what_is_not_given(services: Services) -> None:
    tid = add(
        services, ALICE, "old", tags=("a",), conference="C", talk="T", links=("https://a.io",)
    )
    with transaction(services.sessions) as s:
        t = services.takeaways.edit(s, ALICE, tid, Draft(text="new"))
        assert (t.text, t.tags, t.conference, t.talk, t.links) == (
            "new",
            ["a"],
            "C",
            "T",
            ["https://a.io"],
        )
        t = services.takeaways.edit(s, ALICE, tid, Draft(text="", tags=("b",), conference=""))
        assert (t.text, t.tags, t.conference) == ("new", ["b"], None)
