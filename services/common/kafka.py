"""Kafka for every service: Avro serde through the registry, one producer config, an at-least-once consumer.

- Values are Avro in the Confluent wire format, schemas from `schemas/` registered by bootstrap (so the
  serializers never auto-register: an unknown schema is a deployment error, not something to paper over).
- Keys are the user id as a UTF-8 string. Every producer uses librdkafka's `murmur2_random` partitioner,
  which equals the Java client's murmur2 for non-null keys, so a user's events share a partition number in
  every topic (Quix Streams configures `murmur2`, identical for non-null keys; a test proves both agree).
- The consumer commits only after a batch is handled; a record that cannot be decoded or that the handler
  marks as poison goes to `<topic>.dlq` with the error, and the consumer goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from prometheus_client import Counter
from tenacity import retry, retry_if_exception_type, stop_after_delay, wait_random_exponential

from services.common.config import PlatformSettings, get_platform_settings
from services.common.contracts import dlq_topic, load_schema
from services.common.logging import get_logger

log = get_logger(__name__)

DEAD_LETTERS = Counter("heartwise_dead_letters_total", "Records sent to a DLQ", ["topic", "consumer"])
PRODUCE_FAILURES = Counter("heartwise_produce_failures_total", "Records the broker did not accept", ["topic"])


@lru_cache(maxsize=4)
def schema_registry_client(url: str) -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": url})


def subject_for(topic: str) -> str:
    return f"{topic}-value"  # TopicNameStrategy: one value schema per topic


class AvroCodec:
    """Encode/decode the values of the contract topics; serializers built once per topic."""

    def __init__(self, settings: PlatformSettings | None = None) -> None:
        self._registry = schema_registry_client((settings or get_platform_settings()).schema_registry_url)
        self._serializers: dict[str, AvroSerializer] = {}
        self._deserializers: dict[str, AvroDeserializer] = {}

    def _schema_str(self, topic: str) -> str:
        import json

        return json.dumps(load_schema(topic))

    def encode(self, topic: str, value: dict[str, Any]) -> bytes:
        serializer = self._serializers.get(topic)
        if serializer is None:
            serializer = AvroSerializer(
                self._registry, self._schema_str(topic),
                conf={"auto.register.schemas": False, "use.latest.version": False},
            )
            self._serializers[topic] = serializer
        encoded = serializer(value, SerializationContext(topic, MessageField.VALUE))
        assert encoded is not None
        return encoded

    def decode(self, topic: str, data: bytes) -> dict[str, Any]:
        deserializer = self._deserializers.get(topic)
        if deserializer is None:
            # The reader schema is ours: records written with an older (compatible) schema resolve to it.
            deserializer = AvroDeserializer(self._registry, self._schema_str(topic))
            self._deserializers[topic] = deserializer
        decoded = deserializer(data, SerializationContext(topic, MessageField.VALUE))
        if not isinstance(decoded, dict):
            raise ValueError("record is empty or not an Avro record")
        return decoded


def producer_config(settings: PlatformSettings, **overrides: Any) -> dict[str, Any]:
    return {
        "bootstrap.servers": settings.kafka_bootstrap,
        "enable.idempotence": True,  # no duplicates or reordering from producer retries
        "acks": "all",
        "partitioner": "murmur2_random",  # = Java/aiokafka murmur2 for keyed records (DESIGN.md)
        "linger.ms": 5,
        "compression.type": "lz4",
        "message.timeout.ms": 30_000,
        **overrides,
    }


class EventProducer:
    """Produces Avro values keyed by user id; delivery failures are counted and logged, never silent."""

    def __init__(self, settings: PlatformSettings | None = None, codec: AvroCodec | None = None,
                 **config_overrides: Any) -> None:
        self.settings = settings or get_platform_settings()
        self.codec = codec or AvroCodec(self.settings)
        self._producer = Producer(producer_config(self.settings, **config_overrides))
        self.failed = 0

    def _on_delivery(self, error: KafkaError | None, message: Message) -> None:
        if error is not None:
            self.failed += 1
            PRODUCE_FAILURES.labels(message.topic()).inc()
            log.error("produce_failed", topic=message.topic(), error=str(error))

    def send(self, topic: str, key: str, value: dict[str, Any],
             on_delivery: Callable[[KafkaError | None, Message], None] | None = None) -> None:
        self.send_raw(topic, key, self.codec.encode(topic, value), on_delivery)

    def send_raw(self, topic: str, key: str | None, value: bytes | None,
                 on_delivery: Callable[[KafkaError | None, Message], None] | None = None) -> None:
        while True:
            try:
                self._producer.produce(topic, value=value, key=key.encode() if key is not None else None,
                                       on_delivery=on_delivery or self._on_delivery)
                break
            except BufferError:
                self._producer.poll(0.05)  # local queue full: let deliveries drain, then retry
        self._producer.poll(0)

    def poll(self, timeout_s: float = 0) -> int:
        return self._producer.poll(timeout_s)

    def flush(self, timeout_s: float = 30) -> int:
        """Wait for outstanding deliveries; returns how many are still pending."""
        return self._producer.flush(timeout_s)

    def pending(self) -> int:
        return len(self._producer)


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: str | None
    value: dict[str, Any]
    timestamp_ms: int
    tombstone: bool = False  # a deleted key on a compacted topic (value is then empty)


class PoisonRecordError(Exception):
    """Raised (or returned) by a handler for a record that can never be processed: it goes to the DLQ."""


# A batch handler may return the records it could not process, each with the reason, for the DLQ.
BatchHandler = Callable[[list[Record]], Iterable[tuple[Record, str]] | None]


class TransientError(Exception):
    """A dependency is down: retry the whole batch later (no commit, nothing to the DLQ)."""


class AtLeastOnceConsumer:
    """Poll a batch, decode, handle, send poison to the DLQ, then commit. Never commits unhandled work."""

    def __init__(self, topics: list[str], group_id: str, handler: BatchHandler, *,
                 settings: PlatformSettings | None = None, codec: AvroCodec | None = None,
                 dlq_producer: EventProducer | None = None, batch_size: int = 500,
                 poll_timeout_s: float = 0.2, extra_config: dict[str, Any] | None = None,
                 pass_tombstones: bool = False) -> None:
        self.settings = settings or get_platform_settings()
        self.codec = codec or AvroCodec(self.settings)
        self.dlq = dlq_producer or EventProducer(self.settings, self.codec)
        self.group_id = group_id
        self.handler = handler
        self.batch_size = batch_size
        self.poll_timeout_s = poll_timeout_s
        self.pass_tombstones = pass_tombstones
        self._running = True
        self._consumer = Consumer({
            "bootstrap.servers": self.settings.kafka_bootstrap,
            "group.id": group_id,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            "partition.assignment.strategy": "cooperative-sticky",
            **(extra_config or {}),
        })
        self._consumer.subscribe(topics)

    def stop(self) -> None:
        self._running = False

    def close(self) -> None:
        self._consumer.close()

    def assignment(self) -> list[TopicPartition]:
        return self._consumer.assignment()

    def lag(self) -> int:
        """Records behind the high watermark over this consumer's assignment."""
        behind = 0
        for tp in self._consumer.position(self._consumer.assignment()):
            _low, high = self._consumer.get_watermark_offsets(tp, cached=True) or (0, 0)
            if tp.offset >= 0:
                behind += max(0, high - tp.offset)
        return behind

    def _dead_letter(self, message: Message, error: str) -> None:
        DEAD_LETTERS.labels(message.topic(), self.group_id).inc()
        log.warning("dead_letter", topic=message.topic(), partition=message.partition(),
                    offset=message.offset(), error=error[:300])
        key = message.key()
        self.dlq.send(dlq_topic(message.topic()), key.decode(errors="replace") if key else "", {
            "topic": message.topic(), "partition": message.partition(), "offset": message.offset(),
            "key": key, "value": message.value() or b"",
            "error": error[:2000], "consumer": self.group_id, "failed_at": int(time.time() * 1000),
        })

    def poll_once(self) -> int:
        """Handle one batch; returns how many records it consumed."""
        messages = self._consumer.consume(self.batch_size, self.poll_timeout_s)
        if not messages:
            return 0
        records: list[Record] = []
        by_identity: dict[tuple[str, int, int], Message] = {}
        for message in messages:
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise KafkaException(message.error())
            if message.value() is None:
                # A tombstone (deleted key on a compacted topic) is not poison: hand it on only to handlers
                # that asked for deletions, otherwise skip it.
                if self.pass_tombstones:
                    key = message.key()
                    records.append(Record(message.topic(), message.partition(), message.offset(),
                                          key.decode(errors="replace") if key else None, {}, message.timestamp()[1],
                                          tombstone=True))
                continue
            try:
                value = self.codec.decode(message.topic(), message.value())
            except Exception as error:  # noqa: BLE001 - anything undecodable is poison, by definition
                self._dead_letter(message, f"undecodable: {type(error).__name__}: {error}")
                continue
            key = message.key()
            record = Record(message.topic(), message.partition(), message.offset(),
                            key.decode(errors="replace") if key else None, value, message.timestamp()[1])
            records.append(record)
            by_identity[(record.topic, record.partition, record.offset)] = message
        if records:
            self._handle_with_retry(records, by_identity)
        if self.dlq.flush(30) > 0:
            raise KafkaException(KafkaError(KafkaError._MSG_TIMED_OUT, "DLQ records not delivered"))
        self._consumer.commit(asynchronous=False)
        return len(messages)

    def _handle_with_retry(self, records: list[Record], by_identity: dict[tuple[str, int, int], Message]) -> None:
        @retry(retry=retry_if_exception_type(TransientError), wait=wait_random_exponential(multiplier=0.2, max=5),
               stop=stop_after_delay(300), reraise=True)
        def handle() -> Iterable[tuple[Record, str]] | None:
            return self.handler(records)

        for record, error in handle() or ():
            self._dead_letter(by_identity[(record.topic, record.partition, record.offset)], error)

    def run(self, on_idle: Callable[[], None] | None = None) -> None:
        while self._running:
            if self.poll_once() == 0 and on_idle is not None:
                on_idle()
