"""Poison input of a stream worker goes to `<topic>.dlq` (DeadLetter, dead_letter.avsc); the worker goes on.

Two doors:
- undecodable (not Avro, unknown schema id, a key that is not UTF-8): Quix Streams' deserializer raises and
  calls the application's `on_consumer_error` with the raw message; the raw bytes go to the DLQ and Quix
  skips the record. Kafka errors (no message, or a message carrying an error) are not poison: they are left
  to Quix, which stops the worker so it restarts from its last commit. A registry that cannot be reached
  is not poison either: the worker stops rather than dead-letter good records.
- unprocessable (decoded, but a domain rule raises on it, or its key is not its user id): the worker calls
  `send_decoded`, which re-encodes the record with its topic's contract schema (the original bytes are gone).

Each dead letter is flushed before the callback returns, so it is on the broker before any later offset of
that partition can be committed: at-least-once (a crash in between re-sends it, never loses it). Poison is
rare, so the synchronous flush costs nothing in practice. The `error` field names the stage and the
exception type only: messages may quote values (PHI); the DLQ `value` holds the record anyway.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Final

import httpx
from confluent_kafka import KafkaException

from services.common.config import PlatformSettings
from services.common.contracts import dlq_topic, load_topics
from services.common.kafka import DEAD_LETTERS, AvroCodec, EventProducer
from services.common.logging import get_logger
from services.common.registry_avro import RegistryUnavailable

log = get_logger(__name__)

DLQ_FLUSH_TIMEOUT_S: Final = 15.0


def is_transient(exc: BaseException) -> bool:
    """A dependency outage (registry down or 5xx), not a bad record: do not dead-letter, let Quix stop."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, RegistryUnavailable | httpx.TransportError | ConnectionError | TimeoutError):
            return True
        status = getattr(seen, "http_status_code", None)
        if isinstance(status, int) and status >= 500:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


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
        if message is None or message.error() is not None or is_transient(exc):
            return False  # not the record's fault: Quix stops the worker, which restarts from the last commit
        self.send(message.topic(), message.partition(), message.offset(), message.key(), message.value(),
                  f"undecodable: {type(exc).__name__}")
        return True

    def send_decoded(self, topic: str, partition: int, offset: int, key: Any, value: Any, error: str) -> None:
        """A decoded record that could not be processed; its value is re-encoded with the contract schema."""
        raw: bytes
        if value is None:
            raw = b""
        else:
            try:
                raw = self._get_codec().encode(topic, value)
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
            # Not a contract topic (a heartbeat topic, a private copy of an input in a benchmark or an
            # isolated test): there is no registered DLQ subject. Counted and logged, then skipped.
            log.error("dead_letter_dropped", topic=topic, reason="no contract dead-letter topic")
            return
        producer = self._get_producer()
        failed_before = producer.failed
        producer.send(dlq, key.decode(errors="replace") if key else "", {
            "topic": topic, "partition": partition, "offset": offset, "key": key, "value": value or b"",
            "error": error[:2000], "consumer": self.consumer, "failed_at": time.time_ns() // 1_000_000,
        })
        if producer.flush(DLQ_FLUSH_TIMEOUT_S) > 0 or producer.failed > failed_before:
            raise KafkaException(f"dead letter for {topic}[{partition}]@{offset} was not delivered")

    def close(self) -> None:
        if self._producer is not None:
            self._producer.flush(DLQ_FLUSH_TIMEOUT_S)
