"""Every number and code the reading validator uses, in one place.

Each bound is named and carries the source of the number in a short comment. Bounds reject device
malfunction (BP 0/0, systolic <= diastolic, values outside what a body or a consumer device can produce)
and ACCEPT clinically alarming but possible values (BP 250/120, HR 210): those are the anomaly
service's job to flag, not ours to drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# --- Vocabulary (DESIGN.md "Vocabulary"; CONTRIBUTING.md record shapes) -------------------------------

BLOOD_PRESSURE: Final = "blood_pressure"
HEART_RATE: Final = "heart_rate"
STEPS: Final = "steps"
SLEEP: Final = "sleep"
WEIGHT: Final = "weight"
METRICS: Final[tuple[str, ...]] = (BLOOD_PRESSURE, HEART_RATE, STEPS, SLEEP, WEIGHT)

SENSED: Final = "sensed"
SELF_REPORTED: Final = "self_reported"
SOURCES: Final[tuple[str, ...]] = (SENSED, SELF_REPORTED)
DEFAULT_SOURCE: Final = SENSED  # DESIGN.md: `source` is optional on the wire, default sensed

CHANNEL_HTTP: Final = "http"
CHANNEL_FHIR: Final = "fhir"
CHANNEL_RAW_TOPIC: Final = "raw_topic"
CHANNELS: Final[tuple[str, ...]] = (CHANNEL_HTTP, CHANNEL_FHIR, CHANNEL_RAW_TOPIC)

IMPLAUSIBLE_VALUE: Final = "implausible_value"
FUTURE_TIMESTAMP: Final = "future_timestamp"
UNKNOWN_METRIC: Final = "unknown_metric"
INVALID_VALUE: Final = "invalid_value"
# Canonical order: reasons are always reported in this order, each at most once.
REJECTION_CODES: Final[tuple[str, ...]] = (IMPLAUSIBLE_VALUE, FUTURE_TIMESTAMP, UNKNOWN_METRIC, INVALID_VALUE)

DUPLICATE: Final = "duplicate"  # set by the idempotency store in the adapters, never by the domain
LATE_DATA: Final = "late_data"
WARNING_CODES: Final[tuple[str, ...]] = (DUPLICATE, LATE_DATA)

# The nine value fields of a readings.v1 Reading, in schema order; unused ones are null.
VALUE_KEYS: Final[tuple[str, ...]] = (
    "systolic",
    "diastolic",
    "pulse",
    "bpm",
    "count",
    "interval_s",
    "duration_min",
    "efficiency",
    "kg",
)

# metric -> (required value keys, optional value keys) (DESIGN.md "Readings").
METRIC_VALUE_KEYS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    BLOOD_PRESSURE: (("systolic", "diastolic"), ("pulse",)),
    HEART_RATE: (("bpm",), ()),
    STEPS: (("count", "interval_s"), ()),
    SLEEP: (("duration_min",), ("efficiency",)),
    WEIGHT: (("kg",), ()),
}
# schemas/readings.v1.avsc types these value fields as int, the rest (duration_min, efficiency, kg) double.
# Counts must already be whole: a fractional step count or interval is a malformed value.
WHOLE_VALUE_KEYS: Final[frozenset[str]] = frozenset({"count", "interval_s"})
# mmHg and bpm are measured to 1 unit (cuffs and watches display integers); a fractional value (an average,
# a FHIR decimal) is rounded half up to the nearest whole number before the bounds are checked.
ROUNDED_VALUE_KEYS: Final[frozenset[str]] = frozenset({"systolic", "diastolic", "pulse", "bpm"})
INTEGER_VALUE_KEYS: Final[frozenset[str]] = WHOLE_VALUE_KEYS | ROUNDED_VALUE_KEYS


# --- Physiological / device bounds ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bound:
    """A closed range [low, high]; `low_exclusive` makes it (low, high]."""

    low: float
    high: float
    unit: str
    low_exclusive: bool = False

    def contains(self, x: float) -> bool:
        above = x > self.low if self.low_exclusive else x >= self.low
        return above and x <= self.high

    def describe(self) -> str:
        return f"{'(' if self.low_exclusive else '['}{self.low:g}, {self.high:g}] {self.unit}"


# VA PGHD FHIR BP profile accepts systolic 50-250 mmHg; we keep its floor (below 50 an oscillometric cuff
# cannot detect a pulse wave) but raise the ceiling to 300, the top of the cuff pressure range home
# oscillometric monitors specify (typically 0-299 mmHg), so 250 (hypertensive crisis) sits strictly inside.
SYSTOLIC_MMHG: Final = Bound(50, 300, "mmHg")
# VA PGHD profile floor of 30 mmHg. Its ceiling of 140 is too low: hypertensive emergencies (AHA 2017:
# > 180/120) present with diastolics of 140-160+, so we cap at 200, the display ceiling of home monitors.
DIASTOLIC_MMHG: Final = Bound(30, 200, "mmHg")
# Heart rate and the cuff's pulse share one bound: below ~25 bpm (deeper than the bradycardia of elite
# athletes, ~27-30 bpm, or complete heart block escape rhythms) and above ~250 bpm (fastest conducted
# SVT/atrial flutter 1:1 in adults) a reading is a sensor artefact. 210 (SVT, max effort) stays inside.
HEART_RATE_BPM: Final = Bound(25, 250, "bpm")
# Steps: a count over an interval ending at measured_at.
STEPS_COUNT: Final = Bound(0, float("inf"), "steps")  # a count is never negative; its ceiling is the cadence
# One local day is the longest aggregate we accept (LOINC 41950-7 is "in 24 hours"); 25 h so the local day
# on which daylight saving time ends (a 25-hour day) still passes.
STEPS_INTERVAL_S: Final = Bound(1, 25 * 3600, "s")
# Sustained cadence ceiling of 4 steps/s (240 steps/min): elite distance runners sustain ~180-200 steps/min
# (Daniels' 180 spm; ~3.3 steps/s); sprinters reach 4.5-5 steps/s only for seconds.
STEPS_MAX_CADENCE_PER_S: Final = 4
# Slack for those few seconds of sprint above the ceiling and for counter quantisation on short intervals.
STEPS_BURST_ALLOWANCE: Final = 10
# Sleep for the night ending at measured_at: more than nothing, at most one day (24 h = 1440 min).
SLEEP_DURATION_MIN: Final = Bound(0, 24 * 60, "min", low_exclusive=True)
# Sleep efficiency = total sleep time / time in bed (AASM scoring manual): a fraction in [0, 1].
SLEEP_EFFICIENCY: Final = Bound(0, 1, "fraction")
# 20 kg floor: a small child; lighter "users" on a bathroom scale are pets or objects. 400 kg ceiling:
# the capacity of bariatric scales (~360-450 kg); home scales stop at 150-250 kg.
WEIGHT_KG: Final = Bound(20, 400, "kg")

VALUE_BOUNDS: Final[dict[str, Bound]] = {
    "systolic": SYSTOLIC_MMHG,
    "diastolic": DIASTOLIC_MMHG,
    "pulse": HEART_RATE_BPM,
    "bpm": HEART_RATE_BPM,
    "count": STEPS_COUNT,
    "interval_s": STEPS_INTERVAL_S,
    "duration_min": SLEEP_DURATION_MIN,
    "efficiency": SLEEP_EFFICIENCY,
    "kg": WEIGHT_KG,
}

# --- Time ---------------------------------------------------------------------------------------------

MS_PER_SECOND: Final = 1000
MS_PER_MINUTE: Final = 60 * MS_PER_SECOND
MS_PER_DAY: Final = 24 * 60 * MS_PER_MINUTE
# Device clocks drift and phones sync late: a reading up to 5 minutes in the future is clock skew
# (NTP-less wearables drift seconds per day); beyond that it is rejected as future_timestamp.
FUTURE_SKEW_ALLOWANCE_MS: Final = 5 * MS_PER_MINUTE
# Older than 7 days: accepted but flagged late_data, the platform's stale-data horizon (DESIGN.md: "stale
# data after 7 days"): such a reading is history, and stream consumers must not treat it as current state.
LATE_DATA_AFTER_MS: Final = 7 * MS_PER_DAY
# Device clocks that lost power reset to 1970-01-01 (Unix epoch) or 2000-01-01 (RTC default). No connected
# consumer health device predates 2005 (Withings/Fitbit 2009), so earlier times are malfunction.
EARLIEST_MEASURED_AT_MS: Final = 1_104_537_600_000  # 2005-01-01T00:00:00Z
# UTC offsets in use span UTC-12:00 (Baker Island) to UTC+14:00 (Line Islands) (IANA tz database).
UTC_OFFSET_MIN_MIN: Final = -12 * 60
UTC_OFFSET_MAX_MIN: Final = 14 * 60
# Longest accepted timestamp text: "2026-11-25T07:55:00.123456+05:30" is 32 chars; the cap just refuses junk.
MAX_TIMESTAMP_CHARS: Final = 64

# --- Identifiers -----------------------------------------------------------------------------------------

# reading_id / user_id / device_id: 1-128 chars of letters, digits and . _ : @ | + -
# (covers UUIDs, ULIDs, FHIR ids [A-Za-z0-9.-]{1,64}, auth0-style `auth0|abc` subjects and e-mail-like ids;
# excludes whitespace, control characters, quotes and slashes so ids are safe in logs, keys and URLs).
MAX_ID_CHARS: Final = 128
ID_PATTERN: Final = rf"[A-Za-z0-9._:@|+\-]{{1,{MAX_ID_CHARS}}}"

# --- Unit conversions (FHIR input) ------------------------------------------------------------------------

KG_PER_LB: Final = 0.45359237  # international avoirdupois pound, exact by definition (1959 agreement)
MIN_PER_HOUR: Final = 60
# LOINC 41950-7 is "Number of steps in 24 hour Measured": without an effectivePeriod the interval is a day.
STEPS_LOINC_DEFAULT_INTERVAL_S: Final = 24 * 3600
