"""Property-based: any text typed after /takeaway gets a reply within Slack's limits,
never an exception, and never a mention that notifies anyone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import InvalidInput
from bot.grammar import Add, Edit, parse
from bot.mrkdwn import decode
from bot.results import Answer, Listing, Shown
from bot.search.live import Hit
from bot.services.digest import DigestContent, OwnerGroup
from bot.services.reminders import ReminderBatch
from bot.slack.blocks import render_result
from bot.slack.blocks.digest import digest
from bot.slack.blocks.errors import error_message
from bot.slack.blocks.followups import reminder
from storage.models import Followup, Takeaway, TakeawayTag
from tests.support.blocks import assert_no_pings, assert_valid_message

# Text that looks like what Slack sends: words, entities, control sequences, quotes, tags.
SLACK_BITS = st.sampled_from(
    [
        "add",
        "ask",
        "list",
        "edit",
        "delete",
        "followup",
        "digest",
        "here",
        "mine",
        "1",
        "42",
        "#karpenter",
        "#",
        "conf:",
        'conf:"KubeCon EU',
        '"',
        "\u201c",
        "\u201d",
        "talk:x",
        "due:friday",
        "for:3",
        "by:",
        "<@U123|bob>",
        "<!channel>",
        "<!here>",
        "&amp;",
        "&lt;",
        "&gt;",
        "<https://x.io|x>",
        "<#C1|general>",
        "<!subteam^S1|@sre>",
        "cron",
        "tz",
        "\n",
        " ",
        "*",
        "_",
        "`",
        "~",
        ">",
        "<",
        "&",
        "|",
        "\u200b",
        "é",
        "🚀",
    ]
)
SLACK_TEXT = st.lists(st.one_of(SLACK_BITS, st.text(max_size=12)), max_size=40).map(" ".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(SLACK_TEXT)
def test_any_command_text_parses_or_is_explained(raw: str) -> None:
    try:
        command = parse(raw)
    except InvalidInput as error:
        message = error_message(error)
        assert_valid_message(message)
        assert_no_pings(message)
        return
    if isinstance(command, Add) and command.draft is not None:
        assert 0 < len(command.draft.text) <= 3000
    if isinstance(command, Edit):
        assert len(command.draft.text) <= 3000


def _takeaway(text: str, conference: str, talk: str, name: str, tags: list[str]) -> Takeaway:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    t = Takeaway(
        id=7,
        team_id="T1",
        text=text,
        conference=conference or None,
        talk=talk or None,
        links=["https://x.io/" + name[:20]],
        author="U1",
        author_name=name,
        created_at=now,
        updated_at=now,
    )
    t.tag_rows = [TakeawayTag(tag=tag[:64], team_id="T1") for tag in tags]
    return t


# Stored text is decoded: a control sequence typed as &lt;!channel&gt; is kept literally.
ANY_TEXT = st.one_of(st.text(min_size=1, max_size=3000), SLACK_TEXT.map(decode))
SHORT = st.one_of(st.text(max_size=300), SLACK_TEXT.map(decode).map(lambda s: s[:300]))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(ANY_TEXT, SHORT, SHORT, SHORT, st.lists(SHORT, max_size=20))
def test_any_stored_takeaway_renders_within_limits(
    text: str, conference: str, talk: str, name: str, tags: list[str]
) -> None:
    t = _takeaway(text or "x", conference, talk, name, tags)
    for message in (
        render_result(Shown(t)),
        render_result(Listing(takeaways=[t] * 10, total=99, filters=parse("list").filters)),  # type: ignore[union-attr]
        render_result(Answer(query=talk, filters=parse("list").filters, hits=[Hit(t, 50.0)] * 5)),  # type: ignore[union-attr]
    ):
        assert_valid_message(message)
        assert_no_pings(message)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(SHORT.filter(bool), SHORT), min_size=1, max_size=150), SHORT)
def test_any_digest_and_reminder_render_within_limits(
    rows: list[tuple[str, str]], conference: str
) -> None:
    today = date(2026, 11, 23)
    now = datetime(2026, 11, 23, tzinfo=UTC)
    followups = [
        Followup(
            id=i,
            team_id="T1",
            text=text,
            owner=f"U{i % 7}",
            owner_name=name,
            creator="U1",
            due=date(2026, 11, 1 + i % 28),
            status="open",
            created_at=now,
            updated_at=now,
        )
        for i, (text, name) in enumerate(rows)
    ]
    first = _takeaway(rows[0][0], conference, "", rows[0][1], [])
    for i, f in enumerate(followups):
        f.takeaway = first if i % 2 else None  # "from takeaway #..." under every other one
    groups = [
        OwnerGroup(
            owner=f"U{k}",
            owner_name=f"<!channel>{k}",
            items=[f for f in followups if f.owner == f"U{k}"],
            overdue=1,
        )
        for k in range(7)
        if any(f.owner == f"U{k}" for f in followups)
    ]
    takeaways = [_takeaway(text, conference, "", name, []) for text, name in rows]
    content = DigestContent(
        team_id="T1",
        window_start=now,
        window_end=now,
        today=today,
        new_by_conference=[(conference or "Other", takeaways)],
        new_total=len(takeaways),
        imported=[(conference or "Other", 42)],
        open_by_owner=groups,
        open_total=len(followups),
        overdue_total=len(groups),
        mention_owners=False,
    )
    for message in (
        digest(content),
        reminder(ReminderBatch("T1", "U1", today, followups)),
    ):
        assert_valid_message(message)
        assert_no_pings(message)


def test_a_brief_s_conference_name_never_pings_in_the_dm_or_its_notification() -> None:
    from bot.services.briefs import Brief
    from bot.services.reports import ConferenceLine
    from bot.slack.blocks.mentions import mention_help
    from bot.slack.blocks.reports import recent_conferences_section

    brief = Brief("T1", "U1", "<!channel> Con 2025", None, [])
    sent = reminder(ReminderBatch("T1", "U1", date(2025, 3, 1), [], briefs=(brief,)))
    assert "<!channel>" not in sent["text"], "the notification text is escaped too"
    assert_no_pings(sent)
    panel = recent_conferences_section([ConferenceLine("KubeCon EU 2025", 3, 1, 0, 0)])
    for blocks in (mention_help(in_dm=True)["blocks"], panel):
        text = str(blocks)
        assert "<what" not in text and "<topic" not in text and '"<conference' not in text
