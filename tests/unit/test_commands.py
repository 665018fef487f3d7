"""The /takeaway grammar, as Slack sends it."""

from __future__ import annotations

import pytest

from bot.commands import (
    Add,
    Ask,
    Delete,
    Edit,
    Filters,
    Help,
    ListTakeaways,
    Show,
    parse,
)
from bot.errors import InvalidInput


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


def test_subcommands_are_case_insensitive() -> None:
    assert isinstance(parse("ADD Something"), Add)
