"""The observability deploy files hang together: Prometheus config and rules pass promtool, every alert is
tested, has a severity and a runbook section, and every Grafana dashboard is loadable with working queries.

promtool is the pinned Go tool of deploy/tools/promtool (`go tool promtool`); its first run builds it, which
takes minutes, hence the long timeouts on the tests that call it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
PROMETHEUS = REPO / "deploy" / "prometheus"
PROMTOOL_DIR = REPO / "deploy" / "tools" / "promtool"
GRAFANA = REPO / "deploy" / "grafana"
RUNBOOK = REPO / "docs" / "runbook.md"
RULE_FILES = sorted((PROMETHEUS / "rules").glob("*.yml"))
RULE_TESTS = sorted((PROMETHEUS / "tests").glob("*.yml"))
DASHBOARD_FILES = sorted((GRAFANA / "dashboards").glob("*.json"))
SEVERITIES = {"P1", "P2", "P3"}
SERVICES = {"ingest", "anomaly", "nudge-engine", "conversation", "audit"}
BUILD_TIMEOUT_S = 1800  # the first `go tool promtool` compiles Prometheus

needs_go = pytest.mark.skipif(
    shutil.which("go") is None, reason="`go` is not on PATH, so the pinned promtool (deploy/tools/promtool) cannot run"
)


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["go", "tool", "promtool", *args], cwd=PROMTOOL_DIR, capture_output=True, text=True,
                          timeout=BUILD_TIMEOUT_S, check=False)


def alert_rules() -> list[dict[str, Any]]:
    return [rule for path in RULE_FILES for group in yaml.safe_load(path.read_text())["groups"]
            for rule in group["rules"] if "alert" in rule]


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown page (lower case, punctuation dropped, - for spaces)."""
    anchors: set[str] = set()
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        match = None if in_code else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            text = re.sub(r"[`*_]", "", match.group(1)).strip().lower()
            anchors.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", text)))
    return anchors


def dashboards() -> dict[str, dict[str, Any]]:
    return {path.name: json.loads(path.read_text()) for path in DASHBOARD_FILES}


def data_panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    """Panels that query data (rows are only headings; a collapsed row keeps its panels inside)."""
    found = []
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            found.extend(panel.get("panels", []))
        else:
            found.append(panel)
    return found


# -- promtool ------------------------------------------------------------------------------------------------------

@needs_go
@pytest.mark.timeout(BUILD_TIMEOUT_S)
def test_prometheus_config_passes_promtool_check_config():
    result = promtool("check", "config", str(PROMETHEUS / "prometheus.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout + result.stderr
    # the compose targets file is read and valid (promtool only warns when a file_sd file is missing)
    assert "WARNING" not in result.stdout + result.stderr


@needs_go
@pytest.mark.timeout(BUILD_TIMEOUT_S)
def test_rules_pass_promtool_check_rules():
    result = promtool("check", "rules", *map(str, RULE_FILES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("SUCCESS") == len(RULE_FILES), result.stdout


@needs_go
@pytest.mark.timeout(BUILD_TIMEOUT_S)
def test_rule_unit_tests_pass_promtool_test_rules():
    result = promtool("test", "rules", *map(str, RULE_TESTS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAILED" not in result.stdout + result.stderr


@needs_go
@pytest.mark.timeout(BUILD_TIMEOUT_S)
def test_every_dashboard_query_is_valid_promql(tmp_path: Path):
    """Each panel query becomes a recording rule of a scratch rule file, so `check rules` parses it."""
    rules = [{"record": f"dashboard_check:{board['uid'].replace('-', '_')}:{panel['id']}_{target['refId']}",
              "expr": target["expr"]}
             for board in dashboards().values() for panel in data_panels(board) for target in panel["targets"]]
    scratch = tmp_path / "dashboard-queries.yml"
    scratch.write_text(yaml.safe_dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}))
    result = promtool("check", "rules", str(scratch))
    assert result.returncode == 0, result.stdout + result.stderr


# -- alerts ---------------------------------------------------------------------------------------------------------

def test_every_alert_has_a_severity_summary_description_and_a_runbook_section():
    anchors = github_anchors(RUNBOOK.read_text())
    rules = alert_rules()
    assert rules, "no alert rules found"
    for rule in rules:
        name = rule["alert"]
        assert rule.get("labels", {}).get("severity") in SEVERITIES, f"{name}: severity must be one of {SEVERITIES}"
        annotations = rule.get("annotations", {})
        assert annotations.get("summary") and annotations.get("description"), f"{name}: summary and description"
        url = annotations.get("runbook_url", "")
        path, _, anchor = url.partition("#")
        assert path == "docs/runbook.md" and anchor, f"{name}: runbook_url must point at a docs/runbook.md section"
        assert anchor in anchors, f"{name}: docs/runbook.md has no section with anchor #{anchor}"


def test_runbook_links_to_its_own_sections_resolve():
    text = RUNBOOK.read_text()
    missing = set(re.findall(r"\]\(#([\w-]+)\)", text)) - github_anchors(text)
    assert missing == set(), f"docs/runbook.md links to sections that do not exist: {sorted(missing)}"


def test_alert_names_are_unique():
    names = [rule["alert"] for rule in alert_rules()]
    assert len(names) == len(set(names))


def test_every_alert_has_a_firing_and_a_quiet_unit_test():
    fired: set[str] = set()
    quiet: set[str] = set()
    for path in RULE_TESTS:
        for test in yaml.safe_load(path.read_text())["tests"]:
            for case in test.get("alert_rule_test", []):
                (fired if case.get("exp_alerts") else quiet).add(case["alertname"])
    names = {rule["alert"] for rule in alert_rules()}
    assert names - fired == set(), "alerts never shown firing in deploy/prometheus/tests"
    assert names - quiet == set(), "alerts never shown staying quiet in deploy/prometheus/tests"


def test_the_plans_slos_each_have_an_alert():
    slos = {rule.get("labels", {}).get("slo") for rule in alert_rules()}
    assert {"availability", "error_rate", "chat_latency", "nudge_latency", "emergency_ack"} <= slos


# -- metric names ----------------------------------------------------------------------------------------------------

METRIC_MODULES = (
    "services.common.kafka", "services.ingest.metrics", "services.anomaly.metrics", "services.nudge_engine.metrics",
    "services.conversation.metrics", "services.conversation.graph.metrics", "services.conversation.adapters.events",
    "services.conversation.projector", "services.audit.metrics",
)
SAMPLE_SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",),
                   "summary": ("_count", "_sum", "")}


def exported_sample_names() -> set[str]:
    """Every `heartwise_*` sample name the services can export (families with no children yet included)."""
    import importlib

    from prometheus_client import REGISTRY

    for module in METRIC_MODULES:
        importlib.import_module(module)
    return {family.name + suffix for family in REGISTRY.collect() if family.name.startswith("heartwise_")
            for suffix in SAMPLE_SUFFIXES.get(family.type, ("",))}


def referenced_metric_names() -> set[str]:
    exprs = [rule["expr"] for path in RULE_FILES for group in yaml.safe_load(path.read_text())["groups"]
             for rule in group["rules"]]
    exprs += [target["expr"] for board in dashboards().values() for panel in data_panels(board)
              for target in panel["targets"]]
    return {name for expr in exprs for name in re.findall(r"\bheartwise_[a-z0-9_]+", expr)}


def test_every_metric_the_rules_and_dashboards_use_is_exported_by_a_service():
    """Catches a renamed service metric, and a rule or panel over a metric nobody exports (it would stay empty
    or, worse, keep an alert quiet)."""
    missing = referenced_metric_names() - exported_sample_names()
    assert missing == set(), "used by rules/dashboards but exported by no service"


def test_the_metric_name_check_sees_names_with_no_samples_yet_and_rejects_unknown_ones():
    exported = exported_sample_names()
    # label-less families and families whose children appear on first use both count as exported
    assert {"heartwise_conversation_escalations_open", "heartwise_conversation_request_latency_seconds_count",
            "heartwise_audit_nudges_acted_on_total", "heartwise_conversation_consumer_lag"} <= exported
    assert "heartwise_conversation_not_a_metric_total" not in exported


# -- scrape config --------------------------------------------------------------------------------------------------

def test_compose_targets_cover_every_workload_with_its_service():
    from services.infra.k8s import WORKLOADS

    groups = yaml.safe_load((PROMETHEUS / "targets" / "compose.yml").read_text())
    targets = {group["targets"][0]: group["labels"] for group in groups}
    assert set(targets) == {f"{w.name}:{w.port}" for w in WORKLOADS}
    for target, labels in targets.items():
        component = target.split(":")[0]
        assert labels["component"] == component
        assert labels["service"] in SERVICES and component.startswith(labels["service"])


def test_kubernetes_job_keeps_only_annotated_heartwise_pods():
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    [job] = [job for job in config["scrape_configs"] if "kubernetes_sd_configs" in job]
    keeps = {tuple(step["source_labels"]): step["regex"] for step in job["relabel_configs"]
             if step.get("action") == "keep"}
    assert keeps[("__meta_kubernetes_pod_annotation_prometheus_io_scrape",)] == "true"
    assert keeps[("__meta_kubernetes_pod_label_app_kubernetes_io_part_of",)] == "heartwise"
    targets = {step.get("target_label") for step in job["relabel_configs"]}
    assert {"__address__", "__metrics_path__", "component", "service"} <= targets


# -- dashboards -----------------------------------------------------------------------------------------------------

def test_a_dashboard_per_service_plus_an_overview_with_unique_uids():
    boards = dashboards()
    uids = [board["uid"] for board in boards.values()]
    assert len(uids) == len(set(uids)) and all(uids)
    assert {name.removesuffix(".json") for name in boards} == SERVICES | {"overview"}
    for name, board in boards.items():
        assert board["schemaVersion"] >= 39, name
        assert board["title"] and board["panels"], name


def test_every_panel_has_a_datasource_and_targets():
    for name, board in dashboards().items():
        panel_ids = [panel["id"] for panel in board["panels"]]
        assert len(panel_ids) == len(set(panel_ids)), f"{name}: duplicate panel ids"
        for panel in data_panels(board):
            where = f"{name} / {panel['title']}"
            assert panel.get("datasource", {}).get("uid"), f"{where}: no datasource"
            assert panel.get("targets"), f"{where}: no targets"
            for target in panel["targets"]:
                assert target.get("expr", "").strip() and target.get("refId"), f"{where}: empty target"
                assert target.get("datasource", {}).get("uid"), f"{where}: target without a datasource"
            grid = panel["gridPos"]
            assert grid["w"] > 0 and grid["h"] > 0 and grid["x"] + grid["w"] <= 24, f"{where}: gridPos"


def test_dashboard_datasource_variable_exists_where_panels_use_it():
    for name, board in dashboards().items():
        variables = {var["name"] for var in board.get("templating", {}).get("list", [])}
        used = {re.sub(r"^\$\{?(\w+)\}?$", r"\1", panel["datasource"]["uid"])
                for panel in data_panels(board) if panel["datasource"]["uid"].startswith("$")}
        assert used <= variables, f"{name}: undefined datasource variables {used - variables}"


def test_grafana_provisioning_points_at_the_dashboards_and_prometheus():
    provider = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "heartwise.yml").read_text())
    assert provider["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"
    datasource = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())
    assert datasource["datasources"][0]["type"] == "prometheus"
