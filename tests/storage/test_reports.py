"""A conference's follow-through, counted as a team lead would count it, on SQLite and
Postgres: done on time or late, open, overdue, dropped, the learned-vs-acted ratio."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import NotFound
from bot.grammar import AddFollowup, Draft
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.reports import report_json
from bot.services.transactions import transaction
from bot.transfer.trip_report import trip_report
from storage import talks
from tests.support.clock import FrozenClock

KUBECON = "KubeCon EU 2025"
ALICE = Actor(team_id="T1", user_id="U1", user_name="alice")


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def add(services: Services, text: str, conference: str | None = KUBECON, **kw: object) -> int:
    with transaction(services.sessions) as s:
        draft = Draft(text=text, conference=conference, **kw)  # type: ignore[arg-type]
        return services.takeaways.add(s, ALICE, draft).ref


def followup(services: Services, text: str, *, due: str | None, of: int | None) -> int:
    with transaction(services.sessions) as s:
        command = AddFollowup(text=text, due=due, takeaway_id=of)
        return services.followups.add(s, ALICE, command).ref


def close(services: Services, ref: int, status: str = "done") -> None:
    with transaction(services.sessions) as s:
        services.followups.close(s, ALICE, ref, status)


@pytest.fixture
def conference(services: Services, clock: FrozenClock) -> Services:
    """Four KubeCon takeaways; their follow-ups in every state; noise around them."""
    clock.set(_at(23))  # Monday Nov 23, 2026
    first = add(services, "Karpenter consolidates nodes by price", tags=("karpenter",))
    second = add(services, "Cilium can replace kube-proxy", tags=("cilium", "ebpf"))
    add(services, "eBPF programs are verified before they load", tags=("ebpf",))
    add(services, "Gateway API is GA")
    other = add(services, "Error budgets need product owners", conference="SREcon 2025")
    on_time = followup(services, "Trial Karpenter in QA", due="2026-11-25", of=first)
    late = followup(services, "Write up consolidation", due="2026-11-24", of=first)
    no_due = followup(services, "Share the Cilium talk", due=None, of=second)
    followup(services, "Benchmark Cilium", due="2026-11-24", of=second)  # overdue by the 30th
    followup(services, "Plan Gateway API move", due="2026-12-10", of=second)  # open
    dropped = followup(services, "Rewrite the CNI", due=None, of=second)
    followup(services, "Not KubeCon's", due="2026-11-24", of=other)
    followup(services, "Nobody's takeaway", due="2026-11-24", of=None)
    clock.set(_at(24))
    close(services, on_time)
    close(services, no_due)
    close(services, dropped, "dropped")
    clock.set(_at(26))
    close(services, late)
    with transaction(services.sessions) as s:
        talks.attend(
            session=s, team_id="T1", conference=KUBECON, user_id="U2", user_name="bob", now=_at(26)
        )
    clock.set(_at(30))
    return services


def test_the_json_report_counts_every_follow_up_once(conference: Services) -> None:
    found = conference.reports.report("T1", "kubecon eu 2025", detail=False)
    assert report_json(found) == {
        "conference": KUBECON,
        "takeaways": 4,
        "followups": {
            "created": 6,
            "done_on_time": 2,
            "done_late": 1,
            "open": 1,
            "overdue": 1,
            "dropped": 1,
        },
        "acted_ratio": 0.75,  # 3 done for 4 takeaways
        "median_days_to_done": 1.0,  # 1, 1 and 3 days
        "attendees": ["U1", "U2"],  # wrote takeaways; said they were going
    }


def test_the_trip_report_has_themes_best_takeaways_and_follow_up_states(
    conference: Services,
) -> None:
    text = trip_report(conference.reports.report("T1", KUBECON))
    assert text.startswith("# Trip report: KubeCon EU 2025\n")
    assert "4 takeaways, 6 follow-ups, 3 done (75% of the takeaways acted on)" in text
    assert "| Done late | 1 |" in text
    assert "## Who went\n\nalice, bob\n" in text
    assert "- `#ebpf` — 2\n" in text
    best = text.split("## Best takeaways")[1]
    # The takeaway that led to the most follow-ups comes first.
    assert best.index("Cilium can replace kube-proxy") < best.index("Karpenter consolidates")
    assert "### Overdue (1)\n\n- [ ] Benchmark Cilium — alice, due 2026-11-24" in text
    assert "- [ ] ~~Rewrite the CNI~~ — alice (from takeaway #2)" in text
    assert "Not KubeCon's" not in text and "Nobody's takeaway" not in text


def test_best_takeaways_are_the_ones_others_learned_too_and_still_hold(
    conference: Services,
) -> None:
    bob = Actor(team_id="T1", user_id="U2", user_name="bob")
    carol = Actor(team_id="T1", user_id="U3", user_name="carol")
    for who in (bob, carol):
        conference.plus_ones.me_too(who, 4)  # "Gateway API is GA": no follow-up, two +1s
    conference.plus_ones.me_too(bob, 3)  # "eBPF programs are verified...": one +1
    best = trip_report(conference.reports.report("T1", KUBECON)).split("## Best takeaways")[1]
    best = best.split("\n## ", 1)[0]
    assert best.index("Gateway API is GA") < best.index("eBPF programs are verified")
    assert "(#4 · +2)" in best
    with transaction(conference.sessions) as s:
        conference.takeaways.get(s, ALICE, 4).status = "outdated"
    best = trip_report(conference.reports.report("T1", KUBECON)).split("## Best takeaways")[1]
    assert "Gateway API is GA" not in best.split("\n## ", 1)[0], "outdated is not best"


def test_a_merged_takeaway_credits_its_co_authors_in_the_report(conference: Services) -> None:
    bob = Actor(team_id="T1", user_id="U2", user_name="bob")
    with transaction(conference.sessions) as s:
        angle = Draft(text="Karpenter also replaces drifted nodes", conference=KUBECON)
        added = conference.takeaways.add(s, bob, angle).ref
    conference.duplicate_clicks.add_angle(bob, added, 1)  # bob's angle on alice's #1
    text = trip_report(conference.reports.report("T1", KUBECON))
    assert "— alice, bob (#1" in text


def test_an_unknown_conference_names_the_known_ones(conference: Services) -> None:
    with pytest.raises(NotFound, match=r'No conference "KubeCon NA 2025" here\. .*"SREcon 2025"'):
        conference.reports.report("T1", "KubeCon NA 2025")
    with pytest.raises(NotFound):
        conference.reports.report("T2", KUBECON)  # another workspace's conference


def test_the_digest_has_a_line_per_recent_conference(conference: Services) -> None:
    content = conference.digest_runs.compose("T1", window_end=_at(30), timezone="UTC")
    lines = {
        (c.conference, c.takeaways, c.followups, c.done, c.overdue) for c in content.conferences
    }
    assert lines == {(KUBECON, 4, 6, 3, 1), ("SREcon 2025", 1, 1, 0, 1)}
    # Two months on, neither is recent any more.
    later = conference.digest_runs.compose(
        "T1", window_end=datetime(2027, 2, 1, tzinfo=UTC), timezone="UTC"
    )
    assert later.conferences == []
