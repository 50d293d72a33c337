"""The nudge engine on the real stack: readings/anomalies/preferences in, nudges.v1 out, timers, crash, DLQ.

The worker runs as a real process (`python -m services.nudge_engine.worker`). Inputs are produced straight to
the contract topics (one test goes through HTTP ingest). Event time is the reading's `measured_at`, so the
tests simulate time by back-dating readings, never by dating them into the future (stream time is shared by
everyone's traffic on a partition and only moves forward).

Each worker gets a fresh consumer group (the session's run id); before it starts, the group's offsets on
readings.v1, anomalies.v1 and the heartbeat topic are committed at their current end, so the run does not
replay a week of other sessions' traffic. preferences.v1 (compacted) is read from the start, as in production.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
import zoneinfo
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from confluent_kafka import Consumer, TopicPartition

from services.common.config import get_platform_settings
from services.common.contracts import Topic
from services.common.kafka import EventProducer
from services.nudge_engine.config import NudgeSettings
from services.nudge_engine.domain.ids import nudge_id

pytestmark = pytest.mark.usefixtures("stack")

HOUR = 3_600_000
DAY = 24 * HOUR
WORKER = "services.nudge_engine.worker"
PORT_ENV = "HEARTWISE_NUDGE_HEALTH_PORT"
# Timers in tests: a heartbeat every second and no allowed lateness, so a due time passes within ~1 s.
FAST_TIMERS = {"HEARTWISE_NUDGE_HEARTBEAT_INTERVAL_S": "1", "HEARTWISE_NUDGE_HEARTBEAT_LAG_MS": "0"}


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def partition_of(key: str, partitions: int = 6) -> int:
    """Kafka's murmur2 partitioner (Java client `Utils.murmur2`), as every Heartwise producer uses it."""
    data = key.encode()
    seed, m, r = 0x9747B28C, 0x5BD1E995, 24
    length = len(data)
    h = (seed ^ length) & 0xFFFFFFFF
    for i in range(0, length - length % 4, 4):
        k = (int.from_bytes(data[i:i + 4], "little") * m) & 0xFFFFFFFF
        k = ((k ^ (k >> r)) * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    rest = length % 4
    if rest == 3:
        h ^= data[-1] << 16
    if rest >= 2:
        h ^= data[length - rest + 1] << 8
    if rest >= 1:
        h = ((h ^ data[length - rest]) * m) & 0xFFFFFFFF
    h = ((h ^ (h >> 13)) * m) & 0xFFFFFFFF
    h ^= h >> 15
    return (h & 0x7FFFFFFF) % partitions


def user_on_partition(partition: int) -> str:
    while True:
        candidate = f"it-{uuid.uuid4().hex[:12]}"
        if partition_of(candidate) == partition:
            return candidate


# ---------------------------------------------------------------------------------------------- records

_VALUE_FIELDS = ("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min", "efficiency", "kg")


def reading(user: str, metric: str, measured_at: int, offset_min: int = 0, **value: Any) -> dict[str, Any]:
    return {
        "reading_id": f"r-{uuid.uuid4().hex}", "user_id": user, "device_id": "dev-1", "metric": metric,
        "measured_at": measured_at, "utc_offset_min": offset_min, "source": "sensed",
        "value": {name: value.get(name) for name in _VALUE_FIELDS}, "flags": [], "channel": "http",
        "ingested_at": now_ms(),
    }


def preferences(user: str, **overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "user_id": user, "step_goal": 10_000, "timezone": "UTC", "quiet_start_min": 0, "quiet_end_min": 0,
        "nudge_opt_outs": [], "snoozed_until": None, "language": "en", "birth_year": None, "display_name": None,
        "nudges_enabled": True, "updated_at": now_ms(),
    }
    record.update(overrides)
    return record


def anomaly(user: str, kind: str, metric: str = "blood_pressure") -> dict[str, Any]:
    return {
        "anomaly_id": f"a-{uuid.uuid4().hex}", "user_id": user, "reading_id": None, "metric": metric, "kind": kind,
        "severity": "info", "category": "device", "message": "No new readings lately.",
        "disclaimer": "Not a diagnosis.", "observed_value": None, "baseline_value": None, "measured_at": None,
        "detected_at": now_ms(), "ingested_at": None,
    }


# ---------------------------------------------------------------------------------------------- worker

class Worker:
    """One nudge-engine process, its health URL, and a few helpers that read its /metrics."""

    def __init__(self, proc: Any, base_url: str, group: str) -> None:
        self.proc, self.base_url, self.group = proc, base_url, group

    def metrics(self) -> str:
        return httpx.get(f"{self.base_url}/metrics", timeout=5).text

    def metric(self, name: str, **labels: str) -> float:
        wanted = [f'{k}="{v}"' for k, v in labels.items()]
        total = 0.0
        for line in self.metrics().splitlines():
            if not line.startswith(name + "{") and not line.startswith(name + " "):
                continue
            if all(label in line for label in wanted):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def wait_metric_above(self, before: float, name: str, timeout_s: float = 20.0, **labels: str) -> float:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            value = self.metric(name, **labels)
            if value > before:
                return value
            time.sleep(0.2)
        raise AssertionError(f"{name}{labels} stayed at {before}")


def start_from_the_end(group: str, topics: list[str]) -> None:
    """Commit the group's offsets at the current end of `topics` (those that exist), before it first starts."""
    consumer = Consumer({"bootstrap.servers": get_platform_settings().kafka_bootstrap, "group.id": group,
                         "enable.auto.commit": False})
    try:
        metadata = consumer.list_topics(timeout=10).topics
        offsets = []
        for topic in topics:
            if topic not in metadata or metadata[topic].error is not None:
                continue
            for partition in metadata[topic].partitions:
                _low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
                offsets.append(TopicPartition(topic, partition, high))
        if offsets:
            consumer.commit(offsets=offsets, asynchronous=False)
    finally:
        consumer.close()


def start_worker(services: Any, name: str, env: dict[str, str]) -> Worker:
    defaults = NudgeSettings()
    settings = NudgeSettings(consumer_group=env.get("HEARTWISE_NUDGE_CONSUMER_GROUP", defaults.consumer_group),
                             heartbeat_topic=env.get("HEARTWISE_NUDGE_HEARTBEAT_TOPIC", defaults.heartbeat_topic))
    group = f"{settings.consumer_group}.{services.session}"
    start_from_the_end(group, [Topic.READINGS.value, Topic.ANOMALIES.value, settings.heartbeat_topic])
    proc, base_url = services.start(name, WORKER, port_env=PORT_ENV, env=env, ready_timeout_s=120)
    return Worker(proc, base_url, group)


@pytest.fixture(scope="module")
def worker(services) -> Iterator[Worker]:  # type: ignore[no-untyped-def]
    started = start_worker(services, "nudge", dict(FAST_TIMERS))
    yield started
    started.proc.stop()


@pytest.fixture(scope="module")
def producer() -> Iterator[EventProducer]:
    made = EventProducer()
    yield made
    made.flush(10)


def send(producer: EventProducer, topic: str, key: str, value: Any) -> None:
    producer.send(topic, key, value)
    assert producer.flush(10) == 0


def settle_preferences(worker: Worker, producer: EventProducer, *records: dict[str, Any]) -> None:
    """Publish preferences and wait until the worker has read at least that many more of them, so the
    readings a test sends next are judged with them (the inputs are separate topics)."""
    before = worker.metric("heartwise_nudge_records_total", topic=Topic.PREFERENCES.value)
    for record in records:
        producer.send(Topic.PREFERENCES, record["user_id"], record)
    assert producer.flush(10) == 0
    deadline = time.monotonic() + 30
    while worker.metric("heartwise_nudge_records_total", topic=Topic.PREFERENCES.value) < before + len(records):
        assert time.monotonic() < deadline, "the worker did not read the preferences"
        time.sleep(0.2)


def of(user: str, trigger: str | None = None):  # type: ignore[no-untyped-def]
    return lambda key, value: key == user and (trigger is None or value["trigger"] == trigger)


def one_nudge(nudges: Any, user: str, trigger: str, timeout_s: float = 30.0) -> dict[str, Any]:
    found = nudges.wait_for(of(user, trigger), timeout_s=timeout_s)
    assert found, f"no {trigger} nudge for {user} within {timeout_s} s"
    return found[0][2]


# ---------------------------------------------------------------------------------------------- triggers

def test_nudge_step_goal_crossing_80_percent_names_the_user(worker, producer, tail, user_id):
    nudges = tail(Topic.NUDGES)
    settle_preferences(worker, producer, preferences(user_id, step_goal=5_000, display_name="Maya"))
    at = now_ms() - 60_000
    for count in (2_000, 1_500):  # 70 %: nothing yet
        send(producer, Topic.READINGS, user_id, reading(user_id, "steps", at, count=count, interval_s=14_400))
    crossing = reading(user_id, "steps", at + 1, count=600, interval_s=14_400)  # 4,100 of 5,000 = 82 %
    send(producer, Topic.READINGS, user_id, crossing)

    nudge = one_nudge(nudges, user_id, "step_goal")
    assert "Maya" in nudge["title"]
    assert "4,100" in nudge["body"] and "5,000" in nudge["body"]
    assert nudge["source_event_id"] == crossing["reading_id"]
    assert nudge["source_ingested_at"] == crossing["ingested_at"]
    assert nudge["expires_at"] > nudge["created_at"] >= crossing["ingested_at"]
    assert (nudge["variant"], nudge["experiment"]) == ("default", None)
    # Keyed by user id, on the user's partition number (co-partitioned with the input).
    [(partition, _, _)] = [entry for entry in nudges.seen if entry[1] == user_id]
    assert partition == partition_of(user_id)
    # One per day: more steps the same day add nothing.
    send(producer, Topic.READINGS, user_id, reading(user_id, "steps", at + 2, count=3_000, interval_s=14_400))
    time.sleep(3)
    nudges.poll()
    assert len(nudges.wait_for(of(user_id), timeout_s=0)) == 1


def test_nudge_bp_change_against_the_7_day_baseline(worker, producer, tail, user_id):
    nudges = tail(Topic.NUDGES)
    steady = f"{user_id}-steady"
    settle_preferences(worker, producer, preferences(user_id), preferences(steady))
    now = now_ms()
    for user, today in ((user_id, 135), (steady, 129)):  # 15 and 9 mmHg above a 120 baseline
        for days_ago, systolic in ((3, 120), (2, 122), (1, 118)):
            send(producer, Topic.READINGS, user, reading(user, "blood_pressure", now - days_ago * DAY,
                                                         systolic=systolic, diastolic=80))
        send(producer, Topic.READINGS, user, reading(user, "blood_pressure", now - 60_000, systolic=today,
                                                     diastolic=85))
    nudge = one_nudge(nudges, user_id, "bp_change")
    assert "135 mmHg" in nudge["body"] and "15 mmHg higher" in nudge["body"] and "120 mmHg" in nudge["body"]
    time.sleep(2)
    assert nudges.wait_for(of(steady), timeout_s=1) == []  # Δ9 < 10 mmHg: no nudge


def test_nudge_three_poor_nights_in_a_row(worker, producer, tail, user_id):
    nudges = tail(Topic.NUDGES)
    settle_preferences(worker, producer, preferences(user_id, display_name="Ana"))
    now = now_ms()
    for days_ago in (2, 1):
        send(producer, Topic.READINGS, user_id, reading(user_id, "sleep", now - days_ago * DAY, duration_min=300.0,
                                                        efficiency=0.9))
    assert nudges.wait_for(of(user_id), timeout_s=2) == []  # two nights are not a pattern
    third = reading(user_id, "sleep", now - 60_000, duration_min=330.0, efficiency=0.9)
    send(producer, Topic.READINGS, user_id, third)
    nudge = one_nudge(nudges, user_id, "sleep_pattern")
    assert "3 nights" in nudge["title"] or "3 nights" in nudge["body"]
    assert "Ana" in nudge["body"]
    assert nudge["source_event_id"] == third["reading_id"]


def test_nudge_stale_data_anomaly_becomes_a_sync_your_device_nudge(worker, producer, tail, user_id):
    nudges = tail(Topic.NUDGES)
    settle_preferences(worker, producer, preferences(user_id))
    send(producer, Topic.ANOMALIES, user_id, anomaly(user_id, "threshold"))  # not a nudge of ours
    stale = anomaly(user_id, "stale_data", metric="weight")
    send(producer, Topic.ANOMALIES, user_id, stale)
    nudge = one_nudge(nudges, user_id, "stale_data")
    assert nudge["title"] == "Sync your device"
    assert "weight" in nudge["body"]
    assert nudge["source_event_id"] == stale["anomaly_id"]
    assert nudge["nudge_id"] == nudge_id(user_id, "stale_data", stale["anomaly_id"])
    assert [v["trigger"] for _, k, v in nudges.seen if k == user_id] == ["stale_data"]


# ---------------------------------------------------------------------------------------------- timers

def test_nudge_inactivity_fires_for_a_silent_user_on_heartbeats(worker, producer, tail, user_id):
    """Nobody else sends on the user's partition: only the worker's heartbeat moves its stream time."""
    nudges = tail(Topic.NUDGES)
    settle_preferences(worker, producer, preferences(user_id))
    last_steps = now_ms() - 48 * HOUR + 8_000  # simulated: the user's last steps were 47 h 59 min 52 s ago
    send(producer, Topic.READINGS, user_id, reading(user_id, "steps", last_steps, count=400, interval_s=14_400))
    nudge = one_nudge(nudges, user_id, "inactivity", timeout_s=40)
    arrived = now_ms()
    due = last_steps + 48 * HOUR
    assert arrived >= due - 1_000, "fired before 48 h of silence"
    assert nudge["nudge_id"] == nudge_id(user_id, "inactivity", str(last_steps))
    assert nudge["source_event_id"] is None and nudge["source_ingested_at"] is None
    assert "48 hours" in nudge["body"]


def test_nudge_inactivity_fires_when_other_users_traffic_moves_the_clock(services, producer, tail):
    """A worker without heartbeats: the silent user's partition clock moves only with another user's
    readings. Its nudges carry an A/B experiment, which also tells them apart from the main worker's."""
    experiment = "it-clock-from-traffic"
    # Its own heartbeat topic, which nobody writes to (the main worker beats on the default one).
    beats = "heartwise.nudge-engine.heartbeat.it-silent"
    other = start_worker(services, "nudge-no-heartbeat", {
        "HEARTWISE_NUDGE_HEARTBEAT_INTERVAL_S": "0", "HEARTWISE_NUDGE_HEARTBEAT_TOPIC": beats,
        "HEARTWISE_NUDGE_CONSUMER_GROUP": "nudge-engine-noheartbeat",
        "HEARTWISE_NUDGE_EXPERIMENT": experiment, "HEARTWISE_NUDGE_EXPERIMENT_ROLLOUT_PCT": "100"})
    try:
        silent = user_on_partition(3)
        busy = user_on_partition(3)
        nudges = tail(Topic.NUDGES)
        settle_preferences(other, producer, preferences(silent), preferences(busy))
        last_steps = now_ms() - 48 * HOUR + 5_000
        send(producer, Topic.READINGS, silent, reading(silent, "steps", last_steps, count=400, interval_s=14_400))
        due = last_steps + 48 * HOUR
        found: list[Any] = []
        deadline = time.monotonic() + 40
        while not found and time.monotonic() < deadline:
            send(producer, Topic.READINGS, busy, reading(busy, "heart_rate", now_ms(), bpm=70))
            found = nudges.wait_for(lambda k, v: k == silent and v["experiment"] == experiment, timeout_s=0.5)
        assert found, "the silent user's inactivity nudge never came"
        nudge = found[0][2]
        assert nudge["trigger"] == "inactivity"
        assert nudge["variant"] == "brief"  # 100 % rollout of the experiment's one arm
        assert now_ms() >= due - 1_000
        assert other.metric("heartwise_nudge_records_total", topic=beats) == 0  # no heartbeat moved this clock
    finally:
        other.proc.stop()


def _quiet_zone() -> tuple[str, datetime]:
    """A zone where it is now between 02:00 and 20:00 (a step nudge held now is still valid at the end)."""
    for name in ("Asia/Kolkata", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland"):
        local = datetime.now(zoneinfo.ZoneInfo(name))
        if 2 <= local.hour < 20:
            return name, local
    raise AssertionError("unreachable: the zones above cover every hour")


def test_nudge_quiet_hours_hold_the_nudge_and_release_it_at_their_local_end(worker, producer, tail, user_id):
    nudges = tail(Topic.NUDGES)
    zone, local = _quiet_zone()
    if local.second > 40:  # leave time to publish before the quiet hours end
        time.sleep(61 - local.second)
        local = datetime.now(zoneinfo.ZoneInfo(zone))
    minute = local.hour * 60 + local.minute
    end_local = local.replace(second=0, microsecond=0)
    quiet_end_ms = int(end_local.timestamp() * 1000) + 60_000  # quiet hours end at the next local minute
    settle_preferences(worker, producer, preferences(user_id, timezone=zone, quiet_start_min=minute - 60,
                                                     quiet_end_min=minute + 1, display_name="Lea"))
    held_before = worker.metric("heartwise_nudge_suppressed_total", trigger="step_goal", reason="quiet_hours_held")
    offset = int(local.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    send(producer, Topic.READINGS, user_id, reading(user_id, "steps", now_ms() - 1_000, offset, count=9_000,
                                                    interval_s=14_400))
    worker.wait_metric_above(held_before, "heartwise_nudge_suppressed_total", trigger="step_goal",
                             reason="quiet_hours_held")
    assert nudges.wait_for(of(user_id), timeout_s=max(0.0, (quiet_end_ms - now_ms()) / 1000 - 1.0)) == []
    nudge = one_nudge(nudges, user_id, "step_goal", timeout_s=30)
    assert nudge["created_at"] >= quiet_end_ms
    assert "Lea" in nudge["title"]


# ---------------------------------------------------------------------------------------------- crash, poison

def test_nudge_sigkill_mid_stream_then_restart_every_nudge_appears_repeats_keep_their_id(
        worker, producer, tail):
    """Users cross their step goal one after another while the worker is SIGKILLed and restarted: every user
    still gets their nudge (none lost with the crash, none double-counted from replayed readings), and a
    nudge published again after the replay carries the same id."""
    nudges = tail(Topic.NUDGES)
    users = [f"it-crash-{uuid.uuid4().hex[:10]}" for _ in range(12)]
    settle_preferences(worker, producer, *(preferences(user) for user in users))
    base = now_ms() - 120_000
    done = threading.Event()

    def stream() -> None:  # user after user, 10 × 1,000 steps each: the goal (8,000) is crossed at the 8th
        local = EventProducer()
        for user in users:
            for i in range(10):
                local.send(Topic.READINGS, user, reading(user, "steps", base + i, count=1_000, interval_s=600))
                local.poll(0)
                time.sleep(0.05)
        local.flush(10)
        done.set()

    def step_goal_users() -> set[str]:
        return {k for _, k, v in nudges.seen if k in users and v["trigger"] == "step_goal"}

    feeder = threading.Thread(target=stream, daemon=True)
    feeder.start()
    deadline = time.monotonic() + 60
    while len(step_goal_users()) < 3:  # some users are through, most are still to come
        assert time.monotonic() < deadline, "no nudges before the crash"
        nudges.poll(0.1)
    before_crash = step_goal_users()
    worker.proc.kill()  # SIGKILL: no final commit, no flush; uncommitted work is replayed after the restart
    assert not done.is_set(), "the stream was over before the crash"
    worker.proc.start(ready_timeout_s=120)
    assert done.wait(60)

    deadline = time.monotonic() + 60
    while step_goal_users() != set(users) and time.monotonic() < deadline:
        nudges.poll()
    time.sleep(2)
    nudges.poll()
    by_user: dict[str, list[str]] = {}
    for _, key, value in nudges.seen:
        if key in users and value["trigger"] == "step_goal":
            by_user.setdefault(key, []).append(value["nudge_id"])
    assert set(by_user) == set(users), f"missing step goal nudges for {set(users) - set(by_user)}"
    assert all(len(set(ids)) == 1 for ids in by_user.values()), "a repeated nudge changed its id"
    assert set(users) - before_crash, "every nudge came before the crash"


def test_nudge_poison_goes_to_the_dlq_and_the_worker_goes_on(worker, producer, tail, user_id):
    nudges = tail(Topic.NUDGES)
    dead = tail(Topic.READINGS.dlq)
    settle_preferences(worker, producer, preferences(user_id))
    garbage = [b"definitely not avro", b"\x00\x00\x00\x7f\xffgarbage with a made-up schema id"]
    for payload in garbage:
        producer.send_raw(Topic.READINGS, user_id, payload)
    send(producer, Topic.READINGS, user_id, reading(user_id, "steps", now_ms() - 1_000, count=9_000,
                                                    interval_s=14_400))
    # Other consumers of readings.v1 (the anomaly worker...) dead-letter the same garbage under their name.
    letters = dead.wait_for(lambda k, v: k == user_id and v["consumer"] == worker.group, count=2, timeout_s=30)
    assert [v["value"] for _, _, v in letters] == garbage
    assert all(v["topic"] == Topic.READINGS and v["error"].startswith("undecodable") for _, _, v in letters)
    one_nudge(nudges, user_id, "step_goal")  # the record after the poison is processed


def test_nudge_through_http_ingest(worker, services, producer, tail, user_id):
    from services.common.auth import mint_dev_token

    _ingest, ingest_url = services.start("ingest", "services.ingest.main", port_env="HEARTWISE_INGEST_PORT")
    nudges = tail(Topic.NUDGES)
    settle_preferences(worker, producer, preferences(user_id, display_name="Noor"))
    token = mint_dev_token(sub=user_id, scopes=["readings:write"], device_id="watch-1")
    measured = datetime.fromtimestamp((now_ms() - 30_000) / 1000).astimezone().isoformat()
    body = {"readings": [{"reading_id": f"r-{uuid.uuid4().hex}", "user_id": user_id, "device_id": "watch-1",
                          "metric": "steps", "measured_at": measured, "value": {"count": 8_500, "interval_s": 14_400},
                          "source": "sensed"}]}
    sent_at = now_ms()
    reply = httpx.post(f"{ingest_url}/v1/readings", json=body, headers={"Authorization": f"Bearer {token}"},
                       timeout=15)
    assert reply.status_code == 202, reply.text
    assert reply.json()["accepted"] == [body["readings"][0]["reading_id"]], reply.text
    nudge = one_nudge(nudges, user_id, "step_goal")
    assert nudge["source_event_id"] == body["readings"][0]["reading_id"]
    assert sent_at <= nudge["source_ingested_at"] <= nudge["created_at"]
    assert "Noor" in nudge["title"]


def test_nudge_health_and_metrics(worker, producer, tail, user_id):
    nudges = tail(Topic.NUDGES)
    opted_out = f"{user_id}-opted-out"
    settle_preferences(worker, producer, preferences(user_id), preferences(opted_out, nudge_opt_outs=["step_goal"]))
    before = worker.metric("heartwise_nudge_suppressed_total", trigger="step_goal", reason="opted_out")
    for user in (opted_out, user_id):
        send(producer, Topic.READINGS, user, reading(user, "steps", now_ms() - 1_000, count=9_000, interval_s=14_400))
    one_nudge(nudges, user_id, "step_goal")
    worker.wait_metric_above(before, "heartwise_nudge_suppressed_total", trigger="step_goal", reason="opted_out")
    assert nudges.wait_for(of(opted_out), timeout_s=0) == []
    assert httpx.get(f"{worker.base_url}/healthz", timeout=5).json() == {"status": "ok"}
    ready = httpx.get(f"{worker.base_url}/readyz", timeout=5)
    assert ready.status_code == 200, ready.text
    text = worker.metrics()
    for name in ("heartwise_nudge_nudges_total", "heartwise_nudge_suppressed_total",
                 "heartwise_nudge_reading_to_nudge_latency_seconds_bucket", "heartwise_nudge_consumer_lag",
                 "heartwise_nudge_stream_time_ms", "heartwise_nudge_records_total"):
        assert re.search(rf"^{name}\{{", text, re.MULTILINE), f"{name} missing from /metrics"
    assert worker.metric("heartwise_nudge_reading_to_nudge_latency_seconds_count", trigger="step_goal") >= 1
