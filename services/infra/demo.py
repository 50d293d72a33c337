"""`heartwise demo`: the platform's main job, end to end, printed so a person sees it work.

1. the native stack up and bootstrapped;  2. all services under one supervisor (honcho + Procfile);
3. a simulated device fleet (loadtest/fleet) sends realistic days over HTTP, with scripted users who trip
   every anomaly and nudge trigger and one broken cuff;  4. a scripted chat for one user;
5. a summary (counts per topic, anomalies and nudges by kind, reading→nudge latency) and the URLs.
The stack keeps running until Ctrl-C or `make down`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from services.infra.launcher import say
from services.infra.paths import REPO_ROOT, StackPaths, stack_paths

# Every process of the Procfile and where it reports ready (default ports from .env.example).
SERVICE_HEALTH = {
    "ingest": "http://127.0.0.1:8001/readyz",
    "ingest-validator": "http://127.0.0.1:6061/readyz",
    "ingest-sink": "http://127.0.0.1:6062/readyz",
    "anomaly": "http://127.0.0.1:6066/readyz",
    "nudge-engine": "http://127.0.0.1:6067/readyz",
    "conversation": "http://127.0.0.1:8002/readyz",
    "conversation-projector": "http://127.0.0.1:6063/readyz",
    "audit": "http://127.0.0.1:8005/readyz",
    "audit-worker": "http://127.0.0.1:6065/readyz",
}
URLS = {
    "ingest API (OpenAPI)": "http://127.0.0.1:8001/docs",
    "conversation API (OpenAPI)": "http://127.0.0.1:8002/docs",
    "audit API (OpenAPI)": "http://127.0.0.1:8005/docs",
    "metrics": "http://127.0.0.1:6066/metrics (anomaly), :6067 (nudge-engine), :8001/metrics, :8002/metrics",
    "schema registry": "http://127.0.0.1:8081/apis/ccompat/v7/subjects",
}
# The demo's services run with HEARTWISE_RUN_ID=demo: their consumer groups are `<base>.demo`, seeded at the
# end of every topic before they start, so a stack with history (tests, benchmarks, earlier demos) does not
# make the demo wait for millions of old records. Bases as in each service's settings.
DEMO_RUN_ID = "demo"
SERVICE_GROUPS = ("ingest-validator", "ingest-sink", "anomaly", "nudge-engine", "conversation-projector", "audit")
SILENCE_TRIGGERS = frozenset({"inactivity", "stale_data"})
DEMO_TOPICS = ("readings.v1", "readings.rejected.v1", "anomalies.v1", "nudges.v1", "chat.turns.v1",
               "emergencies.v1", "audit.v1", "analytics.v1")


def _services_pid_file(paths: StackPaths) -> Path:
    return paths.pids / "services.pid"


def start_services(paths: StackPaths) -> subprocess.Popen[bytes]:
    log = (paths.logs / "services.log").open("ab")
    env = {**os.environ, "HEARTWISE_ENV": os.environ.get("HEARTWISE_ENV", "development"),
           "HEARTWISE_RUN_ID": DEMO_RUN_ID, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [sys.executable, "-m", "honcho", "start", "-f", str(REPO_ROOT / "Procfile"), "-d", str(REPO_ROOT)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True,
    )
    log.close()
    _services_pid_file(paths).write_text(str(process.pid))
    return process


def stop_services(paths: StackPaths) -> None:
    pid_file = _services_pid_file(paths)
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return
    try:
        os.killpg(pid, signal.SIGTERM)
        for _ in range(100):
            os.killpg(pid, 0)
            time.sleep(0.2)
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    pid_file.unlink(missing_ok=True)
    say("  ✓ services stopped")


def wait_for_services(process: subprocess.Popen[bytes], timeout_s: float = 180) -> None:
    started = time.monotonic()
    pending = dict(SERVICE_HEALTH)
    while pending and time.monotonic() - started < timeout_s:
        if process.poll() is not None:
            raise RuntimeError("the services supervisor exited; see .run/logs/services.log")
        for name, url in list(pending.items()):
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    say(f"  ✓ {name:<23} ready after {time.monotonic() - started:.1f} s")
                    pending.pop(name)
            except httpx.HTTPError:
                pass
        time.sleep(0.5)
    if pending:
        raise RuntimeError(f"not ready after {timeout_s:.0f} s: {sorted(pending)}; see .run/logs/services.log")


def topic_offsets(topics: tuple[str, ...]) -> dict[str, int]:
    from confluent_kafka import Consumer, TopicPartition

    from services.common.config import get_platform_settings

    consumer = Consumer({"bootstrap.servers": get_platform_settings().kafka_bootstrap, "group.id": "demo-offsets"})
    try:
        totals = {}
        for topic in topics:
            partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
            totals[topic] = sum(consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1]
                                for p in partitions)
        return totals
    finally:
        consumer.close()


def read_new(topic: str, since: dict[int, int] | None, timeout_s: float = 5) -> list[dict[str, Any]]:
    """Decode everything on `topic` after the per-partition offsets `since` (all of it when None)."""
    from confluent_kafka import Consumer, TopicPartition

    from services.common.config import get_platform_settings
    from services.common.kafka import AvroCodec

    codec = AvroCodec()
    consumer = Consumer({"bootstrap.servers": get_platform_settings().kafka_bootstrap, "group.id": "demo-read",
                         "enable.auto.commit": False})
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        ends = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in partitions}
        starts = {p: (since or {}).get(p, 0) for p in partitions}
        consumer.assign([TopicPartition(topic, p, starts[p]) for p in partitions])
        wanted = sum(max(0, ends[p] - starts[p]) for p in partitions)
        records: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout_s + wanted / 5000
        while len(records) < wanted and time.monotonic() < deadline:
            for message in consumer.consume(1000, 0.5):
                if not message.error() and message.offset() < ends[message.partition()]:
                    records.append(codec.decode(topic, message.value()))
        return records
    finally:
        consumer.close()


def partition_offsets(topic: str) -> dict[int, int]:
    from confluent_kafka import Consumer, TopicPartition

    from services.common.config import get_platform_settings

    consumer = Consumer({"bootstrap.servers": get_platform_settings().kafka_bootstrap, "group.id": "demo-offsets"})
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        return {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in partitions}
    finally:
        consumer.close()


def demo_groups() -> list[str]:
    return [f"{base}.{DEMO_RUN_ID}" for base in SERVICE_GROUPS]


def seed_groups_at_end(groups: list[str]) -> None:
    """Commit the end of every contract topic for each (not yet running) group: where its first consumer
    starts. (The heartbeat topics are left alone: their history is small and replaying it is harmless.)"""
    from confluent_kafka import Consumer, TopicPartition

    from services.common.config import get_platform_settings
    from services.common.contracts import load_topics

    bootstrap_servers = get_platform_settings().kafka_bootstrap
    probe = Consumer({"bootstrap.servers": bootstrap_servers, "group.id": "demo-offsets"})
    try:
        metadata = probe.list_topics(timeout=10).topics
        ends = [TopicPartition(topic, p, probe.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1])
                for topic in load_topics() if topic in metadata for p in metadata[topic].partitions]
    finally:
        probe.close()
    for group in groups:
        seeder = Consumer({"bootstrap.servers": bootstrap_servers, "group.id": group, "enable.auto.commit": False})
        try:
            seeder.commit(offsets=ends, asynchronous=False)
        finally:
            seeder.close()


def pipeline_lag(groups: list[str]) -> int:
    """Records the demo's consumers have not processed yet, over the partitions their members hold now
    (heartbeat topics, which never stop, left out)."""
    from confluent_kafka import Consumer, ConsumerGroupTopicPartitions, TopicPartition
    from confluent_kafka.admin import AdminClient

    from services.common.config import get_platform_settings

    bootstrap_servers = get_platform_settings().kafka_bootstrap
    admin = AdminClient({"bootstrap.servers": bootstrap_servers})
    probe = Consumer({"bootstrap.servers": bootstrap_servers, "group.id": "demo-offsets"})
    try:
        lag = 0
        for group, described in admin.describe_consumer_groups(groups).items():
            assigned = [TopicPartition(tp.topic, tp.partition) for member in described.result().members
                        for tp in member.assignment.topic_partitions if "heartbeat" not in tp.topic]
            if not assigned:
                continue
            # the client lists one group per request
            offsets = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group, assigned)])
            for tp in offsets[group].result().topic_partitions:
                end = probe.get_watermark_offsets(TopicPartition(tp.topic, tp.partition), timeout=10)[1]
                lag += end - max(tp.offset, 0) if tp.offset >= 0 else end
        return lag
    finally:
        probe.close()


def wait_for_pipeline(groups: list[str], timeout_s: float = 600) -> int:
    """Until every demo consumer has caught up (lag 0 twice in a row); returns the lag left at timeout."""
    started, lag, zero_in_a_row, shown = time.monotonic(), -1, 0, 0.0
    while zero_in_a_row < 2 and time.monotonic() - started < timeout_s:
        lag = pipeline_lag(groups)
        zero_in_a_row = zero_in_a_row + 1 if lag == 0 else 0
        if lag and time.monotonic() - shown > 5:
            say(f"  … {lag:,} records still to process")
            shown = time.monotonic()
        time.sleep(1.0)
    return lag


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def chat_script(user_id: str, conversation_url: str = "http://127.0.0.1:8002") -> list[tuple[str, dict[str, Any]]]:
    from services.common.auth import mint_dev_token

    token = mint_dev_token(sub=user_id, scopes=["chat"])
    headers = {"Authorization": f"Bearer {token}"}
    messages = [
        "How has my blood pressure been this week?",
        "How many steps did I take today compared to my goal?",
        "I have crushing chest pain and I can't breathe",
        "Who won the football game last night?",
    ]
    transcript = []
    with httpx.Client(base_url=conversation_url, headers=headers, timeout=15) as http:
        conversation_id = None
        for message in messages:
            body: dict[str, Any] = {"message": message}
            if conversation_id:
                body["conversation_id"] = conversation_id
            reply = http.post("/v1/chat", json=body).json()
            conversation_id = reply.get("conversation_id", conversation_id)
            transcript.append((message, reply))
        nudges = http.get("/v1/nudges").json()
    transcript.append(("GET /v1/nudges", nudges))
    return transcript


def _print_chat(user_id: str, transcript: list[tuple[str, dict[str, Any]]]) -> None:
    say(f"\nA chat with {user_id}:")
    for message, reply in transcript[:-1]:
        say(f"  you  › {message}")
        text = str(reply.get("reply", reply)).replace("\n", "\n         ")
        say(f"  [{reply.get('kind', '?')}] › {text}")
        if reply.get("disclaimer"):
            say(f"         ({reply['disclaimer']})")
    _, inbox = transcript[-1]
    items = inbox.get("nudges", inbox) if isinstance(inbox, dict) else inbox
    say(f"  nudges in {user_id}'s inbox: {len(items) if isinstance(items, list) else items}")
    for nudge in (items if isinstance(items, list) else [])[:5]:
        say(f"    • [{nudge.get('trigger')}] {nudge.get('title')}: {nudge.get('body')}")


def run_demo(*, users: int = 300, days: int = 3, keep_running: bool = True) -> None:
    from loadtest.fleet import demo_run  # the simulated devices live with the load tests
    from services.infra import launcher
    from services.infra.bootstrap import bootstrap
    from services.infra.servers import ALL_SERVERS

    paths = stack_paths()
    started = time.monotonic()
    say("Heartwise demo\n==============")
    started_here = [server for server in ALL_SERVERS if not server.is_ready()]
    launcher.up(paths, list(ALL_SERVERS))
    bootstrap()
    before = topic_offsets(DEMO_TOPICS)
    since = {topic: partition_offsets(topic) for topic in ("anomalies.v1", "nudges.v1")}
    groups = demo_groups()
    seed_groups_at_end(groups)
    # Fresh user ids each run, so an earlier demo's per-user state (caps, cooldowns) cannot hide this one's nudges.
    prefix = f"demo-{int(time.time()) % 1_000_000:06d}"
    say("Starting the services (honcho, Procfile; log: .run/logs/services.log):")
    process = start_services(paths)
    try:
        wait_for_services(process)
        say(f"Platform up in {time.monotonic() - started:.0f} s.\n")
        say(f"Simulating {users} users' devices over the last {days} days (+ scripted scenarios), ids {prefix}-…:")
        fleet_summary = asyncio.run(demo_run(users=users, days=days, prefix=prefix))
        say("Waiting for every service to catch up …")
        left = wait_for_pipeline(groups)
        if left:
            say(f"  ! {left:,} records not processed yet; the figures below are partial")
        chat_user = fleet_summary["chat_user"]
        transcript = chat_script(chat_user)
        wait_for_pipeline(groups, timeout_s=30)
        after = topic_offsets(DEMO_TOPICS)
        anomalies = [a for a in read_new("anomalies.v1", since["anomalies.v1"]) if a["user_id"].startswith(prefix)]
        nudges = [n for n in read_new("nudges.v1", since["nudges.v1"]) if n["user_id"].startswith(prefix)]
        _print_summary(before, after, anomalies, nudges, fleet_summary)
        _print_chat(chat_user, transcript)
        say("\nOpen:")
        for name, url in URLS.items():
            say(f"  {name:<28} {url}")
        ready = f"\nDemo ready in {time.monotonic() - started:.0f} s."
        say(ready + (" The stack keeps running: Ctrl-C or `make down`." if keep_running else " Stopping (--no-wait)."))
        if keep_running:
            process.wait()
            say("The services stopped (`heartwise demo stop`?); the stack keeps running: `make down` stops it.")
    except KeyboardInterrupt:
        say("\nStopping …")
        stop_services(paths)
        launcher.down(paths, list(ALL_SERVERS))  # Ctrl-C: the person is done with the demo
        return
    except BaseException:
        stop_services(paths)  # a failed demo leaves no services behind; the servers stay for a retry
        raise
    stop_services(paths)
    if not keep_running:  # --no-wait: leave the machine as it was
        launcher.down(paths, started_here)


def _print_summary(before: dict[str, int], after: dict[str, int], anomalies: list[dict[str, Any]],
                   nudges: list[dict[str, Any]], fleet_summary: dict[str, Any]) -> None:
    say("\nSummary")
    say(f"  devices sent {fleet_summary.get('sent', '?')} readings: {fleet_summary.get('accepted', '?')} accepted, "
        f"{fleet_summary.get('rejected', '?')} rejected; HTTP p50 {fleet_summary.get('p50_ms', float('nan')):.0f} ms,"
        f" p99 {fleet_summary.get('p99_ms', float('nan')):.0f} ms")
    say("  records per topic during the demo:")
    for topic in DEMO_TOPICS:
        say(f"    {topic:<22} {after[topic] - before[topic]:>8}")
    by_kind = Counter(f"{a['kind']}/{a['severity']}" for a in anomalies)
    say("  anomalies by kind/severity: " + (", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())) or "none"))
    by_category = Counter(a["category"] for a in anomalies)
    say("  anomalies by category:      " + (", ".join(f"{k} {n}" for k, n in sorted(by_category.items())) or "none"))
    by_trigger = Counter(n["trigger"] for n in nudges)
    say("  nudges by trigger:          " + (", ".join(f"{k} {n}" for k, n in sorted(by_trigger.items())) or "none"))
    # Inactivity and stale-data nudges are caused by silence, not by a reading: no reading→nudge latency.
    latencies = [n["created_at"] - n["source_ingested_at"] for n in nudges
                 if n.get("source_ingested_at") and n["trigger"] not in SILENCE_TRIGGERS]
    if latencies:
        say(f"  reading→nudge latency (created_at − ingested_at, {len(latencies)} nudges, history sent as a burst): "
            f"p50 {percentile(latencies, 0.5):.0f} ms, p99 {percentile(latencies, 0.99):.0f} ms")
