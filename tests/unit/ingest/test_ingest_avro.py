"""The compiled Avro writer (adapters/avro.py) writes exactly fastavro's bytes, and refuses what it refuses."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_reader, schemaless_writer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.common.contracts import Topic, load_schema
from services.ingest.adapters.avro import Unsupported, compile_writer
from services.ingest.domain import rules, validate_reading

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
READING = load_schema(Topic.READINGS)
REJECTED = load_schema(Topic.READINGS_REJECTED)


def fastavro_bytes(schema: Any, value: Any) -> bytes:
    buffer = io.BytesIO()
    schemaless_writer(buffer, parse_schema(schema), value)
    return buffer.getvalue()


ids = st.text(alphabet="abcXYZ019._:@|+-", min_size=1, max_size=128)
longs = st.integers(min_value=-(1 << 63), max_value=(1 << 63) - 1)
ints = st.integers(min_value=-(1 << 31), max_value=(1 << 31) - 1)
doubles = st.floats(allow_nan=False)
texts = st.text(max_size=300)  # any unicode, incl. astral characters: lengths are in UTF-8 bytes


@st.composite
def readings(draw: st.DrawFn) -> dict[str, Any]:
    value = {key: draw(st.none() | (ints if key in rules.INTEGER_VALUE_KEYS else doubles)) for key in rules.VALUE_KEYS}
    return {
        "reading_id": draw(ids), "user_id": draw(ids), "device_id": draw(ids),
        "metric": draw(st.sampled_from(rules.METRICS)), "measured_at": draw(longs), "utc_offset_min": draw(ints),
        "source": draw(st.sampled_from(rules.SOURCES)), "value": value,
        "flags": draw(st.lists(texts, max_size=3)), "channel": draw(st.sampled_from(rules.CHANNELS)),
        "ingested_at": draw(longs),
    }


@st.composite
def rejected(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "reading_id": draw(st.none() | ids), "user_id": draw(st.none() | ids), "device_id": draw(st.none() | ids),
        "reasons": draw(st.lists(st.sampled_from(rules.REJECTION_CODES), min_size=1, max_size=4)),
        "detail": draw(texts), "payload": draw(texts), "channel": draw(st.sampled_from(rules.CHANNELS)),
        "rejected_at": draw(longs),
    }


@PROPERTY_SETTINGS
@given(readings())
def test_reading_bytes_equal_fastavro_and_read_back(reading):
    data = compile_writer(READING)(reading)
    assert data == fastavro_bytes(READING, reading)
    assert schemaless_reader(io.BytesIO(data), parse_schema(READING), None) == reading


@PROPERTY_SETTINGS
@given(rejected())
def test_rejected_reading_bytes_equal_fastavro(record):
    assert compile_writer(REJECTED)(record) == fastavro_bytes(REJECTED, record)


@pytest.mark.parametrize("metric", rules.METRICS)
def test_every_validated_metric_encodes_as_fastavro_does(metric, make_reading, now_ms):
    outcome = validate_reading(make_reading(metric), now_ms=now_ms, channel=rules.CHANNEL_HTTP)
    assert outcome.reading is not None
    assert compile_writer(READING)(outcome.reading) == fastavro_bytes(READING, outcome.reading)


def test_missing_fields_take_their_schema_default():
    record = {"detail": "d", "payload": "{}", "channel": "http", "rejected_at": 1}  # ids and reasons absent
    assert compile_writer(REJECTED)(record) == fastavro_bytes(REJECTED, record)


@pytest.mark.parametrize(("field", "bad"), [
    ("metric", "pulse_ox"),             # not an enum symbol
    ("measured_at", "2026-11-25"),      # a string for a long
    ("measured_at", 1 << 63),           # beyond a long
    ("utc_offset_min", 1 << 31),        # beyond an int
    ("reading_id", None),               # a required string missing
    ("flags", "late_data"),             # not an array
])
def test_refuses_what_does_not_fit_the_schema(field, bad):
    reading = {"reading_id": "r", "user_id": "u", "device_id": "d", "metric": "heart_rate", "measured_at": 1,
               "utc_offset_min": 0, "source": "sensed", "value": dict.fromkeys(rules.VALUE_KEYS), "flags": [],
               "channel": "http", "ingested_at": 1}
    reading[field] = bad
    with pytest.raises((TypeError, ValueError)):
        compile_writer(READING)(reading)


def test_a_float_for_an_int_value_field_is_refused_not_truncated():
    reading = {"reading_id": "r", "user_id": "u", "device_id": "d", "metric": "heart_rate", "measured_at": 1,
               "utc_offset_min": 0, "source": "sensed", "value": {**dict.fromkeys(rules.VALUE_KEYS), "bpm": 70.5},
               "flags": [], "channel": "http", "ingested_at": 1}
    with pytest.raises(TypeError, match="bpm"):
        compile_writer(READING)(reading)


@pytest.mark.parametrize("schema", [
    ["null", "int", "string"],
    {"type": "fixed", "name": "F", "size": 4},
    {"type": "long", "logicalType": "timestamp-millis"},
])
def test_unsupported_schemas_are_reported_for_the_fastavro_fallback(schema):
    with pytest.raises(Unsupported):
        compile_writer({"type": "record", "name": "R", "fields": [{"name": "x", "type": schema}]})
