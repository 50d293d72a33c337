"""IngestPipeline with a fake broker and a fake reading_ids store: dedup, publish, acks, rejected records."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from services.common.contracts import Topic
from services.ingest.adapters.idempotency import Deduplicator, RecentIds
from services.ingest.domain import validate_reading
from services.ingest.pipeline import MAX_REJECTED_PAYLOAD_CHARS, DependencyUnavailable, IngestPipeline, Item


def items(raws: list[dict[str, Any]], now_ms: int, channel: str = "http") -> list[Item]:
    return [Item(validate_reading(raw, now_ms=now_ms, channel=channel), raw, "u-123", "cuff-7") for raw in raws]


async def test_accepted_and_rejected_are_published_in_order(pipeline, fake_producer, make_reading, now_ms):
    raws = [make_reading(reading_id="r-1"), make_reading(reading_id="r-2", value={"systolic": 0, "diastolic": 0}),
            make_reading("heart_rate", reading_id="r-3")]
    reply = await pipeline.submit(items(raws, now_ms), "http")
    assert reply.accepted == ["r-1", "r-3"]
    assert reply.rejected == [{"reading_id": "r-2", "reasons": ["implausible_value"]}]
    assert reply.warnings == []
    published = fake_producer.values(Topic.READINGS)
    assert [value["reading_id"] for value in published] == ["r-1", "r-3"]
    assert all(value["ingested_at"] == now_ms and value["channel"] == "http" for value in published)
    assert [record.key for record in fake_producer.sent if record.topic == Topic.READINGS] == ["u-123", "u-123"]
    [rejected] = fake_producer.values(Topic.READINGS_REJECTED)
    assert rejected["reasons"] == ["implausible_value"]
    assert rejected["reading_id"] == "r-2" and rejected["user_id"] == "u-123" and rejected["device_id"] == "cuff-7"
    assert '"systolic":0' in rejected["payload"]
    assert rejected["channel"] == "http"


async def test_resend_is_a_duplicate_and_not_published_again(pipeline, fake_producer, fake_store, make_reading,
                                                             now_ms):
    batch = [make_reading(reading_id="r-1"), make_reading(reading_id="r-2")]
    await pipeline.submit(items(batch, now_ms), "http")
    reply = await pipeline.submit(items(batch, now_ms), "http")  # before the sink stored the keys: memory answers
    assert reply.accepted == ["r-1", "r-2"]
    assert reply.warnings == [{"reading_id": "r-1", "code": "duplicate"}, {"reading_id": "r-2", "code": "duplicate"}]
    assert len(fake_producer.values(Topic.READINGS)) == 2
    assert fake_store.lookups == 1  # the resend did not even need the record


async def test_known_to_the_store_only_is_a_duplicate(fake_producer, fake_store, make_reading, now_ms):
    """Another replica published it and the sink stored it: this process has no memory of it, the store does."""
    fake_store.keys.add(("u-123", "r-1"))
    pipeline = IngestPipeline(fake_producer, Deduplicator(fake_store, RecentIds(10)))  # type: ignore[arg-type]
    reply = await pipeline.submit(items([make_reading(reading_id="r-1")], now_ms), "http")
    assert reply.warnings == [{"reading_id": "r-1", "code": "duplicate"}]
    assert fake_producer.values(Topic.READINGS) == []


async def test_a_repeated_id_within_one_request_counts_once(pipeline, fake_producer, make_reading, now_ms):
    raws = [make_reading(reading_id="r-1"), make_reading(reading_id="r-1"), make_reading(reading_id="r-2")]
    reply = await pipeline.submit(items(raws, now_ms), "http")
    assert reply.accepted == ["r-1", "r-2"]
    assert reply.warnings == [{"reading_id": "r-1", "code": "duplicate"}]
    assert [value["reading_id"] for value in fake_producer.values(Topic.READINGS)] == ["r-1", "r-2"]


async def test_late_data_warning_is_reported(pipeline, make_reading, now_ms):
    reply = await pipeline.submit(items([make_reading(measured_at="2026-11-01T07:55:00-05:00")], now_ms), "http")
    assert reply.warnings == [{"reading_id": "r-0001", "code": "late_data"}]


async def test_broker_failure_is_503_and_nothing_is_remembered(pipeline, fake_producer, fake_store, make_reading,
                                                               now_ms):
    fake_producer.fail_all = True
    with pytest.raises(DependencyUnavailable) as raised:
        await pipeline.submit(items([make_reading(reading_id="r-1")], now_ms), "http")
    assert raised.value.dependency == "kafka"
    fake_producer.fail_all = False  # the broker is back: the resend is published, not called a duplicate
    reply = await pipeline.submit(items([make_reading(reading_id="r-1")], now_ms), "http")
    assert reply.warnings == []
    assert [value["reading_id"] for value in fake_producer.values(Topic.READINGS)] == ["r-1"]


async def test_partly_acked_request_remembers_only_what_the_broker_took(pipeline, fake_producer, make_reading,
                                                                        now_ms):
    fake_producer.fail_reading_ids = {"r-2"}
    batch = [make_reading(reading_id="r-1"), make_reading(reading_id="r-2")]
    with pytest.raises(DependencyUnavailable):
        await pipeline.submit(items(batch, now_ms), "http")
    fake_producer.fail_reading_ids = set()
    reply = await pipeline.submit(items(batch, now_ms), "http")
    assert reply.warnings == [{"reading_id": "r-1", "code": "duplicate"}]
    assert [value["reading_id"] for value in fake_producer.values(Topic.READINGS)] == ["r-1", "r-2"]


async def test_rejected_topic_failure_also_fails_the_request(pipeline, fake_producer, make_reading, now_ms):
    fake_producer.fail_topics = {Topic.READINGS_REJECTED}
    with pytest.raises(DependencyUnavailable):
        await pipeline.submit(items([make_reading(value={"systolic": 0, "diastolic": 0})], now_ms), "http")


async def test_store_lookup_failure_is_503_before_anything_is_published(pipeline, fake_producer, fake_store,
                                                                        make_reading, now_ms):
    fake_store.fail_lookup = True
    with pytest.raises(DependencyUnavailable) as raised:
        await pipeline.submit(items([make_reading()], now_ms), "http")
    assert raised.value.dependency == "cassandra"
    assert fake_producer.sent == []


async def test_concurrent_requests_with_the_same_id_publish_once(pipeline, fake_producer, fake_store, make_reading,
                                                                 now_ms):
    fake_store.delay_s = 0.02  # both requests are inside the store lookup at the same time
    replies = await asyncio.gather(*(pipeline.submit(items([make_reading(reading_id="r-1")], now_ms), "http")
                                     for _ in range(3)))
    assert [value["reading_id"] for value in fake_producer.values(Topic.READINGS)] == ["r-1"]
    assert sorted(len(reply.warnings) for reply in replies) == [0, 1, 1]


async def test_rejected_payload_is_truncated(pipeline, fake_producer, make_reading, now_ms):
    huge = make_reading(reading_id="r-1", note="x" * (2 * MAX_REJECTED_PAYLOAD_CHARS), value={"systolic": 0})
    await pipeline.submit(items([huge], now_ms), "http")
    [rejected] = fake_producer.values(Topic.READINGS_REJECTED)
    assert len(rejected["payload"]) <= MAX_REJECTED_PAYLOAD_CHARS + 20
    assert rejected["payload"].endswith("[truncated]")


async def test_reading_without_valid_ids_is_rejected_under_the_hint_user(pipeline, fake_producer, now_ms):
    reply = await pipeline.submit([Item(validate_reading("not an object", now_ms=now_ms, channel="http"),
                                        "not an object", "u-123", "cuff-7")], "http")
    assert reply.rejected == [{"reading_id": None, "reasons": ["invalid_value"]}]
    [record] = [record for record in fake_producer.sent if record.topic == Topic.READINGS_REJECTED]
    assert record.key == "u-123"
    assert record.value["payload"] == '"not an object"'
