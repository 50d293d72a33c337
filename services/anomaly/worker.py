"""Anomaly worker: `python -m services.anomaly.worker`.

readings.v1 (+ the worker's heartbeat topic) → one stateful step over the pure domain → anomalies.v1, keyed
by user id. State: one value per user in RocksDB with a changelog topic (recovered after a crash or a
rebalance), plus the stale-data due index (`processor.py` explains the mechanism and why). At-least-once:
offsets commit after the outputs and the state changelog are flushed; anomaly ids are deterministic, so a
replay yields duplicates with the same id, which consumers drop. Undecodable or unprocessable readings go
to readings.v1.dlq. `/healthz`, `/readyz` and `/metrics` on HEARTWISE_ANOMALY_HEALTH_PORT (6066).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quixstreams import Application
from quixstreams.dataframe import StreamingDataFrame
from quixstreams.models.topics import Topic as QuixTopic

from services.anomaly.config import AnomalySettings, get_settings
from services.anomaly.metrics import CONSUMER_LAG
from services.anomaly.processor import AnomalyProcessor
from services.common.contracts import Topic
from services.common.dead_letters import DeadLetters
from services.common.heartbeat import Heartbeat, heartbeat_topic
from services.common.metrics import WorkerStatus
from services.common.streams import build_application, configure_worker_logging, contract_topic, run_worker

anomaly_key = operator.itemgetter("user_id")  # anomalies.v1 is keyed by user id, like everything else


@dataclass
class AnomalyWorker:
    app: Application
    processor: AnomalyProcessor
    status: WorkerStatus
    dead_letters: DeadLetters
    heartbeat: Heartbeat


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
    status = WorkerStatus(settings.stats_stale_after_s, CONSUMER_LAG)
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
    readings = contract_topic(app, Topic.READINGS, name=settings.readings_topic, settings=platform)
    anomalies = contract_topic(app, Topic.ANOMALIES, name=settings.anomalies_topic, output=True, settings=platform)
    heartbeats = heartbeat_topic(app, settings.heartbeat_topic, like=readings)
    processor = AnomalyProcessor(dead_letters=dead_letters, slot_ms=settings.stale_index_slot_ms,
                                 heartbeat_lag_ms=settings.heartbeat_lag_ms, cache_users=settings.state_cache_users)
    build_pipeline(app, readings, heartbeats, anomalies, processor)
    heartbeat = Heartbeat(settings.heartbeat_topic, readings.broker_config.num_partitions or 0,
                          settings.heartbeat_interval_s, platform, thread_name="anomaly-heartbeat")
    return AnomalyWorker(app, processor, status, dead_letters, heartbeat)


def main() -> None:
    settings = get_settings()
    configure_worker_logging(settings.platform)
    worker = create_app(settings)
    run_worker(worker.app, health_port=settings.health_port, health_host=settings.health_host,
               checks={"kafka": worker.status.kafka_reachable, "consumer_group": worker.status.group_joined},
               background=[worker.heartbeat], dead_letters=worker.dead_letters,
               started_event="anomaly_worker_started", topic=settings.readings_topic)


if __name__ == "__main__":
    main()
