"""Enum symbols the audit domain validates against.

The schemas (`schemas/*.avsc`) are the contract; these sets mirror their enums so that a value outside the
vocabulary (which could carry free text) never reaches an audit entry or the analytics stream. Services never
import each other, so this is the audit service's own copy of the vocabulary in CONTRIBUTING.md.
"""

from typing import Final

METRICS: Final = frozenset({"blood_pressure", "heart_rate", "steps", "sleep", "weight"})
ANOMALY_KINDS: Final = frozenset({"threshold", "outlier", "conflict", "stale_data"})
SEVERITIES: Final = frozenset({"info", "review", "critical"})
NUDGE_TRIGGERS: Final = frozenset({"step_goal", "bp_change", "sleep_pattern", "inactivity", "stale_data"})
CHAT_KINDS: Final = frozenset(
    {"answer", "emergency", "off_topic", "unsupported_language", "refused", "fallback", "rate_limited"}
)
OUTCOMES: Final = frozenset({"success", "denied", "error"})

# Topic names (DESIGN.md "Topics").
READINGS: Final = "readings.v1"
READINGS_REJECTED: Final = "readings.rejected.v1"
ANOMALIES: Final = "anomalies.v1"
NUDGES: Final = "nudges.v1"
CHAT_TURNS: Final = "chat.turns.v1"
EMERGENCIES: Final = "emergencies.v1"
AUDIT: Final = "audit.v1"

AUDITED_TOPICS: Final = frozenset(
    {READINGS, READINGS_REJECTED, ANOMALIES, NUDGES, CHAT_TURNS, EMERGENCIES, AUDIT}
)


class UnsupportedTopic(ValueError):
    """The topic is not one the audit service consumes."""


class UnmappableRecord(ValueError):
    """A record lacks a required field or carries a value outside the vocabulary (send it to the DLQ)."""
