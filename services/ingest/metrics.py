"""Prometheus metrics of the ingest service (gateway, validator, sink), defined once.

Labels are low-cardinality on purpose: channel (http|fhir|raw_topic), reason code, HTTP status, consumer.
Produce failures are counted by the platform counter `heartwise_produce_failures_total{topic}`.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from services.common.metrics import latency_histogram

READINGS_ACCEPTED = Counter(
    "heartwise_ingest_readings_accepted_total", "Readings accepted and published to readings.v1", ["channel"])
READINGS_DUPLICATE = Counter(
    "heartwise_ingest_readings_duplicate_total", "Resent readings accepted without a second copy", ["channel"])
READINGS_REJECTED = Counter(
    "heartwise_ingest_readings_rejected_total", "Readings rejected, per reason code", ["channel", "reason"])
READING_WARNINGS = Counter(
    "heartwise_ingest_reading_warnings_total", "Warnings attached to accepted readings", ["channel", "code"])
REQUEST_LATENCY = latency_histogram(
    "heartwise_ingest_request_latency_seconds", "POST /v1/readings latency, by HTTP status", ("status",))
REQUESTS_REFUSED = Counter(
    "heartwise_ingest_requests_refused_total", "Whole requests refused, by HTTP status", ["status"])
DEPENDENCY_ERRORS = Counter(
    "heartwise_ingest_dependency_errors_total", "Kafka/Cassandra failures seen by ingest", ["dependency", "stage"])
CONSUMER_LAG = Gauge(
    "heartwise_ingest_consumer_lag", "Records behind the high watermark over the assignment", ["consumer"])
SINK_ROWS = Counter("heartwise_ingest_sink_rows_written_total", "Rows written to readings_by_user")
SINK_BATCH_SECONDS = Histogram(
    "heartwise_ingest_sink_batch_seconds", "Time to write one polled batch to Cassandra",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
