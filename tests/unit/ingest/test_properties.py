"""Property tests: validation never raises, always decides, and only accepts what the bounds allow."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from services.ingest.domain import (
    LOINC_METRICS,
    ValidationOutcome,
    map_fhir,
    rules,
    validate_fhir,
    validate_reading,
)

NOW_MS = 1_795_611_300_000  # 2026-11-25T12:55:00Z
PROPERTY_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)

timestamps = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["2026-11-25T07:55:00-05:00", "2026-11-25T12:55:00Z", "1970-01-01T00:00:00Z"]),
    json_values,
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-10, max_value=500),
    json_values,
)


def around(bound: rules.Bound, *, whole: bool = False) -> st.SearchStrategy[Any]:
    """Numbers mostly inside `bound`, sometimes a little outside it."""
    high = bound.high if math.isfinite(bound.high) else 50_000
    margin = max(1.0, (high - bound.low) / 10)
    if whole:
        return st.integers(min_value=int(bound.low - margin), max_value=int(high + margin))
    return st.floats(min_value=bound.low - margin, max_value=high + margin)


@st.composite
def near_valid_values(draw: st.DrawFn, metric: str) -> dict[str, Any]:
    required, optional = rules.METRIC_VALUE_KEYS[metric]
    value = {}
    for key in (*required, *optional):
        if key in optional and draw(st.booleans()):
            continue
        value[key] = draw(around(rules.VALUE_BOUNDS[key], whole=key in rules.INTEGER_VALUE_KEYS))
    return value


@st.composite
def near_valid_readings(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly well-formed readings with 0-2 fields spoiled, so the deep checks get exercised too."""
    metric = draw(st.sampled_from(rules.METRICS))
    raw: dict[str, Any] = {
        "reading_id": "r-1",
        "user_id": "u-123",
        "device_id": "cuff-7",
        "metric": metric,
        "measured_at": draw(
            st.sampled_from(["2026-11-25T07:55:00-05:00", "2026-11-01T00:00:00+01:00", "2026-11-25T13:30:00Z"])
        ),
        "value": draw(near_valid_values(metric)),
        "source": draw(st.sampled_from(rules.SOURCES)),
    }
    for key in draw(st.sets(st.sampled_from([*sorted(raw), "value.*"]), max_size=2)):
        if key == "value.*" and isinstance(raw.get("value"), dict):
            spoiled = draw(st.sampled_from([*rules.VALUE_KEYS, "extra"]))
            raw["value"][spoiled] = draw(numbers)
        elif key == "value.*":
            continue
        elif draw(st.booleans()):
            raw[key] = draw(timestamps if key == "measured_at" else json_values)
        else:
            del raw[key]
    return raw


def assert_decided(outcome: ValidationOutcome) -> None:
    assert isinstance(outcome, ValidationOutcome)
    assert (outcome.reading is None) == bool(outcome.reasons)
    assert outcome.accepted == (not outcome.reasons)
    assert set(outcome.reasons) <= set(rules.REJECTION_CODES)
    assert list(outcome.reasons) == [c for c in rules.REJECTION_CODES if c in outcome.reasons]
    assert set(outcome.warnings) <= set(rules.WARNING_CODES)
    if outcome.reading is None:
        assert outcome.detail
        return
    reading = outcome.reading
    assert list(reading["value"]) == list(rules.VALUE_KEYS)
    assert reading["metric"] in rules.METRICS
    assert reading["source"] in rules.SOURCES
    assert reading["flags"] == list(outcome.warnings)
    assert reading["measured_at"] <= NOW_MS + rules.FUTURE_SKEW_ALLOWANCE_MS
    assert rules.UTC_OFFSET_MIN_MIN <= reading["utc_offset_min"] <= rules.UTC_OFFSET_MAX_MIN
    for key, number in reading["value"].items():
        if number is not None:
            assert type(number) is (int if key in rules.INTEGER_VALUE_KEYS else float)
            assert math.isfinite(number)
            assert rules.VALUE_BOUNDS[key].contains(number)


@PROPERTY_SETTINGS
@given(json_values)
def test_arbitrary_json_never_raises_and_is_decided(raw):
    assert_decided(validate_reading(raw, now_ms=NOW_MS, channel="http"))


@PROPERTY_SETTINGS
@given(near_valid_readings())
def test_near_valid_readings_never_raise_and_are_decided(raw):
    assert_decided(validate_reading(raw, now_ms=NOW_MS, channel="raw_topic"))


@PROPERTY_SETTINGS
@given(
    systolic=st.floats(min_value=-50, max_value=400, allow_nan=False),
    diastolic=st.floats(min_value=-50, max_value=400, allow_nan=False),
)
def test_blood_pressure_accepted_exactly_when_bounds_and_order_hold(systolic, diastolic):
    raw = {
        "reading_id": "r-1",
        "user_id": "u-123",
        "device_id": "cuff-7",
        "metric": "blood_pressure",
        "measured_at": "2026-11-25T07:55:00-05:00",
        "value": {"systolic": systolic, "diastolic": diastolic},
    }
    sys_mmhg, dia_mmhg = math.floor(systolic + 0.5), math.floor(diastolic + 0.5)  # emitted as whole mmHg
    expected = (
        rules.SYSTOLIC_MMHG.contains(sys_mmhg) and rules.DIASTOLIC_MMHG.contains(dia_mmhg) and sys_mmhg > dia_mmhg
    )

    outcome = validate_reading(raw, now_ms=NOW_MS, channel="http")

    assert outcome.accepted is expected
    assert outcome.reasons in {(), (rules.IMPLAUSIBLE_VALUE,)}


@PROPERTY_SETTINGS
@given(
    count=st.integers(min_value=-5, max_value=400_000),
    interval_s=st.integers(min_value=-5, max_value=100_000),
)
def test_steps_accepted_exactly_within_count_interval_and_cadence(count, interval_s):
    raw = {
        "reading_id": "r-1",
        "user_id": "u-123",
        "device_id": "watch-1",
        "metric": "steps",
        "measured_at": "2026-11-25T07:55:00-05:00",
        "value": {"count": count, "interval_s": interval_s},
    }
    expected = (
        count >= 0
        and rules.STEPS_INTERVAL_S.contains(interval_s)
        and count <= rules.STEPS_MAX_CADENCE_PER_S * interval_s + rules.STEPS_BURST_ALLOWANCE
    )

    assert validate_reading(raw, now_ms=NOW_MS, channel="http").accepted is expected


LOINC_OF = {metric: code for code, metric in LOINC_METRICS.items()}
UNIT_OF = {"heart_rate": "/min", "steps": "{steps}", "sleep": "min", "weight": "kg"}


def _quantity(value: Any, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}


def _loinc(code: str) -> dict[str, Any]:
    return {"coding": [{"system": "http://loinc.org", "code": code}]}


@st.composite
def near_valid_observations(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly well-formed Observations with 0-2 top-level elements spoiled or dropped."""
    metric = draw(st.sampled_from(rules.METRICS))
    value = draw(near_valid_values(metric))
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": draw(st.sampled_from(["obs-1", "obs-2"])),
        "status": "final",
        "code": _loinc(LOINC_OF[metric]),
        "subject": {"reference": "Patient/u-123"},
        "device": {"reference": "Device/dev-1"},
        "effectiveDateTime": "2026-11-25T07:55:00-05:00",
    }
    if metric == rules.BLOOD_PRESSURE:
        units = {
            "systolic": ("8480-6", "mm[Hg]"),
            "diastolic": ("8462-4", "mm[Hg]"),
            "pulse": ("8867-4", "/min"),
        }
        obs["component"] = [
            {"code": _loinc(units[key][0]), "valueQuantity": _quantity(number, units[key][1])}
            for key, number in value.items()
        ]
    elif metric == rules.STEPS:
        obs["valueQuantity"] = _quantity(value["count"], UNIT_OF[metric])
    else:
        obs["valueQuantity"] = _quantity(next(iter(value.values())), UNIT_OF[metric])
    for key in draw(st.sets(st.sampled_from(sorted(obs)), max_size=2)):
        if draw(st.booleans()):
            obs[key] = draw(json_values)
        else:
            del obs[key]
    return obs


fhir_payloads = st.one_of(
    json_values,
    near_valid_observations(),
    st.lists(near_valid_observations() | json_values, max_size=4).map(
        lambda rs: {"resourceType": "Bundle", "entry": [{"resource": r} for r in rs]}
    ),
    st.fixed_dictionaries({"resourceType": st.just("Bundle"), "entry": json_values}),
)


@PROPERTY_SETTINGS
@given(fhir_payloads)
def test_fhir_never_raises_and_every_entry_is_decided(payload):
    mappings = map_fhir(payload, default_device_id="phone-1")
    outcomes = validate_fhir(payload, now_ms=NOW_MS, default_device_id="phone-1")

    assert len(outcomes) == len(mappings)
    for mapping, outcome in zip(mappings, outcomes, strict=True):
        assert (mapping.reading is None) == (mapping.reason is not None)
        assert_decided(outcome)
        if outcome.reading is not None:
            assert outcome.reading["channel"] == "fhir"


def test_the_near_valid_strategies_reach_accepted_readings():
    """Guard against the properties above only ever seeing rejections."""
    reading = find(
        near_valid_readings(),
        lambda raw: validate_reading(raw, now_ms=NOW_MS, channel="http").accepted,
        settings=settings(database=None),
    )
    observation = find(
        near_valid_observations(),
        lambda obs: validate_fhir(obs, now_ms=NOW_MS)[0].accepted,
        settings=settings(database=None),
    )

    assert validate_reading(reading, now_ms=NOW_MS, channel="http").reading is not None
    assert validate_fhir(observation, now_ms=NOW_MS)[0].reading is not None
