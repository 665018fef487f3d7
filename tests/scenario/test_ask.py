"""/takeaway ask over signed HTTP: questions, acronyms, filters, suggestions, escaping."""

from __future__ import annotations

from typing import Any

from tests.support.blocks import assert_no_pings, assert_valid_message, read_text, visible_text
from tests.support.slack_driver import SlackDriver


def reply(slack: SlackDriver, text: str, **kwargs: Any) -> dict[str, Any]:
    message = slack.command_reply(text, **kwargs)
    assert_valid_message(message)
    assert_no_pings(message)
    return message


def seed(slack: SlackDriver) -> None:
    reply(
        slack, 'add Karpenter consolidates nodes by price #karpenter #finops conf:"KubeCon EU 2024"'
    )
    reply(
        slack,
        "add We right-size requests with the vertical pod autoscaler #autoscaling",
        user="U2",
        user_name="bob",
    )
    reply(
        slack,
        "add Spot instances need a PDB on every service <!channel> #finops",
        user="U2",
        user_name="bob",
    )
    reply(slack, "add Instances on the spot market got reclaimed weekly")


def test_acronyms_questions_and_phrases(slack: SlackDriver) -> None:
    seed(slack)
    answer = reply(slack, "ask VPA")
    shown = read_text(answer)
    assert "1 best match" in shown and "vertical pod autoscaler" in shown
    # The notification's text (what a phone shows) counts in English too.
    assert answer["text"] == "1 takeaway for VPA"
    shown = read_text(reply(slack, "ask what did we learn about karpneter?"))
    assert "Karpenter consolidates" in shown
    shown = read_text(reply(slack, "ask spot instances"))
    assert shown.index("Spot instances need a PDB") < shown.index("spot market got reclaimed")
    assert "@channel" in shown, "user text is shown escaped, never as a ping"


def test_filters_in_the_question(slack: SlackDriver) -> None:
    seed(slack)
    shown = read_text(reply(slack, "ask spot #finops"))
    assert "Spot instances need a PDB" in shown and "reclaimed weekly" not in shown
    shown = read_text(reply(slack, "ask spot by:<@U1|alice>"))
    assert "reclaimed weekly" in shown and "Spot instances need a PDB" not in shown
    shown = read_text(reply(slack, 'ask nodes conf:"kubecon eu 2024"'))
    assert "Karpenter consolidates" in shown
    shown = visible_text(reply(slack, "ask karpenter #autoscaling"))
    assert "Nothing found for *karpenter*" in shown


def test_nothing_found_suggests_tags_and_words(slack: SlackDriver) -> None:
    seed(slack)
    message = reply(slack, "ask karpentirrrr")
    shown = visible_text(message)
    assert "Nothing found for *karpentirrrr*" in shown
    assert "Did you mean `#karpenter`" in shown
