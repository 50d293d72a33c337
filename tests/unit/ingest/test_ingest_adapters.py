"""Pure parts of the ingest adapters: throttle, recent-id LRU, delivery counting, Cassandra rows, raw payloads."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest
from cassandra.query import UNSET_VALUE
from confluent_kafka import KafkaError

from services.ingest.adapters.idempotency import Deduplicator, RecentIds, StoreUnavailable
from services.ingest.adapters.kafka import DeliveryBatch
from services.ingest.adapters.rows import (
    COLUMNS,
    INSERT_READING_ID,
    group_by_partition,
    id_values_of,
    month_of,
    row_of,
)
from services.ingest.throttle import UserThrottle
from services.ingest.validator import items_from_raw


class _Message:
    def topic(self) -> str:
        return "readings.v1"


# --- throttle ----------------------------------------------------------------------------------------------


def test_throttle_allows_a_burst_then_refuses():
    throttle = UserThrottle(rate_per_s=10, burst=3, max_users=10)
    assert [throttle.allow("u", 100.0) for _ in range(4)] == [True, True, True, False]
    assert throttle.retry_after_s("u", 100.0) == 1


def test_throttle_refills_at_the_rate():
    throttle = UserThrottle(rate_per_s=10, burst=1, max_users=10)
    assert throttle.allow("u", 0.0)
    assert not throttle.allow("u", 0.05)  # half a token
    assert throttle.allow("u", 0.1001)  # one token after 1/rate s


def test_throttle_is_per_user():
    throttle = UserThrottle(rate_per_s=1, burst=1, max_users=10)
    assert throttle.allow("a", 0.0)
    assert not throttle.allow("a", 0.0)
    assert throttle.allow("b", 0.0)


def test_throttle_forgets_the_idlest_user_beyond_its_capacity():
    throttle = UserThrottle(rate_per_s=1, burst=1, max_users=2)
    for user in ("a", "b", "c"):
        throttle.allow(user, 0.0)
    assert len(throttle) == 2
    assert throttle.allow("a", 0.0)  # forgotten, so a fresh bucket
    assert not throttle.allow("c", 0.0)


def test_throttle_at_the_plan_rate_holds_a_flood_to_1000_requests_per_second():
    throttle = UserThrottle(rate_per_s=1000, burst=1000, max_users=10)
    # 5,000 requests/s for 10 s: the full bucket (1,000) plus 1,000 per second, nothing more.
    allowed = sum(throttle.allow("u", i / 5000) for i in range(50_000))
    assert 10_990 <= allowed <= 11_000


def test_throttle_refuses_nonsense_settings():
    with pytest.raises(ValueError, match="rate_per_s"):
        UserThrottle(rate_per_s=0, burst=1, max_users=1)


# --- idempotency -------------------------------------------------------------------------------------------


def test_recent_ids_is_bounded_and_forgets_the_oldest():
    recent = RecentIds(capacity=2)
    recent.add_many([("u", "1"), ("u", "2")])
    recent.add_many([("u", "1")])  # refreshed: now the newest
    recent.add_many([("u", "3")])
    assert ("u", "2") not in recent
    assert ("u", "1") in recent and ("u", "3") in recent
    assert len(recent) == 2


async def test_claim_without_a_store_uses_memory_only():
    dedup = Deduplicator(None, RecentIds(10))
    new, dups = await dedup.claim([("u", "1")])
    assert new == [("u", "1")] and dups == set()
    dedup.release(new, published=True)
    assert await dedup.claim([("u", "1")]) == ([], {("u", "1")})


async def test_a_failed_lookup_leaves_nothing_claimed(fake_store):
    fake_store.fail_lookup = True
    dedup = Deduplicator(fake_store, RecentIds(10))  # type: ignore[arg-type]
    with pytest.raises(StoreUnavailable):
        await dedup.claim([("u", "1")])
    assert dedup.in_flight == 0


async def test_a_waiter_becomes_the_publisher_when_the_first_attempt_fails():
    dedup = Deduplicator(None, RecentIds(10))
    first, _ = await dedup.claim([("u", "1")])
    second = asyncio.create_task(dedup.claim([("u", "1")]))
    await asyncio.sleep(0.01)
    assert not second.done()  # waits for the first request's outcome
    dedup.release(first, published=False)
    assert await second == ([("u", "1")], set())


# --- delivery counting -------------------------------------------------------------------------------------


async def test_delivery_batch_resolves_when_the_last_record_is_answered_from_another_thread():
    batch = DeliveryBatch(3, asyncio.get_running_loop())

    def broker() -> None:
        for index in range(3):
            batch.on_delivery(index, KafkaError(KafkaError._MSG_TIMED_OUT) if index == 1 else None, _Message())

    threading.Thread(target=broker).start()
    assert await batch.wait(2.0)
    assert batch.failed == {1}
    assert not batch.ok


async def test_delivery_batch_times_out_when_the_broker_never_answers():
    batch = DeliveryBatch(1, asyncio.get_running_loop())
    assert not await batch.wait(0.05)


def test_empty_delivery_batch_is_done_at_once():
    batch = DeliveryBatch(0)
    assert batch.wait_sync(0) and batch.ok


def test_unsent_records_count_as_failed():
    batch = DeliveryBatch(3)
    batch.on_delivery(0, None, _Message())
    batch.fail_unsent(range(1, 3), "registry down")
    assert batch.wait_sync(0)
    assert batch.failed == {1, 2}
    assert batch.errors == ["registry down"]


# --- Cassandra rows ----------------------------------------------------------------------------------------


def _reading(**overrides: Any) -> dict[str, Any]:
    value = dict.fromkeys(("systolic", "diastolic", "pulse", "bpm", "count", "interval_s", "duration_min",
                           "efficiency", "kg"))
    value.update(systolic=128, diastolic=82)
    reading = {"reading_id": "r-1", "user_id": "u-1", "device_id": "cuff-7", "metric": "blood_pressure",
               "measured_at": 1_764_075_300_000, "utc_offset_min": -300, "source": "sensed", "value": value,
               "flags": [], "channel": "http", "ingested_at": 1_764_075_301_000}
    reading.update(overrides)
    return reading


def test_month_bucket_is_utc():
    assert month_of(1_767_225_599_999) == "2025-12"  # 2025-12-31T23:59:59.999Z
    assert month_of(1_767_225_600_000) == "2026-01"  # 2026-01-01T00:00:00Z


def test_row_binds_every_column_and_leaves_absent_values_unset():
    row = dict(zip(COLUMNS, row_of(_reading()), strict=True))
    assert row["user_id"] == "u-1" and row["metric"] == "blood_pressure" and row["month"] == "2025-11"
    assert row["measured_at"] == 1_764_075_300_000 and row["ingested_at"] == 1_764_075_301_000
    assert row["systolic"] == 128 and row["diastolic"] == 82
    for column in ("pulse", "bpm", "step_count", "interval_s", "duration_min", "efficiency", "kg", "flags"):
        assert row[column] is UNSET_VALUE, column


def test_row_maps_steps_count_and_flags():
    value = dict.fromkeys(("systolic", "diastolic", "pulse", "bpm", "duration_min", "efficiency", "kg"))
    reading = _reading(metric="steps", value={**value, "count": 1200, "interval_s": 900}, flags=["late_data"])
    row = dict(zip(COLUMNS, row_of(reading), strict=True))
    assert row["step_count"] == 1200 and row["interval_s"] == 900
    assert row["flags"] == {"late_data"}


def test_the_idempotency_key_of_a_row_matches_reading_ids_columns():
    assert id_values_of(row_of(_reading())) == ("u-1", "r-1", "blood_pressure", 1_764_075_300_000)
    assert INSERT_READING_ID.split("(")[1].split(")")[0] == "user_id, reading_id, metric, measured_at"


def test_row_of_something_else_raises():
    with pytest.raises(KeyError):
        row_of({"reading_id": "r-1"})


def test_rows_are_grouped_by_partition_in_arrival_order():
    rows = [row_of(_reading(reading_id="a")), row_of(_reading(reading_id="b", metric="heart_rate")),
            row_of(_reading(reading_id="c")), row_of(_reading(reading_id="d", user_id="u-2"))]
    groups = group_by_partition(rows)
    assert [[row[4] for row in group] for group in groups.values()] == [["a", "c"], ["b"], ["d"]]


# --- raw-topic payloads ------------------------------------------------------------------------------------


def _raw(payload: str, content_type: str = "application/json") -> dict[str, Any]:
    return {"payload": payload, "content_type": content_type, "bridge_id": "bridge-1", "received_at": 0}


def test_raw_readings_body(make_reading, now_ms):
    payload = json.dumps({"readings": [make_reading(reading_id="r-1"), make_reading(reading_id="r-2")]})
    items = items_from_raw(_raw(payload), "u-123", now_ms)
    assert [item.outcome.reading_id for item in items] == ["r-1", "r-2"]
    assert all(item.outcome.accepted and item.outcome.reading["channel"] == "raw_topic" for item in items)


def test_raw_single_reading(make_reading, now_ms):
    [item] = items_from_raw(_raw(json.dumps(make_reading())), "u-123", now_ms)
    assert item.outcome.accepted


@pytest.mark.parametrize(("payload", "content_type"), [
    ("{not json", "application/json"),
    ("[1, 2]", "application/json"),
    ('{"readings": 5}', "application/json"),
    ("{}", "text/csv"),
    ("[" * 100_000, "application/json"),
])
def test_unusable_raw_payload_is_one_invalid_value_rejection_with_the_text(payload, content_type, now_ms):
    [item] = items_from_raw(_raw(payload, content_type), "u-123", now_ms)
    assert item.outcome.reasons == ("invalid_value",)
    assert item.payload_text == payload
    assert item.user_hint == "u-123"


def test_raw_fhir_bundle_is_channel_raw_topic(now_ms):
    observation = {
        "resourceType": "Observation", "id": "hr-1", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "subject": {"reference": "Patient/u-123"}, "device": {"reference": "Device/watch-1"},
        "effectiveDateTime": "2026-11-25T07:55:00-05:00", "valueQuantity": {"value": 64, "code": "/min"}}
    unmapped = {**observation, "id": "x-1", "code": {"coding": [{"system": "http://loinc.org", "code": "0000-0"}]}}
    bundle = {"resourceType": "Bundle", "entry": [{"resource": observation}, {"resource": unmapped}]}
    first, second = items_from_raw(_raw(json.dumps(bundle), "application/fhir+json"), "u-123", now_ms)
    assert first.outcome.accepted and first.outcome.reading["channel"] == "raw_topic"
    assert first.outcome.reading["value"]["bpm"] == 64
    assert second.outcome.reasons == ("unknown_metric",) and second.payload == unmapped
