"""Reference (guideline) numbers the assistant may state as general information, each with its source.

The numeric-grounding guard lets a reply mention these only as references ("below 120/80", "7-9 hours is
recommended"), never as a value of the user's data; everything said about the user must come from their data.
"""

from __future__ import annotations

from services.common import clinical

# Blood pressure categories, mmHg: services.common.clinical (2017 ACC/AHA), the boundaries quoted here.
BP_REFERENCE_MMHG = (80, 89, 90, 120, 129, 130, 139, 140, 180)
BP_REFERENCE_PAIRS = ((120, 80), (130, 80), (130, 90), (139, 89), (140, 90), (180, 120))
# Normal adult resting heart rate, bpm (American Heart Association).
RESTING_HR_REFERENCE_BPM = (60, 100)
# Adult sleep, hours per night: at least 7 (AASM/SRS consensus 2015); 7-9 recommended (National Sleep Foundation 2015).
SLEEP_REFERENCE_HOURS = (7, 8, 9)
# Physical activity per week, minutes: 150 moderate or 75 vigorous (AHA; US Physical Activity Guidelines 2018).
ACTIVITY_REFERENCE_MIN_PER_WEEK = (75, 150)
# A common daily step target people quote; the user's own goal comes from their preferences.
STEP_REFERENCE = (10_000,)
# Sit quietly for 5 minutes before a home blood-pressure reading (AHA home monitoring guidance).
BP_MEASUREMENT_REST_MIN = (5,)
# Emergency and crisis lines: 911 (US emergency), 988 (Suicide & Crisis Lifeline), 112/999 (EU/UK emergency).
EMERGENCY_NUMBERS = (911, 988, 112, 999)

# The plan: data older than 7 days is stale; the reply says so and asks the user to sync.
STALE_DATA_DAYS = 7


# The assistant's words for the categories: a range a number falls in, never a condition the user has.
_BP_LABELS: dict[clinical.BpCategory, str] = {
    clinical.BpCategory.NORMAL: "normal",
    clinical.BpCategory.ELEVATED: "elevated",
    clinical.BpCategory.STAGE_1: "stage_1",
    clinical.BpCategory.STAGE_2: "stage_2",
    clinical.BpCategory.CRISIS: "crisis_range",
}


def bp_category(systolic: float, diastolic: float) -> str:
    """The 2017 ACC/AHA category of one reading (a description of a number, not a diagnosis)."""
    return _BP_LABELS[clinical.bp_category(systolic, diastolic)]


REFERENCE_NUMBERS: frozenset[float] = frozenset(
    float(n)
    for group in (
        BP_REFERENCE_MMHG,
        RESTING_HR_REFERENCE_BPM,
        SLEEP_REFERENCE_HOURS,
        ACTIVITY_REFERENCE_MIN_PER_WEEK,
        STEP_REFERENCE,
        BP_MEASUREMENT_REST_MIN,
    )
    for n in group
)
