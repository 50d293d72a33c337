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
- Undecodable or unprocessable input goes to `<topic>.dlq` and the worker goes on (`adapters/dead_letters.py`).
- `/healthz`, `/readyz`, `/metrics` on HEARTWISE_NUDGE_HEALTH_PORT (6067): nudges by trigger, suppressed
  by trigger and reason, reading→nudge latency, consumer lag, stream time (`metrics.py`).
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quixstreams import Application, message_context
from quixstreams.models import TopicConfig
from quixstreams.models.topics import Topic as QuixTopic

from services.common.config import PlatformSettings
from services.common.contracts import Topic, load_topics
from services.common.flags import FlagStore
from services.common.health import serve_health_in_thread
from services.common.logging import configure_logging, get_logger
from services.common.streams import build_application, contract_topic
from services.nudge_engine.adapters.avro import ContractAvroDeserializer
from services.nudge_engine.adapters.dead_letters import DeadLetters
from services.nudge_engine.adapters.driver import DriverConfig, NudgeDriver, PoisonHandler
from services.nudge_engine.adapters.flags import trigger_gate
from services.nudge_engine.adapters.heartbeat import Heartbeat
from services.nudge_engine.adapters.quix_state import QuixPartitionStores
from services.nudge_engine.config import NudgeSettings, get_settings
from services.nudge_engine.domain.model import Nudge
from services.nudge_engine.metrics import PrometheusObserver, WorkerStatus

log = get_logger(__name__)

# Heartbeats only matter until processed: an hour of them is plenty for a restart or a slow rebalance.
HEARTBEAT_RETENTION_MS = 3_600_000
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


def input_topic(app: Application, topic: Topic, platform: PlatformSettings) -> QuixTopic:
    """A contract input topic: string key (user id), Avro value, partitions/config from topics.yaml."""
    spec = load_topics()[topic]
    return app.topic(topic.value, value_deserializer=ContractAvroDeserializer(topic, platform),
                     key_deserializer="str",
                     config=TopicConfig(num_partitions=spec.partitions, replication_factor=spec.replication_factor,
                                        extra_config=dict(spec.config)))


def heartbeat_topic(app: Application, name: str, like: QuixTopic) -> QuixTopic:
    """The service-internal heartbeat topic, with the partition count of the inputs (co-partitioned)."""
    config = like.broker_config
    topic = app.topic(name, value_deserializer="json", key_deserializer="bytes", config=TopicConfig(
        num_partitions=config.num_partitions, replication_factor=config.replication_factor,
        extra_config={"cleanup.policy": "delete", "retention.ms": str(HEARTBEAT_RETENTION_MS)}))
    if topic.broker_config.num_partitions != config.num_partitions:
        raise RuntimeError(f"{name} must have the {config.num_partitions} partitions of {like.name}")
    return topic


def create_app(settings: NudgeSettings | None = None, **app_overrides: Any) -> NudgeWorker:
    """Build the Quix Streams application and its pipeline (nothing runs until `app.run()`)."""
    settings = settings or get_settings()
    platform = settings.platform
    group = platform.consumer_group(settings.consumer_group)
    status = WorkerStatus(settings.stats_stale_after_s)
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
    readings = input_topic(app, Topic.READINGS, platform)
    nudges = contract_topic(app, Topic.NUDGES.value, output=True, settings=platform)

    # The pipeline: four co-partitioned inputs, time-aligned → one step with per-user state → nudges.v1.
    sdf = (app.dataframe(readings)
           .concat(app.dataframe(input_topic(app, Topic.ANOMALIES, platform)))
           .concat(app.dataframe(input_topic(app, Topic.PREFERENCES, platform)))
           .concat(app.dataframe(heartbeat_topic(app, settings.heartbeat_topic, like=readings))))
    observer = PrometheusObserver(settings.heartbeat_topic)
    flags = FlagStore(platform)
    driver = NudgeDriver(
        DriverConfig(settings.triggers(), settings.policy(), settings.experiment_config(),
                     max_future_skew_ms=settings.max_future_skew_ms, heartbeat_lag_ms=settings.heartbeat_lag_ms,
                     due_batch_max=settings.due_batch_max, trigger_enabled=trigger_gate(flags)),
        QuixPartitionStores(sdf), observer, on_poison=_dead_letter_decoded(dead_letters),
    )

    def step(value: Any, key: Any, _timestamp: int, _headers: Any) -> list[Nudge]:
        context = message_context()
        return driver.process(context.topic, context.partition, key, value)

    sdf.apply(step, metadata=True, expand=True).to_topic(nudges, key=nudge_key)

    heartbeat = Heartbeat(settings.heartbeat_topic, readings.broker_config.num_partitions or 0,
                          settings.heartbeat_interval_s, platform)
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
    configure_logging(settings.platform.log_level, settings.platform.log_json)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per registry lookup otherwise
    worker = create_app(settings)
    health = serve_health_in_thread(settings.health_port, readiness_checks(settings, worker),
                                    host=settings.health_host)
    worker.heartbeat.start()
    worker.flags.start()
    log.info("nudge_engine_started", health_port=settings.health_port, heartbeat_s=settings.heartbeat_interval_s,
             kill_switch=settings.kill_switch, experiment=settings.experiment)
    try:
        worker.app.run()  # SIGTERM/SIGINT stop it gracefully with a final commit
    finally:
        worker.flags.stop()
        worker.heartbeat.stop()
        worker.dead_letters.close()
        health.shutdown()


if __name__ == "__main__":
    main()
