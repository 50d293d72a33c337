"""Threshold rules: 2017 ACC/AHA blood-pressure categories, low BP, heart rate (and a BP panel's pulse)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from services.anomaly.domain import DISCLAIMER, evaluate_reading
from services.common.clinical import bp_category

NOW = 1_795_611_400_000
MakeReading = Callable[..., dict[str, Any]]

# Messages describe numbers and next steps; they never name a condition or a treatment.
_FORBIDDEN = re.compile(
    r"diagnos|prescri|dose|dosage|medication|medicine|\bmg\b|you have (hypertension|hypotension|tachycardia|"
    r"bradycardia|a condition)|you are hypertensive|tachycardia|bradycardia|arrhythmia",
    re.IGNORECASE,
)


def thresholds(make_reading: MakeReading, metric: str, **values: object) -> list[dict]:
    _state, anomalies = evaluate_reading(None, make_reading(metric, **values), now_ms=NOW)
    return [a for a in anomalies if a["kind"] == "threshold"]


@pytest.mark.parametrize(
    ("systolic", "diastolic", "category"),
    [
        (119, 79, "normal"),
        (120, 79, "elevated"),
        (121, 79, "elevated"),
        (129, 79, "elevated"),
        (119, 80, "stage_1_hypertension"),
        (130, 70, "stage_1_hypertension"),
        (139, 89, "stage_1_hypertension"),
        (140, 70, "stage_2_hypertension"),
        (120, 90, "stage_2_hypertension"),
        (179, 100, "stage_2_hypertension"),
        (180, 120, "stage_2_hypertension"),
        (181, 100, "hypertensive_crisis"),
        (150, 121, "hypertensive_crisis"),
        (250, 120, "hypertensive_crisis"),
    ],
)
def test_bp_category_follows_acc_aha_2017(systolic: int, diastolic: int, category: str) -> None:
    assert bp_category(systolic, diastolic) == category


@pytest.mark.parametrize("systolic", [119, 120, 121, 129])
def test_normal_and_elevated_raise_no_threshold_anomaly(make_reading: MakeReading, systolic: int) -> None:
    assert thresholds(make_reading, "blood_pressure", systolic=systolic, diastolic=75) == []


@pytest.mark.parametrize(
    ("systolic", "diastolic", "severity", "category"),
    [
        (179, 100, "info", "stage_2_hypertension"),
        (180, 100, "info", "stage_2_hypertension"),
        (181, 100, "critical", "hypertensive_crisis"),
        (160, 120, "info", "stage_2_hypertension"),
        (160, 121, "critical", "hypertensive_crisis"),
        (140, 85, "info", "stage_2_hypertension"),
        (139, 89, None, None),
    ],
)
def test_crisis_boundary_is_above_180_or_above_120(
    make_reading: MakeReading, systolic: int, diastolic: int, severity: str | None, category: str | None
) -> None:
    found = thresholds(make_reading, "blood_pressure", systolic=systolic, diastolic=diastolic)
    if severity is None:
        assert found == []
    else:
        assert [(a["severity"], a["category"]) for a in found] == [(severity, category)]


def test_crisis_message_sends_symptomatic_users_to_emergency_care(make_reading: MakeReading) -> None:
    [anomaly] = thresholds(make_reading, "blood_pressure", systolic=185, diastolic=110, pulse=80)
    assert (anomaly["kind"], anomaly["category"], anomaly["metric"]) == (
        "threshold",
        "hypertensive_crisis",
        "blood_pressure",
    )
    assert anomaly["severity"] == "critical"
    assert "call 911" in anomaly["message"]
    assert "chest pain" in anomaly["message"]
    assert "shortness of breath" in anomaly["message"]
    assert "185/110 mmHg" in anomaly["message"]
    assert anomaly["disclaimer"] == DISCLAIMER
    assert anomaly["observed_value"] == 185.0


def test_plan_example_250_over_120_is_flagged_at_least_for_review_with_disclaimer(
    make_reading: MakeReading,
) -> None:
    found = thresholds(make_reading, "blood_pressure", systolic=250, diastolic=120)
    assert found
    assert all(a["severity"] in {"review", "critical"} for a in found)
    assert all(a["disclaimer"] == DISCLAIMER for a in found)


def test_diastolic_only_crisis_reports_the_systolic_as_observed_value(make_reading: MakeReading) -> None:
    [anomaly] = thresholds(make_reading, "blood_pressure", systolic=170, diastolic=125)
    assert anomaly["category"] == "hypertensive_crisis"
    assert anomaly["observed_value"] == 170.0  # the schema's main unit of blood_pressure
    assert "170/125 mmHg" in anomaly["message"]


@pytest.mark.parametrize(
    ("systolic", "diastolic", "flagged"),
    [(89, 59, True), (85, 50, True), (90, 59, False), (89, 60, False), (95, 55, False)],
)
def test_low_blood_pressure_needs_both_below_90_over_60(
    make_reading: MakeReading, systolic: int, diastolic: int, flagged: bool
) -> None:
    found = thresholds(make_reading, "blood_pressure", systolic=systolic, diastolic=diastolic)
    if flagged:
        assert [(a["severity"], a["category"]) for a in found] == [("review", "hypotension")]
    else:
        assert found == []


@pytest.mark.parametrize(
    ("bpm", "category"),
    [
        (201, "tachycardia"),
        (200, None),
        (199, None),
        (40, None),
        (39, "bradycardia"),
        (41, None),
        (230, "tachycardia"),
    ],
)
def test_heart_rate_boundaries(make_reading: MakeReading, bpm: int, category: str | None) -> None:
    found = thresholds(make_reading, "heart_rate", bpm=bpm)
    if category is None:
        assert found == []
    else:
        assert [(a["severity"], a["category"], a["observed_value"]) for a in found] == [
            ("review", category, float(bpm))
        ]
        assert found[0]["disclaimer"] == DISCLAIMER


@pytest.mark.parametrize(("pulse", "category"), [(201, "tachycardia"), (200, None), (39, "bradycardia")])
def test_bp_panel_pulse_goes_through_the_heart_rate_rule(
    make_reading: MakeReading, pulse: int, category: str | None
) -> None:
    found = thresholds(make_reading, "blood_pressure", systolic=118, diastolic=76, pulse=pulse)
    assert [a["category"] for a in found] == ([category] if category else [])
    for a in found:
        assert a["metric"] == "blood_pressure"
        assert a["observed_value"] == float(pulse)


def test_crisis_and_fast_pulse_on_one_reading_give_two_distinct_anomalies(make_reading: MakeReading) -> None:
    found = thresholds(make_reading, "blood_pressure", systolic=200, diastolic=110, pulse=210)
    assert sorted(a["category"] for a in found) == ["hypertensive_crisis", "tachycardia"]
    assert len({a["anomaly_id"] for a in found}) == 2


@pytest.mark.parametrize(
    ("metric", "values"),
    [
        ("blood_pressure", {"systolic": 250, "diastolic": 130, "pulse": 230}),
        ("blood_pressure", {"systolic": 150, "diastolic": 95, "pulse": 35}),
        ("blood_pressure", {"systolic": 80, "diastolic": 50}),
        ("heart_rate", {"bpm": 220}),
        ("heart_rate", {"bpm": 30}),
    ],
)
def test_messages_hold_no_diagnosis_and_no_prescription(
    make_reading: MakeReading, metric: str, values: dict[str, int]
) -> None:
    found = thresholds(make_reading, metric, **values)
    assert found
    for a in found:
        assert not _FORBIDDEN.search(a["message"]), a["message"]
        assert "not a diagnosis" in a["disclaimer"]
        assert "clinician" in a["disclaimer"]
