"""Numbers about one user's readings, computed only from those readings. Pure: `now_ms` is passed in.

The offline responder phrases these; the LLM orchestrator may use the same functions for its tools and for
numeric grounding, so an answer and its check agree on rounding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal

from services.conversation.orchestration import Metric, ReadingPoint

MS_PER_DAY = 86_400_000
# The plan: a user whose newest reading is older than 7 days has stale data (asked to sync).
STALE_AFTER_MS = 7 * MS_PER_DAY
# Presentation rule, not clinical: a change of the average between the two halves of a period smaller than
# this is reported as "stable" (about the day-to-day noise of home measurements of each value).
TREND_MIN_CHANGE: dict[str, float] = {
    "systolic": 3.0,  # mmHg
    "bpm": 3.0,  # beats per minute
    "count": 500.0,  # steps a day
    "duration_min": 15.0,  # minutes of sleep a night
    "kg": 0.5,  # kilograms
}
# A half of the period needs at least this many values before a trend is stated.
TREND_MIN_VALUES_PER_HALF = 2

METRICS: tuple[Metric, ...] = ("blood_pressure", "heart_rate", "steps", "sleep", "weight")
METRIC_NAMES: dict[Metric, str] = {
    "blood_pressure": "blood pressure", "heart_rate": "heart rate", "steps": "steps", "sleep": "sleep",
    "weight": "weight",
}
# As in "any step readings", "your step readings".
READING_NAMES: dict[Metric, str] = {**METRIC_NAMES, "steps": "step"}
# The value a trend follows, per metric (steps: the daily total).
MAIN_FIELD: dict[Metric, str] = {
    "blood_pressure": "systolic", "heart_rate": "bpm", "steps": "count", "sleep": "duration_min", "weight": "kg",
}
# Fields averaged per metric, and the decimals each is stated with.
AVERAGED_FIELDS: dict[Metric, tuple[tuple[str, int], ...]] = {
    "blood_pressure": (("systolic", 0), ("diastolic", 0), ("pulse", 0)),
    "heart_rate": (("bpm", 0),),
    "steps": (("count", 0),),  # per local day
    "sleep": (("duration_min", 0), ("efficiency", 2)),
    "weight": (("kg", 1),),
}

Direction = Literal["up", "down", "stable"]


@dataclass(frozen=True)
class Trend:
    field: str
    earlier: float  # average of the first half of the period, rounded as stated
    later: float  # average of the second half
    direction: Direction


@dataclass(frozen=True)
class MetricSummary:
    metric: Metric
    days: int
    count: int  # readings in the period
    latest: ReadingPoint | None  # newest reading in the period
    averages: dict[str, float] = field(default_factory=dict)  # rounded as stated
    minimum: dict[str, float] = field(default_factory=dict)
    maximum: dict[str, float] = field(default_factory=dict)
    daily_totals: dict[str, int] = field(default_factory=dict)  # steps per local day 'YYYY-MM-DD'
    trend: Trend | None = None


def round_to(value: float, decimals: int) -> float:
    """Half-up rounding as people expect it (Python's round() is half-to-even)."""
    factor = 10**decimals
    rounded = int(abs(value) * factor + 0.5) / factor
    return rounded if value >= 0 else -rounded


def format_number(value: float, decimals: int) -> str:
    if decimals == 0:
        return f"{int(round_to(value, 0)):,}"
    return f"{round_to(value, decimals):,.{decimals}f}"


def local_datetime(ms: int, utc_offset_min: int) -> datetime:
    """The instant in the given UTC offset (the datetime carries that offset)."""
    zone = UTC if utc_offset_min == 0 else timezone(timedelta(minutes=utc_offset_min))
    return datetime.fromtimestamp(ms / 1000, tz=zone)


def local_date(ms: int, utc_offset_min: int) -> str:
    return local_datetime(ms, utc_offset_min).strftime("%Y-%m-%d")


def in_period(readings: Sequence[ReadingPoint], now_ms: int, days: int) -> list[ReadingPoint]:
    since = now_ms - days * MS_PER_DAY
    return [r for r in readings if since <= r.measured_at <= now_ms]


def is_stale(newest: ReadingPoint | None, now_ms: int) -> bool:
    return newest is not None and now_ms - newest.measured_at > STALE_AFTER_MS


def days_ago(ms: int, now_ms: int) -> int:
    return max(0, (now_ms - ms) // MS_PER_DAY)


def daily_step_totals(readings: Sequence[ReadingPoint]) -> dict[str, int]:
    """Steps per local day (the day of `measured_at` in the device's offset), newest day first."""
    totals: dict[str, int] = defaultdict(int)
    for reading in readings:
        count = reading.value.get("count")
        if count is not None:
            totals[local_date(reading.measured_at, reading.utc_offset_min)] += int(count)
    return dict(sorted(totals.items(), reverse=True))


def _values(metric: Metric, readings: Sequence[ReadingPoint], name: str) -> list[tuple[int, float]]:
    """(time, value) pairs of one field; for steps the daily totals, timed at the day's last reading."""
    if metric == "steps":
        last_at: dict[str, int] = {}
        totals: dict[str, int] = defaultdict(int)
        for reading in readings:
            count = reading.value.get("count")
            if count is None:
                continue
            day = local_date(reading.measured_at, reading.utc_offset_min)
            totals[day] += int(count)
            last_at[day] = max(last_at.get(day, 0), reading.measured_at)
        return [(last_at[day], float(total)) for day, total in totals.items()]
    pairs = []
    for reading in readings:
        value = reading.value.get(name)
        if value is not None:
            pairs.append((reading.measured_at, float(value)))
    return pairs


def _trend(metric: Metric, readings: Sequence[ReadingPoint], now_ms: int, days: int) -> Trend | None:
    name = MAIN_FIELD[metric]
    decimals = dict(AVERAGED_FIELDS[metric]).get(name, 0)
    pairs = _values(metric, readings, name)
    if not pairs:
        return None
    # The halves split the span the user has data for: someone who started measuring 10 days ago and asks
    # about the last 30 days still gets a trend over those 10 days.
    start = max(now_ms - days * MS_PER_DAY, min(t for t, _v in pairs))
    midpoint = start + (now_ms - start) // 2
    earlier = [v for t, v in pairs if t < midpoint]
    later = [v for t, v in pairs if t >= midpoint]
    if len(earlier) < TREND_MIN_VALUES_PER_HALF or len(later) < TREND_MIN_VALUES_PER_HALF:
        return None
    before = round_to(sum(earlier) / len(earlier), decimals)
    after = round_to(sum(later) / len(later), decimals)
    change = after - before
    direction: Direction = "stable"
    if change >= TREND_MIN_CHANGE[name]:
        direction = "up"
    elif change <= -TREND_MIN_CHANGE[name]:
        direction = "down"
    return Trend(name, before, after, direction)


def summarise(metric: Metric, readings: Sequence[ReadingPoint], now_ms: int, days: int) -> MetricSummary:
    """Latest, averages, ranges and trend of `metric` over the `days` before `now_ms`."""
    period = sorted(in_period(readings, now_ms, days), key=lambda r: r.measured_at, reverse=True)
    averages: dict[str, float] = {}
    minimum: dict[str, float] = {}
    maximum: dict[str, float] = {}
    for name, decimals in AVERAGED_FIELDS[metric]:
        values = [v for _t, v in _values(metric, period, name)]
        if values:
            averages[name] = round_to(sum(values) / len(values), decimals)
            minimum[name] = round_to(min(values), decimals)
            maximum[name] = round_to(max(values), decimals)
    return MetricSummary(
        metric=metric, days=days, count=len(period), latest=period[0] if period else None,
        averages=averages, minimum=minimum, maximum=maximum,
        daily_totals=daily_step_totals(period) if metric == "steps" else {},
        trend=_trend(metric, period, now_ms, days),
    )
