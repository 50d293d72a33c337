import json

import pytest
from audit_samples import (
    ANOMALY_ID,
    AUDIT_EVENT_ID,
    CLINICIAN_ID,
    CONVERSATION_ID,
    DEVICE_ID,
    DISPLAY_NAME,
    EMAIL,
    ESCALATION_ID,
    MESSAGE_TEXT,
    NUDGE_ID,
    READING_ID,
    TURN_ID,
    USER_ID,
    T,
    all_records,
)

from services.audit.domain.chain import ChainHead, make_entry, verify_chain
from services.audit.domain.events import entry_fields, event_key, to_audit_fields
from services.audit.domain.vocab import UnmappableRecord, UnsupportedTopic


@pytest.fixture
def records():
    return all_records()


def by_topic(records, topic):
    return next(r for t, r in records if t == topic)


def test_reading_maps_to_device_ingesting_the_users_reading(records):
    f = to_audit_fields("readings.v1", by_topic(records, "readings.v1"))
    assert f == {
        "event_type": "reading",
        "actor": f"device:{DEVICE_ID}",
        "action": "reading.ingested",
        "resource": f"reading/{READING_ID}",
        "subject": USER_ID,
        "outcome": "success",
        "occurred_at": T,
    }


@pytest.mark.parametrize(
    ("topic", "actor", "action", "resource", "outcome"),
    [
        (
            "readings.rejected.v1",
            f"device:{DEVICE_ID}",
            "reading.rejected",
            f"reading/{READING_ID}",
            "denied",
        ),
        ("anomalies.v1", "service:anomaly", "anomaly.detected", f"anomaly/{ANOMALY_ID}", "success"),
        ("nudges.v1", "service:nudge-engine", "nudge.sent", f"nudge/{NUDGE_ID}", "success"),
        (
            "chat.turns.v1",
            f"user:{USER_ID}",
            "chat.turn",
            f"conversation/{CONVERSATION_ID}/turn/{TURN_ID}",
            "success",
        ),
        (
            "emergencies.v1",
            "service:conversation",
            "emergency.escalated",
            f"escalation/{ESCALATION_ID}",
            "success",
        ),
        (
            "audit.v1",
            f"clinician:{CLINICIAN_ID}",
            "escalation.read",
            f"escalation/{ESCALATION_ID}",
            "success",
        ),
    ],
)
def test_each_topic_maps_to_its_actor_action_resource(records, topic, actor, action, resource, outcome):
    f = to_audit_fields(topic, by_topic(records, topic))
    assert (f["actor"], f["action"], f["resource"], f["subject"], f["outcome"]) == (
        actor,
        action,
        resource,
        USER_ID,
        outcome,
    )


@pytest.mark.parametrize(
    ("kind", "outcome"), [("answer", "success"), ("rate_limited", "denied"), ("fallback", "error")]
)
def test_chat_turn_outcome_follows_its_kind(records, kind, outcome):
    turn = by_topic(records, "chat.turns.v1") | {"kind": kind}
    assert to_audit_fields("chat.turns.v1", turn)["outcome"] == outcome


def test_rejection_without_identifiers_still_maps(records):
    bare = by_topic(records, "readings.rejected.v1") | {
        "reading_id": None,
        "user_id": None,
        "device_id": None,
    }
    f = to_audit_fields("readings.rejected.v1", bare)
    assert (f["actor"], f["resource"], f["subject"]) == ("device:unknown", "reading/unknown", None)
    assert event_key("readings.rejected.v1", 2, 917, bare) == "readings.rejected.v1:2:917"


def test_no_free_text_reaches_an_entry(records):
    for partition, (topic, record) in enumerate(records):
        fields = entry_fields(
            topic=topic,
            partition=partition,
            offset=10,
            record=record,
            raw=b"avro-bytes",
            recorded_at=T + 1000,
        )
        text = json.dumps(make_entry(None, fields).to_dict())
        for secret in (MESSAGE_TEXT, EMAIL, DISPLAY_NAME, "192/124", "hypertensive_crisis", "chest_pain"):
            assert secret not in text, (topic, secret)


def test_event_key_prefers_own_ids_and_scopes_readings_by_user(records):
    reading = by_topic(records, "readings.v1")
    other_user = reading | {"user_id": "u-other"}
    assert event_key("readings.v1", 0, 5, reading) == event_key("readings.v1", 3, 99, reading)
    assert event_key("readings.v1", 0, 5, reading) != event_key("readings.v1", 0, 5, other_user)
    assert event_key("nudges.v1", 1, 2, by_topic(records, "nudges.v1")) == f"nudges.v1/{NUDGE_ID}"
    assert event_key("audit.v1", 1, 2, by_topic(records, "audit.v1")) == f"audit.v1/{AUDIT_EVENT_ID}"
    # Ids containing the separator can't collide.
    a = reading | {"user_id": "a/b", "reading_id": "c"}
    b = reading | {"user_id": "a", "reading_id": "b/c"}
    assert event_key("readings.v1", 0, 0, a) != event_key("readings.v1", 0, 0, b)


def test_entry_fields_build_a_verifiable_chain_on_the_recorded_day(records):
    head: ChainHead | None = None
    entries = []
    for offset, (topic, record) in enumerate(records):
        fields = entry_fields(topic=topic, partition=3, offset=offset, record=record, raw=b"x", recorded_at=T)
        entry = make_entry(head, fields)
        entries.append(entry)
        head = entry.head
    assert {e.chain_id for e in entries} == {"2026-11-25:p3"}
    assert verify_chain(entries, head=head).ok


def test_unknown_topic_and_malformed_records_are_refused(records):
    with pytest.raises(UnsupportedTopic):
        to_audit_fields("preferences.v1", {"user_id": USER_ID})
    with pytest.raises(UnmappableRecord):
        to_audit_fields("readings.v1", by_topic(records, "readings.v1") | {"device_id": None})
    with pytest.raises(UnmappableRecord):
        to_audit_fields("anomalies.v1", by_topic(records, "anomalies.v1") | {"detected_at": "today"})
    with pytest.raises(UnmappableRecord):
        to_audit_fields("audit.v1", by_topic(records, "audit.v1") | {"outcome": "fine, I think"})
