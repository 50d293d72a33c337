"""Kafka for the audit service: a codec that keeps the consumed bytes, and the two publishers.

- ``RawKeepingCodec``: the chain's ``payload_digest`` is the sha256 of the record's bytes as consumed
  (chain.py), but the platform consumer hands handlers decoded values only. The codec remembers the bytes
  of each decoded value (by the identity of the dict it returned, which the consumer passes on unchanged in
  ``Record.value``) until the handler is done with the batch. Without the original bytes the digest would
  have to be of a re-encoding, which differs when a producer wrote with an older compatible schema.
- ``AnalyticsPublisher``: de-identified events to ``analytics.v1`` keyed by pseudonym; waits for the broker.
- ``AccessAuditor``: the API's own access events (``audit.v1``): reading the audit log is audited.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import KafkaError, Message

from services.common.contracts import Topic
from services.common.kafka import AvroCodec, EventProducer, Record
from services.common.logging import get_logger

log = get_logger(__name__)


class RawKeepingCodec(AvroCodec):
    """An ``AvroCodec`` that remembers the bytes behind each decoded value until ``forget``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._raw: dict[int, bytes] = {}

    def decode(self, topic: str, data: bytes) -> dict[str, Any]:
        value = super().decode(topic, data)
        self._raw[id(value)] = data
        return value

    def raw_of(self, record: Record) -> bytes:
        """The consumed bytes of ``record``; a re-encoding if they are unknown (never expected)."""
        raw = self._raw.get(id(record.value))
        return raw if raw is not None else self.encode(record.topic, record.value)

    def forget(self, records: Iterable[Record]) -> None:
        for record in records:
            self._raw.pop(id(record.value), None)


class PublishError(Exception):
    """The broker did not take every event in time (Kafka down): retry later."""


@dataclass
class _Deliveries:
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __call__(self, error: KafkaError | None, _message: Message) -> None:
        if error is not None:
            self.failed += 1
            if len(self.errors) < 3:
                self.errors.append(str(error))


class AnalyticsPublisher:
    """Publishes AnalyticsEvents keyed by their pseudonym, and returns only once the broker has them."""

    def __init__(self, producer: EventProducer, *, timeout_s: float = 30.0) -> None:
        self.producer = producer
        self.timeout_s = timeout_s

    def publish(self, events: list[dict[str, Any]]) -> None:
        if not events:
            return
        deliveries = _Deliveries()
        for event in events:
            self.producer.send(Topic.ANALYTICS, event["pseudonym"], event, on_delivery=deliveries)
        pending = self.producer.flush(self.timeout_s)
        if pending or deliveries.failed:
            raise PublishError(f"analytics.v1: {deliveries.failed} failed, {pending} pending {deliveries.errors}")


def access_event(*, actor: str, action: str, resource: str, subject: str | None, outcome: str,
                 details: Mapping[str, str], now_ms: int | None = None) -> dict[str, Any]:
    """An ``audit.v1`` AuditEvent emitted by the audit service itself."""
    return {
        "event_id": f"audit-{uuid.uuid4().hex}",
        "occurred_at": now_ms if now_ms is not None else int(time.time() * 1000),
        "actor": actor,
        "action": action,
        "resource": resource,
        "subject": subject,
        "outcome": outcome,
        "service": "audit",
        "details": dict(details),
    }


class AccessAuditor:
    """Publishes the API's access events. ``publish(wait=True)`` reports whether the broker took it."""

    def __init__(self, producer: EventProducer, *, timeout_s: float = 5.0) -> None:
        self.producer = producer
        self.timeout_s = timeout_s

    def publish(self, event: dict[str, Any], *, wait: bool) -> bool:
        deliveries = _Deliveries()
        key = event["subject"] or event["actor"]  # audit.v1 key: the subject when there is one, else the actor
        try:
            self.producer.send(Topic.AUDIT, key, event, on_delivery=deliveries)
        except Exception as error:  # noqa: BLE001 - an unauditable read is refused, never a 500
            log.error("access_audit_failed", action=event["action"], error=str(error))
            return False
        if not wait:
            return True
        pending = self.producer.flush(self.timeout_s)
        if pending or deliveries.failed:
            log.error("access_audit_undelivered", action=event["action"], pending=pending,
                      errors=deliveries.errors)
            return False
        return True
