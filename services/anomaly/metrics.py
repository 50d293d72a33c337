"""Prometheus metrics of the anomaly worker, and its readiness, fed by librdkafka's statistics.

Per reading the worker pays one histogram observation (its `_count` is the number of readings evaluated,
so there is no separate per-reading counter); consumer lag and the
group/broker state come from librdkafka's statistics callback (every `stats_interval_ms`, on the poll
thread), so the hot path never asks the broker anything.
"""

from __future__ import annotations

import json
import time
from typing import Any

from prometheus_client import Counter, Gauge

from services.common.metrics import latency_histogram

ANOMALIES = Counter("heartwise_anomaly_anomalies_total", "Anomalies published to anomalies.v1",
                    ["kind", "severity"])
PROCESSING_LATENCY = latency_histogram(
    "heartwise_anomaly_processing_latency_seconds",
    "Wall clock when the anomaly worker evaluates a reading minus the reading's ingested_at "
    "(_count: readings evaluated)",
)
CONSUMER_LAG = Gauge("heartwise_anomaly_consumer_lag", "Records behind the high watermark, per assigned partition",
                     ["topic", "partition"])
STREAM_TIME = Gauge("heartwise_anomaly_stream_time_ms",
                    "Stream time of a partition (ms): the clock the stale-data timers run on", ["partition"])
STALE_SWEPT = Counter("heartwise_anomaly_stale_index_swept_total",
                      "Due-index entries examined by stale-data sweeps (each one user state read)")


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
