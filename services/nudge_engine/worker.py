"""Nudge-engine worker: `python -m services.nudge_engine.worker`.

readings.v1 + anomalies.v1 + preferences.v1 (compacted) + the worker's heartbeat topic, all co-partitioned
(6 partitions, murmur2 on the user id) and concatenated into ONE stream with one state value per user →
one step over the pure domain (`adapters/driver.py` → `domain/engine.py`) → nudges.v1, keyed by user id.

- Timers (inactivity after 48 h, nudges held over quiet hours) fire on partition stream time from a durable
  due-time index, moved by every user's traffic and a heartbeat per partition: `adapters/driver.py`.
- At-least-once: offsets commit after the nudges and the state changelogs are flushed; nudge ids are
  deterministic (user, trigger, window), so a replay after a crash repeats a nudge with the same id, which
  consumers drop. Exactly-once would hold every nudge until its transaction commits (the 500 ms budget).
- Restart-safe: state lives in RocksDB stores with changelog topics (`adapters/quix_state.py`), recovered
  with the partition after a crash or a rebalance.
- Undecodable or unprocessable input goes to `<topic>.dlq` and the worker goes on (`services/common/dead_letters.py`).
- `/healthz`, `/readyz`, `/metrics` on HEARTWISE_NUDGE_HEALTH_PORT (6067): nudges by trigger, suppressed
  by trigger and reason, reading→nudge latency, consumer lag, stream time (`metrics.py`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quixstreams import Application, message_context

from services.common.contracts import Topic
from services.common.dead_letters import DeadLetters
from services.common.flags import FlagStore
from services.common.heartbeat import Heartbeat, heartbeat_topic
from services.common.metrics import WorkerStatus
from services.common.streams import build_application, configure_worker_logging, contract_topic, run_worker
from services.nudge_engine.adapters.driver import DriverConfig, NudgeDriver, PoisonHandler
from services.nudge_engine.adapters.flags import trigger_gate
from services.nudge_engine.adapters.quix_state import QuixPartitionStores
from services.nudge_engine.config import NudgeSettings, get_settings
from services.nudge_engine.domain.model import Nudge
from services.nudge_engine.metrics import CONSUMER_LAG, PrometheusObserver

nudge_key = operator.itemgetter("user_id")  # nudges.v1 is keyed by user id, like everything else


@dataclass
class NudgeWorker:
    app: Application
    driver: NudgeDriver
    observer: PrometheusObserver
    status: WorkerStatus
    dead_letters: DeadLetters
    heartbeat: Heartbeat
    flags: FlagStore  # started in main(); until it has read flags.v1 the code defaults answer


def create_app(settings: NudgeSettings | None = None, **app_overrides: Any) -> NudgeWorker:
    """Build the Quix Streams application and its pipeline (nothing runs until `app.run()`)."""
    settings = settings or get_settings()
    platform = settings.platform
    group = platform.consumer_group(settings.consumer_group)
    status = WorkerStatus(settings.stats_stale_after_s, CONSUMER_LAG)
    dead_letters = DeadLetters(group, platform)
    app = build_application(
        group, Path(platform.state_dir) / "nudge-engine", settings=platform,
        commit_interval_s=settings.commit_interval_s, auto_offset_reset=settings.auto_offset_reset,
        consumer_poll_timeout=settings.poll_timeout_s, on_consumer_error=dead_letters.on_consumer_error,
        consumer_extra_config={
            "statistics.interval.ms": settings.stats_interval_ms, "stats_cb": status.on_stats,
            # The broker answers one connection's requests in order: an idle fetch parked for librdkafka's
            # default 500 ms holds up the offset and watermark queries behind it (assignment, recovery).
            "fetch.wait.max.ms": settings.fetch_wait_max_ms,
        },
        **app_overrides,
    )
    readings = contract_topic(app, Topic.READINGS, settings=platform)
    nudges = contract_topic(app, Topic.NUDGES, output=True, settings=platform)

    # The pipeline: four co-partitioned inputs, time-aligned → one step with per-user state → nudges.v1.
    sdf = (app.dataframe(readings)
           .concat(app.dataframe(contract_topic(app, Topic.ANOMALIES, settings=platform)))
           .concat(app.dataframe(contract_topic(app, Topic.PREFERENCES, settings=platform)))
           .concat(app.dataframe(heartbeat_topic(app, settings.heartbeat_topic, like=readings))))
    observer = PrometheusObserver(settings.heartbeat_topic)
    flags = FlagStore(platform)
    driver = NudgeDriver(
        DriverConfig(settings.triggers(), settings.policy(), settings.experiment_config(),
                     max_future_skew_ms=settings.max_future_skew_ms, heartbeat_lag_ms=settings.heartbeat_lag_ms,
                     due_batch_max=settings.due_batch_max, trigger_enabled=trigger_gate(flags)),
        QuixPartitionStores(sdf, cache_users=settings.state_cache_users), observer,
        on_poison=_dead_letter_decoded(dead_letters),
    )

    def step(value: Any, key: Any, _timestamp: int, _headers: Any) -> list[Nudge]:
        context = message_context()
        return driver.process(context.topic, context.partition, key, value)

    sdf.apply(step, metadata=True, expand=True).to_topic(nudges, key=nudge_key)

    heartbeat = Heartbeat(settings.heartbeat_topic, readings.broker_config.num_partitions or 0,
                          settings.heartbeat_interval_s, platform, thread_name="nudge-heartbeat")
    return NudgeWorker(app, driver, observer, status, dead_letters, heartbeat, flags)


def _dead_letter_decoded(dead_letters: DeadLetters) -> PoisonHandler:
    def on_poison(topic: str, partition: int, key: Any, value: Any, error: Exception) -> None:
        dead_letters.send_decoded(topic, partition, message_context().offset, key, value,
                                  f"unprocessable: {type(error).__name__}")
    return on_poison


def readiness_checks(settings: NudgeSettings, worker: NudgeWorker) -> dict[str, Callable[[], bool]]:
    checks: dict[str, Callable[[], bool]] = {
        "kafka": worker.status.kafka_reachable, "consumer_group": worker.status.group_joined}
    if worker.heartbeat.enabled:
        # Our own heartbeat came back through Kafka and the loop: assigned, recovered, turning.
        window = max(3 * settings.heartbeat_interval_s, settings.stats_stale_after_s)
        checks["stream_time"] = lambda: worker.observer.heartbeat_within(window)
    return checks


def main() -> None:
    settings = get_settings()
    configure_worker_logging(settings.platform)
    worker = create_app(settings)
    run_worker(worker.app, health_port=settings.health_port, health_host=settings.health_host,
               checks=readiness_checks(settings, worker), background=[worker.heartbeat, worker.flags],
               dead_letters=worker.dead_letters, started_event="nudge_engine_started",
               heartbeat_s=settings.heartbeat_interval_s, kill_switch=settings.kill_switch,
               experiment=settings.experiment)


if __name__ == "__main__":
    main()
