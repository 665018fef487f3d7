"""Storage behind the Slack surfaces, on SQLite and Postgres: event claims, channel
conferences, a person's last conference, top tags."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.errors import InvalidInput
from bot.grammar import Add, ConfSet, Draft
from bot.results import Added
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.transactions import transaction
from storage import takeaways as repo
from tests.support.clock import FrozenClock

ALICE = Actor(team_id="T1", user_id="U1", user_name="alice", channel_id="C1")
BOB = Actor(team_id="T1", user_id="U2", user_name="bob", channel_id="C1")


def add(services: Services, actor: Actor, text: str, **fields: object) -> int:
    with transaction(services.sessions) as s:
        return services.takeaways.add(s, actor, Draft(text=text, **fields)).id  # type: ignore[arg-type]


def test_an_event_is_claimed_once(services: Services, clock: FrozenClock) -> None:
    claims = services.event_claims
    assert claims.claim(event_id="Ev1", team_id="T1") is True
    assert claims.claim(event_id="Ev1", team_id="T1") is False
    assert claims.claim(event_id="Ev2", team_id="T1") is True
    # A day later the old claim is pruned; Slack stopped retrying long before.
    clock.advance(timedelta(hours=25))
    assert claims.claim(event_id="Ev3", team_id="T1") is True
    assert claims.claim(event_id="Ev1", team_id="T1") is True


def test_channel_conference_set_replace_clear(services: Services) -> None:
    channels = services.channels
    with transaction(services.sessions) as s:
        assert channels.get(s, ALICE) is None
        channels.set(s, ALICE, "KubeCon EU 2024")
    with transaction(services.sessions) as s:
        channels.set(s, BOB, "SREcon")
    with transaction(services.sessions) as s:
        row = channels.get(s, ALICE)
        assert row is not None and (row.conference, row.set_by) == ("SREcon", "U2")
        assert channels.default_for(s, Actor(team_id="T2", user_id="U1", channel_id="C1")) is None
        assert channels.default_for(s, Actor(team_id="T1", user_id="U1", channel_id="C2")) is None
        assert channels.clear(s, ALICE) is True
    with transaction(services.sessions) as s:
        assert channels.clear(s, ALICE) is False
        assert channels.get(s, ALICE) is None


def test_prefill_is_the_channel_default_else_the_last_conference(services: Services) -> None:
    assert services.submissions.prefill(ALICE).conference is None
    add(services, ALICE, "one", conference="SREcon")
    add(services, ALICE, "two")  # no conference: the one before still counts
    add(services, BOB, "bob's", conference="FOSDEM")
    assert services.submissions.prefill(ALICE).conference == "SREcon"
    with transaction(services.sessions) as s:
        services.channels.set(s, ALICE, "KubeCon EU 2024")
    assert services.submissions.prefill(ALICE).conference == "KubeCon EU 2024"
    elsewhere = Actor(team_id="T1", user_id="U1", channel_id="C9")
    assert services.submissions.prefill(elsewhere).conference == "SREcon"


def test_top_tags_count_per_workspace(services: Services) -> None:
    add(services, ALICE, "a", tags=("karpenter", "finops"))
    add(services, BOB, "b", tags=("karpenter",))
    add(services, Actor(team_id="T2", user_id="U1"), "c", tags=("finops", "finops2"))
    with transaction(services.sessions) as s:
        assert repo.top_tags(session=s, team_id="T1", limit=10) == [
            ("karpenter", 2),
            ("finops", 1),
        ]
        assert repo.top_tags(session=s, team_id="T1", limit=1) == [("karpenter", 2)]


def test_source_author_round_trips(services: Services) -> None:
    with transaction(services.sessions) as s:
        tid = services.takeaways.add(
            s, ALICE, Draft(text="saved"), source_author="U2", source_author_name="bob"
        ).id
    with transaction(services.sessions) as s:
        t = services.takeaways.get(s, ALICE, tid)
        assert (t.author, t.source_author, t.source_author_name) == ("U1", "U2", "bob")


def test_channel_conference_needs_a_channel(services: Services) -> None:
    console = Actor(team_id="T1", user_id="ULOCAL")
    with pytest.raises(InvalidInput, match="belongs to a Slack channel"):
        services.dispatcher.execute(console, ConfSet("KubeCon EU 2024"))
    # Adds from the console have no channel default to apply.
    reply = services.dispatcher.execute(console, Add(Draft(text="from the console")))
    assert isinstance(reply, Added) and reply.takeaway.conference is None
