"""Nudge-engine settings (env prefix `HEARTWISE_NUDGE_`), read through the cached `get_settings()`.

The trigger and policy numbers are not repeated here: their defaults (the plan's, each with its source)
live once in `domain/params.py`. `trigger_params` / `policy_params` override any of them by field name,
as JSON, e.g. `HEARTWISE_NUDGE_TRIGGER_PARAMS='{"inactivity_ms": 172800000}'`; an unknown name or a
wrong type stops the worker at start-up instead of being ignored.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from services.common.config import ServiceSettings
from services.nudge_engine.domain.model import TRIGGERS
from services.nudge_engine.domain.params import (
    DEFAULT_POLICY_PARAMS,
    DEFAULT_TRIGGER_PARAMS,
    PolicyParams,
    TriggerParams,
)
from services.nudge_engine.domain.personalise import Experiment


class NudgeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="HEARTWISE_NUDGE_", env_file=".env", extra="ignore")

    service_name: str = "nudge-engine"
    # Base consumer group; `platform.consumer_group()` suffixes the run id (tests, demo).
    consumer_group: str = "nudge-engine"

    # /healthz /readyz /metrics (DESIGN.md: 6067). 0.0.0.0 in a container, loopback on a laptop.
    health_host: str = "127.0.0.1"
    health_port: int = 6067

    # A fresh consumer group starts at the beginning: preferences.v1 is compacted (every user's snapshot
    # is there), and a week of readings rebuilds the 7-day BP baselines, sleep runs and activity clocks.
    auto_offset_reset: Literal["earliest", "latest"] = "earliest"
    # Offsets and state commit at most this far apart (seconds); at-least-once replays at most this much.
    commit_interval_s: float = 1.0
    # Longest wait of one consumer fetch when nothing arrives. Quix Streams asks librdkafka for a full
    # batch, which waits this long on a quiet topic: it bounds the latency a lone reading can pick up.
    poll_timeout_s: float = 0.02
    # How long the broker may park an empty fetch (librdkafka `fetch.wait.max.ms`, default 500).
    fetch_wait_max_ms: int = 50
    # Users per partition whose state value the worker keeps in memory as it last read or wrote it (valid
    # while it owns the partition), so a record of a user seen lately skips the RocksDB read and JSON decode.
    # A few KB each; a full cache is emptied and refills. 0 turns it off (every record reads the store).
    # Off by default until measured on a quiet machine (see the anomaly worker's knob of the same name).
    state_cache_users: int = 0

    # --- Timers on stream time (see adapters/driver.py for the mechanism) ---
    # Service-internal topic, co-partitioned with the inputs, with one heartbeat record per partition per
    # interval, so a partition without any traffic still moves its stream time.
    heartbeat_topic: str = "heartwise.nudge-engine.heartbeat"
    # Seconds between heartbeats; 0 stops producing them (the topic is still read, so the topology and
    # its state stores do not depend on this knob). Quiet hours end on a minute: 5 s is fine-grained enough.
    heartbeat_interval_s: float = 5.0
    # A heartbeat moves stream time to (its wall clock − this): allowed lateness, so a step reading synced a
    # little late from a watch is processed before a heartbeat could declare the user inactive.
    heartbeat_lag_ms: int = 60_000
    # Event time of a reading is measured_at, but never more than this after its ingested_at: one device
    # with a clock running ahead must not pull the whole partition's stream time into the future.
    max_future_skew_ms: int = 300_000
    # Due users handled per input record at most; the rest follow with the next records (bounds the
    # latency a catch-up sweep can add to the record that triggered it).
    due_batch_max: int = 200

    # --- Delivery policy switches ---
    # Global kill switch: every fired nudge is dropped and counted as suppressed{reason="kill_switch"}.
    kill_switch: bool = False
    # Per-trigger kill switch, comma-separated trigger names (e.g. "inactivity,stale_data").
    killed_triggers: str = ""

    # --- A/B experiment on the nudge copy (personalise.Experiment); no name = no experiment ---
    experiment: str | None = None
    experiment_variants: str = "brief"  # comma-separated treatment arms (personalise.VARIANTS)
    experiment_rollout_pct: float = Field(default=50.0, ge=0, le=100)

    # --- Overrides of domain/params.py, by field name (JSON objects) ---
    trigger_params: dict[str, Any] = Field(default_factory=dict)
    policy_params: dict[str, Any] = Field(default_factory=dict)

    # librdkafka statistics (consumer lag, broker and group state for /readyz and /metrics), milliseconds.
    stats_interval_ms: int = 2_000
    # /readyz is 503 when no statistics arrived for this long (the poll loop is stuck or gone).
    stats_stale_after_s: float = 30.0

    @field_validator("killed_triggers")
    @classmethod
    def _known_triggers(cls, value: str) -> str:
        unknown = set(_split(value)) - set(TRIGGERS)
        if unknown:
            raise ValueError(f"unknown triggers {sorted(unknown)}; known: {list(TRIGGERS)}")
        return value

    @model_validator(mode="after")
    def _params_build(self) -> NudgeSettings:
        # Build everything once so a bad override fails at start-up, with the field named.
        self.triggers()
        self.policy()
        self.experiment_config()
        return self

    def triggers(self) -> TriggerParams:
        return _replace(DEFAULT_TRIGGER_PARAMS, self.trigger_params, "trigger_params")

    def policy(self) -> PolicyParams:
        params = _replace(DEFAULT_POLICY_PARAMS, self.policy_params, "policy_params")
        killed = frozenset(params.killed_triggers) | frozenset(_split(self.killed_triggers))
        return dataclasses.replace(params, kill_switch=params.kill_switch or self.kill_switch,
                                   killed_triggers=killed)

    def experiment_config(self) -> Experiment | None:
        if not self.experiment:
            return None
        return Experiment(self.experiment, tuple(_split(self.experiment_variants)), self.experiment_rollout_pct)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _replace(defaults: Any, overrides: dict[str, Any], setting: str) -> Any:
    names = {f.name: f for f in dataclasses.fields(defaults)}
    unknown = set(overrides) - set(names)
    if unknown:
        raise ValueError(f"{setting}: unknown fields {sorted(unknown)}")
    typed: dict[str, Any] = {}
    for name, value in overrides.items():
        current = getattr(defaults, name)
        if isinstance(current, frozenset):
            value = frozenset(value)
        elif isinstance(current, bool) != isinstance(value, bool) or not isinstance(value, type(current) | int):
            raise ValueError(f"{setting}: {name} must be a {type(current).__name__}, got {value!r}")
        typed[name] = type(current)(value) if isinstance(current, float) else value
    return dataclasses.replace(defaults, **typed)


@lru_cache(maxsize=1)
def get_settings() -> NudgeSettings:
    return NudgeSettings()
