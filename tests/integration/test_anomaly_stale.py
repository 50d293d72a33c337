"""Stale data on the real stack: a silent user gets exactly one stale_data anomaly per episode, from stream
time that other users' readings move (simulated event time) or, on a quiet partition, from heartbeats.

Why each test runs its own worker on a private copy of readings.v1 (same schema, one partition, records
encoded with the registered readings.v1 schema id): the shared readings.v1 already holds other suites'
real-time readings, so its partitions' stream time is "now" and a simulated past cannot be isolated there,
and producing future-dated readings to it would fire other consumers' timers. The anomalies go to the real
anomalies.v1. Every topic a test makes (input, heartbeats, the worker's changelogs) is deleted after it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from confluent_kafka.admin import AdminClient, NewTopic

from services.anomaly.domain import DISCLAIMER
from services.common.config import get_platform_settings
from services.common.contracts import Topic
from services.common.kafka import AvroCodec, EventProducer

pytestmark = pytest.mark.usefixtures("stack")

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
HEARTBEAT_LAG_MS = HOUR  # the worker's default (HEARTWISE_ANOMALY_HEARTBEAT_LAG_MS)
VALUE_FIELDS = ("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min", "efficiency", "kg")


def now_ms() -> int:
    return int(time.time() * 1000)


def reading(user: str, metric: str, at_ms: int, device: str, **values: Any) -> dict[str, Any]:
    value = dict.fromkeys(VALUE_FIELDS)
    value.update(values)
    return {"reading_id": f"r-{uuid.uuid4().hex[:16]}", "user_id": user, "device_id": device, "metric": metric,
            "measured_at": at_ms, "utc_offset_min": 0, "source": "sensed", "value": value,
            "flags": ["late_data"], "channel": "http", "ingested_at": max(at_ms, now_ms())}


class PrivateReadings:
    """A one-partition copy of readings.v1 and a worker reading it (anomalies still go to anomalies.v1)."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self._codec = AvroCodec()
        self._producer = EventProducer(codec=self._codec)

    def send(self, *readings: dict[str, Any]) -> None:
        for r in readings:  # encoded with the readings.v1 subject's schema id, as ingest writes it
            self._producer.send_raw(self.topic, r["user_id"], self._codec.encode(Topic.READINGS, r))
        assert self._producer.flush(15) == 0


@pytest.fixture
def private_worker(services: Any) -> Iterator[Callable[..., PrivateReadings]]:
    admin = AdminClient({"bootstrap.servers": get_platform_settings().kafka_bootstrap})
    started: list[tuple[Any, str]] = []

    def start(name: str, *, heartbeat_interval_s: float, slot_ms: int = 60_000) -> PrivateReadings:
        tag = uuid.uuid4().hex[:10]
        topic = f"it.anomaly.readings.{tag}"
        for future in admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)]).values():
            future.result(30)
        proc, _url = services.start(name, "services.anomaly.worker", port_env="HEARTWISE_ANOMALY_HEALTH_PORT", env={
            "HEARTWISE_ANOMALY_READINGS_TOPIC": topic,
            "HEARTWISE_ANOMALY_HEARTBEAT_TOPIC": f"it.anomaly.heartbeat.{tag}",
            "HEARTWISE_ANOMALY_HEARTBEAT_INTERVAL_S": str(heartbeat_interval_s),
            "HEARTWISE_ANOMALY_CONSUMER_GROUP": f"anomaly-stale-{tag}",
            "HEARTWISE_ANOMALY_STALE_INDEX_SLOT_MS": str(slot_ms),
        })
        started.append((proc, tag))
        return PrivateReadings(topic)

    yield start
    for proc, tag in started:
        proc.stop()
        names = [name for name in admin.list_topics(timeout=10).topics if tag in name]
        for future in (admin.delete_topics(names, operation_timeout=30).values() if names else ()):
            future.result(30)
        groups = [g.group_id for g in admin.list_consumer_groups().result(10).valid if tag in g.group_id]
        for future in (admin.delete_consumer_groups(groups).values() if groups else ()):
            future.result(15)


def collect(tail: Any, users: set[str], until: Callable[[list[dict[str, Any]]], bool],
            timeout_s: float = 60.0, settle_s: float = 0.0) -> list[dict[str, Any]]:
    """Anomalies of `users` once `until` holds, plus whatever arrives in the next `settle_s` seconds."""
    deadline = time.monotonic() + timeout_s
    while not until([v for _p, k, v in tail.seen if k in users]) and time.monotonic() < deadline:
        tail.poll()
    settle = time.monotonic() + settle_s
    while time.monotonic() < settle:
        tail.poll()
    return [v for _p, k, v in tail.seen if k in users]


def stale(anomalies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct stale_data anomalies, in order. At-least-once: a replay (a rebalance on a loaded machine)
    may repeat one, and then every copy must be the same anomaly under the same id."""
    distinct: dict[str, dict[str, Any]] = {}
    for anomaly in anomalies:
        if anomaly["kind"] == "stale_data":
            first = distinct.setdefault(anomaly["anomaly_id"], anomaly)
            assert {k: v for k, v in first.items() if k != "detected_at"} == \
                {k: v for k, v in anomaly.items() if k != "detected_at"}
    return list(distinct.values())


def test_a_silent_user_goes_stale_once_while_others_keep_sending(private_worker, tail):
    readings = private_worker("anomaly-stale-traffic", heartbeat_interval_s=0)  # no heartbeats: traffic only
    anomalies = tail(Topic.ANOMALIES)
    silent, busy = f"it-silent-{uuid.uuid4().hex[:8]}", f"it-busy-{uuid.uuid4().hex[:8]}"
    base = (now_ms() - 30 * DAY) // MINUTE * MINUTE  # on a due-index slot boundary: due = slot exactly
    readings.send(reading(silent, "weight", base, "scale-1", kg=71.5))
    # The other user sends one reading a day; the silent one sends nothing.
    readings.send(*(reading(busy, "heart_rate", base + d * DAY, "watch-1", bpm=62 + d) for d in range(1, 11)))

    seen = collect(anomalies, {silent, busy}, until=lambda s: len(stale(s)) >= 1, settle_s=5)
    [first] = stale(seen)
    assert first["user_id"] == silent
    assert (first["severity"], first["category"], first["metric"]) == ("info", "no_recent_data", "weight")
    assert (first["reading_id"], first["observed_value"], first["ingested_at"]) == (None, None, None)
    assert first["measured_at"] == base
    # Fired by stream time, not the wall clock: exactly when the busy user's day-7 reading moved it there.
    assert first["detected_at"] == base + 7 * DAY
    assert first["disclaimer"] == DISCLAIMER
    assert "7 days" in first["message"]

    # The silent user comes back, then goes quiet again: a new episode, a second anomaly with a new id.
    readings.send(reading(silent, "weight", base + 11 * DAY, "scale-1", kg=71.0))
    readings.send(*(reading(busy, "heart_rate", base + d * DAY, "watch-1", bpm=60 + d) for d in range(12, 20)))
    seen = collect(anomalies, {silent, busy}, until=lambda s: len(stale(s)) >= 2, settle_s=5)
    first_again, second = stale(seen)
    assert first_again == first  # still exactly one for the first episode
    assert second["user_id"] == silent
    assert (second["measured_at"], second["detected_at"]) == (base + 11 * DAY, base + 18 * DAY)
    assert second["anomaly_id"] != first["anomaly_id"]
    assert not [a for a in seen if a["user_id"] == busy], "a user who keeps sending is never stale"


def test_heartbeats_move_a_partition_without_any_traffic(private_worker, tail):
    # One-second index slots, so the anomaly fires within a heartbeat or two of the due time.
    readings = private_worker("anomaly-stale-heartbeat", heartbeat_interval_s=1, slot_ms=1000)
    anomalies = tail(Topic.ANOMALIES)
    quiet = f"it-quiet-{uuid.uuid4().hex[:8]}"
    # Heartbeats hold stream time at (wall clock - lag). The reading arrives a little less than 7 days
    # older than that, so it is not stale on arrival (not a late backlog) and turns stale a few seconds on,
    # while nothing at all is sent on the partition.
    last = now_ms() - 7 * DAY - HEARTBEAT_LAG_MS + 8_000
    readings.send(reading(quiet, "blood_pressure", last, "cuff-1", systolic=121, diastolic=79, pulse=66))

    seen = collect(anomalies, {quiet}, until=lambda s: len(stale(s)) >= 1, settle_s=5)  # ≥ 5 more beats
    after = now_ms()
    [anomaly] = stale(seen)
    assert anomaly["measured_at"] == last
    # Stream time came from a heartbeat: its wall clock minus the allowed lateness.
    assert last + 7 * DAY <= anomaly["detected_at"] <= after - HEARTBEAT_LAG_MS
    assert {a["kind"] for a in seen} == {"stale_data"}
