"""Anomaly worker settings (env prefix `HEARTWISE_ANOMALY_`), read through the cached `get_settings()`.

Clinical numbers are not here: they live in `services.anomaly.domain.rules` (one place, sourced). These are
the operational knobs of the stream processor.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic_settings import SettingsConfigDict

from services.common.config import ServiceSettings
from services.common.contracts import Topic


class AnomalySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="HEARTWISE_ANOMALY_", env_file=".env", extra="ignore")

    service_name: str = "anomaly"
    # Base consumer group; `platform.consumer_group()` suffixes the run id (tests, demo).
    consumer_group: str = "anomaly"

    # /healthz /readyz /metrics (DESIGN.md: 6066). 0.0.0.0 in a container, loopback on a laptop.
    health_host: str = "127.0.0.1"
    health_port: int = 6066

    # Input and output topics. The contract topics by default; a private copy with the same schema and
    # partition count may be named instead (benchmarks, isolated tests, a replay into a scratch topic).
    readings_topic: str = Topic.READINGS.value
    anomalies_topic: str = Topic.ANOMALIES.value
    # A fresh consumer group starts at the beginning of readings.v1 (7 days retained): that rebuilds
    # baselines and staleness for every user active this week.
    auto_offset_reset: Literal["earliest", "latest"] = "earliest"
    # Offsets and state commit at most this far apart (seconds); at-least-once replays at most this much.
    commit_interval_s: float = 1.0
    # How long the group waits for a crashed instance before its partitions move (librdkafka default).
    session_timeout_ms: int = 45_000

    # --- Stale-data timers (see services/anomaly/processor.py for the mechanism) ---
    # Service-internal topic with one heartbeat record per partition per interval, co-partitioned with
    # readings.v1, so a partition without any reading still moves its stream time.
    heartbeat_topic: str = "heartwise.anomaly.heartbeat"
    # Seconds between heartbeats; 0 stops producing them (the topic is still read: the topology, and so
    # the state store names, must not depend on this knob). Stale data is a 7-day rule: a minute is plenty.
    heartbeat_interval_s: float = 60.0
    # A heartbeat moves stream time to (wall clock − this). Allowed lateness: readings measured up to an
    # hour before they reach Kafka (a phone syncing a cuff) never look newer than the heartbeat's clock.
    heartbeat_lag_ms: int = 3_600_000
    # Granularity of the due-time index: a stale_data anomaly fires within one slot after the 7 days, and
    # a partition is swept about once per slot of stream time (a few range reads). A minute.
    stale_index_slot_ms: int = 60_000

    # Users per partition whose state the worker keeps in memory as it last read or wrote it (valid while it
    # owns the partition), so a reading of a user seen lately skips the RocksDB read and JSON decode. A few
    # KB each; a full cache is emptied and refills. 0 turns it off (every reading reads the store). Off by
    # default: A/B runs of loadtest/anomaly_bench.py on the shared 2-core VM showed no gain (retained states
    # make the cyclic GC's full collections longer); turn on where users send many readings between moves.
    state_cache_users: int = 0

    # librdkafka statistics (consumer lag, broker and group state for /readyz and /metrics), milliseconds.
    stats_interval_ms: int = 2_000
    # /readyz is 503 when no statistics arrived for this long (the poll loop is stuck or gone).
    stats_stale_after_s: float = 30.0


@lru_cache(maxsize=1)
def get_settings() -> AnomalySettings:
    return AnomalySettings()
