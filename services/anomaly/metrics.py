"""Prometheus metrics of the anomaly worker (its readiness: `services.common.metrics.WorkerStatus`).

Per reading the worker pays one histogram observation (its `_count` is the number of readings evaluated,
so there is no separate per-reading counter); consumer lag and the
group/broker state come from librdkafka's statistics callback (every `stats_interval_ms`, on the poll
thread), so the hot path never asks the broker anything.
"""

from __future__ import annotations

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
