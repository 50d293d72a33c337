"""The `anomalies.v1` Anomaly record, its vocabulary and the one disclaimer every anomaly carries."""

from __future__ import annotations

from typing import Any, Final

from services.anomaly.domain.ids import anomaly_id

# anomaly kind / severity (DESIGN.md vocabulary, exact symbols)
THRESHOLD: Final = "threshold"
OUTLIER: Final = "outlier"
CONFLICT: Final = "conflict"
STALE_DATA: Final = "stale_data"
INFO: Final = "info"
REVIEW: Final = "review"
CRITICAL: Final = "critical"

DISCLAIMER: Final = (
    "This is not a diagnosis. Heartwise points out readings worth a second look; it cannot judge your "
    "health. If a reading worries you or you feel unwell, contact your clinician. In an emergency call "
    "911 or your local emergency number."
)

Anomaly = dict[str, Any]


def make_anomaly(
    *,
    user_id: str,
    subject_key: str,
    reading_id: str | None,
    metric: str,
    kind: str,
    severity: str,
    category: str,
    message: str,
    observed_value: float | None,
    baseline_value: float | None,
    measured_at: int | None,
    detected_at: int,
    ingested_at: int | None,
) -> Anomaly:
    """Build one Anomaly with exactly the `anomalies.v1` fields; the id is derived, never random."""
    return {
        "anomaly_id": anomaly_id(user_id, subject_key, kind, category),
        "user_id": user_id,
        "reading_id": reading_id,
        "metric": metric,
        "kind": kind,
        "severity": severity,
        "category": category,
        "message": message,
        "disclaimer": DISCLAIMER,
        "observed_value": None if observed_value is None else float(observed_value),
        "baseline_value": baseline_value,
        "measured_at": measured_at,
        "detected_at": detected_at,
        "ingested_at": ingested_at,
    }


def reading_anomaly(
    reading: dict[str, Any],
    *,
    kind: str,
    severity: str,
    category: str,
    message: str,
    observed_value: float | None,
    baseline_value: float | None,
    now_ms: int,
) -> Anomaly:
    """An anomaly about one reading: ids, metric and times come from the reading.

    `detected_at` is the stream time at detection, but never earlier than the reading's `ingested_at`:
    nothing is detected before it arrived (stream time follows `measured_at`, which precedes ingestion).
    Both are in the record, so a replay yields the same value.
    """
    reading_id = reading["reading_id"]
    ingested_at = reading.get("ingested_at")
    return make_anomaly(
        user_id=reading["user_id"],
        subject_key=reading_id,
        reading_id=reading_id,
        metric=reading["metric"],
        kind=kind,
        severity=severity,
        category=category,
        message=message,
        observed_value=observed_value,
        baseline_value=baseline_value,
        measured_at=reading.get("measured_at"),
        detected_at=now_ms if ingested_at is None or ingested_at < now_ms else ingested_at,
        ingested_at=ingested_at,
    )


def fmt(x: float) -> str:
    """A number for a message: no trailing `.0`, at most one decimal."""
    r = round(x, 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"
