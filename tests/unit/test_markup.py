"""Org mode, AsciiDoc, reStructuredText, TiddlyWiki, Vimwiki notes, saved web pages and
transcripts are read for their structure, not as plain text with markup in it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.search.glossary import load_glossary
from bot.transfer.markup import note_format, to_markdown
from bot.transfer.notes import Note, notes_of_file

GLOSSARY = load_glossary()

ORG = """\
#+TITLE: KCD Munich 2024
#+AUTHOR: Lena B.
#+DATE: <2024-07-01 Mon>
#+STARTUP: overview
#+FILETAGS: :conf:
#+OPTIONS: toc:nil num:nil

# private: clean up before sharing
* Day 1 <2024-07-01 Mon>
** Cilium w/o kube-proxy, 18 months in prod :cilium:network:
:PROPERTIES:
:SPEAKER: platform team of a bank
:END:
- socket-level LB: service IP translated at connect(), not per packet
- before: ~8k services, kube-proxy iptables sync took 10s+ on big nodes
- [[https://slides.example/cilium][slides]]
*** TODO check which clusters still have cgroup v1 nodes
SCHEDULED: <2024-07-08 Mon>
** Crossplane compositions w/ functions
- functions are gRPC servers shipped as packages, Composition =mode: Pipeline=
#+begin_src yaml
apiVersion: apiextensions.crossplane.io/v1
kind: Composition
#+end_src
- classic patch & transform = legacy now
#+begin_quote
"never run the monolithic provider again"
#+end_quote
"""


def _notes(source: str, name: str) -> list[Note]:
    return notes_of_file(source, name, glossary=GLOSSARY)


def _by_text(notes: list[Note], words: str) -> Note:
    return next(n for n in notes if words in n.text)


def test_org_headlines_are_talks_and_markup_is_no_note() -> None:
    notes = _notes(ORG, "kcd-notes.org")
    texts = "\n".join(n.text for n in notes)
    for markup in ("#+", ":PROPERTIES:", ":END:", ":SPEAKER:", "SCHEDULED", "apiVersion"):
        assert markup not in texts
    assert "private: clean up" not in texts  # an Org comment
    lb = _by_text(notes, "socket-level LB")
    assert lb.talk == "Cilium w/o kube-proxy, 18 months in prod"
    assert lb.conference == "KCD Munich 2024"
    assert str(lb.event_date) == "2024-07-01"
    assert lb.author == "Lena B."
    assert _by_text(notes, "classic patch").talk == "Crossplane compositions w/ functions"
    assert "https://slides.example/cilium" in _by_text(notes, "socket-level LB").links + tuple(
        link for n in notes for link in n.links
    )


def test_an_org_task_headline_is_a_to_do_note_not_a_talk() -> None:
    notes = _notes(ORG, "kcd-notes.org")
    todo = _by_text(notes, "cgroup v1")
    assert todo.text.startswith("TODO") or "TODO check" in todo.text
    assert all(n.talk is None or "TODO" not in n.talk for n in notes)


def test_org_verbatim_becomes_code_not_emphasis() -> None:
    notes = _notes(ORG, "kcd-notes.org")
    assert "Composition mode: Pipeline" in _by_text(notes, "gRPC servers").text
    assert "=mode" not in to_markdown(ORG, "org")
    assert "`mode: Pipeline`" in to_markdown(ORG, "org")


ASCIIDOC = """\
= Platform guild: Open Source Summit EU 2024
Jonas Richter <jonas@example.org>
v1.0, 2024-09-20
:toc:
:keywords: kernel, security

// draft, do not share
== Cyber Resilience Act: what changes for us

* The main obligations apply 36 months after entry into force.
** Reporting of actively exploited vulnerabilities starts earlier.
* Non-commercial open source developers are out of scope.

.How they report
[source,yaml]
----
reporting: enisa
----

== sched_ext in production

NOTE: BPF schedulers load at runtime, no kernel rebuild needed.

* If the BPF scheduler stalls a task for 30 s the kernel falls back to the fair one.
* See https://sched-ext.example/docs[the docs] for the watchdog.
"""


def test_asciidoc_sections_are_talks_and_its_header_front_matter() -> None:
    notes = _notes(ASCIIDOC, "oss-eu-24.adoc")
    texts = "\n".join(n.text for n in notes)
    assert "----" not in texts and "[source" not in texts and ":toc:" not in texts
    assert "reporting: enisa" not in texts and "draft, do not share" not in texts
    cra = _by_text(notes, "36 months")
    assert cra.talk == "Cyber Resilience Act: what changes for us"
    assert cra.conference == "Open Source Summit EU 2024"
    assert str(cra.event_date) == "2024-09-20"
    assert cra.author == "Jonas Richter"
    stall = _by_text(notes, "stalls a task")
    assert stall.talk == "sched_ext in production"
    docs = _by_text(notes, "watchdog")
    assert "https://sched-ext.example/docs" in docs.links
    assert "[the docs]" not in docs.text


RST = """\
=====================================
SREcon EMEA 2023: what we brought home
=====================================

:Author: Aoife K.
:Date: 2023-10-26

Burn-rate alerts
================

They page on burn rate, not on raw error rate.
The fast pair is a 14.4x burn over one hour, checked on a five-minute window too.

.. note::

   The slow pair opens a ticket instead of paging anyone.

Their recording rule::

    - record: slo:burn:1h
      expr: sum(rate(errors[1h]))

.. image:: burn.png

CPU throttling
==============

- CFS quotas throttle bursty services even at 30% average usage.
- ``cpu.cfs_throttled_periods_total`` shows it; see `the kernel docs <https://kernel.example/cfs>`_.
"""


def test_rst_titles_are_talks_and_directives_are_no_notes() -> None:
    notes = _notes(RST, "srecon23-emea.rst")
    texts = "\n".join(n.text for n in notes)
    assert ".. " not in texts and "::" not in texts and "burn.png" not in texts
    assert "record: slo:burn:1h" not in texts
    burn = _by_text(notes, "14.4x")
    assert burn.talk == "Burn-rate alerts"
    assert burn.conference == "SREcon EMEA 2023"
    assert str(burn.event_date) == "2023-10-26"
    assert _by_text(notes, "slow pair").talk == "Burn-rate alerts"
    cfs = _by_text(notes, "cfs_throttled")
    assert cfs.talk == "CPU throttling"
    assert cfs.text.startswith("cpu.cfs_throttled_periods_total shows it")
    assert "https://kernel.example/cfs" in cfs.links


def test_rst_simple_table_is_not_read_as_a_title() -> None:
    source = (
        "Karpenter talk\n==============\n\n"
        "=========  ===========\nsetting    value\n=========  ===========\n"
        "ttl        30s\n=========  ===========\n\n"
        "Karpenter consolidates nodes by price when the pods fit on fewer of them.\n"
    )
    markdown = to_markdown(source, "rst")
    assert "| setting | value |" in markdown
    assert markdown.count("\n# ") == 1
    note = _by_text(_notes(source, "k.rst"), "consolidates")
    assert note.talk == "Karpenter talk"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.org", "org"), ("B.ADOC", "asciidoc"), ("c.rst", "rst"), ("d.md", "markdown"),
     ("e.txt", "text"), ("no-suffix", "text"), ("f.qmd", "markdown"), ("g.Rmd", "markdown"),
     ("h.mdx", "markdown"), ("i.eml", "email"), ("j.taskpaper", "taskpaper"),
     ("promcon18 notes.tid", "tiddlywiki"), ("gceu23.wiki", "vimwiki"), ("post.HTML", "html"),
     ("export.htm", "html")],
)  # fmt: skip
def test_note_format_by_suffix(name: str, kind: str) -> None:
    assert note_format(name) == kind


EML = """\
From: Jonas Richter <jonas@kilnworth.example>
To: platform@kilnworth.example
Subject: Re: ArgoCon NA 2023 recap
Date: Thu, 09 Nov 2023 18:02:11 +0100
Message-ID: <abc123@kilnworth.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA256

Argo CD 2.9 shards the application controller with a consistent-hashing algo=
rithm, which balances clusters far better than round-robin.

Argo Rollouts: a failed analysis run aborts the canary and shifts traffic back =
to stable within seconds.

--=20
Jonas Richter, platform team
-----BEGIN PGP SIGNATURE-----

iQEzBAEBCAAdFiEEabc
=XyZ1
-----END PGP SIGNATURE-----

--b1
Content-Type: text/html; charset=utf-8

<p>HTML copy</p>
--b1--
"""


def test_a_saved_mail_is_read_as_its_text_without_mime_armour_or_signature() -> None:
    notes = _notes(EML, "argocon-recap.eml")
    texts = "\n".join(n.text for n in notes)
    assert "consistent-hashing algorithm, which balances clusters" in texts, "decoded"
    assert "Rollouts" in texts
    for chrome in ("PGP", "Hash: SHA256", "iQEz", "Content-Type", "Jonas Richter, platform",
                   "HTML copy", "=20"):  # fmt: skip
        assert chrome not in texts, chrome
    assert {n.conference for n in notes} == {"ArgoCon NA 2023"}
    assert all(n.event_date is None or n.event_date.year == 2023 for n in notes)


def test_an_asciidoc_labeled_list_keeps_its_terms() -> None:
    source = (
        "= KCD notes\n\n== Autoscaling\n\n"
        "Karpenter:: consolidates nodes by price\nKEDA:: scales on queue length\n"
    )
    notes = _notes(source, "kcd.adoc")
    texts = "\n".join(n.text for n in notes)
    assert "Karpenter: consolidates nodes by price" in texts
    assert "KEDA: scales on queue length" in texts


def test_a_mail_with_an_unknown_charset_is_read_not_refused() -> None:
    mail = (
        "From: a@example.org\nSubject: KubeCon EU 2024 notes\n"
        'Content-Type: text/plain; charset="x-foo-bar"\n\n'
        "Karpenter consolidates nodes by price once the pods fit on fewer of them.\n"
    )
    assert any("consolidates nodes" in n.text for n in _notes(mail, "notes.eml"))


def test_a_mail_forwarded_as_an_attachment_is_read() -> None:
    mail = (
        "From: a@example.org\nSubject: Fwd: recap\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
        "Content-Type: message/rfc822\n\n"
        "From: b@example.org\nSubject: KubeCon EU 2024 recap\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Karpenter consolidates nodes by price once the pods fit on fewer of them.\n"
        "--b--\n"
    )
    assert any("consolidates nodes" in n.text for n in _notes(mail, "fwd.eml"))


TASKPAPER = """\
SREcon EMEA 2024 Dublin:
\tDay 1:
\t\tCells at a payments company @talk @room(Liffey A):
\t\t\tspeaker ran the migration, 40 cells now
\t\t\t- a cell router maps customer id to cell, cached at the edge @done
\t\t\t- a bad deploy only reaches one cell: canary = cell 0
\t\t\t- @q how big is a cell -> about 2% of customers
\t\t\t- size our shards like that before Q3 @todo @assignee(ines) @due(2024-11-01)
\t\tRetry budgets @talk:
\t\t\t- three layers of 3 retries each is 27x load on the database
\t\tLoad shedding by priority: @talk @room(Liffey B)
\t\t\t- critical requests are never shed; batch is shed first
"""


def test_taskpaper_projects_are_talks_and_tags_are_not_words() -> None:
    notes = _notes(TASKPAPER, "srecon-emea-24.taskpaper")
    router = _by_text(notes, "cell router")
    assert router.talk == "Cells at a payments company"
    assert router.conference == "SREcon EMEA 2024"
    assert not any("@" in n.text or "assignee" in n.text or "Liffey" in n.text for n in notes)
    # "@todo" makes the team's to-do, "@q" a question asked at the talk.
    assert _by_text(notes, "size our shards").text.endswith(
        "TODO size our shards like that before Q3"
    )
    assert "Q: how big is a cell" in _by_text(notes, "how big is a cell").text
    assert _by_text(notes, "27x load").talk == "Retry budgets"
    # TaskPaper's project colon may come before the tags too.
    assert _by_text(notes, "never shed").talk == "Load shedding by priority"


# A Jupyter Book (MyST) page: directives in fences, targets, comments and roles.
MYST = """\
(backstage-notes)=
# BackstageCon NA 2023

```{contents}
:local:
```

## The new backend system

- Services are injected: a plugin declares coreServices.database as a dependency.

```{note}
Our custom cost-center processor is the only thing that needs real rework.
```

```{admonition} Action items
:class: tip
- Move the catalog module to the new backend before 1.20.
```

See {ref}`the KubeCon notes <conf-kubecon>` for the rest of the week.

% page maintained by the Portal team
"""


def test_myst_directives_with_text_are_read_and_its_markup_is_not() -> None:
    notes = _notes(MYST, "backstagecon.md")
    texts = [n.text for n in notes]
    assert any("cost-center processor" in t for t in texts), "a note directive is text"
    assert any(t.startswith("Action items:") or "catalog module" in t for t in texts)
    for markup in ("{contents}", ":local:", ":class:", "(backstage-notes)=", "% page", "{ref}"):
        assert not any(markup in t for t in texts), markup
    assert any("See the KubeCon notes for the rest" in t for t in texts)


TIDDLER = """\
created: 20180809064511302
creator: mbrandt
tags: conferences [[Monitoring Guild]] PromCon
title: promcon18 notes
type: text/vnd.tiddlywiki

!! Thu 9 Aug - day 1
* single track at the Google office in Munich
<<toc-selective-expandable>>

!!! thanos - global view + long term storage
* sidecar next to every prom, uploads the ''2h TSDB blocks'' to //object storage//
** dedups HA pairs by a replica label
* slides: [ext[Thanos deck|https://slides.example/thanos]] and [[Thanos notes|thanos]]
# compactor downsamples to 5m and 1h, see https://thanos.example/docs
"""


def test_a_tiddler_s_fields_are_front_matter_and_its_headings_talks() -> None:
    notes = _notes(TIDDLER, "promcon18 notes.tid")
    texts = "\n".join(n.text for n in notes)
    for markup in ("!!", "''", "//object", "<<", "[[", "[ext[", "created:", "type:"):
        assert markup not in texts, markup
    sidecar = _by_text(notes, "sidecar next to every prom")
    assert sidecar.talk == "thanos - global view + long term storage"
    assert sidecar.conference == "PromCon EU 2018"
    assert str(sidecar.event_date) == "2018-08-09"
    assert sidecar.author == "mbrandt"
    assert "2h TSDB blocks" in sidecar.text and "dedups HA pairs" in sidecar.text
    assert "https://slides.example/thanos" in {link for n in notes for link in n.links}
    # a day's heading is no talk, and the "https://" of an address is no italic mark
    assert all(n.talk is None or "Thu 9 Aug" not in n.talk for n in notes)
    assert "https://thanos.example/docs" in {link for n in notes for link in n.links}


def test_a_markdown_tiddler_keeps_its_text_and_gains_its_fields() -> None:
    tiddler = (
        "title: KubeCon EU 2024\ntype: text/x-markdown\n\n## Karpenter\n- consolidates by price\n"
    )
    markdown = to_markdown(tiddler, "tiddlywiki")
    assert markdown.startswith("---\ntitle: KubeCon EU 2024\n---")
    assert "## Karpenter\n- consolidates by price" in markdown


VIMWIKI = """\
%title gceu23 berlin
%% me + Lukas, copy the good bits to [[team/go-guild]] after
= gophercon eu, berlin =
[[index]] | [[conferences]] | [[go/runtime-tuning]]

=== structured logging w/ log/slog ===
- slog lands in std lib in 1.21, see [[go/logging|our logging page]]
- *LogValuer* interface: the type decides how it is logged
{{{go
logger.Info("hi")
}}}
# numbered: migrate payments-api from logrus after 1.21 is final
"""


def test_a_vimwiki_page_s_headings_are_talks_and_its_markup_no_note() -> None:
    notes = _notes(VIMWIKI, "gceu23.wiki")
    texts = "\n".join(n.text for n in notes)
    for markup in ("%title", "%%", "Lukas", "[[", "{{{", "}}}", "index | conferences", "*Log"):
        assert markup not in texts, markup
    slog = _by_text(notes, "slog lands in std lib")
    assert slog.talk == "structured logging w/ log/slog"
    assert slog.conference == "GopherCon EU 2023"
    assert "our logging page" in slog.text
    assert "LogValuer" in _by_text(notes, "the type decides").text
    assert "migrate payments-api" in texts


SAVED_PAGE = """\
<!DOCTYPE html>
<html lang="en"><head>
<title>Three things from KubeCon EU 2024 | Tanager Engineering</title>
<meta property="og:title" content="Three things from KubeCon EU 2024">
<meta name="author" content="Marisol Quintero">
<meta property="article:published_time" content="2024-03-28T09:00:00+00:00">
<link rel="canonical" href="https://eng.tanager.example/blog/kubecon-eu-2024">
<script>window.dataLayer = [];</script>
</head><body>
<header><a href="/">Tanager Engineering</a><nav><a href="/blog">Blog</a></nav></header>
<div class="cookie">We use cookies to improve your experience. <button>Accept all</button></div>
<main><article>
<header><h1>Three things from KubeCon EU 2024</h1>
<p>By Marisol Quintero &middot; March 28, 2024 &middot; 6 min read</p></header>
<h2>Karpenter consolidation by price</h2>
<p>Karpenter <strong>replaces</strong> expensive nodes with cheaper ones when the pods fit.</p>
<ul><li>spot-to-spot consolidation needs at least 15 instance types</li>
<li>disruption budgets limit how many nodes go at once<ul><li>set one per NodePool</li></ul>
</li></ul>
<h2>KEDA scaling modifiers</h2>
<p>Scaling modifiers combine triggers with a formula, see
<a href="https://keda.sh/docs/concepts/scaling-deployments/">the docs</a>.</p>
<pre><code>advanced:
  scalingModifiers:
    formula: "queue / 10"
</code></pre>
<footer><p>Share this: <a href="https://twitter.example/share">Twitter</a></p></footer>
</article>
<article class="related"><h3>Related: our Backstage migration</h3>
<p>How we moved 300 services.</p></article>
</main>
<aside><h3>Recent posts</h3><ul><li>Postgres upgrades without downtime</li></ul></aside>
<footer><p>&copy; 2024 Tanager. All rights reserved.</p></footer>
</body></html>
"""


def test_a_saved_page_is_read_as_its_post_with_the_head_as_front_matter() -> None:
    notes = _notes(SAVED_PAGE, "post.html")
    texts = "\n".join(n.text for n in notes)
    for chrome in ("dataLayer", "Blog", "cookies", "Accept", "Share this", "Related",
                   "Backstage", "Recent posts", "Postgres", "rights reserved", "6 min read",
                   "scalingModifiers", "<", "&"):  # fmt: skip
        assert chrome not in texts, chrome
    karpenter = _by_text(notes, "replaces expensive nodes")
    assert karpenter.talk == "Karpenter consolidation by price"
    assert karpenter.conference == "KubeCon EU 2024"
    assert str(karpenter.event_date) == "2024-03-28"
    assert karpenter.author == "Marisol Quintero"
    assert karpenter.source_url == "https://eng.tanager.example/blog/kubecon-eu-2024"
    assert "set one per NodePool" in _by_text(notes, "disruption budgets").text
    keda = _by_text(notes, "combine triggers with a formula")
    assert keda.talk == "KEDA scaling modifiers"
    assert "https://keda.sh/docs/concepts/scaling-deployments/" in keda.links


CONFLUENCE_EXPORT = """\
<html><head><title>Platform : KubeCon EU 2024 notes</title></head><body>
<div id="main-header"><div id="breadcrumb-section"><ol id="breadcrumbs">
<li><a href="index.html">Platform</a></li><li><a href="Conferences.html">Conferences</a></li>
</ol></div>
<h1 id="title-heading"><span id="title-text">Platform : KubeCon EU 2024 notes</span></h1></div>
<div class="page-metadata">Created by Femke de Vries, last modified on Mar 28, 2024</div>
<div id="main-content" class="wiki-content group">
<h2>Karpenter at scale</h2>
<p>Karpenter consolidates nodes by price once the pods fit on fewer of them.</p>
<table><tr><th>Setting</th><th>Value</th></tr>
<tr><td>consolidationPolicy</td><td>WhenEmptyOrUnderutilized</td></tr></table>
<div class="share-buttons"><a href="https://x.example/share">Share on X</a></div>
</div>
<div id="footer"><p>Document generated by Confluence on Mar 28, 2024 10:02</p></div>
</body></html>
"""


def test_a_wiki_s_html_export_is_read_without_its_breadcrumbs_footer_or_buttons() -> None:
    markdown = to_markdown(CONFLUENCE_EXPORT, "html")
    for furniture in ("Conferences", "Document generated", "Share on X"):
        assert furniture not in markdown, furniture
    # a table stays a table (no note is made of its cells)
    assert "| Setting | Value |\n|---|---|\n| consolidationPolicy |" in markdown
    notes = _notes(CONFLUENCE_EXPORT, "kubecon.html")
    assert [(n.talk, n.conference) for n in notes] == [("Karpenter at scale", "KubeCon EU 2024")]
    assert notes[0].author == "Femke de Vries", "the page's creator is credited"


def test_a_saved_page_s_tables_lists_and_paragraphs_keep_their_shape() -> None:
    page = (
        "<html class='no-js nav-closed'><body><div class='content-sidebar-wrap'><main>"
        "<h2 id='sharing-gpus-across-teams'>Sharing GPUs across teams</h2>"
        "<p># of nodes dropped by 40% after consolidation was on.</p>"
        "<ul><li><p>loose item one</p></li><li><p>two</p><ul><li><p>sub</p></li></ul></li></ul>"
        "<blockquote><p>quoted</p></blockquote>"
        "<div><table><tr><th>Tool</th><th>Note</th><th>Verdict</th></tr>"
        "<tr><td>eBPF</td><td></td><td>great</td></tr>"
        "<tr><td><p>Cilium</p><p>fast</p></td><td>in</td><td>ok</td></tr></div>"
        "<p>The rest of the page after a table that was never closed.</p>"
        "</main></div></body></html>"
    )
    markdown = to_markdown(page, "html")
    # a wrapper or a heading named like furniture ("sidebar", "sharing") is read
    assert "## Sharing GPUs across teams" in markdown
    assert "\\# of nodes dropped" in markdown, "a paragraph's '#' is no heading"
    assert "- loose item one\n- two\n  - sub" in markdown
    assert "> quoted" in markdown
    assert "| eBPF |  | great |\n| Cilium fast | in | ok |" in markdown, "an empty cell stays"
    assert "The rest of the page after a table" in markdown
    notes = _notes(page, "post.html")
    assert _by_text(notes, "of nodes dropped by 40%").talk == "Sharing GPUs across teams"


def test_wiki_markup_inside_code_and_lines_that_only_look_like_markup_stay_text() -> None:
    tiddler = to_markdown(
        "https://cilium.io/blog\n* Set `{{ .Values.image.tag }}` in `__init__` via `a << b`\n",
        "tiddlywiki",
    )
    assert "https://cilium.io/blog" in tiddler, "an address on the first line is no field"
    assert "`{{ .Values.image.tag }}` in `__init__` via `a << b`" in tiddler
    page = to_markdown(
        "= talk =\n{{{ kubectl get pods }}}\n%CPU was 90 percent on the nodes\n"
        "[[https://youtu.be/abc|Recording]]\n== next ==\n- more\n",
        "vimwiki",
    )
    assert "`kubectl get pods`" in page and "## next" in page, "a one-line fold opens no code"
    assert "%CPU was 90 percent" in page, "only Vimwiki's own placeholders are markup"
    assert "[Recording](https://youtu.be/abc)" in page, "a link to a recording is no menu"
    code = to_markdown("- link with `[[page|text]]` and *bold* outside\n", "vimwiki")
    assert "`[[page|text]]`" in code and "**bold**" in code, "code spans keep their marks"


def test_the_post_is_the_page_s_longest_marked_part_not_a_teaser() -> None:
    long = "Karpenter consolidates nodes by price once the pods fit. " * 8
    # a post in a plain <div>, a "recent posts" teaser marked as an <article>
    unmarked = to_markdown(
        f"<body><div id='content'><h1>My trip</h1><p>{long}</p></div>"
        "<div><article><h3>Recent: our Paris trip</h3></article></div></body>",
        "html",
    )
    assert "Karpenter consolidates" in unmarked
    # a teaser <article> before the <main> that holds the post
    before = to_markdown(
        f"<article><p>A teaser.</p></article><main><h2>Real post</h2><p>{long}</p></main>",
        "html",
    )
    assert "Real post" in before and "teaser" not in before
    # two talks as two <article> elements in one <main>: both
    both = to_markdown(
        "<main><article><h2>Talk 1</h2><p>one</p></article>"
        "<article><h2>Talk 2</h2><p>two</p></article></main>",
        "html",
    )
    assert "## Talk 1" in both and "## Talk 2" in both


def test_a_saved_page_s_inline_marks_links_and_line_breaks_read_as_written() -> None:
    markdown = to_markdown(
        "<article><p><strong>Key point: </strong>text here</p>"
        "<a href='https://x.example/p'><h3>Card title</h3><p>teaser</p></a>"
        "<p>See <a href='https://keda.sh'>the docs</a> now.</p>"
        "<p>Room was packed.<br>Spot nodes drain in 2 min.<br>VPA is GA.</p></article>",
        "html",
    )
    assert "**Key point:** text here" in markdown
    assert "[" not in markdown.replace("[the docs](https://keda.sh)", ""), "no stray brackets"
    assert "Room was packed.\n\nSpot nodes drain in 2 min.\n\nVPA is GA." in markdown


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # cells and rows whose end tags a page leaves out
        (
            "<table><tr><th>Tool<th>Verdict<tr><td>Argo CD<td>Adopt for GitOps deployments"
            "<tr><td>Flux<td>Trial in staging</table>",
            "| Argo CD | Adopt for GitOps deployments |\n| Flux | Trial in staging |",
        ),
        # what Markdown would read as a mark is text, in a list item too
        (
            "<p>1. Kafka consumers commit after processing.</p><ul><li># of nodes grew</li></ul>",
            "1\\. Kafka consumers commit after processing.\n\n- \\# of nodes grew",
        ),
        # bold across a <br>, a mark's spaces, an empty mark
        (
            "<p><strong>Key takeaway<br>Use eBPF in production</strong> because it is cheap.</p>"
            "<p>offsets<b> after </b>processing and <b></b>more</p>",
            "**Key takeaway Use eBPF in production** because it is cheap.\n\n"
            "offsets **after** processing and more",
        ),
        # a table in a list item stands apart; an item's mark does not leak out of a cell
        (
            "<ul><li>Options compared:<table><tr><th>Tool</th></tr><tr><td>Karpenter</td></tr>"
            "</table></li></ul><table><tr><td><ul><li>eu-west-1</li></ul></td></tr></table>"
            "<p>Our Terraform modules.</p>",
            "- Options compared:\n\n| Tool |\n|---|\n| Karpenter |",
        ),
        (
            "<table><tr><td><ul><li>eu-west-1</li></ul></td></tr></table><p>Our modules.</p>",
            "\nOur modules.",
        ),
        # blocks inside code are its lines
        (
            "<pre><div># install</div><div>pip install x</div></pre>",
            "```\n# install\npip install x\n```",
        ),
        # a post whose end tag is left out ends with its parent; a <p> ends at the next
        (
            "<main><article><p>post text</p></main><footer><p>Copyright 2024 Acme</p></footer>",
            "post text",
        ),
        (
            "<div class=entry><p class=subscribe>Subscribe!<p>Real paragraph one.</div>",
            "Real paragraph one.",
        ),
        ("<blockquote><p>first</p><p>second</p></blockquote>", "> first\n\n> second"),
    ],
)
def test_a_saved_page_read_as_a_browser_reads_it(page: str, expected: str) -> None:
    markdown = to_markdown(page, "html")
    assert expected in markdown
    assert "Copyright" not in markdown and "Subscribe" not in markdown
    assert "- Our" not in markdown and "****" not in markdown


_TAG_SOUP = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "p",
                "b",
                "i",
                "td",
                "th",
                "tr",
                "table",
                "li",
                "ul",
                "ol",
                "pre",
                "div",
                "article",
                "main",
                "blockquote",
                "h2",
                "code",
                "strong",
                "em",
                "nav",
            ]
        ).flatmap(lambda t: st.sampled_from([f"<{t}>", f"</{t}>"])),
        st.sampled_from(["<br>", "<a href='https://x.example'>", "</a>", "<p class=share>"]),
        st.sampled_from(["Karpenter ", "# of nodes", "1. Kafka", " ", "- item", "**", "|"]),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_TAG_SOUP)
def test_any_tag_soup_is_read_without_an_error(parts: list[str]) -> None:
    markdown = to_markdown("".join(parts), "html")
    assert "<" not in markdown, "no tag is left in the text"


# A Teams meeting's transcript, downloaded as WebVTT.
TEAMS_VTT = """\
WEBVTT

NOTE recorded by the debrief bot

3f1c/8-0
00:00:02.150 --> 00:00:06.880
<v Ilse Brandt>OK, quick debrief. Who went to the Kueue talk?</v>

9a2e/9-0
00:00:07.010 --> 00:00:12.330
<v Jonas Weber>Me. Kueue admits a job only when the whole quota for it is free,</v>

9a2e/9-1
00:00:12.330 --> 00:00:16.100
<v Jonas Weber>so half-started training jobs stop holding <c.yellow>GPUs</c>.</v>

3f1c/10-0
00:00:16.900 --> 00:00:19.200
<v Ilse Brandt>Nice. And the Gateway API one?</v>
"""

# The same kind of talk's transcript from Zoom, as SubRip: the speaker in the text.
ZOOM_SRT = """\
1
00:00:01,000 --> 00:00:04,500
Ilse Brandt: Cilium replaces kube-proxy with eBPF service maps.

2
00:00:04,500 --> 00:00:08,000
Ilse Brandt: <i>Lookups stay constant however many services there are.</i>
"""


def test_a_transcript_is_what_was_said_a_paragraph_per_speaker_s_turn() -> None:
    assert note_format("debrief.vtt") == note_format("talk.srt") == "transcript"
    notes = _notes(TEAMS_VTT, "platform-debrief.vtt")
    texts = "\n".join(n.text for n in notes)
    for furniture in ("WEBVTT", "-->", "3f1c", "<v", "</v>", "<c", "Ilse Brandt", "NOTE"):
        assert furniture not in texts, furniture
    # Jonas's two cues are one note; the question before them is another
    kueue = _by_text(notes, "Kueue admits a job")
    assert kueue.text.endswith("so half-started training jobs stop holding GPUs.")
    assert "Who went" not in kueue.text
    # a header run into its first cue; a colon in speech names no speaker, nor does a
    # lead-in said once ("Kubernetes:"); HTML escapes are read
    [cue] = _notes(
        "WEBVTT\n00:01.000 --> 00:04.000\nKubernetes: Valkey 8 reads and writes on more"
        " threads,\nYes: twice the throughput of Redis 7.2 on the same box &amp; less RAM.\n",
        "talk.vtt",
    )
    assert cue.text.startswith("Kubernetes: Valkey 8 reads") and "Yes: twice" in cue.text
    assert cue.text.endswith("same box & less RAM.")
    # YouTube's rolling captions say each line twice, with a line of one space between
    rolling = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nwe moved forty clusters to Karpenter\n"
        " \nand consolidation cut the bill by a third\n\n"
        "00:00:03.000 --> 00:00:05.000\nand consolidation cut the bill by a third\n"
        " \nin the first month after the move\n"
    )
    [said] = _notes(rolling, "auto-captions.vtt")
    assert said.text == (
        "we moved forty clusters to Karpenter and consolidation cut the bill by a third "
        "in the first month after the move"
    )
    [zoom] = _notes(ZOOM_SRT, "cilium-talk.srt")
    assert zoom.text == (
        "Cilium replaces kube-proxy with eBPF service maps. "
        "Lookups stay constant however many services there are."
    )


# Notes copied out of Tana: a trip's node, a day, a node per talk, fields on nodes.
TANA_PASTE = """\
%%tana%%
- Berlin, two days of infra talks [[date:2023-09-13/2023-09-14]] #trip
  - Event:: [[stackconf]]
  - Who:: [[Jonas Vogt]], [[Malin Sørensen]]
  - flew into BER, the S9 took 45 minutes
  - Day 1 [[date:2023-09-13]] #day
    - Talos Linux in prod #talk
      - Speaker:: [[Wiebke Janssen^x7Yq2]]
      - no SSH and no shell on the nodes, everything goes through the API
      - upgrades = new image + reboot
        - A/B partitions, so rollback = boot the old one
    - Lightning: move to pkgs.k8s.io NOW #talk
      - our Ansible role hardcodes the old repo #todo
"""


def test_a_tana_paste_s_nodes_are_talks_and_its_fields_no_notes() -> None:
    notes = _notes(TANA_PASTE, "tana-export.txt")
    texts = "\n".join(n.text for n in notes)
    for markup in ("%%tana%%", "::", "[[", "Wiebke", "Jonas", "#talk", "#day"):
        assert markup not in texts, markup
    talos = _by_text(notes, "no SSH")
    assert talos.talk == "Talos Linux in prod"
    assert talos.conference == "stackconf 2023"
    assert talos.event_date is not None and talos.event_date.isoformat() == "2023-09-13"
    assert "rollback = boot the old one" in _by_text(notes, "new image + reboot").text
    assert _by_text(notes, "Ansible role").talk == "Lightning: move to pkgs.k8s.io NOW"
    assert "todo" in _by_text(notes, "Ansible role").tags


def test_a_tana_paste_s_date_field_multi_value_fields_and_dates_in_notes() -> None:
    paste = (
        "%%tana%%\n"
        "- KubeCon Paris #trip\n"
        "  - Date:: [[date:2024-03-20]]\n"
        "  - Speakers::\n"
        "    - [[Wiebke Janssen]]\n"
        "    - [[Jonas Vogt]]\n"
        "  - Gateway API #talk\n"
        "    - Gateway API went GA since [[date:2023-10-31]] with v1.0 of the spec\n"
        "    - HTTPRoute replaces most of our ingress annotations\n"
    )
    notes = _notes(paste, "tana.txt")
    texts = "\n".join(n.text for n in notes)
    assert "Wiebke" not in texts and "Jonas" not in texts
    ga = _by_text(notes, "went GA since")
    assert "since 2023/10/31 with v1.0" in ga.text
    assert ga.event_date is not None and ga.event_date.isoformat() == "2024-03-20"
