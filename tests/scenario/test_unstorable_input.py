"""Text and dates no database can hold the same way are refused clearly at every entry,
the same on SQLite and Postgres, and nothing is half-stored."""

from __future__ import annotations

from datetime import date

import pytest

from bot.services.container import Services
from bot.services.transactions import transaction
from storage import followups as followup_repo
from storage import takeaways as takeaway_repo
from tests.scenario.test_add_modal import open_modal, reply
from tests.support.blocks import visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import submission


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("add Cilium \x00 replaces kube-proxy", "a NUL character"),
        ("add A bell \x07 in the notes", "a control character (U+0007)"),
        ('add ok conf:"Kube\x00Con"', "a NUL character"),
        ("followup Try it \x00 now", "a NUL character"),
        ("ask kube\x00con", "a NUL character"),
    ],
)
def test_control_characters_in_a_command_are_refused(
    slack: SlackDriver, typed: str, why: str
) -> None:
    message = reply(slack, typed)
    assert f"contains {why}" in visible_text(message)
    assert "Something went wrong" not in visible_text(message)
    assert "No takeaways yet" in visible_text(reply(slack, "list")), "nothing was stored"
    assert "no open follow-ups" in visible_text(reply(slack, "followups")).lower()


def test_tabs_and_line_breaks_are_fine(slack: SlackDriver) -> None:
    assert "Saved takeaway #1" in reply(slack, "add Tabs\tand\nlines are fine")["text"]


def test_a_lone_surrogate_or_nul_in_the_modal_is_a_field_error(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    _, view = open_modal(slack, fake_slack)
    answer = slack.interact(
        submission(view, {"text": "broken \ud800 text", "talk": "a\x00b"})
    ).json()
    assert answer["response_action"] == "errors"
    assert "not valid Unicode" in answer["errors"]["text"]
    assert "NUL" in answer["errors"]["talk"]
    assert "No takeaways yet" in visible_text(reply(slack, "list"))


def test_follow_up_dates_have_the_same_bound_everywhere(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    for typed in ("followup Plan the next decade due:+999m", "followup Far due:9999-12-31"):
        assert "too far ahead" in visible_text(reply(slack, typed)), typed
    _, view = open_modal(slack, fake_slack)
    answer = slack.interact(
        submission(view, {"text": "x", "followup_text": "y", "followup_due": "9999-12-31"})
    ).json()
    assert "within 10 years" in answer["errors"]["followup_due"]


def test_snoozing_a_follow_up_due_at_the_end_of_time_is_refused_not_a_crash(
    slack: SlackDriver, services: Services
) -> None:
    # A row an older release let in through the modal.
    with transaction(services.sessions) as session:
        takeaway_repo.ensure_workspace(
            session=session, team_id="T1", enterprise_id=None, now=services.clock()
        )
        followup_repo.add_followup(
            session=session,
            team_id="T1",
            text="Forever",
            owner="U1",
            owner_name="alice",
            creator="U1",
            due=date(9999, 12, 31),
            takeaway=None,
            now=services.clock(),
        )
    for word in ("1w", "3d", "1m"):
        message = reply(slack, f"snooze 1 {word}")
        assert "too far ahead" in visible_text(message), word
        assert "Something went wrong" not in visible_text(message)
