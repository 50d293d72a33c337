"""Prometheus helpers: one naming scheme (`heartwise_<service>_...`) and latency buckets that fit the SLOs."""

from __future__ import annotations

from prometheus_client import Histogram

# Seconds. Dense below 0.5 s (reading→nudge p99 budget) and up to 5 s (chat p95 target is 2 s).
LATENCY_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.0, 3.0, 5.0, 10.0)


def latency_histogram(name: str, documentation: str, labelnames: tuple[str, ...] = ()) -> Histogram:
    return Histogram(name, documentation, labelnames, buckets=LATENCY_BUCKETS_S)
