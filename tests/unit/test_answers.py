"""Answers people can skim: the matching sentence with the question's words in bold,
where the note comes from, the spelling a typo was read as, and no weak tail of hits."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.grammar import Filters
from bot.results import Answer
from bot.search.excerpt import excerpt, stems_of
from bot.search.live import Hit
from bot.services.dispatcher import relevant
from bot.slack.blocks import render_result
from storage.models import Takeaway
from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text

LONG = (
    "Day two opened with a keynote about community growth and the new contributor ladder. "
    "Karpenter consolidates nodes by price, zone and instance type, and drift replaces "
    "nodes whose AMI is outdated. The speakers then showed a Grafana dashboard of the "
    "savings over six months, with a long tail of spot interruptions nobody noticed."
)


def note(text: str = LONG, **fields: object) -> Takeaway:
    t = Takeaway(
        id=1,
        number=12,
        team_id="T1",
        text=text,
        links=[],
        author=str(fields.get("author", "UIMPORT")),
        author_name=str(fields.get("author_name", "import")),
        conference=fields.get("conference", "KubeCon EU 2022"),
        talk=fields.get("talk", "Karpenter deep dive"),
        source_url=fields.get("source_url", "https://blog.example.com/kubecon-2022"),
        event_date=fields.get("event_date", date(2022, 5, 18)),
        created_at=datetime(2026, 11, 30, tzinfo=UTC),
        updated_at=datetime(2026, 11, 30, tzinfo=UTC),
    )
    t.tag_rows = []
    return t


def test_the_matching_sentence_is_shown_with_the_words_in_bold() -> None:
    shown = excerpt(LONG, stems_of(["karpenter", "consolidation"]))
    assert shown.text.startswith("…Karpenter consolidates nodes by price")
    assert ("Karpenter", True) in shown.runs and ("consolidates", True) in shown.runs
    assert len(shown.text) <= 202 and shown.cut


def test_a_short_note_is_shown_whole() -> None:
    shown = excerpt("Cilium replaces kube-proxy.", stems_of(["cilium"]))
    assert (shown.text, shown.cut) == ("Cilium replaces kube-proxy.", False)
    # Even when the words asked for are in its second sentence: its subject stays.
    two = "Kueue: quotas per team. Jobs wait suspended until the GPUs are free."
    shown = excerpt(two, stems_of(["jobs"]))
    assert (shown.text, shown.cut) == (two, False)
    assert ("Jobs", True) in shown.runs


def test_a_word_inside_an_identifier_is_not_marked() -> None:
    # "pg" asked (PostgreSQL's short name) is not bolded inside "pg_basebackup": Slack
    # would show "*pg*_basebackup" and may read the underscores as italics.
    shown = excerpt("restore with pg_combinebackup, or pg for short", stems_of(["pg"]))
    assert [piece for piece, marked in shown.runs if marked] == ["pg"]  # the word alone
    assert "pg_combinebackup" in "".join(p for p, marked in shown.runs if not marked)


def test_dots_inside_names_do_not_end_a_sentence() -> None:
    # "pyproject.toml" and "v1.29" are words, not sentence ends: the excerpt of a long
    # note starts at a sentence, never inside a file name.
    text = (
        "Day one was mostly keynotes about the foundation's budget and the new mascot, "
        "with a long queue for coffee. PEP 621 metadata lives in pyproject.toml now, so a "
        "pure Python package needs no setup.py at all since setuptools 61, and v1.29 of "
        "the tooling checks it."
    )
    shown = excerpt(text, stems_of(["packaging", "python"]))
    assert shown.text.startswith("…PEP 621 metadata lives in pyproject.toml now")
    assert shown.cut


def test_an_answer_says_where_and_when_not_the_import() -> None:
    answer = Answer(
        query="karpenter",
        filters=Filters(),
        hits=[Hit(note(), 80.0)],
        highlight=stems_of(["karpenter"]),
        corrections=[("karpneter", "karpenter")],
    )
    message = render_result(answer)
    assert_valid_message(message)
    assert_no_pings(message)
    shown = visible_text(message)
    assert "*Karpenter* consolidates nodes" in shown
    assert "Read as karpneter → *karpenter*" in shown
    assert "_Karpenter deep dive_" in shown and "KubeCon EU 2022" in shown
    assert "2022-05-18" in shown and "2026-11-30" not in shown, "the event's day"
    assert "by import" not in shown
    assert "<https://blog.example.com/kubecon-2022|source>" in shown
    assert "`/takeaway show 12`" in shown, "clipped: how to read all of it"
    assert "Karpenter consolidates nodes by price" in read_text(message)


def test_a_note_without_an_event_date_shows_when_it_was_recorded() -> None:
    answer = Answer(
        query="x",
        filters=Filters(),
        hits=[Hit(note("Short.", event_date=None, author="U1", author_name="alice"), 50.0)],
    )
    shown = visible_text(render_result(answer))
    assert "|2026-11-30>" in shown and "by alice" in shown


def test_an_imported_note_without_a_date_says_it_was_imported_not_learned_that_day() -> None:
    answer = Answer(query="x", filters=Filters(), hits=[Hit(note("Short.", event_date=None), 50.0)])
    shown = visible_text(render_result(answer))
    assert "imported <!date^" in shown and "|2026-11-30>" in shown


def test_hits_far_below_the_best_are_left_out() -> None:
    hits = [Hit(note(), score) for score in (90.0, 80.0, 40.0, 30.0)]
    assert [h.score for h in relevant(hits)] == [90.0, 80.0, 40.0]
    assert relevant([]) == []


def test_a_sentence_about_the_talk_does_not_hide_what_the_talk_taught() -> None:
    about = note("This one was about getting nodes fast enough when pods are pending.")
    taught = note("Cluster Autoscaler only reacts to unschedulable pods, so nodes take minutes.")
    overprovisioning = note("Low-priority pause pods keep a warm node ready for pending pods.")
    hits = [Hit(about, 75.0), Hit(taught, 30.0), Hit(overprovisioning, 25.0)]
    assert [h.takeaway.text for h in relevant(hits)] == [
        about.text,
        taught.text,
        overprovisioning.text,
    ]


def test_a_loose_answer_says_it_only_shares_words() -> None:
    answer = Answer(query="autosc", filters=Filters(), hits=[Hit(note("Short."), 50.0)], loose=True)
    assert "share some of its words" in visible_text(render_result(answer))


def test_hits_from_one_talk_in_a_row_name_the_talk_once() -> None:
    deep_dive = [note(f"Karpenter fact {n} about consolidation.") for n in (1, 2)]
    other = note("KEDA scales on queue length.", talk="KEDA at scale")
    answer = Answer(
        query="karpenter",
        filters=Filters(),
        hits=[Hit(deep_dive[0], 90.0), Hit(deep_dive[1], 80.0), Hit(other, 50.0)],
    )
    message = render_result(answer)
    assert_valid_message(message)
    shown = visible_text(message)
    assert shown.count("Karpenter deep dive") == 1, "once, over the run of its notes"
    assert shown.count("KEDA at scale") == 1
    assert [b["type"] for b in message["blocks"]].count("divider") == 2
    # Its notes still say when, who and where they come from.
    assert shown.count("2022-05-18") == 3 and shown.count("|source>") == 3
