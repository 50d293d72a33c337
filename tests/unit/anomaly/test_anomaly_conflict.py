"""Cross-device conflicts: window edges, tolerances, sources, bounded memory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.anomaly.domain import DEFAULT_RULES, evaluate_reading

MakeReading = Callable[..., dict[str, Any]]
T0 = 1_795_611_300_000
MINUTE = 60_000


def pair(
    make_reading: MakeReading,
    metric: str,
    first: dict[str, Any],
    second: dict[str, Any],
    *,
    dt_ms: int = 3 * MINUTE,
    devices: tuple[str, str] = ("cuff-7", "watch-2"),
    sources: tuple[str, str] = ("sensed", "sensed"),
) -> list[dict]:
    """Evaluate two readings (the second `dt_ms` after the first); the conflicts raised by the second."""
    a = make_reading(metric, at=T0, device_id=devices[0], source=sources[0], **first)
    b = make_reading(metric, at=T0 + dt_ms, device_id=devices[1], source=sources[1], **second)
    state, first_anomalies = evaluate_reading(None, a, now_ms=T0)
    assert [x for x in first_anomalies if x["kind"] == "conflict"] == []
    _state, anomalies = evaluate_reading(state, b, now_ms=T0 + dt_ms)
    return [x for x in anomalies if x["kind"] == "conflict"]


@pytest.mark.parametrize(("systolic_b", "expected"), [(141, 1), (140, 0), (110, 0), (109, 1), (139, 0)])
def test_bp_systolic_tolerance_is_strictly_more_than_15(
    make_reading: MakeReading, systolic_b: int, expected: int
) -> None:
    found = pair(
        make_reading,
        "blood_pressure",
        {"systolic": 125, "diastolic": 80},
        {"systolic": systolic_b, "diastolic": 80},
    )
    assert len(found) == expected


@pytest.mark.parametrize(("diastolic_b", "expected"), [(90, 0), (91, 1)])
def test_bp_diastolic_tolerance_is_strictly_more_than_10(
    make_reading: MakeReading, diastolic_b: int, expected: int
) -> None:
    found = pair(
        make_reading,
        "blood_pressure",
        {"systolic": 125, "diastolic": 80},
        {"systolic": 125, "diastolic": diastolic_b},
    )
    assert len(found) == expected


@pytest.mark.parametrize(
    ("dt_ms", "expected"),
    [(10 * MINUTE, 1), (10 * MINUTE + 1, 0), (-10 * MINUTE, 1), (-10 * MINUTE - 1, 0), (0, 1)],
)
def test_bp_window_edges(make_reading: MakeReading, dt_ms: int, expected: int) -> None:
    found = pair(
        make_reading,
        "blood_pressure",
        {"systolic": 120, "diastolic": 80},
        {"systolic": 150, "diastolic": 80},
        dt_ms=dt_ms,
    )
    assert len(found) == expected


def test_conflict_record_asks_the_user_to_confirm(make_reading: MakeReading) -> None:
    [anomaly] = pair(
        make_reading, "blood_pressure", {"systolic": 120, "diastolic": 80}, {"systolic": 152, "diastolic": 90}
    )
    assert (anomaly["kind"], anomaly["severity"], anomaly["category"]) == (
        "conflict",
        "review",
        "readings_disagree",
    )
    assert "confirm which one is right" in anomaly["message"]
    assert "152/90 mmHg" in anomaly["message"] and "120/80 mmHg" in anomaly["message"]
    assert "3 minutes apart" in anomaly["message"]
    assert anomaly["observed_value"] == 152.0


@pytest.mark.parametrize(
    ("dt_ms", "bpm_b", "expected"), [(2 * MINUTE, 86, 1), (2 * MINUTE, 85, 0), (2 * MINUTE + 1, 100, 0)]
)
def test_heart_rate_window_is_two_minutes(make_reading: MakeReading, dt_ms: int, bpm_b: int, expected: int) -> None:
    assert len(pair(make_reading, "heart_rate", {"bpm": 70}, {"bpm": bpm_b}, dt_ms=dt_ms)) == expected


@pytest.mark.parametrize(("kg_b", "expected"), [(72.1, 0), (72.2, 1), (68.1, 0), (68.0, 1)])
def test_weight_tolerance_is_2_kg_without_float_surprises(
    make_reading: MakeReading, kg_b: float, expected: int
) -> None:
    assert len(pair(make_reading, "weight", {"kg": 70.1}, {"kg": kg_b}, dt_ms=30 * MINUTE)) == expected


def test_sleep_from_two_trackers_for_the_same_night(make_reading: MakeReading) -> None:
    assert len(pair(make_reading, "sleep", {"duration_min": 420.0}, {"duration_min": 300.0}, dt_ms=45 * MINUTE)) == 1
    assert pair(make_reading, "sleep", {"duration_min": 420.0}, {"duration_min": 340.0}, dt_ms=45 * MINUTE) == []


def test_one_device_never_conflicts_with_itself(make_reading: MakeReading) -> None:
    found = pair(
        make_reading,
        "blood_pressure",
        {"systolic": 120, "diastolic": 80},
        {"systolic": 160, "diastolic": 100},
        devices=("cuff-7", "cuff-7"),
    )
    assert found == []


def test_a_self_report_is_a_source_of_its_own(make_reading: MakeReading) -> None:
    found = pair(
        make_reading,
        "weight",
        {"kg": 80.0},
        {"kg": 75.0},
        devices=("phone-1", "phone-1"),
        sources=("sensed", "self_reported"),
    )
    assert len(found) == 1
    assert "your own entry" in found[0]["message"]


def test_steps_are_never_compared(make_reading: MakeReading) -> None:
    found = pair(make_reading, "steps", {"count": 100, "interval_s": 900}, {"count": 5000, "interval_s": 900}, dt_ms=0)
    assert found == []


def test_one_conflict_per_reading_against_the_most_different_source(make_reading: MakeReading) -> None:
    state = None
    for device, systolic in (("cuff-a", 120), ("cuff-b", 140), ("cuff-c", 100)):
        state, _ = evaluate_reading(
            state,
            make_reading("blood_pressure", at=T0, device_id=device, systolic=systolic, diastolic=80),
            now_ms=T0,
        )
    reading = make_reading("blood_pressure", at=T0 + MINUTE, device_id="cuff-d", systolic=150, diastolic=80)
    _state, anomalies = evaluate_reading(state, reading, now_ms=T0 + MINUTE)
    [conflict] = [a for a in anomalies if a["kind"] == "conflict"]
    assert "device cuff-c" in conflict["message"]  # 50 mmHg apart beats 30 and 10


def test_memory_is_bounded_and_keeps_the_newest_sources(make_reading: MakeReading) -> None:
    state = None
    for i in range(20):
        reading = make_reading("heart_rate", at=T0 + i * 1_000, device_id=f"watch-{i}", bpm=70)
        state, _ = evaluate_reading(state, reading, now_ms=T0)
    assert state is not None
    remembered = state["recent"]["heart_rate"]
    assert len(remembered) == DEFAULT_RULES.conflict_max_devices
    assert set(remembered) == {f"watch-{i}" for i in range(16, 20)}


def test_entries_older_than_the_window_are_forgotten(make_reading: MakeReading) -> None:
    state, _ = evaluate_reading(None, make_reading("weight", at=T0, device_id="scale-1", kg=80.0), now_ms=T0)
    later = T0 + 2 * 60 * MINUTE
    state, anomalies = evaluate_reading(
        state, make_reading("weight", at=later, device_id="scale-2", kg=90.0), now_ms=later
    )
    assert [a for a in anomalies if a["kind"] == "conflict"] == []
    assert set(state["recent"]["weight"]) == {"scale-2"}


def test_a_late_reading_does_not_replace_a_newer_one_of_its_source(make_reading: MakeReading) -> None:
    state, _ = evaluate_reading(
        None, make_reading("weight", at=T0, device_id="scale-1", reading_id="new", kg=80.0), now_ms=T0
    )
    late = make_reading("weight", at=T0 - 5 * MINUTE, device_id="scale-1", reading_id="old", kg=80.5)
    state, _ = evaluate_reading(state, late, now_ms=T0)
    assert state["recent"]["weight"]["scale-1"][1] == "new"
