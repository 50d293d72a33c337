"""Heartbeat records: one per partition of the nudge engine's heartbeat topic, every interval.

The timers (inactivity, nudges held over quiet hours) run on each partition's stream time, which records
move. A partition that receives nothing would never move, so a daemon thread writes `{"tick_at": <wall
clock ms>}` to every partition of a service-internal topic that the worker reads together with its inputs
(same partition count and numbers, time-aligned). A heartbeat is an ordinary record: processed in order
with the partition's other records, its offset committed with the state it changed, replayed after a crash.

Every instance beats for every partition (it need not know the assignment): a few tiny records per
instance per interval. A beat lost in flight is harmless: the next one carries a later time.
"""

from __future__ import annotations

import json
import threading
import time

from confluent_kafka import Producer

from services.common.config import PlatformSettings
from services.common.kafka import producer_config
from services.common.logging import get_logger
from services.nudge_engine.adapters.driver import HEARTBEAT_FIELD

log = get_logger(__name__)


def heartbeat_value(tick_at_ms: int) -> bytes:
    return json.dumps({HEARTBEAT_FIELD: tick_at_ms}).encode()


class Heartbeat:
    def __init__(self, topic: str, partitions: int, interval_s: float, settings: PlatformSettings) -> None:
        self.topic = topic
        self.partitions = partitions
        self.interval_s = interval_s
        self._settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def enabled(self) -> bool:
        return self.interval_s > 0

    def start(self) -> Heartbeat:
        if self.enabled and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="nudge-heartbeat", daemon=True)
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
                producer.produce(self.topic, value=value, partition=partition, timestamp=now)
            producer.poll(0)
        except Exception as error:  # noqa: BLE001 - a missed beat is retried next interval; never kill the thread
            log.warning("heartbeat_failed", topic=self.topic, error=type(error).__name__)
