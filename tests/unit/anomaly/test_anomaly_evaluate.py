"""evaluate_reading as a whole: record shape, every metric, purity, determinism, bounded state."""

from __future__ import annotations

import copy
import io
import json
import random
import uuid
from collections.abc import Callable
from typing import Any

import fastavro
import pytest

from services.anomaly.domain import DEFAULT_RULES, DISCLAIMER, anomaly_id, evaluate_reading, new_state
from services.common.contracts import Topic, parsed_schema

MakeReading = Callable[..., dict[str, Any]]
T0 = 1_795_611_300_000
MINUTE = 60_000

ANOMALY_FIELDS = {
    "anomaly_id",
    "user_id",
    "reading_id",
    "metric",
    "kind",
    "severity",
    "category",
    "message",
    "disclaimer",
    "observed_value",
    "baseline_value",
    "measured_at",
    "detected_at",
    "ingested_at",
}

EVERY_METRIC = [
    ("blood_pressure", {"systolic": 128, "diastolic": 82, "pulse": 70}),
    ("heart_rate", {"bpm": 64}),
    ("steps", {"count": 1200, "interval_s": 900}),
    ("steps", {"count": 9000, "interval_s": 86_400}),
    ("sleep", {"duration_min": 431.0, "efficiency": 0.91}),
    ("weight", {"kg": 81.4}),
]


def assert_valid_anomaly(anomaly: dict[str, Any]) -> None:
    assert set(anomaly) == ANOMALY_FIELDS
    assert anomaly["disclaimer"] == DISCLAIMER
    buffer = io.BytesIO()  # the record encodes with the real anomalies.v1 schema
    fastavro.schemaless_writer(buffer, parsed_schema(Topic.ANOMALIES), anomaly)
    buffer.seek(0)
    assert fastavro.schemaless_reader(buffer, parsed_schema(Topic.ANOMALIES)) == anomaly


@pytest.mark.parametrize(("metric", "values"), EVERY_METRIC)
def test_every_metric_is_handled(make_reading: MakeReading, metric: str, values: dict[str, Any]) -> None:
    state = None
    for i in range(12):
        reading = make_reading(metric, at=T0 + i * 86_400_000, **values)
        state, anomalies = evaluate_reading(state, reading, now_ms=reading["ingested_at"] + 3)
        assert anomalies == []  # a steady user raises nothing
    assert state is not None
    assert state["last_metric"] == metric
    assert state["last_at"] == T0 + 11 * 86_400_000
    json.dumps(state)  # plain JSON


@pytest.mark.parametrize(
    ("metric", "values"),
    [
        ("blood_pressure", {"systolic": 250, "diastolic": 120, "pulse": 210}),
        ("heart_rate", {"bpm": 35}),
    ],
)
def test_anomalies_have_the_exact_anomalies_v1_shape(
    make_reading: MakeReading, metric: str, values: dict[str, Any]
) -> None:
    reading = make_reading(metric, **values)
    _state, anomalies = evaluate_reading(None, reading, now_ms=T0 + 777)
    assert anomalies
    for a in anomalies:
        assert_valid_anomaly(a)
        assert a["user_id"] == reading["user_id"]
        assert a["reading_id"] == reading["reading_id"]
        assert a["measured_at"] == reading["measured_at"]
        assert a["ingested_at"] == reading["ingested_at"]
        assert a["detected_at"] == max(T0 + 777, reading["ingested_at"])


def test_detected_at_is_stream_time_but_never_before_the_reading_arrived(make_reading: MakeReading) -> None:
    reading = make_reading("heart_rate", bpm=212)
    arrived = reading["ingested_at"]
    [early] = evaluate_reading(None, reading, now_ms=reading["measured_at"])[1]  # stream time behind arrival
    [late] = evaluate_reading(None, reading, now_ms=arrived + 60_000)[1]  # a backlog: stream time moved on
    assert early["detected_at"] == arrived
    assert late["detected_at"] == arrived + 60_000


def test_outlier_conflict_and_stale_records_encode_with_the_schema(make_reading: MakeReading) -> None:
    from services.anomaly.domain import evaluate_staleness

    state = None
    found: list[dict[str, Any]] = []
    for i in range(12):
        state, _ = evaluate_reading(state, make_reading("weight", at=T0 + i * 86_400_000, kg=80.0), now_ms=T0)
    t = T0 + 12 * 86_400_000
    state, anomalies = evaluate_reading(state, make_reading("weight", at=t, kg=86.0), now_ms=t)
    found += anomalies
    state, anomalies = evaluate_reading(
        state, make_reading("weight", at=t + MINUTE, device_id="scale-2", kg=80.0), now_ms=t
    )
    found += anomalies
    _fired, anomalies = evaluate_staleness("u-123", state, t + 8 * 86_400_000)
    found += anomalies
    assert {a["kind"] for a in found} == {"outlier", "conflict", "stale_data"}
    for a in found:
        assert_valid_anomaly(a)


def test_input_state_is_never_modified(make_reading: MakeReading) -> None:
    state = None
    for i in range(15):
        state, _ = evaluate_reading(
            state,
            make_reading("blood_pressure", at=T0 + i * MINUTE * 3, systolic=120 + i % 3, diastolic=80),
            now_ms=T0,
        )
    snapshot = copy.deepcopy(state)
    for metric, values in EVERY_METRIC:
        evaluate_reading(state, make_reading(metric, at=T0 + 30 * MINUTE, device_id="other", **values), now_ms=T0)
    evaluate_reading(state, make_reading("blood_pressure", at=T0 + 50 * MINUTE, systolic=250, diastolic=130), now_ms=T0)
    assert state == snapshot


def test_a_replay_yields_the_same_ids(make_reading: MakeReading) -> None:
    state, _ = evaluate_reading(
        None, make_reading("blood_pressure", at=T0, device_id="cuff-a", systolic=120, diastolic=80), now_ms=T0
    )
    reading = make_reading("blood_pressure", at=T0 + MINUTE, device_id="cuff-b", systolic=230, diastolic=125, pulse=205)
    _s1, first = evaluate_reading(state, reading, now_ms=T0 + 10)
    _s2, again = evaluate_reading(copy.deepcopy(state), copy.deepcopy(reading), now_ms=T0 + 99_999)
    assert len(first) == 3  # crisis, fast pulse, conflict
    assert [a["anomaly_id"] for a in first] == [a["anomaly_id"] for a in again]
    assert len({a["anomaly_id"] for a in first}) == 3


def test_a_duplicate_reading_leaves_the_state_alone_and_repeats_its_ids(make_reading: MakeReading) -> None:
    reading = make_reading("heart_rate", bpm=210, device_id="watch-2")
    state, first = evaluate_reading(None, reading, now_ms=T0)
    state_again, again = evaluate_reading(state, reading, now_ms=T0 + 5)
    assert state_again is state  # nothing to write
    assert [a["anomaly_id"] for a in again] == [a["anomaly_id"] for a in first]


def test_anomaly_id_is_a_deterministic_uuid5() -> None:
    one = anomaly_id("u-1", "r-1", "threshold", "hypertensive_crisis")
    assert one == anomaly_id("u-1", "r-1", "threshold", "hypertensive_crisis")
    assert uuid.UUID(one).version == 5
    assert one != anomaly_id("u-1", "r-1", "threshold", "tachycardia")
    assert one != anomaly_id("u-2", "r-1", "threshold", "hypertensive_crisis")
    assert one != anomaly_id("u-1", "r-2", "threshold", "hypertensive_crisis")
    assert anomaly_id("u", "1\x1fx", "k", "c") != anomaly_id("u\x1f1", "x", "k", "c")


def test_json_round_trip_of_the_state_changes_nothing(make_reading: MakeReading) -> None:
    rng = random.Random(7)
    direct = None
    via_json: dict[str, Any] | None = None
    for i in range(200):
        reading = make_reading(
            "blood_pressure",
            at=T0 + i * MINUTE * 7,
            device_id=rng.choice(["a", "b"]),
            systolic=rng.randint(110, 150),
            diastolic=rng.randint(70, 95),
        )
        direct, anomalies_direct = evaluate_reading(direct, reading, now_ms=T0)
        via_json, anomalies_json = evaluate_reading(via_json, reading, now_ms=T0)
        via_json = json.loads(json.dumps(via_json))
        assert anomalies_direct == anomalies_json
    assert json.loads(json.dumps(direct)) == via_json


def test_state_stays_bounded_after_10000_readings(make_reading: MakeReading) -> None:
    rng = random.Random(42)
    devices = [f"device-{i}" for i in range(40)]
    state = None
    sizes = []
    for i in range(10_000):
        metric = rng.choice(["blood_pressure", "heart_rate", "steps", "sleep", "weight"])
        values: dict[str, Any] = {
            "blood_pressure": {
                "systolic": rng.randint(95, 200),
                "diastolic": rng.randint(55, 95),
                "pulse": rng.randint(45, 120),
            },
            "heart_rate": {"bpm": rng.randint(45, 190)},
            "steps": {"count": rng.randint(0, 20_000), "interval_s": rng.choice([900, 86_400])},
            "sleep": {"duration_min": rng.uniform(200, 600)},
            "weight": {"kg": rng.uniform(60, 100)},
        }[metric]
        source = rng.choice(["sensed", "sensed", "self_reported"])
        at = T0 + i * 30_000 + rng.randint(-600_000, 0)  # partly out of order
        reading = make_reading(metric, at=at, device_id=rng.choice(devices), source=source, **values)
        state, _ = evaluate_reading(state, reading, now_ms=at)
        if i % 1000 == 999:
            sizes.append(len(json.dumps(state)))
    assert state is not None
    assert set(state) == set(new_state())
    assert set(state["base"]) <= {"systolic", "diastolic", "bpm", "kg", "duration_min", "steps_daily"}
    assert set(state["recent"]) <= {"blood_pressure", "heart_rate", "weight", "sleep"}
    assert all(len(entries) <= DEFAULT_RULES.conflict_max_devices for entries in state["recent"].values())
    assert all(entry[0] <= DEFAULT_RULES.baseline_count_cap for entry in state["base"].values())
    assert max(sizes) < 2_000  # bytes of JSON, flat over time
