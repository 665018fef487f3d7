"""Splitting conference notes files into takeaway-sized notes for `takeaways import`."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.grammar import CONFERENCE_LIMIT, MAX_LINKS, MAX_TAGS, TAG_LIMIT, TALK_LIMIT
from bot.search.glossary import Glossary, load_glossary
from bot.transfer import debris
from bot.transfer import notes as notes_module
from bot.transfer.notes import MIN_NOTE_CHARS, NOTE_LIMIT, Note, split_notes

DATA = Path(__file__).resolve().parent.parent / "data" / "notes"
FILES = ["kubecon-eu-2024.md", "sre-meetup.txt", "platform-day.md"]
TAG_RE = re.compile(r"[^\W\d_][\w.+-]*")
KUBECON = "KubeCon EU 2024"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def notes_of(name: str, glossary: Glossary) -> list[Note]:
    return split_notes(read(name), glossary=glossary, markdown=name.endswith(".md"))


# The day the notes are read, fixed: a day said with its weekday only is dated by it.
TODAY = date(2026, 12, 2)


def md(source: str, glossary: Glossary) -> list[Note]:
    return split_notes(source, glossary=glossary, today=TODAY)


def txt(source: str, glossary: Glossary, name: str = "notes.txt") -> list[Note]:
    """The notes of a plain-text file (a pasted page, raw notes, a chat)."""
    return split_notes(source, glossary=glossary, markdown=False, name=name, today=TODAY)


def assert_dropped(texts: list[str], *fragments: str) -> None:
    """No note holds any of `fragments` (chrome, markup, headers)."""
    for fragment in fragments:
        assert not any(fragment in t for t in texts), fragment


def only(notes: list[Note], fragment: str) -> Note:
    found = [n for n in notes if fragment in n.text]
    assert len(found) == 1, (fragment, [n.text for n in notes])
    return found[0]


def assert_well_formed(notes: list[Note]) -> None:
    for note in notes:
        assert 1 <= len(note.text) <= NOTE_LIMIT, note
        assert note.text == " ".join(note.text.split()), note
        assert note.line >= 1
        assert note.talk is None or 1 <= len(note.talk) <= TALK_LIMIT
        assert note.conference is None or 1 <= len(note.conference) <= CONFERENCE_LIMIT
        assert len(note.tags) <= MAX_TAGS and len(set(note.tags)) == len(note.tags)
        for tag in note.tags:
            assert TAG_RE.fullmatch(tag) and len(tag) <= TAG_LIMIT and tag == tag.lower(), tag
        assert len(note.links) <= MAX_LINKS and len(set(note.links)) == len(note.links)


# --- the example files ------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_every_note_is_takeaway_sized_and_in_source_order(name: str, glossary: Glossary) -> None:
    notes = notes_of(name, glossary)
    assert len(notes) >= 8
    assert_well_formed(notes)
    for note in notes:
        assert len(note.text) >= MIN_NOTE_CHARS and len(note.text.split()) >= 4, note.text
        for residue in ("**", "](", "```", "~~~", "<!--", "| ", "---", "==="):
            assert residue not in note.text, (residue, note.text)
    assert [n.line for n in notes] == sorted(n.line for n in notes)


def test_blog_post_talks_conference_and_merged_bullets(glossary: Glossary) -> None:
    notes = notes_of("kubecon-eu-2024.md", glossary)
    assert {n.conference for n in notes} == {KUBECON}
    assert [n.talk for n in notes] == [
        None,  # the intro sits under the conference title, which is context
        "Karpenter deep dive",  # "Talk:" label and "(Jane Doe, AWS)" are not the title
        "Karpenter deep dive",
        "Scaling event-driven workloads with KEDA",
        "Scaling event-driven workloads with KEDA",
        "Scaling event-driven workloads with KEDA",
        "Right-sizing with the Vertical Pod Autoscaler",
        None,  # ## Conclusion
    ]
    merged = notes[2]
    assert merged.text == (
        "What Karpenter gives us over node groups: consolidation by price; "
        "spot interruption handling; drift detection; NodePool limits per team"
    )
    assert merged.line == 12
    # "Slides: <url>" is too short to keep; its link joins the note before it.
    assert merged.links == ("https://example.com/slides/karpenter-deep-dive.pdf",)
    assert "karpenter" in merged.tags


def test_blog_post_drops_code_tables_comments_and_trivia(glossary: Glossary) -> None:
    text = " ".join(n.text for n in notes_of("kubecon-eu-2024.md", glossary))
    for absent in ("apiVersion", "v1beta1", "Workload", "checkout", "add photos", "Slides:"):
        assert absent not in text
    for absent in ("Great talk", "TODO", "See you at KubeCon NA"):
        assert absent not in text


def test_blog_post_links_and_glossary_tags(glossary: Glossary) -> None:
    notes = notes_of("kubecon-eu-2024.md", glossary)
    keda = only(notes, "Kafka scaler")
    assert keda.text.endswith("read the KEDA scalers list before writing a custom one.")
    assert "lagThreshold" in keda.text  # inline code keeps its text, loses its backticks
    assert keda.links == ("https://keda.sh/docs/scalers/",)
    assert {"keda", "kafka"} <= set(keda.tags)
    vpa = only(notes, "recommendation mode")
    assert vpa.tags[0] == "vpa"
    assert vpa.line == 41
    intro = notes[0]
    assert intro.text.startswith("Four of us from the platform team spent three days in Paris.")
    assert "<!--" not in intro.text and intro.line == 3
    conclusion = notes[-1]
    assert conclusion.talk is None
    assert {"vpa", "karpenter", "keda", "autoscaling"} <= set(conclusion.tags)


def test_plain_text_underlined_headings_and_bullets(glossary: Glossary) -> None:
    notes = notes_of("sre-meetup.txt", glossary)
    assert {n.conference for n in notes} == {"SREcon Americas 2023"}
    assert notes[0].talk is None
    assert "sre-team" in notes[0].tags  # an explicit #tag stays in the text and is a tag
    track = only(notes, "Things they track")
    assert track.text == (
        "Things they track per incident: time to detect; time to mitigate; "
        "customer minutes lost; whether a runbook existed"
    )
    assert (track.talk, track.line) == ("Incident review without blame", 15)
    # A bullet that is a full sentence stands alone.
    assert only(notes, "Reviews happen").text == (
        "Reviews happen within five working days, while people still remember what they saw."
    )
    nested = only(notes, "Error budget policy")
    assert nested.text == (
        "Error budget policy: freeze risky rollouts when the budget is spent; "
        "review the policy every quarter"
    )
    assert nested.talk == "SLOs for platform teams"
    burn = only(notes, "burn rate")
    assert burn.links == ("https://example.com/srecon23/slo-platform.pdf",)
    assert "prometheus" in only(notes, "blackbox probes").tags
    assert only(notes, "game day").talk == "Chaos days"
    # Plain text has no indented code blocks: an indented paragraph is still a note.
    assert only(notes, "indented block").talk == "SLOs for platform teams"
    assert all(n.text != "ok" for n in notes)


def test_front_matter_nested_bullets_and_long_paragraph(glossary: Glossary) -> None:
    notes = notes_of("platform-day.md", glossary)
    conference = "Platform Engineering Day EU 2024"  # one display form per event
    assert {n.conference for n in notes} == {conference}
    for note in notes:
        # A front-matter tag goes to the notes that name it ("the platform team" is
        # platform engineering); one that no note names (DevEx) is the whole file's.
        assert "devex" in note.tags
        names_it = any(w in note.text.lower() for w in ("platform team", "platform eng"))
        assert ("platform-engineering" in note.tags) == names_it, note.text
        assert "Priya" not in note.text and "author" not in note.text
    assert any("platform-engineering" not in n.tags for n in notes)

    long_paragraph = [n for n in notes if n.talk == "Building golden paths with Backstage"][:3]
    assert [n.line for n in long_paragraph] == [12, 17, 24]
    assert all(n.text.endswith(".") for n in long_paragraph)  # whole sentences only
    source = read("platform-day.md").split("\n\n")[3]  # front matter, H1, H2, paragraph
    paragraph = " ".join(source.replace("`", "").split())
    assert len(paragraph) > 1200
    # Nothing is lost; a piece that no longer names its subject gets it in front.
    assert " ".join(n.text.removeprefix("Backstage: ") for n in long_paragraph) == paragraph
    assert [n.text.startswith("Backstage: They measured") for n in long_paragraph] == [
        False,
        True,
        False,
    ]

    assert only(notes, "Software catalog").text == (
        "Software catalog: owners are teams, never people; stale entries are flagged after 30 days"
    )
    assert only(notes, "Templates:").text == (
        "Templates: one per language; include OpenTelemetry and Prometheus from day one"
    )
    assert {"opentelemetry", "prometheus"} <= set(only(notes, "Templates:").tags)


def test_literal_text_quotes_and_emoji_are_kept(glossary: Glossary) -> None:
    notes = notes_of("platform-day.md", glossary)
    claim = only(notes, "DROP TABLE")
    for literal in (
        "“DROP TABLE students”",
        "<!channel>",
        "☕",
        "Café-style",
        "résumé",
        "demo\u2019s",
    ):
        assert literal in claim.text
    assert claim.text.endswith("#crossplane #self-service")
    assert {"crossplane", "self-service"} <= set(claim.tags)
    # A link-only bullet is dropped; its link joins the note before it.
    assert claim.links == ("https://docs.crossplane.io/latest/concepts/composition-functions/",)
    quote = only(notes, "Treat your platform API")
    assert not quote.text.startswith(">") and quote.talk == "Crossplane for self-service databases"
    takeaways = [n for n in notes if n.line >= 52]
    assert [n.talk for n in takeaways] == [None, None, None]
    assert takeaways[-1].text == "Keep the platform API small, versioned and boring 😴."


@pytest.mark.parametrize("name", FILES)
def test_crlf_and_bom_give_the_same_notes(name: str, glossary: Glossary) -> None:
    windows = "\ufeff" + read(name).replace("\n", "\r\n")
    markdown = name.endswith(".md")
    assert split_notes(windows, glossary=glossary, markdown=markdown) == notes_of(name, glossary)


@pytest.mark.parametrize("name", FILES)
def test_same_input_same_notes(name: str, glossary: Glossary) -> None:
    assert notes_of(name, glossary) == notes_of(name, glossary)


@pytest.mark.parametrize(
    "source", ["", "   \n\n", "\ufeff", "# KubeCon EU 2024\n\n## Summary\n", "Title\n=====\n"]
)
def test_nothing_to_import(source: str, glossary: Glossary) -> None:
    assert md(source, glossary) == []


# --- headings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "conference"),
    [
        ("KubeCon + CloudNativeCon Europe 2024: what we learned", KUBECON),
        ("Notes from SREcon23 Americas", "SREcon Americas 2023"),
        ("KubeCon NA 2023", "KubeCon NA 2023"),
        ("Our trip to Open Source Summit NA 2024", "Open Source Summit NA 2024"),
        ("What We Learned At Kubernetes Community Days Munich 2024",
         "Kubernetes Community Days Munich 2024"),
        ("DevOpsDays Amsterdam 2023 recap", "DevOpsDays Amsterdam 2023"),
    ],
)  # fmt: skip
def test_a_title_naming_a_conference_is_context(
    title: str, conference: str, glossary: Glossary
) -> None:
    [note] = md(f"# {title}\n\nWe moved our batch jobs to spot instances last year.\n", glossary)
    assert (note.conference, note.talk) == (conference, None)


def test_without_level_two_headings_an_h1_is_the_talk(glossary: Glossary) -> None:
    notes = md(
        "# Karpenter deep dive\n\nConsolidation saved them a third of their compute bill.\n\n"
        "# Gateway API in production\n\nThey migrated every Ingress object in a single weekend.\n",
        glossary,
    )
    assert [(n.talk, n.conference) for n in notes] == [
        ("Karpenter deep dive", None),
        ("Gateway API in production", None),
    ]
    assert "gateway-api" in notes[1].tags  # tagged from the talk title too


def test_headings_generic_nested_and_labelled(glossary: Glossary) -> None:
    source = """# What I learned this spring

Opening remarks about the whole week of talks we went to.

## Session: Scaling with KEDA (Jane Doe)

KEDA scaled the consumers on queue depth, not on CPU usage.

### Key takeaways

Scale on the signal that users actually wait on.

## Summary

Autoscaling needs good requests underneath, whatever the tool.

## Kubernetes Event-driven Autoscaling (KEDA)

The speaker showed the ScaledObject for an SQS queue.
"""
    talks = [n.talk for n in md(source, glossary)]
    assert talks == [
        None,  # an H1 is the document title when there are level-2 headings
        "Scaling with KEDA",
        "Scaling with KEDA",  # a generic subheading keeps the talk it sits in
        None,
        "Kubernetes Event-driven Autoscaling (KEDA)",  # an acronym is not a speaker
    ]


def test_a_talk_heading_can_name_its_conference(glossary: Glossary) -> None:
    source = (
        "## Karpenter at KubeCon EU 2024\n\nThey cut node count by a third with consolidation.\n\n"
        "## Keynotes\n\nThe CNCF now has more graduated projects than ever before.\n"
    )
    first, second = md(source, glossary)
    assert (first.talk, first.conference) == ("Karpenter at KubeCon EU 2024", "KubeCon EU 2024")
    # Nothing else names an event: the talks after it were at that one too.
    assert (second.talk, second.conference) == ("Keynotes", "KubeCon EU 2024")
    # A title that names another event wins for its own notes.
    titled = "# Notes from FOSDEM 2024\n\n" + source
    assert [n.conference for n in md(titled, glossary)] == ["KubeCon EU 2024", "FOSDEM 2024"]


def test_front_matter_talk_and_tag_forms(glossary: Glossary) -> None:
    source = (
        "---\nevent: ArgoCon EU 2024\ntalk: GitOps at scale\ntags:\n  - Argo-CD\n  - '#GitOps'\n"
        "---\nThey run one Argo CD instance per region, not one per cluster.\n"
    )
    [note] = md(source, glossary)
    assert (note.conference, note.talk, note.line) == ("ArgoCon EU 2024", "GitOps at scale", 8)
    assert note.tags[:2] == ("argo-cd", "gitops")


def test_a_leading_rule_over_text_is_not_front_matter(glossary: Glossary) -> None:
    notes = md("---\nWe should try Karpenter on the batch clusters.\n\n---\n", glossary)
    assert [n.text for n in notes] == ["We should try Karpenter on the batch clusters."]


# --- paragraphs, bullets and clean-up ---------------------------------------------


def test_a_sentence_over_the_limit_is_cut_at_words_with_an_ellipsis(glossary: Glossary) -> None:
    words = [f"word{n}" for n in range(300)]
    notes = md(" ".join(words) + ".", glossary)
    assert len(notes) >= 3
    assert all(len(n.text) <= NOTE_LIMIT for n in notes)
    assert notes[0].text.endswith("…") and notes[1].text.startswith("…")
    assert " ".join(n.text.strip("…") for n in notes).split() == [*words[:-1], "word299."]


def test_fragments_past_the_limit_start_a_new_note_with_the_lead_in(glossary: Glossary) -> None:
    items = "".join(f"- tuning knob number {n} for the scheduler\n" for n in range(40))
    notes = md(f"Scheduler settings we changed:\n\n{items}", glossary)
    assert len(notes) >= 3
    for note in notes:
        assert note.text.startswith("Scheduler settings we changed: tuning knob number ")
        assert len(note.text) <= NOTE_LIMIT
    merged = "; ".join(n.text.removeprefix("Scheduler settings we changed: ") for n in notes)
    assert merged.count("tuning knob") == 40
    assert notes[0].line == 1


def test_markdown_clean_up(glossary: Glossary) -> None:
    source = (
        "**Karpenter** _really_ helped: keep `snake_case_names` and my_var as written, "
        "drop ![diagram](arch.png) images and <b>html</b> tags, keep <pod-name> and "
        "~~old~~ words, a [docs link](https://karpenter.sh) and https://example.com/a_b_c.\n"
        "\n    indented code is skipped entirely\n\nA `#include <stdio.h>` is code, not a tag.\n"
    )
    first, second = md(source, glossary)
    assert first.text == (
        "Karpenter really helped: keep snake_case_names and my_var as written, drop images "
        "and html tags, keep <pod-name> and old words, a docs link and "
        "https://example.com/a_b_c."
    )
    assert first.links == ("https://karpenter.sh", "https://example.com/a_b_c")
    assert second.text == "A #include <stdio.h> is code, not a tag."
    assert "include" not in second.tags


def test_plain_text_keeps_markup_characters(glossary: Glossary) -> None:
    [note] = split_notes(
        "Use *exactly* the __default__ settings for [now] please.\n",
        glossary=glossary,
        markdown=False,
    )
    assert note.text == "Use *exactly* the __default__ settings for [now] please."


def test_links_of_a_dropped_line_go_to_the_next_note_when_none_came_before(
    glossary: Glossary,
) -> None:
    source = (
        "## Cilium deep dive\n\nSlides: https://example.com/cilium.pdf\n\n"
        "Cilium replaces kube-proxy with eBPF maps for service routing.\n\n"
        "## Other talk\n\nRecording: https://example.com/video\n"
    )
    [note] = md(source, glossary)
    assert note.links == ("https://example.com/cilium.pdf",)
    assert note.tags[:3] == ("cilium", "kube-proxy", "ebpf")


# --- any input --------------------------------------------------------------------

MARKDOWN_BITS = st.sampled_from(
    [
        "\n",
        "\n\n",
        "# ",
        "## ",
        "- ",
        "  - ",
        "1. ",
        "> ",
        "```\n",
        "    ",
        "| a | b |\n",
        "---\n",
        "===\n",
        "**",
        "_",
        "`",
        "#karpenter ",
        "#İ ",
        "[link](https://x.io/a_b)",
        "https://example.com/x).",
        "<!--",
        "-->",
        "<b>",
        "<!channel>",
        "KubeCon EU 2024 ",
        "Talk: ",
        "(Jane Doe, AWS)",
        ": ",
        ". ",
        "Karpenter and KEDA scale the vertical pod autoscaler ",
        "word " * 40,
        "x" * 700,
        "\r\n",
        "\ufeff",
        "\ufdd0",
        "😴 ",
    ]
)
ANY_NOTES = st.one_of(
    st.text(max_size=3000), st.lists(MARKDOWN_BITS | st.text(max_size=20)).map("".join)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=ANY_NOTES, markdown=st.booleans())
def test_any_text_gives_well_formed_notes(source: str, markdown: bool, glossary: Glossary) -> None:
    notes = split_notes(source, glossary=glossary, markdown=markdown)
    assert_well_formed(notes)
    assert split_notes(source, glossary=glossary, markdown=markdown) == notes


def test_markdown_is_read_as_markdown_means_it(glossary: Glossary) -> None:
    source = """Notes
=====

The [CAP theorem](https://en.wikipedia.org/wiki/CAP_(theorem)) still bites multi-region \
Postgres setups, said the ***Crossplane*** maintainers.

- Kyverno policies run as admission webhooks before anything is stored.

      kubectl get clusterpolicy   # an example inside the item, not a note

- [![badge](https://img.example/b.svg)](https://kyverno.io/policies/) has the policy \
library with more than two hundred policies.
"""
    notes = md(source, glossary)
    cap = only(notes, "CAP theorem")
    assert cap.text == (
        "The CAP theorem still bites multi-region Postgres setups, said the Crossplane maintainers."
    )
    assert cap.links == ("https://en.wikipedia.org/wiki/CAP_(theorem)",)
    assert cap.talk is None, "the setext title is the document's title"
    assert all("kubectl" not in n.text for n in notes), "indented code in an item is code"
    library = only(notes, "policy library")
    assert library.links == ("https://kyverno.io/policies/",)
    assert "badge" not in library.text and "![" not in library.text


PASTED_PAGE = """Skip to main content
Acme Engineering
Home Blog Careers
Our takeaways from KubeCon Valencia
Posted by Jane Doe · 7 min read
May 24, 2022 · kubernetes, conferences
Share this: Twitter LinkedIn
We took the train to Paris and then a flight to Valencia; the hotel was a long walk from the venue.
Karpenter: autoscaling without node groups
Karpenter launches a node that fits the pending pods by calling the EC2 Fleet API directly.
Empty nodes are removed after ttlSecondsAfterEmpty, so idle capacity does not linger.
— Kelsey (@kelseyhightower) May 18, 2022
❤ 34
← Back to blog
Jane Doe is a platform engineer at Acme, where she runs the clusters.
Questions? Reach out on our community Slack.
3 Comments
Did you compare Karpenter with the cluster autoscaler priority expander?
"""


def test_a_pasted_web_page_keeps_only_the_learnings(glossary: Glossary) -> None:
    notes = split_notes(PASTED_PAGE, glossary=glossary, markdown=False, name="post.txt")
    assert [n.text for n in notes] == [
        "Karpenter launches a node that fits the pending pods by calling the EC2 Fleet API "
        "directly.",
        "Karpenter: Empty nodes are removed after ttlSecondsAfterEmpty, so idle capacity does "
        "not linger.",
    ]
    assert {n.conference for n in notes} == {"KubeCon EU 2022"}
    assert {n.talk for n in notes} == {"Karpenter: autoscaling without node groups"}
    assert {n.event_date for n in notes} == {date(2022, 5, 24)}, "the byline's date"
    assert all("kubernetes" not in n.tags for n in notes), "the byline's tags are not theirs"


def test_the_file_name_names_the_conference_when_nothing_else_does(glossary: Glossary) -> None:
    notes = split_notes(
        "- Karpenter v1 drops the Provisioner API entirely\n",
        glossary=glossary,
        markdown=True,
        name="kubecon-na-2023-chicago.md",
    )
    assert [n.conference for n in notes] == ["KubeCon NA 2023"]


# A blog post pasted from a browser whose sections are numbered: "1. ..." is a section
# title, not a list item the following paragraphs continue.
NUMBERED_PAGE = """\
Infra Notes
Three things we brought back from KubeCon Chicago
by Ana Ruiz | November 14, 2023 | 4 comments
Share this: Twitter LinkedIn
Three of us went to Chicago this year, and these are the topics that made it into our backlog.
1. Istio ambient mesh: sidecars become optional
A per-node ztunnel handles mTLS and L4 telemetry for every pod on the node.
Waypoint proxies run only for the services that need L7 routing or authorization.
It is still beta and the maintainers asked people not to run it in production yet.
2. Tetragon: runtime enforcement in the kernel
Tetragon hooks kernel functions with kprobes and can kill a process before a syscall returns.
Events come out as JSON that any log pipeline can ship.
3. Backstage search
The search backend moved from Lunr to Postgres, because Lunr keeps the whole index in memory.
← Back to blog
"""


def test_numbered_sections_of_a_pasted_page_are_talks(glossary: Glossary) -> None:
    notes = split_notes(NUMBERED_PAGE, glossary=glossary, markdown=False, name="post.txt")
    assert len(notes) == 7, [n.text for n in notes]
    ztunnel = only(notes, "ztunnel")
    assert ztunnel.talk == "Istio ambient mesh: sidecars become optional"
    assert ztunnel.text.endswith("for every pod on the node."), "one paragraph, one note"
    beta = only(notes, "still beta")
    assert beta.text.startswith("Istio: It is"), "the project the title names is the subject"
    assert only(notes, "JSON").talk == "Tetragon: runtime enforcement in the kernel"
    assert only(notes, "Lunr").talk == "Backstage search"
    assert {n.conference for n in notes} == {"KubeCon NA 2023"}


def test_a_talk_title_that_asks_a_question_heads_its_bullets(glossary: Glossary) -> None:
    source = (
        "Talk 1 - Keptn lifecycle toolkit\n"
        "- pods held by the keptn scheduler until pre-deploy checks pass\n"
        "\n"
        "Talk 2 - Kepler: how much energy do your pods use?\n"
        "- eBPF probe counts cpu cycles per process, combined with RAPL counters\n"
        "- attributes node power to containers\n"
        "\n"
        "Questions?\n"
        "Ask in #platform, we are happy to share the slides.\n"
    )
    notes = split_notes(source, glossary=glossary, markdown=False, name="notes.txt")
    ebpf = only(notes, "RAPL")
    assert ebpf.talk == "Kepler: how much energy do your pods use?"
    assert "keptn" not in ebpf.tags and "kepler" in ebpf.tags
    assert all(n.talk != "Questions?" for n in notes), "a question before prose is prose"


# The top and bottom of a blog post as a browser copies them: skip link, site name, menu,
# search box, the title, its byline, counters, share buttons; then a quote's credit, other
# posts, comments.
MASTHEAD_PAGE = """\
Skip to content
Kestrel Freight Engineering
Blog Open Source Meetups Jobs Contact
Search this site
KubeCon + CloudNativeCon EU 2019 in Barcelona: what stuck with us
Written by Henrik Aalto on May 29, 2019
8 minute read
👏 41   💬 7
Share on X · Share on LinkedIn · Copy link
Seven of us from the infrastructure team went to Barcelona, and these talks produced tickets.
Loki: like Prometheus, but for logs
Loki indexes only the labels of a log stream, which keeps the index small and cheap.
"Labels are for narrowing, grep is for finding."
— via LinkedIn, quoted with permission
Related posts
Migrating our CI runners to spot instances
Postgres on Kubernetes, one year later
7 comments
Laura M. says:
Great write-up. Did anyone go to the Vitess talk? We are considering it for sharding.
"""


def test_a_pasted_page_s_masthead_and_footer_are_not_notes(glossary: Glossary) -> None:
    notes = split_notes(MASTHEAD_PAGE, glossary=glossary, markdown=False, name="post.txt")
    texts = [n.text for n in notes]
    assert len(notes) == 3, texts
    assert texts[0].startswith("Seven of us")
    assert only(notes, "labels of a log stream").talk == "Loki: like Prometheus, but for logs"
    assert {n.conference for n in notes} == {"KubeCon EU 2019"}, "the title over the byline"
    assert {n.event_date for n in notes} == {date(2019, 5, 29)}
    assert {n.author for n in notes} == {"Henrik Aalto"}, "the byline's name"
    assert not any("via LinkedIn" in t or "Postgres" in t or "Vitess" in t for t in texts)


@pytest.mark.parametrize(
    ("line", "is_debris"),
    [
        ("👏 41   💬 7", True),
        ("♥ 63 · 14 comments", True),
        ("Home Engineering Design Data Careers", True),
        ("Share on X · Share on LinkedIn · Copy link", True),
        ("— via LinkedIn, quoted with permission", True),
        ("+ Follow", True),
        ("Report this article", True),
        ("#kubernetes #kubecon #observability #sre", True),
        ("More articles by Kenji Watanabe", True),
        ("We use cookies to improve your experience. Accept all or manage them.", True),
        ("Table of contents", True),
        ("Figure 1: the Karpenter architecture", True),
        ("Home » Blog » KubeCon", True),
        ("Posted in Kubernetes, Events", True),
        ("Like · Reply", True),
        ("pods > nodes > clusters > regions", False),
        ("Home My Network Jobs Messaging Notifications Me For Business", True),
        ("[04/11/2023 10:38] Finn Albers", True),
        ("Observability Guild / Conferences / 2022", True),
        ("Series: Conference notes (part 7 of 7)", True),
        ("09:01:44 From Marta Kowalczyk to Everyone:", True),
        ("Rúben Simões, [18.10.2024 8:52]", True),
        ("[Photo]", True),
        ('Reacted to "morning all stream ..." with 👋', True),
        ("11/4/24, 9:14 AM What we brought home from All Things Open 2024 | Larchmont", True),
        ("https://engineering.example/2024/10/31/what-we-brought-home/ 2/3", True),
        ("SRE Conference Notes (2 Part Series)", True),
        ("Cover image for Istio Day in Salt Lake City: ambient is GA, so now what?", True),
        ("Sign up for more like this.", True),
        ("Estimated reading time: 10 minutes", True),
        (
            "A slide with three layers of retries. Photo: Hannah Okafor",
            True,
        ),
        ("Photo by the author: the edge day room at 8:55, already full at the back", True),
        ("Karpenter picks instances by price. Image: Bottlerocket", False),
        ("Image by digest, never by tag, in every production manifest.", False),
        ("Photo by Jane Doe on Unsplash", True),
        ("Photo by Ilaria Conti \u2014 the main hall ten minutes before the opening", True),
        ("Sent from my laptop on a train, excuse brevity", True),
        ("Sent from my phone, we will discuss the Karpenter rollout with the platform team", False),
        ("pods / nodes / clusters / regions", False),
        ("Prometheus / Thanos / Mimir", False),
        ("Scaling Argo CD at Intuit | 3k apps", False),
        ("Tip: download the SBOM from the registry before every deploy.", False),
        ("Platform Engineering > conf-trips", True),
        ("Bram Visser changed the channel description to: one msg per talk pls", True),
        ("Tuesday, 25 October", True),
        ("Platform Engineer at Tamarind Systems | CKA | Kubernetes, filter coffee", True),
        ("In this issue: Kubernetes 1.19 · etcd · Istio · action items", True),
        ("Cheers, Malin, for the Eng Digest crew", True),
        ("Diagram: the control plane before and after istiod", True),
        ("By using Medium, you agree to our Privacy Policy, including cookie policy.", True),
        ("Hanne — Yesterday at 8:41 AM", True),
        # Twist (and Basecamp): a message's header with its day, a thread's opener
        ("Dmitri Sokolov  Apr 30, 12:34 PM", True),
        ("Gustavo Prieto posted in platform-runtime · Apr 29", True),
        ("Keynote Apr 30 at the main stage", False),
        ("Workshop Room 3, 10:00 AM", False),  # an agenda's line, no chat
        ("[8:43 AM]", True),
        ("👍", True),
        ("-----Original Message-----", True),
        ("Want to talk about it? Book a 30-minute platform review with our team.", True),
        ("We download the SBOM from the registry before every deploy.", False),
        ("the meeting starts at 10:30", False),
        ("Image signing with cosign is easy: just run cosign sign", False),
        ("Contents of the SBOM matter more than its format", False),
        ("Data Engineering At Scale With Spark", False),
        ("KEDA 2.0 is out", False),
        ("— and the HPA keeps doing the scaling, with KEDA feeding it external metrics.", False),
        ("Click to share on LinkedIn (Opens in new window)", True),
        ("Get new posts by email. One mail per post, nothing else.", True),
        ("Leave a Reply Cancel reply", True),
        ("Updated: October 12, 2023 (slide links added at the bottom)", True),
        ("Reading time: 11 minutes", True),
        ("Sent from my iPhone", True),
        ("Senior Platform Engineer | Kilnworth Systems", True),
        ("07:41 -!- Topic for #ops: veldspaat ops | oncall: rkoster", True),
        ("@marenholt_ops", True),
        ("Quote Tweets", True),
        ("Show me the numbers: we cut 30% of our series", False),
        ("Join 1,318 other subscribers", True),
        ("Home Now Blog Uses Guestbook", True),
        ("Word Count:2.6k|Reading Time:11mins|Post Views:", True),
        ("On Tue, Nov 07, 2023 at 10:02:44PM -0600, Dmitri Okafor wrote:", True),
        ("This issue is brought to you by Quillfeather. Quillfeather batches alerts.", True),
        ("Email ThisBlogThis!Share to XShare to FacebookShare to Pinterest", True),
        ("Labels: conferences, denver, opentofu", True),
        ("Download slides (PDF, 6.2 MB)", True),
        ("platform-eng > chicago / lightning talks Nov 6", True),
        ("On Monday the keynote was about KEDA", False),
        ("Did you find this article valuable?", True),
        ("Support Meiling Zhou by becoming a sponsor. Any amount is appreciated!", True),
        ("Cover photo: the registration desk on Wednesday morning.", True),
        ("October 31, 2023 · 13 min · 2611 words · Aoife Brennan | Suggest Changes", True),
        ("Discover more: Sourced from across Twitter", True),
        ("View all posts by Mirela Stanciu", True),
        ("Updated the runbook: every alert links its dashboard now", False),
        # A LinkedIn page copied whole: its header, buttons, reactions and footer.
        ("Visible to anyone on or off LinkedIn", True),
        ("3d \u2022  Edited \u2022 ", True),
        (" \u2022 2nd", True),
        ("Activate to view larger image,", True),
        ("No alternative text description for this image", True),
        ("Jonas Becker and 212 others", True),
        ("hashtag#KCDBerlin hashtag#Kubernetes hashtag#GitOps", True),
        ("SRE chez Maison Lumen | Kubernetes, Terraform", True),
        ("9 reposts", True),
        ("Ilse Maartens reacted with \U0001f44d", True),
        ("Internal \u00b7 Do not forward outside the company", True),
        ("Jobs are suspended until Kueue admits them, which frees the GPUs", False),
        ("Jonas Becker and the storage team moved 212 volumes to CSI", False),
        # A version pin is no mail address; a signature's address is.
        ("AMI drift: pin the alias version (al2023@v2025...) instead of @latest", False),
        ("go get go@1.21.1 bumps the go line for you", False),
        ("Jana Novak, SRE, jana.novak@quarry.example", True),
        # An issue page copied from GitLab or GitHub: its trail, activity and comment headers.
        ("Tessera / Backend Guild / Issues / #87", True),
        ("Edited 6 days ago by Ines Carvalho", True),
        ('Ines Carvalho added ~"conference" ~"rust" labels 1 week ago', True),
        ("Tomasz Wojcik mentioned in issue #91 5 days ago", True),
        ("Lea Fontaine @lfontaine \u00b7 6 days ago", True),
        # A write-up's closing thanks; a fact that opens with "thanks to" is kept.
        ("Thanks to the NDC crew for a great week, and to everyone in the hallway.", True),
        ("Big thanks to the orga and all the volunteers, a real community event", True),
        ("Thanks to the new scheduler, p99 dropped 40% for batch jobs.", False),
        ("Thanks to our SRE crew's runbooks, MTTR dropped to 5 minutes", False),
        # One share button a line, over a post's text: no talk's title.
        ("Share on LinkedIn", True),
        ("Share via email", True),
        ("Share on the team channel what you learned", False),
        ("Sort or filter", True),
        ("Child items 0", True),
        ("They changed the default 2 years ago", False),
        ("Kubernetes removed dockershim 2 years ago", False),
        ("AWS Lambda added SnapStart 2 years ago", False),
        ("Developers reacted with relief", False),
        # A Google Groups mail's footer, a newsletter's poll, a hiring plug under a post.
        (
            'You received this message because you are subscribed to the Google Groups "eng" '
            "group.",
            True,
        ),
        (
            "To unsubscribe from this group and stop receiving emails from it, send an email "
            "to eng+unsubscribe@example.com.",
            True,
        ),
        ("To view this discussion visit https://groups.google.com/d/msgid/eng/x", True),
        ("What did you think of this issue?", True),
        ("\U0001f634 Too long: Login or Subscribe to participate in polls.", True),
        ("Example Pay is hiring SREs in Tokyo. Details are on our careers page.", True),
        ("The team is hiring two SREs next quarter to own the on-call rotation", False),
        # a mail client's notes on the message, a chat digest's
        ("You forwarded this message on 16/06/2025 09:05.", True),
        ("This message was sent with High importance.", True),
        ("+ 11 more messages by Jonas Lindqvist, Priyanka Rao and Efe Okafor.", True),
        ("Here are some conversations you missed in Fennelwick while you were away.", True),
        ("New channels: #obscon-2024-photos, #alloy-migration.", True),
        ("Oskar Lind moved from Backlog to In Progress \u00b7 Feb 8", True),
        ("We moved from Backlog grooming to async reviews and it saved an hour a week", False),
        ("Three more messages about retries went to the dead letter queue", False),
        ("3 more messages from the DLQ were replayed twice after the consumer restart.", False),
        ("New streams: Kafka Streams 3.7 adds versioned state stores for joins.", False),
        ("Channel: Rapid gets Kubernetes 1.30 two weeks before Regular.", False),
        # a cookie banner and a sign-in wall, not what a team learned about cookies
        ("This site uses cookies for comments (Disqus) and for anonymous page counts.", True),
        ("Allow the use of cookies from Threads by Instagram on this browser?", True),
        ("Log in to see more replies.", True),
        ("Join Threads to share ideas, ask questions, post random thoughts, and more.", True),
        ("Sticky sessions use cookies, so the load balancer pins each client.", False),
        ("Log in to view the Argo CD UI through Dex only; delete the initial admin secret.", False),
        ("Safari ITP does not allow cookies from third-party iframes, so SSO loops.", False),
        ("Join Slack to see the incident timeline of the outage.", False),
        ("Join us to see how Karpenter consolidates nodes at the next demo.", False),
        ("Join the DZone community and get the full member experience.", True),
        ("Join the CNCF community channel to ask the maintainers.", False),
    ],
)
def test_page_chrome_lines(line: str, is_debris: bool) -> None:
    assert debris.is_debris(line) is is_debris


def test_raw_notes_name_their_event_on_the_first_line(glossary: Glossary) -> None:
    source = (
        "ArgoCon North America 2024 - raw notes (co-located day, SLC, tue 12 nov)\n"
        "typed on phone + laptop, Jonas. cleanup maybe never\n"
        "\n"
        "## Argo CD 3.0 roadmap\n"
        "- 3.0 = breaking defaults: annotation-based resource tracking becomes the default\n"
    )
    notes = split_notes(source, glossary=glossary, name="notes.md")
    assert {n.conference for n in notes} == {"ArgoCon NA 2024"}, "one name per event"
    assert not any("raw notes" in n.text for n in notes), "the title line is no note"
    phone = (
        "KCD Berlin 2024 notes (phone)\n\nlast talk: kyverno vs VAP\n- mutate still needs kyverno\n"
    )
    notes = split_notes(phone, glossary=glossary, markdown=False, name="notes.txt")
    assert [(n.text, n.talk, n.conference) for n in notes] == [
        ("mutate still needs kyverno", "kyverno vs VAP", "KCD Berlin 2024")
    ]


SLACK_THREAD = """\
Dana Whitfield  8:52 AM
ok folks, one msg per talk pls so I can turn this thread into the wiki page later
:thumbsup: 4
Tuesday, December 11th
Marco Ilves  10:31 AM
API server CVE (CVE-2018-1002105) - emergency session, room was packed
tl;dr the apiserver kept a proxied connection open after an upgrade request failed
if u have pod exec/attach/portforward perms u can escalate to the kubelet API on the node
:eyes: 2 :rotating_light: 1
Aisha Raman  11:58 AM
Linkerd 2 talk (the rewrite, not 1.x)
- the data plane proxy is written in Rust, the control plane in Go
- mTLS is not on by default yet, on the roadmap for next year
"""


def test_a_copied_slack_thread_keeps_the_messages_not_their_headers(glossary: Glossary) -> None:
    notes = split_notes(SLACK_THREAD, glossary=glossary, markdown=False, name="kubecon.txt")
    texts = " ".join(n.text for n in notes)
    for chrome in ("Whitfield", "10:31", ":thumbsup:", ":eyes:", "December 11th"):
        assert chrome not in texts, chrome
    assert only(notes, "kubelet API").talk.startswith("API server CVE")
    assert only(notes, "Rust").talk == "Linkerd 2 talk", "control and data planes are no trip"


def test_a_chat_reply_is_no_talk_and_a_quoted_reply_is_said_once(glossary: Glossary) -> None:
    thread = SLACK_THREAD + (
        "Sofie Brandt  1:15 PM\n"
        "> the data plane proxy is written in Rust, the control plane in Go\n"
        "nice, so no envoy in linkerd at all then\n"
        "Karin Holm  2:03 PM\n"
        "we have exactly 0 rust ppl\n"
        "Nadia Popescu  2:40 PM\n"
        "thanks all, great thread!! page draft monday, first the CVE ticket\n"
    )
    notes = split_notes(thread, glossary=glossary, markdown=False, name="kubecon.txt")
    assert len([n for n in notes if "data plane proxy is written in Rust" in n.text]) == 1
    talks = {n.talk for n in notes}
    assert "we have exactly 0 rust ppl" not in talks, "a short message heads nothing"
    assert only(notes, "0 rust ppl").talk == "Linkerd 2 talk"
    assert not any("great thread" in n.text for n in notes), "the closing thanks is chrome"


@pytest.mark.parametrize(
    ("top", "author"),
    [
        ("---\ntitle: Trip report\nauthor: Kavya Menon\n---\n", "Kavya Menon"),
        # Several authors are credited as several names, not one run-together name.
        ("---\ntitle: Trip report\nauthors:\n  - jmarsh\n  - nadia.o\n---\n", "jmarsh, nadia.o"),
        ("---\ntitle: Trip report\nauthors: [Kavya Menon, 'Li Wei']\n---\n", "Kavya Menon, Li Wei"),
        ("Five things\nby Marcus Lindqvist | October 31, 2022 | 6 comments\n", "Marcus Lindqvist"),
        (
            "PlatformCon 2024\nBy Tobias Mora · Platform Engineering · June 24, 2024\n",
            "Tobias Mora",
        ),
        ("Notes\nby the way, the venue was great\n", None),
    ],
)
def test_the_write_up_s_author_is_kept(top: str, author: str | None, glossary: Glossary) -> None:
    source = top + "\nKarpenter launches nodes by calling the EC2 Fleet API directly.\n"
    notes = split_notes(source, glossary=glossary, markdown=False, name="post.txt")
    assert {n.author for n in notes} == {author}


def test_a_short_paste_is_one_paragraph_a_line_but_a_wrapped_paragraph_is_one(
    glossary: Glossary,
) -> None:
    paste = (
        "What we brought back from KubeCon EU 2025\n"
        "Written by Ana Ruiz on April 7, 2025\n"
        "Karpenter now replaces underused nodes with cheaper ones, not only empty ones.\n"
        "Spot-to-spot consolidation needs at least fifteen instance types to choose from.\n"
    )
    notes = split_notes(paste, glossary=glossary, markdown=False, name="recap.txt")
    assert len(notes) == 2 and {n.conference for n in notes} == {"KubeCon EU 2025"}
    wrapped = (
        "Karpenter launches nodes that fit the pending pods by calling the\n"
        "EC2 Fleet API directly, instead of resizing an Auto Scaling group, so it\n"
        "is much faster than the cluster autoscaler.\n"
    )
    [note] = split_notes(wrapped, glossary=glossary, markdown=False, name="notes.txt")
    assert "calling the EC2 Fleet API" in note.text


EMAIL_RECAP = """\
From: Ana Ruiz <ana@acme.example>
To: platform@acme.example
Date: Mon, 23 Nov 2020 09:12:44 +0100
Subject: Fwd: KubeCon NA 2020 (virtual) - what we learned

Hi all,

here is the write-up from last week, merged from our three sets of notes.

1. Backstage and the software catalog

- Every service is described in a catalog-info.yaml file in its own repository.
- Software templates create the repository, the CI pipeline and the catalog entry.

2. Linkerd 2.9 - mTLS for everything

- Automatic mTLS now covers all TCP traffic between meshed pods, not only HTTP.
- The proxy is written in Rust and stays around 10 MB of memory per pod.

Cheers,
Ana

--
Ana Ruiz
Platform team | Acme GmbH
+49 40 5550 1923 | ana@acme.example

This e-mail may contain confidential information. Not the intended recipient? Delete it.
"""


def test_an_email_recap_keeps_its_sections_and_drops_the_mail_around_them(
    glossary: Glossary,
) -> None:
    notes = split_notes(EMAIL_RECAP, glossary=glossary, markdown=False, name="recap.txt")
    texts = " ".join(n.text for n in notes)
    for chrome in ("From:", "Hi all", "Cheers", "+49", "intended recipient"):
        assert chrome not in texts, chrome
    assert only(notes, "catalog-info.yaml").talk == "Backstage and the software catalog"
    rust = only(notes, "Rust")
    assert rust.talk == "Linkerd 2.9 - mTLS for everything", "a new section, not Backstage's"
    assert {n.conference for n in notes} == {"KubeCon NA 2020"}, "from the subject line"
    assert {n.author for n in notes} == {"Ana Ruiz"}


def test_action_items_are_the_write_ups_own_not_the_last_talks(glossary: Glossary) -> None:
    source = EMAIL_RECAP.replace(
        "Cheers,",
        "Action items:\n- Ana: a Backstage demo with our 20 busiest services.\n"
        "- Bo: check which services use TCP that Linkerd does not encrypt yet.\n\n"
        "Key takeaways:\n- Backstage needs a small team with TypeScript skills to run it.\n\n"
        "Cheers,",
    )
    notes = split_notes(source, glossary=glossary, markdown=False, name="recap.txt")
    assert only(notes, "busiest services").talk is None
    assert only(notes, "does not encrypt yet").talk is None
    assert only(notes, "Rust").talk == "Linkerd 2.9 - mTLS for everything"


def test_an_obsidian_note_reads_its_callouts_wiki_links_toggles_and_tasks(
    glossary: Glossary,
) -> None:
    notes = split_notes(
        read("obsidian-kcd-zurich.md"), glossary=glossary, name="obsidian-kcd-zurich.md"
    )
    texts = " ".join(n.text for n in notes)
    for markup in ("[!", "[[", "]]", "\u25b8", "[ ]", "[x]"):
        assert markup not in texts, markup
    assert {n.conference for n in notes} == {"KCD Zurich 2025"}
    # A callout's title leads its words; a wiki link leaves the page's name.
    assert only(notes, "We drop nothing").text.startswith("Our take: We drop nothing")
    assert "See also Platform roadmap 2025." in only(notes, "Who went").text
    assert only(notes, "identities are synced").text.startswith("Cilium network policies")
    assert only(notes, "spanmetrics").text.startswith("Q&A: someone asked")
    assert only(notes, "loadbalancing exporter in staging").talk == (
        "Taming cardinality with OpenTelemetry Collector processors"
    )
    assert not any("raclette" in n.text for n in notes), "lunch is trip chat"


def test_a_copied_linkedin_article_keeps_its_title_author_and_sections(
    glossary: Glossary,
) -> None:
    name = "linkedin-kubecon-japan.txt"
    notes = split_notes(read(name), glossary=glossary, markdown=False, name=name)
    texts = " ".join(n.text for n in notes)
    for chrome in ("Join now", "Follow", "Report this", "#sre", "Great summary", "Cookie"):
        assert chrome not in texts, chrome
    assert {n.conference for n in notes} == {"KubeCon Japan 2025"}, "the title over the byline"
    assert {n.author for n in notes} == {"Kenji Watanabe"}, "the name over 'Published ...'"
    assert {n.event_date for n in notes} == {date(2025, 6, 20)}
    assert only(notes, "GRPCRoute is GA").talk == "Gateway API is the default now"
    assert only(notes, "per-team limits in Mimir").talk == (
        "Observability costs are a people problem"
    )


def test_a_copied_medium_post_drops_its_chrome_and_credits_its_writer(
    glossary: Glossary,
) -> None:
    name = "medium-kubecon-eu-2020.txt"
    notes = split_notes(read(name), glossary=glossary, markdown=False, name=name)
    texts = " ".join(n.text for n in notes)
    for chrome in ("Listen", "Member-only", "Unsplash", "Followers", "Opinions", "clap"):
        assert chrome not in texts, chrome
    assert {n.author for n in notes} == {"Priya Raman"}
    assert {n.event_date for n in notes} == {date(2020, 8, 28)}
    assert {n.conference for n in notes} == {"KubeCon EU 2020"}
    assert notes[0].talk is None, "the intro is under no talk"
    assert only(notes, "EphemeralContainers").talk == "Debugging with ephemeral containers"


def test_a_newsletter_names_its_event_in_the_subject_and_keeps_other_news_apart(
    glossary: Glossary,
) -> None:
    name = "eng-digest-12.txt"
    notes = split_notes(read(name), glossary=glossary, markdown=False, name=name)
    assert {n.conference for n in notes} == {"Open Source Summit EU 2020"}
    # "== Open Source Summit: what we learned ==" names the event: context, no talk, and
    # no "== Open Source Summit:" in front of its notes.
    sigstore = only(notes, "keyless signing")
    assert sigstore.talk is None and sigstore.text.startswith("Sigstore was announced")
    assert only(notes, "primary rotation").talk == "On-call changes", "marks around it go"
    assert all("==" not in n.text and "confidential" not in n.text for n in notes)


@pytest.mark.parametrize(
    ("title", "talk"),
    [
        ("== On-call changes ==", "On-call changes"),
        ("*** Karpenter at scale ***", "Karpenter at scale"),
        ("--- Karpenter at scale ------", "Karpenter at scale"),
        ("~~ Gateway API == the new Ingress ~~", "Gateway API == the new Ingress"),
    ],
)
def test_a_title_set_off_by_marks_names_the_talk_without_them(
    title: str, talk: str, glossary: Glossary
) -> None:
    source = f"{title}\nConsolidation replaces nodes with cheaper ones when pods fit.\n"
    assert [n.talk for n in txt(source, glossary)] == [talk]


@pytest.mark.parametrize(
    ("line", "chat"),
    [
        ("Lunch on day two was a shakshuka between the Vitess talk and the cert-manager one", True),
        ("stickers: got perses + otel, no jaeger ones left", True),
        ("Train the model on GPUs with Kubeflow, then serve it with KServe", False),
        ("The time zones were the real challenge: keynotes at 6 a.m. on coffee", True),
        ("Vitess keeps related rows in one shard, so lunch-time peaks stay local", False),
        ("A rolling restart no longer drops what is still in flight.", False),
        ("badge pickup took 2 min, the line for the main badges is a different story", True),
        ("Kwame arrived on the night bus from Vienna, surprisingly alive", True),
        ("The event bus drops messages when the consumer lags behind", False),
        ("The bus factor of most CNCF projects is below three maintainers", False),
        # the weather, the city's trains, food and evenings, a crowded room, a long day
        ("There was snow on the peaks every morning, bring a real jacket", True),
        ("Done for the day. Heading to a pub by the docks, then the DLR back", True),
        ("Detroit at the end of October is 5°C with wind off the river", True),
        ("Dim sum at 7am with the folks from the other team was the best hour", True),
        ("The room held maybe 500 and people sat on the floor at the back.", True),
        ("My watch said 14,000 steps on Wednesday, most of them between halls", True),
        ("The air is dry up there. Two of us had headaches, so drink more water", True),
        ("15:00 school pickup, missed the first half and watched it back later", True),
        ("We took the train from Brussels, two hours door to door", True),
        ("Bedrock does not use prompts or completions to train the base models", False),
        # ... and what only looks like them
        ("Building blocks they use: state, pub/sub and secrets", False),
        ("The change advisory board (CAB) only sees the unusual changes now", False),
        ("The upgrade takes 3 steps and each one can be rolled back", False),
        ("Move the umbrella chart's values into one file per environment", False),
        ("VPC networking news, the one with the long queue", False),
        ("The scheduler slept for 30 seconds between retries, which hid the deadlock.", False),
        ("Freezing the dependency versions made builds reproducible.", False),
        ("The fog computing layer aggregates sensor data at the edge.", False),
        ("They publish events to a pub topic and fan out.", False),
        ("Mobile apps for kids need COPPA compliance reviews.", False),
        ("Layover time between two batch jobs is wasted.", False),
        ("Rotate the image 90 degrees before the upload.", False),
        ("The release train ships every two weeks.", False),
    ],
)
def test_trip_chat_lines(line: str, chat: bool, glossary: Glossary) -> None:
    assert debris.is_chat(line, technical=bool(glossary.tags_for(line))) is chat


SOCIAL_POST = """\
KubeCon India 2025: six talks we still argue about
Ananya Raghavan
Platform Engineer at Tamarind Systems | CKA | Kubernetes
Published Aug 14, 2025
Karpenter
Karpenter consolidates nodes by price, and it only works with at least fifteen instance types.
37 comments · 12 reposts
Rohit Kulkarni · 2nd · SRE at Peacock Games
Great summary! Consolidation did nothing for a month before anyone noticed.
Written by Ananya Raghavan
Platform engineer. Mostly Kubernetes, sometimes Postgres, always coffee.
"""


def test_a_social_post_s_comments_and_author_box_are_not_the_post(glossary: Glossary) -> None:
    notes = split_notes(SOCIAL_POST, glossary=glossary, markdown=False, name="post.txt")
    assert [n.text for n in notes] == [
        "Karpenter consolidates nodes by price, and it only works with at least fifteen "
        "instance types."
    ]
    assert notes[0].author == "Ananya Raghavan"
    assert notes[0].conference == "KubeCon India 2025"


LINKEDIN_POST = """\
Skip to main content
LinkedIn
Home
My Network
Jobs
Messaging
Notifications
Me
For Business
Learning
Feed post number 1
Jonas Becker
Jonas Becker
 \u2022 You
Staff Engineer at Lumen Freight | Kubernetes | Platform
5d \u2022
Visible to anyone on or off LinkedIn
Three things our team brought back from KCD Berlin last week:
\U0001f449 Cilium replaced kube-proxy for them, service routing is eBPF maps, not iptables chains.
They kept kube-proxy on one canary node pool for a month before switching the rest.
\U0001f449 Kyverno generates a default NetworkPolicy in every new namespace.
Their write-up is public \U0001f447
https://example.org/kyverno-defaults
Nobody asks the platform team for it any more, it is simply there.
\U0001f449\ufe0f Flux image automation bumps tags in git, never in the cluster.
hashtag#KCDBerlin hashtag#Kubernetes hashtag#GitOps
Activate to view larger image,
like
celebrate
Jonas Becker and 212 others
"""


def test_a_linkedin_post_s_items_are_notes_without_the_page_around_them(
    glossary: Glossary,
) -> None:
    notes = split_notes(LINKEDIN_POST, glossary=glossary, markdown=False, name="post.txt")
    # Each item is a note with the lines that go on it, its emoji dropped like a bullet;
    # the menu, the post's header, its hashtags and its buttons are none.
    assert [n.text for n in notes] == [
        "Three things our team brought back from KCD Berlin last week:",
        "Cilium replaced kube-proxy for them, service routing is eBPF maps, not "
        "iptables chains. They kept kube-proxy on one canary node pool for a month before "
        "switching the rest.",
        "Kyverno generates a default NetworkPolicy in every new namespace. Their write-up "
        "is public \U0001f447 Nobody asks the platform team for it any more, it is simply "
        "there.",
        "Flux image automation bumps tags in git, never in the cluster.",
    ]
    assert notes[2].links == ("https://example.org/kyverno-defaults",)
    assert {n.talk for n in notes} == {None}, "no chrome line is taken for a talk"
    assert {n.author for n in notes} == {"Jonas Becker"}, "the name LinkedIn prints twice"
    assert {n.conference for n in notes} == {"KCD Berlin"}


def test_a_menu_word_is_chrome_only_among_chrome(glossary: Glossary) -> None:
    # LinkedIn's menu, one word a line, goes (see LINKEDIN_POST); the same words as list
    # items or a heading over notes stay.
    subnets = md("Each zone gets two subnets:\n\n- Public\n- Private\n", glossary)
    assert [n.text for n in subnets] == ["Each zone gets two subnets: Public; Private"]
    jobs = (
        "Batch day notes\n\nJobs\n\n"
        "A Job's pods are retried six times before the Job is marked failed.\n\n"
        "CronJobs\n\nA CronJob skips a run while the last one is still going.\n"
    )
    notes = split_notes(jobs, glossary=glossary, markdown=False, name="notes.txt")
    assert [n.talk for n in notes] == ["Jobs", "CronJobs"]


def test_a_note_led_by_an_aspect_word_gets_its_talk_s_subject(glossary: Glossary) -> None:
    source = (
        "## Karpenter deep dive\n\n"
        "Karpenter v1 drops the old Provisioner API, so every manifest has to move to NodePool.\n\n"
        "gotcha: spot interruption handling needs the SQS queue, and one of our accounts had "
        "none.\n\n"
        "Disruption budgets: they allow 10% for drifted nodes and none during business hours.\n"
    )
    notes = split_notes(source, glossary=glossary, name="notes.md")
    # "gotcha:" says what kind of remark it is, not what it is about; a lead that names
    # its own subject stays as it is.
    assert only(notes, "SQS queue").text.startswith("Karpenter gotcha: spot interruption")
    assert only(notes, "business hours").text.startswith("Disruption budgets: they allow")


def test_a_sub_heading_that_names_an_aspect_stays_in_its_talk(glossary: Glossary) -> None:
    source = (
        "## Prometheus 2.0\n\nThe talk by one of the storage authors was packed.\n\n"
        "### What changed\n\n- Rules and alerts are YAML now.\n\n"
        "## Tracing with Jaeger\n\n### Istio and Envoy\n\nEnvoy sidecars report spans.\n"
    )
    notes = split_notes(source, glossary=glossary, name="notes.md")
    rules = only(notes, "YAML now")
    assert rules.talk == "Prometheus 2.0", "'What changed' is an aspect, not a talk"
    assert rules.text.startswith("Prometheus 2.0: "), "it gets the talk's subject"
    assert only(notes, "Envoy sidecars").talk == "Istio and Envoy", "a named one is a talk"


WIKI_EXPORT = """\
---
title: "Trip report"
created: 2022-07-05
---

**Overview**

| Talk | Speaker | Takeaway for us |
|---|---|---|
| A label is a promise to pay | Dana Okafor | drop per-request IDs at scrape time |
| Goodbye Logstash | Ilse de Boer | Vector agents with disk buffers |

| Tool | Stars |
|---|---|
| Thanos | many |

Between the tables: the speakers agreed that labels cost more than series.

**A label is a promise to pay — Dana Okafor**

- metric_relabel_configs with labeldrop removes labels at scrape time.

**Do not page on CPU.**

- Page on the SLO burn rate.
"""


def test_a_wiki_export_s_bold_paragraphs_are_its_sections(glossary: Glossary) -> None:
    notes = split_notes(WIKI_EXPORT, glossary=glossary, name="Trip-Report_2215337985.md")
    # The summary table's takeaway column is a note under its row's talk, unless the
    # talk has its own section, which says it in full.
    assert only(notes, "disk buffers").talk == "Goodbye Logstash"
    assert not any("per-request IDs" in n.text for n in notes)
    assert only(notes, "Between the tables").talk is None, "after the table, no row's talk"
    assert not any("many" in n.text for n in notes), "a comparison table carries no note"
    relabel = only(notes, "labeldrop")
    assert relabel.talk == "A label is a promise to pay", "the speaker after the dash goes"
    assert not relabel.text.startswith("Dana"), "a speaker's name is no subject"
    # A bold sentence is no title.
    assert only(notes, "burn rate").talk == "A label is a promise to pay"


def test_a_post_titled_without_a_year_is_dated_by_its_byline(glossary: Glossary) -> None:
    page = (
        "Meiling Zhou's blog\nHome\nAbout\nFollow\n"
        "Back from Open Source Summit Japan: the talks that will change our next six months\n"
        "OpenKruise, Helm 3 without Tiller, and edge nodes that survive offline\n"
        "Meiling Zhou\nJul 24, 2019 · 9 min read\n"
        "OpenKruise adds workloads that update pods in place instead of recreating them.\n"
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="post.txt")
    assert [n.conference for n in notes] == ["Open Source Summit Japan 2019"]
    assert notes[0].author == "Meiling Zhou"


def test_an_event_named_without_a_year_takes_it_from_the_page_footer(
    glossary: Glossary,
) -> None:
    # Nothing at the top dates the post; the footer copied with it does.
    post = (
        "Notes from #KCDFrance, a good day at the Centre Pompidou\n"
        "Gateway API: a retail team moved 40 clusters off ingress-nginx last year.\n"
        "About\nHelp Center\nLinkedIn Corporation \u00a9 2023\n"
    )
    notes_of_post = split_notes(post, glossary=glossary, markdown=False, name="post.txt")
    assert {n.conference for n in notes_of_post} == {"KCD France 2023"}
    # A date at the top wins over the footer's year.
    dated = "Posted on March 8, 2024\n" + post
    assert {n.conference for n in split_notes(dated, glossary=glossary, markdown=False)} == {
        "KCD France 2024"
    }


def test_an_event_gets_one_name_its_front_matter_year_and_its_project_s_full_name(
    glossary: Glossary,
) -> None:
    # front matter that names the event without its year, but dates the notes
    front = (
        "---\nevent: stackconf\ndate: 2023-09-13\n---\n\n"
        "## Talos in prod\n\n- no SSH and no shell on the nodes\n"
    )
    assert {n.conference for n in md(front, glossary)} == {"stackconf 2023"}
    # "OTel" in an event's name is OpenTelemetry, as the event calls itself
    title = (
        "# Hallway track at OTel Community Day 2024\n\n"
        "## Collector\n\n- put memory_limiter first in every pipeline\n"
    )
    assert {n.conference for n in md(title, glossary)} == {"OpenTelemetry Community Day 2024"}


def test_a_retype_page_s_blocks_and_components_leave_their_text(glossary: Glossary) -> None:
    page = (
        "# KubeCon India 2025\n\n"
        '[!badge variant="info" text="Trip report"] [!badge text="6-7 Aug 2025"]\n\n'
        "## Argo CD 3.0 upgrade stories\n\n"
        "- 3.0 came out in May and three defaults changed for every instance\n\n"
        "!!!warning Before anyone upgrades our Argo CD\n"
        "Our SRE role cannot delete a stuck Deployment after 3.0, fix the RBAC first.\n"
        "!!!\n\n"
        "+++ ClusterQueue\nEach team gets a ClusterQueue with a nominal GPU quota.\n"
        "+++ LocalQueue\nNamespaces submit to a LocalQueue that points at it.\n+++\n\n"
        "==- Hallway track\nThe badge queue took an hour on the first morning.\n===\n\n"
        '[!ref text="Kueue runbook"](https://wiki.example/runbooks/kueue)\n\n'
        "## Hugo config\n\nA page's TOML front matter opens and closes with this line:\n\n"
        "```\n+++\n```\n"
    )
    notes = md(page, glossary)
    # code is as written, even where Retype's marks are read
    assert only(notes, "TOML front matter").text.endswith("this line: `+++`")
    texts = [n.text for n in notes]
    prose = [t for t in texts if "TOML" not in t]
    assert_dropped(prose, "!!!", "+++", "==-", "===", "[!badge", "[!ref", "Trip report")
    # a block's title leads its text; the marks alone close it
    assert only(notes, "stuck Deployment").text.startswith("Before anyone upgrades our Argo CD:")
    assert only(notes, "nominal GPU quota").text.startswith("ClusterQueue:")
    # a version alone does not name the talk's subject
    assert only(notes, "came out in May").text.startswith("Argo CD 3.0: 3.0 came out")
    # a reference is a link, under the note it follows
    assert "https://wiki.example/runbooks/kueue" in {url for n in notes for url in n.links}


def test_a_podcast_page_keeps_its_show_notes_not_chapters_or_host_cards(
    glossary: Glossary,
) -> None:
    page = (
        "Episode 41: what we heard at PromCon EU 2023\n"
        "Opening: the Collector is the product\n"
        "Put memory_limiter first in every pipeline, before any other processor.\n"
        "Profiles, the fourth signal\n"
        "The profiling data model is in the OTLP proto now, as an experimental signal.\n"
        "Chapters\n(00:00) Cold open\n(02:10) Native histograms\n(14:30) Remote write 2.0\n"
        "(31:05) Goodbyes\n"
        "Creators and Guests\nAda Moreno\nHost\nStaff SRE at Fernquist. Has opinions.\n"
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="episode-41.txt")
    texts = [n.text for n in notes]
    assert_dropped(texts, "(00:00)", "Cold open", "Remote write 2.0", "Fernquist", "Ada Moreno")
    # "Opening:" labels the talk; what it is about follows
    assert only(notes, "memory_limiter").text.startswith("Collector: Put memory_limiter")
    # notes taken on a recording are sentences, no chapters: all kept
    recording = "Karpenter recording\n" + "".join(
        f"{t} {said}\n"
        for t, said in (
            ("0:45", "they run 400 clusters on EKS with one Karpenter each"),
            ("3:10", "consolidation cut the compute bill by 30 percent."),
            ("7:30", "spot interruptions are handled through the SQS queue."),
            ("12:05", "drift replaces nodes whose AMI changed."),
        )
    )
    kept = " ".join(n.text for n in split_notes(recording, glossary=glossary, markdown=False))
    assert "400 clusters" in kept and "AMI changed" in kept
    # one bracketed time in raw notes still starts a talk
    raw = "[14:05] Parca - profiling without frame pointers\n- unwinds the stack with eBPF\n"
    [note] = split_notes(raw, glossary=glossary, markdown=False, name="raw.txt")
    assert note.talk is not None and "Parca" in note.talk


# An English post on a Korean blog (Tistory), copied with the page around it.
KOREAN_BLOG_POST = """\
본문 바로가기
민준의 클라우드 노트
[KubeCon] 파리 2024 후기 - what I learned
minjun.lee 2024. 4. 2. 22:14
Karpenter migration story
The speaker team moved 40 clusters from Cluster Autoscaler to Karpenter in one quarter.
Consolidation replaces the expensive nodes by cheaper ones, and the bill went down a lot.
Thank you for reading long post, if you have question please leave comment!
태그
Cilium, istio, karpenter, kubecon
'Conference' 카테고리의 다른 글
[KubeCon] 파리 2024 후기 - 배운 것 정리 (한국어)  (0)  2024.03.31
AWS Summit Seoul 2023 세션 정리  (2)  2023.05.24
댓글 2
박지연
2024. 4. 3. 09:12
Thanks, very useful post about the Karpenter consolidation of the nodes!
"""


def test_a_korean_blog_s_furniture_is_no_note(glossary: Glossary) -> None:
    notes = split_notes(KOREAN_BLOG_POST, glossary=glossary, markdown=False, name="post.txt")
    texts = [n.text for n in notes]
    assert_dropped(texts, "minjun.lee", "Thank you for reading", "태그", "istio, karpenter")
    assert_dropped(texts, "(0)", "2023.05.24", "댓글", "very useful post")
    # the byline's Korean date is the post's date
    assert {n.event_date for n in notes} == {date(2024, 4, 2)}
    assert only(notes, "40 clusters").talk == "Karpenter migration story"


def test_the_day_a_talk_was_on_is_not_its_subject(glossary: Glossary) -> None:
    notes = md(
        "## Retry storms talk (Tue morning)\n\n"
        "- retry at one layer only, ideally the edge, everything below fails fast\n",
        glossary,
    )
    assert [n.text for n in notes] == [
        "retry at one layer only, ideally the edge, everything below fails fast"
    ]


def test_a_day_held_next_to_kubecon_takes_the_region_of_its_month(glossary: Glossary) -> None:
    front = (
        "---\nevent: Cilium + eBPF Day (co-located)\ndate: 2025-04-01\n---\n\n"
        "## netkit\n\n- netkit replaces veth pairs and the bpf program sits in the pod\n"
    )
    assert {n.conference for n in md(front, glossary)} == {"Cilium + eBPF Day EU 2025"}


# A Linear issue copied from the browser: a comment per talk, a reply box under each.
LINEAR_ISSUE = """\
INF-1187
Conference write-up: London, 6-7 Feb
One comment per talk please, so we can link them from the planning doc. #SOOCon24
Activity
Signe Aalto created the issue \u00b7 Feb 8
Signe Aalto moved from Backlog to In Progress \u00b7 Feb 8
Signe Aalto
Feb 8
OpenTofu 1.6, one month after GA
1.6.0 went GA on 10 January and it is a drop-in replacement for Terraform 1.6 state files.
The OpenTofu registry serves the same provider releases, so hashicorp/aws resolves unchanged.
Leave a reply\u2026
Tamsin Greer
Feb 8
Cyber Resilience Act for open source users
Actively exploited vulnerabilities have to be reported to ENISA within 24 hours of discovery.
An SBOM is part of the technical documentation for every product we place on the market.
Leave a reply\u2026
Ruaridh Mackay
Feb 9
Sigstore in practice
Keyless signing gets a short-lived certificate from Fulcio, valid for ten minutes only.
Leave a reply\u2026
Signe Aalto changed status from In Progress to Done \u00b7 Feb 14
"""


def test_an_issue_s_reply_boxes_between_comments_cut_nothing(glossary: Glossary) -> None:
    notes = split_notes(LINEAR_ISSUE, glossary=glossary, markdown=False, name="linear-inf.txt")
    texts = [n.text for n in notes]
    # every comment is kept, the last one too
    for said in ("drop-in replacement", "ENISA within 24 hours", "valid for ten minutes"):
        assert any(said in t for t in texts), said
    assert_dropped(texts, "Leave a reply", "created the issue", "moved from Backlog")
    assert_dropped(texts, "changed status")
    assert only(notes, "ENISA").talk == "Cyber Resilience Act for open source users"


def test_an_azure_devops_wiki_diagram_is_no_note(glossary: Glossary) -> None:
    page = (
        "## netkit\n\n::: mermaid\ngraph LR\n  A[pod eth0] -->|veth| B[host]\n:::\n\n"
        "- netkit puts the BPF program inside the pod's network device\n"
    )
    assert [n.text for n in md(page, glossary)] == [
        "netkit puts the BPF program inside the pod's network device"
    ]


def test_talks_after_a_heading_that_named_the_event_are_at_that_event(glossary: Glossary) -> None:
    # a chat digest: a topic naming the event, then talk headings at the same level
    digest = (
        "## #observability > obscon24 london\n\n"
        "- Alloy is Grafana's OTel Collector distribution with the Prometheus pipelines\n\n"
        "## Loki 3 in production\n\n"
        "- trace ids go into structured metadata, never into labels\n"
    )
    notes = md(digest, glossary)
    assert {n.conference for n in notes} == {"ObservabilityCON 2024"}
    # an event's section with its talks under it ends where a heading beside it starts
    weekly = (
        "## Karpenter rollout status\n\n- the spot pools are live in two of three regions\n\n"
        "## KubeCon EU 2024 recap\n\n### Cilium\n\n- netkit replaces veth pairs in the pod\n\n"
        "## Incident review: etcd outage\n\n- the etcd defrag ran on every member at once\n"
    )
    assert [n.conference for n in md(weekly, glossary)] == [None, "KubeCon EU 2024", None]


def test_a_comment_thread_under_a_menu_that_says_comments_still_keeps_only_lessons(
    glossary: Glossary,
) -> None:
    page = "\n".join(
        [
            "Home",
            "Comments",
            "What we learned about Gateway API at KubeCon EU 2024",
            "by Mirela Stanciu",
            "HTTPRoute replaces most of the ingress annotations we use for routing.",
            "GRPCRoute went GA in v1.1 and the conformance report lists who passes.",
            "ReferenceGrant is what lets a route reach a service in another namespace.",
            "Comments",
            "Great post, can't wait to show this to my team!",
            "Love that Cilium 1.16 finally drops kube-proxy for us; we removed it from 40"
            " clusters and conntrack entries fell by half.",
        ]
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="post.txt")
    texts = "\n".join(n.text for n in notes)
    assert "can't wait" not in texts
    # praise goes at its sentence's end, not at a version's dot
    assert only(notes, "conntrack").text.startswith("Love that Cilium 1.16 finally drops")


def test_a_front_matter_event_with_its_year_added_stays_within_the_limit(
    glossary: Glossary,
) -> None:
    long_name = "A " + "very " * 45 + "long meetup"
    front = (
        f"---\nevent: {long_name}\ndate: 2025-04-01\n---\n\n"
        "- the spot pools are live in two regions\n"
    )
    [note] = md(front, glossary)
    assert note.conference is not None and len(note.conference) <= CONFERENCE_LIMIT


def test_a_hashtag_on_the_first_line_names_the_event_and_a_later_page_s_title_does_not(
    glossary: Glossary,
) -> None:
    outline = (
        "- PL23 Denver (2023-05-23) #perconalive #dbre\n"
        "    - keynote\n        - MySQL 5.7 reaches end of life in October\n"
    )
    notes = split_notes(outline, glossary=glossary, markdown=False, name="outline.txt")
    assert {n.conference for n in notes} == {"Percona Live 2023"}
    # That dated title line is no note, but the notes under it are kept.
    assert [n.text for n in notes] == ["keynote; MySQL 5.7 reaches end of life in October"]
    # A heading naming an event after the talks is a link to another page of notes.
    page = (
        "# Field notes\n\nPublished September 28, 2023\n\n"
        "Strange Loop ran for the last time this year, in St. Louis.\n\n"
        "## Deterministic simulation testing\n\n"
        "Every source of nondeterminism goes behind one seeded interface.\n\n"
        "## Other conference notes\n\n## KubeCon NA 2022 notes\n\n"
        "Comments are welcome on every page of notes.\n"
    )
    notes = split_notes(page, glossary=glossary, name="page.md")
    assert only(notes, "seeded interface").conference == "Strange Loop 2023"


GHOST_PAGE = """Kettlehole Engineering
Home
Platform
Security
Data
Careers
Sign in
Security
What we carried home from Cloud Native SecurityCon 2024 in Seattle
A backdoor hidden in a tarball, and admission policies that no longer need a webhook.
Tamsin Oyelaran
Jul 3, 2024 — 9 min read
Three of us spent two days in Seattle, and the xz talk was the one everyone wanted to see first.
The xz backdoor, three months later
The malicious code was only in the release tarballs, never in the git history of the project.
Distributions now diff every release tarball against the tagged source before they build it.
Read next
KubeCon Paris: the platform team's notebook
Apr 2, 2024 · 11 min read
"""


def test_a_post_s_subtitle_sentence_and_author_line_sit_between_title_and_byline(
    glossary: Glossary,
) -> None:
    notes = split_notes(GHOST_PAGE, glossary=glossary, markdown=False, name="post.txt")
    assert {n.conference for n in notes} == {"Cloud Native SecurityCon NA 2024"}, (
        "the title names the event and where it was held; a post listed below is no event"
    )
    assert not any(n.talk == "Tamsin Oyelaran" for n in notes), "the author is no talk"
    assert not any(n.text.startswith("Tamsin") for n in notes)
    assert only(notes, "tarballs").talk == "The xz backdoor, three months later"
    assert notes[0].author == "Tamsin Oyelaran"


def test_a_sentence_over_a_comment_s_byline_after_the_post_is_kept(glossary: Glossary) -> None:
    page = (
        "Fleet OS notes from All Systems Go! 2024\n"
        "pdegraaf\nSep 27, 2024\n"
        "TPM2 unlocking that survives firmware updates\n"
        "Binding the disk key to PCR 0 and 2 breaks on every firmware update, and that was our"
        " outage in March on the edge boxes.\n"
        "binding the disk key to PCR 0 and 2\n"
        "Yes. That one cost us a weekend. Opened #321 for the signed PCR 11 policy.\n"
        "henrike-lang\nSep 30, 2024\n"
        "Summary of issues so far: #321 for the signed policy and #322 for the mkosi spike.\n"
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="discussion.txt")
    assert any("cost us a weekend" in n.text for n in notes), [n.text for n in notes]


def test_a_gmail_forward_s_signature_quote_and_attachment_strip_are_no_notes(
    glossary: Glossary,
) -> None:
    mail = (
        "Fwd: Istio Day recap\n\nHi mesh folks,\n\n"
        "Ambient needs no pod restart: label the namespace and the node agent redirects.\n\n"
        "Cheers,\nKasia\n\n--\nKatarzyna Wr\u00f3bel\nSenior Platform Engineer, Networking\n"
        "Fernhollow | fernhollow.example\nSent from my laptop on a train, excuse brevity\n\n"
        "On Mon, Mar 18, 2024 at 9:03 AM Priya Natarajan <priya@fernhollow.example> wrote:\n"
        "> Kasia, write up what you see on ambient, we need a decision by April.\n\n"
        "One attachment \u2022 Scanned by Gmail\nambient-arch-slide.jpg\n"
    )
    notes = split_notes(mail, glossary=glossary, markdown=False, name="fwd.txt")
    texts = [n.text for n in notes]
    assert any("no pod restart" in t for t in texts)
    after = txt(
        "One attachment \u2022 Scanned by Gmail\nslides.pdf\n"
        "Kasia said the numbers are all in the attached ambient-benchmark slides.pdf\n",
        glossary,
        "fwd.txt",
    )
    assert [n.text for n in after] == [
        "Kasia said the numbers are all in the attached ambient-benchmark slides.pdf"
    ], "a sentence ending in a file's name is no attachment"
    assert not any(
        "Fernhollow" in t or "laptop" in t or "wrote:" in t or "attachment" in t or ".jpg" in t
        for t in texts
    ), texts


DEV_TO_PAGE = """DEV Community
Log in
Create account
Cover image for What I took home from SREcon APAC 2023 in Singapore
Farah Iskandar
Posted on Jun 21, 2023
SRE Conference Notes (2 Part Series)
1 Notes from KubeCon EU 2023, the Amsterdam edition
2 What I took home from SREcon APAC 2023 in Singapore
What I took home from SREcon APAC 2023 in Singapore
Last week I spent three days at SREcon APAC 2023, paid for by the training budget at work.
DNS, again
Cause number one was ndots:5, the Kubernetes default in resolv.conf, for every external lookup.
SRE Conference Notes (2 Part Series)
Top comments (2)
Daniel Ong
• Jun 21 '23
Great write-up! The ndots thing bit us last year too, took us weeks to find it.
More from Farah Iskandar
Notes from KubeCon EU 2023, the Amsterdam edition
"""


def test_a_dev_to_series_box_comments_and_more_from_the_author_are_no_notes(
    glossary: Glossary,
) -> None:
    notes = split_notes(DEV_TO_PAGE, glossary=glossary, markdown=False, name="post.txt")
    texts = [n.text for n in notes]
    assert {n.conference for n in notes} == {"SREcon APAC 2023"}, texts
    assert not any("Amsterdam" in t or "Great write-up" in t for t in texts), texts
    assert only(notes, "ndots").talk == "DNS, again"


def test_a_title_underlined_with_carets_or_tildes_heads_its_notes(glossary: Glossary) -> None:
    source = (
        "DevOpsDays notes\n\n"
        "TALK 4/6: Blameless retros w/o the theater\n"
        "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "* they call it a learning review, not a postmortem\n"
        "* no single root cause: contributing factors instead\n\n"
        "Talk 5 - Paved roads\n"
        "~~~~~~~~~~~~~~~~~~~~\n"
        "* the golden path is optional, skipping it is feedback\n"
    )
    notes = split_notes(source, glossary=glossary, markdown=False, name="notes.txt")
    assert [n.talk for n in notes] == ["Blameless retros w/o the theater", "Paved roads"], [
        n.text for n in notes
    ]
    assert not any("^^^" in n.text or "~~~" in n.text for n in notes)


@pytest.mark.parametrize(
    ("source", "name", "markdown", "event"),
    [
        # An event the importer has no list for, named in the file's title line.
        ("PGConf.EU 2023 \u2013 shared notes\n\n- pg_stat_io shows reads per backend type\n",
         "shared.txt", False, "PGConf.EU 2023"),
        ("---\ntitle: notes\n---\n# Data + AI Summit 2024\n\nUnity Catalog went open source.\n",
         "notion.md", True, "Data + AI Summit 2024"),
        # A chat export's "06/09/2023" is June or September, but 2023 either way.
        ("Lieve Maes\n06/09/2023 08:41\n#javazone conf days\n\n"
         "Virtual threads are final in Java 21, no more reactive code for blocking calls.\n",
         "teams-java-guild.txt", False, "JavaZone 2023"),
        # A newsletter tags the event in its third section only.
        ("Platform weekly #58\nSent 7 Feb 2025\n\nThe new CI runners are live.\n\n"
         "Database upgrades are done for the quarter.\n\nOn-call handover moved to Monday.\n\n"
         "Rotation changes start next week for everyone.\n\nBudget for Q2 is approved.\n\n"
         "#cfgmgmtcamp in Ghent: Dmitri says mgmt recomputes config reactively.\n",
         "platform-weekly-58.txt", False, "Config Management Camp 2025"),
        # A city written short is said in full, as the event's other writers do.
        ("# QCon SF 2024 trip report\n\nCells cap the blast radius of a bad deploy.\n",
         "qcon.md", True, "QCon San Francisco 2024"),
        ("From: Ana\nSubject: QCon LDN '23 - recap + action items\n\n"
         "Cells cap the blast radius of a bad deploy to one slice of customers.\n",
         "recap.txt", False, "QCon London 2023"),
        # The venue stands for the edition, a day's heading dates it ("tue 18 apr 23").
        ("dok day - rai - tue 18 apr 23\n#DoKday co-lo day\n\n-- CloudNativePG\n"
         "- snapshot != backup, copy it out of the region or it does not count\n",
         "dokday-rai-tue.txt", False, "Data on Kubernetes Day EU 2023"),
        # A blog post whose title (no talk's) names the event, over its sections.
        ("Thursday, March 21, 2024\nFour days at SCaLE 21x (Nix, Tofu and Postgres)\n"
         "So I'm back from Pasadena, and I owe the team a writeup of the talks I went to.\n"
         "Nix flakes for CI runners\n"
         "Every repo has a flake.nix with a devShell, and CI runs nix develop to test.\n"
         "OpenTofu state encryption\n"
         "State is encrypted on the client, so the backend only ever sees ciphertext.\n",
         "post.txt", False, "SCaLE 21x"),
        # An event whose own name says CONF in capitals, with the year written short.
        ("[2023-10-18 07:52:14 AM] P99 CONF 23 day 1, watching from the office\n"
         "- hedged requests: send a 2nd copy after the p95 delay, cancel the other\n",
         "jrnl-perf.txt", False, "P99 CONF 2023"),
        # A hashtag runs the year into the name; the title line says it in lowercase.
        ("rustconf 2025 seattle - scratch notes #RustConf2025\n"
         "- let chains are stable in 1.88, 2024 edition only\n",
         "rustconf25-sea-scratch.txt", False, "RustConf 2025"),
        # Confluent's Current, by its capital and a year.
        ("What we brought back from Current 2023\n"
         "KRaft mode is the default for new clusters, ZooKeeper mode is deprecated.\n",
         "post.txt", False, "Current 2023"),
        # An issue page names the event without its year; its activity log dates it.
        ("Platform Infrastructure / PLAT-2231\nCapture ArgoCon EU learnings\n"
         "Created:\t27/Mar/25 4:50 PM\nUpdated:\t02/Apr/25 9:05 AM\n\n"
         "Hemi added a comment - 01/Apr/25 10:12 AM\n"
         "The source hydrator renders manifests into a separate branch for review.\n",
         "PLAT-2231-argocon-eu-learnings-jira.txt", False, "ArgoCon EU 2025"),
        # AWS's security conference, named as AWS writes it.
        ("---\ntitle: AWS re:Inforce 2024 (Philadelphia)\n---\n# AWS re:Inforce 2024\n\n"
         "Passkeys can now be registered as MFA for the root user.\n",
         "reinforce.mdx", True, "AWS re:Inforce 2024"),
        # "re:Invent" is no reply's "Re:".
        ("From: Tamsin <t@example.com>\nSubject: FW: re:Invent 23 recap - what matters\n\n"
         "Graviton4 is in preview with about 30% better compute than Graviton3.\n",
         "FW_ recap.txt", False, "AWS re:Invent 2023"),
        # A daily note tagged with KubeCon and the day held next to it: the day, in
        # KubeCon's edition.
        ("# Tue 01 Apr 2025\n\n#conf/kubecon-eu-25 #PlatEngDay\n\n"
         "- platform needs a PM, not a tech lead doing PM on fridays\n",
         "2025-04-01.md", True, "Platform Engineering Day EU 2025"),
        # LinkedIn copies a hashtag as "hashtag#KCDFrance"; the year is the post's.
        ("Platform engineer at Example\n2023-10-03\nBack from KCD, my notes below.\n"
         "Pod Security Admission replaced PSP for us, namespace by namespace.\n"
         "hashtag#KCDFrance hashtag#Kubernetes\n",
         "linkedin-post.txt", False, "KCD France 2023"),
        # Front matter's event is the KubeCon; its title names the day held next to it.
        ("---\ntitle: Cloud Native Wasm Day EU 2024\nevent: \"[[KubeCon EU 2024]]\"\n---\n"
         "- SpinKube runs the app as an OCI artifact with the .wasm and spin.toml\n",
         "Wasm Day Paris 2024.md", True, "Cloud Native Wasm Day EU 2024"),
        # A note app's linked property names the event vaguely; the title says which.
        ("---\ntitle: KubeCon + CloudNativeCon North America 2021\n"
         "conference: \"[[KubeCon]]\"\n---\n- Gateway API went beta, HTTPRoute next\n",
         "KubeCon NA 2021 (LA).md", True, "KubeCon NA 2021"),
        # A Medium post's title names an event the importer has no list for, over a byline
        # whose parts are split by lone "·" lines.
        ("Open in app\nSign up\nMember-only story\n"
         "Three days of dashboards: what our team took home from GrafanaCON 2023\n"
         "Grafana 10, TraceQL and far too much talk about cardinality\n"
         "Sanne Oudekerk\n\u00b7\nFollow\n9 min read\n\u00b7\nJun 22, 2023\n"
         "Four of us went to GrafanaCON in Amsterdam last week, and we host Mimir ourselves.\n"
         "TraceQL\nTraceQL finds slow spans across services without knowing the trace id.\n",
         "medium-post.txt", False, "GrafanaCON 2023"),
        # Its year only in a month said short on the first line.
        ("vegas apr '24 \U0001f3b0\n#GoogleCloudNext #work\n"
         "- badge pickup line 45 min, do it the night before\n\nkeynote\n"
         "- Gemini in every console, agents everywhere\n",
         "next24-lv.txt", False, "Google Cloud Next 2024"),
        # Its year only in the file's name.
        ("wed 16.11  #promcon  day 1\n- native histograms are behind a feature flag\n",
         "muc-nov-2022-prom.txt", False, "PromCon EU 2022"),
    ],
)  # fmt: skip
def test_an_event_the_file_names_its_own_way_is_found(
    glossary: Glossary, source: str, name: str, markdown: bool, event: str
) -> None:
    notes = split_notes(source, glossary=glossary, markdown=markdown, name=name)
    assert notes and {n.conference for n in notes} == {event}, [
        (n.conference, n.text) for n in notes
    ]


@pytest.mark.parametrize("markdown", [True, False])
def test_a_short_command_under_the_line_introducing_it_joins_that_note(
    glossary: Glossary, markdown: bool
) -> None:
    source = (
        "## Cardinality is a budget\n\n"
        "* Their one-liner for finding the worst offenders:\n\n"
        '    ```\n    topk(10, count by (__name__)({__name__=~".+"}))\n    ```\n\n'
        "* drop labels you never query with labeldrop before ingestion\n\n"
        "A whole config is no note:\n\n"
        "```yaml\nscrape_configs:\n  - job_name: api\n    sample_limit: 5000\n```\n"
    )
    notes = split_notes(source, glossary=glossary, markdown=markdown, name="n.md")
    offenders = only(notes, "worst offenders")
    assert offenders.text.endswith('`topk(10, count by (__name__)({__name__=~".+"}))`')
    assert not any("job_name" in n.text for n in notes)


@pytest.mark.parametrize(
    ("source", "name", "markdown", "event"),
    [
        # Keycloak, not KubeCon.
        ("We moved from KC 22 to KC 24 in March, and SSO logins stayed up throughout.\n",
         "sso-upgrade.txt", False, None),
        ("---\ndate: 2024-05-02\n---\nWe run batch day and night on spot nodes now.\n",
         "retro-2024-05.md", True, None),
        ("---\ndate: 2024-11-20\n---\nKubeCon takeaways for the SF office are below.\n\n"
         "Karpenter consolidation saves a third of our nodes at night.\n",
         "notes.md", True, "KubeCon 2024"),
        # A day held next to KubeCon named in passing is no finer name than KubeCon's.
        ("# Trip report\n\nSpent last week at KubeCon EU 2024 with the platform team.\n\n"
         "Observability Day 2024 was the best part, the OTel talks above all.\n",
         "trip.md", True, "KubeCon EU 2024"),
        # A hashtag in passing is no label of the whole file.
        ("Retro of the quarter: the CI runners moved to spot and nobody noticed.\n\n"
         + "".join(f"Item {i}: the on-call rotation changed again this quarter.\n\n"
                   for i in range(6))
         + "Ana will reuse her #SREcon23 deck for the on-call training next month.\n",
         "retro.txt", False, None),
        # A date inside a note says nothing of when the notes were written.
        ("# KCD Munich\n\n- Their postmortem from 12/05/2019 still drives the runbooks\n",
         "kcd.md", True, "KCD Munich"),
        ("# KCD Munich notes\n\n- Crossplane functions replace patch and transform\n",
         "kcd-munich-jul17.md", True, "KCD Munich"),
    ],
)  # fmt: skip
def test_words_that_only_look_like_an_event_name_none(
    glossary: Glossary, source: str, name: str, markdown: bool, event: str | None
) -> None:
    notes = split_notes(source, glossary=glossary, markdown=markdown, name=name)
    assert notes and {n.conference for n in notes} == {event}, [
        (n.conference, n.text) for n in notes
    ]


def test_lines_that_look_like_chrome_but_lead_notes_are_kept(glossary: Glossary) -> None:
    source = (
        "More from Kelsey Hightower:\n\n"
        "- Kubernetes is a platform for building platforms, not the end game\n"
        "- Most teams need fewer clusters than they think they do\n\n"
        "On the last slide, the speaker wrote:\n"
        "> Delete more YAML than you write, every single sprint.\n\n"
        "Cilium replaced kube-proxy on all clusters and p99 dropped by half.\n"
        "~~~~~~~~~~~~~~~~\n"
        "Karpenter consolidation saves a third of our nodes at night.\n"
    )
    texts = [n.text for n in split_notes(source, glossary=glossary, markdown=False, name="n.txt")]
    for kept in ("platform for building platforms", "fewer clusters", "Delete more YAML",
                 "p99 dropped by half", "third of our nodes"):  # fmt: skip
        assert any(kept in t for t in texts), (kept, texts)


def test_a_talk_s_start_time_and_bracketed_speaker_are_not_its_name(
    glossary: Glossary,
) -> None:
    source = (
        "## 11:15 RBAC in 1.6: what will break [Katrin Vogel]\n\n"
        "- kubeadm turns RBAC on by default, the default SA loses its rights\n"
    )
    notes = split_notes(source, glossary=glossary, name="notes.md")
    assert [n.talk for n in notes] == ["RBAC in 1.6: what will break"]
    raw = (
        "Rejekts day 1, raw notes\n\n"
        "[SUN 10:15] netkit: how we stopped paying the veth tax -- hosting provider, 2 SREs\n"
        "* netkit needs kernel 6.8+ and bpf host routing\n\n"
        "GitOps -- the good parts\n"
        "* drift shows up in the UI before anyone gets paged\n"
    )
    notes = split_notes(raw, glossary=glossary, markdown=False, name="notes.txt")
    assert [n.talk for n in notes] == [
        "netkit: how we stopped paying the veth tax",
        "GitOps -- the good parts",
    ]


def test_a_paragraph_that_names_the_next_talk_opens_it(glossary: Glossary) -> None:
    page = (
        "Back from the summit\nby Meiling Zhou | July 24, 2019\n"
        "Ten thousand nodes in one cluster\n"
        "etcd slowed down badly once the database grew beyond a few tens of gigabytes.\n"
        "The OpenKruise talk was the most practical hour of the week for us.\n"
        "Advanced StatefulSet adds in-place updates when only the image changes.\n"
        "Native sidecar containers are now stable: they start before the app.\n"
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="post.txt")
    assert only(notes, "etcd slowed").talk == "Ten thousand nodes in one cluster"
    assert only(notes, "in-place updates").talk == "OpenKruise talk"
    assert only(notes, "Native sidecar").talk == "OpenKruise talk", "a statement is no talk"


def test_raw_markdown_notes_mark_talks_many_ways(glossary: Glossary) -> None:
    source = (
        "OSS day 2 notes\n\n"
        "## 09:30 Kubernetes 1.28 - what's new\n\n- sidecar containers are alpha\n\n"
        "TALK: vcluster for dev envs (Loft)\n\n- every dev is cluster-admin in a vcluster\n\n"
        "-- GitOps w/o git? Flux + OCI artifacts --\n\n- flux push artifact packs manifests\n\n"
        "Kyverno 1.10 in a multi-tenant cluster\n=====================================\n\n"
        "- cleanup policies delete preview namespaces on a schedule\n\n"
        ":::tip What we will try\nKyverno cleanup policies in staging first.\n:::\n"
    )
    notes = split_notes(source, glossary=glossary, name="notes.md")
    assert only(notes, "cluster-admin").talk == "vcluster for dev envs (Loft)"
    assert only(notes, "flux push").talk == "GitOps w/o git? Flux + OCI artifacts"
    assert only(notes, "preview namespaces").talk == "Kyverno 1.10 in a multi-tenant cluster"
    assert only(notes, "in staging first").text.startswith("What we will try: Kyverno")
    assert not any(":::" in n.text for n in notes)


def test_a_comments_link_above_the_post_does_not_cut_it(glossary: Glossary) -> None:
    page = "\n".join(
        [
            "jump to content",
            "my subreddits",
            "kubernetes",
            "comments",
            "want to join? Log in or sign up in seconds.",
            "KubeCon 2016 Seattle recap from a three-person ops team",
            "submitted 6 days ago by ops_otter_pdx",
            "Talk 1: What's coming in Kubernetes 1.5",
            "PetSet is renamed to StatefulSet and goes to beta in 1.5.",
            "PodDisruptionBudget goes to beta as well, and kubectl drain respects it now.",
            "The Container Runtime Interface is alpha: the kubelet talks gRPC to the runtime.",
            "12 comments share save hide give gold report",
            "[\u2013]sysadmin_mike 3 points 5 days ago",
            "Great write-up, thanks! Did anyone go to the Helm talk?",
        ]
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="post.txt")
    texts = [n.text for n in notes]
    assert any("StatefulSet" in t for t in texts), "the post is kept"
    assert not any("Great write-up" in t for t in texts), "the comments below it are not"


def test_an_exported_chat_puts_each_message_after_its_header(glossary: Glossary) -> None:
    export = (
        "Room: #infra-guild:example.org\n\n"
        "Sat, Feb 4 2023, 10:42 - Jonas Richter: [Go devroom] what's new in go 1.20\n"
        "- errors.Join wraps several errors, errors.Is checks every one of them\n"
        "Sat, Feb 4 2023, 10:49 - Tomasz Nowak: yep, needs 1.20 in the build image\n\n"
        "Sat, Feb 4 2023, 11:58 - Eero Lahtinen: [Monitoring devroom] tail sampling w/ the"
        " otel collector, lessons from a travel site\n"
        "- tail sampling only works if all spans of a trace reach the same collector\n"
    )
    notes = split_notes(export, glossary=glossary, markdown=False, name="fosdem23.txt")
    assert only(notes, "errors.Join").talk == "[Go devroom] what's new in go 1.20"
    assert only(notes, "all spans").talk == (
        "[Monitoring devroom] tail sampling w/ the otel collector, lessons from a travel site"
    )
    assert not any("Richter" in n.text or "10:42" in n.text for n in notes)


def test_an_event_named_only_in_passing_is_the_notes_conference(glossary: Glossary) -> None:
    page = (
        "Ask the SREs\nby Tollbridge Engineering | November 2, 2019\n"
        "Two of our engineers spent the first week of October at SREcon19 EMEA.\n"
        "Retry budgets\n"
        "Every layer retrying three times means 27 calls at the bottom for one click.\n"
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="ask-the-sres.txt")
    assert {n.conference for n in notes} == {"SREcon EMEA 2019"}
    raw = (
        "eBPF Summit 2023 -- notes, wed 13 sept (virtual)\n\n## Keynote\n"
        "- Tetragon 1.0 is out, with enforcement through kprobes and LSM hooks\n"
    )
    notes = split_notes(raw, glossary=glossary, name="room-kelvin.md")
    assert {n.conference for n in notes} == {"eBPF Summit 2023"}


def test_a_telegram_export_keeps_each_message_apart_from_its_header(
    glossary: Glossary,
) -> None:
    export = (
        "Gonçalo Antunes, [17.10.2024 21:15]\n"
        "Please dump what you learn at KCD Porto here, short is fine\n\n"
        "Rúben Simões, [18.10.2024 8:52]\n[Photo]\n\n"
        "Rúben Simões, [18.10.2024 10:40]\n"
        "Kyverno policies as CEL\n"
        "- ValidatingPolicy runs in the API server, no webhook on the path\n"
    )
    notes = split_notes(export, glossary=glossary, markdown=False, name="kcd-porto.txt")
    texts = " ".join(n.text for n in notes)
    assert "[18.10.2024" not in texts and "[Photo]" not in texts
    assert only(notes, "no webhook").talk == "Kyverno policies as CEL"


def test_a_post_of_a_thread_over_bullets_is_no_title(glossary: Glossary) -> None:
    thread = (
        "GitOpsCon thread\n\n"
        "7/19 - verify the artifact with cosign before Flux applies anything\n"
        "- GA of the core Flux APIs targeted for early 2023\n"
    )
    notes = split_notes(thread, glossary=glossary, markdown=False, name="thread.txt")
    assert any("verify the artifact with cosign" in n.text for n in notes), "no text lost"


COPIED_POSTS = """\
Post
See new posts
Conversation
Ines Varga 🛰️
@ines_varga
I'm at ContainerDays today. Thread of what I learn, mostly about image builds and eBPF 🧵 1/6
9:02 AM · Sep 11, 2024
·
14
Reposts
61
Likes
Ines Varga 🛰️
@ines_varga
·
Sep 11
2/6 BuildKit cache mounts cut our Go builds from 9 to 2 min, the module cache survives
3
Ines Varga 🛰️
@ines_varga
·
Sep 11
3/6 Tetragon can kill a process on a matching syscall, synchronously, before the write lands
Pavel Novak
@pnovak@hachyderm.example
·
Sep 11
Replying to @ines_varga
we did this for crypto miners in CI runners, works great
Ines Varga 🛰️
@ines_varga
·
Sep 11
4/6 rootless BuildKit in GitLab runners, no privileged docker-in-docker anymore
Quote
Likes
"""


def test_a_copied_post_thread_keeps_the_posts_not_names_handles_dates_or_counters(
    glossary: Glossary,
) -> None:
    notes = split_notes(COPIED_POSTS, glossary=glossary, markdown=False, name="thread.txt")
    texts = [n.text for n in notes]
    for post in ("module cache survives", "kill a process on a matching syscall",
                 "crypto miners in CI runners", "no privileged docker-in-docker"):  # fmt: skip
        assert sum(post in t for t in texts) == 1, post
    chrome = ("Ines Varga", "Pavel Novak", "@ines_varga", "@pnovak", "Sep 11", "Reposts",
              "Likes", "Replying to", "Quote")  # fmt: skip
    for n in notes:
        assert not any(c in n.text for c in chrome), n.text
        assert n.talk is None or not any(c in n.talk for c in chrome), n.talk


@pytest.mark.parametrize(
    ("line", "dated"),
    [("Oct 24", True), ("Tue, 25 October 2022", True), ("2022-10-24", True),
     ("24. Oct", True), ("Oct 24: Argo CD 2.5 is out", False), ("May the load be balanced", False),
     ("10/29/24", True), ("29.10.2024", True), ("1.28.10", False), ("2/8", False)],
)  # fmt: skip
def test_a_date_alone_is_no_heading_and_no_note(line: str, dated: bool) -> None:
    assert debris.is_date_only(line) is dated


def test_a_quoted_title_over_bullets_is_a_talk_in_raw_notes(glossary: Glossary) -> None:
    raw = (
        "eBPF Summit 2023 -- notes\n\n"
        "LIGHTNING TALKS (5 min each)\n"
        "> Aya: eBPF in pure Rust\n"
        "- kernel side + userspace side both Rust, no libbpf needed\n"
        "> Inspektor Gadget\n"
        "- `top tcp` per pod, nice for who is hammering the DB\n"
    )
    notes = split_notes(raw, glossary=glossary, markdown=False, name="ebpf.txt")
    rust = next(n for n in notes if "no libbpf" in n.text)
    assert rust.talk == "Aya: eBPF in pure Rust"
    assert "Inspektor" not in rust.text
    assert next(n for n in notes if "top tcp" in n.text).talk == "Inspektor Gadget"


TABLES = """\
## 100 million active series on Mimir

| Thing | What they do | Why |
| :---- | :---- | :---- |
| Zones | 3 zones, zone-aware replication, RF 3 | lose a whole zone without losing writes |
| Late data | out\\_of\\_order\\_time\\_window set to 2h | devices buffer, send old samples later |

## Thanos or Cortex?

| | Thanos | Cortex |
|---|---|---|
| Storage | object storage (S3, GCS) | chunks in Bigtable, DynamoDB or Cassandra |
| CNCF status | sandbox | sandbox |

## Schedule

| Time | Room | Talk |
|---|---|---|
| 10:30 | Hall A | Mimir at scale |
| 11:15 | Hall B | Thanos deep dive |
"""


def test_a_table_of_sentences_gives_a_note_per_row_and_a_schedule_none(
    glossary: Glossary,
) -> None:
    notes = md(TABLES, glossary)
    zones = next(n for n in notes if "zone-aware replication" in n.text)
    assert zones.text.startswith("Zones: 3 zones")
    assert "lose a whole zone without losing writes" in zones.text
    assert zones.talk == "100 million active series on Mimir"
    assert any("out_of_order_time_window set to 2h" in n.text for n in notes)
    storage = next(n for n in notes if "Bigtable" in n.text)
    # A comparison's row says which column is which.
    assert "Thanos: object storage (S3, GCS); Cortex: chunks in Bigtable" in storage.text
    assert any(n.text == "CNCF status — Thanos: sandbox; Cortex: sandbox" for n in notes)
    assert not any("Hall A" in n.text for n in notes), "a schedule gives no note"


IRC_LOG = """\
--- Log opened Thu Jun 29 07:41:02 2023
07:41 -!- sanne [~sanne@host.example] has joined #ops
07:41 -!- Topic for #ops: veldspaat ops | oncall: rkoster
07:41 [Users #ops]
07:41 [@rkoster] [ jdb] [ sanne]
07:45 < pieterv> https://devopsdays.org/events/2023-amsterdam/program
09:31 < pieterv> == keynote: on-call without burning people out ==
09:32 < pieterv> - max 1 week in 6, never alone: primary + secondary on every rotation
09:34 < pieterv> - a night with a page = next day off, automatically, nobody has to ask
09:36 <@rkoster> sanne: does flagd do percentage rollouts or is that vendor only
09:37 < sanne> rkoster: fractional evaluation is in flagd, he showed a 10/90 split
10:58  * sanne found stroopwafels at the sponsor booths
--- Log closed Thu Jun 29 18:22:09 2023
"""


def test_an_irc_log_keeps_messages_not_timestamps_nicks_or_client_lines(
    glossary: Glossary,
) -> None:
    notes = split_notes(IRC_LOG, glossary=glossary, markdown=False, name="ops-irclog.txt")
    texts = [n.text for n in notes]
    for said in ("never alone: primary + secondary", "next day off", "fractional evaluation"):
        assert sum(said in t for t in texts) == 1, said
    assert_dropped(
        texts, "-!-", "Log opened", "Log closed", "[Users", "07:41", "< pieterv>", "* sanne"
    )
    rotation = next(n for n in notes if "primary + secondary" in n.text)
    assert rotation.talk == "keynote: on-call without burning people out"
    # A one-line message asking a question is no talk title.
    assert next(n for n in notes if "fractional" in n.text).talk == rotation.talk
    assert rotation.conference == "DevOpsDays Amsterdam 2023"


APPLE_NOTES = (
    "SREcon APAC 24 - Syd\n"
    "shared note, pls dont reorder\n\n"
    "- logistics\n"
    "\t- train from airport to town hall ~15min, opal card tap on w/ phone works\n"
    "\t- hotel 5 min walk from venue, bring a real jacket\n"
    "\t- flat white at the cart across the road was v good\n\n"
    "- Keynote - SLOs are a product decision\n"
    "\t- error budget policy is signed by the product owner, not just sre\n"
    "\t- budget exhausted -> feature freeze for that service until back in budget\n"
    "\t- multiwindow multi burn rate alerts, the numbers from the workbook:\n"
    "\t\t◦ 14.4x burn over 1h (w/ 5m short window) -> page\n"
    "\t\t◦ 1x over 3d -> ticket only, nobody gets woken up\n\n"
    "- Cells: shrinking the blast radius (payments co)\n"
    "\t- each cell = full copy of the stack serving a slice of customers\n"
    "\t- cell router is deliberately dumb: customer id -> cell lookup, cached\n"
    "\t- a bad deploy only hits 1/N of customers. they run 12 cells so ~8%\n"
)

WORKFLOWY = (
    "- SREcon25 Americas, Santa Clara, Mar 25-27 2025 #conference\n"
    '  "raw notes, cleanup never"\n'
    "  - Retries: the call is coming from inside the house\n"
    '    "speaker: staff SRE at a CDN"\n'
    "    - 3 layers each doing 3 retries -> worst case 27x amplification\n"
    "    - fix #1: retry budget per client, capped at 10% of normal requests\n"
    "      - once the budget is empty the client fails fast instead of retrying\n"
    "    - exp backoff w/o jitter is just a synchronized retry storm\n"
    "  - Profiling is the fourth pillar now (OTel profiles)\n"
    "    - the eBPF profiler that Elastic donated runs as a collector receiver\n"
    "    - symbolization happens server side, agent only sends addresses\n"
    "    - frame pointers matter again: Ubuntu 24.04 builds with them by default\n"
)


def test_an_outline_s_bullets_with_bullets_under_them_are_talks(glossary: Glossary) -> None:
    notes = split_notes(APPLE_NOTES, glossary=glossary, markdown=False, name="SREcon APAC 24.txt")
    budget = next(n for n in notes if "product owner" in n.text)
    assert budget.talk == "Keynote - SLOs are a product decision"
    burn = next(n for n in notes if "multiwindow" in n.text)
    assert "14.4x burn over 1h" in burn.text, "a sub-bullet stays with its bullet"
    cells = next(n for n in notes if "cell router" in n.text)
    assert cells.talk == "Cells: shrinking the blast radius (payments co)"
    assert not any("opal card" in n.text or n.talk == "logistics" for n in notes)
    assert {n.conference for n in notes} == {"SREcon APAC 2024"}


def test_a_workflowy_outline_under_one_bullet_has_that_as_its_title(glossary: Glossary) -> None:
    notes = split_notes(WORKFLOWY, glossary=glossary, markdown=False, name="workflowy.txt")
    retries = next(n for n in notes if "27x amplification" in n.text)
    assert retries.talk == "Retries: the call is coming from inside the house"
    assert retries.conference == "SREcon Americas 2025"
    budget = next(n for n in notes if "retry budget" in n.text)
    assert "fails fast" in budget.text
    profiler = next(n for n in notes if "Elastic donated" in n.text)
    assert profiler.talk == "Profiling is the fourth pillar now (OTel profiles)"
    assert "27x" not in profiler.text


MAIL = """\
From: Declan <declan@kilnworth.example>
Subject: RE: OSS EU Dublin - my notes

Back in the office Monday. My notes from the three days are below.

*Rust in the kernel*
Initial Rust support is lined up for the 6.1 merge window, barring surprises.
The build pins an exact compiler version, 1.62 right now, plus bindgen.

Sent from my iPhone

Declan Byrne
Senior Platform Engineer | Kilnworth Systems
This message and any attachments are confidential and intended solely for the addressee(s).
"""


def test_a_mail_s_emphasised_titles_are_talks_and_its_signature_no_note(
    glossary: Glossary,
) -> None:
    notes = split_notes(MAIL, glossary=glossary, markdown=False, name="RE_ notes.txt")
    rust = next(n for n in notes if "merge window" in n.text)
    assert rust.talk == "Rust in the kernel"
    for chrome in ("Sent from my iPhone", "Kilnworth Systems", "confidential"):
        assert not any(chrome in n.text or chrome in (n.talk or "") for n in notes), chrome


def test_raw_notes_marking_talks_with_one_bullet_and_notes_with_another(
    glossary: Glossary,
) -> None:
    raw = (
        "KubeCon China 2021 (virtual) -- my notes\n\n"
        "* Karmada: multi-cluster w/o rewriting manifests (Huawei + a bank)\n"
        "- karmada has its own apiserver -> you kubectl apply a plain Deployment to it\n"
        "- PropagationPolicy says which clusters get it: by name, label or region\n"
        "* OpenKruise @ Alibaba (in-place updates)\n"
        "- CloneSet = fancier Deployment. if only the image changes, the container restarts\n"
        "- SidecarSet: upgrade sidecars independent of the app container\n"
    )
    notes = split_notes(raw, glossary=glossary, markdown=False, name="kcc21.txt")
    assert not any(n.text.startswith("OpenKruise @") for n in notes), "a talk is no note"
    clone = next(n for n in notes if "CloneSet" in n.text)
    assert clone.talk == "OpenKruise @ Alibaba (in-place updates)"
    assert next(n for n in notes if "PropagationPolicy" in n.text).talk.startswith("Karmada")
    # One marker throughout is one list of notes.
    same = raw.replace("* ", "- ")
    plain = split_notes(same, glossary=glossary, markdown=False, name="kcc21.txt")
    assert all(n.talk is None for n in plain)


def test_a_line_that_only_says_where_the_slides_are_gives_its_link_to_the_note_before(
    glossary: Glossary,
) -> None:
    notes = md(
        "## proxy-wasm at scale\n\n"
        "Every Envoy worker thread gets its own VM instance of the filter.\n\n"
        "Slides: [proxy-wasm at scale (PDF)](https://slides.example/proxy-wasm_(final).pdf)\n",
        glossary,
    )
    assert len(notes) == 1 and "Every Envoy worker thread" in notes[0].text
    assert notes[0].links == ("https://slides.example/proxy-wasm_(final).pdf",)


def test_only_a_chat_message_s_first_line_may_name_a_talk(glossary: Glossary) -> None:
    thread = (
        "Marco Rossi  10:31 AM\n"
        "API server CVE (CVE-2018-1002105) - emergency session\n"
        "the apiserver kept a proxied connection open after a failed upgrade request\n"
        "patched in 1.10.11, 1.11.5 and 1.12.3 - patch first, ask questions later\n"
        "the follow-up requests look like normal apiserver traffic in the logs, so no reliable "
        "way to detect if someone used it\n"
        "Dana Whitfield  10:33 AM\n"
        "we're on 1.11.3 in prod, ticket INFRA-2231, Kalle pls look today\n"
        "Kalle Nurmi  10:40 AM\n"
        "on it. GKE masters already patched per their bulletin\n"
    )
    notes = split_notes(thread, glossary=glossary, markdown=False, name="slack.txt")
    patched = next(n for n in notes if "patched in 1.10.11" in n.text)
    assert patched.talk == "API server CVE (CVE-2018-1002105) - emergency session"
    assert all(n.talk == patched.talk for n in notes)


SITE_MARKUP = """\
---
title: BackstageCon EU 2024
---
import Tabs from '@theme/Tabs';

{{< figure src="/img/room.jpg" caption="Ten minutes before the keynote, a full room." >}}

## Catalog hygiene

{{% notice tip %}}
Discovery via the GitHub entity provider replaced 3,000 hand-registered locations.
{{% /notice %}}

<Tabs>
Orphaned entities are deleted by a weekly job once their catalog-info.yaml is gone.
</Tabs>

{/* TODO: add the recording links */}

<Cards.Card title="Handbook" href="/handbook" /> <Cards.Card title="Index" href="/x" />

```ts
import { createBackend } from '@backstage/backend-defaults';
```
"""


def test_site_generator_markup_is_no_note_and_what_it_wraps_is(glossary: Glossary) -> None:
    notes = md(SITE_MARKUP, glossary)
    texts = "\n".join(n.text for n in notes)
    assert "GitHub entity provider replaced 3,000" in texts
    assert "Orphaned entities are deleted" in texts
    for markup in (
        "{{",
        "%}}",
        "figure",
        "Ten minutes before",
        "import Tabs",
        "<Tabs>",
        "TODO",
        "Cards",
    ):
        assert markup not in texts, markup
    assert all(n.talk == "Catalog hygiene" for n in notes)


def test_a_logseq_page_s_properties_are_its_front_matter_and_no_note(glossary: Glossary) -> None:
    page = (
        "title:: Rejekts/AMS 2023\n"
        "date:: [[Apr 15th, 2023]]\n"
        "tags:: rejekts, ebpf\n\n"
        "- ## Cilium netkit\n"
        "  collapsed:: true\n"
        "\t- netkit devices replace veth pairs, pod networking about as fast as the host\n"
        "\t- ```yaml\n"
        "\t  bpf: {datapathMode: netkit}\n"
        "\t  ```\n"
        "- ## Tetragon\n"
        "  collapsed:: true\n"
        "\t- enforcement kills the process before the write syscall returns\n"
    )
    notes = split_notes(page, glossary=glossary, name="rejekts___ams-2023.md")
    texts = "\n".join(n.text for n in notes)
    assert "::" not in texts and "collapsed" not in texts
    assert {n.event_date for n in notes} == {date(2023, 4, 15)}
    assert next(n for n in notes if "write syscall" in n.text).talk == "Tetragon"
    # Each heading of the outline heads the bullets under it, not the last heading all.
    assert next(n for n in notes if "netkit devices" in n.text).talk == "Cilium netkit"


def test_a_matrix_export_s_reactions_end_a_message(glossary: Glossary) -> None:
    export = (
        "Sat, Feb 4 2023, 10:31 - Jonas Richter: [Go devroom] what's new in go 1.20\n"
        "- PGO preview: go build -pgo=cpu.pprof w/ a CPU profile taken from prod\n"
        "- arena package is an experiment behind GOEXPERIMENT=arenas, speaker: please don't\n"
        "Reactions: 🚀 3\n"
        "Sat, Feb 4 2023, 10:47 - Tomasz Nowak:\n"
        "[In reply to Jonas Richter]\n"
        "coverage for integration tests finally, that's a PR this week\n"
    )
    notes = split_notes(export, glossary=glossary, markdown=False, name="matrix.txt")
    texts = "\n".join(n.text for n in notes)
    assert "Reactions" not in texts and "In reply to" not in texts and "10:47" not in texts
    arena = next(n for n in notes if "GOEXPERIMENT" in n.text)
    assert "coverage" not in arena.text


def test_a_wordpress_comment_thread_ends_the_post(glossary: Glossary) -> None:
    page = "\n".join(
        [
            "Six things we brought home from PromCon EU 2023",
            "by Mirela Stanciu",
            "October 10, 2023",
            "Native histograms keep one series per histogram instead of one per bucket.",
            "Remote write 2.0 sends each string once per request, so requests shrink a lot.",
            "The ScrapeConfig CRD lets the operator scrape targets outside Kubernetes.",
            "Subscribe to Larchfield Engineering",
            "Type your email…",
            "Join 1,318 other subscribers",
            "2 thoughts on \u201cSix things we brought home from PromCon EU 2023\u201d",
            "Koen Wijnands",
            "October 11, 2023 at 9:14 am",
            "The ScrapeConfig bit is exactly what we need for our SNMP exporters, thanks.",
            "Reply",
            "Ines Moreau",
            "October 12, 2023 at 8:02 am",
            "Great write-up! Did the speaker say anything about exemplars?",
            "Reply",
            "Arjun Mehta",
            "October 12, 2023 at 9:40 am",
            "Great write-up. We run native histograms since 2.40: recording rules on them need"
            " the histogram_ functions, the old _bucket rules silently return nothing.",
            "Reply",
            "Platform engineer at Larchfield. Prometheus, Go and too much coffee",
        ]
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="post.txt")
    texts = "\n".join(n.text for n in notes)
    assert "Remote write 2.0" in texts and "ScrapeConfig CRD" in texts
    assert "SNMP" not in texts and "Koen" not in texts and "subscribers" not in texts
    # praise, thanks and questions in the comment thread are no notes; a comment that
    # adds what the team learned is one, under no talk of the post's, without its praise
    assert "exemplars" not in texts and "too much coffee" not in texts
    added = only(notes, "histogram_ functions")
    assert added.text.startswith("We run native histograms") and added.talk is None
    # ... and credited to no one rather than to the post's author
    assert added.author is None and only(notes, "ScrapeConfig CRD").author == "Mirela Stanciu"


def test_a_comment_that_adds_a_talk_names_it_for_what_it_teaches(
    glossary: Glossary,
) -> None:
    page = "\n".join(
        [
            "Four talks from KubeCon Salt Lake City",
            "by Nadia Okafor",
            "November 20, 2024",
            "Istio ambient mode",
            "Ambient mode moves the mesh out of the pods, so upgrades no longer restart apps.",
            "The waypoint proxy only runs where a namespace needs layer 7 policy.",
            "Gateway API everywhere",
            "The mesh and the ingress now share one API, so one HTTPRoute serves both.",
            "Route delegation lets the platform team own the listener and apps own routes.",
            "Karpenter and DRA",
            "Karpenter now reads device claims, so it launches the right GPU node first.",
            "Consolidation leaves nodes with a bound claim alone until the claim ends.",
            "3 Comments",
            "Tavish Greer",
            "5 days ago",
            'I spent Thursday afternoon in "CloudNativePG at 200 clusters" instead of the'
            " OpenTelemetry talk, so here is that one.",
            "Each Postgres instance is its own pod with its own PVC, with no StatefulSet"
            " underneath, so the operator picks which replica to promote.",
            "Reply",
            "Odile Marchetti",
            "Tavish Greer",
            "4 days ago",
            "Did they say anything about major version upgrades?",
            "Reply",
            "Tavish Greer",
            "Odile Marchetti",
            "4 days ago",
            "Not in place. They do a major upgrade by bootstrapping a new cluster that imports"
            " the old one, then they move the service over.",
            "Reply",
            "Wen Liao",
            "3 days ago",
            'Mine was the maintainers\' update, "ingress-nginx: the road to InGate". Short'
            " version for anyone who owns an Ingress:",
            "allow-snippet-annotations has defaulted to false since 1.9, and they asked people"
            " to stop turning it back on, because snippets brought most of the CVEs.",
            "Bram Hoekstra",
            "2 days ago",
            'We hit "context deadline exceeded from etcd" after the Karpenter upgrade, and'
            " consolidation evicted our Kafka brokers twice in one week.",
        ]
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="post.txt")
    pvc = only(notes, "own PVC")
    assert pvc.talk == "CloudNativePG at 200 clusters" and pvc.text.startswith("CloudNativePG: ")
    # the next commenter's comment is not that talk's (a reply is kept, under no talk: its
    # header's names are page debris); a quoted title there opens its own
    assert only(notes, "bootstrapping a new cluster").talk is None
    snippets = only(notes, "allow-snippet-annotations")
    assert snippets.talk == "ingress-nginx: the road to InGate"
    # another commenter's comment is not that talk's, and a quoted error is no talk
    assert only(notes, "Kafka brokers").talk is None
    assert only(notes, "one HTTPRoute").talk == "Gateway API everywhere"


def test_a_section_about_lunch_or_travel_gives_no_notes_but_keeps_what_names_the_field(
    glossary: Glossary,
) -> None:
    raw = (
        "[SUN 11:00] kro vs crossplane compositions -- platform team from a bank\n"
        "* kro ResourceGraphDefinitions generate a CRD per graph, no composition functions\n"
        "* crossplane is way more mature, providers cover every AWS service they need\n\n"
        "[SUN 12:00] lunch\n"
        "* sandwiches, the vegan ones went in 5 min. coffee is strong, no complaints\n"
        "* venue is a converted warehouse, basement room B has zero phone signal\n\n"
        "[MON 12:00] food + travel\n"
        "* Elizabeth line from Heathrow was 35 min, way easier than the Piccadilly line\n"
        "* KEDA's prometheus scaler needed its own read replica at 400 ScaledObjects\n"
    )
    notes = split_notes(raw, glossary=glossary, markdown=False, name="rejekts.txt")
    texts = "\n".join(n.text for n in notes)
    assert "sandwiches" not in texts and "warehouse" not in texts and "Heathrow" not in texts
    assert "ResourceGraphDefinitions" in texts
    assert "read replica at 400 ScaledObjects" in texts, "what names the field stays"
    assert not any(n.talk in {"lunch", "food + travel"} for n in notes)


MKDOCS = """\
---
title: Open Source Summit EU 2025
---

## The Cyber Resilience Act, one year in

*Policy lead at a foundation*
{: .speaker }

=== "Manufacturers"

    - Actively exploited vulnerabilities: early warning within 24 hours, a report in 72.
    - You need an SBOM covering at least the top-level dependencies.

!!! tip "Our take"
    The reporting duty starts in September 2026, long before the rest.

*[CRA]: Cyber Resilience Act
"""


def test_mkdocs_tabs_and_admonitions_are_read_not_dropped_as_code(glossary: Glossary) -> None:
    notes = md(MKDOCS, glossary)
    texts = "\n".join(n.text for n in notes)
    assert "early warning within 24 hours" in texts
    assert "top-level dependencies" in texts
    assert "Our take: The reporting duty starts in September 2026" in texts
    for markup in ("{:", "===", "!!!", "*[CRA]"):
        assert markup not in texts, markup


def test_a_table_of_contents_is_no_note_and_names_no_talk(glossary: Glossary) -> None:
    page = "\n".join(
        [
            "Six things we brought home from PromCon EU 2023",
            "Contents",
            "hide",
            "1. The road to Prometheus 3.0",
            "2. Native histograms in production",
            "The road to Prometheus 3.0",
            "UTF-8 metric and label names are the headline change of the next major version.",
            "Native histograms in production",
            "One series per histogram instead of one per bucket cut their series by 87%.",
        ]
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="post.txt")
    assert [n.talk for n in notes] == [
        "The road to Prometheus 3.0",
        "Native histograms in production",
    ]


def test_raw_notes_with_numbered_talks_and_a_speaker_line(glossary: Glossary) -> None:
    raw = (
        "KCD AMSTERDAM 2023 (ipad)\n\n"
        "#1 09:40 KEYNOTE \u2013 registry.k8s.io + whats new in 1.26\n"
        "by Marieke Doornbos (SIG K8s Infra contributor)\n"
        "- k8s.gcr.io gets FROZEN on 3 april, no new image tags pushed there after that\n"
        "- registry.k8s.io redirects you to a mirror close to where you pull from\n\n"
        "TALK> [D.go] 10:30 Generics in Go 1.18, a practical tour\n"
        "- `comparable` is builtin, needed for map keys\n"
        "- NO type params on methods, only on funcs and types\n"
    )
    notes = split_notes(raw, glossary=glossary, markdown=False, name="kcdams23_ipad_notes.txt")
    frozen = next(n for n in notes if "FROZEN" in n.text)
    assert frozen.talk == "KEYNOTE \u2013 registry.k8s.io + whats new in 1.26"
    assert frozen.conference == "KCD Amsterdam 2023"
    assert not any("Marieke" in n.text for n in notes)
    assert next(n for n in notes if "comparable" in n.text).talk == (
        "Generics in Go 1.18, a practical tour"
    )


def test_a_pasted_code_line_is_no_talk(glossary: Glossary) -> None:
    page = "\n".join(
        [
            "State encryption in OpenTofu 1.7",
            "Key providers wrap the data key; pbkdf2 for a passphrase, aws_kms for KMS.",
            "method = method.unencrypted.migrate",
            "The migrate method reads unencrypted state once and writes it back encrypted.",
        ]
    )
    notes = split_notes(page, glossary=glossary, markdown=False, name="post.txt")
    assert all(n.talk != "method = method.unencrypted.migrate" for n in notes)


def test_a_technical_sentence_that_says_travel_is_no_trip_chat() -> None:
    technical = (
        "During a full sync the RDB snapshot and the replication stream travel over two "
        "separate connections, so the primary no longer buffers the backlog in memory."
    )
    assert not debris.is_chat(technical, technical=False)
    assert debris.is_chat(
        "We travelled by train and the hotel was next to the venue.", technical=False
    )


QUARTO = """\
---
title: "Observability Day EU 2023"
format: html
---

## Profiling with Pyroscope

::: {.callout-tip}
## Our take
Continuous profiling at 100 Hz cost them under 2% CPU on the busiest pods.
:::

::: {.panel-tabset}
### Go
pprof endpoints are scraped every 15 seconds by the agent.
:::

```{python}
import pandas as pd
```
"""


def test_quarto_divs_and_callouts_are_read_not_shown(glossary: Glossary) -> None:
    notes = split_notes(QUARTO, glossary=glossary, name="obsday.qmd")
    texts = "\n".join(n.text for n in notes)
    assert "Our take: Continuous profiling at 100 Hz" in texts
    assert ":::" not in texts and "callout" not in texts and "pandas" not in texts
    take = next(n for n in notes if "100 Hz" in n.text)
    assert take.talk == "Profiling with Pyroscope", "a callout's title is no talk"


def test_raw_notes_between_tilde_rules_are_notes_not_code(glossary: Glossary) -> None:
    raw = (
        "OpenTofu Day EU \u2014 Paris, mardi 19/03/2024\n"
        "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "9h10 :: WELCOME + STATE OF OPENTOFU (core team)\n"
        "- new registry = a GitHub repo w/ JSON metadata, served as static files from a CDN\n"
        "- provider binaries come straight from the GitHub releases of each provider\n"
        "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "9h40 :: STATE ENCRYPTION DEEP DIVE (maintainer)\n"
        "- client-side encryption of state AND plan files, the backend only sees ciphertext\n"
        '  key_spec = "AES_256"\n'
        "- lose the key = lose the state, there is NO recovery\n"
    )
    notes = split_notes(raw, glossary=glossary, markdown=False, name="OTD_Paris_19-03-2024.txt")
    registry = next(n for n in notes if "JSON metadata" in n.text)
    # "(core team)", "(maintainer)": who gave the talk, not part of its name
    assert registry.talk == "WELCOME + STATE OF OPENTOFU"
    assert registry.conference == "OpenTofu Day EU 2024"
    assert registry.event_date == date(2024, 3, 19)
    assert next(n for n in notes if "ciphertext" in n.text).talk == ("STATE ENCRYPTION DEEP DIVE")
    assert all(n.talk and "key_spec" not in n.talk for n in notes)


@pytest.mark.parametrize(
    ("written", "day"),
    [("mardi 19/03/2024", date(2024, 3, 19)), ("03/19/2024", date(2024, 3, 19)),
     ("on 19.03.2024 in Paris", date(2024, 3, 19)), ("04/05/2024", None)],
)  # fmt: skip
def test_a_numeric_date_is_read_only_when_its_day_is_unambiguous(
    written: str, day: date | None
) -> None:
    assert debris.first_date(written) == day


def test_outlook_headers_in_other_languages_image_placeholders_and_box_rules_are_chrome(
    glossary: Glossary,
) -> None:
    mail = (
        "差出人: 佐藤 健太 (Kenta Sato) <k.sato@kiriyama.example>\n"
        "送信日時: 2023年12月8日 18:02\n"
        "件名: FW: Open Source Summit Japan 2023 report\n\n"
        "━━━━━━━━━━━━━━━━━━━━\n"
        "The first Rust driver, a network PHY driver, is in its last review round.\n"
        "━━━━━━━━━━━━━━━━━━━━\n"
        "[cid:image001.png@01DA2C0E.4F7B9A30] 田辺 浩 / Hiroshi Tanabe\n"
    )
    notes = split_notes(mail, glossary=glossary, markdown=False, name="fw-report.txt")
    texts = "\n".join(n.text for n in notes)
    assert "PHY driver" in texts
    for chrome in ("差出人", "送信日時", "cid:", "━━"):
        assert chrome not in texts, chrome


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        # a bare "--" between talks is no mail signature
        (
            "Karpenter deep dive\n- consolidation cut our node bill by 30%\n- budgets per pool\n"
            "--\nCilium talk\n- kube-proxy replacement is stable now\n- eBPF host routing\n"
            "- Hubble UI shows flows\n",
            "kube-proxy replacement is stable now",
        ),
        # one chat line does not stop later titles from heading their notes
        (
            "KubeCon EU 2024\n\n09:31 < pieterv> anyone at the cilium talk?\n\n"
            "Cilium talk\n- kube-proxy replacement is stable now\n- eBPF host routing halves p99\n",
            "kube-proxy replacement is stable now",
        ),
        # a PGP signature that never ends is no signature
        (
            "Karpenter deep dive\n- consolidation cut our node bill by 30%\n"
            "-----BEGIN PGP SIGNATURE-----\n\nCilium talk\n- kube-proxy replacement is stable now\n"
            "- eBPF host routing halves p99 latency\n",
            "kube-proxy replacement is stable now",
        ),
        # a contents list whose entries never come again is the notes themselves
        (
            "In this post:\n- Karpenter consolidation cut our bill by 30%\n"
            "- Cilium replaced kube-proxy in prod\n\nKarpenter deep dive\n- budgets per pool\n",
            "Cilium replaced kube-proxy in prod",
        ),
        (
            "Platform talk\n- Labels: every team must set owner and cost-center labels on its "
            "namespaces, or the admission policy rejects it\n- more\n",
            "every team must set owner",
        ),
        (
            "Error budgets talk\n- SRE - owns the SLOs and the error budget policy\n"
            "- Tech lead - decides when to freeze deploys\n",
            "owns the SLOs",
        ),
    ],
)
def test_rules_for_chrome_never_drop_real_notes(glossary: Glossary, raw: str, kept: str) -> None:
    notes = split_notes(raw, glossary=glossary, markdown=False, name="notes.txt")
    assert any(kept in n.text for n in notes), [n.text for n in notes]


def test_a_time_and_a_double_dash_before_a_talk_is_no_chat_line(glossary: Glossary) -> None:
    raw = "09:00 -- Keynote: platform engineering\n- platforms are products, measure adoption\n"
    notes = split_notes(raw, glossary=glossary, markdown=False, name="notes.txt")
    assert [n.talk for n in notes] == ["Keynote: platform engineering"]


def test_rust_paths_are_no_logseq_properties(glossary: Glossary) -> None:
    notes = md("## Tokio\n\n- tokio::spawn per connection is cheap\n", glossary)
    assert any("tokio::spawn per connection" in n.text for n in notes)


def test_a_plain_text_heading_loses_its_closing_hashes_not_its_own(glossary: Glossary) -> None:
    raw = (
        "## Karpenter deep dive ##\n\nKarpenter consolidates nodes by price when pods fit.\n\n"
        "## C#\n\nThe .NET 8 runtime starts in half the time on Kubernetes nodes.\n"
    )
    notes = split_notes(raw, glossary=glossary, markdown=False, name="notes.txt")
    assert [n.talk for n in notes] == ["Karpenter deep dive", "C#"]


# Text copied out of a PDF report: lines cut at the page's width, no blank lines, a
# running footer and page numbers on every page, a contents page with dot leaders,
# hyphenated words and typeset ligatures.
PDF_COPY = """\
Trip report: OpenInfra Summit 2023
Contents
1 Why we went ............................................................ 1
2 Neutron: from OVS to OVN ............................................... 1
3 Ironic at the edge ..................................................... 2
1 Why we went
We run two regions with about six hundred hypervisors and we have to decide this year
how to reach a supported release without three upgrades back to back. Four of us went
with that question and a shorter list about networking and bare metal.
2 Neutron: from OVS to OVN
With ML2/OVN there is no L3 agent, no DHCP agent and no OVS agent left on the network
nodes. DHCP for instances is answered by ﬂows on the compute node itself, so the dns-
masq processes and the namespaces that take so much troubleshooting time go away.
MTU is the trap. Geneve carries a larger header than VXLAN, so tenant networks drop to
Trip report | Internal | v1.0
1 / 2
1442 bytes on a 1500-byte underlay, and any image that hard-codes 1450 will see frag-
mentation or packets that vanish without a trace in the middle of the night.
3 Ironic at the edge
They boot the deploy ramdisk through Redfish virtual media instead of PXE, because at
most of their three hundred sites they do not control the DHCP server on the network.
Fast-track mode keeps the ramdisk agent running after cleaning, which on some servers
saves ten minutes of power-on self test per node and makes redeploys almost instant.
Trip report | Internal | v1.0
2 / 2
"""


def test_a_pdf_copy_is_read_as_paragraphs_under_its_sections(glossary: Glossary) -> None:
    notes = split_notes(PDF_COPY, glossary=glossary, markdown=False, name="trip-report.txt")
    texts = [n.text for n in notes]
    mtu = next(n for n in notes if "Geneve" in n.text)
    # One paragraph across the page break, its hyphenated word whole again.
    assert "drop to 1442 bytes" in mtu.text and "fragmentation or packets" in mtu.text
    assert mtu.talk == "Neutron: from OVS to OVN", "a report's section number is no title"
    assert any("dnsmasq processes" in t and "flows on the compute node" in t for t in texts)
    assert_dropped(texts, "....", "Trip report | Internal", "1 / 2", "2 / 2")
    redfish = next(n for n in notes if "Redfish" in n.text)
    assert "do not control the DHCP server" in redfish.text
    assert redfish.talk == "Ironic at the edge"
    assert {n.conference for n in notes} == {"OpenInfra Summit Vancouver 2023"}


# OneNote's copy: the page's date and time under its title, "Pasted from <...>" under a
# paste, and a deeper bullet that the paste's line cut off from its list.
ONENOTE = (
    "Day 1 - pipelines\n"
    "Monday, May 8, 2023\n"
    "9:04 AM\n"
    "- CDEvents - one event format for the whole pipeline\n"
    "\t- spec defines events per subject + predicate, e.g. pipelineRun.finished\n"
    "\t- built on CloudEvents, so transport = whatever you already use\n"
    "Pasted from <https://events.example/schedule/cdevents>\n"
    "\t\t- TODO ask if our Jenkins can emit anything like this\n"
    "- SLSA 1.0 - what changed for your builds\n"
    "\t- only the build track for now, the source track is postponed\n"
    "\t- reusable workflows of GitHub Actions get you to Build L3 today\n"
    "Screen clipping taken: 5/8/2023 11:12 AM\n"
)


def test_onenote_chrome_is_dropped_and_a_cut_off_bullet_starts_no_list(
    glossary: Glossary,
) -> None:
    notes = split_notes(ONENOTE, glossary=glossary, markdown=False, name="cd-notes.txt")
    texts = [n.text for n in notes]
    assert_dropped(texts, "9:04 AM", "Pasted from", "Screen clipping")
    assert not any(n.talk and "AM" in n.talk for n in notes)
    track = next(n for n in notes if "source track" in n.text)
    assert track.text.startswith("SLSA 1.0 - what changed for your builds")
    assert "Jenkins" not in track.text, "the to-do is no part of the next talk"


# A Bluesky thread copied from the browser: the site's menu, names, handles, dates,
# counters, an image's "ALT" badge, "Translate" and "Quoted post" labels.
BLUESKY = """\
Home
Explore
Notifications
Chat
Feeds
Post
Ines Varga
@ines-ops.bsky.social
One reply per talk from #KubeConEU 🧵
March 24, 2026 at 9:03 AM
Everybody can reply
14 reposts
96 likes
Ines Varga
@ines-ops.bsky.social
Mar 24
Talk 3: DRA for GPUs, one year after GA (AI infra team at a telco)
ResourceClaims and DeviceClasses replace counting nvidia.com/gpu in the pod spec.
3
24
ALT
Image: slide with a ResourceClaim manifest
Translate
Ines Varga
@ines-ops.bsky.social
Mar 24
Training goes through Kueue, with a ClusterQueue quota per team, so batch can't starve inference.
Quoted post
Ines Varga
@ines-ops.bsky.social
Mar 24
One claim referenced by several pods means they share the same GPU.
"""


def test_a_bluesky_thread_keeps_posts_not_the_site_s_labels(glossary: Glossary) -> None:
    notes = split_notes(BLUESKY, glossary=glossary, markdown=False, name="bsky-kceu26.txt")
    for label in ("ALT", "Translate", "Quoted post", "Chat", "Post", "Everybody can reply"):
        assert not any(n.text.startswith(label) or n.talk == label for n in notes), label
    claims = next(n for n in notes if "ResourceClaims" in n.text)
    # A talk labelled as one may run longer than a title; who gave it is no part of it.
    assert claims.talk == "DRA for GPUs, one year after GA"
    assert next(n for n in notes if "Kueue" in n.text).talk == claims.talk


# A Logseq journal page: an outline whose top items are the day and the talks.
LOGSEQ_JOURNAL = """\
- Wed 11 Sep — [[eBPF Summit 2024]] day, from the home office #conference
	- calendar blocked, Slack on DND, stream on the big monitor
	- stream starts at noon my time, goes till ~17:00
	- TODO ask Priyanka if the staging node pool is on a 6.8 kernel yet
- 12:30 [[netkit]] in production: moving pods off veth
	- netkit = new device type merged in Linux 6.7, a replacement for veth pairs
	- the BPF program is attached to the netkit device itself
		- veth queues the packet to the per-CPU backlog; netkit skips that step
	- in Cilium since 1.16, wants kernel 6.8 or newer
- 13:10 lunch at the desk, leftover dal
- 13:20 Tetragon at a payments company #security
	- TracingPolicy CRD hooks kprobes and tracepoints with selectors on path and binary
	- filtering happens in-kernel, only matched events reach userspace
	- they started with observe-only for 6 weeks
"""


def test_an_outline_s_top_items_over_several_items_are_talks(glossary: Glossary) -> None:
    notes = md(LOGSEQ_JOURNAL, glossary)
    backlog = only(notes, "attached to the netkit device")
    assert backlog.talk == "netkit in production: moving pods off veth"
    assert "per-CPU backlog" in backlog.text, "a deeper item stays with its item"
    assert only(notes, "in-kernel").talk == "Tetragon at a payments company"
    assert "TracingPolicy" not in backlog.text and "6.8" not in backlog.text
    # The first item names the event: it is the page's title, for every talk.
    assert {n.conference for n in notes} == {"eBPF Summit 2024"}


# A vim scratch file: "{{{" ends a section's title line, "}}}" closes the fold, and its
# own bullets mark questions ("?") and must-reads ("!").
VIM_SCRATCH = """\
== DAY 1 ==

* 08:40 S-Bahn from Ostkreuz, badge pickup, no queue

== on-call without burning people (SRE lead, food delivery co) {{{
* page only on symptoms users feel: error rate, latency, checkout failures
  - cause-based alerts go to a ticket queue, never the pager
* new joiners shadow 2 full rotations before they go primary
? alerts nobody owns -> deleted after 30 days, if it mattered someone will scream
! on-call is paid: flat rate per week + a half day off after any night page
}}}

== renovate at scale {{{1
* minor + patch grouped into 1 PR per repo per week, automerge when CI is green
}}}
"""


def test_vim_folds_are_sections_and_its_marks_are_bullets(glossary: Glossary) -> None:
    notes = split_notes(VIM_SCRATCH, glossary=glossary, markdown=False, name="scratch.txt")
    texts = [n.text for n in notes]
    assert not any("{{{" in t or "}}}" in t for t in texts), texts
    shadow = only(notes, "shadow 2 full rotations")
    assert shadow.talk == "on-call without burning people"
    # "?" and "!" open items of their own, not a line run on from the one before.
    assert not any("primary ? alerts" in t or "scream ! on-call" in t for t in texts), texts
    assert only(notes, "alerts nobody owns").talk == shadow.talk
    assert only(notes, "half day off").talk == shadow.talk
    assert only(notes, "automerge").talk == "renovate at scale"


# A Discourse topic copied from the browser: posters' usernames under their names, the
# selection bar, counters, a time gap, and the list of related topics at the end.
DISCOURSE = """\
Istio Day EU 2024 in Paris: what our mesh team took away
You have selected 0 posts.
select all
812 views
4 users
Mar 2024
Ilse Brandvold
ibrandvold
Mar 21, 2024
Ambient mode: where it stands before beta
The ztunnel runs as a DaemonSet, one per node, and it only does layer 4: mTLS and TCP telemetry.
Waypoints are plain Envoy deployments, declared as a Gateway API Gateway.
2 months later
Sunniva Aakre
saakre
May 16, 2024
1.22 is out and ambient is beta as promised; pods don't need a restart to join.
Reply
Related topics
Topic list, column headers with buttons are sortable.
Topic\tReplies\tViews\tActivity
Envoy memory keeps growing after every deploy
Service Mesh
4
Jan 2024
Powered by Discourse, best viewed with JavaScript enabled
"""


def test_a_discourse_topic_keeps_posts_not_usernames_or_other_topics(
    glossary: Glossary,
) -> None:
    notes = split_notes(DISCOURSE, glossary=glossary, markdown=False, name="forum.txt")
    texts = [n.text for n in notes]
    assert_dropped(
        texts, "selected 0 posts", "812 views", "months later", "Topic list", "Powered by"
    )
    assert not any("Envoy memory keeps growing" in t for t in texts), "another topic's title"
    assert not any(n.talk in ("ibrandvold", "saakre") for n in notes)
    assert only(notes, "ztunnel runs").talk == "Ambient mode: where it stands before beta"
    assert any("ambient is beta as promised" in t for t in texts)


# A Mastodon thread copied from the browser: the site's menu, the client and edit marks,
# boosts and favourites, and talks labelled in a post with who gave them in brackets.
MASTODON = """\
Mastodon
Home
Live feeds
Search or paste URL
Back
Saoirse Lindqvist
@saoirse_l
Watching #PlatformCon2025 from the spare room. Thread 🧵 1/
Jun 24, 2025, 09:12
Edited
Web
31 boosts
57 favorites
Saoirse Lindqvist
@saoirse_l
Jun 24
Talk 1: "Nobody asked for a portal" (head of platform at a Nordic insurer, Halvard Forsikring)
They interviewed 30 developers first. The top complaint: waiting three days for a test env. 2/
Saoirse Lindqvist
@saoirse_l
Jun 24
Talk 2: "An MCP server in front of the platform API" (platform team at a travel co, Norrsken)
They exposed the platform API as MCP tools for the developers' coding assistants. 3/
"""


def test_a_mastodon_thread_keeps_posts_and_their_talks(glossary: Glossary) -> None:
    notes = split_notes(MASTODON, glossary=glossary, markdown=False, name="toots.txt")
    texts = [n.text for n in notes]
    assert_dropped(texts, "Live feeds", "Search or paste", "Edited", "boosts", "favorites")
    assert not any(n.talk in ("Back", "Web") for n in notes)
    waiting = only(notes, "waiting three days")
    # (the quote marks around a talk's name are not part of it)
    assert waiting.talk == "Nobody asked for a portal"
    assert not waiting.text.startswith("Nobody:"), "a quoted title's first word is no subject"
    assert only(notes, "MCP tools").talk == "An MCP server in front of the platform API"


# A Confluence page copied from the browser: the app's menu and the space's page tree
# over the breadcrumbs and the page, then its labels, likes and comments.
CONFLUENCE_PAGE = """\
Confluence
Your work
Spaces
Platform Guild
Onboarding for new guild members
Runbooks
Decision log
KubeCon EU 2023 Amsterdam - reading list
Platform Guild
/
Conferences
KCD Denmark 2023 - notes from the day
Owned by Mikkel Dahl
Last updated: Nov 16, 2023 by Freja Holm
Karpenter v1beta1: the migration nobody asked for
Provisioners became NodePools and AWSNodeTemplates became EC2NodeClasses in v0.32.
Consolidation now has a budget per NodePool, so a rollout cannot drain half the fleet.
Like
Mikkel Dahl, Anders Brink and 4 others like this
3 comments
Jonas Vestergaard
Nov 16, 2023
Great write-up! Did the Karpenter speaker say anything about spot interruptions?
Reply
"""


def test_a_confluence_page_keeps_the_page_not_its_tree_or_comments(glossary: Glossary) -> None:
    notes = split_notes(CONFLUENCE_PAGE, glossary=glossary, markdown=False, name="page.txt")
    texts = [n.text for n in notes]
    assert_dropped(
        texts, "Onboarding", "reading list", "Runbooks", "others like this", "Great write-up"
    )
    pools = only(notes, "NodePools")
    assert pools.talk == "Karpenter v1beta1: the migration nobody asked for"
    assert any("budget per NodePool" in t for t in texts)
    assert {n.conference for n in notes} == {"KCD Denmark 2023"}


# Gmail's "Print all" of a conversation, copied as text: each message under a "Name
# <address>  date" line, signatures under "--" with the next message right after them.
GMAIL_PRINT = """\
Fernhollow Mail\tOdile Marchetti <odile@fernhollow.example>
SLOconf 2023 watch notes

3 messages

Bashir Hale <bashir@fernhollow.example>\tTue, May 16, 2023 at 6:05 PM
To: reliability-wg <reliability-wg@fernhollow.example>

1. Burn-rate alerts that don't wake you for nothing
- Page at 14.4x burn over 1 hour and at 6x over 6 hours; open a ticket at 1x over 3 days.
- Every long window gets a short window of 1/12 its length, and both must fire.

--
Bashir Hale
Staff SRE, Platform Reliability
Fernhollow Logistics GmbH
Odile Marchetti <odile@fernhollow.example>\tWed, May 17, 2023 at 10:14 AM
To: Bashir Hale <bashir@fernhollow.example>

2. Error budget policies that get followed
- Get the policy signed by the product owner before the first breach, not after.

[Quoted text hidden]
"""


def test_a_printed_mail_conversation_keeps_messages_not_headers_or_signatures(
    glossary: Glossary,
) -> None:
    notes = split_notes(GMAIL_PRINT, glossary=glossary, markdown=False, name="mail.txt")
    texts = [n.text for n in notes]
    assert_dropped(texts, "<", "Staff SRE", "Fernhollow Logistics", "Quoted text", "3 messages")
    assert only(notes, "14.4x burn").talk == "Burn-rate alerts that don't wake you for nothing"
    assert only(notes, "product owner").talk == "Error budget policies that get followed"
    assert {n.conference for n in notes} == {"SLOconf 2023"}


# Chat exports read as messages, their headers and app lines as none: a Webex meeting's
# chat, a LINE group (tab-separated, a message of several lines in quotes), a Hacker News
# thread (the story line, "user 2 days ago | parent | next" over each comment, "reply").
WEBEX = """\
==== Webex chat saved 13.06.2024 17:42 (Radka's Personal Room) ====
from Radka Vemolova to everyone:    9:02 AM
Good morning from Brno! DevConf.CZ 2024 day 1, notes here per talk, first line = talk title
from Radka Vemolova to everyone:    10:41 AM
Image mode: bootable containers with bootc
- the whole OS ships as an OCI image, you build it from a Containerfile
- bootc upgrade pulls the new image and applies it on the next boot
"""

LINE_CHAT = """\
[LINE] Chat history in infra crew
Saved on: 2026/02/02 22:14

2026/01/31(Sat)
11:03\tAiko Morishita joined the group.
11:40\tChen Yi-ting\t"PostgreSQL 18 for people who run it
- async I/O is the big one: io_method worker is the default, io_uring on Linux
- uuidv7() is built in now, time-ordered, so inserts land at the end of the index"
11:42\tHaneda Yuki\t[Sticker]
"""

HACKER_NEWS = """\
Hacker News new | past | comments | ask | show | jobs | submit\tlogin
What the rejected talks taught us: Cloud Native Rejekts NA 2025, Atlanta (ferrowind.example)
187 points by tbrandvold 2 days ago | hide | past | favorite | 64 comments
add comment
tbrandvold 2 days ago [-]
Author here. "CloudNativePG at 3am": their outage was WAL archiving failing silently for days.
reply
    mkessler 2 days ago | parent | next [-]
    Did they say how they alert on it now? The archive age, or the error count?
    reply
"""


def test_chat_exports_keep_messages_not_headers(glossary: Glossary) -> None:
    webex = split_notes(WEBEX, glossary=glossary, markdown=False, name="webex-chat.txt")
    assert not any("to everyone" in n.text or "Webex chat saved" in n.text for n in webex)
    assert only(webex, "OCI image").talk == "Image mode: bootable containers with bootc"
    assert {n.conference for n in webex} == {"DevConf.CZ 2024"}

    line = split_notes(LINE_CHAT, glossary=glossary, markdown=False, name="fosdem26-line.txt")
    texts = [n.text for n in line]
    assert_dropped(
        texts, "Saved on", "2026/01/31", "joined the group", "[Sticker]", "Chen Yi-ting", '"'
    )
    assert only(line, "uuidv7").talk == "PostgreSQL 18 for people who run it"

    hn = split_notes(HACKER_NEWS, glossary=glossary, markdown=False, name="hn-thread.txt")
    texts = [n.text for n in hn]
    assert_dropped(texts, "submit", "187 points", "add comment", "days ago", "reply")
    assert any("WAL archiving failing silently" in t for t in texts), texts
    assert {n.conference for n in hn} == {"Cloud Native Rejekts NA 2025"}


# A Discord channel exported by DiscordChatExporter as plain text (its default format).
DISCORD_EXPORT = """\
==============================================================
Guild: Lanternfish
Channel: events / devconf-25
Topic: one message per talk please
==============================================================


[12-Jun-25 09:02 AM] ivo#0042
train from Vienna was on time for once, queue for badges already around the corner

{Reactions}
\U0001f389 (2) \U0001f440 (1)

[12-Jun-25 10:15 AM] ivo#0042
bootc image mode (main hall)
- the OS ships as an OCI image, updates are a pull + reboot
- rollback is just booting the previous image, no package state to repair

{Attachments}
Lanternfish - events - devconf-25 [1182736450012].txt_Files/IMG_0412-9F2A1.jpg

[12-Jun-25 10:16 AM] ivo#0042 pinned a message to this channel.

[12-Jun-25 11:40 AM] marta
podman quadlets
- a .container file becomes a systemd unit, no more generate systemd
"""


def test_a_discord_export_keeps_messages_and_talks_not_its_furniture(glossary: Glossary) -> None:
    notes = txt(
        DISCORD_EXPORT,
        glossary,
        "Lanternfish - events - devconf-25 [1182736450012].txt",
    )
    texts = [n.text for n in notes]
    assert_dropped(texts, "#0042", "{Reactions}", "(2)", "{Attachments}", "_Files/", "Guild:")
    assert_dropped(texts, "pinned a message", "Channel:")
    # each message's first line is its talk; a lowercase title opening with a project
    # gives its notes the project's name
    assert only(notes, "OCI image").talk == "bootc image mode (main hall)"
    assert only(notes, "generate systemd").talk == "podman quadlets"
    assert only(notes, "generate systemd").text.startswith("podman: a .container file")


def test_a_note_app_s_nested_tags_name_the_event(glossary: Glossary) -> None:
    source = (
        "# Berlin Go week\n#conf/gophercon-eu/2024 #lang/go #travel/berlin\n"
        "## PGO in prod\n- a CPU profile named default.pgo is picked up by go build\n"
    )
    [note] = md(source, glossary)
    assert note.conference == "GopherCon EU 2024"


def test_an_agenda_of_the_sections_below_is_no_note(glossary: Glossary) -> None:
    source = (
        "# What we brought back\n\n## Agenda\n\n1. Terraform 0.12 upgrades\n"
        "2. Consul mesh gateways\n3. Vault integrated storage\n\n"
        "## Terraform 0.12 upgrades\n\n- once 0.12 has written a state file, 0.11 can't read it\n\n"
        "## Consul mesh gateways\n\n- gateways route on SNI and never decrypt\n\n"
        "## Vault integrated storage\n\n- Raft storage in Vault itself, no Consul cluster needed\n"
    )
    notes = md(source, glossary)
    assert [n.talk for n in notes] == [
        "Terraform 0.12 upgrades",
        "Consul mesh gateways",
        "Vault integrated storage",
    ]


# A shared document (Quip, Google Docs) where each section says who wrote it.
SECTION_BYLINES = """\
KCD Zurich 2024 - what we took home
Last edited by Reto Ammann · 4 days ago
Why we went
Five of us went for the day and split the talks, one section per talk, each by who sat in it.
Cilium, two years in production
Written by Reto
They replaced kube-proxy with Cilium's eBPF service handling on every cluster.
Transparent encryption between nodes runs on WireGuard, not IPsec.
Kyverno beyond validation
Written by Nadia
A generate rule creates a default-deny NetworkPolicy in every new namespace.
"""


def test_a_section_s_own_byline_keeps_it_a_talk(glossary: Glossary) -> None:
    notes = split_notes(SECTION_BYLINES, glossary=glossary, markdown=False, name="doc.txt")
    assert only(notes, "WireGuard").talk == "Cilium, two years in production"
    assert only(notes, "default-deny").talk == "Kyverno beyond validation"
    assert not any(n.text.startswith("Written by") for n in notes)
    assert {n.conference for n in notes} == {"KCD Zurich 2024"}


def test_a_jira_date_is_the_notes_date(glossary: Glossary) -> None:
    source = "Created:\t27/Mar/25 4:50 PM\nArgoCon EU notes\n\n- Argo CD 3 tracks by annotation\n"
    [note] = split_notes(source, glossary=glossary, markdown=False, name="PLAT-1.txt")
    assert note.event_date == date(2025, 3, 27)


# Lines that look like a chat app's, a forum's or a page's chrome, or like a title, in
# real notes: each is kept as the note it is (found by review of the rules above).
@pytest.mark.parametrize(
    ("source", "name", "kept"),
    [
        ("## Observability\n\n- Grafana's new stack: Loki | Mimir | Tempo | Pyroscope | Beyla\n",
         "n.md", "Loki | Mimir | Tempo"),
        ("Owned by one platform team of six, their Backstage serves 2,000 engineers.\n",
         "n.txt", "Owned by one platform team"),
        ("## Licences\n\n- after the licence change most maintainers left the group\n",
         "n.md", "maintainers left the group"),
        ('== rollouts {{{\n- pause one with {"spec":{"paused":true}}}\n- resume it later\n}}}\n',
         "n.txt", '{"spec":{"paused":true}}}'),
    ],
)  # fmt: skip
def test_lines_like_chrome_in_real_notes_are_kept(
    source: str, name: str, kept: str, glossary: Glossary
) -> None:
    notes = split_notes(source, glossary=glossary, markdown=name.endswith(".md"), name=name)
    assert any(kept in n.text for n in notes), [n.text for n in notes]


def test_titles_keep_their_numbers_and_a_to_do_in_brackets_stays_a_note(
    glossary: Glossary,
) -> None:
    notes = md(
        "## 10 Years of Kubernetes: what we learned\n\n- the API machinery outlived every tool\n\n"
        "## Kubernetes networking (at a glance)\n\n- kube-proxy in nftables mode is beta\n",
        glossary,
    )
    assert [n.talk for n in notes] == [
        "10 Years of Kubernetes: what we learned",
        "Kubernetes networking (at a glance)",
    ]
    plain = txt(
        "Karpenter in production\n\nThey consolidate nodes by price every few minutes.\n\n"
        "Move the batch pools to Karpenter next quarter (ask Ana about budget and spot)\n\n"
        "Spot interruptions are handled through the SQS interruption queue they set up.\n",
        glossary,
        "n.txt",
    )
    assert any(n.text.startswith("Move the batch pools") for n in plain)
    assert {n.talk for n in plain} == {"Karpenter in production"}


def test_a_conference_title_over_a_section_byline_is_kept(glossary: Glossary) -> None:
    notes = txt(
        "KubeCon EU 2024 notes\n\nCilium at scale\n\nWritten by Ana Lopez\n\n"
        "They replaced kube-proxy with eBPF service handling on every cluster.\n",
        glossary,
        "n.txt",
    )
    assert {n.conference for n in notes} == {"KubeCon EU 2024"}


def test_raw_notes_one_a_line_are_not_reflowed_as_a_pdf(glossary: Glossary) -> None:
    lines = [
        "cilium talk (isovalent folks)",
        "ebpf host routing bypasses iptables entirely, their p99 dropped by about 30 percent",
        "kube-proxy replacement needs a 5.10 kernel, older nodes keep iptables for now",
        "bgp control plane advertises lb ips to the tor routers, metallb is gone for them",
        "hubble exports only dropped flows because every flow doubled their loki ingest",
        "upgrade one minor at a time and read the notes because helm values get renamed",
        "karpenter talk (aws folks)",
        "consolidation replaces nodes with cheaper ones when pods fit on fewer machines",
        "spot interruptions come through the sqs queue and nodes get drained right away",
        "nodepools replace provisioners in v1beta1 and ec2nodeclass holds the aws bits",
        "disruption budgets per nodepool stop a rollout from draining half the fleet",
        "drift detection replaces nodes whose ami no longer matches the nodeclass",
        "they run one nodepool per workload class with weights for spot and on-demand",
        "cost dropped by a third in the first month mostly from consolidation",
    ]
    notes = split_notes("\n".join(lines) + "\n", glossary=glossary, markdown=False, name="n.txt")
    assert len(notes) >= 8, [n.text for n in notes]


def test_a_markdown_point_with_details_under_a_talk_is_no_talk(glossary: Glossary) -> None:
    notes = md(
        "## Cilium at scale\n\n- Netkit replaces veth pairs\n  - pod throughput close to host\n"
        "  - needs kernel 6.8\n  - only on new node pools\n",
        glossary,
    )
    assert {n.talk for n in notes} == {"Cilium at scale"}
    assert any("Netkit replaces veth pairs" in n.text for n in notes)


def test_a_project_line_over_a_date_stays_a_title(glossary: Glossary) -> None:
    notes = txt(
        "keda\n\n2024-03-21\n\n- the cron scaler plus a CPU trigger fixed our Monday peaks\n",
        glossary,
        "n.txt",
    )
    assert notes[0].talk == "keda"


def test_a_front_matter_event_says_its_region_one_way(glossary: Glossary) -> None:
    source = (
        "---\nconference: Open Source Summit Europe 2024\n---\n\n"
        "SBOMs are generated in the CI pipeline, not by scanning images.\n"
    )
    assert {n.conference for n in md(source, glossary)} == {"Open Source Summit EU 2024"}


def test_an_item_between_an_outline_s_talks_is_no_part_of_the_talk_before(
    glossary: Glossary,
) -> None:
    outline = (
        "- Cilium at scale\n  - netkit replaces veth pairs for pod traffic\n"
        "  - host routing bypasses iptables entirely\n  - needs kernel 6.8 on every node\n"
        "- Hallway chat with the Booking folks about their Kafka tiered storage\n"
        "- Karpenter in production\n  - consolidation replaces nodes with cheaper ones\n"
        "  - spot interruptions come through the SQS queue\n  - budgets stop a full drain\n"
    )
    for notes in (md(outline, glossary), split_notes(outline, glossary=glossary, markdown=False)):
        assert only(notes, "tiered storage").talk is None
        assert only(notes, "SQS").talk == "Karpenter in production"


def test_a_chat_thread_s_reply_count_cuts_nothing(glossary: Glossary) -> None:
    source = (
        "Saturday, February 1st\nMarta Oyelaran  10:48 AM\nGo devroom - what's new in Go 1.24\n"
        "- maps are now a Swiss table implementation, faster lookups on big maps\n"
        "2 replies\nJonas Berg  10:52 AM\nfinally, our tools.go has 14 blank imports\n"
        "Dimitri Kallas  11:41 AM\nmonitoring devroom, Prometheus 3.0 talk\n"
        "- native OTLP ingest behind --web.enable-otlp-receiver, no collector needed\n"
        "3 replies\nMarta Oyelaran  12:20 PM\nimage-based linux devroom, bootc talk\n"
        "- bootc rollback goes back to the previous deployment, A/B style\n"
    )
    notes = split_notes(source, glossary=glossary, markdown=False, name="fosdem25-thread.txt")
    assert any("bootc rollback" in n.text for n in notes), [n.text for n in notes]


def test_a_talk_title_loses_its_anchor_and_tags_but_keeps_its_marks(glossary: Glossary) -> None:
    notes = md(
        "## sched_ext in production { #sched-ext }\n\n"
        "p99 on the edge proxies went down 18% against the fair scheduler.\n\n"
        "## Lightning talks {#sec-lightning}\n\n"
        "Fluent Bit 2.0 speaks OTLP for logs, metrics and traces.\n\n"
        "## Upgrading 5.7 → 8.0 without drama #mysql ⭐\n\n"
        "The query cache is gone in 8.0, and two services depended on it.\n\n"
        "## My questions (from #sre-retro)\n\n"
        "Do we page on burn rate yet, or still on CPU?\n",
        glossary,
    )
    # Pandoc and MkDocs attribute lists are the heading's anchor, not its words.
    assert only(notes, "p99").talk == "sched_ext in production"
    assert only(notes, "OTLP").talk == "Lightning talks"
    assert only(notes, "query cache").talk == "Upgrading 5.7 → 8.0 without drama ⭐"
    # Punctuation after a tag ends a sentence: such a title stays whole; braces that are
    # no attribute list are words.
    assert notes_module._talk_name("Why we love #rust!") == "Why we love #rust!"
    assert notes_module._talk_name("Config with {.yaml}") == "Config with {.yaml}"
    assert notes_module._talk_name("Logistics {.unnumbered}") == "Logistics"
    assert only(notes, "burn rate").talk == "My questions (from #sre-retro)"


INTRANET_PAGE = """\
SharePoint
Search this site
Harrowgate Engineering Hub
Home
News
Platform Docs
Runbooks
On-call
Site contents
Edit
Following
Share
+ New
Page details
Analytics
Immersive Reader
Linux Platform Engineering · Events
Red Hat Summit 2024: what the Linux platform team brought back from Denver
Dana Whitcombe
Three of us spent May 6-9 at the summit. We run about 1,800 RHEL VMs, most still on RHEL 8.
RHEL 10 and image mode
Image mode builds the OS as a bootc container image, so a host update is a new image and a reboot.
Leapp in-place upgrades
Leapp preupgrade lists inhibitors per host; run it on every RHEL 8 host before planning anything.
"""


def test_an_event_under_an_app_s_menus_is_the_page_s_when_the_file_name_names_it(
    glossary: Glossary,
) -> None:
    # The title sits under a dozen menu lines, and no event list knows "Red Hat Summit":
    # the file's name says it too, so it is the page's event, for every note.
    name = "sharepoint-news-red-hat-summit-2024-denver.txt"
    notes = split_notes(INTRANET_PAGE, glossary=glossary, markdown=False, name=name)
    assert {n.conference for n in notes} == {"Red Hat Summit 2024"}
    assert any("bootc" in n.text for n in notes)
    # A word of the event with its year's digits names it too: "Next '19" in "...next19...".
    assert (
        notes_module._event_the_file_names(
            ["Workplace", "Home", "Next '19 live notes: one comment per session"],
            "workplace-cloud-guild-next19-sf.txt",
            None,
        )
        == "Google Cloud Next 2019"
    )
    assert notes_module._event_the_file_names(["Next '19 live notes"], "notes.txt", None) is None
    # A file name that does not name it: the page names no event for sure.
    other = split_notes(INTRANET_PAGE, glossary=glossary, markdown=False, name="news.txt")
    assert {n.conference for n in other} == {None}


def test_a_day_written_without_its_year_takes_the_event_s_year(glossary: Glossary) -> None:
    thread = (
        "KubeCon Seattle '18: notes as we go\n"
        "Gustavo Prieto posted in platform-runtime · Dec 11\n"
        "One comment per session please, questions as replies.\n"
        "Keynote\n"
        "- containerd 1.2 is GA and the kubelet talks to it over CRI directly\n"
        "- Knative serving scales to zero behind an activator\n"
    )
    notes = split_notes(thread, glossary=glossary, markdown=False, name="thread.txt")
    # Answers show the event's day, not the import's: "Dec 11" in 2018.
    assert {n.event_date for n in notes} == {date(2018, 12, 11)}
    # No event, no year: the day alone dates nothing.
    undated = split_notes(
        thread.replace("KubeCon Seattle '18", "Platform sync"), glossary=glossary, markdown=False
    )
    assert {n.event_date for n in undated} == {None}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Gustavo Prieto posted in platform-runtime · Apr 29", (4, 29)),
        ("Tuesday, April 30", (4, 30)),
        ("AppDevCon SLC tue 12 nov", (11, 12)),
        ("Three of us spent May 6-9 at the summit", (5, 6)),
        ("we may 2x the pool next quarter", None),  # a verb
        ("we split the team into 3 separate squads", None),  # no month, only its letters
        ("10 markdown files and 2 junior engineers", None),
        ("We met on Apr 29.", (4, 29)),
        ("Feb 30 and Mar 2", (3, 2)),  # no such day: the next one
        ("Apr 29, 2019", None),  # a full date is read as one
        ("the meeting starts at 10:30", None),
    ],
)
def test_a_day_without_its_year(text: str, day: tuple[int, int] | None) -> None:
    assert debris.month_day(text) == day


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("wed 16.11  #promcon  day 1", 2022),  # the 16th of November, a Wednesday
        ("Mon, Mar 25, 10:14 AM (2 days ago)", 2024),  # a mail client's date this year
        ("AI day SLC tue 12 nov", 2024),
        ("Thursday 29th of February", 2024),  # a leap day, on a Thursday
        ("Mon, Mar 25, 2024", None),  # dated already
        ("wed 16.11.2022", None),
        ("sat 31.04 and nothing else", None),  # no such day
        ("the sun 12 may come out", None),  # no weekday that fits: "sun" is no Sunday here
        ("Monday standup at 10", None),
    ],
)
def test_a_day_said_with_its_weekday_gives_the_latest_year_it_fell_on_it(
    text: str, year: int | None
) -> None:
    assert debris.weekday_year(text, TODAY) == year


def test_a_weekday_s_day_is_never_later_than_today() -> None:
    # The 16th of December 2026 is a Wednesday, but in June 2026 it has not come yet.
    assert debris.weekday_year("Wed 16.12", date(2026, 6, 1)) == 2020


def test_a_bullet_with_details_under_a_talk_s_title_is_a_point_of_that_talk(
    glossary: Glossary,
) -> None:
    notes = txt(
        "dod ghent 19\n- train from Brussels, 30 min\n\n"
        "Talk - SLOs for the rest of us (SRE, a bank)\n"
        "- SLI = good events / valid events, a ratio\n"
        "- alert on burn rate, not on thresholds\n"
        "  - fast burn: 2% of the monthly budget gone in 1h pages someone\n"
        "  - slow burn: 10% in 3 days opens a ticket\n"
        "  - check a 5 min window as well so the alert resets\n",
        glossary,
    )
    assert {n.talk for n in notes if "burn" in n.text} == {"SLOs for the rest of us"}


def test_a_product_and_its_version_is_no_day(glossary: Glossary) -> None:
    notes = md(
        "## Docker 20.10\n\n- cgroup v2 needs Docker 20.10 or later on the nodes\n\n"
        "## Upgrade plan\n\n- Mongo 4.4\n- Monitoring 2.1\n- Postgres 15.1\n",
        glossary,
    )
    assert only(notes, "cgroup v2").talk == "Docker 20.10"
    assert "Mongo 4.4" in only(notes, "Postgres 15.1").text
    assert all(not debris.is_date_only(t) for t in ("Docker 20.10", "Migration Mar 2024"))


def test_tabs_after_mail_words_are_a_header_only_in_a_notes_memo(glossary: Glossary) -> None:
    notes = txt(
        "Migration\n\nFrom\tDocker Swarm with three managers\nTo\tKubernetes with Helm "
        "charts per team\n\nService Mesh/Istio/Linkerd\n\n"
        "Linkerd needs no configuration for mTLS between meshed pods.\n",
        glossary,
    )
    assert any("Docker Swarm" in n.text for n in notes), "a list of two, not a mail header"
    assert only(notes, "mTLS").talk == "Service Mesh/Istio/Linkerd"


def test_under_a_day_s_heading_the_team_speaking_over_a_list_is_a_note(
    glossary: Glossary,
) -> None:
    notes = md(
        "## Tuesday, May 28, 2024\n\n"
        "We had a long discussion with the vendor about pricing\n"
        "- per node, not per core\n- a discount over 100 nodes\n",
        glossary,
    )
    assert all(n.talk is None for n in notes)


def test_a_weekday_dates_notes_that_name_their_event_without_a_year(glossary: Glossary) -> None:
    notes = txt(
        "wed 16.11  #promcon  day 1\n- U-Bahn + 10 min walk from hotel\n\n"
        "native histos (sparse histograms)\n- 2.40 out like last week, behind a feature flag\n"
        "- exponential buckets, no more handpicking le boundaries\n",
        glossary,
        "muc-nov22-prom.txt",
    )
    assert {n.conference for n in notes} == {"PromCon EU 2022"}
    assert {n.event_date for n in notes} == {date(2022, 11, 16)}
    # A day held next to KubeCon gets the region of that month's KubeCon.
    mail = txt(
        "Fwd: Istio Day recap (sidecars vs ambient)\nInbox\n\n"
        "Priya Natarajan <priya@fernhollow.example>\nMon, Mar 25, 10:14 AM (2 days ago)\n"
        "to mesh-wg\n\nHi mesh folks,\n\n"
        "Ambient mode moves the proxy out of the pod into a per-node ztunnel.\n",
        glossary,
        "gmail-fwd-recap.txt",
    )
    assert {n.conference for n in mail} == {"Istio Day EU 2024"}


FLOWDOCK_FLOW = """\
gravelbeck / infra
Tomasz Wróbel
4:10 PM
#hashiconf Keynote day 1: Terraform 0.12
- HCL2: expressions are first class, no more "${}" around every reference
- for and for_each expressions replace most of the count hacks
2 replies
Henrik Aas
4:20 PM
replied to thread "Keynote day 1: Terraform 0.12"
do we need to rewrite all our modules?
Tomasz Wróbel
6:47 PM
#hashiconf Keynote day 2: Vault 1.0 preview
- auto-unseal with a cloud KMS moves into open source with 1.0
- batch tokens are not persisted to storage and cannot be renewed
3 replies
Henrik Aas
6:55 PM
replied to thread "Keynote day 2: Vault 1.0 preview"
is it KMS only or also an HSM?
Marta Lindqvist
8:35 PM
#hashiconf Keynote day 2: Nomad 0.9
- device plugins, first one is NVIDIA GPUs
- new spread stanza places a job evenly across availability zones
"""


def test_a_chat_s_reply_counts_under_its_threads_are_no_comment_section(
    glossary: Glossary,
) -> None:
    texts = [n.text for n in txt(FLOWDOCK_FLOW, glossary, "flowdock-infra.txt")]
    # "2 replies", "3 replies": threads in the flow; the talks after them are notes.
    assert any("device plugins" in t for t in texts)
    assert any("spread stanza" in t for t in texts)
    assert not any("replied to thread" in t for t in texts), "a reply's pointer, no note"


def test_raw_markdown_notes_under_a_german_day_heading_have_their_talks(
    glossary: Glossary,
) -> None:
    notes = md(
        "ContainerDays 22 HH\n- 5.-7.9.2022, Hamburg, me + Murat\n\n== Mo 5.9. ==\n\n"
        "PSP is dead, long live PSA (k8s 1.25)\n"
        "- Pod Security Admission is a built-in admission controller, GA in 1.25\n"
        "- three levels: privileged, baseline, restricted, set per namespace\n\n"
        "Cilium 1.12 - service mesh without sidecars\n"
        "- one Envoy per node instead of one sidecar per pod\n",
        glossary,
    )
    assert only(notes, "admission controller").talk == "PSP is dead, long live PSA (k8s 1.25)"
    assert only(notes, "Envoy per node").talk == "Cilium 1.12 - service mesh without sidecars"
    assert not any("Mo 5.9." in n.text for n in notes), "the day's heading is no subject"
    assert {n.conference for n in notes} == {"ContainerDays 2022"}


LOTUS_NOTES_FORWARD = """\
Dieter Krause/OPS/Kestrel
11/16/2015 08:14 AM
To\tOPS Infrastruktur, OPS Middleware
cc\tHannelore Beck/OPS/Kestrel@Kestrel
bcc
Subject\tFw: LISA15 trip report (Washington DC)

Prometheus scrapes an HTTP /metrics endpoint on each target; alerts go to Alertmanager.

[attachment "LISA15-links.xlsx" deleted by Dieter Krause/OPS/Kestrel]

Mit freundlichen Grüßen / Kind regards

Vorsitzender des Aufsichtsrats: Dr. Wolfgang Reinholt | Vorstand: Sabine Kühn
Sitz der Gesellschaft: Düsseldorf | Registergericht: Amtsgericht Düsseldorf HRB 55501
"""


def test_a_lotus_notes_forward_keeps_only_what_was_learned(glossary: Glossary) -> None:
    notes = txt(LOTUS_NOTES_FORWARD, glossary, "notes-fw-trip-report.txt")
    assert [n.text for n in notes] == [
        "Prometheus scrapes an HTTP /metrics endpoint on each target; alerts go to Alertmanager."
    ]
    assert notes[0].conference == "LISA 2015", "its subject names the event, after a tab"


def test_a_note_led_by_its_talk_s_version_says_the_subject_once(glossary: Glossary) -> None:
    notes = md(
        "## Consul 1.4 + Envoy\n\n"
        "- 1.4: the ACL system is rewritten, policies are attached to tokens\n"
        "- 1.4 beta is out today, GA in a few weeks\n",
        glossary,
    )
    assert only(notes, "ACL system").text.startswith("Consul 1.4: the ACL system")


def test_a_page_titled_by_a_kubecon_s_city_and_year_is_that_kubecon(glossary: Glossary) -> None:
    page = (
        "Valencia 2022 \u2013 what we brought back\n\n"
        "Our first in-person KubeCon since Barcelona. We split up over the tracks.\n\n"
        "Gateway API\n\nHTTPRoute replaces most of our ingress annotations.\n"
    )
    notes = txt(page, glossary, "PLAT-what-we-brought-back.txt")
    assert {n.conference for n in notes} == {"KubeCon EU 2022"}
    # A city and a year with no KubeCon in the notes: a trip, not a conference.
    offsite = txt(page.replace("KubeCon", "offsite"), glossary, "PLAT-offsite.txt")
    assert {n.conference for n in offsite} == {None}


def test_an_event_s_short_name_in_the_file_name_gives_its_year(glossary: Glossary) -> None:
    notes = txt(
        "GC24 chicago - notes #gophercon\n"
        "- range-over-func is on by default in Go 1.23\n"
        "- iter.Seq[V] is just func(yield func(V) bool)\n",
        glossary,
        "gc24-chi-notes.txt",
    )
    assert {n.conference for n in notes} == {"GopherCon 2024"}
    # Only an event the notes name, said short: a version or a sprint is no year.
    java = split_notes(
        "# KubeCon EU recap\n\nCilium replaced kube-proxy on every cluster.\n",
        glossary=glossary,
        name="java21-team-notes.md",
    )
    assert {n.conference for n in java} != {"KubeCon EU 2021"}
    assert notes_module._abbreviated_year("sprint14-retro.md", "PromCon") is None
    assert notes_module._abbreviated_year("ksl23-excel.txt", "Kafka Summit London") == (2023, "")
    assert notes_module._abbreviated_year("sre18-dus.txt", "SREcon") == (2018, "")
    # Its initials and a region: "gceu23" is GopherCon EU 2023.
    assert notes_module._with_short_year("GopherCon", "gceu23.wiki") == "GopherCon EU 2023"


def test_a_city_said_short_after_an_event_is_said_in_full(glossary: Glossary) -> None:
    notes = split_notes(
        "Kafka Summit Blr 2024 - recap\n\nTiered storage is GA in Confluent Platform 7.6.\n",
        glossary=glossary,
        markdown=False,
    )
    assert {n.conference for n in notes} == {"Kafka Summit Bangalore 2024"}


def test_a_file_s_dates_give_its_year_only_when_they_all_agree() -> None:
    log = "Created: 27/Mar/25 4:50 PM\nUpdated: 02/Apr/25 9:05 AM\ncomment - 01/Apr/25 10:12 AM"
    assert debris.agreed_year(log) == 2025
    assert debris.agreed_year(log + "\nKubernetes 1.0 shipped on July 21, 2015") is None
    assert debris.agreed_year("Created: 27/Mar/25 4:50 PM\nUpdated: 02/Apr/25 9:05 AM") is None


# A Threads post and its replies copied while logged out: handles alone over a numeric
# date, the chain's posts numbered "2/4", counters under each.
THREADS_CHAIN = """\
Threads
Log in
Thread
ana.okafor
DevOpsDays24
6/13/24
Day 1 at DevOpsDays, one post per talk for the team at home. 🧵 1/4
88
4
ana.okafor
6/13/24
2/4 "Paging less without missing outages" (SRE at a parcel carrier)
- every page must have a runbook link or the alert gets deleted after a week
- they moved disk alerts to tickets and night pages dropped by half
31
2
marco_devops.22
6/13/24
who decides which alerts get deleted?
ana.okafor
Author
6/13/24
the on-call retro each Monday, the alert owner has to defend it
ana.okafor
6/13/24
3/4 Feature flags at the edge
- flag evaluation moved into the CDN worker, 2 ms instead of a 40 ms round trip
- stale flags get a Jira ticket after 30 days
"""


def test_a_threads_chain_takes_its_talks_from_numbered_posts_not_handles(
    glossary: Glossary,
) -> None:
    notes = split_notes(THREADS_CHAIN, glossary=glossary, markdown=False, name="threads.txt")
    texts = [n.text for n in notes]
    assert_dropped(texts, "6/13/24", "marco_devops.22", "ana.okafor")
    assert not any(n.talk in ("marco_devops.22", "ana.okafor") for n in notes)
    runbook = only(notes, "runbook link")
    # the post's number and the quote marks are no part of the talk's name
    assert runbook.talk == "Paging less without missing outages"
    assert only(notes, "on-call retro each Monday").talk == runbook.talk
    assert only(notes, "CDN worker").talk == "Feature flags at the edge"


# A live thread copied from X: the opener counts the posts, a microphone marks each talk,
# the posts between go on with the last talk.
TWEET_THREAD = """\
Maren Holt
@marenholt_ops
At #ArgoCon today, live thread of what I learn.

Stay or mute me now 🧵 1/6
9:02 AM · Nov 6, 2023
·
Twitter for iPhone
Maren Holt
@marenholt_ops
·
Nov 6
2/6 🎤 Argo Rollouts at a bank (payments platform team)

canary steps are driven by the analysis run, and a failed query aborts the rollout within a minute
Maren Holt
@marenholt_ops
·
Nov 6
3/6 - they keep the analysis templates in one shared repo, the same criteria for all
Maren Holt
@marenholt_ops
·
Nov 6
4/6 🎤 Sharding the application controller

one controller shard per 500 clusters, rebalanced by the new round-robin algorithm
"""


def test_a_tweet_thread_takes_its_talks_from_marked_posts(glossary: Glossary) -> None:
    notes = split_notes(TWEET_THREAD, glossary=glossary, markdown=False, name="thread.txt")
    assert not any(n.talk and "mute me" in n.talk.lower() for n in notes)
    canary = only(notes, "analysis run")
    assert canary.talk == "Argo Rollouts at a bank"  # who spoke is no part of it
    shared = only(notes, "shared repo")
    assert shared.talk == canary.talk, "an unmarked post goes on with the last talk"
    assert not shared.text.startswith(("3/6", "Argo Rollouts: 3/6")), shared.text
    assert only(notes, "round-robin").talk == "Sharding the application controller"


@pytest.mark.parametrize(
    ("title", "talk"),
    [
        ("🎤 DORA metrics, or how we gamed them", "DORA metrics, or how we gamed them"),
        ("🐧 talos linux on bare metal", "talos linux on bare metal"),
        ('4/8 "Retries amplify load" — best talk of the day', "Retries amplify load"),
        ('5/8 Day 2. "The DNS TTL that wasn\'t"', "The DNS TTL that wasn't"),
        ("24/7 on-call without burnout", "24/7 on-call without burnout"),
        ('"Nobody asked" and other lies', '"Nobody asked" and other lies'),
    ],
)
def test_a_talks_name_loses_its_marks_number_and_quotes(title: str, talk: str) -> None:
    assert notes_module._talk_name(title) == talk


# A Hacker News thread: the author's top comment has no "| parent" after its age, and
# each of its paragraphs leads with the talk it is about, in quotes.
HN_THREAD = """\
Hacker News new | past | comments | ask | show | jobs | submit
Notes from Cloud Native Rejekts (lindqvist.example)
92 points by lindqvist 3 days ago | hide | past | favorite | 12 comments
lindqvist 3 days ago [\u2013]
Author here, the short version per talk.
"Karpenter beyond AWS": the Azure provider now handles spot eviction notices like the AWS one.
"Works on my machine": what half the hallway track was about, honestly.
reply
    okafor_dev 3 days ago | parent | next [\u2013]
    Did anyone ask about the GCP provider? We are stuck on cluster autoscaler there.
    reply
"""


def test_a_comment_paragraph_leads_with_its_talk_in_quotes(glossary: Glossary) -> None:
    notes = split_notes(HN_THREAD, glossary=glossary, markdown=False, name="hn.txt")
    texts = [n.text for n in notes]
    assert_dropped(texts, "lindqvist 3 days ago")
    assert not any(n.talk and "days ago" in n.talk for n in notes)
    assert only(notes, "spot eviction").talk == "Karpenter beyond AWS"
    # a quoted saying names no project: no talk; nor does the next comment inherit one
    assert only(notes, "hallway track").talk is None
    assert only(notes, "GCP provider").talk is None


# A HipChat room's history: who and when in front of each message, joins, actions, a reply
# quoting an earlier message.
HIPCHAT_HISTORY = """\
[Platform Ops]
Wednesday, March 29, 2017
[2017-03-29 08:31] Mehmet Aydin joined the room
[2017-03-29 08:33] Mehmet Aydin: /me is in the badge queue, it goes twice round the building
[2017-03-29 08:41] Sofie Lindahl: we are in! main hall is full already
[2017-03-29 09:22] Jonas Hartmann: Keynote: Kubernetes 1.6
- etcd3 is the default storage backend in 1.6
- DaemonSets can do rolling updates now
[2017-03-29 09:25] Bernd Schulte: > etcd3 is the default storage backend in 1.6
[2017-03-29 09:25] Bernd Schulte: do we have to migrate the data of our etcd2 clusters?
"""


def test_a_hipchat_history_takes_its_talks_from_messages_not_headers(glossary: Glossary) -> None:
    notes = split_notes(HIPCHAT_HISTORY, glossary=glossary, markdown=False, name="room.txt")
    texts = [n.text for n in notes]
    assert_dropped(texts, "[2017-03-29", "Sofie Lindahl:", "joined the room")
    assert not any(n.talk and ("/me" in n.talk or "[2017" in n.talk) for n in notes)
    etcd = only(notes, "default storage backend")
    assert etcd.talk == "Keynote: Kubernetes 1.6"
    assert only(notes, "migrate the data").talk == etcd.talk  # the quote is said already


def test_signal_export_reactions_name_who_reacted(glossary: Glossary) -> None:
    assert debris.is_reactions("Reactions: 😂 Lev Brandt, 👍 Noor Haddad")
    assert not debris.is_reactions("Reactions: mostly positive, people liked the demo")


# A mail pasted from Fastmail: the conversation's title over the headers, no blank line.
FASTMAIL_REPLY = """\
Re: SREcon recap (Singapore) + your questions
From: Wei Ling Tan <weiling@harbourline.example>
To: SRE team <sre@harbourline.example>
Date: Tue, 20 Jun 2023 09:42:18 +1000
Subject: Re: SREcon recap (Singapore) + your questions

Hi all,

A retry budget caps retries at a tenth of normal traffic, so a slow backend is not buried.
"""


def test_a_mails_headers_under_its_title_are_no_note(glossary: Glossary) -> None:
    notes = split_notes(FASTMAIL_REPLY, glossary=glossary, markdown=False, name="mail.txt")
    assert_dropped([n.text for n in notes], "From:", "weiling@", "Date:")
    assert only(notes, "retry budget").conference == "SREcon APAC 2023"


# A MediaWiki page copied from the browser: its chrome, a numbered contents box, section
# titles with their edit links, a table pasted with tabs.
MEDIAWIKI_PAGE = """\
Conference notes/ContainerDays 2023
From Tarnwell OpsWiki
< Conference notes
(Redirected from ContainerDays 2023)
Jump to navigation Jump to search
Three of us went to ContainerDays in Hamburg, these are our notes per talk.
Contents
1 Cilium service mesh
1.1 What will break
2 Follow-ups
Cilium service mesh[edit]
Cilium can replace the sidecar proxies with one Envoy per node, half the memory for us.
What will break[edit]
Per-pod mTLS identities need the SPIRE integration, which was still beta then.
Follow-ups[edit]
Action\tOwner\tTicket
Try Cilium mesh on the QA cluster\tJoris\tINFRA-1184
"""


def test_a_mediawiki_page_reads_its_sections_by_their_edit_links(glossary: Glossary) -> None:
    notes = split_notes(MEDIAWIKI_PAGE, glossary=glossary, markdown=False, name="wiki.txt")
    texts = [n.text for n in notes]
    assert_dropped(texts, "[edit]", "Jump to", "Tarnwell OpsWiki", "Redirected", "1.1 What")
    assert not any(n.talk and ("[edit]" in n.talk or "Owner" in n.talk) for n in notes)
    assert only(notes, "one Envoy per node").talk == "Cilium service mesh"
    # "1.1 What will break" in the contents box: part of the talk above it
    assert only(notes, "SPIRE integration").talk == "Cilium service mesh"
    assert only(notes, "QA cluster").talk != "Try Cilium mesh on the QA cluster"
    assert_dropped(texts, "Action Owner Ticket")  # a row of labels says nothing


# A GitLab issue copied from the browser: a comment's header, its role badge, then the
# talk's title over its bullets; a reply quoting a line with its markup taken off.
GITLAB_ISSUE_COMMENTS = """\
Tessera / Backend Guild / Issues / #87
RustConf MTL - learnings, one comment per talk
Activity
Ines Carvalho @icarvalho · 1 week ago
Author
Keynote / state of the project
- any ident called gen needs `r#gen` in the 2024 edition
- `cargo fix --edition` does most of the migration
Tomasz Wojcik @twojcik · 1 week ago
Maintainer
> any ident called gen needs r#gen
we have `fn gen()` all over the fixtures crate, cargo fix does the rename though
"""


def test_an_issue_comment_under_its_role_badge_names_its_talk(glossary: Glossary) -> None:
    notes = split_notes(GITLAB_ISSUE_COMMENTS, glossary=glossary, markdown=False, name="i.txt")
    keynote = only(notes, "cargo fix --edition")
    assert keynote.talk == "Keynote / state of the project"
    reply = only(notes, "fixtures crate")
    assert reply.talk == keynote.talk, "a quote of a line said already is no title"


# A team site's page: each talk's title over whose notes they are, in brackets.
ATTRIBUTED_SECTIONS = """\
LISA19 in Portland: what the infra team brought back
Written up by Noor Haddad, 6 November 2019
Four of us went to LISA19 in Portland. Each section says whose notes it came from.
Moving off CentOS 6 before the deadline
(Callum's notes)
They did not upgrade in place: every host was rebuilt from a fresh image and the old one deleted.
Linux performance triage with BPF
(Teodor's notes)
execsnoop found a cron job spawning thousands of short-lived processes per minute.
"""


def test_whose_notes_a_section_holds_is_no_talk(glossary: Glossary) -> None:
    notes = split_notes(ATTRIBUTED_SECTIONS, glossary=glossary, markdown=False, name="p.txt")
    assert_dropped([n.text for n in notes], "Callum's notes", "Teodor's notes")
    assert only(notes, "fresh image").talk == "Moving off CentOS 6 before the deadline"
    assert only(notes, "execsnoop").talk == "Linux performance triage with BPF"


# A Craft doc exported as Markdown: a day's heading over one bold toggle per talk.
CRAFT_DAYS = """\
# PGConf.dev 2024 - db team notes

## Wednesday, May 29, 2024

- **Postgres 17 beta: what is in it for operators** (a committer)
    - incremental backups with `pg_basebackup --incremental`, then `pg_combinebackup`
    - new GUC `transaction_timeout` kills the whole transaction
    - `JSON_TABLE` finally landed
- **PgBouncer and prepared statements**
    - transaction pooling and prepared statements work together since 1.21
    - set `max_prepared_statements` or nothing changes
    - the protocol-level prepare is tracked per client
"""


def test_bold_toggles_under_a_days_heading_are_its_talks(glossary: Glossary) -> None:
    notes = md(CRAFT_DAYS, glossary)
    talk = only(notes, "pg_combinebackup").talk
    assert talk is not None and talk.startswith("Postgres 17 beta: what is in it for operators")
    assert only(notes, "max_prepared_statements").talk == "PgBouncer and prepared statements"


def test_days_said_short_still_date_the_notes(glossary: Glossary) -> None:
    # Threads dates a post "10/29/24" (its day over 12: no other reading)
    threads = split_notes(THREADS_CHAIN, glossary=glossary, markdown=False, name="t.txt")
    assert {n.event_date for n in threads} == {date(2024, 6, 13)}
    # a title read as a heading names the event's year; the day has none
    scribbles = txt(
        "Cloud Native SecurityCon NA 2024 - Seattle, 26-27 June - my scribbles\n\n"
        "TALK 1 // Falco after graduation\n"
        "- the modern eBPF probe is the default driver now, no kernel module to build\n",
        glossary,
        "scribbles.txt",
    )
    assert {n.event_date for n in scribbles} == {date(2024, 6, 26)}
    # an Obsidian note's `created:` when it has no `date:`
    created = md(
        "---\ncreated: 2024-03-19T08:52\n---\n\nKRaft mode is GA, ZooKeeper goes in 4.0.\n",
        glossary,
    )
    assert {n.event_date for n in created} == {date(2024, 3, 19)}
    assert debris.first_date("3/4/24") is None  # March 4th or April 3rd: not read


# A jrnl journal typed during a virtual conference: each entry dated in front of its title.
JRNL_ENTRIES = """\
[2023-10-18 07:52:14 AM] P99 CONF 23 day 1, watching from the office
- virtual and free, two days, talks prerecorded with the speaker live in the chat

[2023-10-18 08:41:03 AM] load testing + coordinated omission
- closed-loop load generators stop sending while the service stalls
- wrk2 and k6's constant-arrival-rate executor measure from the intended send time

[2023-10-18 09:15:22 AM] io_uring in a storage engine (db vendor)
- SQPOLL mode polls the submission queue from a kernel thread, no syscalls at all
"""


def test_a_journal_entry_dated_in_front_of_its_title_is_a_talk(glossary: Glossary) -> None:
    notes = split_notes(JRNL_ENTRIES, glossary=glossary, markdown=False, name="jrnl.txt")
    assert only(notes, "wrk2").talk == "load testing + coordinated omission"
    assert only(notes, "SQPOLL").talk == "io_uring in a storage engine (db vendor)"
    assert not any(n.text.startswith("AM") for n in notes), "the time is no subject"
    assert debris.is_chat_system("[2017-03-29 08:31] Mehmet Aydin joined the room")


# Raw notes with who gave each talk, or what it was, in brackets under its title.
BRACKETED_ASIDES = """\
GCUK23 notes - rafa
(typed live, typos are a feature)
- hotel to venue is a 10 min walk

slog in anger: migrating 200 services off zap
(Talia Brennan, some logistics co)
- they wrote a zap to slog Handler adapter first so libraries could log to slog
- LogValuer decides how a type is logged, they redact PII there

govulncheck in CI
(short talk, 20 min)
- reports only vulns in functions you actually call
- runs nightly and on PRs touching go.mod
"""


def test_a_title_over_its_speaker_in_brackets_heads_its_bullets(glossary: Glossary) -> None:
    notes = split_notes(BRACKETED_ASIDES, glossary=glossary, markdown=False, name="gcuk23.txt")
    assert only(notes, "Handler adapter").talk == "slog in anger: migrating 200 services off zap"
    assert only(notes, "go.mod").talk == "govulncheck in CI"
    assert {n.conference for n in notes} == {"GopherCon UK 2023"}  # the title stays the title


# A Gitter room copied from the browser: "Name @handle date time" over each message, a
# talk's title in bold as typed, whose notes a page section holds under its title.
GITTER_ROOM = """\
Hanne Lykke @hlykke May 02 2018 08:47
made it, badge queue at Bella Center was 25 min, biggest KubeCon in Europe so far
Karim Haddad @khaddad May 02 2018 08:52
left side, row 12, next to the pillar :)
Zofia Marek @zmarek May 02 2018 10:12
**Keynote: gVisor**
Google open sourced gVisor this morning
- a user-space kernel written in Go, between the container and the host kernel
- the runtime is called runsc, an OCI runtime next to runc
"""


def test_a_gitter_message_names_its_talk_in_bold(glossary: Glossary) -> None:
    notes = split_notes(GITTER_ROOM, glossary=glossary, markdown=False, name="gitter.txt")
    assert_dropped([n.text for n in notes], "@hlykke", "May 02 2018")
    assert not any(n.talk and "badge queue" in n.talk for n in notes), "a message, no title"
    assert only(notes, "open sourced gVisor").talk == "Keynote: gVisor"
    assert only(notes, "runsc").talk == "Keynote: gVisor"


def test_whose_notes_a_section_holds_is_no_note_only_under_its_title(
    glossary: Glossary,
) -> None:
    assert debris.is_whose_notes("Notes: Dana")
    assert debris.is_whose_notes("Notes by Ravi Menon")
    assert not debris.is_whose_notes("Notes from SREcon23 Americas")  # a title
    assert not debris.is_whose_notes("Notes: Joris. HashiCorp engineer, main room, Monday.")
    notes = txt(
        "Keynote: PyScript\n\nNotes: Dana\n\n"
        "PyScript runs Python in the browser on Pyodide, CPython compiled to WebAssembly.\n\n"
        "- Notes: Use Envoy Retries\n- (check with security first)\n"
        "- < half of teams track unit cost per request\n",
        glossary,
        "coda.txt",
    )
    assert only(notes, "Pyodide").talk == "Keynote: PyScript"
    assert_dropped([n.text for n in notes], "Dana")
    # elsewhere, such lines are what the team wrote
    for kept in ("Use Envoy Retries", "check with security first", "< half of teams"):
        assert any(kept in n.text for n in notes), kept


def test_counters_are_read_once_not_every_way_their_dots_allow() -> None:
    # (the counter pattern once split "1.2.3...12 x" every way a dot allows: 25 s)
    for counter in ("12 comments · 3 shares", "1.9K views", "👍 5 🎉 2"):
        assert debris.is_debris(counter), counter
    assert not debris.is_debris("1.2.3.4.5.6.7.8.9.10.11.12.13.14 x")


def test_what_the_thread_and_aside_rules_leave_alone(glossary: Glossary) -> None:
    # a fraction opening a note is no post's number
    fractions = txt(
        "Cilium at scale\n\n- 1/3 of our incidents last year were DNS timeouts in CoreDNS\n"
        "- 1/2 CPU per node went to kube-proxy before the switch\n",
        glossary,
        "n.txt",
    )
    assert any("1/3 of our incidents" in n.text for n in fractions)
    assert any("1/2 CPU per node" in n.text for n in fractions)
    # a title over "by ..." at the file's top still names the talk
    single = txt(
        "Scaling Prometheus with Thanos\nby Bartek Plotka\n"
        "- the sidecar uploads blocks to object storage every two hours\n"
        "- the querier fans out to sidecars and store gateways\n",
        glossary,
        "thanos.txt",
    )
    assert only(single, "sidecar uploads").talk == "Scaling Prometheus with Thanos"
    # a remark in brackets under a title is the writer's, and stays
    remark = txt(
        "Intro\n\nsome text first, long enough to be a paragraph of its own here.\n\n"
        "Use PodDisruptionBudgets\n(we learned this the hard way last year)\n"
        "- one PDB per deployment\n- maxUnavailable 1 for the ingress\n",
        glossary,
        "r.txt",
    )
    assert any("hard way" in n.text for n in remark)
    # a quoted title keeps its subtitle; a quoted saying is no talk
    assert notes_module._talk_name('"It\'s always DNS": debugging discovery') == (
        '"It\'s always DNS": debugging discovery'
    )
    saying = txt(
        '"Kubernetes is the new Linux": I keep hearing this and I am not convinced yet.\n',
        glossary,
        "s.txt",
    )
    assert saying[0].talk is None
    # a date that reads two ways stays in its note
    assert not debris.is_date_only("3/4/24")
    assert debris.first_date("10/29/99") == date(1999, 10, 29)
