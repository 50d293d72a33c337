"""Blood-pressure threshold rule: the 2017 ACC/AHA category of each reading (`services.common.clinical`).

Decisions:
- hypertensive crisis (> 180 and/or > 120) → `threshold`/`critical`/`hypertensive_crisis` with an
  urgent-care message (AHA's advice: symptoms → call 911; no symptoms → re-measure in 5 minutes and
  contact the clinician if still this high). The plan's "BP 250/120 → flag for review + disclaimer" is met
  and exceeded: 250 > 180 is a crisis, severity critical, and every anomaly carries the disclaimer.
- stage 2 (≥ 140 or ≥ 90) → `threshold`/`info`/`stage_2_hypertension`. One reading is not a category for
  a person: ACC/AHA base the category on the average of ≥ 2 readings on ≥ 2 occasions, so a single
  stage-2 reading is information for the nudge engine and the assistant (recheck, trend), not a review
  item. (Very high stage-2 values above 180/120 are the crisis branch, critical.)
- low (systolic < 90 with diastolic < 60) → `threshold`/`review`/`hypotension`.
- normal, elevated and stage 1 readings raise nothing here (the personal baseline still sees them).
Categories follow the vocabulary of `schemas/anomalies.v1.avsc`; they are codes for machines, the messages
never name a condition. `observed_value` is the systolic (the schema's main unit of blood_pressure), also
when only the diastolic crossed the line; the message states both numbers.
"""

from __future__ import annotations

from typing import Any

from services.anomaly.domain.records import CRITICAL, INFO, REVIEW, THRESHOLD, Anomaly, fmt, reading_anomaly
from services.anomaly.domain.rules import AnomalyRules
from services.common.clinical import BpCategory, bp_category

# BpCategory values are the `anomalies.v1` category codes (services.common.clinical, the one place of the
# ACC/AHA boundaries), so a category and the anomaly that carries it never differ. Low BP is not an ACC/AHA
# category: its code lives here.
CAT_LOW = "hypotension"


def _bp(systolic: float, diastolic: float) -> str:
    return f"{fmt(systolic)}/{fmt(diastolic)} mmHg"


def check_blood_pressure(
    reading: dict[str, Any], systolic: float, diastolic: float, now_ms: int, rules: AnomalyRules
) -> Anomaly | None:
    """The threshold anomaly of one BP reading, or None. The categories are exclusive: at most one."""
    # The category comes from `bp_category` (the one place of the boundaries); the message text is formatted
    # only in a branch that raises an anomaly: most readings raise none.
    category = bp_category(systolic, diastolic)
    if category is BpCategory.CRISIS:
        bp = _bp(systolic, diastolic)
        return reading_anomaly(
            reading,
            kind=THRESHOLD,
            severity=CRITICAL,
            category=category.value,
            message=(
                f"Your blood pressure reading of {bp} is very high. If you have chest pain, shortness of "
                "breath, back pain, numbness or weakness, a change in vision or difficulty speaking, call "
                "911 or your local emergency number now. If you have none of these, rest for five minutes "
                "and measure again; if it is still this high, contact your clinician right away."
            ),
            observed_value=systolic,
            baseline_value=None,
            now_ms=now_ms,
        )
    if category is BpCategory.STAGE_2:
        bp = _bp(systolic, diastolic)
        return reading_anomaly(
            reading,
            kind=THRESHOLD,
            severity=INFO,
            category=category.value,
            message=(
                f"Your blood pressure reading of {bp} is in the range the American Heart Association calls "
                "stage 2 high blood pressure. One reading does not tell the whole story: re-measure after "
                "five minutes of quiet rest, and share your readings with your clinician."
            ),
            observed_value=systolic,
            baseline_value=None,
            now_ms=now_ms,
        )
    if category is BpCategory.NORMAL and systolic < rules.bp_low_systolic and diastolic < rules.bp_low_diastolic:
        bp = _bp(systolic, diastolic)
        return reading_anomaly(
            reading,
            kind=THRESHOLD,
            severity=REVIEW,
            category=CAT_LOW,
            message=(
                f"Your blood pressure reading of {bp} is lower than usual ranges. If you feel faint, dizzy, "
                "confused or short of breath, seek medical help now. Otherwise re-measure while seated and "
                "rested, and let your clinician know about this reading."
            ),
            observed_value=systolic,
            baseline_value=None,
            now_ms=now_ms,
        )
    return None
