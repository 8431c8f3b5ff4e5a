"""deploy/kubernetes: every manifest validates against the Kubernetes API schemas (kubernetes-validate, offline,
strict), holds what an operator expects (replicas, probes, limits, non-root, read-only root, no token), and its
ConfigMap starts the real app."""

from __future__ import annotations

import copy
from pathlib import Path

import httpx
import kubernetes_validate
import pytest
import yaml

from process_support import REPO_ROOT

KUBE = REPO_ROOT / "deploy" / "kubernetes"
# The oldest and the newest release whose schemas kubernetes-validate ships offline and clusters still run.
VERSIONS = ("1.31.0", "1.37.0")
CONFIG_MOUNT = "/etc/pd-screener"


def manifests() -> list[dict]:
    listed = yaml.safe_load((KUBE / "kustomization.yaml").read_text(encoding="utf-8"))["resources"]
    assert sorted(listed) == sorted(p.name for p in KUBE.glob("*.yaml") if p.name != "kustomization.yaml")
    return [doc for name in listed for doc in yaml.safe_load_all((KUBE / name).read_text(encoding="utf-8")) if doc]


def one(kind: str, name: str = "pd-screener") -> dict:
    found = [doc for doc in manifests() if doc["kind"] == kind and doc["metadata"]["name"] == name]
    assert len(found) == 1, (kind, name)
    return found[0]


def pod_spec() -> dict:
    return one("Deployment")["spec"]["template"]["spec"]


def container() -> dict:
    (app,) = pod_spec()["containers"]
    return app


@pytest.mark.parametrize("version", VERSIONS)
def test_every_manifest_validates_against_the_kubernetes_schemas(version):
    docs = manifests()
    assert {doc["kind"] for doc in docs} == {"ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler",
                                             "PodDisruptionBudget", "Ingress"}
    for doc in docs:
        kubernetes_validate.validate(doc, version, strict=True)


def test_the_validator_catches_a_misspelt_field():
    broken = copy.deepcopy(one("Deployment"))
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = broken["spec"]["template"]["spec"]["containers"][0].pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[-1], strict=True)


def test_two_or_more_replicas_kept_by_the_autoscaler_and_the_disruption_budget():
    deployment, hpa, pdb = one("Deployment"), one("HorizontalPodAutoscaler"), one("PodDisruptionBudget")
    assert deployment["spec"]["replicas"] >= 2 and hpa["spec"]["minReplicas"] >= 2
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "pd-screener"}
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    for selector in (deployment["spec"]["selector"]["matchLabels"], pdb["spec"]["selector"]["matchLabels"],
                     one("Service")["spec"]["selector"]):
        assert selector.items() <= labels.items()
    assert 1 <= pdb["spec"]["minAvailable"] < deployment["spec"]["replicas"]


def test_probes_on_healthz_and_resources_bounded():
    app = container()
    port_names = {port["name"] for port in app["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        assert app[probe]["httpGet"]["path"] == "/healthz" and app[probe]["httpGet"]["port"] in port_names
    assert set(app["resources"]["requests"]) == set(app["resources"]["limits"]) == {"cpu", "memory"}


def test_non_root_read_only_root_no_service_account_token_and_a_grace_period():
    spec, app = pod_spec(), container()
    assert spec["automountServiceAccountToken"] is False
    assert spec["securityContext"]["runAsNonRoot"] is True and spec["securityContext"]["runAsUser"] != 0
    assert app["securityContext"] == {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                      "capabilities": {"drop": ["ALL"]}}
    assert 10 <= spec["terminationGracePeriodSeconds"] and app["lifecycle"]["preStop"]["exec"]["command"][0] == "sleep"
    mounts = {mount["mountPath"]: mount["name"] for mount in app["volumeMounts"]}
    volumes = {volume["name"]: volume for volume in spec["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]
    assert volumes[mounts[CONFIG_MOUNT]]["configMap"]["name"] == "pd-screener-files"


def test_the_image_user_is_the_pods():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert f"USER {pod_spec()['securityContext']['runAsUser']}\n" in dockerfile
    assert "--port ${PORT:-8000}" in dockerfile and {"name": "PORT", "value": str(container()["ports"][0]["containerPort"])} in container()["env"]


def test_the_ingress_terminates_tls_for_its_host_and_sends_to_the_service():
    spec = one("Ingress")["spec"]
    hosts = [rule["host"] for rule in spec["rules"]]
    assert hosts and all(host in spec["tls"][0]["hosts"] for host in hosts) and spec["tls"][0]["secretName"]
    backend = spec["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == one("Service")["metadata"]["name"]
    assert backend["port"]["name"] in {port["name"] for port in one("Service")["spec"]["ports"]}


def configured_env(files_dir: Path) -> dict[str, str]:
    """The ConfigMap's PDS_ environment, its files written where the pod would mount them (here, files_dir)."""
    for name, text in one("ConfigMap", "pd-screener-files")["data"].items():
        (files_dir / name).write_text(text, encoding="utf-8")
    env = one("ConfigMap", "pd-screener-env")["data"]
    assert {ref["configMapRef"]["name"] for ref in container()["envFrom"]} == {"pd-screener-env"}
    assert all(key.startswith("PDS_") for key in env)
    return {key: value.replace(CONFIG_MOUNT, str(files_dir)) for key, value in env.items()}


def test_the_configmap_starts_the_app_with_its_host_providers_and_partners(make_live_server, tmp_path):
    env = configured_env(tmp_path)
    assert {"PDS_HOST_ORG_FILE", "PDS_PROVIDERS_FILE", "PDS_PARTNERS_FILE", "PDS_TRUSTED_PROXIES"} <= env.keys()
    server = make_live_server(env)
    assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
    help_page = httpx.get(f"{server.url}/en/help", timeout=10).text
    assert "Example Immigrant Legal Services" in help_page
    assert f'href="{env["PDS_PUBLIC_URL"]}/es/help"' in help_page
    desk = httpx.get(f"{server.url}/en/?partner=desk-north", timeout=10).text
    assert "Northside Intake Desk" in desk
