"""/takeaway export over signed Slack requests: a Markdown file lands in the user's DM."""

from __future__ import annotations

from tests.support.blocks import visible_text
from tests.support.fake_slack import FakeSlack
from tests.support.slack_driver import SlackDriver


def test_export_sends_a_markdown_file_in_a_dm(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply(
        'add Karpenter consolidates nodes by price #karpenter conf:"KubeCon EU 2024" '
        'talk:"Karpenter deep dive"'
    )
    slack.command_reply("add Watch out: &lt;!channel&gt; *bold* [x](y) #oops")
    slack.command_reply("followup Trial Karpenter in QA for:1")
    slack.command_reply("add Workspace two's secret", team="T2")

    reply = visible_text(slack.command_reply("export"))
    assert reply == "I sent you the export (2 takeaways) in our DM."
    (opened,) = fake_slack.calls_to("conversations.open")
    assert opened.params["users"] == "U1"
    (asked,) = fake_slack.calls_to("files.getUploadURLExternal")
    assert asked.params["filename"] == "takeaways-T1-2026-11-23.md"
    (completed,) = fake_slack.calls_to("files.completeUploadExternal")
    assert completed.params["channel_id"] == "DU1"
    assert "2 takeaways" in completed.params["initial_comment"]
    (content,) = fake_slack.uploads.values()
    md = content.decode("utf-8")
    assert md.index("## KubeCon EU 2024") < md.index("### Karpenter deep dive")
    assert "  - [ ] Trial Karpenter in QA — alice" in md
    assert "secret" not in md, "another workspace's takeaways never leave it"
    assert "Watch out: \\<!channel\\> \\*bold\\* \\[x\\](y)" in md


def test_export_of_an_empty_workspace_says_so(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    reply = visible_text(slack.command_reply("export"))
    assert "Nothing to export yet" in reply
    assert fake_slack.calls_to("files.getUploadURLExternal") == []


def test_missing_files_scope_is_explained(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    slack.command_reply("add Flux reconciles every minute #flux")
    fake_slack.fail("files.getUploadURLExternal", "missing_scope")
    reply = visible_text(slack.command_reply("export"))
    assert "lacks Slack's `files:write` permission" in reply
    assert "reinstall" in reply


def test_export_takes_no_arguments(slack: SlackDriver) -> None:
    reply = visible_text(slack.command_reply("export csv"))
    assert "`export` takes nothing more." in reply
    assert "/takeaway export" in reply
