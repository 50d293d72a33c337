"""Audit service settings (env prefix `HEARTWISE_AUDIT_`), read through the cached `get_settings()`."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.common.config import ServiceSettings

# HIPAA 45 CFR 164.316(b)(2): documentation (incl. audit records) retained 6 years; we keep 7 like the
# medical record, as 7 x 365.2425 days in seconds (the same number as the readings tables' TTL).
AUDIT_RETENTION_S = 220_898_482


class AuditSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="HEARTWISE_AUDIT_", env_file=".env", extra="ignore")

    service_name: str = "audit"

    # The query API (`python -m services.audit.main`).
    host: str = "127.0.0.1"
    port: int = 8005
    # Health, readiness and metrics of the worker (`python -m services.audit.worker`).
    worker_health_port: int = 6065
    worker_health_host: str = "127.0.0.1"

    consumer_group: str = "audit"  # the platform appends the run id (tests, demo)
    batch_size: int = Field(default=500, ge=1, le=10_000)
    # Upper bound of one conditional (LWT) batch appended to a chain. Cassandra's default
    # batch_size_fail_threshold is 50 KiB; the local stack raises the warn threshold to 64 KiB.
    append_batch_max_bytes: int = Field(default=48 * 1024, ge=4 * 1024)
    # On assignment, the worker reloads heads and repairs unanchored tails of this many recent UTC days
    # (a crash leaves at most the in-flight batch unanchored; 7 = readings.v1 retention, beyond which the
    # uncommitted records are gone from Kafka anyway).
    reload_days: int = Field(default=7, ge=1, le=60)
    birth_year_cache_size: int = Field(default=100_000, ge=100)

    # Query API limits: a bounded window and page keep every request to a bounded number of partitions.
    query_default_window_s: int = 24 * 3600
    query_max_days: int = Field(default=31, ge=1)
    query_default_limit: int = 100
    query_max_limit: int = 1000
    verify_default_days: int = Field(default=7, ge=1)
    verify_max_days: int = Field(default=31, ge=1)
    # Reading the log must itself be audited: wait this long for the broker to take the access event,
    # and refuse the read (503) if it doesn't.
    access_audit_timeout_s: float = 5.0


@lru_cache(maxsize=1)
def get_settings() -> AuditSettings:
    return AuditSettings()
