"""Pure parsing for the Slack surfaces: `conf` commands, mention questions, the modal form."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import InvalidInput
from bot.grammar import ConfClear, ConfSet, ConfShow, parse
from bot.slack.forms import FormErrors, read_takeaway_form
from bot.slack.questions import parse_question, should_answer

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('conf set "KubeCon EU 2024"', ConfSet("KubeCon EU 2024")),
        ("conf set KubeCon   EU 2024", ConfSet("KubeCon EU 2024")),
        ("conference set \u201cSREcon\u201d", ConfSet("SREcon")),
        ("conf set Tom &amp; Jerry", ConfSet("Tom & Jerry")),
        ("conf", ConfShow()),
        ("conf show", ConfShow()),
        ("conf clear", ConfClear()),
        ("CONF UNSET", ConfClear()),
    ],
)
def test_conf_commands(text: str, expected: object) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("conf set", "Which conference?"),
        ('conf set ""', "Which conference?"),
        ('conf set "KubeCon', "never closes"),
        ("conf set " + "x" * 201, "at most 200"),
        ("conf show everything", "I don't understand"),
        ("conf KubeCon", "I don't understand"),
    ],
)
def test_bad_conf_commands(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse(text)


@pytest.mark.parametrize(
    ("raw", "text", "tags"),
    [
        ("<@UBOT> what did we learn about karpenter?", "what did we learn about karpenter?", ()),
        ("<@UBOT|takeaways> ask karpenter #finops", "karpenter", ("finops",)),
        ("karpenter <@UBOT>", "karpenter", ()),
        ("search cilium", "cilium", ()),
    ],
)
def test_questions_lose_the_bot_mention(raw: str, text: str, tags: tuple[str, ...]) -> None:
    question = parse_question(raw, bot_user_id="UBOT")
    assert question is not None
    assert (question.text, question.filters.tags) == (text, tags)


@pytest.mark.parametrize("raw", ["<@UBOT>", "  ", "<@UBOT> help", "ask", "<@UBOT> ask"])
def test_empty_questions_ask_for_help(raw: str) -> None:
    assert parse_question(raw, bot_user_id="UBOT") is None


def test_someone_elses_mention_stays_in_the_question() -> None:
    question = parse_question("<@UBOT> karpenter by:<@U2|bob>", bot_user_id="UBOT")
    assert question is not None and question.filters.author == "U2"


@pytest.mark.parametrize(
    ("event", "answer"),
    [
        ({"user": "U1", "text": "hi"}, True),
        ({"user": "U1", "text": "hi", "subtype": "message_changed"}, False),
        ({"user": "U1", "text": "hi", "subtype": "thread_broadcast"}, False),
        ({"user": "U9", "bot_id": "B9", "text": "hi"}, False),
        ({"user": "UBOT", "text": "hi"}, False),
        ({"user": "USLACKBOT", "text": "hi"}, False),
        ({"text": "no user"}, False),
    ],
)
def test_only_people_are_answered(event: dict[str, Any], answer: bool) -> None:
    assert should_answer(event, bot_user_id="UBOT") is answer


def form(**fields: Any) -> dict[str, Any]:
    kinds = {"followup_owner": "selected_user", "source_author": "selected_user"}
    kinds["followup_due"] = "selected_date"
    return {k: {"value": {kinds.get(k, "value"): v}} for k, v in fields.items()}


def test_form_fields_become_a_draft() -> None:
    result = read_takeaway_form(
        form(
            text="Cilium   replaces kube-proxy\nsee https://cilium.io/blog).",
            conference="  KubeCon   EU 2024 ",
            talk="eBPF all the things",
            tags="#Cilium, ebpf;ebpf  NET.",
            link="https://youtu.be/x",
            source_author="U2",
        ),
        today=TODAY,
    )
    draft = result.draft
    assert draft.text == "Cilium replaces kube-proxy\nsee https://cilium.io/blog)."
    assert draft.conference == "KubeCon EU 2024"
    assert draft.tags == ("cilium", "ebpf", "net")
    assert draft.links == ("https://youtu.be/x", "https://cilium.io/blog")
    assert result.source_author == "U2"
    assert result.followup is None


def test_empty_optional_fields_are_none() -> None:
    result = read_takeaway_form(form(text="x", conference=None, tags=""), today=TODAY)
    assert (result.draft.conference, result.draft.talk, result.draft.tags) == (None, None, None)
    assert result.followup is None


def test_all_problems_are_reported_together() -> None:
    with pytest.raises(FormErrors) as caught:
        read_takeaway_form(
            form(
                text="",
                conference="c" * 201,
                talk="t" * 301,
                tags=" ".join(f"t{i}" for i in range(21)),
                link="javascript:alert(1)",
                followup_text="f" * 1001,
                followup_due="2026-01-01",
            ),
            today=TODAY,
        )
    assert set(caught.value.errors) == {
        "text",
        "conference",
        "talk",
        "tags",
        "link",
        "followup_text",
        "followup_due",
    }


def test_a_follow_up_without_its_text_is_refused_not_dropped() -> None:
    with pytest.raises(FormErrors) as caught:
        read_takeaway_form(form(text="x", followup_due="2026-12-01"), today=TODAY)
    assert set(caught.value.errors) == {"followup_text"}


def test_a_due_date_of_yesterday_is_allowed_for_time_zones() -> None:
    result = read_takeaway_form(
        form(text="x", followup_text="do it", followup_due="2026-11-22"),
        today=TODAY,
    )
    assert result.followup is not None and result.followup.due == date(2026, 11, 22)
    assert result.followup.owner is None


@given(st.text(max_size=400))
def test_any_typed_text_is_either_saved_or_refused_clearly(text: str) -> None:
    try:
        result = read_takeaway_form(form(text=text, tags=text[:60]), today=TODAY)
    except FormErrors as errors:
        assert errors.errors and all(errors.errors.values())
    else:
        assert result.draft.text.strip() and len(result.draft.text) <= 3000
