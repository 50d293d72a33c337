"""Raw-topic validator: `python -m services.ingest.validator` (health on HEARTWISE_INGEST_VALIDATOR_HEALTH_PORT).

IoT bridges write readings.raw.v1 (RawReading: the JSON text as sent, its media type, the bridge, when).
Each polled batch is parsed here, validated by the same domain rules as the HTTP door and handed to the
same pipeline (dedup, readings.v1 / readings.rejected.v1, wait for the broker's acks), then committed:
at-least-once. A payload that is not JSON, or not a readings body, a reading or a FHIR resource, is one
rejected record (`invalid_value`) with the text as received. Records the registry cannot decode go to
readings.raw.v1.dlq (the platform consumer does that). Kafka or Cassandra trouble raises TransientError:
the batch is retried with backoff and committed only once it went through.
"""

from __future__ import annotations

import asyncio
import json
import time

from services.common.contracts import Topic
from services.common.health import serve_health_in_thread
from services.common.kafka import AtLeastOnceConsumer, Record, TransientError
from services.common.logging import configure_logging, get_logger
from services.ingest.adapters.cassandra import connect_cassandra
from services.ingest.adapters.idempotency import Deduplicator, ReadingIdStore, RecentIds
from services.ingest.adapters.kafka import AckingProducer, IngestCodec
from services.ingest.adapters.worker import dependency_checks, run_until_stopped
from services.ingest.config import get_settings
from services.ingest.domain import ValidationOutcome, map_fhir, rules, validate_reading
from services.ingest.pipeline import DependencyUnavailable, IngestPipeline, Item

log = get_logger(__name__)

JSON = "application/json"
FHIR_JSON = "application/fhir+json"


def _refused(detail: str, text: str, key: str | None) -> Item:
    outcome = ValidationOutcome(reading_id=None, reading=None, reasons=(rules.INVALID_VALUE,), warnings=(),
                                detail=f"{rules.INVALID_VALUE}: {detail}")
    return Item(outcome, None, user_hint=key, payload_text=text)


def _fhir_items(payload: object, key: str | None, now_ms: int) -> list[Item]:
    """FHIR through the raw topic: the same mapping as HTTP, channel `raw_topic` (the door it came by)."""
    items = []
    resources: list[object] = [payload]
    if isinstance(payload, dict) and payload.get("resourceType") == "Bundle" and isinstance(payload.get("entry"), list):
        resources = [e.get("resource", e) if isinstance(e, dict) else e for e in payload["entry"]]
    mappings = map_fhir(payload)
    if len(mappings) != len(resources):
        resources = [payload] * len(mappings)
    for mapping, resource in zip(mappings, resources, strict=True):
        if mapping.reading is not None:
            outcome = validate_reading(mapping.reading, now_ms=now_ms, channel=rules.CHANNEL_RAW_TOPIC)
        else:
            reason = mapping.reason or rules.INVALID_VALUE
            outcome = ValidationOutcome(reading_id=mapping.reading_id, reading=None, reasons=(reason,), warnings=(),
                                        detail=f"{reason}: entry {mapping.index}: {mapping.detail}")
        items.append(Item(outcome, resource, user_hint=key))
    return items


def items_from_raw(value: dict[str, object], key: str | None, now_ms: int) -> list[Item]:
    """The readings of one RawReading, validated (pure: the clock comes in as `now_ms`)."""
    text = value.get("payload")
    if not isinstance(text, str):
        return [_refused("payload is not text", repr(text), key)]
    content_type = str(value.get("content_type") or JSON).split(";", 1)[0].strip().lower()
    if content_type not in (JSON, FHIR_JSON):
        return [_refused(f"content_type must be {JSON} or {FHIR_JSON}", text, key)]
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError):
        return [_refused("payload is not valid JSON", text, key)]
    if content_type == FHIR_JSON:
        return _fhir_items(payload, key, now_ms)
    if isinstance(payload, dict) and "readings" in payload:
        readings = payload["readings"]
        if not isinstance(readings, list):
            return [_refused("payload.readings must be an array", text, key)]
    elif isinstance(payload, dict):
        readings = [payload]  # a single reading
    else:
        return [_refused("payload must be {\"readings\": [...]} or one reading object", text, key)]
    return [Item(validate_reading(raw, now_ms=now_ms, channel=rules.CHANNEL_RAW_TOPIC), raw, user_hint=key)
            for raw in readings]


class RawValidator:
    """The batch handler: every raw record of a poll -> one pipeline submission -> commit."""

    def __init__(self, pipeline: IngestPipeline, loop: asyncio.AbstractEventLoop) -> None:
        self.pipeline = pipeline
        self.loop = loop

    def handle(self, records: list[Record]) -> None:
        # Judged against this process's clock, as the HTTP door does (the record timestamp is the bridge's
        # clock, which we do not trust for the future-timestamp rule).
        now_ms = int(time.time() * 1000)
        items: list[Item] = []
        for record in records:
            items.extend(items_from_raw(record.value, record.key, now_ms))
        try:
            self.loop.run_until_complete(self.pipeline.submit(items, rules.CHANNEL_RAW_TOPIC))
        except DependencyUnavailable as error:
            log.warning("validator_retry", dependency=error.dependency, records=len(records))
            raise TransientError(error.reason) from error


def main() -> None:
    settings = get_settings()
    platform = settings.platform
    configure_logging(platform.log_level, platform.log_json)
    cluster, session = connect_cassandra(platform)
    producer = AckingProducer(platform, produce_timeout_s=settings.produce_timeout_s,
                              topic_suffix=settings.topic_suffix).start()
    loop = asyncio.new_event_loop()
    store = ReadingIdStore(session, timeout_s=settings.dedup_timeout_s)
    pipeline = IngestPipeline(producer, Deduplicator(store, RecentIds(settings.recent_ids_capacity)))
    validator = RawValidator(pipeline, loop)
    consumer = AtLeastOnceConsumer([Topic.READINGS_RAW + settings.topic_suffix],
                                   platform.consumer_group("ingest-validator"), validator.handle, settings=platform,
                                   codec=IngestCodec(platform, settings.topic_suffix),
                                   batch_size=settings.validator_batch_size,
                                   extra_config={"session.timeout.ms": settings.consumer_session_timeout_ms})
    health = serve_health_in_thread(settings.validator_health_port, dependency_checks(platform, session))
    log.info("validator_started", health_port=settings.validator_health_port)
    try:
        run_until_stopped(consumer, "validator")
    finally:
        consumer.close()
        producer.close()
        health.shutdown()
        loop.close()
        cluster.shutdown()


if __name__ == "__main__":
    main()
