"""Poison records of the anomaly worker go to `<topic>.dlq` (DeadLetter, dead_letter.avsc) and the worker goes on.

Two doors:
- undecodable (not Avro, unknown schema id, broken key): Quix Streams' deserializer raises and calls the
  application's `on_consumer_error` with the raw message; `on_consumer_error` below sends the raw bytes and
  tells Quix to skip the record. Kafka errors (no message, or a message carrying an error) and an
  unreachable registry are not poison: they are left to Quix, which stops the worker so it restarts from
  the last commit.
- unprocessable (decoded, but a domain rule raises on it): the processor catches it and calls `send` with
  the decoded record re-encoded with the contract schema (the original bytes are gone by then).

The DLQ record is flushed before the callback returns, so it is on the broker before any later offset of
that partition can be committed: at-least-once (a crash in between re-sends it, never loses it). Poison is
rare, so the synchronous flush costs nothing in practice. The `error` field carries the stage and the
exception type only: exception messages may quote values (PHI), the DLQ `value` has the record anyway.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from confluent_kafka import KafkaException

from services.anomaly.adapters.avro import RegistryUnavailable
from services.common.config import PlatformSettings
from services.common.contracts import Topic, dlq_topic, load_topics
from services.common.kafka import DEAD_LETTERS, AvroCodec, EventProducer
from services.common.logging import get_logger

log = get_logger(__name__)

DLQ_FLUSH_TIMEOUT_S = 15.0


class DeadLetters:
    def __init__(self, consumer: str, settings: PlatformSettings, codec: AvroCodec | None = None) -> None:
        self.consumer = consumer
        self._settings = settings
        self._codec = codec
        self._producer: EventProducer | None = None

    def _get_producer(self) -> EventProducer:
        if self._producer is None:  # built on the first poison record only
            self._codec = self._codec or AvroCodec(self._settings)
            self._producer = EventProducer(self._settings, self._codec)
        return self._producer

    def on_consumer_error(self, exc: Exception, message: Any, logger: logging.Logger) -> bool:
        """Quix Streams' `on_consumer_error`: True = handled (record skipped), False = let Quix raise."""
        if message is None or message.error() is not None or isinstance(exc, RegistryUnavailable):
            return False  # not the record's fault: Quix stops the worker, which restarts from the last commit
        self.send(message.topic(), message.partition(), message.offset(), message.key(), message.value(),
                  f"undecodable: {type(exc).__name__}")
        return True

    def send_decoded(self, topic: str, partition: int, offset: int, key: Any, value: Any, error: str) -> None:
        """A decoded record that could not be processed; its value is re-encoded with the contract schema."""
        raw: bytes
        try:
            raw = self._get_codec().encode(Topic.READINGS, value)
        except Exception:  # noqa: BLE001 - a record that does not even re-encode still goes to the DLQ
            raw = repr(value).encode()
        key_bytes = key.encode() if isinstance(key, str) else key
        self.send(topic, partition, offset, key_bytes, raw, error)

    def _get_codec(self) -> AvroCodec:
        self._get_producer()
        assert self._codec is not None
        return self._codec

    def send(self, topic: str, partition: int, offset: int, key: bytes | None, value: bytes | None,
             error: str) -> None:
        DEAD_LETTERS.labels(topic, self.consumer).inc()
        log.warning("dead_letter", topic=topic, partition=partition, offset=offset, error=error)
        dlq = dlq_topic(topic)
        if dlq not in load_topics():
            # Not a contract topic (the heartbeat topic, a private copy of readings.v1 in a benchmark or an
            # isolated test): there is no registered DLQ subject. Counted and logged, then skipped.
            log.error("dead_letter_dropped", topic=topic, reason="no contract dead-letter topic")
            return
        producer = self._get_producer()
        failed_before = producer.failed
        producer.send(dlq, key.decode(errors="replace") if key else "", {
            "topic": topic, "partition": partition, "offset": offset, "key": key, "value": value or b"",
            "error": error[:2000], "consumer": self.consumer, "failed_at": int(time.time() * 1000),
        })
        if producer.flush(DLQ_FLUSH_TIMEOUT_S) > 0 or producer.failed > failed_before:
            raise KafkaException(f"dead letter for {topic}[{partition}]@{offset} was not delivered")

    def close(self) -> None:
        if self._producer is not None:
            self._producer.flush(DLQ_FLUSH_TIMEOUT_S)
