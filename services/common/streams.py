"""What the stateful stream processors (anomaly, nudge-engine) share: the Quix Streams application factory,
contract topics with the lean registry serde, and the run loop of a worker's `main()`.

Why Quix Streams and not faust-streaming: DESIGN.md "Stream processing" (measured: ~40,000 readings/s per
process with Avro and per-key state vs faust's ~4,000); `loadtest/stream_frameworks.py` reproduces it.
Quix configures librdkafka's `murmur2` partitioner, identical to the platform producer's `murmur2_random`
for keyed records, so its outputs keep each user on the same partition number as everything else.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from quixstreams import Application
from quixstreams.models import TopicConfig
from quixstreams.models.topics import Topic as QuixTopic

from services.common.config import PlatformSettings, get_platform_settings
from services.common.contracts import load_schema, load_topics
from services.common.health import serve_health_in_thread
from services.common.logging import configure_logging, get_logger
from services.common.registry_avro import registry_deserializer, registry_serializer

log = get_logger(__name__)


def build_application(
    consumer_group: str, state_dir: str | Path, *, settings: PlatformSettings | None = None,
    commit_interval_s: float = 1.0, auto_offset_reset: str = "earliest", **overrides: Any,
) -> Application:
    settings = settings or get_platform_settings()
    return Application(
        broker_address=settings.kafka_bootstrap,
        consumer_group=consumer_group,
        state_dir=str(state_dir),
        # At-least-once: exactly-once would hold every output until the transaction commits, which costs
        # the reading→nudge latency budget (500 ms p99); deterministic ids make replays harmless instead.
        processing_guarantee="at-least-once",
        commit_interval=commit_interval_s,
        auto_offset_reset=auto_offset_reset,  # type: ignore[arg-type]
        producer_extra_config={"linger.ms": 5, "compression.type": "lz4", "enable.idempotence": True},
        loglevel="WARNING",
        **overrides,
    )


def contract_topic(app: Application, topic: str, *, output: bool = False, name: str | None = None,
                   settings: PlatformSettings | None = None) -> QuixTopic:
    """A contract topic as Quix sees it: string key, registry Avro value (the lean serde of
    `registry_avro.py`), partitions/config from topics.yaml. `name`: a private copy of the contract topic
    with the same schema and partition count (benchmarks, isolated tests), created without its config."""
    settings = settings or get_platform_settings()
    spec = load_topics()[topic]
    serde: dict[str, Any] = (
        {"value_serializer": registry_serializer(topic, settings), "key_serializer": "str"} if output
        else {"value_deserializer": registry_deserializer(topic, settings), "key_deserializer": "str"}
    )
    name = str(name or topic)  # a plain str: confluent's admin client rejects StrEnum members
    return app.topic(
        name,
        config=TopicConfig(num_partitions=spec.partitions, replication_factor=spec.replication_factor,
                           extra_config=dict(spec.config) if name == topic else {}),
        **serde,
    )


class _Background(Protocol):
    """A helper thread of the worker (heartbeat, flag store): started before the app, stopped after it."""

    def start(self) -> object: ...
    def stop(self) -> None: ...


class _DeadLetterSink(Protocol):
    def close(self) -> None: ...


def configure_worker_logging(platform: PlatformSettings) -> None:
    configure_logging(platform.log_level, platform.log_json)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per registry lookup otherwise


def run_worker(app: Application, *, health_port: int, health_host: str, checks: dict[str, Callable[[], bool]],
               background: Sequence[_Background], dead_letters: _DeadLetterSink, started_event: str,
               **log_fields: Any) -> None:
    """The rest of a stream worker's `main()` (after `configure_worker_logging` and building the app):
    health server, helper threads, then the app until a signal; what starts here stops, however it ends."""
    health = serve_health_in_thread(health_port, checks, host=health_host)
    started: list[_Background] = []
    try:
        for helper in background:
            helper.start()
            started.append(helper)
        log.info(started_event, health_port=health_port, **log_fields)
        app.run()  # SIGTERM/SIGINT stop it gracefully with a final commit
    finally:
        for helper in reversed(started):
            helper.stop()
        dead_letters.close()
        health.shutdown()


def schema_json(topic: str) -> str:
    return json.dumps(load_schema(topic))
