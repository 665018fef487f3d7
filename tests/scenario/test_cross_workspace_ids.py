"""Ids that come back from Slack inside a payload (button values, the blocks of the message
a button sits in) are re-read within the signed workspace: one from another workspace
changes nothing and shows nothing of it. (Share and Done from a reminder DM are covered in
test_share_answer.py and test_reminders.py.)"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

from bot.grammar import AddFollowup
from bot.services.actor import Actor
from bot.services.container import Services
from bot.services.transactions import transaction
from bot.slack.blocks.followups import ITEM_BLOCK_PREFIX
from bot.slack.clients import SingleWorkspaceClients
from bot.slack.scheduler import reminder_pass
from storage import followups as followup_repo
from tests.support.blocks import visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver

# Tuesday Nov 24 2026, 09:00 in Brussels: the reminder hour of the owners below.
BRUSSELS_NINE = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def add_followup(services: Services, team: str, text: str, owner: str = "U2") -> int:
    with transaction(services.sessions) as s:
        return services.followups.add(
            s,
            Actor(team_id=team, user_id="U1", user_name="alice"),
            AddFollowup(text=text, owner=owner, owner_name="bob", due="2026-11-25"),
        ).ref


def followup(services: Services, team: str, followup_id: int) -> followup_repo.Followup:
    with transaction(services.sessions) as s:
        found = followup_repo.get_followup(session=s, team_id=team, ref=followup_id)
        assert found is not None
        return found


def reminder_dm(services: Services, clients: SingleWorkspaceClients, fake: FakeSlack) -> Any:
    reminder_pass(services, clients, BRUSSELS_NINE, team_id="T1")
    (dm,) = [c.params for c in fake.calls_to("chat.postMessage") if c.params["channel"] == "DU2"]
    return dm


def test_snooze_from_another_workspace_is_refused(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    fid = add_followup(services, "T1", "Trial Karpenter in QA")
    due = followup(services, "T1", fid).due
    dm = reminder_dm(services, clients, fake_slack)
    _, key = slack.click(dm, "followup_snooze", str(fid), user="U2", channel="DU2", team="T2")
    assert f"There is no follow-up #{fid}" in visible_text(fake_slack.wait_for_response(key))
    assert followup(services, "T1", fid).due == due
    assert fake_slack.calls_to("chat.update") == []


def test_done_from_another_workspaces_home_tab_changes_nothing(
    slack: SlackDriver, services: Services, fake_slack: FakeSlack
) -> None:
    fid = add_followup(services, "T1", "Trial Karpenter in QA", owner="U1")
    # A Home-tab button (no response_url) naming T1's follow-up, clicked in T2.
    payload = {
        "type": "block_actions",
        "team": {"id": "T2", "domain": "globex"},
        "user": {"id": "U1", "username": "alice", "team_id": "T2"},
        "api_app_id": "A1",
        "token": "legacy",
        "container": {"type": "view", "view_id": "VHOME"},
        "view": {"id": "VHOME", "type": "home", "team_id": "T2", "blocks": []},
        "trigger_id": "trigger-home",
        "actions": [
            {
                "action_id": "followup_done",
                "block_id": "home-followup",
                "value": str(fid),
                "type": "button",
                "action_ts": "1700000002.000200",
            }
        ],
    }
    assert slack.interact(payload).status_code == 200
    # Give the background work time to run, then check it touched nothing of T1's.
    slack.command_reply("list", team="T2")
    assert followup(services, "T1", fid).status == followup_repo.OPEN
    published = json.dumps([c.params for c in fake_slack.calls_to("views.publish")])
    assert "Trial Karpenter" not in published


def test_a_reminder_refresh_never_shows_another_workspaces_followups(
    slack: SlackDriver, services: Services, clients: SingleWorkspaceClients, fake_slack: FakeSlack
) -> None:
    mine = add_followup(services, "T1", "Trial Karpenter in QA")
    add_followup(services, "T2", "Globex hiring plan")
    theirs = add_followup(services, "T2", "Globex acquisition plan")
    assert (mine, theirs) == (1, 2), "numbered per workspace"
    dm = reminder_dm(services, clients, fake_slack)
    # The message the click arrives with lists T2's follow-up too (a forged block id).
    forged = copy.deepcopy(dm)
    item = next(b for b in forged["blocks"] if str(b.get("block_id", "")).startswith("followup:"))
    forged["blocks"].append({**copy.deepcopy(item), "block_id": f"{ITEM_BLOCK_PREFIX}{theirs}"})

    slack.click(forged, "followup_done", str(mine), user="U2", channel="DU2", team="T1")
    (update,) = fake_slack.wait_for("chat.update")
    shown = visible_text(update.params)
    assert "~Trial Karpenter in QA~" in shown
    assert "Globex" not in shown
    assert followup(services, "T2", theirs).status == followup_repo.OPEN
