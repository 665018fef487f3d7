"""The glossary data file and the public loader the importer reuses for auto-tagging."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search.glossary import GlossaryError, load_glossary


def test_builtin_glossary_names_projects_and_acronyms() -> None:
    glossary = load_glossary()
    assert len(glossary) >= 150
    for tag in ("kubernetes", "vpa", "hpa", "mpa", "opa", "ebpf", "gitops", "wasm", "cilium"):
        assert glossary.term(tag) is not None, tag
    assert glossary.tags_for("We tuned VPA and the vertical pod autoscalers") == ["vpa"]
    assert glossary.tags_for("Cilium replaces kube-proxy with eBPF on k8s") == [
        "cilium",
        "kube-proxy",
        "ebpf",
        "kubernetes",
    ]
    assert glossary.tags_for("Open Policy Agent and WebAssembly") == ["opa", "wasm"]
    assert glossary.tags_for("ArgoCD, or Argo CD") == ["argo-cd"]
    # Shorthand typed during talks.
    assert glossary.tags_for("prom + netpol per ns, great for CI") == [
        "prometheus",
        "network-policy",
        "cicd",
    ]
    assert glossary.tags_for("the NAT gateway bill") == [], "a NAT is no NATS"
    assert glossary.tags_for("NATS JetStream") == ["nats"]
    # The practices teams write about, and what a colleague's name or a drink is not.
    assert glossary.tags_for("PgBouncer in front, tail sampling in the Collector") == [
        "pgbouncer",
        "tail-sampling",
    ]
    assert glossary.tags_for("EU Cyber Resilience Act: report exploited CVEs") == [
        "cyber-resilience-act",
        "cve",
    ]
    assert glossary.tags_for("Ray said the rum was good") == []
    assert glossary.tags_for("our embedded platform group") == []


def test_phrases_need_their_words_in_order() -> None:
    glossary = load_glossary()
    assert glossary.tags_for("lazy image pulling with stargz") == ["lazy-pulling", "stargz"]
    assert glossary.tags_for("pulling images is lazy") == []
    assert glossary.tags_for("We use spot instances") == ["spot-instances"]


def test_a_workspace_file_adds_terms_and_aliases(tmp_path: Path) -> None:
    extra = tmp_path / "ours.toml"
    extra.write_text(
        '[[term]]\ntag = "paas"\nname = "Our PaaS"\naliases = ["bluebird"]\n\n'
        '[[term]]\ntag = "kubernetes"\nname = "Kubernetes"\naliases = ["kates"]\n\n'
        '[[term]]\ntag = "service-mesh"\nname = "Service mesh"\nnarrower = ["paas"]\n'
    )
    glossary = load_glossary(extra)
    assert glossary.tags_for("Bluebird runs on kates") == ["paas", "kubernetes"]
    assert glossary.tags_for("k8s") == ["kubernetes"], "built-in aliases are kept"
    # A field's projects: the built-in ones are kept, the team's own are added.
    assert glossary.narrower("service-mesh")[-1] == "paas"
    assert "istio" in glossary.narrower("service-mesh")
    assert "service-mesh" in glossary.related("paas"), "a project finds its field too"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[term]]\nname = 'x'\n", "`tag` must be a lowercase tag"),
        ("[[term]]\ntag = '2fa'\n", "`tag` must be a lowercase tag"),
        ("[[term]]\ntag = 'x'\naliases = 'y'\n", "`aliases` must be a list"),
        ("[[term]]\ntag = 'x'\nnarrower = 'y'\n", "`narrower` must be a list of tags"),
        ("[[term]]\ntag = 'x'\ncolour = 'y'\n", "unknown key(s) colour"),
        ("[[terms]]\ntag = 'x'\n", "use [[term]]"),
        ("[[term]]\ntag = 'x'\naliases = ['the']\n", "only common words"),
        ("[[term]]\ntag = 'x'\nabout = 'y'\n", "`about` must be a list"),
        ("[[term]]\ntag = 'x'\nabout = ['the backup']\n", "not common ones"),
        ("[[term]]\ntag = 'mine'\naliases = ['k8s']\n", "belongs to both 'kubernetes' and 'mine'"),
        ("[[term]\n", "is not valid TOML"),
    ],
)
def test_bad_files_are_refused_with_the_reason(tmp_path: Path, content: str, message: str) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text(content)
    with pytest.raises(GlossaryError) as info:
        load_glossary(extra)
    assert message in str(info.value)
    assert str(extra) in str(info.value) or "belongs to both" in message or "common" in message


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="does not exist"):
        load_glossary(tmp_path / "nope.toml")
