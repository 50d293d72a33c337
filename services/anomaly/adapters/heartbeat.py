"""Heartbeat records: one per partition of the worker's heartbeat topic, every interval, from a daemon thread.

Stale-data timers run on each partition's stream time, which readings move. A partition that receives no
reading at all would never move, so its silent users would never be flagged: every interval this thread
writes `{"tick_at": <wall clock ms>}` to each partition of a service-internal topic that the worker reads
together with readings.v1 (same partition count, same partition numbers). A heartbeat is an ordinary
record: processed in order with the partition's readings, committed with them, replayed after a crash.

Every worker instance beats for every partition (it does not need to know the assignment); a few tiny
records per instance per minute. A heartbeat lost in flight is harmless: the next one carries a later time.
"""

from __future__ import annotations

import json
import threading
import time

from confluent_kafka import Producer
from quixstreams.models.serializers import Deserializer, SerializationContext
from quixstreams.models.serializers.exceptions import SerializationError

from services.common.config import PlatformSettings
from services.common.kafka import producer_config
from services.common.logging import get_logger

log = get_logger(__name__)


def heartbeat_value(tick_at_ms: int) -> bytes:
    return json.dumps({"tick_at": tick_at_ms}).encode()


class HeartbeatDeserializer(Deserializer):
    """`{"tick_at": <int ms>}` or a SerializationError (skipped by the worker's `on_consumer_error`):
    whatever else lands on the heartbeat topic can never reach, let alone stop, the processing step."""

    def __call__(self, value: bytes, ctx: SerializationContext) -> dict[str, int]:
        try:
            tick_at = json.loads(value)["tick_at"]
        except (ValueError, TypeError, KeyError) as error:
            raise SerializationError(f"not a heartbeat: {type(error).__name__}") from error
        if type(tick_at) is not int:
            raise SerializationError("not a heartbeat: tick_at is not an integer")
        return {"tick_at": tick_at}


class Heartbeat:
    def __init__(self, topic: str, partitions: int, interval_s: float, settings: PlatformSettings) -> None:
        self.topic = topic
        self.partitions = partitions
        self.interval_s = interval_s
        self._settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Heartbeat:
        if self.interval_s > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="anomaly-heartbeat", daemon=True)
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
        value = heartbeat_value(int(time.time() * 1000))
        try:
            for partition in range(self.partitions):
                producer.produce(self.topic, value=value, partition=partition)
            producer.poll(0)
        except Exception as error:  # noqa: BLE001 - a missed beat is retried next interval; never kill the thread
            log.warning("heartbeat_failed", topic=self.topic, error=type(error).__name__)
