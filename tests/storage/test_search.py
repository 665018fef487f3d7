"""Search through the dispatcher, on SQLite and Postgres."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.commands import Draft, Filters
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from tests.support.clock import FrozenClock

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")
BOB = Actor(team_id="T1", user_id="U2", user_name="bob")


def add(services: Services, actor: Actor, text: str, **kw: object) -> int:
    with transaction(services.sessions) as s:
        return services.takeaways.add(s, actor, Draft(text=text, **kw)).id  # type: ignore[arg-type]


def texts(services: Services, query: str, filters: Filters | None = None) -> list[str]:
    answer = services.dispatcher.ask(ALICE, query, filters or Filters())
    return [h.takeaway.text for h in answer.hits]


def seed(services: Services) -> None:
    add(services, ALICE, "Karpenter consolidates nodes by price", tags=("karpenter",))
    add(services, BOB, "Cilium replaces kube-proxy with eBPF", tags=("cilium", "ebpf"))
    add(services, ALICE, "Prometheus remote write is expensive at scale", conference="SREcon")


def test_typos_and_question_words(services: Services) -> None:
    seed(services)
    assert texts(services, "karpneter")[0].startswith("Karpenter")
    assert texts(services, "cillium")[0].startswith("Cilium")
    assert texts(services, "what did we learn about promethues?")[0].startswith("Prometheus")
    assert texts(services, "backstage") == []


def test_filters_narrow_results(services: Services) -> None:
    seed(services)
    assert texts(services, "", Filters(tags=("ebpf",))) == ["Cilium replaces kube-proxy with eBPF"]
    assert texts(services, "", Filters(conference="srecon"))[0].startswith("Prometheus")
    assert texts(services, "cilium", Filters(author="U1")) == []


def test_newer_wins_a_tie(services: Services) -> None:
    add(services, ALICE, "KEDA scaling modifiers")
    add(services, ALICE, "KEDA scaling modifiers")
    answer = services.dispatcher.ask(ALICE, "keda", Filters())
    assert [h.takeaway.id for h in answer.hits] == [2, 1]


def test_another_replica_sees_writes_at_once(engine: Engine, services: Services) -> None:
    seed(services)
    assert texts(services, "backstage") == []
    other_replica = build_services(engine, clock=FrozenClock())
    add(other_replica, BOB, "Backstage software templates", tags=("backstage",))
    assert texts(services, "backstage") == ["Backstage software templates"]
    with transaction(other_replica.sessions) as s:
        other_replica.takeaways.delete(s, BOB, 4)
    assert texts(services, "backstage") == []
