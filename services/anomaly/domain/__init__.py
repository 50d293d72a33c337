"""Pure anomaly rules of the anomaly service: no I/O, no Kafka, no clock reads (`now_ms` is passed in)."""

from services.anomaly.domain.evaluate import STATE_VERSION, evaluate_reading, new_state
from services.anomaly.domain.ids import anomaly_id
from services.anomaly.domain.records import DISCLAIMER
from services.anomaly.domain.rules import DEFAULT_RULES, AnomalyRules, BaselineSpec, ConflictSpec
from services.anomaly.domain.staleness import (
    build_stale_anomaly,
    evaluate_staleness,
    mark_stale_fired,
    next_stale_due_at,
    should_fire_stale,
    stale_due_at,
)

__all__ = [
    "DEFAULT_RULES",
    "DISCLAIMER",
    "STATE_VERSION",
    "AnomalyRules",
    "BaselineSpec",
    "ConflictSpec",
    "anomaly_id",
    "build_stale_anomaly",
    "evaluate_reading",
    "evaluate_staleness",
    "mark_stale_fired",
    "new_state",
    "next_stale_due_at",
    "should_fire_stale",
    "stale_due_at",
]
