"""Ingest settings (env prefix `HEARTWISE_INGEST_`), read through the cached `get_settings()`."""

from __future__ import annotations

from functools import lru_cache

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from services.common.config import ServiceSettings


class IngestSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="HEARTWISE_INGEST_", env_file=".env", extra="ignore")

    service_name: str = "ingest"

    # --- HTTP gateway (python -m services.ingest.main) ---
    host: str = "127.0.0.1"
    port: int = 8001
    # DESIGN.md "Readings": a request body carries up to 500 readings; more is 413.
    max_readings_per_request: int = 500
    # 1 MiB: 500 plain readings are ~130 KB of JSON; a FHIR Bundle of 500 Observations ~800 KB. Anything
    # larger is refused with 413 before it is parsed (a JSON parse of a huge body is the cheap DoS).
    max_body_bytes: int = 1_048_576
    # The plan: 1000 requests/s per user (a device or app gone haywire must not starve everyone else).
    # Bucket capacity = one second of the rate, so a short burst after a reconnect is not refused.
    user_requests_per_s: float = 1000.0
    user_burst: float = 1000.0
    # Buckets of users idle for longer than a full refill are dropped; this bounds the table's memory.
    throttle_max_users: int = 200_000
    # How long the broker has to acknowledge a produced batch before the request fails with 503
    # (librdkafka message.timeout.ms: after it a record is reported failed, never silently retried later).
    produce_timeout_s: float = 10.0
    # Idempotency lookups (Cassandra reading_ids, written by the sink) on the request path.
    dedup_timeout_s: float = 3.0
    # Recently accepted (user, reading_id) kept in memory, covering the window before the sink stores the
    # key (its lag); ~200 bytes each, so 200k entries ~40 MB. At 20,000 readings/s that is the last 10 s.
    recent_ids_capacity: int = 200_000

    # Benchmarks only: appended to every topic name ingest reads or writes (e.g. ".bench-1a2b"), so a load test
    # floods throwaway topics, not the shared ones every other service's tests replay. Schemas (registry
    # subjects) stay those of the contract topics. Empty in every real deployment.
    topic_suffix: str = ""

    # A crashed validator/sink's partitions move to a live one after this (Kafka's default is 45 s; the
    # broker's group.min.session.timeout.ms is 6 s). 10 s: prompt failover without flapping on a GC pause.
    consumer_session_timeout_ms: int = 10_000

    # --- raw-topic validator (python -m services.ingest.validator) ---
    validator_health_port: int = 6061
    validator_batch_size: int = 200

    # --- Cassandra sink (python -m services.ingest.sink) ---
    sink_health_port: int = 6062
    sink_batch_size: int = 2000  # records per poll of readings.v1
    # Rows per UNLOGGED batch statement (one partition each). Cassandra's default batch_size_warn_threshold
    # is 5 KiB (~30 of our rows) and fail 50 KiB (~300 rows); deploy/local raises them to 64/640 KiB.
    # 100 rows (~15 KB) stays far from the fail threshold everywhere; raise the warn threshold with it.
    sink_rows_per_statement: int = 100
    # Statements in flight per sink process (execute_async), bounded so a backlog cannot flood Cassandra.
    sink_concurrency: int = 32

    @model_validator(mode="after")
    def _no_bench_topics_in_production(self) -> IngestSettings:
        if self.topic_suffix and self.platform.is_production:
            raise ValueError("HEARTWISE_INGEST_TOPIC_SUFFIX is for benchmarks; it must be empty in production")
        return self


@lru_cache(maxsize=1)
def get_settings() -> IngestSettings:
    return IngestSettings()
