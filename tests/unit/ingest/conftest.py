"""Fixtures for the ingest domain tests: a fixed clock and a factory of valid raw readings."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

# 2026-11-25T12:55:00Z, i.e. 07:55 in UTC-05:00: the DESIGN.md example reading's instant.
NOW = datetime(2026, 11, 25, 12, 55, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)

VALID_VALUES: dict[str, dict[str, Any]] = {
    "blood_pressure": {"systolic": 128, "diastolic": 82, "pulse": 70},
    "heart_rate": {"bpm": 64},
    "steps": {"count": 1200, "interval_s": 900},
    "sleep": {"duration_min": 431, "efficiency": 0.91},
    "weight": {"kg": 81.4},
}

MakeReading = Callable[..., dict[str, Any]]


@pytest.fixture
def now_ms() -> int:
    return NOW_MS


@pytest.fixture
def make_reading() -> MakeReading:
    """A valid raw HTTP reading for `metric`; keyword overrides replace top-level fields, `value` too."""

    def build(metric: Any = "blood_pressure", **overrides: Any) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "reading_id": "r-0001",
            "user_id": "u-123",
            "device_id": "cuff-7",
            "metric": metric,
            "measured_at": "2026-11-25T07:55:00-05:00",
            "value": copy.deepcopy(VALID_VALUES.get(metric, {})) if isinstance(metric, str) else {},
            "source": "sensed",
        }
        raw.update(overrides)
        return raw

    return build


# --- Fakes of the ingest adapters' neighbours (Kafka producer, Cassandra reading_ids) ---------------------


class FakeMessage:
    def __init__(self, topic: str) -> None:
        self._topic = topic

    def topic(self) -> str:
        return self._topic


class FakeProducer:
    """Stands in for AckingProducer: the broker "acks" at once, or fails the records it is told to."""

    produce_timeout_s = 1.0

    def __init__(self) -> None:
        self.sent: list[Any] = []
        self.fail_all = False
        self.fail_topics: set[str] = set()
        self.fail_reading_ids: set[str] = set()
        self.never_answer = False

    def produce(self, records: list[Any], loop: Any = None) -> Any:
        from confluent_kafka import KafkaError

        from services.ingest.adapters.kafka import DeliveryBatch

        batch = DeliveryBatch(len(records), loop)
        if self.never_answer:
            return batch
        for index, record in enumerate(records):
            failed = (self.fail_all or record.topic in self.fail_topics
                      or record.value.get("reading_id") in self.fail_reading_ids)
            if not failed:
                self.sent.append(record)
            batch.on_delivery(index, KafkaError(KafkaError._MSG_TIMED_OUT) if failed else None,
                              FakeMessage(record.topic))
        return batch

    def values(self, topic: str) -> list[dict[str, Any]]:
        return [record.value for record in self.sent if record.topic == topic]


class FakeStore:
    """Stands in for ReadingIdStore: `keys` are the reading_ids rows the sink has stored."""

    def __init__(self) -> None:
        self.keys: set[tuple[str, str]] = set()
        self.lookups = 0
        self.fail_lookup = False
        self.delay_s = 0.0

    async def seen(self, keys: Any) -> set[tuple[str, str]]:
        import asyncio

        from services.ingest.adapters.idempotency import StoreUnavailable

        keys = list(keys)
        self.lookups += 1
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.fail_lookup:
            raise StoreUnavailable("down")
        return {key for key in keys if key in self.keys}


@pytest.fixture
def fake_producer() -> FakeProducer:
    return FakeProducer()


@pytest.fixture
def fake_store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def pipeline(fake_producer: FakeProducer, fake_store: FakeStore) -> Any:
    from services.ingest.adapters.idempotency import Deduplicator, RecentIds
    from services.ingest.pipeline import IngestPipeline

    return IngestPipeline(fake_producer, Deduplicator(fake_store, RecentIds(1000)))  # type: ignore[arg-type]
