"""Heart-rate threshold rule, for `heart_rate.bpm` and for the `pulse` of a blood-pressure panel.

HR > 200 bpm → `threshold`/`review`/`tachycardia` (the plan: review + disclaimer); HR < 40 bpm →
`threshold`/`review`/`bradycardia`. 200 and 40 themselves raise nothing (numbers in `rules.py`).
Categories are the schema's codes; the messages describe the number, never a condition.
"""

from __future__ import annotations

from typing import Any

from services.anomaly.domain.records import REVIEW, THRESHOLD, Anomaly, fmt, reading_anomaly
from services.anomaly.domain.rules import AnomalyRules

CAT_HIGH = "tachycardia"
CAT_LOW = "bradycardia"


def check_heart_rate(reading: dict[str, Any], bpm: float, now_ms: int, rules: AnomalyRules) -> Anomaly | None:
    """The threshold anomaly of one heart-rate (or BP pulse) value, or None."""
    if bpm > rules.hr_high_bpm:
        return reading_anomaly(
            reading,
            kind=THRESHOLD,
            severity=REVIEW,
            category=CAT_HIGH,
            message=(
                f"A heart rate of {fmt(bpm)} beats per minute was recorded, which is very high. If you have "
                "chest pain, shortness of breath, fainting or feel unwell, call 911 or your local emergency "
                "number now. Otherwise rest, measure again in a few minutes, and let your clinician know."
            ),
            observed_value=bpm,
            baseline_value=None,
            now_ms=now_ms,
        )
    if bpm < rules.hr_low_bpm:
        return reading_anomaly(
            reading,
            kind=THRESHOLD,
            severity=REVIEW,
            category=CAT_LOW,
            message=(
                f"A heart rate of {fmt(bpm)} beats per minute was recorded, which is very low. This can be "
                "normal for some people, for example during sleep or in trained athletes. If you feel faint, "
                "dizzy, short of breath or unusually tired, seek medical help; otherwise mention it to your "
                "clinician."
            ),
            observed_value=bpm,
            baseline_value=None,
            now_ms=now_ms,
        )
    return None
