"""The add modal's optional follow-up, stored by the follow-up service in the same
transaction as the takeaway. Also: a failed save hands the text back."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.config import Settings
from bot.errors import InvalidInput
from bot.services.container import Services, build_services
from bot.services.transactions import transaction
from bot.slack.app import build_app, make_web_client
from bot.slack.background import BackgroundWork
from storage import followups as followup_repo
from storage.db import make_engine
from storage.models import Followup
from tests.conftest import SIGNING_SECRET, stop_app
from tests.support.blocks import assert_no_pings, assert_valid_message, visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver
from tests.support.views import assert_valid_view, input_blocks, opened_view, submission


def stored_followups(services: Services) -> list[Followup]:
    with transaction(services.sessions) as session:
        return followup_repo.list_followups(
            session=session, team_id="T1", statuses=("open", "done", "dropped")
        )


def open_modal(slack: SlackDriver, fake: FakeSlack) -> tuple[str, dict[str, Any]]:
    before = len(fake.calls_to("views.open"))
    _, key = slack.command("add")
    fake.wait_for("views.open", before + 1)
    _, view = opened_view(fake)
    assert_valid_view(view)
    return key, view


def test_follow_up_fields_reach_the_follow_up_service(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    key, view = open_modal(slack, fake_slack)
    fields = input_blocks(view)
    assert fields["followup_owner"]["element"]["type"] == "users_select"
    assert fields["followup_due"]["element"]["type"] == "datepicker"
    assert all(fields[f]["optional"] for f in ("followup_text", "followup_owner", "followup_due"))

    slack.interact(
        submission(
            view,
            {
                "text": "Karpenter consolidation saves money",
                "followup_text": "Try consolidation on staging",
                "followup_owner": "U2",
                "followup_due": "2026-12-01",
            },
        )
    )
    saved = fake_slack.wait_for_response(key)
    assert_valid_message(saved)
    shown = visible_text(saved)
    assert "Saved as takeaway *#1*" in shown
    assert "Follow-up for <@U2>, due 2026-12-01: Try consolidation on staging" in shown
    (followup,) = stored_followups(services)
    assert (followup.creator, followup.takeaway_id) == ("U1", 1)
    assert (followup.text, followup.owner, followup.owner_name, followup.due) == (
        "Try consolidation on staging",
        "U2",
        "bob",
        date(2026, 12, 1),
    )
    listed = visible_text(slack.command_reply("followups all"))
    assert "Try consolidation on staging" in listed and "owner bob" in listed


def test_follow_up_without_text_or_in_the_past_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    _, view = open_modal(slack, fake_slack)
    # The test clock says 2026-11-23.
    errors = slack.interact(
        submission(view, {"text": "ok", "followup_owner": "U2", "followup_due": "2026-11-01"})
    ).json()["errors"]
    assert set(errors) == {"followup_text", "followup_due"}
    assert "Say what the follow-up is" in errors["followup_text"]
    assert "in the past" in errors["followup_due"]
    # No follow-up at all is fine; so is one with only a text (the owner is the author).
    slack.interact(submission(view, {"text": "No follow-up"}))
    fake_slack.wait_for("response_url")
    assert stored_followups(services) == []


def test_a_follow_up_that_cannot_be_stored_undoes_its_takeaway(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fault injection: the follow-up fails after its takeaway was written in the same
    # transaction; neither may remain.
    def refuse(*args: object, **kwargs: object) -> None:
        raise InvalidInput("Follow-ups need an owner in this workspace.")

    monkeypatch.setattr(services.followups, "create", refuse)
    key, view = open_modal(slack, fake_slack)
    text = "Half-saved? <!channel> never"
    slack.interact(submission(view, {"text": text, "followup_text": "Do it"}))
    problem = fake_slack.wait_for_response(key)
    assert_valid_message(problem)
    assert_no_pings(problem)
    shown = visible_text(problem)
    assert "Follow-ups need an owner" in shown
    assert "Here is what you wrote, so nothing is lost" in shown
    assert "Half-saved? &lt;!channel&gt; never" in shown
    listed = slack.command_reply("list")
    assert "No takeaways yet" in visible_text(listed), "no half-stored data"
    assert stored_followups(services) == []


def test_database_down_still_opens_the_form_and_hands_the_text_back(
    db_url: str, settings: Settings, fake_slack: FakeSlack
) -> None:
    bad = (
        "sqlite:////nonexistent-dir/takeaways.db"
        if db_url.startswith("sqlite")
        else "postgresql://postgres@127.0.0.1:1/none"
    )
    engine = make_engine(bad)
    services = build_services(engine)
    work = BackgroundWork(settings.server.work_threads)
    app = build_app(settings, services, client=make_web_client(settings), work=work)
    slack = SlackDriver.in_process(app, SIGNING_SECRET, fake_slack)
    try:
        _, key = slack.command("add")
        fake_slack.wait_for("views.open")
        _, view = opened_view(fake_slack)
        assert "initial_value" not in input_blocks(view)["conference"]["element"]
        slack.interact(submission(view, {"text": "Cilium replaces kube-proxy"}))
        problem = fake_slack.wait_for_response(key)
        assert_valid_message(problem)
        shown = visible_text(problem)
        assert "database is not answering" in shown and "nothing was saved" in shown
        assert "```Cilium replaces kube-proxy```" in shown
    finally:
        slack.close()
        stop_app(app, work)
        engine.dispose()
