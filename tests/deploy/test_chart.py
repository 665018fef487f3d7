"""The Helm chart (deploy/helm/takeaways), rendered by `helm template` and read back: valid
Kubernetes objects, an environment and a config file the bot reads, probes on the right
endpoints, a read-only root filesystem, a grace period that covers the drain.

helm comes from PATH or .tools/bin (.ci/get-helm puts it there); without it these tests
are skipped, except under CI=true where that is an error.
"""

from __future__ import annotations

import concurrent.futures
import functools
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from bot.config import ServerSettings, load_settings
from tests.deploy.support import ROOT, app_env_vars

CHART = ROOT / "deploy" / "helm" / "takeaways"
VALUES = yaml.safe_load((CHART / "values.yaml").read_text())


def sets(*assignments: str) -> tuple[str, ...]:
    return tuple(arg for assignment in assignments for arg in ("--set", assignment))


DATABASE = sets("secret.databaseUrl=postgresql://takeaways:pw@postgres:5432/takeaways")
EVERYTHING = DATABASE + sets(
    "ingress.enabled=true",
    "ingress.tlsSecretName=takeaways-tls",
    "serviceMonitor.enabled=true",
    "backup.enabled=true",
    "backup.timeZone=Europe/Brussels",
)
TUNED = DATABASE + sets(
    "config.search.memory_budget_mb=256",
    "config.digest.timezone=Europe/Brussels",
    "config.scheduler.enabled=false",
    "config.server.shutdown_seconds=60",
)
MANAGED = sets(
    "secret.existingSecret=takeaways-prod", "backup.enabled=true", "backup.existingClaim=my-backups"
)
FLOAT_SETTING = ("--set-json", "config.server.work_threads=1.5")
SQLITE = sets("secret.databaseUrl=sqlite:////data/takeaways.db")
GUIDE = (ROOT / "docs" / "operations.md").read_text()
# Oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the newest known here.
KUBE_VERSIONS = ["1.27.0", kubernetes_validate.latest_version()]


@functools.cache
def helm() -> str | None:
    local = ROOT / ".tools" / "bin" / "helm"
    return shutil.which("helm") or (str(local) if local.is_file() else None)


@functools.cache
def run_helm(*args: str, values: str = "") -> subprocess.CompletedProcess[str]:
    """`helm template`, with a values file's text on stdin when given."""
    binary = helm()
    assert binary is not None
    if values:
        args = (*args, "--values", "-")
    return subprocess.run(
        [binary, "template", "takeaways", str(CHART), "--namespace", "takeaways", *args],
        input=values,
        capture_output=True,
        text=True,
        check=False,
    )


def guide_heredoc(marker: str) -> str:
    """A `<<'MARKER'` here-document of docs/operations.md, as pasted from the page."""
    match = re.search(rf"<<'{marker}'\n(.*?)\n *{marker}\n", GUIDE, flags=re.DOTALL)
    assert match, f"docs/operations.md has no <<'{marker}' block"
    lines = match[1].splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines) + "\n"


@functools.cache
def render(*args: str, values: str = "") -> tuple[dict[str, Any], ...]:
    result = run_helm(*args, values=values)
    assert result.returncode == 0, result.stderr
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


def one(docs: tuple[dict[str, Any], ...], kind: str) -> dict[str, Any]:
    (found,) = [d for d in docs if d["kind"] == kind]
    return found


def pod_spec(docs: tuple[dict[str, Any], ...], kind: str = "Deployment") -> dict[str, Any]:
    spec = one(docs, kind)["spec"]
    if kind == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    result: dict[str, Any] = spec["template"]["spec"]
    return result


@pytest.fixture(autouse=True)
def _needs_helm() -> None:
    if helm() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but helm is missing: .ci/get-helm installs it")
        pytest.skip("helm is not installed (.ci/get-helm, or https://helm.sh)")


@pytest.fixture(scope="module", autouse=True)
def _render_in_parallel() -> None:
    """Each helm run is ~0.1 s of start-up: the runs the tests read go side by side."""
    if helm() is not None:
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            runs = [
                pool.submit(run_helm, *args)
                for args in (
                    DATABASE,
                    EVERYTHING,
                    TUNED,
                    MANAGED,
                    (),
                    SQLITE,
                    DATABASE + FLOAT_SETTING,
                )
            ]
            runs.append(pool.submit(run_helm, values=guide_heredoc("VALUES")))
            concurrent.futures.wait(runs)


def test_the_default_install_is_three_replicas_behind_a_service() -> None:
    docs = render(*DATABASE)
    kinds = sorted(d["kind"] for d in docs)
    assert kinds == ["ConfigMap", "Deployment", "PodDisruptionBudget", "Secret", "Service"]
    assert one(docs, "Deployment")["spec"]["replicas"] == 3
    assert one(docs, "PodDisruptionBudget")["spec"]["maxUnavailable"] == 1
    assert one(docs, "Service")["spec"]["ports"][0]["targetPort"] == "http"


@pytest.mark.parametrize("version", KUBE_VERSIONS)
def test_every_object_is_valid_for_kubernetes(version: str) -> None:
    docs = render(*EVERYTHING)
    kinds = {d["kind"] for d in docs}
    assert {"Ingress", "ServiceMonitor", "CronJob", "PersistentVolumeClaim"} <= kinds
    for doc in docs:
        if doc["kind"] != "ServiceMonitor":  # a CRD: not in Kubernetes' schemas
            kubernetes_validate.validate(doc, version, strict=True)


def test_every_variable_the_chart_sets_is_one_the_app_reads() -> None:
    docs = render(*EVERYTHING)
    known = app_env_vars()
    secret_keys = set(one(docs, "Secret")["stringData"])
    assert secret_keys <= known
    for kind in ("Deployment", "CronJob"):
        for container in pod_spec(docs, kind)["containers"]:
            for var in container["env"]:
                assert var["name"] in known, f"{kind} sets {var['name']}, never read by the bot"
                ref = var.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    # The Secret's keys are the variables' names (kubectl create secret ...).
                    assert ref["key"] == var["name"]
                    assert ref["name"] == "takeaways"
                    assert ref.get("optional", False) == (var["name"] != "DATABASE_URL")


def test_the_configmap_is_a_config_file_the_bot_accepts(tmp_path: Path) -> None:
    docs = render(*TUNED)
    (container,) = pod_spec(docs)["containers"]
    env = {v["name"]: v.get("value") for v in container["env"]}
    mount = next(m for m in container["volumeMounts"] if m["name"] == "config")
    data = one(docs, "ConfigMap")["data"]
    assert set(data) == {"config.toml"}
    assert env["TAKEAWAYS_CONFIG"] == f"{mount['mountPath']}/config.toml"
    path = tmp_path / "config.toml"
    path.write_text(data["config.toml"])
    settings = load_settings({"TAKEAWAYS_CONFIG": str(path)}, cwd=tmp_path)
    assert settings.search.memory_budget_mb == 256  # an integer, not 256.0
    assert settings.digest.timezone == "Europe/Brussels"
    assert settings.scheduler.enabled is False
    assert settings.logging.format == "json"
    assert settings.server.shutdown_seconds == 60
    assert env["PORT"] == str(VALUES["containerPort"])


def test_a_setting_that_is_not_a_whole_number_string_or_boolean_is_refused() -> None:
    result = run_helm(*DATABASE, *FLOAT_SETTING)
    assert result.returncode != 0
    assert "config.server.work_threads" in result.stderr


def test_the_root_filesystem_is_read_only_and_tmp_is_writable() -> None:
    for kind in ("Deployment", "CronJob"):
        spec = pod_spec(render(*EVERYTHING), kind)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] != 0
        assert spec["automountServiceAccountToken"] is False
        (container,) = spec["containers"]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        tmp = next(m for m in container["volumeMounts"] if m["mountPath"] == "/tmp")
        volume = next(v for v in spec["volumes"] if v["name"] == tmp["name"])
        assert "emptyDir" in volume


def test_readiness_checks_the_database_and_liveness_does_not() -> None:
    (container,) = pod_spec(render(*DATABASE))["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert container["startupProbe"]["httpGet"]["path"] == "/livez"
    # values.yaml says why liveness must not look at the database.
    lines = (CHART / "values.yaml").read_text().splitlines()
    above = lines[: lines.index("livenessProbe:")]
    comment = " ".join(line.lstrip("# ") for line in above[-6:] if line.startswith("#"))
    assert "must not check the database" in comment


@pytest.mark.parametrize(
    ("args", "drain"), [(DATABASE, ServerSettings().shutdown_seconds), (TUNED, 60)]
)
def test_the_grace_period_covers_the_drain(args: tuple[str, ...], drain: int) -> None:
    spec = pod_spec(render(*args))
    (container,) = spec["containers"]
    sleep = int(container["lifecycle"]["preStop"]["exec"]["command"][1])
    margin = VALUES["terminationMarginSeconds"]
    assert margin > 0
    assert spec["terminationGracePeriodSeconds"] == sleep + drain + margin


def test_an_existing_secret_and_claim_replace_the_charts_own() -> None:
    docs = render(*MANAGED)
    kinds = {d["kind"] for d in docs}
    assert "Secret" not in kinds
    assert "PersistentVolumeClaim" not in kinds
    deployment = one(docs, "Deployment")
    assert "checksum/secret" not in deployment["spec"]["template"]["metadata"]["annotations"]
    for kind in ("Deployment", "CronJob"):
        spec = pod_spec(docs, kind)
        (container,) = spec["containers"]
        refs = {
            v["valueFrom"]["secretKeyRef"]["name"] for v in container["env"] if "valueFrom" in v
        }
        assert refs == {"takeaways-prod"}
    claims = [
        v["persistentVolumeClaim"]["claimName"]
        for v in pod_spec(docs, "CronJob")["volumes"]
        if "persistentVolumeClaim" in v
    ]
    assert claims == ["my-backups"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "secret.databaseUrl"),
        (SQLITE, "postgresql://"),
    ],
)
def test_a_database_is_required_and_it_is_postgres(args: tuple[str, ...], message: str) -> None:
    result = run_helm(*args)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_ingress_routes_only_slack() -> None:
    ingress = one(render(*EVERYTHING), "Ingress")
    (rule,) = ingress["spec"]["rules"]
    assert [p["path"] for p in rule["http"]["paths"]] == ["/slack"]
    assert ingress["spec"]["tls"][0]["hosts"] == [rule["host"]]


def test_the_backup_exports_jsonl_onto_its_volume() -> None:
    docs = render(*EVERYTHING)
    spec = pod_spec(docs, "CronJob")
    (container,) = spec["containers"]
    script = container["command"][-1]
    assert re.search(r"takeaways export --format jsonl --output \"?/backup/", script)
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == "/backup")
    volume = next(v for v in spec["volumes"] if v["name"] == mount["name"])
    claim = one(docs, "PersistentVolumeClaim")["metadata"]["name"]
    assert volume["persistentVolumeClaim"]["claimName"] == claim


def test_the_service_monitor_scrapes_metrics() -> None:
    monitor = one(render(*EVERYTHING), "ServiceMonitor")
    (endpoint,) = monitor["spec"]["endpoints"]
    assert (endpoint["port"], endpoint["path"]) == ("http", "/metrics")


# Keys whose children are Kubernetes fields or config.example.toml's settings, documented
# there: the key itself carries the comment.
PASS_THROUGH = {
    "config",
    "readinessProbe",
    "livenessProbe",
    "startupProbe",
    "resources",
    "podSecurityContext",
    "securityContext",
}
KEY = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z][\w.-]*):(?P<rest>.*)$")


def test_every_key_of_values_yaml_is_commented() -> None:
    """A key is documented by the comment right above it, or above the run of sibling
    scalar keys it belongs to (no blank line between them)."""
    lines = (CHART / "values.yaml").read_text().splitlines()
    parents: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        match = KEY.match(line)
        if not match:
            continue
        indent = len(match["indent"])
        while parents and parents[-1][0] >= indent:
            parents.pop()
        inside = [key for _, key in parents]
        parents.append((indent, match["key"]))
        if any(key in PASS_THROUGH for key in inside):
            continue
        above = n - 1
        while above >= 0:
            sibling = KEY.match(lines[above])
            if not (sibling and len(sibling["indent"]) == indent and sibling["rest"].strip()):
                break
            above -= 1
        assert above >= 0 and lines[above].strip().startswith("#"), (
            f"values.yaml line {n + 1}: {'.'.join([*inside, match['key']])} has no comment"
        )


def test_the_operations_guide_installs_what_its_commands_name() -> None:
    """docs/operations.md's values file renders, and its kubectl commands name objects
    that exist: deployment/takeaways, service/takeaways, cronjob/takeaways-backup."""
    docs = render(values=guide_heredoc("VALUES"))
    names = {(d["kind"], d["metadata"]["name"]) for d in docs}
    for kind, name in re.findall(r"\b(deployment|service|cronjob)/([a-z0-9-]+)", GUIDE):
        expected = {"deployment": "Deployment", "service": "Service", "cronjob": "CronJob"}[kind]
        assert (expected, name) in names, f"docs/operations.md names {kind}/{name}"
    assert "Secret" not in {kind for kind, _ in names}  # the guide creates its own
    (container,) = pod_spec(docs)["containers"]
    refs = {v["valueFrom"]["secretKeyRef"]["name"] for v in container["env"] if "valueFrom" in v}
    assert refs == {"takeaways"}
    assert "kubectl --namespace takeaways create secret generic takeaways" in GUIDE
    claim = one(docs, "PersistentVolumeClaim")["metadata"]["name"]
    # The restore pod of "Backups on Kubernetes" mounts that claim and is a valid Pod.
    pod = yaml.safe_load(guide_heredoc("POD"))
    assert pod["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"] == claim
    kubernetes_validate.validate(pod, KUBE_VERSIONS[0], strict=True)
