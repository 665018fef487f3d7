"""The search engine on its own (no database): what a user asking would notice."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.search.glossary import load_glossary
from bot.search.index import Document, DocumentFilter, TeamIndex

GLOSSARY = load_glossary()


class Notes:
    def __init__(self) -> None:
        self.index = TeamIndex(GLOSSARY)
        self.ids: dict[str, int] = {}
        self.names: dict[int, str] = {}

    def add(
        self,
        name: str,
        text: str,
        *,
        tags: Sequence[str] = (),
        conference: str | None = None,
        talk: str | None = None,
        author: str = "U1",
        at: float | None = None,
    ) -> None:
        note_id = self.ids.get(name) or len(self.ids) + 1
        self.ids[name], self.names[note_id] = note_id, name
        created = at if at is not None else 1_700_000_000 + note_id
        self.index.upsert(Document(note_id, text, tags, conference, talk, author, created))

    def ask(self, query: str, flt: DocumentFilter | None = None, limit: int = 5) -> list[str]:
        outcome = self.index.search(query, flt or DocumentFilter(), limit)
        return [self.names[r.id] for r in outcome.ranked]

    def top(self, query: str) -> str | None:
        found = self.ask(query)
        return found[0] if found else None


@pytest.fixture
def notes() -> Notes:
    n = Notes()
    n.add("karpenter", "Karpenter consolidates nodes by price, zone and instance type")
    n.add("cilium", "Cilium can replace kube-proxy with eBPF", tags=["cilium", "ebpf"])
    n.add("prometheus", "Prometheus remote write gets expensive at scale", conference="SREcon")
    n.add("backstage", "Backstage software templates give every team a golden path")
    n.add("vpa", "We right-size requests with the vertical pod autoscaler in recommend mode")
    n.add("hpa", "HPA on custom metrics needs the metrics adapter")
    n.add("dr", "Run game days to test disaster recovery, not just the backups")
    n.add("criu", "CRIU checkpoints a running container so it can restore elsewhere")
    n.add("opa", "Open Policy Agent policies are tested like code in CI")
    n.add("k8s", "Upgrade k8s one minor version at a time")
    n.add("wasm", "WebAssembly modules start in milliseconds")
    return n


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("karpneter", "karpenter"),
        ("cillium", "cilium"),
        ("promethues", "prometheus"),
        ("backstge", "backstage"),
        ("Karpenter", "karpenter"),
    ],
)
def test_typos_find_the_project(notes: Notes, query: str, expected: str) -> None:
    assert notes.ask(query) == [expected]


def test_short_words_allow_no_typo(notes: Notes) -> None:
    assert notes.ask("hpa") == ["hpa"]
    assert "hpa" not in notes.ask("vpa"), "vpa and hpa are one letter apart and unrelated"
    assert notes.ask("kdea") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("what did we learn about karpenter?", "karpenter"),
        ("anything on disaster recovery?", "dr"),
        ("who talked about CRIU?", "criu"),
        ("Tell me about backstage, please", "backstage"),
    ],
)
def test_questions_keep_the_topic(notes: Notes, query: str, expected: str) -> None:
    assert notes.ask(query) == [expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("VPA", "vpa"),  # the note says "vertical pod autoscaler"
        ("vertical pod autoscaler", "vpa"),
        ("vertical pod autoscalr", "vpa"),  # a typo inside the phrase
        ("horizontal pod autoscaler", "hpa"),  # the note says "HPA"
        ("OPA", "opa"),
        ("kubernetes", "k8s"),
        ("kuberntes", "k8s"),  # a typo of a synonym the notes never spell out
        ("wasm", "wasm"),
        ("checkpoint restore", "criu"),
    ],
)
def test_acronyms_and_synonyms(notes: Notes, query: str, expected: str) -> None:
    assert notes.top(query) == expected


def test_a_phrase_beats_the_same_words_scattered() -> None:
    n = Notes()
    n.add("scattered", "Our image registry was slow; pulling was lazy work for the team")
    n.add("phrase", "Lazy image pulling made pods start five times faster")
    n.add("mesh-words", "A mesh of services, each with its own service account")
    n.add("mesh", "A service mesh adds mTLS without touching the code")
    assert n.ask("lazy image pulling")[0] == "phrase"
    assert n.ask("service mesh")[0] == "mesh"
    # The same holds for phrases the glossary does not know.
    n.add("apart", "The depth of the backlog matters more than any queue metric")
    n.add("together", "Scale workers on queue depth instead of CPU")
    assert n.ask("queue depth")[0] == "together"


def test_more_of_the_query_ranks_first() -> None:
    n = Notes()
    n.add("one", "Karpenter works with the cluster")
    n.add("two", "Karpenter and spot capacity work together")
    n.add("three", "Karpenter consolidation of spot instances saved money")
    assert n.ask("karpenter spot consolidation") == ["three", "two", "one"]


def test_tags_and_talk_titles_count_more_than_text() -> None:
    n = Notes()
    n.add("text", "A long keynote note that mentions falco once among many other words")
    n.add("tag", "Runtime security alerts from syscalls", tags=["falco"])
    n.add("talk", "Runtime security alerts from kernel events", talk="Falco at scale")
    assert n.ask("falco")[-1] == "text"


def test_exact_beats_typo_and_newer_breaks_ties() -> None:
    n = Notes()
    n.add("typo", "Kyvreno policies block latest tags", at=1_800_000_000)
    n.add("exact", "Kyverno policies block latest tags", at=1_700_000_000)
    assert n.ask("kyverno")[0] == "exact"
    n.add("older", "KEDA scales on queue length", at=1_700_000_000)
    n.add("newer", "KEDA scales on queue length", at=1_700_000_100)
    assert n.ask("keda") == ["newer", "older"]


def test_notes_imported_together_tie_in_the_order_of_their_file() -> None:
    n = Notes()
    talk = "Keptn quality gates"
    n.add("overview", "Keptn pulls SLIs after a deployment and checks them", talk=talk, at=1e9)
    n.add("detail", "A failed evaluation stops the promotion", talk=talk, at=1e9)
    n.add("aside", "This would replace our manual look at Grafana", talk=talk, at=1e9)
    assert n.ask("quality gates") == ["overview", "detail", "aside"]


def test_one_misspelt_note_does_not_hide_the_common_spelling() -> None:
    n = Notes()
    n.add("misspelt", "cillium notes from the hallway track")
    for i in range(25):
        n.add(f"c{i}", f"Cilium fact number {i}")
    found = n.ask("cillium", limit=30)
    assert "misspelt" in found and len(found) == 26


def test_filters_narrow_like_list(notes: Notes) -> None:
    notes.add("kcd", "Karpenter drift replaces outdated nodes", tags=["karpenter"], author="U2")
    notes.add("eu", "Karpenter on spot", conference="KubeCon EU 2024", author="U2")
    assert notes.ask("karpenter", DocumentFilter(tags=("karpenter",))) == ["kcd"]
    assert notes.ask("karpenter", DocumentFilter(conference="kubecon eu 2024")) == ["eu"]
    assert notes.ask("karpenter", DocumentFilter(author="U2")) == ["eu", "kcd"] or notes.ask(
        "karpenter", DocumentFilter(author="U2")
    ) == ["kcd", "eu"]
    assert notes.ask("karpenter", DocumentFilter(author="U404")) == []
    assert notes.ask("karpenter", DocumentFilter(tags=("karpenter", "nope"))) == []


def test_nothing_found_suggests_close_tags_and_words() -> None:
    n = Notes()
    n.add("a", "Karpenter consolidation by price", tags=["karpenter", "finops"])
    n.add("b", "Observability pipelines with OpenTelemetry", tags=["opentelemetry"])
    outcome = n.index.search("karpentirrr", DocumentFilter(), 5)
    assert outcome.ranked == []
    assert "#karpenter" in outcome.suggestions
    assert n.index.search("consolidaciones", DocumentFilter(), 5).suggestions == ["consolidation"]
    assert n.index.search("zzzzzz", DocumentFilter(), 5).suggestions == []


def test_edits_and_deletes_apply_in_place(notes: Notes) -> None:
    notes.add("karpenter", "Cluster autoscaler scales node groups")  # same id: an edit
    assert notes.ask("karpenter") == []
    assert notes.ask("autoscaler")[0] == "karpenter"
    notes.index.remove(notes.ids["cilium"])
    assert notes.ask("cilium") == []
    assert len(notes.index) == 10
    assert notes.index.dead_slots == 2


def test_scores_run_from_0_to_100_and_order_the_hits(notes: Notes) -> None:
    ranked = notes.index.search("karpenter consolidation", DocumentFilter(), 5).ranked
    assert ranked and all(0 < r.score <= 100 for r in ranked)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


def test_many_edits_ask_for_a_rebuild() -> None:
    n = Notes()
    n.add("a", "Karpenter drift")
    assert not n.index.needs_rebuild()
    for i in range(1001):
        n.add("a", f"Karpenter drift, edit {i}")
    assert n.index.needs_rebuild(), "freed slots past the limit"
    assert n.ask("karpenter") == ["a"] and len(n.index) == 1


def test_a_term_nobody_wrote_finds_its_neighbours() -> None:
    n = Notes()
    n.add("flags", "We moved all feature-flipping to flagd providers.")
    n.add("kepler", "Kepler exports per-pod energy use to Prometheus.")
    n.add("az", "Reddit: multi-AZ clusters cut cross-zone costs.")
    n.add("outages", "Most of our outages were config pushes, the review found.")
    n.add("noise", "Prometheus federation is not a backup.")
    assert n.top("openfeature") == "flags", "related: OpenFeature <-> feature flags"
    assert n.top("carbon footprint") == "kepler", "related: sustainability <-> Kepler"
    assert n.top("availability zone") == "az", "AZ is an availability zone"
    assert n.top("incidents") == "outages"
    # When the term itself is there, its neighbours do not crowd the answer.
    n.add("openfeature", "OpenFeature gives every language one flag API.")
    assert n.ask("openfeature") == ["openfeature"]


def test_search_opening_a_question_is_asking_later_it_is_a_topic() -> None:
    n = Notes()
    n.add("search", "Backstage: the search backend moved from Lunr to Postgres")
    n.add("plugins", "Backstage: the new backend system installs plugins in one line")
    assert n.ask("developer portal search backend")[0] == "search"
    assert n.ask("search for lunr") == ["search"]
    assert n.ask("find notes about plugins") == ["plugins"]


def test_the_doer_finds_the_doing() -> None:
    n = Notes()
    n.add("dra", "DRA lets the scheduler know device attributes of each GPU")
    n.add("budgets", "Disruption budgets can be scheduled, e.g. none during business hours")
    n.add("keda", "A KEDA cron scaler for the inference deployments at night")
    assert n.ask("GPU scheduling")[0] == "dra"
    assert n.ask("scale on a cron") == ["keda"]
    # The act and its noun.
    n.add("wireguard", "Transparent encryption between nodes with WireGuard")
    n.add("falco", "Falco detects a shell spawned in a container")
    n.add("product", "The product team owns the checkout service")
    assert n.ask("encrypt") == ["wireguard"]
    assert n.ask("detection") == ["falco"]
    assert n.ask("production") == [], "a product is no production"


def test_a_concept_in_a_note_s_own_words_beats_the_same_concept_in_a_shared_tag() -> None:
    n = Notes()
    # Front matter tags that every note of an imported file carries.
    shared = ["platform-engineering", "argo-cd"]
    n.add("argo", "Argo CD: the repo server was our bottleneck at scale", tags=shared)
    n.add("thin", "Start with the thinnest viable platform: a wiki page may do", tags=shared)
    n.add("certs", "cert-manager renews certificates at two thirds of their life", tags=shared)
    assert n.ask("what did we learn about platform engineering?")[0] == "thin"


def test_a_sentence_about_the_talk_ranks_under_what_the_talk_taught() -> None:
    n = Notes()
    talk = "Scorecards without shame"
    n.add("taught", "Production readiness scorecards use levels, not a percentage", talk=talk)
    # Newer, and as close to the question: only what it is about puts it second.
    n.add("about", "A short talk on production readiness scorecards in the portal", talk=talk)
    assert n.ask("production readiness scorecards") == ["taught", "about"]
    # Only the ranking moves: asked about, it is still found.
    assert n.ask("short talk portal") == ["about"]


def test_abbreviations_typed_in_talks_match_the_words() -> None:
    n = Notes()
    n.add("svc", "beyla: good for the legacy c++ svc we cant touch, no restart of the app")
    n.add("ns", "exclude kube-system and the webhook's own ns via namespaceSelector")
    n.add("pr", "Every PR gets its own vcluster, deleted when it merges")
    assert n.ask("legacy service") == ["svc"]
    assert n.ask("webhook namespace")[0] == "ns"
    assert n.ask("environment per pull request") == ["pr"]
    n.add("db", "defrag etcd after compaction or the db file never shrinks")
    n.add("certs", "trust-manager copies CA certs into every namespace")
    assert n.ask("etcd database size")[0] == "db"
    assert n.ask("certificates")[0] == "certs"


def test_everyday_words_find_the_field_s_words_below_their_own() -> None:
    n = Notes()
    n.add("nodes", "Transparent encryption between nodes with WireGuard")
    n.add("noise", "Traffic to partners leaves through a NAT instance")
    assert n.ask("encrypt traffic between machines")[0] == "nodes"
    n.add("machines", "Encrypting traffic between machines costs 5% CPU")
    assert n.ask("encrypt traffic between machines")[0] == "machines", "its own word first"
    n.add("bill", "Cross-zone traffic was a third of the cloud bill")
    assert n.ask("cost of cross-zone traffic")[0] == "bill"
    # A build is compiled; a background job is a task; CI runs pipelines.
    n.add("timings", "cargo build --timings shows which crates hold up the build in CI")
    n.add("idempotent", "Sidekiq retries after a crash, so every job must be safe to run twice")
    assert n.ask("speed up compiling in our pipelines")[0] == "timings"
    assert n.ask("what if a background task runs twice")[0] == "idempotent"


def test_a_field_finds_its_services_and_a_tool_its_kind() -> None:
    n = Notes()
    n.add("wal", "Litestream streams the SQLite WAL to S3 every second")
    n.add("noise", "Backups of the dashboards run as a nightly job now")
    n.add("deny", "cargo-deny checks licences and RustSec advisories in one CI step")
    assert n.ask("backing up an embedded database to object storage")[0] == "wal"
    assert n.ask("license compliance of dependencies")[0] == "deny"


def test_ops_words_asked_one_way_find_notes_written_another() -> None:
    n = Notes()
    n.add("sidecars", "Istio sidecars were 18% of all memory requests in their clusters")
    n.add("noise", "Native sidecars start before the app container now")
    assert n.ask("RAM used by sidecars")[0] == "sidecars"
    n.add("panic", "A filter that panics takes down the request, not the proxy")
    assert n.ask("what happens to traffic if a plugin crashes")[0] == "panic"
    n.add("flags", "Every flag needs an owner and an expiry date, CI fails past it")
    assert n.ask("cleaning up stale toggles")[0] == "flags"
    n.add("chaos", "Every experiment has a steady-state hypothesis and an abort condition",
          tags=["chaos-engineering"])  # fmt: skip
    assert n.ask("fault injection exercises")[0] == "chaos"
    n.add("drift", "Scheduled plans compare real infrastructure with the state: drift detection")
    assert n.ask("find manual changes to cloud resources")[0] == "drift"


def test_a_field_nobody_named_finds_its_projects_even_when_its_words_are_scattered() -> None:
    n = Notes()
    n.add("linkerd", "Linkerd 2: mTLS is not on by default yet, on the roadmap", talk="Linkerd 2")
    n.add("svc", "Every service needs a readiness probe before it gets traffic")
    n.add("mesh", "The mesh of VPN tunnels between offices is going away")
    # "service mesh" as such is in no note; its two words are, apart.
    assert n.ask("service mesh")[0] == "linkerd"
    n.add("both", "A service mesh adds a proxy per pod")
    assert n.ask("service mesh")[0] == "both", "the words themselves still rank first"


def test_a_field_finds_its_projects_even_when_a_note_names_it_in_passing() -> None:
    n = Notes()
    n.add("track", "Sustainability had its own track this year")
    n.add("kepler", "Kepler exports per-pod energy use to Prometheus")
    n.add("noise", "Prometheus federation is not a backup")
    assert n.ask("carbon footprint") == ["track", "kepler"]
    # A project does not widen to its field: asked about Karpenter, the autoscaling
    # note that never names it is no answer while Karpenter notes exist.
    n.add("karpenter", "Karpenter consolidates nodes by price")
    n.add("autoscaling", "Autoscaling on queue length beats CPU for workers")
    assert n.ask("karpenter") == ["karpenter"]
    assert n.ask("autoscaling") == ["autoscaling", "karpenter"]


def test_notes_about_the_event_or_the_team_rank_under_what_was_learned() -> None:
    n = Notes()
    talk = "Loki: like Prometheus, but for logs"
    # Newer, so they would win a tie: what they are about puts them after.
    learned = "Loki indexes only the labels of a log stream, so the index stays small"
    n.add("learned", learned, talk=talk, at=1.0)
    n.add("event", "Loki was announced in December; this talk was the first deep dive", talk=talk)
    n.add("us", "Loki: we still ship our logs to a hosted service", talk=talk)
    n.add("quote", 'Loki: "Labels are for narrowing, grep is for finding."', talk=talk)
    n.add("todo", "Loki: TODO try it on the staging cluster", talk=talk)
    n.add("intro", "Loki: the maintainers walked through the new storage engine", talk=talk)
    assert n.ask("loki", limit=10)[:1] == ["learned"]
    assert set(n.ask("loki", limit=10)[1:]) == {"us", "event", "quote", "todo", "intro"}
    # Only the ranking moves: asked about, they are still found.
    assert n.ask("loki hosted service")[0] == "us"


def test_the_team_s_to_dos_and_open_questions_rank_under_a_plain_we_note() -> None:
    n = Notes()
    talk = "CPU limits considered harmful"
    n.add("asks", "CPU limits: doesn't the ledger service get throttled then?", talk=talk, at=3.0)
    n.add("muses", "CPU limits: 💭 the ledger service gets throttled at 2 cores", talk=talk, at=2.0)
    n.add("we", "CPU limits: we saw the ledger service get throttled at 2 cores", talk=talk)
    assert n.ask("ledger service throttled")[0] == "we"
    # a question first, then why it was asked: still a question, not what was learned
    n.add("why", "is the ledger service throttled at 2 cores? our billing job is, nightly", at=4.0)
    assert n.ask("ledger service throttled")[0] == "we"


def test_an_everyday_synonym_does_not_make_a_rare_word_look_common() -> None:
    n = Notes()
    n.add("cost", "OpenCost: cost allocation per namespace and label")
    for k in range(6):
        n.add(f"cheap{k}", f"Spot pool {k} is cheap for batch jobs")
    n.add("team1", "The platform team owns the cluster")
    n.add("team2", "Every team gets its own namespace")
    # "cost" is in one note, "team" in two: the cost note answers "cost per team",
    # however many notes say "cheap".
    assert n.ask("cost per team")[0] == "cost"


def test_a_note_with_a_compound_that_joins_into_shorthand_is_indexed() -> None:
    n = Notes()
    # "req/s" joins as "reqs", itself shorthand for "requests": indexing must not fail.
    n.add("perf", "Fine up to ~5k req/s, the bottleneck was the audit log disk")
    assert n.ask("requests per second") == ["perf"]


# Pieces of what people type in notes: shorthand, compounds, camelCase, units, accents.
_NOTE_BITS = [
    "req", "reqs", "s", "svc", "ns", "w", "o", "b", "c", "k8s", "io", "eBPF", "gRPC",
    "verifyImages", "PodSecurityPolicy", "5k", "p99", "200ms", "~30%", "4GiB", "10:1",
    "café", "Zürich", "prod", "env", "cert", "db", "vuln", "nats", "in-flight",
    "kube-proxy", "argo-cd", "_", "2x", "1.28", "v1beta1", "Ω", "ß", "İstanbul", "pkgs",
]  # fmt: skip
_NOTE_GLUE = [" ", "/", "-", ".", "_", "", ": ", "+", "@", "#"]


def test_any_two_pieces_of_note_text_are_indexed_and_found() -> None:
    """Every pair of pieces, joined every way ("req/s", "w/o", "k8s.io"): indexing never
    fails, and a note is found by its own words."""
    n = Notes()
    texts = [f"{a}{glue}{b}" for a in _NOTE_BITS for b in _NOTE_BITS for glue in _NOTE_GLUE]
    for k, text in enumerate(texts):
        n.add(f"note{k}", text)  # never raises, whatever the text
    for text in texts[::37]:
        if re.search(r"[^\W_]{3,}", text):
            alone = Notes()
            alone.add("note", text)
            alone.add("other", "Karpenter consolidates nodes by price")
            assert alone.ask(text) == ["note"], text


def test_a_filler_word_is_not_read_as_a_typo_of_a_note_s_word() -> None:
    n = Notes()
    n.add("vpa", "VPA's InPlaceOrRecreate mode tries a resize first and evicts only if it must")
    n.add("ga", "In-place pod resize is GA in 1.35: the CPU changes without a restart")
    outcome = n.index.search("which version made in-place pod resize GA?", DocumentFilter(), 3)
    assert n.names[outcome.ranked[0].id] == "ga"
    assert "mode" not in outcome.highlight, "no note matches 'made' as 'mode'"


def test_an_english_word_is_not_corrected_into_another_one() -> None:
    n = Notes()
    n.add("external", "External DNS writes records for every Service of type LoadBalancer")
    n.add("never", "Never run the migration job twice: it is not idempotent")
    n.add("kernel", "Cilium needs kernel 5.10 for the host-routing fast path")
    for query in ("internal load balancer", "newer kernels", "data protection"):
        outcome = n.index.search(query, DocumentFilter(), 3)
        assert outcome.corrections == [], query
    assert n.top("newer kernels") == "kernel"
    # A misspelling is still read as the word some note uses.
    outcome = n.index.search("kernal", DocumentFilter(), 3)
    assert outcome.corrections == [("kernal", "kernel")]


def test_the_team_s_plans_rank_below_what_a_talk_taught() -> None:
    n = Notes()
    n.add("plan", "Pilot netkit: kernel 6.8 on staging first", talk="What we do next")
    n.add(
        "talk",
        "netkit devices replace the veth pairs between pods and the host; they need kernel 6.8",
        talk="State of Cilium",
    )
    assert n.ask("netkit kernel 6.8") == ["talk", "plan"]


def test_a_project_s_name_misspelt_as_an_english_word_is_still_found() -> None:
    n = Notes()
    n.add("karpenter", "Karpenter consolidates nodes by price")
    n.add("falco", "Falco rules catch a shell spawned in a container")
    n.add("keda", "The KEDA scaler for Kafka reads consumer lag")
    assert n.top("what did we learn about carpenter") == "karpenter"
    assert n.top("falcon") == "falco"
    # Nothing matches "scalar" as typed: then it may be a typo too.
    assert n.top("scalar") == "keda"


def test_a_talk_named_next_steps_for_a_project_is_no_to_do() -> None:
    n = Notes()
    n.add("talk", "Profiles become the fourth OTLP signal", talk="Next Steps for OpenTelemetry")
    n.add("plan", "Profiles become the fourth OTLP signal", talk="Next steps")
    assert n.ask("fourth signal profiles") == ["talk", "plan"]


def test_everyday_words_for_templates_and_throwaway_things_find_their_notes() -> None:
    n = Notes()
    n.add("runners", "Ephemeral runners on the cluster: one pod per CI job, deleted after")
    n.add("templates", "Software templates create a repo, a pipeline and a catalog entry")
    n.add("waiver", "A PolicyException lets one deployment skip one policy for a week")
    assert n.top("throwaway build workers") == "runners"
    assert n.top("project scaffold generator") == "templates"
    assert n.top("a waiver for one deployment") == "waiver"


def test_a_note_whose_talk_also_answers_beats_a_passing_mention() -> None:
    n = Notes()
    paging = "Paging people trust"
    n.add("page", "Every page links a runbook.", talk=paging)
    n.add("next", "The runbook lives next to the alert rule.", talk=paging)
    # As close a match, and newer (which wins ties), but its talk is about something else.
    n.add("task", "Every task links a runbook.", talk="Batch jobs on Kubernetes")
    n.add("batch", "Batch jobs get a deadline and a retry budget.", talk="Batch jobs on Kubernetes")
    assert n.ask("runbook").index("page") < n.ask("runbook").index("task")
    # A lone match is still found.
    assert n.top("task runbook") == "task"


def test_a_talk_titled_with_the_question_s_words_lends_its_notes_nothing_more() -> None:
    # Its title already matches every one of its notes: that they all match is no news.
    n = Notes()
    n.add("page", "Every page links a checklist.", talk="Checklists people open")
    n.add("step", "Every step links a checklist.", talk="Checklists people open")
    n.add("task", "Every task links a checklist.", talk="Checklists people open, part two")
    assert n.ask("checklist") == ["task", "step", "page"], "equal matches: the newest first"


def test_two_words_typed_apart_find_the_word_notes_write_as_one() -> None:
    n = Notes()
    n.add("uuid", "PostgreSQL 18 has uuidv7() built in: inserts land at the end of the index")
    n.add("v4", "Random uuid keys scatter inserts all over the index")
    n.add("upgrade", "pg_upgrade keeps the planner statistics in v18")
    assert n.top("uuid v7") == "uuid"
    assert n.top("host name") is None, "no note says either"


def test_of_two_notes_that_match_alike_the_one_that_says_more_ranks_first() -> None:
    n = Notes()
    n.add(
        "says",
        "Argo CD 3.0 turns fine-grained RBAC on: update on an app no longer covers its resources",
    )
    n.add("headline", "Argo CD 3.0: RC out now")
    assert n.ask("argo cd 3.0") == ["says", "headline"]


def test_a_short_everyday_word_is_never_read_as_a_project_s_name() -> None:
    n = Notes()
    n.add("sre", "SRE: the error budget policy is signed by product and engineering")
    n.add("signed", "Every image is signed with cosign in CI and verified at admission")
    assert n.top("how do we make sure it is signed?") == "signed"
    # A longer one still may be ("carpenter" for Karpenter).
    n.add("karpenter", "Karpenter consolidates nodes by price")
    assert n.top("carpenter consolidation") == "karpenter"


def test_a_term_nobody_wrote_nor_all_its_words_finds_notes_with_some_of_them() -> None:
    n = Notes()
    n.add("adoption", "Measure the platform by adoption and time to first deploy")
    n.add("lunch", "Lunch was great and the coffee even better")
    assert n.top("is our internal developer platform working") == "adoption"


def test_some_words_of_a_term_count_in_a_note_s_words_not_in_its_conference_s_name() -> None:
    n = Notes()
    n.add(
        "spot", "Karpenter consolidation saved us 30% on spot nodes", conference="KubeCon EU 2024"
    )
    assert n.ask("eBPF Everywhere: Cilium Replacing kube-proxy") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("does ambient get along with our network plugin", "cni"),
        ("how much manual repetitive work is too much", "toil"),
        ("turn on debug logs without redeploying", "restart"),
        ("encryption between our services", "mtls"),
        ("what reliability targets did they pick", "slo"),
        ("which security hole was it", "cve"),
        ("why is it still waiting", "pending"),
        ("which versions go out of support soon", "eol"),
        ("splitting one graphics card", "gpu"),
        ("masking personal details in logs", "pii"),
    ],
)
def test_everyday_words_for_the_field_s_terms(query: str, expected: str) -> None:
    n = Notes()
    n.add("cni", "They run Cilium as the CNI with cni.exclusive=false for ambient")
    n.add("toil", "Cap toil at 50% per person, measured every sprint")
    n.add("restart", "Log levels change at runtime, no pod restart needed")
    n.add("other", "Ambient mode has a per-node proxy for L4 and waypoints for L7")
    n.add("mtls", "STRICT mTLS one namespace at a time, PERMISSIVE first")
    n.add("slo", "Batch SLOs: freshness by 06:00 UTC, not request latency")
    n.add("cve", "IngressNightmare (CVE-2025-1974) hit the admission webhook of the controller")
    n.add("pending", "The visibility API shows pending workloads and their place in the queue")
    n.add("eol", "PostgreSQL 12 goes EOL on 21 Nov 2024: two databases to move")
    n.add("gpu", "DRA lets several pods share one GPU by attributes")
    n.add("pii", "LogValuer redacts PII (email, card) in one place")
    assert n.top(query) == expected


def test_a_rare_listed_word_next_to_a_far_more_common_one_is_read_as_a_typo() -> None:
    n = Notes()
    n.add("ooo", "Out-of-order samples are accepted within out_of_order_time_window")
    n.add("limit", "Samples over the limit: samples dropped")
    assert n.top("out of oder samples") == "ooo"
    # An everyday word as common as "newer" is meant as typed while anything else matches.
    n.add("never", "We never upgrade samples on a Friday")
    assert n.top("newer samples") != "never"


def test_a_note_of_no_talk_loses_no_ground_to_a_talk_s_weaker_notes() -> None:
    # Notes posted in Slack have no talk: the talk's notes supporting each other must not
    # lift two partial matches over the note that answers.
    n = Notes()
    n.add("answer", "To cut noisy alerts, page only on SLO burn rate and delete the rest")
    tenants = "Multi-tenant clusters"
    n.add("neighbour", "Noisy neighbour pods cause CPU throttling alerts", talk=tenants)
    n.add("tenant", "Alerts from the noisy tenant namespace go to its owners", talk=tenants)
    assert n.top("how do we cut noisy alerts") == "answer"


def test_a_question_that_describes_a_project_without_naming_it_finds_its_notes() -> None:
    n = Notes()
    n.add("dragonfly", "Dragonfly cut pull times on 2,000 nodes at a retailer")
    n.add("registry", "Harbor replicates container images to every region")
    n.add("kepler", "Kepler exports per-pod watts; compare workloads, not absolute numbers")
    n.add("lazy", "Containers start in 2 s with lazy pulling")
    # The glossary describes Dragonfly as "peer to peer image distribution": its note
    # answers, though it holds none of the question's words.
    assert n.ask("peer to peer distribution of container images") == ["dragonfly", "registry"]
    # ... and Kepler as "electricity used by containers".
    assert n.top("how much electricity do our containers use") == "kepler"
    # A note that holds the question's own words still ranks over a described term's.
    n.add("p2p", "Peer to peer distribution of images needs a seed per zone")
    assert n.ask("peer to peer distribution of container images")[:2] == ["p2p", "dragonfly"]


def test_one_word_of_a_description_describes_nothing() -> None:
    n = Notes()
    n.add("dragonfly", "Dragonfly cut pull times on 2,000 nodes at a retailer")
    n.add("peer", "Peer review of runbooks caught two wrong commands")
    assert n.ask("peer review") == ["peer"], "'peer' alone is no peer to peer distribution"


def test_a_team_describes_its_own_systems_in_its_glossary_file(tmp_path: Path) -> None:
    extra = tmp_path / "ours.toml"
    extra.write_text(
        '[[term]]\ntag = "bluebird"\nname = "Bluebird"\n'
        'about = ["our internal platform as a service", "deploy button for product teams"]\n'
    )
    index = TeamIndex(load_glossary(extra))
    index.upsert(Document(1, "Bluebird gets preview environments in Q3", (), None, None, "U1", 1.0))
    index.upsert(Document(2, "The platform team moves to Berlin", (), None, None, "U1", 2.0))
    found = index.search("what is new in our internal platform", DocumentFilter(), 5)
    assert [r.id for r in found.ranked] == [1, 2]


def test_a_term_whose_words_are_in_the_notes_but_never_together_finds_notes_with_some() -> None:
    n = Notes()
    n.add("cells", "Cells, not shards: a cell is a full copy of the stack for 5% of customers")
    n.add("review", "The architecture review board meets monthly")
    n.add("pricing", "Pricing is based on requests, not on nodes")
    n.add("other", "Karpenter consolidates nodes by price")
    # "cell-based architecture" is a glossary term; no note holds it, nor all its words
    # in one note (each word is in some note): the notes with some of them answer.
    assert n.ask("cell-based architecture")[:1] == ["cells"]
    assert "other" not in n.ask("cell-based architecture")


def test_words_in_a_link_count_less_than_words_in_the_sentence() -> None:
    n = Notes()
    n.add("prose", "Resiliency policies in Dapr set retries and timeouts per target")
    n.add("link", "Dapr dashboard shows the sidecars https://docs.dapr.io/operations/resiliency/")
    # Newer, and as many of the question's words: but "resiliency" is only its link's path.
    assert n.ask("dapr resiliency") == ["prose", "link"]
    # A link alone still finds its note.
    n.add("only", "see https://example.com/runbooks/velero-restore")
    assert n.top("velero restore") == "only"


def test_praise_words_in_a_question_are_asking_not_the_topic() -> None:
    n = Notes()
    n.add("pm", "They publish postmortems to the whole company, sales included")
    n.add("hack", "The token shows in docker history, which is good to know")
    n.add("way", "The best way to the venue is the S-Bahn")
    assert n.ask("how to run a good postmortem") == ["pm"]
    assert n.ask("what is the best way to cut envoy memory") == []


def test_an_everyday_word_in_one_note_of_a_small_import_does_not_outweigh_the_topic() -> None:
    # A team's first import: a few dozen notes, where "uses" in one note is as rare as
    # "Graviton3" in another. The question is about Graviton3.
    n = Notes()
    n.add("inspector", "Inspector v2 uses the SSM agent and rescans images on every new CVE")
    n.add("graviton", 'Graviton3 announced in preview as C7g, "up to 25% faster" than Graviton2')
    n.add("karpenter", "Karpenter only removes empty nodes so far, bin-packing is not there yet")
    n.add("wan", "Cloud WAN preview: one policy for the global network, not for us yet")
    for k in range(20):
        n.add(f"other{k}", f"Session {k}: a managed service with a new console and an API")
    assert n.top("is graviton3 something we can use yet?") == "graviton"
