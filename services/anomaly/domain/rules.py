"""Every anomaly threshold, in one place, each number named with its source.

`AnomalyRules` is a frozen dataclass so a test or a deployment can override a number with
`dataclasses.replace(DEFAULT_RULES, ...)`; the rule modules never hold numbers of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DAY_MS = 86_400_000
MINUTE_MS = 60_000


@dataclass(frozen=True, slots=True)
class BaselineSpec:
    """Outlier settings of one baselined quantity (units of that quantity)."""

    min_sd: float  # floor on the spread, so a very steady user is not flagged for trivia
    min_abs_dev: float  # smallest distance from the baseline that is worth flagging at all


@dataclass(frozen=True, slots=True)
class ConflictSpec:
    """Cross-device agreement settings of one metric."""

    window_ms: int  # two readings further apart than this are not compared
    # (value field, largest acceptable |difference|); a difference strictly above it is a conflict
    tolerances: tuple[tuple[str, float], ...]


def _default_baselines() -> Mapping[str, BaselineSpec]:
    return MappingProxyType(
        {
            # Home BP: day-to-day within-person SD is typically ~6–10 mmHg systolic, ~4–6 diastolic
            # (home BP variability literature). 20/10 mmHg is the gap ACC/AHA 2017 treats as clinically
            # meaningful (its "> 20/10 mmHg above goal" rule for starting two agents).
            "systolic": BaselineSpec(min_sd=4.0, min_abs_dev=20.0),
            "diastolic": BaselineSpec(min_sd=3.0, min_abs_dev=10.0),
            # Heart rate: engineering choice; wearables mix rest and activity, so only large jumps (25 bpm).
            "bpm": BaselineSpec(min_sd=4.0, min_abs_dev=25.0),
            # Weight: AHA heart-failure self-care advice flags a gain of 2–3 lb in a day or 5 lb (~2.3 kg)
            # in a week; 2 kg away from the usual weight is the flag line.
            "kg": BaselineSpec(min_sd=0.3, min_abs_dev=2.0),
            # Sleep duration: engineering choice; 90 min is one full sleep cycle.
            "duration_min": BaselineSpec(min_sd=20.0, min_abs_dev=90.0),
            # Daily steps (only readings covering ~one day): engineering choice, 5,000 steps ≈ 40–50 min walk.
            "steps_daily": BaselineSpec(min_sd=1000.0, min_abs_dev=5000.0),
        }
    )


def _default_conflicts() -> Mapping[str, ConflictSpec]:
    return MappingProxyType(
        {
            # ISO 81060-2 validates a cuff if its errors have mean ≤ 5 and SD ≤ 8 mmHg, and BP moves a few
            # mmHg minute to minute; 15/10 mmHg is beyond that noise and about one ACC/AHA category
            # (each spans 10 mmHg). 10 minutes: a seated repeat measurement is 1–2 minutes apart.
            "blood_pressure": ConflictSpec(
                window_ms=10 * MINUTE_MS, tolerances=(("systolic", 15.0), ("diastolic", 10.0))
            ),
            # ANSI/CTA-2065 accepts wearable HR with mean absolute % error ≤ 10 % (≤ 15 bpm up to 150 bpm).
            # Heart rate really changes by 15 bpm within minutes (standing, walking), so a 2-minute window.
            "heart_rate": ConflictSpec(window_ms=2 * MINUTE_MS, tolerances=(("bpm", 15.0),)),
            # Home scales read within ~±0.5 kg and clothing or a drink explain < 1 kg within an hour;
            # 2 kg apart within an hour is a device or entry problem (engineering choice, same 2 kg as above).
            "weight": ConflictSpec(window_ms=60 * MINUTE_MS, tolerances=(("kg", 2.0),)),
            # Consumer sleep trackers vs polysomnography: total-sleep-time bias of tens of minutes, limits of
            # agreement around ±60–90 min (wearable sleep validation studies); two trackers reporting the
            # same night (wake times ≤ 3 h apart) differing by > 90 min need the user's word.
            "sleep": ConflictSpec(window_ms=180 * MINUTE_MS, tolerances=(("duration_min", 90.0),)),
            # steps: devices count over different intervals, so two step readings are not comparable.
        }
    )


@dataclass(frozen=True, slots=True)
class AnomalyRules:
    """All thresholds of the anomaly rules. Units: mmHg, bpm, kg, minutes, steps, milliseconds."""

    # --- Blood pressure: the ACC/AHA categories are services.common.clinical (shared with audit, conversation) ---
    # Low blood pressure: below 90/60 mmHg (NHLBI / AHA "low blood pressure"); both must be low.
    bp_low_systolic: float = 90.0
    bp_low_diastolic: float = 60.0

    # --- Heart rate (also the `pulse` of a BP panel) ---
    hr_high_bpm: float = 200.0  # the plan: HR > 200 → review + disclaimer
    # Below 40 bpm: the 2018 ACC/AHA/HRS bradycardia guideline calls < 50 bpm bradycardia; 40 is the
    # brief's "very low resting HR" line (engineering choice: athletes and sleep can sit in the 40s).
    hr_low_bpm: float = 40.0

    # --- Personal baseline (exponentially weighted mean/variance with winsorised updates) ---
    baseline_alpha: float = 0.1  # EW weight: memory ≈ 2/α − 1 = 19 readings (engineering choice)
    baseline_min_history: int = 10  # no outlier verdict before 10 readings of that quantity (brief; ~1–2 weeks)
    baseline_clip_from_n: int = 3  # winsorise updates once 3 readings give a spread estimate
    baseline_clip_z: float = 2.0  # updates clipped to mean ± 2 SD (Huber-type winsorising)
    baseline_count_cap: int = 1000  # the reading count is only needed up to here; keeps state small
    # 3.5: the Iglewicz–Hoaglin (1993) robust z-score cut-off for outliers
    outlier_z: float = 3.5
    outlier_review_z: float = 7.0  # twice the outlier cut-off → severity review instead of info
    # A "daily" steps reading covers 23–25 h (DST days are 23 or 25 h long)
    steps_daily_min_interval_s: int = 23 * 3600
    steps_daily_max_interval_s: int = 25 * 3600
    baselines: Mapping[str, BaselineSpec] = field(default_factory=_default_baselines)

    # --- Cross-device conflicts ---
    conflicts: Mapping[str, ConflictSpec] = field(default_factory=_default_conflicts)
    conflict_max_devices: int = 4  # remembered devices per metric (a cuff, a watch, a scale, the app)

    # --- Stale data: the plan's "no data for 7 days" ---
    stale_after_ms: int = 7 * DAY_MS
    # Engine choice: a reading that arrives already older than that (a device uploading a backlog) is judged
    # this long (stream time) after its arrival, once the upload has settled: if the newest reading is then
    # still more than 7 days old, the user is stale now, and one anomaly says so.
    stale_backlog_settle_ms: int = 60_000


DEFAULT_RULES = AnomalyRules()
