import hashlib
import json

import pytest
from audit_samples import IDENTIFYING, READING_ID, USER_ID, T, all_records

from services.audit.domain.deidentify import (
    ANALYTICS_FIELDS,
    age_band,
    bp_category,
    coarsen_hour,
    deidentify,
    pseudonym,
    value_band,
)
from services.audit.domain.vocab import UnmappableRecord, UnsupportedTopic

KEY = b"k" * 32
OTHER_KEY = b"o" * 32
HOUR = 3_600_000


@pytest.fixture
def records():
    return all_records()


def test_pseudonym_is_stable_per_key_and_differs_across_keys():
    assert pseudonym(USER_ID, KEY) == pseudonym(USER_ID, KEY)
    assert pseudonym(USER_ID, KEY) != pseudonym(USER_ID, OTHER_KEY)
    assert pseudonym(USER_ID, KEY) != pseudonym("u-other", KEY)
    assert len(pseudonym(USER_ID, KEY)) == 64


def test_pseudonym_is_not_a_plain_hash_of_the_id():
    plain = hashlib.sha256(USER_ID.encode()).hexdigest()
    assert pseudonym(USER_ID, KEY) != plain
    assert USER_ID not in pseudonym(USER_ID, KEY)


def test_short_or_missing_key_is_refused():
    with pytest.raises(ValueError, match="at least 32 bytes"):
        pseudonym(USER_ID, b"short")
    with pytest.raises(ValueError, match="at least 32 bytes"):
        deidentify("nudges.v1", {}, key=b"", birth_year=None, now_year=2026)


@pytest.mark.parametrize(
    ("birth_year", "band"),
    [
        (2026 - 17, "<18"),
        (2026 - 18, "18-29"),
        (2026 - 29, "18-29"),
        (2026 - 30, "30-39"),
        (2026 - 45, "40-49"),
        (2026 - 79, "70-79"),
        (2026 - 80, "80+"),
        (2026 - 104, "80+"),
        (None, None),
        (2027, None),
        (1850, None),
    ],
)
def test_age_band_edges(birth_year, band):
    assert age_band(birth_year, 2026) == band


def test_coarsen_hour_floors_to_the_utc_hour():
    hour_start = 1_795_608_000_000  # 2026-11-25T12:00:00Z
    assert coarsen_hour(hour_start) == hour_start
    assert coarsen_hour(hour_start + 1) == hour_start
    assert coarsen_hour(hour_start + HOUR - 1) == hour_start
    assert coarsen_hour(hour_start + HOUR) == hour_start + HOUR


@pytest.mark.parametrize(
    ("systolic", "diastolic", "category"),
    [
        (119, 79, "normal"),
        (120, 79, "elevated"),
        (129, 79, "elevated"),
        (130, 70, "stage_1_hypertension"),
        (118, 80, "stage_1_hypertension"),
        (139, 89, "stage_1_hypertension"),
        (140, 70, "stage_2_hypertension"),
        (125, 90, "stage_2_hypertension"),
        (180, 120, "stage_2_hypertension"),
        (181, 100, "hypertensive_crisis"),
        (150, 121, "hypertensive_crisis"),
    ],
)
def test_bp_category_2017_acc_aha(systolic, diastolic, category):
    assert bp_category(systolic, diastolic) == category


@pytest.mark.parametrize(
    ("metric", "value", "band"),
    [
        ("steps", {"count": 1999}, "<2k"),
        ("steps", {"count": 2000}, "2k-5k"),
        ("steps", {"count": 7499}, "5k-7.5k"),
        ("steps", {"count": 7500}, "7.5k-10k"),
        ("steps", {"count": 10_000}, "10k+"),
        ("sleep", {"duration_min": 299}, "<5h"),
        ("sleep", {"duration_min": 300}, "5-6h"),
        ("sleep", {"duration_min": 419}, "6-7h"),
        ("sleep", {"duration_min": 420}, "7-9h"),
        ("sleep", {"duration_min": 540}, "9h+"),
        ("heart_rate", {"bpm": 49}, "<50"),
        ("heart_rate", {"bpm": 72}, "60-79"),
        ("heart_rate", {"bpm": 100}, "100-119"),
        ("heart_rate", {"bpm": 210}, "120+"),
        ("weight", {"kg": 81.4}, None),
        ("heart_rate", {"bpm": None}, None),
    ],
)
def test_value_bands(metric, value, band):
    assert value_band(metric, value) == band


def test_every_topic_yields_exactly_the_analytics_shape(records):
    out = {}
    for topic, record in records:
        event = deidentify(topic, record, key=KEY, birth_year=1971, now_year=2026)
        if topic == "audit.v1":
            assert event is None
            continue
        assert event is not None
        assert tuple(event) == ANALYTICS_FIELDS
        assert event["pseudonym"] == pseudonym(USER_ID, KEY)
        assert event["age_band"] == "50-59"
        assert event["occurred_hour"] % HOUR == 0
        assert T - 2 * HOUR < event["occurred_hour"] <= T
        out.setdefault(event["event_type"], []).append(event)
    assert set(out) == {"reading", "rejected_reading", "anomaly", "nudge", "chat_turn", "emergency"}
    assert [(e["metric"], e["band"]) for e in out["reading"]] == [
        ("blood_pressure", "stage_1_hypertension"),
        ("heart_rate", "60-79"),
        ("steps", "7.5k-10k"),
        ("sleep", "6-7h"),
        ("weight", None),
    ]
    assert out["rejected_reading"][0]["metric"] == "blood_pressure"
    assert (out["anomaly"][0]["kind"], out["anomaly"][0]["severity"]) == ("threshold", "critical")
    assert out["nudge"][0]["trigger"] == "step_goal"
    assert out["chat_turn"][0]["chat_kind"] == "emergency"


def test_no_identifying_string_survives_deidentification(records):
    events = [deidentify(t, r, key=KEY, birth_year=1971, now_year=2026) for t, r in records]
    text = json.dumps(events)
    for secret in IDENTIFYING:
        assert secret not in text, secret
    # Nor any exact value, exact time or UTC offset of the sources (hex ids aside, which may hold any digits).
    plain = json.dumps(
        [{k: v for k, v in e.items() if k not in ("event_id", "pseudonym")} for e in events if e is not None]
    ).replace(str(coarsen_hour(T)), "")
    for exact in ("128", "192", "8421", "412", "81.4", "0.91", str(T), str(T - 300_000), "-300"):
        assert exact not in plain, exact
    # Nor a plain (unkeyed) hash of the identifiers.
    for secret in IDENTIFYING:
        assert hashlib.sha256(secret.encode()).hexdigest() not in text


def test_event_id_is_stable_distinct_and_unlinkable(records):
    reading = next(r for t, r in records if t == "readings.v1")
    first = deidentify("readings.v1", reading, key=KEY, birth_year=None, now_year=2026)
    again = deidentify("readings.v1", dict(reading), key=KEY, birth_year=None, now_year=2026)
    other = deidentify(
        "readings.v1", reading | {"reading_id": "r-2"}, key=KEY, birth_year=None, now_year=2026
    )
    assert first is not None
    assert again is not None
    assert other is not None
    assert first["event_id"] == again["event_id"] != other["event_id"]
    assert first["event_id"] != first["pseudonym"]
    assert first["event_id"] not in {
        hashlib.sha256(READING_ID.encode()).hexdigest(),
        pseudonym(READING_ID, KEY),
        pseudonym(f"readings.v1/{USER_ID}/{READING_ID}", KEY),
    }


def test_rejection_without_own_id_uses_the_source_key(records):
    rejected = next(r for t, r in records if t == "readings.rejected.v1") | {"reading_id": None}
    with pytest.raises(UnmappableRecord):
        deidentify("readings.rejected.v1", rejected, key=KEY, birth_year=None, now_year=2026)
    a = deidentify(
        "readings.rejected.v1", rejected, key=KEY, birth_year=None, now_year=2026, source_key="t:1:5"
    )
    b = deidentify(
        "readings.rejected.v1", rejected, key=KEY, birth_year=None, now_year=2026, source_key="t:1:6"
    )
    assert a is not None
    assert b is not None
    assert a["event_id"] != b["event_id"]
    anonymous = rejected | {"user_id": None}
    assert deidentify("readings.rejected.v1", anonymous, key=KEY, birth_year=None, now_year=2026) is None


def test_values_outside_the_vocabulary_are_refused_not_forwarded(records):
    nudge = next(r for t, r in records if t == "nudges.v1")
    with pytest.raises(UnmappableRecord):
        deidentify("nudges.v1", nudge | {"trigger": "call Margaret"}, key=KEY, birth_year=None, now_year=2026)
    rejected = next(r for t, r in records if t == "readings.rejected.v1")
    weird = rejected | {"payload": '{"metric": "my secret diary"}'}
    event = deidentify("readings.rejected.v1", weird, key=KEY, birth_year=None, now_year=2026)
    assert event is not None
    assert event["metric"] is None
    with pytest.raises(UnsupportedTopic):
        deidentify("preferences.v1", {"user_id": USER_ID}, key=KEY, birth_year=None, now_year=2026)
