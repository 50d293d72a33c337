"""Prometheus metrics of the nudge engine, and its readiness, fed by the driver and librdkafka's statistics.

Per record the worker pays a counter increment; per nudge a counter and a histogram observation. Consumer
lag and the group/broker state come from librdkafka's statistics callback (every `stats_interval_ms`, on
the poll thread), so the hot path never asks the broker anything.
"""

from __future__ import annotations

import json
import time
from typing import Any

from prometheus_client import Counter, Gauge

from services.common.metrics import latency_histogram
from services.nudge_engine.domain.model import Nudge, Suppression

RECORDS = Counter("heartwise_nudge_records_total", "Input records handled by the nudge engine", ["topic"])
NUDGES = Counter("heartwise_nudge_nudges_total", "Nudges published to nudges.v1", ["trigger"])
SUPPRESSED = Counter(
    "heartwise_nudge_suppressed_total",
    "Fired nudges not delivered now, by policy reason (held ones included: quiet_hours_held, min_gap)",
    ["trigger", "reason"],
)
LATENCY = latency_histogram(
    "heartwise_nudge_reading_to_nudge_latency_seconds",
    "created_at − source_ingested_at of nudges published straight from the reading or anomaly that caused "
    "them (nudges held over quiet hours or a minimum gap are left out: their delay is the policy's)",
    ("trigger",),
)
CONSUMER_LAG = Gauge("heartwise_nudge_consumer_lag", "Records behind the high watermark, per assigned partition",
                     ["topic", "partition"])
STREAM_TIME = Gauge("heartwise_nudge_stream_time_ms",
                    "Stream time of a partition (ms): the clock inactivity and held nudges run on", ["partition"])
SWEPT = Counter("heartwise_nudge_due_swept_total", "Due-index entries taken by sweeps (each one user state read)")


class PrometheusObserver:
    """The driver's `Observer`: counts into the metrics above (label children cached)."""

    def __init__(self, heartbeat_topic: str | None = None) -> None:
        self._heartbeat_topic = heartbeat_topic
        self._records: dict[str, Any] = {}
        self._nudges: dict[str, Any] = {}
        self._suppressed: dict[tuple[str, str], Any] = {}
        self._latency: dict[str, Any] = {}
        self.last_heartbeat_at: float | None = None  # monotonic time of the last heartbeat handled

    def record(self, topic: str) -> None:
        if topic == self._heartbeat_topic:
            self.last_heartbeat_at = time.monotonic()
        counter = self._records.get(topic)
        if counter is None:
            counter = self._records[topic] = RECORDS.labels(topic)
        counter.inc()

    def delivered(self, nudge: Nudge, released: bool) -> None:
        trigger = nudge["trigger"]
        counter = self._nudges.get(trigger)
        if counter is None:
            counter = self._nudges[trigger] = NUDGES.labels(trigger)
            self._latency[trigger] = LATENCY.labels(trigger)
        counter.inc()
        source = nudge["source_ingested_at"]
        if source is not None and not released:
            self._latency[trigger].observe(max(0, nudge["created_at"] - source) / 1000)

    def suppressed(self, suppression: Suppression) -> None:
        labels = (suppression.trigger, suppression.reason)
        counter = self._suppressed.get(labels)
        if counter is None:
            counter = self._suppressed[labels] = SUPPRESSED.labels(*labels)
        counter.inc()

    def stream_time(self, partition: int, ms: int) -> None:
        STREAM_TIME.labels(str(partition)).set(ms)

    def swept(self, count: int) -> None:
        SWEPT.inc(count)

    def heartbeat_within(self, seconds: float) -> bool:
        """A heartbeat was handled lately: partitions assigned, state recovered, the loop turning."""
        return self.last_heartbeat_at is not None and time.monotonic() - self.last_heartbeat_at < seconds


class WorkerStatus:
    """Consumer lag, group membership and broker reachability, from librdkafka's statistics JSON."""

    def __init__(self, stale_after_s: float) -> None:
        self.stale_after_s = stale_after_s
        self._last_stats: float | None = None
        self._brokers_up = False
        self._group_up = False
        self._lag_labels: set[tuple[str, str]] = set()

    def on_stats(self, stats_json: str) -> None:
        stats: dict[str, Any] = json.loads(stats_json)
        self._last_stats = time.monotonic()
        self._brokers_up = any(
            broker.get("state") == "UP" for broker in stats.get("brokers", {}).values() if broker.get("nodeid", -1) >= 0
        )
        self._group_up = stats.get("cgrp", {}).get("state") == "up"
        seen: set[tuple[str, str]] = set()
        for topic, topic_stats in stats.get("topics", {}).items():
            if topic.startswith("changelog__"):
                continue  # state changelogs are read only while recovering
            for partition, p_stats in topic_stats.get("partitions", {}).items():
                lag = p_stats.get("consumer_lag", -1)
                if partition == "-1" or p_stats.get("fetch_state") != "active" or lag < 0:
                    continue
                labels = (topic, partition)
                CONSUMER_LAG.labels(*labels).set(lag)
                seen.add(labels)
        for labels in self._lag_labels - seen:  # revoked partitions stop reporting
            CONSUMER_LAG.remove(*labels)
        self._lag_labels = seen

    def _fresh(self) -> bool:
        return self._last_stats is not None and time.monotonic() - self._last_stats < self.stale_after_s

    def kafka_reachable(self) -> bool:
        return self._fresh() and self._brokers_up

    def group_joined(self) -> bool:
        return self._fresh() and self._group_up
