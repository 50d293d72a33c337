"""Heartbeat records: one per partition of a worker's heartbeat topic, every interval, from a daemon thread.

A stream worker's timers (anomaly: stale data after 7 days; nudge engine: inactivity, nudges held over
quiet hours) run on each partition's stream time, which records move. A partition that receives nothing
would never move, so its silent users would never fire: every interval a daemon thread writes
`{"tick_at": <wall clock ms>}` to each partition of a service-internal topic that the worker reads with its
inputs (same partition count and numbers, time-aligned through `concat`). A heartbeat is an ordinary
record: processed in order with the partition's other records, its offset committed with the state it
changed, replayed after a crash.

Every instance beats for every partition (it need not know the assignment): a few tiny records per
instance per interval. A beat lost in flight is harmless: the next one carries a later time.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Final

from confluent_kafka import Producer
from quixstreams import Application
from quixstreams.models import TopicConfig
from quixstreams.models.serializers import Deserializer, SerializationContext
from quixstreams.models.serializers.exceptions import SerializationError
from quixstreams.models.topics import Topic as QuixTopic

from services.common.config import PlatformSettings
from services.common.kafka import producer_config
from services.common.logging import get_logger

log = get_logger(__name__)

HEARTBEAT_FIELD: Final = "tick_at"
# Heartbeats only matter until processed: an hour of them is plenty for a restart or a slow rebalance.
HEARTBEAT_RETENTION_MS: Final = 3_600_000


def heartbeat_value(tick_at_ms: int) -> bytes:
    return json.dumps({HEARTBEAT_FIELD: tick_at_ms}).encode()


class HeartbeatDeserializer(Deserializer):
    """`{"tick_at": <int ms>}` or a SerializationError (skipped by the worker's `on_consumer_error`):
    whatever else lands on the heartbeat topic can never reach, let alone stop, the processing step."""

    def __call__(self, value: bytes, ctx: SerializationContext) -> dict[str, int]:
        try:
            tick_at = json.loads(value)[HEARTBEAT_FIELD]
        except (ValueError, TypeError, KeyError) as error:
            raise SerializationError(f"not a heartbeat: {type(error).__name__}") from error
        if type(tick_at) is not int:
            raise SerializationError("not a heartbeat: tick_at is not an integer")
        return {HEARTBEAT_FIELD: tick_at}


def heartbeat_topic(app: Application, name: str, like: QuixTopic) -> QuixTopic:
    """The service-internal heartbeat topic, with the partition count of the input `like` (co-partitioned)."""
    config = like.broker_config
    if not config.num_partitions:
        raise RuntimeError(f"{like.name}: partition count unknown")
    topic = app.topic(name, value_deserializer=HeartbeatDeserializer(), key_deserializer="bytes", config=TopicConfig(
        num_partitions=config.num_partitions, replication_factor=config.replication_factor,
        extra_config={"cleanup.policy": "delete", "retention.ms": str(HEARTBEAT_RETENTION_MS)}))
    if topic.broker_config.num_partitions != config.num_partitions:
        raise RuntimeError(f"{name} must have the {config.num_partitions} partitions of {like.name}")
    return topic


class Heartbeat:
    def __init__(self, topic: str, partitions: int, interval_s: float, settings: PlatformSettings,
                 *, thread_name: str = "heartbeat") -> None:
        self.topic = topic
        self.partitions = partitions
        self.interval_s = interval_s
        self._settings = settings
        self._thread_name = thread_name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def enabled(self) -> bool:
        return self.interval_s > 0

    def start(self) -> Heartbeat:
        if self.enabled and self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self._thread_name, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    def _run(self) -> None:
        # acks=1, no idempotence: a heartbeat is a best-effort clock signal, never data.
        producer = Producer(producer_config(self._settings, **{"enable.idempotence": False, "acks": 1}))
        try:
            while not self._stop.is_set():
                self.beat(producer)
                self._stop.wait(self.interval_s)
        finally:
            producer.flush(5)

    def beat(self, producer: Producer) -> None:
        now = time.time_ns() // 1_000_000
        value = heartbeat_value(now)
        try:
            for partition in range(self.partitions):
                # The record timestamp is what `concat` aligns the heartbeat with the inputs by.
                producer.produce(self.topic, value=value, partition=partition, timestamp=now)
            producer.poll(0)
        except Exception as error:  # noqa: BLE001 - a missed beat is retried next interval; never kill the thread
            log.warning("heartbeat_failed", topic=self.topic, error=type(error).__name__)
