"""Every physiological / device bound in `rules`, just inside and just outside, plus clinical anchors."""

from __future__ import annotations

import math
from typing import Any

import pytest

from services.ingest.domain import rules, validate_reading


def below(x: float) -> float:
    return math.nextafter(x, -math.inf)


def above(x: float) -> float:
    return math.nextafter(x, math.inf)


SYS, DIA, HR = rules.SYSTOLIC_MMHG, rules.DIASTOLIC_MMHG, rules.HEART_RATE_BPM
SLEEP, EFF, KG = rules.SLEEP_DURATION_MIN, rules.SLEEP_EFFICIENCY, rules.WEIGHT_KG
INTERVAL = rules.STEPS_INTERVAL_S

# (id, metric, value, accepted). Companion fields are chosen so only the field under test decides.
CASES: list[tuple[str, str, dict[str, Any], bool]] = [
    # mmHg and bpm are rounded half up before the check, so the float edges sit half a unit out.
    ("systolic at floor", "blood_pressure", {"systolic": SYS.low, "diastolic": DIA.low}, True),
    ("systolic rounds up to floor", "blood_pressure", {"systolic": SYS.low - 0.5, "diastolic": DIA.low}, True),
    ("systolic below floor", "blood_pressure", {"systolic": SYS.low - 1, "diastolic": DIA.low}, False),
    (
        "systolic rounds below floor",
        "blood_pressure",
        {"systolic": below(SYS.low - 0.5), "diastolic": DIA.low},
        False,
    ),
    ("systolic at ceiling", "blood_pressure", {"systolic": SYS.high, "diastolic": 120}, True),
    ("systolic rounds to ceiling", "blood_pressure", {"systolic": below(SYS.high + 0.5), "diastolic": 120}, True),
    ("systolic rounds above ceiling", "blood_pressure", {"systolic": SYS.high + 0.5, "diastolic": 120}, False),
    ("systolic above ceiling", "blood_pressure", {"systolic": SYS.high + 1, "diastolic": 120}, False),
    ("diastolic at floor", "blood_pressure", {"systolic": 128, "diastolic": DIA.low}, True),
    ("diastolic below floor", "blood_pressure", {"systolic": 128, "diastolic": DIA.low - 1}, False),
    ("diastolic rounds below floor", "blood_pressure", {"systolic": 128, "diastolic": below(DIA.low - 0.5)}, False),
    ("diastolic at ceiling", "blood_pressure", {"systolic": SYS.high, "diastolic": DIA.high}, True),
    ("diastolic above ceiling", "blood_pressure", {"systolic": SYS.high, "diastolic": DIA.high + 1}, False),
    ("diastolic rounds above ceiling", "blood_pressure", {"systolic": SYS.high, "diastolic": DIA.high + 0.5}, False),
    ("pulse at floor", "blood_pressure", {"systolic": 128, "diastolic": 82, "pulse": HR.low}, True),
    ("pulse below floor", "blood_pressure", {"systolic": 128, "diastolic": 82, "pulse": HR.low - 1}, False),
    ("pulse at ceiling", "blood_pressure", {"systolic": 128, "diastolic": 82, "pulse": HR.high}, True),
    ("pulse above ceiling", "blood_pressure", {"systolic": 128, "diastolic": 82, "pulse": HR.high + 1}, False),
    ("systolic one above diastolic", "blood_pressure", {"systolic": 101, "diastolic": 100}, True),
    ("systolic equal to diastolic", "blood_pressure", {"systolic": 100, "diastolic": 100}, False),
    ("systolic rounds to diastolic", "blood_pressure", {"systolic": 100.4, "diastolic": 100}, False),
    ("systolic below diastolic", "blood_pressure", {"systolic": 90, "diastolic": 110}, False),
    ("bpm at floor", "heart_rate", {"bpm": HR.low}, True),
    ("bpm rounds up to floor", "heart_rate", {"bpm": HR.low - 0.5}, True),
    ("bpm below floor", "heart_rate", {"bpm": HR.low - 1}, False),
    ("bpm rounds below floor", "heart_rate", {"bpm": below(HR.low - 0.5)}, False),
    ("bpm at ceiling", "heart_rate", {"bpm": HR.high}, True),
    ("bpm rounds to ceiling", "heart_rate", {"bpm": below(HR.high + 0.5)}, True),
    ("bpm rounds above ceiling", "heart_rate", {"bpm": HR.high + 0.5}, False),
    ("bpm above ceiling", "heart_rate", {"bpm": HR.high + 1}, False),
    ("count zero", "steps", {"count": 0, "interval_s": 900}, True),
    ("count negative", "steps", {"count": -1, "interval_s": 900}, False),
    ("interval at floor", "steps", {"count": 0, "interval_s": int(INTERVAL.low)}, True),
    ("interval zero", "steps", {"count": 0, "interval_s": int(INTERVAL.low) - 1}, False),
    ("interval negative", "steps", {"count": 0, "interval_s": -60}, False),
    ("interval at ceiling", "steps", {"count": 10_000, "interval_s": int(INTERVAL.high)}, True),
    ("interval above ceiling", "steps", {"count": 10_000, "interval_s": int(INTERVAL.high) + 1}, False),
    (
        "count at cadence ceiling",
        "steps",
        {"count": rules.STEPS_MAX_CADENCE_PER_S * 900 + rules.STEPS_BURST_ALLOWANCE, "interval_s": 900},
        True,
    ),
    (
        "count above cadence ceiling",
        "steps",
        {"count": rules.STEPS_MAX_CADENCE_PER_S * 900 + rules.STEPS_BURST_ALLOWANCE + 1, "interval_s": 900},
        False,
    ),
    ("sleep zero", "sleep", {"duration_min": SLEEP.low}, False),
    ("sleep just above zero", "sleep", {"duration_min": above(SLEEP.low)}, True),
    ("sleep at 24 h", "sleep", {"duration_min": SLEEP.high}, True),
    ("sleep above 24 h", "sleep", {"duration_min": above(SLEEP.high)}, False),
    ("efficiency 0", "sleep", {"duration_min": 420, "efficiency": EFF.low}, True),
    ("efficiency below 0", "sleep", {"duration_min": 420, "efficiency": below(EFF.low)}, False),
    ("efficiency 1", "sleep", {"duration_min": 420, "efficiency": EFF.high}, True),
    ("efficiency above 1", "sleep", {"duration_min": 420, "efficiency": above(EFF.high)}, False),
    ("efficiency as percent", "sleep", {"duration_min": 420, "efficiency": 91}, False),
    ("weight at floor", "weight", {"kg": KG.low}, True),
    ("weight below floor", "weight", {"kg": below(KG.low)}, False),
    ("weight at ceiling", "weight", {"kg": KG.high}, True),
    ("weight above ceiling", "weight", {"kg": above(KG.high)}, False),
]


@pytest.mark.parametrize(("metric", "value", "accepted"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bound_edges(make_reading, now_ms, metric, value, accepted):
    outcome = validate_reading(make_reading(metric, value=value), now_ms=now_ms, channel="http")

    if accepted:
        assert outcome.reasons == ()
        assert outcome.reading is not None
    else:
        assert outcome.reasons == (rules.IMPLAUSIBLE_VALUE,)
        assert outcome.reading is None


@pytest.mark.parametrize(
    ("metric", "value"),
    [
        ("blood_pressure", {"systolic": 250, "diastolic": 120}),  # hypertensive crisis: alarming, possible
        ("blood_pressure", {"systolic": 250, "diastolic": 120, "pulse": 140}),
        ("blood_pressure", {"systolic": 70, "diastolic": 40}),  # shock-range hypotension
        ("heart_rate", {"bpm": 210}),  # SVT or maximal effort
        ("heart_rate", {"bpm": 32}),  # athlete's resting bradycardia
        ("steps", {"count": 30_000, "interval_s": 86_400}),  # marathon day
        ("sleep", {"duration_min": 14 * 60}),  # recovery sleep
        ("weight", {"kg": 250}),  # severe obesity
    ],
)
def test_alarming_but_possible_values_are_accepted(make_reading, now_ms, metric, value):
    outcome = validate_reading(make_reading(metric, value=value), now_ms=now_ms, channel="http")

    assert outcome.accepted, outcome.detail


@pytest.mark.parametrize(
    ("metric", "value"),
    [
        ("blood_pressure", {"systolic": 0, "diastolic": 0}),  # cuff malfunction
        ("blood_pressure", {"systolic": 0, "diastolic": 0, "pulse": 0}),
        ("blood_pressure", {"systolic": 82, "diastolic": 128}),  # fields swapped
        ("heart_rate", {"bpm": 0}),
        ("heart_rate", {"bpm": 400}),
        ("steps", {"count": 100_000, "interval_s": 3600}),  # 27.8 steps/s
        ("sleep", {"duration_min": 2000}),
        ("weight", {"kg": 0}),
        ("weight", {"kg": 8000}),  # grams sent as kg
    ],
)
def test_device_malfunction_is_implausible(make_reading, now_ms, metric, value):
    outcome = validate_reading(make_reading(metric, value=value), now_ms=now_ms, channel="http")

    assert outcome.reasons == (rules.IMPLAUSIBLE_VALUE,)


def test_bp_zero_over_zero_names_both_broken_rules(make_reading, now_ms):
    outcome = validate_reading(
        make_reading("blood_pressure", value={"systolic": 0, "diastolic": 0}), now_ms=now_ms, channel="http"
    )

    assert "value.systolic outside" in outcome.detail
    assert "value.diastolic outside" in outcome.detail


def test_va_pghd_anchor_is_widened_so_250_120_is_strictly_inside():
    # VA PGHD FHIR profile: systolic 50-250, diastolic 30-140. We keep the floors and widen the ceilings.
    assert rules.SYSTOLIC_MMHG.low == 50
    assert rules.DIASTOLIC_MMHG.low == 30
    assert rules.SYSTOLIC_MMHG.contains(above(250.0))
    assert rules.DIASTOLIC_MMHG.contains(above(140.0))


@pytest.mark.parametrize(
    "value",
    [
        {"count": 10**400, "interval_s": 900},
        {"count": -(10**400), "interval_s": 900},
        {"count": 100, "interval_s": 10**400},
    ],
)
def test_huge_integer_steps_are_implausible(make_reading, now_ms, value):
    outcome = validate_reading(make_reading("steps", value=value), now_ms=now_ms, channel="http")

    assert outcome.reasons == (rules.IMPLAUSIBLE_VALUE,)


@pytest.mark.parametrize("key", ["systolic", "diastolic"])
def test_huge_integer_pressures_are_implausible(make_reading, now_ms, key):
    value = {"systolic": 128, "diastolic": 82, key: 10**400}

    outcome = validate_reading(make_reading("blood_pressure", value=value), now_ms=now_ms, channel="http")

    assert outcome.reasons == (rules.IMPLAUSIBLE_VALUE,)
