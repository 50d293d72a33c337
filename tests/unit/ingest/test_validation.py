"""validate_reading: output shape, timestamps, identifiers, source, metric, value shapes, several reasons."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from services.ingest.domain import ValidationOutcome, parse_timestamp, rules, validate_reading


def iso_at(ms: int, offset_min: int = 0) -> str:
    """ISO-8601 text with an explicit offset for the UTC epoch-ms instant `ms`."""
    zone = timezone(timedelta(minutes=offset_min))
    return datetime.fromtimestamp(ms / 1000, tz=zone).isoformat(timespec="milliseconds")


def check(raw: Any, now_ms: int) -> ValidationOutcome:
    return validate_reading(raw, now_ms=now_ms, channel="http")


# --- the accepted Reading -------------------------------------------------------------------------


def test_accepted_reading_has_the_readings_v1_shape(make_reading, now_ms):
    outcome = validate_reading(make_reading("blood_pressure"), now_ms=now_ms, channel="raw_topic")

    assert outcome.accepted
    assert outcome.reasons == ()
    assert outcome.warnings == ()
    assert outcome.reading == {
        "reading_id": "r-0001",
        "user_id": "u-123",
        "device_id": "cuff-7",
        "metric": "blood_pressure",
        "measured_at": now_ms,  # 07:55-05:00 is the fixture clock's 12:55Z
        "utc_offset_min": -300,
        "source": "sensed",
        "value": {
            "systolic": 128,
            "diastolic": 82,
            "pulse": 70,
            "bpm": None,
            "count": None,
            "interval_s": None,
            "duration_min": None,
            "efficiency": None,
            "kg": None,
        },
        "flags": [],
        "channel": "raw_topic",
        "ingested_at": now_ms,
    }
    assert (outcome.reading_id, outcome.user_id, outcome.device_id) == ("r-0001", "u-123", "cuff-7")


@pytest.mark.parametrize("metric", rules.METRICS)
def test_every_metric_sets_only_its_value_keys(make_reading, now_ms, metric):
    outcome = check(make_reading(metric), now_ms)

    assert outcome.accepted, outcome.detail
    assert outcome.reading is not None
    value = outcome.reading["value"]
    assert list(value) == list(rules.VALUE_KEYS)
    required, optional = rules.METRIC_VALUE_KEYS[metric]
    assert {k for k, v in value.items() if v is not None} == set(required) | set(optional)


@pytest.mark.parametrize(
    ("metric", "value", "expected"),
    [
        ("steps", {"count": 1200.0, "interval_s": 900.0}, {"count": 1200, "interval_s": 900}),
        ("blood_pressure", {"systolic": 120.5, "diastolic": 80.49}, {"systolic": 121, "diastolic": 80}),
        ("blood_pressure", {"systolic": 120, "diastolic": 80, "pulse": 71.5}, {"pulse": 72}),
        ("heart_rate", {"bpm": 72.6}, {"bpm": 73}),
        ("weight", {"kg": 81}, {"kg": 81.0}),
        ("sleep", {"duration_min": 431, "efficiency": 1}, {"duration_min": 431.0, "efficiency": 1.0}),
    ],
)
def test_value_types_follow_the_readings_v1_schema(make_reading, now_ms, metric, value, expected):
    outcome = check(make_reading(metric, value=value), now_ms)

    assert outcome.reading is not None, outcome.detail
    for key, number in expected.items():
        emitted = outcome.reading["value"][key]
        assert emitted == number
        assert type(emitted) is (int if key in rules.INTEGER_VALUE_KEYS else float)


@pytest.mark.parametrize("optional", [{"pulse": None}, {}])
def test_optional_value_keys_may_be_null_or_absent(make_reading, now_ms, optional):
    outcome = check(make_reading("blood_pressure", value={"systolic": 120, "diastolic": 80, **optional}), now_ms)

    assert outcome.accepted
    assert outcome.reading is not None
    assert outcome.reading["value"]["pulse"] is None


def test_unknown_top_level_keys_are_ignored(make_reading, now_ms):
    outcome = check(make_reading("heart_rate", app_version="3.1"), now_ms)

    assert outcome.accepted
    assert outcome.reading is not None
    assert "app_version" not in outcome.reading


def test_unknown_channel_is_a_programming_error(make_reading, now_ms):
    with pytest.raises(ValueError, match="channel"):
        validate_reading(make_reading(), now_ms=now_ms, channel="smoke_signal")


# --- measured_at ------------------------------------------------------------------------------------


def test_future_skew_allowance_edge(make_reading, now_ms):
    edge = now_ms + rules.FUTURE_SKEW_ALLOWANCE_MS

    at_edge = check(make_reading(measured_at=iso_at(edge)), now_ms)
    past_edge = check(make_reading(measured_at=iso_at(edge + 1)), now_ms)

    assert at_edge.accepted
    assert past_edge.reasons == (rules.FUTURE_TIMESTAMP,)
    assert past_edge.reading is None


def test_late_data_edge(make_reading, now_ms):
    edge = now_ms - rules.LATE_DATA_AFTER_MS

    at_edge = check(make_reading(measured_at=iso_at(edge)), now_ms)
    past_edge = check(make_reading(measured_at=iso_at(edge - 1)), now_ms)

    assert at_edge.accepted
    assert at_edge.warnings == ()
    assert past_edge.accepted
    assert past_edge.warnings == (rules.LATE_DATA,)
    assert past_edge.reading is not None
    assert past_edge.reading["flags"] == [rules.LATE_DATA]
    assert "late_data" in past_edge.detail


@pytest.mark.parametrize(
    ("measured_at", "accepted"),
    [
        ("1970-01-01T00:00:00Z", False),  # Unix-epoch clock reset
        ("2000-01-01T00:00:00+00:00", False),  # RTC default
        ("2004-12-31T23:59:59.999Z", False),
        ("2005-01-01T00:00:00Z", True),
    ],
)
def test_clock_reset_timestamps_are_implausible(make_reading, now_ms, measured_at, accepted):
    outcome = check(make_reading(measured_at=measured_at), now_ms)

    assert outcome.accepted is accepted
    if accepted:
        assert outcome.warnings == (rules.LATE_DATA,)
    else:
        assert outcome.reasons == (rules.IMPLAUSIBLE_VALUE,)


@pytest.mark.parametrize(
    ("text", "expected_ms_offset"),
    [
        ("2026-11-25T07:55:00-05:00", (0, -300)),
        ("2026-11-25T12:55:00Z", (0, 0)),
        ("2026-11-25T12:55:00+00:00", (0, 0)),
        ("2026-11-25T18:25:00+05:30", (0, 330)),
        ("2026-11-25T12:55:00.250Z", (250, 0)),
        ("2026-11-26T02:55:00+14:00", (0, 840)),
        ("2026-11-25T00:55:00-12:00", (0, -720)),
    ],
)
def test_measured_at_becomes_utc_ms_and_offset(make_reading, now_ms, text, expected_ms_offset):
    delta_ms, offset = expected_ms_offset

    outcome = check(make_reading(measured_at=text), now_ms)

    assert outcome.reading is not None, outcome.detail
    assert outcome.reading["measured_at"] == now_ms + delta_ms
    assert outcome.reading["utc_offset_min"] == offset


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-25T07:55:00",  # no offset: local time of an unknown zone
        "2026-11-25",
        "2026-11-25T07:55:00+14:30",  # beyond UTC+14
        "2026-11-25T07:55:00-12:30",  # beyond UTC-12
        "2026-11-25T07:55:00+05:30:15",  # offset with seconds
        "25/11/2026 07:55",
        "",
        "yesterday",
        "2026-11-25T07:55:00-05:00" + " " * 64,
        1795611300000,
        1795611300.0,
        True,
        ["2026-11-25T07:55:00-05:00"],
        {"at": "2026-11-25T07:55:00-05:00"},
    ],
)
def test_malformed_measured_at_is_invalid(make_reading, now_ms, text):
    outcome = check(make_reading(measured_at=text), now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)
    assert "measured_at" in outcome.detail


def test_missing_measured_at_is_invalid(make_reading, now_ms):
    raw = make_reading()
    del raw["measured_at"]

    outcome = check(raw, now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)


def test_parse_timestamp_at_the_ends_of_the_calendar():
    assert parse_timestamp("0001-01-01T00:00:00Z") == (-62_135_596_800_000, 0)
    assert parse_timestamp("0001-01-01T00:00:00+05:00") == (-62_135_596_800_000 - 5 * 3_600_000, 300)
    assert parse_timestamp("9999-12-31T23:59:59-05:00") == (253_402_300_799_000 + 5 * 3_600_000, -300)


def test_iso_helper_round_trips_through_parse_timestamp(now_ms):
    assert parse_timestamp(iso_at(now_ms + 1, offset_min=-300)) == (now_ms + 1, -300)


# --- identifiers and source --------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["reading_id", "user_id", "device_id"])
@pytest.mark.parametrize(
    "ident",
    [
        "a",
        "x" * rules.MAX_ID_CHARS,
        "0b6f6f1e-5c0a-4f5e-9a57-2d6c0d1f7a11",
        "auth0|5f7c8ec7c33c6c004bbafe82",
        "Device:cuff.7_A+b@home",
    ],
)
def test_valid_identifiers(make_reading, now_ms, key, ident):
    outcome = check(make_reading(**{key: ident}), now_ms)

    assert outcome.accepted
    assert outcome.reading is not None
    assert outcome.reading[key] == ident


@pytest.mark.parametrize("key", ["reading_id", "user_id", "device_id"])
@pytest.mark.parametrize(
    "ident",
    [
        "",
        "x" * (rules.MAX_ID_CHARS + 1),
        "a b",
        "a/b",
        "r-1\n",
        "ré",
        "<script>",
        12345,
        1.5,
        True,
        ["r-1"],
        None,
    ],
)
def test_invalid_identifiers(make_reading, now_ms, key, ident):
    outcome = check(make_reading(**{key: ident}), now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)
    assert getattr(outcome, key) is None
    assert key in outcome.detail


def test_rejection_keeps_the_valid_ids_for_the_reply(make_reading, now_ms):
    outcome = check(make_reading("heart_rate", value={"bpm": 0}), now_ms)

    assert (outcome.reading_id, outcome.user_id, outcome.device_id) == ("r-0001", "u-123", "cuff-7")


@pytest.mark.parametrize(("given", "expected"), [("sensed", "sensed"), ("self_reported", "self_reported")])
def test_source_is_kept(make_reading, now_ms, given, expected):
    outcome = check(make_reading("weight", source=given), now_ms)

    assert outcome.reading is not None
    assert outcome.reading["source"] == expected


def test_source_defaults_to_sensed(make_reading, now_ms):
    raw = make_reading("weight")
    del raw["source"]

    absent = check(raw, now_ms)
    null = check(make_reading("weight", source=None), now_ms)

    assert absent.reading is not None
    assert null.reading is not None
    assert absent.reading["source"] == null.reading["source"] == rules.DEFAULT_SOURCE == "sensed"


@pytest.mark.parametrize("source", ["manual", "SENSED", "", 1, True, ["sensed"]])
def test_unknown_source_is_invalid(make_reading, now_ms, source):
    outcome = check(make_reading("weight", source=source), now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)


# --- metric and value shapes ----------------------------------------------------------------------------


@pytest.mark.parametrize("metric", ["glucose", "Blood_Pressure", "bp", ""])
def test_unknown_metric(make_reading, now_ms, metric):
    outcome = check(make_reading(metric, value={"mg_dl": 99}), now_ms)

    assert outcome.reasons == (rules.UNKNOWN_METRIC,)


@pytest.mark.parametrize("metric", [None, 5, ["steps"], {"name": "steps"}, True])
def test_missing_or_non_string_metric_is_invalid(make_reading, now_ms, metric):
    outcome = check(make_reading(metric=metric, value={"count": 1, "interval_s": 60}), now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)


BAD_NUMBERS = ["120", True, False, math.nan, math.inf, -math.inf, [120], {"v": 120}]


def _required_keys() -> list[tuple[str, str]]:
    return [(m, k) for m, (required, _opt) in rules.METRIC_VALUE_KEYS.items() for k in required]


def _all_keys() -> list[tuple[str, str]]:
    return [(m, k) for m, (required, opt) in rules.METRIC_VALUE_KEYS.items() for k in (*required, *opt)]


@pytest.mark.parametrize(("metric", "key"), _all_keys())
@pytest.mark.parametrize("bad", BAD_NUMBERS, ids=repr)
def test_non_numbers_are_invalid(make_reading, now_ms, metric, key, bad):
    raw = make_reading(metric)
    raw["value"][key] = bad

    outcome = check(raw, now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)
    assert f"value.{key}" in outcome.detail


@pytest.mark.parametrize(("metric", "key"), _required_keys())
def test_missing_required_value_key_is_invalid(make_reading, now_ms, metric, key):
    raw = make_reading(metric)
    del raw["value"][key]
    with_null = make_reading(metric)
    with_null["value"][key] = None

    assert check(raw, now_ms).reasons == (rules.INVALID_VALUE,)
    assert check(with_null, now_ms).reasons == (rules.INVALID_VALUE,)


@pytest.mark.parametrize("metric", rules.METRICS)
def test_unexpected_value_key_is_invalid(make_reading, now_ms, metric):
    raw = make_reading(metric)
    raw["value"]["unit"] = "kPa"

    outcome = check(raw, now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)
    assert "'unit'" in outcome.detail


@pytest.mark.parametrize(("metric", "value"), [("heart_rate", {"systolic": 120}), ("weight", {"lb": 180})])
def test_another_metrics_keys_are_invalid(make_reading, now_ms, metric, value):
    outcome = check(make_reading(metric, value=value), now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)


@pytest.mark.parametrize("metric", rules.METRICS)
@pytest.mark.parametrize("value", [None, [], [128, 82], "128/82", 128, True])
def test_value_must_be_an_object(make_reading, now_ms, metric, value):
    outcome = check(make_reading(metric, value=value), now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)


@pytest.mark.parametrize("key", ["count", "interval_s"])
def test_steps_must_be_whole_numbers(make_reading, now_ms, key):
    raw = make_reading("steps")
    raw["value"][key] = 12.5

    outcome = check(raw, now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)
    assert "whole number" in outcome.detail


@pytest.mark.parametrize("raw", [None, [], [{"metric": "steps"}], "reading", 42, 4.2, True])
def test_non_object_reading_is_invalid(now_ms, raw):
    outcome = check(raw, now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)
    assert outcome.reading is None
    assert outcome.reading_id is None


# --- several reasons at once -------------------------------------------------------------------------------


def test_all_reasons_are_collected_in_canonical_order(make_reading, now_ms):
    raw = make_reading(
        "blood_pressure",
        reading_id="has space",
        measured_at=iso_at(now_ms + rules.MS_PER_DAY),
        value={"systolic": 0, "diastolic": 0, "pulse": "70"},
    )

    outcome = check(raw, now_ms)

    assert outcome.reasons == (rules.IMPLAUSIBLE_VALUE, rules.FUTURE_TIMESTAMP, rules.INVALID_VALUE)
    for fragment in ("reading_id", "measured_at", "value.systolic", "value.diastolic", "value.pulse"):
        assert fragment in outcome.detail


def test_unknown_metric_with_future_timestamp_and_bad_ids(now_ms):
    raw = {"metric": "glucose", "measured_at": iso_at(now_ms + rules.MS_PER_DAY), "value": {}}

    outcome = check(raw, now_ms)

    assert outcome.reasons == (rules.FUTURE_TIMESTAMP, rules.UNKNOWN_METRIC, rules.INVALID_VALUE)
    assert outcome.detail.count("missing") == 3


def test_each_reason_code_appears_once(make_reading, now_ms):
    raw = make_reading("blood_pressure", value={"systolic": "a", "diastolic": None, "pulse": math.nan, "x": 1})

    outcome = check(raw, now_ms)

    assert outcome.reasons == (rules.INVALID_VALUE,)
    assert outcome.detail.count("invalid_value:") == 4


def test_detail_names_fields_but_not_values(make_reading, now_ms):
    outcome = check(make_reading("weight", value={"kg": 777.25}), now_ms)

    assert "value.kg" in outcome.detail
    assert "777" not in outcome.detail
