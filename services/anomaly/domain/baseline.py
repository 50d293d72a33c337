"""Personal-baseline outlier rule: is this value far from *this user's* usual level?

Per quantity the state holds `[n, mean, var]`: an exponentially weighted mean and variance (West 1979 /
Welford-style incremental update). While `n` is small the weight is `1/(n+1)`, i.e. the exact running
mean and population variance, so the first readings count equally; afterwards the weight is
`baseline_alpha` (memory ≈ 19 readings), so the baseline follows slow real change.

Robustness — one wild value never poisons the baseline:
- the update is winsorised: once `baseline_clip_from_n` readings exist, the value is clipped to
  `mean ± baseline_clip_z·SD` before it enters the mean and variance (Huber-type), so one 250 mmHg reading
  moves a 120 mmHg baseline (SD 5) by at most α·2·SD = 1 mmHg instead of α·130 = 13 mmHg;
- a genuine lasting shift still gets through: every clipped update also widens the variance a little
  (×(1−α)(1+α·z²) ≈ 1.26 per clipped reading), so the clip bound grows and the baseline catches up
  within ~10–20 readings.

Verdict: only once `baseline_min_history` readings exist; an outlier needs |z| ≥ `outlier_z` with the SD
floored at the quantity's `min_sd`, AND a distance of at least `min_abs_dev` (so a very steady user is not
told about 3 mmHg). Severity `info`, or `review` from `outlier_review_z`. The verdict uses the baseline
*before* this reading is folded in.
"""

from __future__ import annotations

from typing import Any

from services.anomaly.domain.records import INFO, OUTLIER, REVIEW, Anomaly, fmt, reading_anomaly
from services.anomaly.domain.rules import AnomalyRules, BaselineSpec

# Which value fields of which metric feed which baseline (structure, not clinical numbers).
# The baseline key is the value field name, except for steps (only daily totals are comparable).
METRIC_FEATURES: dict[str, tuple[tuple[str, str], ...]] = {
    "blood_pressure": (("systolic", "systolic"), ("diastolic", "diastolic")),
    "heart_rate": (("bpm", "bpm"),),
    "weight": (("kg", "kg"),),
    "sleep": (("duration_min", "duration_min"),),
    "steps": (("steps_daily", "count"),),
}

# baseline key → (words for a message, unit, category stem)
_LABELS: dict[str, tuple[str, str, str]] = {
    "systolic": ("systolic blood pressure", "mmHg", "systolic"),
    "diastolic": ("diastolic blood pressure", "mmHg", "diastolic"),
    "bpm": ("heart rate", "bpm", "heart_rate"),
    "kg": ("weight", "kg", "weight"),
    "duration_min": ("sleep duration", "minutes", "sleep_duration"),
    "steps_daily": ("daily step count", "steps", "daily_steps"),
}

Entry = list[Any]  # [n: int, mean: float, var: float]


def outlier_score(entry: Entry | None, x: float, spec: BaselineSpec, rules: AnomalyRules) -> float:
    """Signed z-score of `x` when it is an outlier against an established baseline, else 0.0."""
    if entry is None or entry[0] < rules.baseline_min_history:
        return 0.0
    dev = x - entry[1]
    if -spec.min_abs_dev < dev < spec.min_abs_dev:
        return 0.0
    sd = entry[2] ** 0.5
    if sd < spec.min_sd:
        sd = spec.min_sd
    z: float = dev / sd
    return z if (z >= rules.outlier_z or z <= -rules.outlier_z) else 0.0


def update_baseline(entry: Entry | None, x: float, spec: BaselineSpec, rules: AnomalyRules) -> Entry:
    """A new `[n, mean, var]` with `x` folded in (winsorised); `entry` itself is not modified."""
    if entry is None:
        return [1, float(x), 0.0]
    n, mean, var = entry
    alpha = 1.0 / (n + 1)
    if alpha < rules.baseline_alpha:
        alpha = rules.baseline_alpha
    if n >= rules.baseline_clip_from_n:
        sd = var**0.5
        if sd < spec.min_sd:
            sd = spec.min_sd
        bound = rules.baseline_clip_z * sd
        if x > mean + bound:
            x = mean + bound
        elif x < mean - bound:
            x = mean - bound
    diff = x - mean
    incr = alpha * diff
    return [n + 1 if n < rules.baseline_count_cap else n, mean + incr, (1.0 - alpha) * (var + diff * incr)]


def baseline_mean(entry: Entry | None, rules: AnomalyRules) -> float | None:
    """The user's usual level of a quantity, once established, else None."""
    if entry is None or entry[0] < rules.baseline_min_history:
        return None
    return float(entry[1])


def build_outlier_anomaly(
    reading: dict[str, Any], feature: str, x: float, z: float, mean: float, now_ms: int, rules: AnomalyRules
) -> Anomaly:
    words, unit, stem = _LABELS[feature]
    direction = "above" if z > 0 else "below"
    return reading_anomaly(
        reading,
        kind=OUTLIER,
        severity=REVIEW if abs(z) >= rules.outlier_review_z else INFO,
        category=f"{stem}_{direction}_baseline",
        message=(
            f"This {words} reading ({fmt(x)} {unit}) is well {direction} your usual level (about {fmt(mean)} "
            f"{unit} over your recent readings). A single reading can be off, so consider measuring again; "
            "if it stays like this, mention it to your clinician."
        ),
        observed_value=x,
        baseline_value=round(mean, 2),
        now_ms=now_ms,
    )
