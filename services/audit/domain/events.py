"""Map each consumed topic's record to the who/what/whom of an audit entry.

Only identifiers and enum symbols are copied. Free text (messages, titles, bodies, details, payloads,
categories) and values never enter an entry: the whole source record is covered by ``payload_digest``
(sha256 of its bytes), so the original can be proven against the chain without the chain holding it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final
from urllib.parse import quote

from services.audit.domain.chain import chain_id, payload_digest, utc_day
from services.audit.domain.vocab import (
    ANOMALIES,
    AUDIT,
    CHAT_TURNS,
    EMERGENCIES,
    NUDGES,
    OUTCOMES,
    READINGS,
    READINGS_REJECTED,
    UnmappableRecord,
    UnsupportedTopic,
)

AuditFields = dict[str, Any]

# Chat kinds that are not a successful turn for the audit outcome.
_CHAT_OUTCOME: Final[Mapping[str, str]] = {"rate_limited": "denied", "fallback": "error"}


def to_audit_fields(topic: str, record: Mapping[str, Any]) -> AuditFields:
    """``event_type, actor, action, resource, subject, outcome, occurred_at`` for a record of ``topic``.

    Raises ``UnsupportedTopic`` for a topic the audit service doesn't consume and ``UnmappableRecord`` for a
    record missing a required field (the consumer sends it to ``<topic>.dlq``).
    """
    mapper = _MAPPERS.get(topic)
    if mapper is None:
        raise UnsupportedTopic(topic)
    return mapper(record)


def event_key(topic: str, partition: int, offset: int, record: Mapping[str, Any]) -> str:
    """The idempotency key of the audit entry for a consumed record.

    The record's own id when it has a globally unique one (``f"{topic}/{id}"``), so a producer's duplicate
    at another offset is audited once; readings' ids are only client-unique, so they are scoped by user
    (``f"readings.v1/{user_id}/{reading_id}"``). Records without an own id fall back to the Kafka
    coordinates ``f"{topic}:{partition}:{offset}"``, which are stable across consumer replays. Id parts are
    percent-encoded so an id containing ``/`` or ``:`` can't collide with another key.
    """
    own = own_event_key(topic, record)
    return own if own is not None else f"{topic}:{partition}:{offset}"


def own_event_key(topic: str, record: Mapping[str, Any]) -> str | None:
    """The own-id form of ``event_key``, or ``None`` when the record has no own id."""
    own = _own_id(topic, record)
    if own is None:
        return None
    return f"{topic}/" + "/".join(quote(part, safe="") for part in own)


def entry_fields(
    *,
    topic: str,
    partition: int,
    offset: int,
    record: Mapping[str, Any],
    raw: bytes,
    recorded_at: int,
) -> AuditFields:
    """Everything ``chain.make_entry`` needs for a consumed record (``recorded_at`` = now, passed in)."""
    return {
        **to_audit_fields(topic, record),
        "chain_id": chain_id(partition, utc_day(recorded_at)),
        "event_key": event_key(topic, partition, offset, record),
        "topic": topic,
        "recorded_at": recorded_at,
        "payload_digest": payload_digest(raw),
    }


def _own_id(topic: str, record: Mapping[str, Any]) -> tuple[str, ...] | None:
    if topic == READINGS:
        return (_str(record, "user_id"), _str(record, "reading_id"))
    if topic == READINGS_REJECTED:
        user, reading = record.get("user_id"), record.get("reading_id")
        if isinstance(user, str) and user and isinstance(reading, str) and reading:
            # A rejection of the same reading id can legitimately repeat (resent bad data), so the
            # rejection time is part of its identity.
            return (user, reading, str(_int(record, "rejected_at")))
        return None
    id_field = _ID_FIELD.get(topic)
    if id_field is None:
        raise UnsupportedTopic(topic)
    return (_str(record, id_field),)


_ID_FIELD: Final[Mapping[str, str]] = {
    ANOMALIES: "anomaly_id",
    NUDGES: "nudge_id",
    CHAT_TURNS: "turn_id",
    EMERGENCIES: "escalation_id",
    AUDIT: "event_id",
}


def _reading(r: Mapping[str, Any]) -> AuditFields:
    return _fields(
        event_type="reading",
        actor=f"device:{_str(r, 'device_id')}",
        action="reading.ingested",
        resource=f"reading/{_str(r, 'reading_id')}",
        subject=_str(r, "user_id"),
        outcome="success",
        occurred_at=_int(r, "ingested_at"),
    )


def _rejected(r: Mapping[str, Any]) -> AuditFields:
    # Every identifier is optional on a rejection (the payload may be unparseable); "unknown" keeps the
    # entry queryable without inventing an id.
    device = _opt_str(r, "device_id")
    reading = _opt_str(r, "reading_id")
    return _fields(
        event_type="rejected_reading",
        actor=f"device:{device or 'unknown'}",
        action="reading.rejected",
        resource=f"reading/{reading or 'unknown'}",
        subject=_opt_str(r, "user_id"),
        outcome="denied",
        occurred_at=_int(r, "rejected_at"),
    )


def _anomaly(r: Mapping[str, Any]) -> AuditFields:
    return _fields(
        event_type="anomaly",
        actor="service:anomaly",
        action="anomaly.detected",
        resource=f"anomaly/{_str(r, 'anomaly_id')}",
        subject=_str(r, "user_id"),
        outcome="success",
        occurred_at=_int(r, "detected_at"),
    )


def _nudge(r: Mapping[str, Any]) -> AuditFields:
    return _fields(
        event_type="nudge",
        actor="service:nudge-engine",
        action="nudge.sent",
        resource=f"nudge/{_str(r, 'nudge_id')}",
        subject=_str(r, "user_id"),
        outcome="success",
        occurred_at=_int(r, "created_at"),
    )


def _chat_turn(r: Mapping[str, Any]) -> AuditFields:
    user = _str(r, "user_id")
    return _fields(
        event_type="chat_turn",
        actor=f"user:{user}",
        action="chat.turn",
        resource=f"conversation/{_str(r, 'conversation_id')}/turn/{_str(r, 'turn_id')}",
        subject=user,
        outcome=_CHAT_OUTCOME.get(_str(r, "kind"), "success"),
        occurred_at=_int(r, "created_at"),
    )


def _emergency(r: Mapping[str, Any]) -> AuditFields:
    return _fields(
        event_type="emergency",
        actor="service:conversation",
        action="emergency.escalated",
        resource=f"escalation/{_str(r, 'escalation_id')}",
        subject=_str(r, "user_id"),
        outcome="success",
        occurred_at=_int(r, "created_at"),
    )


def _access(r: Mapping[str, Any]) -> AuditFields:
    # audit.v1 events are already in audit terms; `details` (a free-form map) stays out of the entry and is
    # covered by the payload digest.
    outcome = _str(r, "outcome")
    if outcome not in OUTCOMES:
        raise UnmappableRecord(f"outcome {outcome!r} not in {sorted(OUTCOMES)}")
    return _fields(
        event_type="access",
        actor=_str(r, "actor"),
        action=_str(r, "action"),
        resource=_str(r, "resource"),
        subject=_opt_str(r, "subject"),
        outcome=outcome,
        occurred_at=_int(r, "occurred_at"),
    )


_MAPPERS: Final[Mapping[str, Callable[[Mapping[str, Any]], AuditFields]]] = {
    READINGS: _reading,
    READINGS_REJECTED: _rejected,
    ANOMALIES: _anomaly,
    NUDGES: _nudge,
    CHAT_TURNS: _chat_turn,
    EMERGENCIES: _emergency,
    AUDIT: _access,
}


def _fields(
    *,
    event_type: str,
    actor: str,
    action: str,
    resource: str,
    subject: str | None,
    outcome: str,
    occurred_at: int,
) -> AuditFields:
    return {
        "event_type": event_type,
        "actor": actor,
        "action": action,
        "resource": resource,
        "subject": subject,
        "outcome": outcome,
        "occurred_at": occurred_at,
    }


def _str(r: Mapping[str, Any], name: str) -> str:
    value = r.get(name)
    if not isinstance(value, str) or not value:
        raise UnmappableRecord(f"{name} must be a non-empty string")
    return value


def _opt_str(r: Mapping[str, Any], name: str) -> str | None:
    value = r.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise UnmappableRecord(f"{name} must be a string or null")
    return value


def _int(r: Mapping[str, Any], name: str) -> int:
    value = r.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UnmappableRecord(f"{name} must be non-negative epoch milliseconds")
    return value
