"""Kafka for ingest: produce a batch of records and learn when the broker has acknowledged every one.

Produce-then-reply: the gateway answers 202 only after the broker acked the request's records (acks=all,
idempotent producer, from the platform's `producer_config`), so an accepted reading is never lost. What a
plain producer does not have is a per-batch "all acked" signal, which `DeliveryBatch` adds: one delivery
callback per record counts down, and the last one wakes
the waiter, an asyncio future (gateway, resolved through `call_soon_threadsafe`) or a threading event
(validator). A daemon thread polls the producer so the callbacks run without blocking the event loop.

Encoding: `WireEncoder` writes the Confluent wire format (magic byte, registry schema id, Avro body) with
a writer compiled from the topic's schema (adapters/avro.py). It looks the schema id up in the registry
once, exactly as the platform's AvroSerializer does with auto-registration off, but skips the serializer's
per-call rule machinery: measured ~6 us instead of 27 us per reading (27 us is half a core at 20,000
readings/s). Decoding (validator, sink): `IngestCodec`, likewise ~26 us instead of ~70 us per Reading.
Both are checked against the platform `AvroCodec` in tests/integration/test_ingest_stack.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from confluent_kafka import KafkaError, Message, Producer
from confluent_kafka.schema_registry import Schema
from fastavro import parse_schema, schemaless_reader, schemaless_writer
from fastavro.schema import to_parsing_canonical_form

from services.common.config import PlatformSettings
from services.common.contracts import load_schema, parsed_schema
from services.common.kafka import (
    PRODUCE_FAILURES,
    AvroCodec,
    producer_config,
    schema_registry_client,
    subject_for,
)
from services.common.logging import get_logger
from services.ingest.adapters.avro import Unsupported, compile_writer

log = get_logger(__name__)

_MAGIC_BYTE = b"\x00"



class WireEncoder:
    """Confluent-framed Avro for the values of one topic, with the schema id looked up once (lazily).

    The Avro body comes from the writer compiled from the topic's schema (adapters/avro.py, ~5 us per
    Reading instead of fastavro's ~9 us), or from fastavro for a schema that writer does not cover.
    """

    def __init__(self, settings: PlatformSettings, topic: str) -> None:
        self.topic = topic
        self._settings = settings
        self._header: bytes | None = None
        try:
            self._body = compile_writer(load_schema(topic))
        except Unsupported:
            self._body = partial(_fastavro_body, parsed_schema(topic))

    def schema_header(self) -> bytes:
        """Magic byte + schema id; looked up in the registry on first use (never registers: bootstrap does)."""
        header = self._header
        if header is None:
            registry = schema_registry_client(self._settings.schema_registry_url)
            schema = Schema(json.dumps(load_schema(self.topic)), "AVRO")
            registered = registry.lookup_schema(subject_for(self.topic), schema)
            header = self._header = _MAGIC_BYTE + int(registered.schema_id).to_bytes(4, "big")
        return header

    def encode(self, value: dict[str, Any]) -> bytes:
        return (self._header or self.schema_header()) + self._body(value)


def _fastavro_body(schema: Any, value: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    schemaless_writer(buffer, schema, value)
    return buffer.getvalue()


class IngestCodec(AvroCodec):
    """The platform codec with a faster decode, and topics renamed with a suffix (benchmarks only).

    decode: the Confluent AvroDeserializer measured ~48 us per Reading here, most of it per-call rule and
    context machinery around the same fastavro call; this does only that call: read the writer schema id
    from the wire header, fetch that schema from the registry once, and resolve it to our reader schema
    with fastavro (~16 us). Same outcome: a dict of the reader schema, or an exception for anything
    undecodable (which the platform consumer sends to the DLQ). encode stays the platform's.
    """

    def __init__(self, settings: PlatformSettings, suffix: str = "") -> None:
        super().__init__(settings)
        self.suffix = suffix
        self._settings = settings
        self._writers: dict[tuple[int, str], tuple[Any, Any]] = {}

    def contract_topic(self, topic: str) -> str:
        return topic.replace(self.suffix, "", 1) if self.suffix else topic

    def encode(self, topic: str, value: dict[str, Any]) -> bytes:
        return super().encode(self.contract_topic(topic), value)

    def _schemas(self, schema_id: int, topic: str) -> tuple[Any, Any]:
        """(writer schema, reader schema or None when the writer's parsing canonical form is the reader's)."""
        cached = self._writers.get((schema_id, topic))
        if cached is None:
            registered = schema_registry_client(self._settings.schema_registry_url).get_schema(schema_id)
            if registered.schema_type not in (None, "AVRO"):
                raise ValueError(f"schema {schema_id} is {registered.schema_type}, not Avro")
            writer = parse_schema(json.loads(registered.schema_str))
            reader = parsed_schema(topic)
            same = to_parsing_canonical_form(writer) == to_parsing_canonical_form(reader)
            cached = self._writers[(schema_id, topic)] = (reader, None) if same else (writer, reader)
        return cached

    def decode(self, topic: str, data: bytes) -> dict[str, Any]:
        if data is None or len(data) < 5 or data[0] != 0:
            raise ValueError("not in the Confluent wire format (magic byte 0 + schema id)")
        writer, reader = self._schemas(int.from_bytes(data[1:5], "big"), self.contract_topic(topic))
        payload = io.BytesIO(data)
        payload.seek(5)
        value = schemaless_reader(payload, writer, reader)
        if not isinstance(value, dict):
            raise ValueError("record is empty or not an Avro record")
        return value


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One record to produce: contract topic, key (user id) and the value dict of the topic's schema."""

    topic: str
    key: str
    value: dict[str, Any]


class DeliveryBatch:
    """The broker's answers for one batch of produced records; done when every record has one.

    Delivery callbacks run on the thread that polls the producer (AckingProducer's poller), not on the
    thread that waits, hence the lock.
    """

    def __init__(self, expected: int, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self._lock = threading.Lock()
        self._remaining = expected
        self.failed: set[int] = set()  # indices (in the produced order) the broker did not take
        self.errors: list[str] = []
        self._done = threading.Event()
        self._loop = loop
        self._future: asyncio.Future[None] | None = loop.create_future() if loop is not None else None
        if expected == 0:
            self._finish()

    def on_delivery(self, index: int, error: KafkaError | None, message: Message) -> None:
        with self._lock:
            if error is not None:
                self.failed.add(index)
                if len(self.errors) < 5:
                    self.errors.append(str(error))
                PRODUCE_FAILURES.labels(message.topic()).inc()
            self._remaining -= 1
            finished = self._remaining == 0
        if finished:
            self._finish()

    def fail_unsent(self, indices: Iterable[int], error: str) -> None:
        """Records that never reached the producer's queue count as failed deliveries."""
        finished = False
        with self._lock:
            for index in indices:
                self.failed.add(index)
                self._remaining -= 1
            self.errors.append(error)
            finished = self._remaining == 0
        if finished:
            self._finish()

    def _finish(self) -> None:
        self._done.set()
        if self._future is not None and self._loop is not None:
            future = self._future
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting any more
                self._loop.call_soon_threadsafe(_resolve, future)

    @property
    def ok(self) -> bool:
        return self._done.is_set() and not self.failed

    async def wait(self, timeout_s: float) -> bool:
        """True when every record got an answer in time (check `failed` for the bad ones)."""
        assert self._future is not None, "created without an event loop; use wait_sync"
        try:
            await asyncio.wait_for(asyncio.shield(self._future), timeout_s)
        except TimeoutError:
            return False
        return True

    def wait_sync(self, timeout_s: float) -> bool:
        return self._done.wait(timeout_s)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class AckingProducer:
    """Produces batches of records and reports each batch's acknowledgement.

    It drives its own librdkafka `Producer`, built from the platform's `producer_config` (acks=all,
    idempotence, murmur2_random, lz4), instead of going through `EventProducer.send_raw`, whose
    per-record `poll(0)` and retry loop cost ~5 us per reading on the event loop; here one thread polls.
    """

    def __init__(self, settings: PlatformSettings, *, produce_timeout_s: float, max_pending: int = 50_000,
                 topic_suffix: str = "") -> None:
        # message.timeout.ms bounds how long a record may wait for the broker: after it librdkafka reports
        # it failed (never delivers it later behind our back), so a 503 reply is definitive for the caller.
        self._producer = Producer(producer_config(settings, **{"message.timeout.ms": int(produce_timeout_s * 1000)}))
        self.produce_timeout_s = produce_timeout_s
        # Records waiting for the broker beyond this are refused at once (503) instead of filling
        # librdkafka's queue, whose "queue full" would otherwise have to be waited out on the event loop.
        self.max_pending = max_pending
        self.topic_suffix = topic_suffix  # benchmarks: produce to `<topic><suffix>`, same schemas
        self._encoders: dict[str, WireEncoder] = {}
        self._settings = settings
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None

    def encoder(self, topic: str) -> WireEncoder:
        encoder = self._encoders.get(topic)
        if encoder is None:
            encoder = self._encoders[topic] = WireEncoder(self._settings, topic)
        return encoder

    def start(self) -> AckingProducer:
        if self._poller is None:
            self._poller = threading.Thread(target=self._poll_forever, name="ingest-producer-poll", daemon=True)
            self._poller.start()
        return self

    def _poll_forever(self) -> None:
        while not self._stop.is_set():
            self._producer.poll(0.05)  # waits in librdkafka with the GIL released; serves delivery callbacks

    def pending(self) -> int:
        return len(self._producer)

    def produce(self, records: list[Outgoing], loop: asyncio.AbstractEventLoop | None = None) -> DeliveryBatch:
        """Encode and enqueue `records`; the returned batch completes when the broker answered for all.

        Raises nothing for broker trouble: records that cannot be encoded or enqueued are marked failed.
        """
        batch = DeliveryBatch(len(records), loop)
        if records and len(self._producer) + len(records) > self.max_pending:
            for record in records:
                PRODUCE_FAILURES.labels(record.topic).inc()
            batch.fail_unsent(range(len(records)), "producer backlog full: the broker is slow or down")
            return batch
        produce = self._producer.produce
        on_delivery = batch.on_delivery
        keys: dict[str, bytes] = {}  # an HTTP request is one user: encode its key once
        for index, record in enumerate(records):
            try:
                key = keys.get(record.key)
                if key is None:
                    key = keys[record.key] = record.key.encode()
                produce(record.topic + self.topic_suffix, self.encoder(record.topic).encode(record.value), key,
                        on_delivery=partial(on_delivery, index))
            except Exception as error:  # noqa: BLE001 - registry down, queue full: a failed delivery
                PRODUCE_FAILURES.labels(record.topic).inc()
                log.error("produce_enqueue_failed", topic=record.topic, error=type(error).__name__)
                batch.fail_unsent(range(index, len(records)), f"{type(error).__name__}: {error}")
                break
        return batch

    def close(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        if self._poller is not None:
            self._poller.join(timeout_s)
        remaining = self._producer.flush(timeout_s)
        if remaining:
            log.error("producer_closed_with_pending", pending=remaining)
