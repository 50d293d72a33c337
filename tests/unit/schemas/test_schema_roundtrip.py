"""Realistic records of every topic survive fastavro's binary encoding unchanged; bad records are refused."""

from __future__ import annotations

import fastavro
import pytest
from avro_examples import decode, encode, example_data
from fastavro.validation import ValidationError

from services.common.contracts import Topic, load_schema, load_topics

MEASURED = 1_795_600_500_000  # 2026-11-25T12:55:00Z, UTC epoch milliseconds
NONCE_AND_CIPHERTEXT = bytes(range(12)) + b"\x8f\x1a" * 20 + bytes(16)

EXAMPLES: dict[str, dict] = {
    Topic.READINGS_RAW: {
        "payload": '{"readings": [{"reading_id": "r-1", "user_id": "u-123", "metric": "heart_rate"}]}',
        "content_type": "application/json",
        "bridge_id": "bridge-eu-1",
        "received_at": MEASURED + 40,
    },
    Topic.READINGS: {
        "reading_id": "r-20261125-0755",
        "user_id": "u-123",
        "device_id": "cuff-7",
        "metric": "blood_pressure",
        "measured_at": MEASURED,
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
        "flags": ["late_data"],
        "channel": "http",
        "ingested_at": MEASURED + 120,
    },
    Topic.READINGS_REJECTED: {
        "reading_id": "r-bad",
        "user_id": "u-123",
        "device_id": "cuff-7",
        "reasons": ["implausible_value"],
        "detail": "systolic 0 <= diastolic 0",
        "payload": (
            '{"reading_id": "r-bad", "metric": "blood_pressure", "value": {"systolic": 0, "diastolic": 0}}'
        ),
        "channel": "fhir",
        "rejected_at": MEASURED + 90,
    },
    Topic.ANOMALIES: {
        "anomaly_id": "an-3f9c",
        "user_id": "u-123",
        "reading_id": "r-20261125-0755",
        "metric": "blood_pressure",
        "kind": "threshold",
        "severity": "critical",
        "category": "hypertensive_crisis",
        "message": "Your blood pressure reading of 250/120 is very high.",
        "disclaimer": (
            "This is not a diagnosis. If you have chest pain or trouble breathing, call emergency services."
        ),
        "observed_value": 250.0,
        "baseline_value": None,
        "measured_at": MEASURED,
        "detected_at": MEASURED + 200,
        "ingested_at": MEASURED + 120,
    },
    Topic.NUDGES: {
        "nudge_id": "ndg-7a1e52",
        "user_id": "u-123",
        "trigger": "step_goal",
        "title": "80 % of your step goal",
        "body": "6,400 of 8,000 steps so far. A short walk after dinner would do it.",
        "variant": "b",
        "experiment": "step-copy-2026-11",
        "source_event_id": "r-steps-1",
        "source_ingested_at": MEASURED + 120,
        "created_at": MEASURED + 300,
        "expires_at": MEASURED + 300 + 6 * 3_600_000,
    },
    Topic.PREFERENCES: {
        "user_id": "u-123",
        "step_goal": 10_000,
        "timezone": "America/New_York",
        "quiet_start_min": 1320,
        "quiet_end_min": 420,
        "nudge_opt_outs": ["sleep_pattern"],
        "snoozed_until": None,
        "language": "en",
        "birth_year": 1961,
        "display_name": "Sam",
        "nudges_enabled": True,
        "updated_at": MEASURED,
    },
    Topic.CHAT_TURNS: {
        "turn_id": "t-1",
        "conversation_id": "c-1",
        "user_id": "u-123",
        "kind": "answer",
        "safety_flags": ["disclaimer_added"],
        "input_tokens": 1830,
        "output_tokens": 214,
        "cache_read_tokens": 1500,
        "cache_write_tokens": 0,
        "cost_usd": 0.0061,
        "latency_ms": 1420,
        "model": "claude-sonnet-4-5",
        "language": "en",
        "message_ciphertext": NONCE_AND_CIPHERTEXT,
        "reply_ciphertext": NONCE_AND_CIPHERTEXT[::-1],
        "key_id": "k-2026-11",
        "created_at": MEASURED + 1500,
    },
    Topic.EMERGENCIES: {
        "escalation_id": "esc-1",
        "user_id": "u-123",
        "conversation_id": "c-1",
        "turn_id": "t-2",
        "category": "cardiac",
        "signals": ["chest_pain_keyword", "bp_critical_reading"],
        "message_ciphertext": NONCE_AND_CIPHERTEXT,
        "key_id": "k-2026-11",
        "created_at": MEASURED + 2000,
    },
    Topic.AUDIT: {
        "event_id": "ev-1",
        "occurred_at": MEASURED,
        "actor": "u-123",
        "action": "readings.read",
        "resource": "readings",
        "subject": "u-123",
        "outcome": "success",
        "service": "conversation",
        "details": {"http_status": "200", "count": "14"},
    },
    Topic.ANALYTICS: {
        "event_id": "ae-9",
        "event_type": "anomaly",
        "pseudonym": "5b1c0e7d3f0a9e4c",
        "age_band": "60-69",
        "occurred_hour": MEASURED - MEASURED % 3_600_000,
        "metric": "blood_pressure",
        "band": "hypertensive_crisis",
        "kind": "threshold",
        "severity": "critical",
        "trigger": None,
        "chat_kind": None,
    },
    Topic.FLAGS: {
        "name": "llm_orchestrator",
        "enabled": True,
        "percent": 10,
        "cohorts": ["internal", "beta"],
        "updated_at": MEASURED,
        "updated_by": "alice",
        "description": "launch stage 10 %",
    },
    Topic.READINGS.dlq: {
        "topic": "readings.v1",
        "partition": 4,
        "offset": 1_234_567,
        "key": b"u-123",
        "value": b"\x00\x00\x00\x00\x07garbage",
        "error": "SchemaResolutionError: unknown symbol",
        "consumer": "anomaly",
        "failed_at": MEASURED + 500,
    },
}


def test_there_is_an_example_for_every_domain_topic_and_the_dead_letter():
    assert {t.value for t in Topic} | {Topic.READINGS.dlq} == set(EXAMPLES)


@pytest.mark.parametrize("topic", sorted(EXAMPLES))
def test_realistic_record_round_trips(topic):
    schema = load_schema(topic)
    record = EXAMPLES[topic]
    assert fastavro.validation.validate(record, fastavro.parse_schema(schema))
    assert decode(encode(record, schema), schema) == record


@pytest.mark.parametrize("topic", sorted(load_topics()))
def test_generated_examples_round_trip(topic):
    schema = load_schema(topic)
    data = example_data(schema)
    assert len(data) >= 2
    for datum in data:
        assert decode(encode(datum, schema), schema) == datum


def test_omitted_optional_fields_take_their_defaults_when_written():
    record = {k: v for k, v in EXAMPLES[Topic.PREFERENCES].items() if k in ("user_id", "updated_at")}
    decoded = decode(encode(record, load_schema(Topic.PREFERENCES)), load_schema(Topic.PREFERENCES))
    assert decoded["step_goal"] == 8000
    assert decoded["snoozed_until"] is None
    assert decoded["nudge_opt_outs"] == []
    assert decoded["nudges_enabled"] is True


@pytest.mark.parametrize(
    ("topic", "field", "bad"),
    [
        (Topic.READINGS, "metric", "blood_sugar"),  # not in the Metric vocabulary
        (Topic.ANOMALIES, "severity", "urgent"),
        (Topic.NUDGES, "trigger", "hydration"),
        (Topic.READINGS, "measured_at", "2026-11-25T07:55:00-05:00"),  # times are epoch millis, not ISO text
        (Topic.CHAT_TURNS, "message_ciphertext", "plain text"),  # text only as ciphertext bytes
        (Topic.NUDGES, "variant", None),  # required
    ],
)
def test_records_outside_the_contract_are_refused(topic, field, bad):
    record = {**EXAMPLES[topic], field: bad}
    with pytest.raises(ValidationError):
        fastavro.validation.validate(record, fastavro.parse_schema(load_schema(topic)))
