"""Prometheus helpers: one naming scheme (`heartwise_<service>_...`) and latency buckets that fit the SLOs;
the stream workers' consumer status (lag gauge, readiness) from librdkafka's statistics."""

from __future__ import annotations

import json
import time
from typing import Any

from prometheus_client import Gauge, Histogram

# Seconds. Dense below 0.5 s (reading→nudge p99 budget) and up to 5 s (chat p95 target is 2 s).
LATENCY_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.0, 3.0, 5.0, 10.0)


def latency_histogram(name: str, documentation: str, labelnames: tuple[str, ...] = ()) -> Histogram:
    return Histogram(name, documentation, labelnames, buckets=LATENCY_BUCKETS_S)


class WorkerStatus:
    """Consumer lag, group membership and broker reachability, from librdkafka's statistics JSON.

    Fed by the statistics callback (every `statistics.interval.ms`, on the poll thread), so the hot path
    never asks the broker anything. `lag_gauge` is the service's own `<service>_consumer_lag{topic,partition}`.
    """

    def __init__(self, stale_after_s: float, lag_gauge: Gauge) -> None:
        self.stale_after_s = stale_after_s
        self._lag = lag_gauge
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
                self._lag.labels(*labels).set(lag)
                seen.add(labels)
        for labels in self._lag_labels - seen:  # revoked partitions stop reporting
            self._lag.remove(*labels)
        self._lag_labels = seen

    def _fresh(self) -> bool:
        return self._last_stats is not None and time.monotonic() - self._last_stats < self.stale_after_s

    def kafka_reachable(self) -> bool:
        return self._fresh() and self._brokers_up

    def group_joined(self) -> bool:
        return self._fresh() and self._group_up
