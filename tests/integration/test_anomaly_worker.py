"""The anomaly worker as a real process on the real stack: readings.v1 in, anomalies.v1 out.

Readings are produced straight to readings.v1 in the exact `Reading` shape ingest writes (one test goes
through HTTP ingest when it exists). Each test has its own user(s); other suites share the topics, so
every assertion filters by user id. Anomalies are at-least-once: a count is of distinct anomaly ids, and
every copy of an id must be the same anomaly.
"""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.anomaly.domain import DISCLAIMER, evaluate_reading
from services.common.contracts import Topic
from services.common.kafka import EventProducer

pytestmark = pytest.mark.usefixtures("stack")

MINUTE = 60_000
WORKER = "services.anomaly.worker"
PORT_ENV = "HEARTWISE_ANOMALY_HEALTH_PORT"
GROUP = f"anomaly-it-{uuid.uuid4().hex[:8]}"  # this module's consumer group (before the run-id suffix)
VALUE_FIELDS = ("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min", "efficiency", "kg")
# Fields of an anomaly that a replay must reproduce exactly (detected_at is stream time: it may differ).
SAME_ON_REPLAY = ("anomaly_id", "user_id", "reading_id", "metric", "kind", "severity", "category", "message",
                  "disclaimer", "observed_value", "baseline_value", "measured_at", "ingested_at")


def now_ms() -> int:
    return int(time.time() * 1000)


def reading(user: str, metric: str, at_ms: int, *, device: str = "cuff-1", source: str = "sensed",
            reading_id: str | None = None, **values: Any) -> dict[str, Any]:
    value = dict.fromkeys(VALUE_FIELDS)
    value.update(values)
    return {"reading_id": reading_id or f"r-{uuid.uuid4().hex[:16]}", "user_id": user, "device_id": device,
            "metric": metric, "measured_at": at_ms, "utc_offset_min": -300, "source": source, "value": value,
            "flags": [], "channel": "http", "ingested_at": max(at_ms, now_ms())}


def send(*readings: dict[str, Any]) -> None:
    producer = EventProducer()
    for r in readings:
        producer.send(Topic.READINGS, r["user_id"], r)
    assert producer.flush(15) == 0


def anomalies_of(tail: Any, users: set[str], *, until: Any, timeout_s: float = 90.0) -> list[dict[str, Any]]:
    """Every anomaly of `users` seen until `until(anomalies)` holds (or the timeout)."""
    deadline = time.monotonic() + timeout_s
    while True:
        seen = [value for _p, key, value in tail.seen if key in users]
        if until(seen) or time.monotonic() > deadline:
            return seen
        tail.poll()


def by_id(anomalies: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Distinct anomalies by id; fails when two copies of one id differ (duplicates must be identical)."""
    distinct: dict[str, dict[str, Any]] = {}
    for anomaly in anomalies:
        first = distinct.setdefault(anomaly["anomaly_id"], anomaly)
        assert {f: first[f] for f in SAME_ON_REPLAY} == {f: anomaly[f] for f in SAME_ON_REPLAY}
    return distinct


def _start_group_at_the_end(group_id: str) -> None:
    """Commit the end of readings.v1 for a new group: the worker skips what other suites left in the shared
    topic (hundreds of thousands of records at times) and starts with the records these tests produce.
    Committed, not `auto.offset.reset=latest`: no race with the assignment, and a partition the worker has
    not processed yet still resumes from here after a SIGKILL."""
    from confluent_kafka import Consumer, TopicPartition

    from services.common.config import get_platform_settings

    consumer = Consumer({"bootstrap.servers": get_platform_settings().kafka_bootstrap, "group.id": group_id,
                         "enable.auto.commit": False})
    try:
        ends = []
        for partition in consumer.list_topics(Topic.READINGS.value, timeout=10).topics[Topic.READINGS].partitions:
            _low, high = consumer.get_watermark_offsets(TopicPartition(Topic.READINGS.value, partition), timeout=10)
            ends.append(TopicPartition(Topic.READINGS.value, partition, high))
        consumer.commit(offsets=ends, asynchronous=False)
    finally:
        consumer.close()


@pytest.fixture(scope="module")
def worker(services: Any) -> Any:
    """One anomaly worker for the module (the restart test kills and restarts it)."""
    _start_group_at_the_end(f"{GROUP}.{services.session}")  # the run id suffix, as the worker adds it
    proc, base_url = services.start("anomaly", WORKER, port_env=PORT_ENV, env={
        "HEARTWISE_ANOMALY_CONSUMER_GROUP": GROUP,
        "HEARTWISE_ANOMALY_HEARTBEAT_TOPIC": f"it.anomaly.heartbeat.{GROUP}",
        "HEARTWISE_ANOMALY_HEARTBEAT_INTERVAL_S": "5",
        # A SIGKILLed member leaves the group within 15 s (default 45 s); not shorter: on a loaded machine
        # a live member could miss its heartbeats and be evicted (a replay: duplicates, same ids).
        "HEARTWISE_ANOMALY_SESSION_TIMEOUT_MS": "15000",
    })
    proc.base_url = base_url
    yield proc
    proc.stop()
    _clean_up(GROUP)


def _clean_up(fragment: str) -> None:
    """Delete the topics (heartbeats, changelogs) and the consumer group this module's worker made."""
    from confluent_kafka.admin import AdminClient

    from services.common.config import get_platform_settings

    admin = AdminClient({"bootstrap.servers": get_platform_settings().kafka_bootstrap})
    names = [name for name in admin.list_topics(timeout=10).topics if fragment in name]
    for future in (admin.delete_topics(names, operation_timeout=30).values() if names else ()):
        future.result(30)
    groups = [g.group_id for g in admin.list_consumer_groups().result(10).valid if fragment in g.group_id]
    for future in (admin.delete_consumer_groups(groups).values() if groups else ()):
        future.result(15)


def test_crisis_blood_pressure_is_critical_and_high_heart_rate_is_flagged_for_review(worker, tail, user_id):
    anomalies = tail(Topic.ANOMALIES)
    t = now_ms() - 10 * MINUTE
    crisis = reading(user_id, "blood_pressure", t, systolic=250, diastolic=120, pulse=88)
    racing = reading(user_id, "heart_rate", t + MINUTE, device="watch-1", bpm=210)
    send(crisis, racing)

    seen = anomalies_of(anomalies, {user_id}, until=lambda s: len(by_id(s)) >= 2)
    found = {a["reading_id"]: a for a in by_id(seen).values()}
    assert set(found) == {crisis["reading_id"], racing["reading_id"]}
    bp = found[crisis["reading_id"]]
    assert (bp["kind"], bp["severity"], bp["category"], bp["metric"]) == (
        "threshold", "critical", "hypertensive_crisis", "blood_pressure")
    assert bp["disclaimer"] == DISCLAIMER
    assert bp["observed_value"] == 250.0
    assert (bp["measured_at"], bp["ingested_at"]) == (crisis["measured_at"], crisis["ingested_at"])
    hr = found[racing["reading_id"]]
    assert (hr["kind"], hr["severity"], hr["category"], hr["metric"]) == (
        "threshold", "review", "tachycardia", "heart_rate")
    assert hr["disclaimer"] == DISCLAIMER


def test_an_outlier_after_twelve_normal_readings_and_nothing_for_the_normal_ones(worker, tail, user_id):
    anomalies = tail(Topic.ANOMALIES)
    t = now_ms() - 60 * MINUTE
    normal = [reading(user_id, "blood_pressure", t + i * MINUTE, systolic=118 + i % 4, diastolic=76 + i % 3)
              for i in range(12)]
    high = reading(user_id, "blood_pressure", t + 20 * MINUTE, systolic=172, diastolic=78)
    send(*normal, high)

    seen = by_id(anomalies_of(anomalies, {user_id},
                              until=lambda s: any(a["kind"] == "outlier" for a in s)))
    [outlier] = [a for a in seen.values() if a["kind"] == "outlier"]
    assert outlier["reading_id"] == high["reading_id"]
    assert outlier["category"] == "systolic_above_baseline"
    assert outlier["severity"] in ("info", "review")
    assert 118 <= outlier["baseline_value"] <= 122
    # Nothing about the twelve normal readings (the high one is also stage 2: a threshold info anomaly).
    assert {a["reading_id"] for a in seen.values()} == {high["reading_id"]}


def test_two_devices_disagreeing_within_minutes_give_a_conflict(worker, tail, user_id):
    anomalies = tail(Topic.ANOMALIES)
    t = now_ms() - 30 * MINUTE
    first = reading(user_id, "blood_pressure", t, device="cuff-home", systolic=120, diastolic=78)
    second = reading(user_id, "blood_pressure", t + 2 * MINUTE, device="cuff-clinic", systolic=137, diastolic=79)
    send(first, second)

    seen = by_id(anomalies_of(anomalies, {user_id}, until=lambda s: len(s) >= 1))
    [conflict] = seen.values()
    assert (conflict["kind"], conflict["severity"], conflict["category"]) == ("conflict", "review",
                                                                              "readings_disagree")
    assert conflict["reading_id"] == second["reading_id"]
    assert "confirm" in conflict["message"]


def test_normal_readings_of_every_metric_raise_nothing(worker, tail, user_id):
    anomalies = tail(Topic.ANOMALIES)
    t = now_ms() - 120 * MINUTE
    normal = [
        reading(user_id, "blood_pressure", t, systolic=117, diastolic=75, pulse=64),
        reading(user_id, "heart_rate", t + MINUTE, device="watch-1", bpm=66),
        reading(user_id, "steps", t + 2 * MINUTE, device="watch-1", count=900, interval_s=900),
        reading(user_id, "weight", t + 3 * MINUTE, device="scale-1", kg=72.4),
        reading(user_id, "sleep", t + 4 * MINUTE, device="watch-1", duration_min=431.0, efficiency=0.9),
    ]
    # A crisis reading last: once its anomaly is out, every reading before it has been evaluated.
    sentinel = reading(user_id, "blood_pressure", t + 10 * MINUTE, systolic=240, diastolic=125)
    send(*normal, sentinel)

    seen = by_id(anomalies_of(anomalies, {user_id},
                              until=lambda s: any(a["reading_id"] == sentinel["reading_id"] for a in s)))
    assert {a["reading_id"] for a in seen.values()} == {sentinel["reading_id"]}


def test_a_poison_record_goes_to_the_dlq_and_the_worker_goes_on(worker, tail, user_id):
    dead_letters = tail(Topic.READINGS.dlq)
    anomalies = tail(Topic.ANOMALIES)
    garbage = b"\x00\x00\x00\x00\x07 definitely not a reading"
    producer = EventProducer()
    producer.send_raw(Topic.READINGS, user_id, garbage)
    producer.send_raw(Topic.READINGS, user_id, b"plain text, no wire format at all")
    after = reading(user_id, "blood_pressure", now_ms() - MINUTE, systolic=230, diastolic=110)
    producer.send(Topic.READINGS, user_id, after)
    assert producer.flush(15) == 0

    letters = dead_letters.wait_for(lambda key, value: key == user_id and value["consumer"] == GROUP,
                                    count=2, timeout_s=60)
    assert [letter["value"] for _p, _k, letter in letters] == [garbage, b"plain text, no wire format at all"]
    for _p, _k, letter in letters:
        assert letter["topic"] == Topic.READINGS
        assert letter["error"].startswith("undecodable: ")
        assert letter["key"] == user_id.encode()
    seen = by_id(anomalies_of(anomalies, {user_id}, until=lambda s: len(s) >= 1))
    assert [a["reading_id"] for a in seen.values()] == [after["reading_id"]]


def test_metrics_health_and_readiness(worker, tail, user_id):
    anomalies = tail(Topic.ANOMALIES)
    send(reading(user_id, "heart_rate", now_ms() - MINUTE, device="watch-1", bpm=215))
    anomalies_of(anomalies, {user_id}, until=lambda s: len(s) >= 1)
    base = worker.base_url
    assert httpx.get(f"{base}/healthz", timeout=5).json() == {"status": "ok"}
    ready = httpx.get(f"{base}/readyz", timeout=5)
    assert ready.status_code == 200 and ready.json()["checks"] == {"kafka": True, "consumer_group": True}
    deadline = time.monotonic() + 15  # consumer lag comes with librdkafka's next statistics (every 2 s)
    while True:
        metrics = httpx.get(f"{base}/metrics", timeout=5).text
        if "heartwise_anomaly_consumer_lag{" in metrics or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert 'heartwise_anomaly_anomalies_total{kind="threshold",severity="review"}' in metrics
    assert "heartwise_anomaly_processing_latency_seconds_count" in metrics
    assert 'heartwise_anomaly_consumer_lag{partition="0",topic="readings.v1"}' in metrics


def _expected_ids(sequences: dict[str, list[dict[str, Any]]]) -> set[str]:
    """The anomaly ids the pure domain gives for each user's readings in order (ids ignore stream time)."""
    ids: set[str] = set()
    for readings in sequences.values():
        state = None
        for r in readings:
            state, found = evaluate_reading(state, r, now_ms=r["measured_at"])
            ids.update(a["anomaly_id"] for a in found)
    return ids


def _story(user: str, start: int, n: int) -> list[dict[str, Any]]:
    """n BP readings a minute apart: normal, a crisis at 5, and an outlier at 22 (after 20 normal ones)."""
    out = []
    for i in range(n):
        systolic, diastolic = 118 + i % 5, 77 + i % 3
        if i == 5:
            systolic, diastolic = 250, 121
        elif i == 22:
            systolic, diastolic = 168, 80
        out.append(reading(user, "blood_pressure", start + i * MINUTE, systolic=systolic, diastolic=diastolic))
    return out


def test_sigkill_mid_stream_loses_no_anomaly_and_keeps_baselines(worker, tail, services):
    anomalies = tail(Topic.ANOMALIES)
    users = {f"it-kill-{uuid.uuid4().hex[:10]}" for _ in range(4)}
    start = now_ms() - 90 * MINUTE
    stories = {user: _story(user, start, 30) for user in users}
    expected = _expected_ids(stories)
    assert len(expected) >= 4 * 3  # per user: crisis, the stage-2 outlier reading's threshold + outlier

    send(*(r for user in users for r in stories[user][:10]))
    crises = {stories[user][5]["reading_id"] for user in users}
    anomalies_of(anomalies, users, until=lambda s: crises <= {a["reading_id"] for a in s}, timeout_s=120)
    time.sleep(2.5)  # a commit (every 1 s) covers these; what follows is in flight when the worker dies
    send(*(r for user in users for r in stories[user][10:15]))
    worker.kill()  # SIGKILL mid-stream: no final commit, no shutdown hook

    send(*(r for user in users for r in stories[user][15:]))  # produced while the worker is down
    worker.start()
    seen = anomalies_of(anomalies, users, until=lambda s: expected <= set(by_id(s)), timeout_s=120)
    distinct = by_id(seen)  # duplicates (a replay of uncommitted work) carry the same id and content
    assert set(distinct) == expected, "an anomaly was lost, or one appeared that the domain does not give"
    outliers = [a for a in distinct.values() if a["kind"] == "outlier"]
    assert {a["reading_id"] for a in outliers} == {stories[user][22]["reading_id"] for user in users}, \
        "the baselines built before the crash were not recovered"


def test_state_is_rebuilt_from_the_changelog_when_the_local_store_is_lost(worker, tail, services):
    anomalies = tail(Topic.ANOMALIES)
    user = f"it-wipe-{uuid.uuid4().hex[:10]}"
    story = _story(user, now_ms() - 80 * MINUTE, 30)
    send(*story[:20])  # 19 normal readings and a crisis: a baseline exists, no outlier yet
    crisis = story[5]["reading_id"]
    anomalies_of(anomalies, {user}, until=lambda s: any(a["reading_id"] == crisis for a in s))
    time.sleep(3)  # past a commit (1 s): the baseline is in the changelog topic
    worker.stop()
    state_dir = Path(worker.env["HEARTWISE_STATE_DIR"]) / "anomaly"
    shutil.rmtree(state_dir, ignore_errors=True)  # a new node: nothing local, only Kafka

    worker.start()
    send(*story[20:])
    outlier_reading = story[22]["reading_id"]
    seen = by_id(anomalies_of(anomalies, {user},
                              until=lambda s: any(a["kind"] == "outlier" for a in s), timeout_s=120))
    assert [a["reading_id"] for a in seen.values() if a["kind"] == "outlier"] == [outlier_reading]




def test_a_reading_posted_to_http_ingest_is_flagged(worker, tail, services, user_id):
    from services.common.auth import mint_dev_token

    _gateway, base_url = services.start("ingest-for-anomaly", "services.ingest.main", port_env="HEARTWISE_INGEST_PORT")
    anomalies = tail(Topic.ANOMALIES)
    token = mint_dev_token(sub=user_id, scopes=["readings:write"], device_id="cuff-1")
    reading_id = f"http-{uuid.uuid4().hex[:12]}"
    measured = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - 120))
    body = {"readings": [{"reading_id": reading_id, "user_id": user_id, "device_id": "cuff-1",
                          "metric": "blood_pressure", "measured_at": measured,
                          "value": {"systolic": 250, "diastolic": 120, "pulse": 90}, "source": "sensed"}]}
    reply = httpx.post(f"{base_url}/v1/readings", json=body, headers={"Authorization": f"Bearer {token}"},
                       timeout=15)
    assert reply.status_code == 202, reply.text
    assert reply.json()["accepted"] == [reading_id]

    seen = by_id(anomalies_of(anomalies, {user_id}, until=lambda s: len(s) >= 1))
    [anomaly] = seen.values()
    assert (anomaly["reading_id"], anomaly["severity"], anomaly["disclaimer"]) == (reading_id, "critical",
                                                                                   DISCLAIMER)
    assert anomaly["ingested_at"] is not None
