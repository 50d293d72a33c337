"""Generates the Kubernetes base (`deploy/k8s/base/generated/`) from two tables: the services below and
`schemas/topics.yaml`. One place for every workload's shape, so nine near-identical YAML files never drift.

`heartwise k8s generate` rewrites the files; a unit test fails when the committed files are out of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from services.common.contracts import load_topics
from services.infra.paths import REPO_ROOT

GENERATED_DIR = REPO_ROOT / "deploy" / "k8s" / "base" / "generated"
IMAGE = "heartwise"  # one image, the service chosen by its command (see Dockerfile)


@dataclass(frozen=True)
class Workload:
    name: str
    module: str
    port: int
    port_env: str
    http_api: bool  # serves users (gets a Service reachable from the gateway and an HPA on CPU)
    cpu_request: str = "250m"
    memory_request: str = "256Mi"
    memory_limit: str = "512Mi"
    min_replicas: int = 2
    max_replicas: int = 6
    stateful_stream: bool = False  # Quix Streams: RocksDB state on an emptyDir, restored from changelogs


WORKLOADS: tuple[Workload, ...] = (
    Workload("ingest", "services.ingest.main", 8001, "HEARTWISE_INGEST_PORT", True, "500m", "256Mi", "512Mi", 2, 10),
    Workload("ingest-validator", "services.ingest.validator", 6061, "HEARTWISE_INGEST_VALIDATOR_HEALTH_PORT", False),
    Workload("ingest-sink", "services.ingest.sink", 6062, "HEARTWISE_INGEST_SINK_HEALTH_PORT", False),
    Workload("anomaly", "services.anomaly.worker", 6066, "HEARTWISE_ANOMALY_HEALTH_PORT", False, "500m", "512Mi",
             "1Gi", 2, 6, stateful_stream=True),
    Workload("nudge-engine", "services.nudge_engine.worker", 6067, "HEARTWISE_NUDGE_HEALTH_PORT", False, "500m",
             "512Mi", "1Gi", 2, 6, stateful_stream=True),
    # lingua's high-accuracy language models take ~350 MB: the conversation pods get more memory.
    Workload("conversation", "services.conversation.main", 8002, "HEARTWISE_CONVERSATION_PORT", True, "500m",
             "768Mi", "1280Mi", 2, 10),
    Workload("conversation-projector", "services.conversation.projector", 6063,
             "HEARTWISE_CONVERSATION_PROJECTOR_HEALTH_PORT", False),
    Workload("audit", "services.audit.main", 8005, "HEARTWISE_AUDIT_PORT", True),
    Workload("audit-worker", "services.audit.worker", 6065, "HEARTWISE_AUDIT_WORKER_HEALTH_PORT", False),
)

LABEL = "app.kubernetes.io/name"
PART_OF = {"app.kubernetes.io/part-of": "heartwise"}


def _deployment(w: Workload) -> dict[str, Any]:
    labels = {LABEL: w.name, **PART_OF}
    probe = {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 10, "failureThreshold": 3}
    container: dict[str, Any] = {
        "name": w.name,
        "image": IMAGE,
        "command": ["python", "-m", w.module],
        "ports": [{"name": "http", "containerPort": w.port}],
        "env": [{"name": w.port_env, "value": str(w.port)},
                # Pods must listen on all interfaces for probes and scrapes; loopback is the laptop default.
                {"name": w.port_env.replace("_PORT", "_HOST"), "value": "0.0.0.0"},  # noqa: S104
                {"name": "HEARTWISE_STATE_DIR", "value": "/state"}],
        "envFrom": [{"configMapRef": {"name": "heartwise-config"}},
                    {"secretRef": {"name": "heartwise-secrets"}}],  # by reference: values never in git
        "livenessProbe": probe,
        "readinessProbe": {**probe, "httpGet": {"path": "/readyz", "port": "http"}, "periodSeconds": 5},
        "startupProbe": {**probe, "failureThreshold": 60, "periodSeconds": 2},
        "resources": {"requests": {"cpu": w.cpu_request, "memory": w.memory_request},
                      "limits": {"memory": w.memory_limit}},
        "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "allowPrivilegeEscalation": False,
                            "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}},
        # A read-only root filesystem: the container writes only to these two emptyDirs.
        "volumeMounts": [{"name": "state", "mountPath": "/state"},
                         {"name": "tmp", "mountPath": "/tmp"}],  # noqa: S108 - a path inside the container
    }
    state_size = "2Gi" if w.stateful_stream else "64Mi"
    volumes: list[dict[str, Any]] = [{"name": "state", "emptyDir": {"sizeLimit": state_size}},
                                     {"name": "tmp", "emptyDir": {}}]
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": w.name, "labels": labels},
        "spec": {
            "replicas": w.min_replicas,
            "selector": {"matchLabels": {LABEL: w.name}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": {
                "metadata": {"labels": labels,
                             "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": str(w.port)}},
                "spec": {"serviceAccountName": "heartwise", "automountServiceAccountToken": False,
                         "terminationGracePeriodSeconds": 30, "containers": [container], "volumes": volumes},
            },
        },
    }


def _service(w: Workload) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": w.name, "labels": {LABEL: w.name, **PART_OF}},
            "spec": {"selector": {LABEL: w.name}, "ports": [{"name": "http", "port": w.port, "targetPort": "http"}]}}


def _hpa(w: Workload) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": w.name, "labels": {LABEL: w.name, **PART_OF}},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": w.name},
            # Stream workers scale with partitions (6), never beyond: extra consumers would sit idle.
            "minReplicas": w.min_replicas, "maxReplicas": w.max_replicas if w.http_api else min(w.max_replicas, 6),
            "metrics": [{"type": "Resource", "resource": {
                "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}],
        },
    }


def _pdb(w: Workload) -> dict[str, Any]:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": w.name, "labels": {LABEL: w.name, **PART_OF}},
            "spec": {"minAvailable": 1, "selector": {"matchLabels": {LABEL: w.name}}}}


def _network_policy(w: Workload) -> dict[str, Any]:
    """Default deny in; APIs take traffic from the ingress gateway, everything takes Prometheus scrapes."""
    def namespace(name: str) -> dict[str, Any]:
        return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}

    sources = [namespace("monitoring"), namespace("ingress")] if w.http_api else [namespace("monitoring")]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": w.name, "labels": {LABEL: w.name, **PART_OF}},
            "spec": {"podSelector": {"matchLabels": {LABEL: w.name}}, "policyTypes": ["Ingress"],
                     "ingress": [{"from": sources, "ports": [{"port": w.port, "protocol": "TCP"}]}]}}


def kafka_topics() -> list[dict[str, Any]]:
    resources = []
    for spec in load_topics().values():
        resources.append({
            "apiVersion": "kafka.strimzi.io/v1beta2", "kind": "KafkaTopic",
            "metadata": {"name": spec.name.replace(".", "-").replace("_", "-"),
                         "labels": {"strimzi.io/cluster": "heartwise", **PART_OF}},
            # Production: replication 3 with min.insync.replicas 2 (the prod overlay patches this in).
            "spec": {"topicName": spec.name, "partitions": spec.partitions, "replicas": spec.replication_factor,
                     "config": dict(spec.config)},
        })
    return resources


def _acl(topic: str, operations: list[str]) -> dict[str, Any]:
    return {"resource": {"type": "topic", "name": topic, "patternType": "literal"}, "operations": operations}


def kafka_users() -> list[dict[str, Any]]:
    """Analysts may read only analytics.v1; services get what their role needs (simplified: per-service users)."""
    analyst = {
        "apiVersion": "kafka.strimzi.io/v1beta2", "kind": "KafkaUser",
        "metadata": {"name": "analytics-reader", "labels": {"strimzi.io/cluster": "heartwise", **PART_OF}},
        "spec": {"authentication": {"type": "scram-sha-512"},
                 "authorization": {"type": "simple", "acls": [
                     _acl("analytics.v1", ["Read", "Describe"]),
                     {"resource": {"type": "group", "name": "analytics-", "patternType": "prefix"},
                      "operations": ["Read"]}]}},
    }
    platform = {
        "apiVersion": "kafka.strimzi.io/v1beta2", "kind": "KafkaUser",
        "metadata": {"name": "heartwise-services", "labels": {"strimzi.io/cluster": "heartwise", **PART_OF}},
        "spec": {"authentication": {"type": "scram-sha-512"},
                 "authorization": {"type": "simple", "acls": [
                     {"resource": {"type": "topic", "name": "*", "patternType": "literal"},
                      "operations": ["Read", "Write", "Describe", "Create"]},
                     {"resource": {"type": "group", "name": "*", "patternType": "literal"}, "operations": ["Read"]},
                     {"resource": {"type": "transactionalId", "name": "*", "patternType": "literal"},
                      "operations": ["Write", "Describe"]}]}},
    }
    return [analyst, platform]


def render() -> dict[str, str]:
    """File name → YAML text for everything generated."""
    header = "# Generated by `heartwise k8s generate` from services/infra/k8s.py; do not edit by hand.\n"
    files = {}
    for w in WORKLOADS:
        docs = [_deployment(w), _service(w), _pdb(w), _network_policy(w)]
        if w.http_api or w.stateful_stream:
            docs.append(_hpa(w))
        files[f"{w.name}.yaml"] = header + yaml.safe_dump_all(docs, sort_keys=False)
    files["kafka-topics.yaml"] = header + yaml.safe_dump_all(kafka_topics(), sort_keys=False)
    files["kafka-users.yaml"] = header + yaml.safe_dump_all(kafka_users(), sort_keys=False)
    return files


def write(target: Path = GENERATED_DIR) -> list[str]:
    target.mkdir(parents=True, exist_ok=True)
    files = render()
    for name, text in files.items():
        (target / name).write_text(text)
    return sorted(files)
