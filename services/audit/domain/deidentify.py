"""De-identification of domain events into the ``analytics.v1`` AnalyticsEvent shape.

What leaves: a keyed pseudonym, an age band, the UTC hour, and enum symbols or value bands. What never
leaves: user/device/reading/conversation ids, names, emails, message text, titles, categories, exact
values, exact times, UTC offsets. Every enum field is checked against the vocabulary, so a producer that
puts free text into an enum-like field is refused instead of leaking it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from typing import Any, Final

from services.audit.domain.events import own_event_key
from services.audit.domain.vocab import (
    ANOMALIES,
    ANOMALY_KINDS,
    AUDIT,
    CHAT_KINDS,
    CHAT_TURNS,
    EMERGENCIES,
    METRICS,
    NUDGE_TRIGGERS,
    NUDGES,
    READINGS,
    READINGS_REJECTED,
    SEVERITIES,
    UnmappableRecord,
    UnsupportedTopic,
)
from services.common.clinical import bp_category

ANALYTICS_FIELDS: Final = (
    "event_id",
    "event_type",
    "pseudonym",
    "age_band",
    "occurred_hour",
    "metric",
    "band",
    "kind",
    "severity",
    "trigger",
    "chat_kind",
)

# RFC 2104 section 3: a key shorter than the hash output (32 bytes for SHA-256) weakens the MAC.
MIN_KEY_BYTES: Final = 32
# Domain separation: event ids are MACed under a key derived from the pseudonym key, so an event id can
# never equal (or be correlated with) a pseudonym even if a source id equals a user id.
_EVENT_ID_LABEL: Final = b"heartwise.analytics.v1/event_id"
HOUR_MS: Final = 3_600_000

# Topics the audit service consumes but never forwards to analysts: access events describe who looked at
# whose data and name staff; they stay in the audit log.
NOT_FOR_ANALYTICS: Final = frozenset({AUDIT})


def pseudonym(user_id: str, key: bytes) -> str:
    """Keyed HMAC-SHA-256 (hex) of a user id: stable per key, unlinkable without it.

    A plain SHA-256 of the id is NOT enough: user ids are short, structured and enumerable ("u-123"), so
    anyone can hash every candidate id and look the digest up (a dictionary attack) and the "pseudonym" is
    the id again. Keyed with a secret the analysts never hold, the same attack needs the key. The key comes
    from the audit service's settings (never a literal); rotating it means re-keying the stream: a new key
    yields new pseudonyms from that point, so old and new analytics data can't be joined across the
    rotation unless analysts are given a re-keyed export.
    """
    _check_key(key)
    if not isinstance(user_id, str) or not user_id:
        raise UnmappableRecord("user_id must be a non-empty string")
    return hmac.new(key, user_id.encode("utf-8"), hashlib.sha256).hexdigest()


def analytics_event_id(source_key: str, key: bytes) -> str:
    """Stable per source event (for consumer dedup), not linkable to the reading/turn/etc. id."""
    _check_key(key)
    sub_key = hmac.new(key, _EVENT_ID_LABEL, hashlib.sha256).digest()
    return hmac.new(sub_key, source_key.encode("utf-8"), hashlib.sha256).hexdigest()


# Age bands: ten-year bands, top-coded at 80 (stricter than HIPAA Safe Harbor's 90+, 45 CFR 164.514(b)(2))
# and everything under 18 in one band. Age is now_year - birth_year: without a birth date, this is the age
# reached on this year's birthday, at most one year high.
ADULT_AGE: Final = 18
TOP_CODED_AGE: Final = 80
MAX_PLAUSIBLE_AGE: Final = 130


def age_band(birth_year: int | None, now_year: int) -> str | None:
    """``"<18"``, ``"18-29"``, ``"30-39"``, ..., ``"70-79"``, ``"80+"``; ``None`` if unknown/implausible."""
    if birth_year is None:
        return None
    age = now_year - birth_year
    if age < 0 or age > MAX_PLAUSIBLE_AGE:
        return None
    if age < ADULT_AGE:
        return "<18"
    if age >= TOP_CODED_AGE:
        return "80+"
    if age < 30:
        return "18-29"
    low = age // 10 * 10
    return f"{low}-{low + 9}"


def coarsen_hour(ms: int) -> int:
    """Floor epoch milliseconds to the start of its UTC hour."""
    return ms - ms % HOUR_MS


def _band(value: float, edges: tuple[tuple[float, str], ...], top: str) -> str:
    """The label of the first half-open band [.., upper) holding value, else ``top``."""
    for upper, label in edges:
        if value < upper:
            return label
    return top


# Steps per reading's interval (a daily total from most devices). Bands follow the common 2k/5k/7.5k/10k
# activity steps (Tudor-Locke & Bassett, Sports Med 2004;34:1-8: <5,000 sedentary ... >=10,000 active).
STEP_BANDS: Final = ((2_000, "<2k"), (5_000, "2k-5k"), (7_500, "5k-7.5k"), (10_000, "7.5k-10k"))
STEP_TOP: Final = "10k+"
# Sleep per night, minutes. 7-9 h is the adult recommendation (AASM/SRS consensus, Watson et al. 2015).
SLEEP_BANDS: Final = ((300, "<5h"), (360, "5-6h"), (420, "6-7h"), (540, "7-9h"))
SLEEP_TOP: Final = "9h+"
# Heart rate, bpm. 60-100 is the AHA normal resting range; split to keep resolution inside it.
HR_BANDS: Final = ((50, "<50"), (60, "50-59"), (80, "60-79"), (100, "80-99"), (120, "100-119"))
HR_TOP: Final = "120+"


def value_band(metric: str, value: Mapping[str, Any]) -> str | None:
    """The analytics band of a reading's value; ``None`` for weight (omitted: no height, so no BMI, and an
    exact-ish weight is quasi-identifying) or when the metric's value fields are missing."""
    if metric == "blood_pressure":
        systolic, diastolic = _num(value, "systolic"), _num(value, "diastolic")
        if systolic is None or diastolic is None:
            return None
        return bp_category(systolic, diastolic).value
    if metric == "heart_rate":
        bpm = _num(value, "bpm")
        return None if bpm is None else _band(bpm, HR_BANDS, HR_TOP)
    if metric == "steps":
        count = _num(value, "count")
        return None if count is None else _band(count, STEP_BANDS, STEP_TOP)
    if metric == "sleep":
        minutes = _num(value, "duration_min")
        return None if minutes is None else _band(minutes, SLEEP_BANDS, SLEEP_TOP)
    return None


def deidentify(
    topic: str,
    record: Mapping[str, Any],
    *,
    key: bytes,
    birth_year: int | None,
    now_year: int,
    source_key: str | None = None,
) -> dict[str, Any] | None:
    """The AnalyticsEvent for a domain record, or ``None`` when it must not go to analytics.

    ``None`` for audit.v1 access events, and for a rejected reading without a user id (nothing to
    pseudonymise; the audit log still holds it). ``birth_year`` comes from the user's preferences.
    ``event_id`` is derived from the record's own id (``events.own_event_key``); only a record without one
    (a rejection without reading id) uses ``source_key``, so callers may always pass
    ``events.event_key(topic, partition, offset, record)``: it is the same key.
    Raises ``UnsupportedTopic`` for topics the audit service doesn't consume and ``UnmappableRecord`` for
    malformed records or values outside the vocabulary.
    """
    _check_key(key)
    if topic in NOT_FOR_ANALYTICS:
        return None
    build = _BUILDERS.get(topic)
    if build is None:
        raise UnsupportedTopic(topic)
    user_id = record.get("user_id")
    if topic == READINGS_REJECTED and not user_id:
        return None
    if not isinstance(user_id, str) or not user_id:
        raise UnmappableRecord("user_id must be a non-empty string")
    specific = build(record)
    source = own_event_key(topic, record) or source_key
    if source is None:
        raise UnmappableRecord("record has no own id; pass source_key (the Kafka coordinates)")
    event = dict.fromkeys(ANALYTICS_FIELDS)
    event.update(
        event_id=analytics_event_id(source, key),
        pseudonym=pseudonym(user_id, key),
        age_band=age_band(birth_year, now_year),
        **specific,
    )
    return event


def _reading(r: Mapping[str, Any]) -> dict[str, Any]:
    metric = _enum(r, "metric", METRICS)
    value = r.get("value")
    return {
        "event_type": "reading",
        "occurred_hour": coarsen_hour(_ms(r, "measured_at")),
        "metric": metric,
        "band": value_band(metric, value) if isinstance(value, Mapping) else None,
    }


def _rejected(r: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "event_type": "rejected_reading",
        "occurred_hour": coarsen_hour(_ms(r, "rejected_at")),
        "metric": _rejected_metric(r.get("payload")),
    }


def _rejected_metric(payload: Any) -> str | None:
    """The metric named in a rejected JSON payload, only if it is a known symbol (never payload text)."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", errors="replace")
    if not isinstance(payload, str):
        return None
    try:
        parsed = json.loads(payload)
    except ValueError:
        return None
    metric = parsed.get("metric") if isinstance(parsed, dict) else None
    return metric if isinstance(metric, str) and metric in METRICS else None


def _anomaly(r: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "event_type": "anomaly",
        "occurred_hour": coarsen_hour(_ms(r, "detected_at")),
        "metric": _enum(r, "metric", METRICS),
        "kind": _enum(r, "kind", ANOMALY_KINDS),
        "severity": _enum(r, "severity", SEVERITIES),
    }


def _nudge(r: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "event_type": "nudge",
        "occurred_hour": coarsen_hour(_ms(r, "created_at")),
        "trigger": _enum(r, "trigger", NUDGE_TRIGGERS),
    }


def _chat_turn(r: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "event_type": "chat_turn",
        "occurred_hour": coarsen_hour(_ms(r, "created_at")),
        "chat_kind": _enum(r, "kind", CHAT_KINDS),
    }


def _emergency(r: Mapping[str, Any]) -> dict[str, Any]:
    # The category/signals (e.g. self-harm) are sensitive and not in the AnalyticsEvent shape: only the
    # fact and hour of an escalation leave.
    return {
        "event_type": "emergency",
        "occurred_hour": coarsen_hour(_ms(r, "created_at")),
    }


_BUILDERS: Final[Mapping[str, Callable[[Mapping[str, Any]], dict[str, Any]]]] = {
    READINGS: _reading,
    READINGS_REJECTED: _rejected,
    ANOMALIES: _anomaly,
    NUDGES: _nudge,
    CHAT_TURNS: _chat_turn,
    EMERGENCIES: _emergency,
}


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the pseudonym key must be at least {MIN_KEY_BYTES} bytes")


def _enum(r: Mapping[str, Any], name: str, allowed: frozenset[str]) -> str:
    value = r.get(name)
    if not isinstance(value, str) or value not in allowed:
        raise UnmappableRecord(f"{name} must be one of {sorted(allowed)}")
    return value


def _ms(r: Mapping[str, Any], name: str) -> int:
    value = r.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UnmappableRecord(f"{name} must be non-negative epoch milliseconds")
    return value


def _num(value: Mapping[str, Any], name: str) -> float | None:
    v = value.get(name)
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v)
