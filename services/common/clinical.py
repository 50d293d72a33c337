"""Clinical reference rules that more than one service applies (pure: numbers and functions, no I/O).

One place for each rule: the anomaly service flags readings by their blood-pressure category, the audit
service bands them for analysts, and the assistant describes them. The category names are the vocabulary of
the contracts (`anomalies.v1` category, `analytics.v1` band), so every service says the same thing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

# 2017 ACC/AHA guideline (Whelton et al., Hypertension 2018;71:e13-e115), mmHg: normal < 120/80; elevated
# 120-129 and < 80; stage 1 130-139 or 80-89; stage 2 >= 140 or >= 90; hypertensive crisis ABOVE 180
# and/or ABOVE 120.
BP_ELEVATED_SYSTOLIC: Final = 120
BP_STAGE1_SYSTOLIC: Final = 130
BP_STAGE1_DIASTOLIC: Final = 80
BP_STAGE2_SYSTOLIC: Final = 140
BP_STAGE2_DIASTOLIC: Final = 90
BP_CRISIS_SYSTOLIC: Final = 180  # crisis when strictly above
BP_CRISIS_DIASTOLIC: Final = 120  # crisis when strictly above


class BpCategory(StrEnum):
    NORMAL = "normal"
    ELEVATED = "elevated"
    STAGE_1 = "stage_1_hypertension"
    STAGE_2 = "stage_2_hypertension"
    CRISIS = "hypertensive_crisis"


def bp_category(systolic: float, diastolic: float) -> BpCategory:
    """The category of one reading ("and/or": whichever of systolic and diastolic is higher decides).

    A description of one number, not a diagnosis: the guideline classifies a person by the average of
    readings on two or more occasions.
    """
    if systolic > BP_CRISIS_SYSTOLIC or diastolic > BP_CRISIS_DIASTOLIC:
        return BpCategory.CRISIS
    if systolic >= BP_STAGE2_SYSTOLIC or diastolic >= BP_STAGE2_DIASTOLIC:
        return BpCategory.STAGE_2
    if systolic >= BP_STAGE1_SYSTOLIC or diastolic >= BP_STAGE1_DIASTOLIC:
        return BpCategory.STAGE_1
    if systolic >= BP_ELEVATED_SYSTOLIC:
        return BpCategory.ELEVATED  # diastolic < 80 here, or it would be stage 1
    return BpCategory.NORMAL
