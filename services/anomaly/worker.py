"""Anomaly worker: `python -m services.anomaly.worker`.

readings.v1 (+ the worker's heartbeat topic) → one stateful step over the pure domain → anomalies.v1, keyed
by user id. State: one value per user in RocksDB with a changelog topic (recovered after a crash or a
rebalance), plus the stale-data due index (`processor.py` explains the mechanism and why). At-least-once:
offsets commit after the outputs and the state changelog are flushed; anomaly ids are deterministic, so a
replay yields duplicates with the same id, which consumers drop. Undecodable or unprocessable readings go
to readings.v1.dlq. `/healthz`, `/readyz` and `/metrics` on HEARTWISE_ANOMALY_HEALTH_PORT (6066).
"""

from __future__ import annotations

import logging
import operator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quixstreams import Application
from quixstreams.dataframe import StreamingDataFrame
from quixstreams.models import TopicConfig
from quixstreams.models.topics import Topic as QuixTopic

from services.anomaly.adapters.avro import registry_deserializer, registry_serializer
from services.anomaly.adapters.dead_letters import DeadLetters
from services.anomaly.adapters.heartbeat import Heartbeat, HeartbeatDeserializer
from services.anomaly.config import AnomalySettings, get_settings
from services.anomaly.metrics import WorkerStatus
from services.anomaly.processor import AnomalyProcessor
from services.common.config import PlatformSettings
from services.common.contracts import Topic, load_topics
from services.common.health import serve_health_in_thread
from services.common.logging import configure_logging, get_logger
from services.common.streams import build_application

log = get_logger(__name__)

# Heartbeats only matter until processed: an hour of them is plenty for a restart or a slow rebalance.
HEARTBEAT_RETENTION_MS = 3_600_000
anomaly_key = operator.itemgetter("user_id")  # anomalies.v1 is keyed by user id, like everything else


@dataclass
class AnomalyWorker:
    app: Application
    processor: AnomalyProcessor
    status: WorkerStatus
    dead_letters: DeadLetters
    heartbeat: Heartbeat


def io_topic(app: Application, name: str, contract: Topic, *, platform: PlatformSettings,
             output: bool = False) -> QuixTopic:
    """A contract topic (or a private copy of it under another name): string key, registry Avro value.

    The serde is `adapters/avro.py`, not `services.common.streams.contract_topic`'s: confluent-kafka 2.12's
    registry deserializer costs ~17 µs more per record (see that module), a quarter of the whole step.
    """
    spec = load_topics()[contract.value]
    serde: dict[str, Any] = (
        {"value_serializer": registry_serializer(contract.value, platform), "key_serializer": "str"} if output
        else {"value_deserializer": registry_deserializer(contract.value, platform), "key_deserializer": "str"}
    )
    config = TopicConfig(num_partitions=spec.partitions, replication_factor=spec.replication_factor,
                         extra_config=dict(spec.config) if name == contract.value else {})
    # `str(name)`: librdkafka's admin client wants an exact `str`, not a StrEnum member.
    return app.topic(str(name), config=config, **serde)


def build_pipeline(app: Application, readings: QuixTopic, heartbeats: QuixTopic, anomalies: QuixTopic,
                   processor: AnomalyProcessor) -> StreamingDataFrame:
    """Readings and heartbeats, co-partitioned and time-aligned → one stateful step → anomalies by user."""
    sdf = app.dataframe(readings).concat(app.dataframe(heartbeats))
    processor.bind(sdf)
    sdf = sdf.apply(processor, stateful=True, metadata=True, expand=True)
    sdf.to_topic(anomalies, key=anomaly_key)
    return sdf


def create_app(settings: AnomalySettings | None = None, **app_overrides: Any) -> AnomalyWorker:
    """Build the Quix Streams application and its pipeline (nothing runs until `app.run()`)."""
    settings = settings or get_settings()
    platform = settings.platform
    status = WorkerStatus(settings.stats_stale_after_s)
    dead_letters = DeadLetters(settings.consumer_group, platform)
    app = build_application(
        platform.consumer_group(settings.consumer_group),
        Path(platform.state_dir) / "anomaly",
        settings=platform,
        commit_interval_s=settings.commit_interval_s,
        auto_offset_reset=settings.auto_offset_reset,
        on_consumer_error=dead_letters.on_consumer_error,
        consumer_extra_config={"statistics.interval.ms": settings.stats_interval_ms, "stats_cb": status.on_stats,
                               "session.timeout.ms": settings.session_timeout_ms},
        **app_overrides,
    )
    readings = io_topic(app, settings.readings_topic, Topic.READINGS, platform=platform)
    anomalies = io_topic(app, settings.anomalies_topic, Topic.ANOMALIES, platform=platform, output=True)
    partitions = readings.broker_config.num_partitions
    if not partitions:
        raise RuntimeError(f"{readings.name}: partition count unknown")
    heartbeats = app.topic(
        settings.heartbeat_topic, value_deserializer=HeartbeatDeserializer(), key_deserializer="bytes",
        config=TopicConfig(num_partitions=partitions, replication_factor=readings.broker_config.replication_factor,
                           extra_config={"cleanup.policy": "delete", "retention.ms": str(HEARTBEAT_RETENTION_MS)}),
    )
    if heartbeats.broker_config.num_partitions != partitions:
        raise RuntimeError(f"{settings.heartbeat_topic} must have the {partitions} partitions of {readings.name}")
    processor = AnomalyProcessor(dead_letters=dead_letters, slot_ms=settings.stale_index_slot_ms,
                                 heartbeat_lag_ms=settings.heartbeat_lag_ms)
    build_pipeline(app, readings, heartbeats, anomalies, processor)
    heartbeat = Heartbeat(settings.heartbeat_topic, partitions, settings.heartbeat_interval_s, platform)
    return AnomalyWorker(app, processor, status, dead_letters, heartbeat)


def main() -> None:
    settings = get_settings()
    configure_logging(settings.platform.log_level, settings.platform.log_json)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the registry client logs every schema lookup
    worker = create_app(settings)
    health = serve_health_in_thread(
        settings.health_port,
        {"kafka": worker.status.kafka_reachable, "consumer_group": worker.status.group_joined},
        host=settings.health_host,
    )
    worker.heartbeat.start()
    log.info("anomaly_worker_started", topic=settings.readings_topic, health_port=settings.health_port)
    try:
        worker.app.run()  # SIGTERM/SIGINT stop it gracefully with a final commit
    finally:
        worker.heartbeat.stop()
        worker.dead_letters.close()
        health.shutdown()


if __name__ == "__main__":
    main()
