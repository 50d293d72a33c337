"""Prometheus metrics of the nudge engine, fed by the driver (readiness: `services.common.metrics.WorkerStatus`).

Per record the worker pays a counter increment; per nudge a counter and a histogram observation. Consumer
lag and the group/broker state come from librdkafka's statistics callback (every `stats_interval_ms`, on
the poll thread), so the hot path never asks the broker anything.
"""

from __future__ import annotations

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
