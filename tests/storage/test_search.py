"""Search through the dispatcher, on SQLite and Postgres."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, delete

from bot.grammar import Draft, Filters, parse_filters
from bot.services.actor import Actor
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from storage import takeaways as repo
from storage.models import SearchChange
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


def ask_text(services: Services, raw: str, actor: Actor = ALICE) -> list[str]:
    """Ask as Slack would: filters typed inside the question."""
    text, filters = parse_filters(raw, allow_text=True)
    return [h.takeaway.text for h in services.dispatcher.ask(actor, text, filters).hits]


def seed_field(services: Services) -> None:
    add(
        services,
        ALICE,
        "Karpenter consolidates nodes by price",
        tags=("karpenter", "finops"),
        conference="KubeCon EU 2024",
    )
    add(services, BOB, "Cilium replaces kube-proxy with eBPF", tags=("cilium",))
    add(services, ALICE, "Prometheus remote write is expensive at scale")
    add(services, BOB, "Backstage software templates give teams a golden path")
    add(services, BOB, "We size requests with the vertical pod autoscaler")
    add(services, ALICE, "Game days are how we test disaster recovery")
    add(services, BOB, "CRIU can checkpoint a container and restore it on another node")
    add(services, ALICE, "Spot instances need a PDB on every service", conference="SREcon")
    add(services, BOB, "Instances bought on the spot market were reclaimed weekly")


def test_the_issue_examples(services: Services) -> None:
    seed_field(services)
    for query, expected in [
        ("karpneter", "Karpenter"),
        ("cillium", "Cilium"),
        ("promethues", "Prometheus"),
        ("backstge", "Backstage"),
        ("what did we learn about karpenter?", "Karpenter"),
        ("anything on disaster recovery?", "Game days"),
        ("who talked about CRIU?", "CRIU"),
        ("VPA", "We size requests"),
        ("spot instances", "Spot instances need"),
    ]:
        found = texts(services, query)
        assert found and found[0].startswith(expected), (query, found)


def test_filters_typed_in_the_question(services: Services) -> None:
    seed_field(services)
    assert ask_text(services, "karpenter #finops") == ["Karpenter consolidates nodes by price"]
    assert ask_text(services, 'spot conf:"srecon"') == [
        "Spot instances need a PDB on every service"
    ]
    assert ask_text(services, "spot by:<@U2|bob>") == [
        "Instances bought on the spot market were reclaimed weekly"
    ]
    assert ask_text(services, "karpenter by:me") == ["Karpenter consolidates nodes by price"]
    assert ask_text(services, "karpenter by:me", actor=BOB) == []


def test_nothing_found_suggests_workspace_words(services: Services) -> None:
    seed_field(services)
    answer = services.dispatcher.ask(ALICE, "karpentirrrr", Filters())
    assert answer.hits == []
    assert "#karpenter" in answer.suggestions


def test_replicas_apply_each_others_changes_without_rebuilding(
    engine: Engine, services: Services
) -> None:
    seed(services)
    other = build_services(engine, clock=FrozenClock())
    assert texts(services, "karpenter") and texts(other, "karpenter")
    add(other, BOB, "Argo Rollouts does canary analysis", tags=("argo-rollouts",))
    with transaction(other.sessions) as s:
        other.takeaways.edit(s, ALICE, 1, Draft(text="Karpenter drift replaces old nodes"))
        other.takeaways.delete(s, BOB, 2)
    assert texts(services, "canary") == ["Argo Rollouts does canary analysis"]
    assert texts(services, "karpenter drift") == ["Karpenter drift replaces old nodes"]
    assert texts(services, "consolidates") == []
    assert texts(services, "cilium") == []
    stats = services.search.stats("T1")
    assert stats.full_builds == 1, "changes were applied, not rebuilt"
    assert stats.applied_changes == 3
    assert stats.notes == 3


def test_a_pruned_change_log_means_a_rebuild_not_a_stale_index(
    engine: Engine, services: Services
) -> None:
    seed(services)
    assert texts(services, "backstage") == []
    other = build_services(engine, clock=FrozenClock())
    add(other, BOB, "Backstage software templates")
    with transaction(other.sessions) as s:
        s.execute(delete(SearchChange))  # as if pruned past what `services` has seen
    assert texts(services, "backstage") == ["Backstage software templates"]
    assert services.search.stats("T1").full_builds == 2


def test_concurrent_writers_on_two_replicas_lose_no_change(
    engine: Engine, services: Services
) -> None:
    add(services, ALICE, "warm-up note")
    assert texts(services, "warm-up") == ["warm-up note"]
    other = build_services(engine, clock=FrozenClock())

    def write(replica: Services, who: Actor, n: int) -> None:
        for i in range(8):
            add(replica, who, f"parallel note {who.user_id} {n} {i}")

    threads = [
        threading.Thread(target=write, args=(replica, who, n))
        for n, (replica, who) in enumerate([(services, ALICE), (other, BOB)] * 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answer = services.dispatcher.ask(ALICE, "parallel note", Filters(), limit=100)
    assert len(answer.hits) == 32
    with transaction(services.sessions) as s:
        versions = [seq for seq, _ in repo.changes_since(session=s, team_id="T1", after=0, upto=99)]
    assert versions == list(range(1, 34)), "one version per write, none skipped or shared"


def test_when_nothing_matches_notes_holding_part_of_a_word_are_offered(services: Services) -> None:
    add(services, ALICE, "Vertical autoscalers need requests set on every container")
    add(services, ALICE, "Cilium replaces kube-proxy with eBPF")
    answer = services.dispatcher.ask(ALICE, "autosc", Filters())
    assert answer.loose
    assert [h.takeaway.text for h in answer.hits] == [
        "Vertical autoscalers need requests set on every container"
    ]
    assert not services.dispatcher.ask(ALICE, "zzzqqq", Filters()).hits
