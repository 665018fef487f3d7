"""The /takeaway grammar, as Slack sends it."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.grammar import (
    Add,
    AddFollowup,
    Ask,
    CloseFollowup,
    ConfigureDigest,
    Delete,
    Edit,
    Export,
    Filters,
    Help,
    ListFollowups,
    ListTakeaways,
    SetReminders,
    Show,
    SnoozeFollowup,
    parse,
)


def test_add_splits_text_tags_conference_talk() -> None:
    cmd = parse(
        "add Karpenter consolidates nodes by price, zone and instance type #karpenter #finops "
        'conf:"KubeCon EU 2024" talk:"Karpenter deep dive"'
    )
    assert isinstance(cmd, Add) and cmd.draft is not None
    assert cmd.draft.text == "Karpenter consolidates nodes by price, zone and instance type"
    assert cmd.draft.tags == ("karpenter", "finops")
    assert cmd.draft.conference == "KubeCon EU 2024"
    assert cmd.draft.talk == "Karpenter deep dive"


def test_bare_and_smart_quoted_values() -> None:
    cmd = parse("add Note conf:SREcon talk:\u201cChaos at scale\u201d")
    assert isinstance(cmd, Add) and cmd.draft is not None
    assert cmd.draft.conference == "SREcon"
    assert cmd.draft.talk == "Chaos at scale"
    assert cmd.draft.text == "Note"


def test_inline_tags_stay_in_the_sentence() -> None:
    cmd = parse("add Try #crik at the next R&amp;D day #ideas")
    assert isinstance(cmd, Add) and cmd.draft is not None
    assert cmd.draft.text == "Try #crik at the next R&D day"
    assert cmd.draft.tags == ("crik", "ideas")


def test_tags_are_lowercased_deduplicated_and_trimmed() -> None:
    cmd = parse("add Something #K8s, #k8s #GitOps.")
    assert isinstance(cmd, Add) and cmd.draft is not None
    assert cmd.draft.tags == ("k8s", "gitops")
    assert cmd.draft.text == "Something"


def test_channel_mentions_and_numbers_are_not_tags() -> None:
    cmd = parse("add Discussed in <#C123|kubecon> as the #1 issue")
    assert isinstance(cmd, Add) and cmd.draft is not None
    assert cmd.draft.tags is None
    assert cmd.draft.text == "Discussed in #kubecon as the #1 issue"


def test_links_are_kept_in_text_and_in_links() -> None:
    cmd = parse("add Read <https://karpenter.sh/docs|karpenter.sh/docs> and https://keda.sh.")
    assert isinstance(cmd, Add) and cmd.draft is not None
    assert cmd.draft.links == ("https://karpenter.sh/docs", "https://keda.sh")
    assert cmd.draft.text == "Read https://karpenter.sh/docs and https://keda.sh."


def test_entities_and_mentions_are_decoded() -> None:
    cmd = parse("add a &lt; b &amp;&amp; c &gt; d, ask <@U1|alice> <!here> <!subteam^S1|@sre>")
    assert isinstance(cmd, Add) and cmd.draft is not None
    assert cmd.draft.text == "a < b && c > d, ask @alice @here @sre"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("add", None),  # the modal opens where there is one
        ("add   ", None),
        ("add #only #tags", "needs some text"),
        ("add " + "x" * 3001, "3001 characters; the limit is 3000"),
        ('add x conf:"never closed', "never closes"),
        ("add x conf:a conf:b", "given twice"),
        ("add x " + " ".join(f"#t{i}" for i in range(21)), "at most 20"),
        ("ask", "What should I look for?"),
        ("delete", "takes one id"),
        ("delete 1 2", "takes one id"),
        ("show abc", "not a takeaway id"),
        ("edit 4", "needs the new text"),
        ("edit", "needs an id"),
        ("list everything please", "I don't understand"),
        ("list by:nobody", "needs a person"),
        ("dance", "I don't know the command `dance`"),
        # Echoed as the person typed it (Slack sent &amp;), escaped later, once.
        ("digest R&amp;D", "`digest R&D`?"),
        ("reminders maybe&amp;", "`reminders maybe&`?"),
    ],
)
def test_bad_input(text: str, message: str | None) -> None:
    if message is None:
        assert parse(text) == Add(draft=None)
        return
    with pytest.raises(InvalidInput) as raised:
        parse(text)
    assert message in raised.value.message


def test_exactly_3000_characters_is_fine() -> None:
    cmd = parse("add " + "x" * 3000)
    assert isinstance(cmd, Add) and cmd.draft is not None
    assert len(cmd.draft.text) == 3000


def test_length_counts_what_the_user_typed_not_slack_escapes() -> None:
    cmd = parse("add " + "&amp;" * 3000)
    assert isinstance(cmd, Add) and cmd.draft is not None
    assert cmd.draft.text == "&" * 3000


def test_ask_keeps_the_question_and_pulls_filters() -> None:
    cmd = parse(
        'ask what did we learn about karpenter? #finops conf:"KubeCon EU 2024" by:<@U2|bob>'
    )
    assert cmd == Ask(
        text="what did we learn about karpenter?",
        filters=Filters(tags=("finops",), conference="KubeCon EU 2024", author="U2"),
    )


def test_list_variants() -> None:
    assert parse("list") == ListTakeaways()
    assert parse("list mine") == ListTakeaways(Filters(mine=True))
    assert parse("list #ebpf") == ListTakeaways(Filters(tags=("ebpf",)))
    assert parse('list conf:"KubeCon EU 2024"') == ListTakeaways(
        Filters(conference="KubeCon EU 2024")
    )
    assert parse("list by:me") == ListTakeaways(Filters(mine=True))


def test_ids_edit_delete_show_help() -> None:
    assert parse("delete 42") == Delete(42)
    assert parse("rm #42") == Delete(42)
    assert parse("show 7") == Show(7)
    edit = parse("edit 42 New text #tag")
    assert isinstance(edit, Edit) and edit.takeaway_id == 42
    assert edit.draft.text == "New text" and edit.draft.tags == ("tag",)
    only_conf = parse('edit 42 conf:""')
    assert isinstance(only_conf, Edit) and only_conf.draft.conference == ""
    assert parse("") == Help()
    assert parse("HELP add") == Help(topic="add")


def test_export_takes_no_arguments() -> None:
    assert parse("export") == Export()
    assert parse("EXPORT  ") == Export()
    with pytest.raises(InvalidInput, match="`export` takes nothing more"):
        parse("export csv")


def test_subcommands_are_case_insensitive() -> None:
    assert isinstance(parse("ADD Something"), Add)


def test_followup_owner_due_and_link() -> None:
    cmd = parse("followup Trial Karpenter in the QA cluster <@U123|bob> due:2026-12-15")
    assert cmd == AddFollowup(
        text="Trial Karpenter in the QA cluster", owner="U123", owner_name="bob", due="2026-12-15"
    )
    mine = parse("followup Write up the Crik spike due:friday for:42")
    assert mine == AddFollowup(text="Write up the Crik spike", due="friday", takeaway_id=42)


def test_followup_mention_inside_the_sentence_is_not_the_owner() -> None:
    cmd = parse("followup Ask <@U1|al> about Cilium")
    assert cmd == AddFollowup(text="Ask @al about Cilium")
    explicit = parse("followup Ask <@U1|al> about Cilium owner:<@U2|bob>")
    assert isinstance(explicit, AddFollowup) and explicit.owner == "U2"


def test_followup_listing_and_changes() -> None:
    assert parse("followups") == ListFollowups()
    assert parse("followups all") == ListFollowups(everyone=True)
    assert parse("followups <@U2|bob>") == ListFollowups(owner="U2")
    assert parse("done 7") == CloseFollowup(7, "done")
    assert parse("drop #7") == CloseFollowup(7, "dropped")
    assert parse("snooze 7") == SnoozeFollowup(7, "1w")
    assert parse("snooze 7 2w") == SnoozeFollowup(7, "2w")


def test_digest_and_reminder_settings() -> None:
    assert parse('digest here cron "0 9 * * 1" tz Europe/Brussels') == ConfigureDigest(
        "here", cron="0 9 * * 1", timezone="Europe/Brussels"
    )
    assert parse("digest here cron \u201c30 8 * * 5\u201d") == ConfigureDigest(
        "here", cron="30 8 * * 5"
    )
    assert parse("digest") == ConfigureDigest("show")
    assert parse("digest off") == ConfigureDigest("off")
    assert parse("reminders off") == SetReminders(False)
    assert parse("reminders") == SetReminders(None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("followup", "needs to say what to do"),
        ("followup <@U1|bob> due:friday", "needs to say what to do"),
        ("followup x owner:bob", "is not a person"),
        ("followup x for:abc", "is not a takeaway id"),
        ("followup " + "y" * 1001, "the limit is 1000"),
        ("followups everyone", "is not a person"),
        ("done", "takes one follow-up id"),
        ("done seven", "is not a follow-up id"),
        ("snooze 7 1 week", "takes an id and how long"),
        ("digest somewhere", "`digest somewhere`?"),
        ('digest off cron "0 9 * * 1"', "cron and tz go with `digest here`"),
        ("digest here every monday", "I don't understand"),
        ("reminders maybe", "`reminders maybe`?"),
    ],
)
def test_bad_followup_input(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse(text)
    assert message in raised.value.message
