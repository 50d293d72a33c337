"""Outgoing events, off the request path: a bounded queue drained by one task into the Kafka producer.

A request only enqueues (microseconds); Avro encoding, the first schema-registry lookups and the producer's
local queue are handled in a worker thread, so a slow registry or broker never blocks the event loop. Order is
kept (one drain task). If the queue is full the event is dropped, counted and logged: chat keeps answering.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Protocol

from prometheus_client import Counter

from services.common.kafka import EventProducer
from services.common.logging import get_logger
from services.conversation.domain.events import audit_event, audit_key

log = get_logger(__name__)

EVENTS_DROPPED = Counter("heartwise_conversation_events_dropped_total",
                         "Outgoing events dropped (queue full or encoding failed)", ["topic", "reason"])
EVENTS_QUEUED = Counter("heartwise_conversation_events_total", "Outgoing events queued", ["topic"])

DRAIN_BATCH = 500


class Publisher(Protocol):
    def publish(self, topic: str, key: str, value: dict[str, Any]) -> bool: ...


class EventPublisher:
    def __init__(self, producer: EventProducer, *, queue_max: int) -> None:
        self.producer = producer
        self._queue: asyncio.Queue[tuple[str, str, dict[str, Any]]] = asyncio.Queue(maxsize=queue_max)
        self._task: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None

    def publish(self, topic: str, key: str, value: dict[str, Any]) -> bool:
        try:
            self._queue.put_nowait((topic, key, value))
        except asyncio.QueueFull:
            EVENTS_DROPPED.labels(topic, "queue_full").inc()
            log.error("event_dropped", topic=topic, reason="queue_full")
            return False
        EVENTS_QUEUED.labels(topic).inc()
        return True

    def start(self) -> None:
        self._task = asyncio.create_task(self._drain(), name="event-publisher")
        self._poller = asyncio.create_task(self._poll(), name="producer-poll")

    async def _drain(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < DRAIN_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await asyncio.to_thread(self._send, batch)

    def _send(self, batch: list[tuple[str, str, dict[str, Any]]]) -> None:
        for topic, key, value in batch:
            try:
                self.producer.send(topic, key, value)
            except Exception as error:  # noqa: BLE001 - registry down or a bad record: count it, go on
                EVENTS_DROPPED.labels(topic, "send_failed").inc()
                log.error("event_send_failed", topic=topic, error_type=type(error).__name__, error=str(error)[:200])

    async def _poll(self) -> None:
        """Serve delivery callbacks while idle (send() polls too when busy)."""
        while True:
            await asyncio.sleep(0.5)
            await asyncio.to_thread(self.producer.poll, 0)

    async def close(self, timeout_s: float = 5.0) -> None:
        for task in (self._task, self._poller):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        remaining = []
        while not self._queue.empty():
            remaining.append(self._queue.get_nowait())
        if remaining:
            await asyncio.to_thread(self._send, remaining)
        await asyncio.to_thread(self.producer.flush, timeout_s)

    def pending(self) -> int:
        return self._queue.qsize()


class Auditor:
    """Emits audit.v1 for every data access, allowed or not."""

    def __init__(self, publisher: Publisher, topic: str) -> None:
        self.publisher = publisher
        self.topic = topic

    def record(self, *, actor: str, action: str, resource: str, subject: str | None, outcome: str, now_ms: int,
               **details: object) -> None:
        event = audit_event(actor=actor, action=action, resource=resource, subject=subject,
                            outcome=outcome, now_ms=now_ms, details=details)  # type: ignore[arg-type]
        self.publisher.publish(self.topic, audit_key(event), event)
