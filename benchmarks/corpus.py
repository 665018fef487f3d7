"""Synthetic takeaways, deterministic for a seed, in the import format (JSON Lines).

Notes are built from templates over the field's vocabulary (projects, practices, numbers)
so that many notes compete for every query word: a benchmark where the right note is the
only one mentioning its topic would measure nothing. About 3% carry a typo, as real
notes do, so the vocabulary holds misspellings too.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PROJECTS = [
    "Kubernetes",
    "Prometheus",
    "Grafana",
    "Istio",
    "Linkerd",
    "Cilium",
    "Argo CD",
    "Flux",
    "Helm",
    "Terraform",
    "Karpenter",
    "KEDA",
    "OpenTelemetry",
    "Jaeger",
    "Loki",
    "Thanos",
    "Envoy",
    "Kyverno",
    "OPA",
    "Falco",
    "Vault",
    "Velero",
    "Backstage",
    "Crossplane",
    "cert-manager",
    "containerd",
    "etcd",
    "CoreDNS",
    "Calico",
    "Tekton",
    "Knative",
    "Dapr",
    "Harbor",
    "Trivy",
    "Mimir",
    "Tempo",
    "Fluent Bit",
    "Kafka",
    "Redis",
    "PostgreSQL",
    "the cluster autoscaler",
    "the HPA",
    "Gateway API",
    "ingress-nginx",
    "Rook",
    "Longhorn",
]
SUBJECTS = [
    "upgrades",
    "memory usage",
    "CPU throttling",
    "alert fatigue",
    "on-call load",
    "cloud costs",
    "tail latency",
    "cold starts",
    "node churn",
    "pod scheduling",
    "network policies",
    "TLS certificates",
    "secret rotation",
    "multi-tenancy",
    "observability pipelines",
    "log volume",
    "metric cardinality",
    "trace sampling",
    "image sizes",
    "build times",
    "release cadence",
    "rollbacks",
    "config drift",
    "capacity planning",
    "noisy neighbours",
    "DNS timeouts",
    "connection pooling",
    "resource requests",
    "storage performance",
    "backup windows",
    "access reviews",
]
FACTS = [
    "cut {subject} by {n}% after {weeks} weeks in production",
    "made {subject} visible for the first time",
    "needs careful tuning before {subject} improves",
    "works better together with {project2} than alone",
    "was hard to roll out across {n} clusters because of {subject}",
    "has a new feature in v{major}.{minor} that helps with {subject}",
    "moved {subject} from a quarterly chore to a weekly habit",
    "is only worth it above {n} services according to the speaker",
    "replaced a home-grown tool for {subject} at a large bank",
    "caused an outage when {subject} was misconfigured",
    "should be owned by the platform team, not by each product team",
    "dashboards for {subject} are the first thing new teams ask for",
    "runs with {n} replicas and still struggles with {subject}",
    "benchmarks showed {n}x better {subject} than {project2}",
    "adoption stalled until {subject} was documented in the golden path",
]
EXTRAS = [
    "",
    "",
    "",
    " in production",
    " at scale",
    " for regulated workloads",
    " on bare metal",
    " in a multi-region setup",
    " with a small team",
    " during peak season",
]
TALKS = [
    "{project} in production: lessons learned",
    "Scaling {project} to {n} clusters",
    "What we got wrong about {subject}",
    "{project} deep dive",
    "A year of {project}",
    "Taming {subject} with {project}",
    "From zero to {project}",
]
CONFERENCES = [
    "KubeCon EU 2023",
    "KubeCon EU 2024",
    "KubeCon NA 2023",
    "KubeCon NA 2024",
    "SREcon EMEA 2023",
    "SREcon Americas 2024",
    "Container Days 2024",
    "PlatformCon 2024",
    "Cloud Native Rejekts 2024",
    "DevOpsDays Amsterdam 2024",
]
START = datetime(2022, 1, 1, tzinfo=UTC)
SPAN_DAYS = 4 * 365


@dataclass(frozen=True)
class CorpusNote:
    text: str
    tags: list[str]
    conference: str | None
    talk: str | None
    author: str
    created_at: datetime

    def record(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "tags": self.tags,
            "conference": self.conference,
            "talk": self.talk,
            "author": self.author,
            "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
        }


def _tag(name: str) -> str:
    tag = name.lower().removeprefix("the ").replace(" ", "-")
    return {"opa": "opa", "the-hpa": "hpa", "argo-cd": "argo-cd"}.get(tag, tag)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def synthetic(count: int, *, seed: int = 42) -> Iterator[CorpusNote]:
    """`count` template notes; the same seed gives the same notes."""
    rng = random.Random(seed)
    for _ in range(count):
        project, project2 = rng.sample(PROJECTS, 2)
        subject = rng.choice(SUBJECTS)
        values = {
            "project": project,
            "project2": project2,
            "subject": subject,
            "n": rng.choice([2, 3, 5, 10, 20, 30, 40, 50, 60, 80, 100, 200]),
            "weeks": rng.randint(2, 12),
            "major": rng.randint(1, 3),
            "minor": rng.randint(0, 30),
        }
        text = f"{project} {rng.choice(FACTS).format(**values)}{rng.choice(EXTRAS)}."
        if rng.random() < 0.3:
            second = rng.choice(FACTS).format(**{**values, "subject": rng.choice(SUBJECTS)})
            text += f" Also: it {second}."
        if rng.random() < 0.03:
            words = text.split()
            k = rng.randrange(len(words))
            words[k] = _typo(words[k], rng)
            text = " ".join(words)
        tags = [_tag(project)] if rng.random() < 0.7 else []
        if rng.random() < 0.3:
            tags.append(_tag(project2))
        talk = rng.choice(TALKS).format(**values) if rng.random() < 0.5 else None
        yield CorpusNote(
            text=text,
            tags=list(dict.fromkeys(tags)),
            conference=rng.choice(CONFERENCES) if rng.random() < 0.8 else None,
            talk=talk,
            author=f"U{rng.randint(1, 300):04d}",
            created_at=START + timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60)),
        )


def write_jsonl(notes: list[CorpusNote], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for note in notes:
            fh.write(json.dumps(note.record()) + "\n")
