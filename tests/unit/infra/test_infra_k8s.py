"""The generated Kubernetes base is up to date and keeps the platform's rules."""

from __future__ import annotations

import yaml

from services.common.contracts import load_topics
from services.infra.k8s import GENERATED_DIR, WORKLOADS, kafka_users, render


def test_committed_manifests_match_the_generator():
    for name, text in render().items():
        committed = (GENERATED_DIR / name).read_text()
        assert committed == text, f"{name} is stale: run `heartwise k8s generate`"


def test_every_workload_has_probes_resources_and_no_inline_secrets():
    for workload in WORKLOADS:
        docs = list(yaml.safe_load_all((GENERATED_DIR / f"{workload.name}.yaml").read_text()))
        kinds = {doc["kind"] for doc in docs}
        assert {"Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy"} <= kinds
        [deployment] = [doc for doc in docs if doc["kind"] == "Deployment"]
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]
        assert {"secretRef": {"name": "heartwise-secrets"}} in container["envFrom"]
        assert all("SECRET" not in env["name"] and "KEY" not in env["name"] for env in container["env"])


def test_a_kafka_topic_resource_exists_for_every_topic_in_topics_yaml():
    text = render()["kafka-topics.yaml"]
    names = {doc["spec"]["topicName"] for doc in yaml.safe_load_all(text)}
    assert names == set(load_topics())


def test_analysts_may_read_only_the_analytics_topic():
    [analyst] = [user for user in kafka_users() if user["metadata"]["name"] == "analytics-reader"]
    topic_acls = [acl for acl in analyst["spec"]["authorization"]["acls"] if acl["resource"]["type"] == "topic"]
    assert [acl["resource"]["name"] for acl in topic_acls] == ["analytics.v1"]
    assert all(set(acl["operations"]) <= {"Read", "Describe"} for acl in topic_acls)
